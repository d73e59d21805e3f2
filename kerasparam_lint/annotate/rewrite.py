"""``annotate``: write or refresh the :mod:`~kerasparam_lint.annotate.comment_form` comment of each
layer call, so the comments next to a model always say what Keras would build.

The codemod edits only trailing comments (libcst keeps every other byte): a line
gets the annotation of the last layer called on it (for ``Up(...)(Down(...)(x))``,
the outer one, whose output the statement binds). The user's own comment text is
kept. A stale annotation on a line that no longer calls a layer is removed, but only
when the analysis saw the whole file (every model's layers known, no limit reached,
no branch left undecided); a line
whose layer the analyzer cannot fully know, or that two models read differently,
is left as it is. Running it twice changes nothing.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from kerasparam_lint.analysis import FileAnalysis, analyze_source
from kerasparam_lint.annotate.comment_form import Annotation, comment_with, split_comment
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.graph.model import Layer, Model, Node
from kerasparam_lint.graph.unknown import UNKNOWN, contains_unknown
from kerasparam_lint.reports.columns import format_dims
from kerasparam_lint.reports.model_rows import model_nodes

# A line two models read differently: no annotation can be true for both.
_AMBIGUOUS = object()


def _shape_text(node: Node) -> str | None:
    shapes = [t.shape for t in node.flat_outputs]
    if not shapes or any(s is UNKNOWN or contains_unknown(s) for s in shapes):
        return None
    if len(shapes) == 1 and not isinstance(node.outputs, (list, tuple, dict)):
        return format_dims(list(shapes[0]))
    return format_dims([list(s) for s in shapes])


def _annotation(layer: Layer, node: Node) -> Annotation | None:
    params = layer.counts()[0]
    shape = _shape_text(node)
    if shape is None or not isinstance(params, int):
        return None
    return Annotation(shape, params)


def _model_lines(model: Model) -> dict[int, object]:
    """Line -> annotation of the call whose output the line's statement makes (the outer
    call of ``Up(...)(Down(...)(x))``); _AMBIGUOUS when the line runs several times and
    makes layers that differ (a helper called with other filters)."""
    if model.layers is UNKNOWN:
        return {}
    in_model = {id(n) for n in model_nodes(model)}
    calls: dict[int, list[tuple[Layer, Node]]] = {}
    for layer in model.layers:
        for node in layer.inbound_nodes:
            if id(node) in in_model:
                # A Sequential calls its layers where it is built; the layer's line is its own.
                line = layer.line if model.class_name == "Sequential" else node.line
                calls.setdefault(line, []).append((layer, node))
    lines: dict[int, object] = {}
    for line, found in calls.items():
        consumed = {id(t) for _, node in found for t in node.inputs}
        results = {
            _annotation(layer, node)
            for layer, node in found
            if not any(id(t) in consumed for t in node.flat_outputs)
        }
        # One layer-making call site with several layers: the line ran several times.
        by_site: dict[tuple[int, int], set[Annotation | None]] = {}
        for layer, node in found:
            by_site.setdefault((layer.line, layer.col), set()).add(_annotation(layer, node))
        repeated_differently = any(len(made) > 1 for made in by_site.values())
        unique = len(results) == 1 and not repeated_differently
        lines[line] = results.pop() if unique else _AMBIGUOUS
    return lines


def line_annotations(analysis: FileAnalysis) -> tuple[dict[int, object], bool]:
    """Line -> the Annotation it should carry, None (unknown) or _AMBIGUOUS; and whether
    the analysis saw the whole file, so that a line it does not list calls no layer."""
    merged: dict[int, object] = {}
    for model in analysis.models:
        for line, annotation in _model_lines(model).items():
            if line in merged and merged[line] != annotation:
                merged[line] = _AMBIGUOUS
            else:
                merged[line] = annotation
    whole = (
        not analysis.failures
        and not analysis.notes
        and all(model.layers is not UNKNOWN for model in analysis.models)
    )
    return merged, whole


class _Annotator(cst.CSTTransformer):
    """Writes each wanted annotation at the end of its line, or, where the line would
    pass ``line_length``, on its own comment line above the statement the line starts."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(
        self,
        wanted: dict[int, object],
        remove_stale: bool,
        lines: list[str],
        line_length: int | None,
    ) -> None:
        super().__init__()
        self.wanted = wanted
        self.remove_stale = remove_stale
        self.lines = lines
        self.line_length = line_length
        self.statement_starts: set[int] = set()
        self.above: dict[int, Annotation] = {}  # statement line -> annotation to put above

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.statement_starts.add(self._line(node))

    def _settled(self, line: int) -> bool:
        """Whether the analyzer vouches for what ``line`` should carry (or not carry)."""
        wanted = self.wanted.get(line)
        if wanted is _AMBIGUOUS:
            return False
        return wanted is not None or (line not in self.wanted and self.remove_stale)

    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        line = self._line(original_node)
        if not self._settled(line):
            return updated_node
        wanted = self.wanted.get(line)
        existing = updated_node.comment.value[1:] if updated_node.comment else ""
        own, current = split_comment(existing)
        if current is None and wanted is None:
            return updated_node
        spacing = updated_node.whitespace.value if updated_node.comment else "  "
        text = comment_with(own, wanted)  # type: ignore[arg-type]
        if isinstance(wanted, Annotation) and not self._fits(line, original_node, spacing, text):
            if line in self.statement_starts:
                self.above[line] = wanted
            text = comment_with(own, None)  # only the user's own words stay on the line
        if updated_node.comment is not None and text == updated_node.comment.value:
            return updated_node
        if not text:
            return updated_node.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)
        return updated_node.with_changes(
            whitespace=cst.SimpleWhitespace(spacing), comment=cst.Comment(text)
        )

    def _fits(self, line: int, node: cst.TrailingWhitespace, spacing: str, text: str) -> bool:
        if self.line_length is None:
            return True
        source_line = self.lines[line - 1] if line <= len(self.lines) else ""
        comment = node.comment.value if node.comment else ""
        code = len(source_line) - len(comment) - (len(node.whitespace.value) if comment else 0)
        return code + len(spacing) + len(text) <= self.line_length

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        line = self._line(original_node)
        leading = list(updated_node.leading_lines)
        previous = leading[-1] if leading else None
        stated = None
        if previous is not None and previous.comment is not None:
            own, stated = split_comment(previous.comment.value[1:])
            stated = None if own else stated  # a line of the user's own words is theirs
        wanted = self.above.get(line)
        if wanted is not None:
            comment = cst.Comment(comment_with("", wanted))
            if stated is not None:
                leading[-1] = previous.with_changes(comment=comment)  # type: ignore[union-attr]
            else:
                leading.append(cst.EmptyLine(indent=True, comment=comment))
        elif stated is not None and self._settled(line):
            leading.pop()  # the annotation went back to the line, or the line has none
        else:
            return updated_node
        return updated_node.with_changes(leading_lines=leading)


def annotate_source(
    source: str,
    path: str = "<string>",
    limits: Limits | None = None,
    line_length: int | None = None,
) -> str:
    """The source with every layer call's annotation written or refreshed; lines longer
    than ``line_length`` (None: no limit) get theirs above (the CLI passes the project's)."""
    return annotated_source(source, path, limits, line_length)[0]


def annotated_source(
    source: str,
    path: str = "<string>",
    limits: Limits | None = None,
    line_length: int | None = None,
) -> tuple[str, list[str]]:
    """The annotated source, and the other files its analysis read (for the cache)."""
    module = cst.parse_module(source)
    analysis = analyze_source(source, path, limits=limits)
    wanted, whole = line_annotations(analysis)
    annotator = _Annotator(wanted, whole, source.splitlines(), line_length)
    text = MetadataWrapper(module).visit(annotator).code
    return text, analysis.dependencies
