"""Code actions: "annotate this file", the ``annotate`` rewrite as one workspace edit."""

from __future__ import annotations

from lsprotocol import types

from kerasparam_lint.frontends.lsp.analysis import DocumentResult
from kerasparam_lint.frontends.lsp.locations import SourceText

ANNOTATE_KIND = f"{types.CodeActionKind.Source.value}.annotate.kerasparam-lint"
ANNOTATE_TITLE = "kerasparam-lint: annotate this file (each layer's shape and params)"

KINDS = [types.CodeActionKind.Source, ANNOTATE_KIND]


def code_actions(result: DocumentResult, params: types.CodeActionParams) -> list[types.CodeAction]:
    only = params.context.only
    actions = []
    if _wanted(ANNOTATE_KIND, only):
        action = annotate_action(result)
        if action is not None:
            actions.append(action)
    return actions


def _wanted(kind: str, only: list[str] | None) -> bool:
    """LSP's kinds are hierarchical: ``source`` asks for ``source.annotate...`` too."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def annotate_action(result: DocumentResult) -> types.CodeAction | None:
    """None when the file is already annotated (or cannot be)."""
    annotated = result.annotated_text
    if annotated is None or annotated == result.snapshot.text:
        return None
    edits = line_edits(result.source, annotated)
    document = types.OptionalVersionedTextDocumentIdentifier(
        uri=result.snapshot.uri, version=result.snapshot.version
    )
    change = types.TextDocumentEdit(text_document=document, edits=edits)
    return types.CodeAction(
        title=ANNOTATE_TITLE,
        kind=ANNOTATE_KIND,
        edit=types.WorkspaceEdit(document_changes=[change]),
    )


def line_edits(source: SourceText, changed: str) -> list[types.TextEdit]:
    """One edit per line that differs (``annotate`` only rewrites trailing comments, so
    the lines stay the same lines); the whole text when the line count changed."""
    new_lines = SourceText(changed, None, source.codec).lines
    if len(new_lines) != len(source.lines):
        whole = types.Range(types.Position(0, 0), source.end_of_line(len(source.lines)))
        return [types.TextEdit(range=whole, new_text=changed)]
    return [
        types.TextEdit(
            range=types.Range(types.Position(number - 1, 0), source.end_of_line(number)),
            new_text=new,
        )
        for number, (old, new) in enumerate(zip(source.lines, new_lines, strict=True), 1)
        if old != new
    ]
