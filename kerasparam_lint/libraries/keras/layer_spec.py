"""How one Keras layer class is described: its rules for output shape and weights.

A rule receives the layer's bound constructor arguments (:class:`Args`, with
Keras' defaults filled in) and the shape of what the layer is called on. It
raises :class:`ShapeError` where Keras would raise while building the model,
and lets :class:`~kerasparam_lint.graph.unknown.CannotKnow` escape when the answer
depends on something unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kerasparam_lint.libraries.keras.signatures import SIGNATURES


class ShapeError(Exception):
    """Keras would reject this layer call; ``code`` names the lint rule (KPL1xx)."""

    def __init__(self, message: str, code: str = "KPL101") -> None:
        super().__init__(message)
        self.code = code


class Args(dict[str, Any]):
    """Bound constructor arguments, readable as attributes (``a.filters``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as error:
            raise AttributeError(name) from error


@dataclass(frozen=True)
class Call:
    """What a layer is called on: the first argument's shape(s) plus other call arguments.

    ``inputs`` is one shape (a tuple of dims) or a list of shapes for merge layers;
    ``extra`` holds the other call arguments, tensors replaced by their shapes.
    """

    inputs: Any
    extra: dict[str, Any] = field(default_factory=dict)


WeightRow = tuple[str, tuple[Any, ...], bool]
ShapeRule = Callable[[Args, Call], Any]
WeightRule = Callable[[Args, Call], list[WeightRow]]
# The layers (graph Layers) a layer holds as sublayers, each with the call that builds it.
WrappedRule = Callable[[Args, Call], list[tuple[Any, Call]]]


def no_weights(args: Args, call: Call) -> list[WeightRow]:
    return []


def same_shape(args: Args, call: Call) -> Any:
    return call.inputs


@dataclass(frozen=True)
class LayerSpec:
    """One row of the catalogue: a Keras layer class and its shape/weight rules."""

    class_name: str
    output_shape: ShapeRule = same_shape
    weights: WeightRule = no_weights
    # Positional parameters of ``call`` after the first (e.g. MultiHeadAttention's value).
    call_params: tuple[str, ...] = ()
    # Layers Keras creates without a name while building this one: their default-name
    # counters advance at the first call (MultiHeadAttention's Softmax and Dropout).
    build_names: tuple[str, ...] = ()
    # For a layer that keeps layers it was given as sublayers (TimeDistributed's layer,
    # RNN's cells): those layers and the calls their builds see; their weights count
    # under this layer.
    wrapped: WrappedRule | None = None
    # Which layer makes the variables ``weights`` lists, and so whether they start
    # frozen when this layer is frozen: "own" (its own ``add_weight``), "init" (a layer
    # its constructor makes, ConvLSTM's cell: frozen by assigning ``trainable``, not by
    # the constructor's ``trainable=``), "build" (layers made when it is built,
    # MultiHeadAttention's projections: they start trainable).
    weight_owner: str = "own"
    # The name of ``call``'s first parameter, for calls that pass it by keyword.
    call_first: str = "inputs"
    # For a layer that copies what it is given when constructed (Bidirectional): its
    # bound arguments with the copies added (never raises; unchanged when it cannot copy).
    construct: Callable[[Args], Args] | None = None

    @property
    def signature(self) -> tuple[tuple[Any, ...], ...]:
        return SIGNATURES[self.class_name]
