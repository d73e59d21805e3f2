"""``--format mermaid`` and ``--format dot``: the model as a picture.

One node per layer of ``model.layers``, labelled with its name and class, output
shape and parameter count as the table prints them; one edge per entry of its
``Connected to`` cell (a Sequential model's layers follow one another, as Keras
connects them). A model whose layers are not connected in a known graph (a
subclassed model) shows its layers without edges, never guessed ones.
"""

from __future__ import annotations

from kerasparam_lint.reports.columns import count_text, format_dims
from kerasparam_lint.reports.model_rows import LayerRow, ModelRows
from kerasparam_lint.reports.table import incomplete, model_title


def _label_lines(layer: LayerRow) -> tuple[str, str]:
    shape = format_dims(layer.formula_shape or layer.output_shape)
    return f"{layer.name} ({layer.class_name})", f"{shape} · {count_text(layer.params)} params"


def edges(rows: ModelRows) -> list[tuple[int, int]]:
    """(from, to) indices into ``rows.layers``, in the order the table lists them."""
    if rows.class_name == "Sequential":
        return [(i, i + 1) for i in range(len(rows.layers) - 1)]
    index = {layer.name: i for i, layer in enumerate(rows.layers)}
    found = []
    for target, layer in enumerate(rows.layers):
        for link in layer.connected_to:
            source = index.get(link.partition("[")[0])
            if source is not None:
                found.append((source, target))
    return found


def _caption(rows: ModelRows, path: str) -> str:
    return model_title(rows, path) + ("" if rows.complete else f" {incomplete(rows)}")


def mermaid(rows: ModelRows, path: str) -> str:
    """A Mermaid flowchart (GitHub renders it inside a ```mermaid fence)."""

    def text(value: str) -> str:  # Mermaid's entity codes, inside a quoted label
        return value.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;")

    out = [f"%% {_caption(rows, path)}", "flowchart TD"]
    for i, layer in enumerate(rows.layers):
        title, detail = _label_lines(layer)
        out.append(f'    n{i}["{text(title)}<br/>{text(detail)}"]')
    out += [f"    n{a} --> n{b}" for a, b in edges(rows)]
    return "\n".join(out)


def dot(rows: ModelRows, path: str) -> str:
    """A Graphviz digraph (``dot -Tsvg``)."""

    def quoted(value: str) -> str:
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [
        f"digraph {quoted(rows.name)} {{",
        f"    label={quoted(_caption(rows, path))};",
        '    labelloc="t";',
        '    node [shape=box, fontname="Helvetica"];',
    ]
    for i, layer in enumerate(rows.layers):
        title, detail = _label_lines(layer)
        label = quoted(title)[:-1] + "\\n" + quoted(detail)[1:]
        out.append(f"    n{i} [label={label}];")
    out += [f"    n{a} -> n{b};" for a, b in edges(rows)]
    out.append("}")
    return "\n".join(out)
