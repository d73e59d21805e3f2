"""Document symbols: each model the file builds, with its layers, for the outline view.

A model's range runs from the first of its layers made in this text to the last of
them or the call that makes the model (and holds the whole ``def`` of a function's
models), so it holds its layers' ranges, as LSP requires. Layers made by imported
code are not in this text and are not listed; nor is a model made there.
"""

from __future__ import annotations

import ast

from lsprotocol import types

from kerasparam_lint.frontends.lsp.analysis import DocumentResult
from kerasparam_lint.frontends.lsp.locations import SourceText, Span, span
from kerasparam_lint.frontends.lsp.model_index import model_index
from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.reports.columns import count_text, format_dims
from kerasparam_lint.reports.model_rows import LayerRow


def document_symbols(result: DocumentResult) -> list[types.DocumentSymbol]:
    index = model_index(result)
    source = result.source
    symbols = []
    for model in index.models:
        made = _made_here(source, model)
        if made is None:
            continue
        children = [
            (where, layer)
            for layer in (model.layers if model.layers is not UNKNOWN else [])
            if (where := _made_here(source, layer)) is not None
        ]
        extent = _extent(source, model, made, [where for where, _ in children])
        rows = index.model_rows(model)
        symbols.append(
            types.DocumentSymbol(
                name=model.name,
                detail=f"{model.class_name} · {count_text(rows.total)} params",
                kind=types.SymbolKind.Class,
                range=source.range(extent),
                selection_range=source.range(made),
                children=[
                    _layer_symbol(source, layer, where, index.row(layer))
                    for where, layer in children
                ],
            )
        )
    return symbols


def _made_here(source: SourceText, layer: Layer) -> Span | None:
    calls = source.call_starts.get((layer.line, layer.col))
    return span(calls[0]) if calls else None


def _extent(source: SourceText, model: Model, made: Span, layers: list[Span]) -> Span:
    """From the first of the model's calls here to the last; a function's models hold the
    whole function too."""
    parts = [made, *layers]
    if model.entry != "module" and source.tree is not None:
        functions = (ast.FunctionDef, ast.AsyncFunctionDef)
        parts += [
            span(node)
            for node in source.tree.body
            if isinstance(node, functions) and node.name == model.entry
        ]
    return Span(min(part.start for part in parts), max(part.end for part in parts))


def _layer_symbol(
    source: SourceText, layer: Layer, where: Span, row: LayerRow | None
) -> types.DocumentSymbol:
    detail = layer.class_name
    if row is not None:
        shape = format_dims(row.formula_shape or row.output_shape)
        detail += f" · {shape} · {count_text(row.params)} params"
    return types.DocumentSymbol(
        name=layer.name,
        detail=detail,
        kind=types.SymbolKind.Field,
        range=source.range(where),
        selection_range=source.range(where),
    )
