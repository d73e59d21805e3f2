"""Inlay hints: at the end of each line that calls a layer, the comment ``annotate`` would
write there (``(None, 128, 128, 64) · 73,856 params``), shown without touching the file."""

from __future__ import annotations

from lsprotocol import types

from kerasparam_lint.annotate.comment_form import Annotation
from kerasparam_lint.annotate.rewrite import line_annotations
from kerasparam_lint.frontends.lsp.analysis import DocumentResult


def inlay_hints(result: DocumentResult, lines: types.Range) -> list[types.InlayHint]:
    analysis = result.analysis
    if analysis is None:
        return []
    source = result.source
    wanted, _ = line_annotations(analysis)
    hints = []
    for line, annotation in sorted(wanted.items()):
        if (
            not isinstance(annotation, Annotation)
            or not lines.start.line < line <= lines.end.line + 1
        ):
            continue
        text = str(annotation)
        # Lines with no call of their own hold layers made by imported code; a line that
        # already carries the annotation needs no hint.
        if line not in source.lines_with_calls or source.line_text(line).rstrip().endswith(text):
            continue
        hints.append(
            types.InlayHint(
                position=source.end_of_line(line),
                label=text,
                kind=types.InlayHintKind.Type,
                padding_left=True,
            )
        )
    return hints
