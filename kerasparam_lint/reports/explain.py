"""``summary --explain``: how each layer's numbers come out, with the numbers put in.

Parameters are explained from the layer's actual weights (whatever the catalogue
built), so the text can never disagree with the count: a kernel and its bias read
``(3*3*1024 + 1) * 512``, equal-shaped vectors ``4 * 64``, anything else a sum of
products. Shapes are explained by re-running the layer's own shape rule while
:mod:`~kerasparam_lint.libraries.keras.shape_steps` records the steps the shared arithmetic
takes, so no formula is written twice.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.model import Layer, Model, Weight
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.catalogue import rerun_shape_rule
from kerasparam_lint.libraries.keras.shape_steps import Step, recording

# Spatial dimension names by rank, and the word for one of their rows.
_DIM_NAMES = {1: ("steps",), 2: ("H", "W"), 3: ("D", "H", "W")}
_DIM_UNITS = {"steps": "step", "H": "row", "W": "column", "D": "plane"}


def explain_layer(layer: Layer) -> list[str]:
    """The lines printed under the layer: its parameter formula, then its shape steps."""
    lines = []
    params = params_formula(layer)
    if params is not None:
        lines.append(params)
    lines.extend(shape_steps(layer))
    return lines


def params_formula(layer: Layer) -> str | None:
    """``Conv2D 3x3, 1024 -> 512: (3*3*1024 + 1) * 512 = 4,719,104`` (None without weights)."""
    weights = layer.all_weights()
    if weights is UNKNOWN or not weights or not _known(weights):
        return None
    total = sum(w.size for w in weights)
    if isinstance(layer, Model):
        return f"{layer.class_name}: the sum of its layers' weights = {total:,}"
    text = f"{_label(layer, weights)}: {_arithmetic(weights)} = {total:,}"
    return text + _split(layer, weights)


def _known(weights: list[Weight]) -> bool:
    return all(isinstance(d, int) and not isinstance(d, bool) for w in weights for d in w.shape)


def _factors(dims: tuple[int, ...]) -> str:
    return "*".join(str(d) for d in dims) if dims else "1"


def _arithmetic(weights: list[Weight]) -> str:
    shapes = [w.shape for w in weights]
    if len(weights) > 1 and len(set(shapes)) == 1:
        return f"{len(weights)} * {_factors(shapes[0])}"
    kernel, *vectors = shapes
    if len(kernel) >= 2 and vectors and all(len(v) == 1 and v[0] == kernel[-1] for v in vectors):
        return f"({_factors(kernel[:-1])} + {len(vectors)}) * {kernel[-1]}"
    return " + ".join(_factors(shape) for shape in shapes)


def _label(layer: Layer, weights: list[Weight]) -> str:
    """``Conv2D 3x3, 1024 -> 512`` for a windowed kernel, ``BatchNormalization(64)`` for
    equal vectors, else the class name."""
    first = weights[0].shape
    kernel_window = layer.kernel_window()
    if kernel_window:
        channels = _channels(layer)
        window = "x".join(str(d) for d in kernel_window)
        if channels is not None:
            return f"{layer.class_name} {window}, {channels[0]} -> {channels[1]}"
        return f"{layer.class_name} {window}"
    if len(weights) > 1 and all(w.shape == first for w in weights) and len(first) == 1:
        return f"{layer.class_name}({first[0]})"
    return layer.class_name


def _channels(layer: Layer) -> tuple[Any, Any] | None:
    """(input channels, output channels) of the layer's first call."""
    if not layer.inbound_nodes or not isinstance(layer.config, dict):
        return None
    node = layer.inbound_nodes[0]
    outputs = node.flat_outputs
    if len(node.inputs) != 1 or len(outputs) != 1:
        return None
    axis = 1 if layer.config.get("data_format") == "channels_first" else -1
    shape_in, shape_out = node.inputs[0].shape, outputs[0].shape
    if not isinstance(shape_in, tuple) or not isinstance(shape_out, tuple):
        return None
    return shape_in[axis], shape_out[axis]


def _split(layer: Layer, weights: list[Weight]) -> str:
    """`` (128 trainable: gamma, beta; 128 non-trainable: moving mean, ...)`` when mixed."""
    trainable = layer.trainable_weights()
    if trainable is UNKNOWN:
        return ""
    trained = [w for w in weights if any(w is t for t in trainable)]
    frozen = [w for w in weights if all(w is not t for t in trainable)]
    if not frozen:
        return ""
    if not trained:
        return " (all non-trainable)"

    def part(group: list[Weight], label: str) -> str:
        names = ", ".join(w.name.replace("_", " ") for w in group)
        return f"{sum(w.size for w in group):,} {label}: {names}"

    return f" ({part(trained, 'trainable')}; {part(frozen, 'non-trainable')})"


def shape_steps(layer: Layer) -> list[str]:
    """``H, W: same: ceil(25 / 2) = 13`` for each dimension the layer's rule computed."""
    steps = _recorded_steps(layer)
    per_dim = [s for s in steps if s.per_dim]
    lines = [_step_text(s, "row") for s in steps if not s.per_dim]
    names = _DIM_NAMES.get(len(per_dim))
    if not per_dim or names is None:
        return lines
    if all(s == per_dim[0] for s in per_dim) and not per_dim[0].dropped:
        return [f"{', '.join(names)}: {_step_text(per_dim[0], 'row')}", *lines]
    return [
        *(f"{n}: {_step_text(s, _DIM_UNITS[n])}" for n, s in zip(names, per_dim, strict=True)),
        *lines,
    ]


def _step_text(step: Step, unit: str) -> str:
    text = f"{step.formula} = {step.value:,}"
    if step.dropped:
        count = "one" if step.dropped == 1 else str(step.dropped)
        text += f" ({count} {unit}{'' if step.dropped == 1 else 's'} dropped)"
    return text


def _recorded_steps(layer: Layer) -> list[Step]:
    """Re-run the layer's shape rule on its last call; keep the steps only if the rerun
    reproduces the shape the model holds."""
    if not layer.inbound_nodes:
        return []
    node = layer.inbound_nodes[-1]
    shapes = [t.shape for t in node.inputs]
    expected = [t.shape for t in node.flat_outputs]
    with recording() as steps:
        try:
            shape = rerun_shape_rule(layer.class_name, layer.config, shapes)
        except Exception:  # CannotKnow, ShapeError: the model already says what it knows
            return []
    produced = shape if isinstance(shape, list) else [shape]
    if [tuple(s) if isinstance(s, (tuple, list)) else s for s in produced] != expected:
        return []
    return steps
