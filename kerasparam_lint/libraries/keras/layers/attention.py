"""MultiHeadAttention, GroupedQueryAttention, Attention and AdditiveAttention
(``keras/src/layers/attention/``)."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import format_shape


def _tensor_shape(shape: Any) -> tuple[Any, ...]:
    if not isinstance(shape, tuple) or len(shape) < 2:
        raise CannotKnow("attention input shape")
    return shape


def _query_value_key(call: Call, layer: str) -> tuple[tuple, tuple, tuple]:
    """query, value and key (the value when no key is given), as ``build`` sees them."""
    if "value" not in call.extra:
        raise ShapeError(f"{layer} needs a `value` tensor", "KPL107")
    query, value = _tensor_shape(call.inputs), _tensor_shape(call.extra["value"])
    key = value if call.extra.get("key") is None else _tensor_shape(call.extra["key"])
    if value[1:-1] != key[1:-1]:
        raise ShapeError(
            "all dimensions of `value` and `key` but the last must be equal, got "
            f"{format_shape(value)} and {format_shape(key)}",
            "KPL107",
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


def _check_mha_arguments(args: Args) -> None:
    """The constructor's checks: whole positive head counts and sizes."""
    for name in ("num_heads", "key_dim", "value_dim"):
        value = args[name]
        if value is UNKNOWN or value is None and name == "value_dim":
            continue
        if not isinstance(value, int) or value <= 0:
            raise ShapeError(f"`{name}` must be a positive integer, got {value!r}", "KPL304")


def multi_head_attention_shape(args: Args, call: Call) -> Any:
    """``compute_output_spec``; the scores are shaped (batch, heads, Tq, Tq) as Keras says."""
    _check_mha_arguments(args)
    query, _, _ = _query_value_key(call, "MultiHeadAttention")
    output = (*query[:-1], *_projected_dims(args, query))
    if call.extra.get("return_attention_scores", False):
        return [output, (query[0], args.num_heads, query[1], query[1])]
    return output


def multi_head_attention_weights(args: Args, call: Call) -> list[WeightRow]:
    """The EinsumDense projections ``build`` makes: query, key, [gate,] value, output."""
    _check_mha_arguments(args)
    query, value, key = _query_value_key(call, "MultiHeadAttention")
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


def _check_heads(args: Args) -> None:
    if args.num_query_heads % args.num_key_value_heads != 0:
        raise ShapeError("num_query_heads must be divisible by num_key_value_heads", "KPL304")


def grouped_query_attention_shape(args: Args, call: Call) -> Any:
    """``compute_output_spec``: the query's shape; scores (batch, query heads, Tq, Tk)."""
    _check_heads(args)
    query, value, key = _query_value_key(call, "GroupedQueryAttention")
    if query[-1] != value[-1]:
        raise ShapeError(
            f"the last dimensions of query and value must be equal, got {format_shape(query)} "
            f"and {format_shape(value)}",
            "KPL107",
        )
    if call.extra.get("return_attention_scores", False):
        return [query, (query[0], args.num_query_heads, query[1], key[1])]
    return query


def grouped_query_attention_weights(args: Args, call: Call) -> list[WeightRow]:
    """``build``'s EinsumDense projections: queries on every query head, keys and
    values on the shared key/value heads, then back to the query's width."""
    grouped_query_attention_shape(args, call)
    query, value, key = _query_value_key(call, "GroupedQueryAttention")
    if any(len(shape) != 3 for shape in (query, value, key)):
        raise CannotKnow("projection of inputs of rank other than 3")
    width, heads, shared = query[-1], args.num_query_heads, args.num_key_value_heads
    head_dim = args.head_dim
    projections = [("query", width, heads), ("key", key[-1], shared)]
    if args.use_gate:
        projections.append(("gate", width, heads))
    projections.append(("value", value[-1], shared))
    rows: list[WeightRow] = []
    for name, features, count in projections:
        rows.append((f"{name}/kernel", (features, count, head_dim), True))
        if args.use_bias:
            rows.append((f"{name}/bias", (count, head_dim), True))
    rows.append(("attention_output/kernel", (heads, head_dim, width), True))
    if args.use_bias:
        rows.append(("attention_output/bias", (width,), True))
    return rows


def _attention_inputs(call: Call, layer: str) -> tuple[tuple, tuple, tuple]:
    """``Attention._validate_inputs``: a list [query, value] or [query, value, key]."""
    shapes = call.inputs
    if not isinstance(shapes, list) or not 2 <= len(shapes) <= 3:
        raise ShapeError(
            f"{layer} must be called on a list [query, value] or [query, value, key]", "KPL107"
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
