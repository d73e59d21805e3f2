"""Dense, Embedding and Lambda (``keras/src/layers/core/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.layers.lora import with_lora
from kerasparam_lint.libraries.keras.shape_rules import positive_int, require_min_rank


def dense_shape(args: Args, call: Call) -> Any:
    require_min_rank(call.inputs, 1, "Dense")
    return (*call.inputs[:-1], args.units)


def dense_weights(args: Args, call: Call) -> list[WeightRow]:
    features = call.inputs[-1]
    if features is None:
        raise ShapeError("Dense needs a known last input dimension", "KPL103")
    rows = [("kernel", (features, args.units), True)]
    if args.use_bias:
        rows.append(("bias", (args.units,), True))
    return with_lora(rows, args.lora_rank)


def embedding_shape(args: Args, call: Call) -> Any:
    """Every input dim is kept and ``output_dim`` appended (any input rank)."""
    positive_int(args.input_dim, "input_dim")
    output_dim = positive_int(args.output_dim, "output_dim")
    require_min_rank(call.inputs, 0, "Embedding")
    return (*call.inputs, output_dim)


def embedding_weights(args: Args, call: Call) -> list[WeightRow]:
    embedding_shape(args, call)
    rows = [("embeddings", (args.input_dim, args.output_dim), True)]
    return with_lora(rows, args.lora_rank, prefix="lora_embeddings")


def _first_batch(shapes: Any) -> Any:
    """``tree.flatten(input_shape)[0]``: the first input's batch dim."""
    while isinstance(shapes, list) and shapes:
        shapes = shapes[0]
    if not isinstance(shapes, tuple) or not shapes:
        raise CannotKnow("input shape")
    return shapes[0]


def lambda_shape(args: Args, call: Call) -> Any:
    """Only a tuple ``output_shape`` is known without running the function: batch + it."""
    given = args.output_shape
    if not isinstance(given, tuple):
        raise CannotKnow("Lambda output")
    if not all(d is None or isinstance(d, int) and not isinstance(d, bool) for d in given):
        raise CannotKnow("Lambda output")
    return (_first_batch(call.inputs), *given)
