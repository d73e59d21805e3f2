"""EinsumDense: its equation decides the output, kernel and bias shapes
(``_analyze_einsum_string`` in ``keras/src/layers/core/einsum_dense.py``, transcribed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.layers.lora import with_lora
from kerasparam_lint.libraries.keras.shape_rules import format_shape, require_min_rank

# The three accepted forms, with "..." replaced by "0" as Keras does before matching.
_FORMS = (
    (re.compile("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)"), False),
    (re.compile("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)"), True),
    (re.compile("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0"), False),
)


@dataclass(frozen=True)
class _Analysis:
    kernel: tuple[Any, ...]
    bias: tuple[Any, ...] | None
    output: tuple[Any, ...]


def _partial_output(value: Any) -> list[Any]:
    if value is UNKNOWN:
        raise CannotKnow("output_shape")
    if isinstance(value, int) and not isinstance(value, bool):
        return [value]
    if not isinstance(value, (tuple, list)):
        raise CannotKnow("output_shape")
    return list(value)


def _analyze(args: Args, input_shape: tuple) -> _Analysis:
    equation = args.equation
    if not isinstance(equation, str):
        raise CannotKnow("equation")
    replaced = re.sub(r"\.\.\.", "0", equation)
    for pattern, left_elided in _FORMS:
        match = pattern.match(replaced)
        if match:
            return _analyze_split(match, left_elided, args, input_shape)
    raise ShapeError(f"invalid einsum equation {equation!r}", "KPL304")


def _analyze_split(match: re.Match, left_elided: bool, args: Args, shape: tuple) -> _Analysis:
    input_spec, weight_spec, output_spec = match.group(1), match.group(2), match.group(3)
    elided = len(shape) - len(input_spec)
    output = _partial_output(args.output_shape)
    output.insert(0, shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output.insert(1, shape[i])
    elif elided > 0:
        output.extend(shape[len(shape) - elided :])
    if left_elided:
        input_map = {dim: i + elided - len(shape) for i, dim in enumerate(input_spec)}
        output_map = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_map = {dim: i for i, dim in enumerate(input_spec)}
        output_map = {dim: i for i, dim in enumerate(output_spec)}
    if any(not -len(shape) <= i < len(shape) for i in input_map.values()):
        raise ShapeError(
            f"einsum input spec {input_spec!r} does not fit input {format_shape(shape)}", "KPL103"
        )
    for dim in input_spec:
        if dim in output_map:
            given = output[output_map[dim]]
            if given is not None and given != shape[input_map[dim]]:
                raise ShapeError(
                    f"einsum dim {dim!r}: input has {shape[input_map[dim]]}, output_shape {given}",
                    "KPL304",
                )
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ShapeError(f"einsum output dim {dim!r} appears in no operand", "KPL304")
    kernel = []
    for dim in weight_spec:
        if dim in output_map:
            kernel.append(output[output_map[dim]])
        elif dim in input_map:
            kernel.append(shape[input_map[dim]])
        else:
            raise ShapeError(f"einsum weight dim {dim!r} is in neither input nor output", "KPL304")
    return _Analysis(
        tuple(kernel),
        _bias(args.bias_axes, output_spec, output, elided, left_elided),
        tuple(output),
    )


def _bias(
    bias_axes: Any, output_spec: str, output: list[Any], elided: int, left_elided: bool
) -> tuple[Any, ...] | None:
    """From the first bias axis on, the output's dims on bias axes and 1 elsewhere."""
    if bias_axes is None:
        return None
    if not isinstance(bias_axes, str):
        raise CannotKnow("bias_axes")
    offset = elided if left_elided else 0
    sizes = {char: output[i + offset] for i, char in enumerate(output_spec)}
    for char in bias_axes:
        if char not in output_spec:
            raise ShapeError(f"bias axis {char!r} is not in the output spec", "KPL304")
    first = min(output_spec.find(char) for char in bias_axes)
    bias = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
    if not left_elided:
        bias.extend([1] * max(elided, 0))
    return tuple(bias)


def einsum_dense_shape(args: Args, call: Call) -> Any:
    require_min_rank(call.inputs, 1, "EinsumDense")
    return _analyze(args, call.inputs).output


def einsum_dense_weights(args: Args, call: Call) -> list[WeightRow]:
    require_min_rank(call.inputs, 1, "EinsumDense")
    analysis = _analyze(args, call.inputs)
    rows = [("kernel", analysis.kernel, True)]
    if analysis.bias is not None:
        rows.append(("bias", analysis.bias, True))
    for _, shape, _ in rows:
        if any(dim is None for dim in shape):
            raise ShapeError("EinsumDense weights need every dim known", "KPL103")
    return with_lora(rows, args.lora_rank)
