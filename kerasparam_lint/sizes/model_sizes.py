"""A model's open sizes as the summary prints them: ``(None, H/16, W/16, 512)``.

For a fully-convolutional model (an input with ``None`` sizes), each layer's
output shape is shown as formulas of the input's sizes, and the divisibility
the merges need is stated once per size (``H must be divisible by 16``). Where
every merge is satisfied by one residue class, the formulas are written for
that class: a U-Net's ``2*(H//16)`` reads ``H/8`` once H is a multiple of 16.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from kerasparam_lint.graph.model import Layer, Model, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.sizes.expression import Floor, Size, Value, signed_sum
from kerasparam_lint.sizes.replay import MergeCheck, replay_open_sizes
from kerasparam_lint.sizes.requirement import Requirement, combined


@dataclass(frozen=True)
class ModelSizes:
    """Output shapes with formulas (by layer id), and what the input sizes must satisfy."""

    shapes: dict[int, Any]
    needs: tuple[Requirement, ...]
    checks: tuple[MergeCheck, ...]

    def shape(self, layer: Layer) -> Any:
        return self.shapes.get(id(layer))

    def merge_lines(self, layer: Layer) -> list[str]:
        """``axis 1: H//8 and 2*(H//16) are equal only if H % 16 is between 0 and 7``."""
        return [
            f"axis {c.axis}: {c.first} and {c.second} are equal only if {c.needs.describe('is')}"
            for c in self.checks
            if c.node.layer is layer
        ]


def model_sizes(model: Model) -> ModelSizes | None:
    """None when the model has no open input size (or its graph is not known)."""
    if model.inputs is UNKNOWN or model.outputs is UNKNOWN:
        return None
    replay = replay_open_sizes(flatten_tensors(model.inputs), flatten_tensors(model.outputs))
    if not replay.variables:
        return None
    grouped: dict[str, list[Requirement]] = defaultdict(list)
    for check in replay.checks:
        grouped[check.needs.variable].append(check.needs)
    needs = tuple(combined(group) for group in grouped.values())
    classes = {n.variable: (n.modulus, n.residues[0]) for n in needs if len(n.residues) == 1}
    shapes = {}
    for layer in model.layers if model.layers is not UNKNOWN else []:
        if not layer.inbound_nodes:
            continue
        outputs = flatten_tensors(layer.inbound_nodes[-1].outputs)
        found = [replay.shapes.get(id(t)) for t in outputs]
        if any(_has_formula(shape) for shape in found):
            texts = [_shape_text(shape, classes) for shape in found]
            shapes[id(layer)] = texts[0] if len(texts) == 1 else texts
    return ModelSizes(shapes, needs, tuple(replay.checks))


def _has_formula(shape: Any) -> bool:
    return isinstance(shape, tuple) and any(isinstance(d, Size) for d in shape)


def _shape_text(shape: Any, classes: dict[str, tuple[int, int]]) -> Any:
    if not isinstance(shape, tuple):
        return None
    return [exact_text(d, classes) if isinstance(d, Size) else d for d in shape]


def exact_text(size: Size, classes: dict[str, tuple[int, int]]) -> str:
    """The formula, without floors when every input allowed makes each division exact.

    With ``H = 16*h`` (``classes = {"H": (16, 0)}``), ``2*(H//16)`` is ``2*h``,
    that is ``H/8``.
    """
    if not size.variables() <= classes.keys():
        return str(size)
    steps = {v: m * Size.variable(v) + r for v, (m, r) in classes.items()}
    value: Value = size.substitute(steps)
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, Size) or any(isinstance(a, Floor) for a, _ in value.terms):
        return str(size)
    constant = Fraction(value.const)
    coefficients = {}
    for atom, k in value.terms:
        assert isinstance(atom, str)
        m, r = classes[atom]
        coefficients[atom] = Fraction(k, m)
        constant -= Fraction(k * r, m)
    if constant.denominator != 1:
        return str(size)
    return _affine_text(coefficients, int(constant))


def _affine_text(coefficients: dict[str, Fraction], constant: int) -> str:
    parts = []
    for name, k in coefficients.items():
        magnitude = abs(k)
        text = name if magnitude.numerator == 1 else f"{magnitude.numerator}*{name}"
        if magnitude.denominator != 1:
            text += f"/{magnitude.denominator}"
        parts.append((k < 0, text))
    if constant:
        parts.append((constant < 0, str(abs(constant))))
    return signed_sum(parts)
