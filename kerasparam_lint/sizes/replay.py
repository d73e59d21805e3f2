"""Re-run a model graph's shape rules on sizes named after the input (``H``, ``W``).

The evaluator computes shapes as Keras does, with ``None`` for a size the input
leaves open. Replaying the same catalogue rules with a :class:`Size` in place of
each open input size turns those ``None`` into ``H//16``; replaying with the
concrete sizes of a model that failed to build turns them into formulas too,
so a mismatch at a merge becomes a condition on the input (``H must be
divisible by 8``). Each merge records what its inputs need to agree.

A replayed shape is only kept when it agrees with what the evaluator found
(the same ints; a formula only where Keras has ``None``, or, for concrete
inputs, a formula whose value at those inputs is what Keras computed);
anything a rule cannot do with a formula falls back to what is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kerasparam_lint.graph.model import Node, Tensor, ancestor_nodes
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.catalogue import MERGE_FUNCTIONS, rerun_shape_rule
from kerasparam_lint.sizes.expression import Size, Value
from kerasparam_lint.sizes.requirement import Requirement, requirement

# The merges whose inputs must agree axis by axis (Dot contracts an axis instead).
MERGES = frozenset(MERGE_FUNCTIONS.values()) - {"Dot"}

# Names of the sizes of a channels-last input of each rank (batch first).
_NAMES = {2: ("T",), 3: ("T", "C"), 4: ("H", "W", "C"), 5: ("D", "H", "W", "C")}


@dataclass(frozen=True)
class MergeCheck:
    """At ``node``, axis ``axis`` of two inputs reads ``first`` and ``second``."""

    node: Node
    axis: int
    first: Value
    second: Value
    needs: Requirement


@dataclass
class Replay:
    """Shapes of tensors (by id) with formulas for open sizes, and what merges need."""

    shapes: dict[int, Any] = field(default_factory=dict)
    checks: list[MergeCheck] = field(default_factory=list)
    # Each size variable: the input tensor and the axis it names.
    variables: dict[str, tuple[Tensor, int]] = field(default_factory=dict)

    def shape(self, tensor: Tensor) -> Any:
        return self.shapes.get(id(tensor), tensor.shape)


def replay_open_sizes(inputs: list[Tensor], outputs: list[Tensor]) -> Replay:
    """Name every ``None`` size of the model's inputs (not the batch) and replay."""
    replay = Replay()
    for tensor in inputs:
        if isinstance(tensor.shape, tuple):
            open_axes = [
                a
                for a, d in enumerate(tensor.shape)
                if a and (d is None or (d is UNKNOWN and a in tensor.size_names))
            ]
            _name(replay, tensor, open_axes)
    if replay.variables:
        _run(replay, outputs, concrete={})
    return replay


def replay_input_sizes(tensors: list[Tensor], axis: int) -> Replay:
    """Name spatial axis ``axis`` (channels last) of every input the tensors come from."""
    replay = Replay()
    roots = [n for n in ancestor_nodes(tensors) if n.is_input]
    for node in roots:
        for tensor in node.flat_outputs:
            shape = tensor.shape
            if isinstance(shape, tuple) and len(shape) >= 3 and isinstance(shape[1 + axis], int):
                _name(replay, tensor, [1 + axis])
    concrete = {name: t.shape[a] for name, (t, a) in replay.variables.items()}
    _run(replay, tensors, concrete)
    return replay


def _name(replay: Replay, tensor: Tensor, axes: list[int]) -> None:
    if not axes:
        return
    names = _NAMES.get(len(tensor.shape), ())
    dims = list(tensor.shape)
    for axis in axes:
        base = tensor.size_names.get(axis) or (
            names[axis - 1] if axis - 1 < len(names) else f"d{axis}"
        )
        name, suffix = base, 2
        while name in replay.variables:
            name, suffix = f"{base}{suffix}", suffix + 1
        replay.variables[name] = (tensor, axis)
        dims[axis] = Size.variable(name)
    replay.shapes[id(tensor)] = tuple(dims)


def _run(replay: Replay, outputs: list[Tensor], concrete: dict[str, int]) -> None:
    for node in ancestor_nodes(outputs):
        if node.is_input:
            continue
        shapes = [replay.shape(t) for t in node.inputs]
        if not any(_has_size(s) for s in shapes):
            continue
        produced = _rerun(replay, node, shapes)
        flat = node.flat_outputs
        results = produced if isinstance(produced, list) else [produced]
        if len(results) != len(flat):
            results = [None] * len(flat)
        for tensor, result in zip(flat, results, strict=True):
            replay.shapes[id(tensor)] = _checked(result, tensor.shape, concrete)


def _rerun(replay: Replay, node: Node, shapes: list[Any]) -> Any:
    layer = node.layer
    if layer.class_name in MERGES:
        shapes = _agreed(replay, node, shapes)
    try:
        return rerun_shape_rule(layer.class_name, layer.config, shapes)
    except Exception:  # a rule that cannot take a formula (or that Keras fails): keep what is known
        return None


def _agreed(replay: Replay, node: Node, shapes: list[Any]) -> list[Any]:
    """Record what the merge needs of its inputs' sizes, then give every input the first's."""
    if not all(isinstance(s, tuple) for s in shapes) or len({len(s) for s in shapes}) != 1:
        return shapes
    first = shapes[0]
    skipped = {0}
    if node.layer.class_name == "Concatenate":
        axis = node.layer.config.get("axis")
        if not isinstance(axis, int) or not -len(first) <= axis < len(first):
            return shapes
        skipped.add(axis % len(first))
    agreed = [list(s) for s in shapes]
    for axis in range(len(first)):
        if axis in skipped or first[axis] is None or first[axis] == 1:
            continue
        if not isinstance(first[axis], (int, Size)):
            continue
        for other in agreed[1:]:
            if not isinstance(other[axis], (int, Size)) or other[axis] in (1, first[axis]):
                continue
            needs = requirement(first[axis], other[axis])
            if needs is None:
                continue
            if not needs.always:
                replay.checks.append(MergeCheck(node, axis, first[axis], other[axis], needs))
            other[axis] = first[axis]
    return [tuple(s) for s in agreed]


def _checked(result: Any, known: Any, concrete: dict[str, int]) -> Any:
    """The replayed shape if it agrees with the evaluator's, else what the evaluator knows."""
    fallback = known if not concrete else _opened(known)
    if not isinstance(result, tuple) or not isinstance(known, tuple):
        return fallback
    if len(result) != len(known):
        return fallback
    for mine, theirs in zip(result, known, strict=True):
        if theirs is UNKNOWN and not concrete:  # a size the source names: a formula is new
            if not isinstance(mine, Size):
                return fallback
        elif isinstance(mine, Size):
            if theirs != (mine.evaluate(concrete) if concrete else None):
                return fallback
        elif mine is not None and mine != theirs:
            return fallback
    return result


def _opened(shape: Any) -> Any:
    """For concrete inputs, a size no formula explains is no longer known to follow them."""
    return tuple([shape[0], *(None for _ in shape[1:])]) if isinstance(shape, tuple) else None


def _has_size(shape: Any) -> bool:
    return isinstance(shape, (tuple, list)) and any(
        isinstance(d, Size) or _has_size(d) for d in shape
    )
