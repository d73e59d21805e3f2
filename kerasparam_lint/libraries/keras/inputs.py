"""``keras.Input`` and ``keras.layers.InputLayer``."""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.values import CallSite
from kerasparam_lint.graph.model import Layer, Node, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras.structures import is_dim, is_size


def _written_names(site: CallSite, bound: dict[str, Any], full: tuple) -> dict[int, str]:
    """The axes of ``full`` not known whose size the call writes as a bare name:
    ``input_shape=(time_steps, 100)`` names axis 1 ``time_steps``.

    The shape is the call's own (``Input((t, 100))``, ``shape=``) or, for a Sequential
    whose first layer states it, the first ``input_shape=`` written inside the call.
    """
    if site.call is None or not any(d is UNKNOWN for d in full):
        return {}
    wanted, offset = (
        (("batch_shape",), 0)
        if bound.get("batch_shape") is not None
        else (
            ("shape", "input_shape"),
            1,
        )
    )
    written = _written_shape(site.call, wanted)
    if written is None:
        return {}
    names = {}
    for index, element in enumerate(written.elements):
        axis = index + offset
        if isinstance(element.value, cst.Name) and axis < len(full) and full[axis] is UNKNOWN:
            names[axis] = element.value.value
    return names


def _written_shape(call: cst.Call, keywords: tuple[str, ...]) -> cst.Tuple | cst.List | None:
    if keywords != ("batch_shape",) and _called(call) == "Input" and call.args:
        first = call.args[0]
        if first.keyword is None and isinstance(first.value, (cst.Tuple, cst.List)):
            return first.value
    pending: list[cst.CSTNode] = [call]
    while pending:  # the call and the calls nested in it, outermost first
        node = pending.pop(0)
        if isinstance(node, cst.Arg) and node.keyword is not None:
            if node.keyword.value in keywords and isinstance(node.value, (cst.Tuple, cst.List)):
                return node.value
        pending.extend(node.children)
    return None


def _called(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


class Inputs:
    """``keras.Input`` and ``InputLayer``: where a model's tensors start."""

    def make_input(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name")
        if len(args) > 1 and "shape" not in kwargs and all(is_size(a) for a in args):
            # `Input(256, 256, 1)`: KPL301 says Keras 3 rejects it; the model is the one
            # its author meant, `Input((256, 256, 1))`.
            self.shared.problem("KPL301", f"Input shape must be a tuple, got {args[0]!r}", site)
            args = [tuple(args)]
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        layer = self._input_layer(bound, site)
        return layer.inbound_nodes[0].outputs

    def make_input_layer(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        return self._input_layer(bound, site)

    def _input_layer(self, bound: dict[str, Any], site: CallSite, name: Any = None) -> Layer:
        shape = bound.get("shape")
        batch_shape = bound.get("batch_shape")
        if "input_shape" in bound and shape is None:
            shape = bound["input_shape"]
        full: Any
        if batch_shape is not None:
            full = tuple(batch_shape) if isinstance(batch_shape, (tuple, list)) else UNKNOWN
        elif isinstance(shape, (tuple, list)):
            full = (bound.get("batch_size"), *shape)
        else:
            if shape is not None and shape is not UNKNOWN:
                self.shared.problem(
                    "KPL301",
                    f"Input shape must be a tuple, got {shape!r}; write shape=({shape},)",
                    site,
                )
            full = UNKNOWN
        given = bound.get("name", name)
        layer_name = given if isinstance(given, str) else self.shared.names.auto_name("InputLayer")
        layer = Layer("InputLayer", layer_name, site.line, site.col, weights=[])
        output = Tensor(
            full if not isinstance(full, tuple) or all(is_dim(d) for d in full) else UNKNOWN
        )
        if isinstance(full, tuple):
            output.size_names = _written_names(site, bound, full)
        node = Node(layer, [], output, site.line, is_input=True)
        output.node = node
        layer.inbound_nodes.append(node)
        return layer
