"""Code actions: quick fixes for findings that carry a fix, "apply every safe fix", and
"annotate this file" (the ``annotate`` rewrite), each as one workspace edit.

A quick fix is the finding's own :class:`~kerasparam_lint.lint.finding.Fix`, offered on
the finding's range: a safe one as the preferred action, an unsafe one marked so.
The file-wide actions are what ``check --fix`` and ``annotate --write`` would write.
"""

from __future__ import annotations

import difflib

from lsprotocol import types

from kerasparam_lint.frontends.lsp.analysis import DocumentResult
from kerasparam_lint.frontends.lsp.diagnostics import diagnostic
from kerasparam_lint.frontends.lsp.locations import SourceText
from kerasparam_lint.frontends.lsp.settings import Settings
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.source.text_edits import source_lines

ANNOTATE_KIND = f"{types.CodeActionKind.Source.value}.annotate.kerasparam-lint"
ANNOTATE_TITLE = "kerasparam-lint: annotate this file (each layer's shape and params)"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.kerasparam-lint"
FIX_ALL_TITLE = "kerasparam-lint: apply every safe fix"

KINDS = [types.CodeActionKind.QuickFix, FIX_ALL_KIND, ANNOTATE_KIND]


def code_actions(
    result: DocumentResult, params: types.CodeActionParams, settings: Settings
) -> list[types.CodeAction]:
    only = params.context.only
    actions: list[types.CodeAction] = []
    if _wanted(types.CodeActionKind.QuickFix, only):
        actions += [
            _quick_fix(result, finding, settings)
            for finding in result.findings
            if finding.fix is not None and _touches(result, finding, params.range)
        ]
    if _wanted(FIX_ALL_KIND, only) and any(
        f.fix is not None and f.fix.safe for f in result.findings
    ):
        fixed = result.fixed_text
        if fixed is not None and fixed != result.snapshot.text:
            actions.append(_file_action(result, FIX_ALL_TITLE, FIX_ALL_KIND, fixed))
    if _wanted(ANNOTATE_KIND, only):
        annotated = result.annotated_text
        if annotated is not None and annotated != result.snapshot.text:
            actions.append(_file_action(result, ANNOTATE_TITLE, ANNOTATE_KIND, annotated))
    return actions


def _wanted(kind: str, only: list[str] | None) -> bool:
    """LSP's kinds are hierarchical: asking for ``source`` asks for ``source.fixAll...``."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def _touches(result: DocumentResult, finding: Finding, asked: types.Range) -> bool:
    where = result.source.finding_range(finding.line, finding.col)
    start, end = (where.start.line, where.start.character), (where.end.line, where.end.character)
    return (
        start <= (asked.end.line, asked.end.character)
        and (
            asked.start.line,
            asked.start.character,
        )
        <= end
    )


def _quick_fix(result: DocumentResult, finding: Finding, settings: Settings) -> types.CodeAction:
    fix = finding.fix
    assert fix is not None
    source = result.source
    edits = [
        types.TextEdit(
            range=types.Range(
                source.character_position(edit.line, edit.col - 1),
                source.character_position(edit.end_line, edit.end_col - 1),
            ),
            new_text=edit.content,
        )
        for edit in sorted(fix.edits)
    ]
    return types.CodeAction(
        title=f"{fix.message} ({finding.code})" + ("" if fix.safe else " (unsafe fix)"),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(result, finding, settings)],
        is_preferred=fix.safe,
        edit=_workspace_edit(result, edits),
    )


def _file_action(result: DocumentResult, title: str, kind: str, text: str) -> types.CodeAction:
    return types.CodeAction(
        title=title, kind=kind, edit=_workspace_edit(result, line_edits(result.source, text))
    )


def _workspace_edit(result: DocumentResult, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    document = types.OptionalVersionedTextDocumentIdentifier(
        uri=result.snapshot.uri, version=result.snapshot.version
    )
    return types.WorkspaceEdit(
        document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)]
    )


def line_edits(source: SourceText, changed: str) -> list[types.TextEdit]:
    """The change from ``source`` to ``changed`` as edits of whole lines: one per line
    changed in place (``annotate`` rewrites trailing comments only), one per run of lines
    added or removed."""
    old, new = source_lines(source.text), source_lines(changed)
    edits = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, first, last, new_first, new_last in matcher.get_opcodes():
        if tag == "equal":
            continue
        if last - first == new_last - new_first:  # changed lines, each on its own
            pairs = zip(range(first, last), range(new_first, new_last), strict=True)
            blocks = [(old_at, old_at + 1, new_at, new_at + 1) for old_at, new_at in pairs]
        else:
            blocks = [(first, last, new_first, new_last)]
        edits += [
            types.TextEdit(
                range=types.Range(source.line_start(start + 1), source.line_start(end + 1)),
                new_text="".join(new[new_start:new_end]),
            )
            for start, end, new_start, new_end in blocks
            if old[start:end] != new[new_start:new_end]
        ]
    return edits
