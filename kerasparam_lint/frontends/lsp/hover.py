"""Hover: what the layer or model under the cursor is, with the numbers ``summary`` prints.

A call that makes a layer (``Conv2D(512, 2, ...)``) shows the layer's name and class,
output shape (with the input's open sizes named, ``(None, H/8, W/8, 512)``), parameter
count with its trainable split, and the ``--explain`` arithmetic. A call that makes a
model, or a name bound to one, shows the model's whole summary table (``summary
--format markdown``). A name shows what it was last bound to before the cursor, as far
as the text says (``x = conv(x)``, ``model = build_model()``); when the text does not
say, nothing is shown.
"""

from __future__ import annotations

import ast
from pathlib import PurePath

from lsprotocol import types

from kerasparam_lint.frontends.lsp.analysis import DocumentResult
from kerasparam_lint.frontends.lsp.locations import SourceText, Spot, span
from kerasparam_lint.frontends.lsp.model_index import ModelIndex, model_index
from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.reports.columns import count_text, format_dims
from kerasparam_lint.reports.model_rows import LayerRow
from kerasparam_lint.reports.options import ReportOptions, render_text

_MAX_LAYERS = 12  # one call made in a loop can make thousands; show the first ones
_MAX_DEPTH = 4  # names and helper functions followed from the cursor

Found = Model | list[Layer]


def hover(result: DocumentResult, position: types.Position) -> types.Hover | None:
    source = result.source
    spot = source.spot(position)
    found = _under_cursor(result, source, spot)
    if found is None:
        return None
    target, where = found
    if isinstance(target, Model):
        text = render_text(target, PurePath(result.snapshot.path).name, ReportOptions(), "markdown")
    else:
        text = layers_markdown(target, model_index(result))
    content = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return types.Hover(contents=content, range=source.range(span(where)))


def _under_cursor(
    result: DocumentResult, source: SourceText, spot: Spot
) -> tuple[Found, ast.AST] | None:
    resolver = _Resolver(source, model_index(result))
    name = source.name_at(spot)
    if name is not None:
        found = resolver.name(name.id, name.lineno, isinstance(name.ctx, ast.Store), 0)
        if found is not None:
            return found, name
    for call in source.calls_at(spot):
        found = resolver.expression(call, 0)
        if found is not None:
            return found, call
    return None


class _Resolver:
    """What an expression of the text evaluates to, as far as the analysis and the
    text's own assignments and ``return`` statements tell."""

    def __init__(self, source: SourceText, index: ModelIndex) -> None:
        self.index = index
        self.assignments = source.nodes.assignments
        self.returns = source.nodes.returns

    def name(self, name: str, line: int, bound_here: bool, depth: int) -> Found | None:
        """What ``name`` holds on ``line``: the value of its last assignment before the
        line (or on it, for the name being assigned)."""
        before = [
            (at, value)
            for at, value in self.assignments.get(name, [])
            if at < line or (bound_here and at == line)
        ]
        if not before or depth > _MAX_DEPTH:
            return None
        at, value = max(before, key=lambda item: item[0])
        return self.expression(value, depth + 1)

    def expression(self, node: ast.expr, depth: int) -> Found | None:
        if depth > _MAX_DEPTH:
            return None
        if isinstance(node, ast.Name):
            return self.name(node.id, node.lineno, False, depth)
        if not isinstance(node, ast.Call):
            return None
        start = (node.lineno, node.col_offset)
        if start in self.index.models_at:
            return self.index.models_at[start]
        if start in self.index.layers_at:
            return self.index.layers_at[start]
        callee = node.func
        if isinstance(callee, ast.Name):
            for value in self.returns.get(callee.id, []):  # model = build_model()
                found = self.expression(value, depth + 1)
                if found is not None:
                    return found
        # A layer or model made elsewhere, called here: ``dense(x)``, ``backbone(inputs)``.
        return self.expression(callee, depth + 1) if isinstance(callee, ast.Name) else None


def layers_markdown(layers: list[Layer], index: ModelIndex) -> str:
    """Each layer a call made, as a short Markdown section (the first few of many)."""
    sections = [_layer_markdown(layer, index.row(layer)) for layer in layers]
    shown = sections[:_MAX_LAYERS]
    if len(sections) > _MAX_LAYERS:
        shown.append(f"... and {len(sections) - _MAX_LAYERS:,} more layers made by this call")
    return "\n\n---\n\n".join(shown)


def _layer_markdown(layer: Layer, row: LayerRow | None) -> str:
    lines = [f"**{layer.name}** ({layer.class_name})", ""]
    if row is None:  # a layer no model of the file holds: its numbers are not reported
        return "\n".join(lines).rstrip()
    shape = f"`{format_dims(row.formula_shape or row.output_shape)}`"
    if row.formula_shape is not None:
        shape += f" (Keras prints `{format_dims(row.output_shape)}`)"
    lines.append(f"- Output shape: {shape}")
    params = f"- Params: {count_text(row.params)}"
    if row.params:
        params += (
            f" ({count_text(row.trainable)} trainable, "
            f"{count_text(row.non_trainable)} non-trainable)"
        )
    lines.append(params)
    if row.explanation:
        lines += ["", "```text", *row.explanation, "```"]
    return "\n".join(lines)
