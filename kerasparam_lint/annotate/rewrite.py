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
    whole = not analysis.failures and not analysis.notes and all(
        model.layers is not UNKNOWN for model in analysis.models
    )
    return merged, whole


class _Annotator(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, wanted: dict[int, object], remove_stale: bool) -> None:
        super().__init__()
        self.wanted = wanted
        self.remove_stale = remove_stale

    def leave_TrailingWhitespace(
        self, original_node: cst.TrailingWhitespace, updated_node: cst.TrailingWhitespace
    ) -> cst.TrailingWhitespace:
        line = self.get_metadata(PositionProvider, original_node).start.line
        wanted = self.wanted.get(line)
        if wanted is None and (line in self.wanted or not self.remove_stale):
            return updated_node  # the analyzer cannot vouch for this line
        if wanted is _AMBIGUOUS:
            return updated_node
        existing = updated_node.comment.value[1:] if updated_node.comment else ""
        own, current = split_comment(existing)
        if current is None and wanted is None:
            return updated_node
        text = comment_with(own, wanted)  # type: ignore[arg-type]
        if updated_node.comment is not None and text == updated_node.comment.value:
            return updated_node
        if not text:
            return updated_node.with_changes(whitespace=cst.SimpleWhitespace(""), comment=None)
        spacing = updated_node.whitespace.value if updated_node.comment else "  "
        return updated_node.with_changes(
            whitespace=cst.SimpleWhitespace(spacing), comment=cst.Comment(text)
        )


def annotate_source(source: str, path: str = "<string>", limits: Limits | None = None) -> str:
    """The source with every layer call's annotation written or refreshed."""
    return annotated_source(source, path, limits)[0]


def annotated_source(
    source: str, path: str = "<string>", limits: Limits | None = None
) -> tuple[str, list[str]]:
    """The annotated source, and the other files its analysis read (for the cache)."""
    module = cst.parse_module(source)
    analysis = analyze_source(source, path, limits=limits)
    wanted, whole = line_annotations(analysis)
    text = MetadataWrapper(module).visit(_Annotator(wanted, remove_stale=whole)).code
    return text, analysis.dependencies
