"""MultiHeadAttention, Attention and AdditiveAttention (``keras/src/layers/attention/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.keras.shape_rules import format_shape, require_min_rank
from kerasparam_lint.unknown import UNKNOWN, CannotKnow


def _mha_inputs(call: Call) -> tuple[tuple, tuple, tuple]:
    """query, value and key (the value when no key is given), as ``build`` sees them."""
    query = call.inputs
    value = call.extra.get("value")
    key = call.extra.get("key")
    require_min_rank(query, 3, "MultiHeadAttention query")
    if value is None:
        raise ShapeError("MultiHeadAttention needs a `value` tensor", "KPL101")
    require_min_rank(value, 3, "MultiHeadAttention value")
    if key is None:
        key = value
    require_min_rank(key, 3, "MultiHeadAttention key")
    if tuple(value[1:-1]) != tuple(key[1:-1]):
        raise ShapeError(
            "all dimensions of `value` and `key` but the last must be equal, got "
            f"{format_shape(value)} and {format_shape(key)}",
            "KPL101",
        )
    return query, value, key


def _projected_dims(args: Args, query: tuple) -> tuple[Any, ...]:
    """The ``output_shape`` argument as Keras normalizes it, or the query's last dim."""
    shape = args.output_shape
    if shape is UNKNOWN:
        raise CannotKnow("output_shape")
    if not shape:
        return (query[-1],)
    if isinstance(shape, int):
        return (shape,)
    return tuple(shape)


def multi_head_attention_shape(args: Args, call: Call) -> Any:
    """``compute_output_spec``; the scores are shaped (batch, heads, Tq, Tq) as Keras says."""
    query, _, _ = _mha_inputs(call)
    output = (*query[:-1], *_projected_dims(args, query))
    if call.extra.get("return_attention_scores", False):
        return [output, (query[0], args.num_heads, query[1], query[1])]
    return output


def multi_head_attention_weights(args: Args, call: Call) -> list[WeightRow]:
    """The EinsumDense projections ``build`` makes: query, key, [gate,] value, output."""
    query, value, key = _mha_inputs(call)
    if None in (query[-1], value[-1], key[-1]):
        raise CannotKnow("last dimension of query, key or value")
    heads, key_dim = args.num_heads, args.key_dim
    value_dim = args.value_dim if args.value_dim else key_dim
    projections = [("query", query[-1], key_dim), ("key", key[-1], key_dim)]
    if args.use_gate:
        projections.append(("gate", query[-1], value_dim))
    projections.append(("value", value[-1], value_dim))
    rows: list[WeightRow] = []
    for name, features, width in projections:
        rows.append((f"{name}/kernel", (features, heads, width), True))
        if args.use_bias:
            rows.append((f"{name}/bias", (heads, width), True))
    dims = _projected_dims(args, query)
    rows.append(("attention_output/kernel", (heads, value_dim, *dims), True))
    if args.use_bias:
        rows.append(("attention_output/bias", dims, True))
    return rows


def _attention_inputs(call: Call, layer: str) -> tuple[tuple, tuple, tuple]:
    """``Attention._validate_inputs``: a list [query, value] or [query, value, key]."""
    shapes = call.inputs
    if not isinstance(shapes, list) or not 2 <= len(shapes) <= 3:
        raise ShapeError(
            f"{layer} must be called on a list [query, value] or [query, value, key]", "KPL101"
        )
    if any(shape is UNKNOWN for shape in shapes):
        raise CannotKnow("attention input")
    query, value = shapes[0], shapes[1]
    return query, value, shapes[2] if len(shapes) == 3 else value


def attention_shape(layer: str) -> Any:
    """``Attention.compute_output_spec``: (*query[:-1], value dim), scores (..., Tq, Tv)."""

    def rule(args: Args, call: Call) -> Any:
        query, value, key = _attention_inputs(call, layer)
        output = (*query[:-1], value[-1])
        if call.extra.get("return_attention_scores", False):
            return [output, (*query[:-1], key[-2])]
        return output

    return rule


def attention_weights(args: Args, call: Call) -> list[WeightRow]:
    _attention_inputs(call, "Attention")
    if args.score_mode not in ("dot", "concat"):
        raise ShapeError(f"score_mode must be 'dot' or 'concat', got {args.score_mode!r}", "KPL304")
    rows: list[WeightRow] = []
    if args.use_scale:
        rows.append(("scale", (), True))
    if args.score_mode == "concat":
        rows.append(("concat_score_weight", (), True))
    return rows


def additive_attention_weights(args: Args, call: Call) -> list[WeightRow]:
    query, _, _ = _attention_inputs(call, "AdditiveAttention")
    if not args.use_scale:
        return []
    if query[-1] is None:
        raise CannotKnow("last dimension of the query")
    return [("scale", (query[-1],), True)]
