"""A Jupyter notebook read as one Python module, and written back byte for byte.

The code cells, in order, make one module (names flow from cell to cell, as in a
kernel run top to bottom). IPython's own syntax is blanked line by line, as ruff
masks it: line magics and shell escapes (``%matplotlib inline``, ``!pip install``,
``files = !ls``), help (``?model``, ``model.fit?``), and every line of a cell that
starts with a cell magic other than those that run the cell's Python
(``%%time``). A blanked line stays a line, so positions map back to a cell and a
line in it (``cell 3``, 1-based among all the notebook's cells, as ruff counts).

Writing back replaces only the JSON strings of the source lines that changed,
written as the notebook wrote its strings; outputs, metadata, key order and
indentation keep every byte.
"""

from __future__ import annotations

import difflib
import io
import json
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, replace
from json.decoder import scanstring

from kerasparam_lint.lint.finding import Edit, Finding
from kerasparam_lint.source.reading import UnreadableSource
from kerasparam_lint.source.text_edits import apply_edits, source_lines

NOTEBOOK_SUFFIX = ".ipynb"

_LINE_MAGIC = re.compile(r"\s*(%|!)")
_HELP = re.compile(r"\s*\?|\s*[\w.]+\?{1,2}\s*$")
# Cell magics whose body is the cell's Python, run in the kernel's namespace.
_PYTHON_CELL_MAGICS = ("%%time", "%%timeit", "%%capture", "%%prun")
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LITERAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class NotANotebook(UnreadableSource):
    """The text is not a notebook this tool can read (not JSON, or no ``cells`` list)."""


def is_notebook(path: str) -> bool:
    return path.endswith(NOTEBOOK_SUFFIX)


def python_text(path: str, text: str) -> tuple[str, Notebook | None]:
    """The Python a file read as ``text`` holds: a notebook's code cells as one module,
    else the text itself (:class:`NotANotebook` for a notebook that is not one)."""
    if not is_notebook(path):
        return text, None
    notebook = Notebook.parse(text)
    return notebook.text, notebook


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True)
class _SourceValue:
    """Where a code cell's ``source`` is in the file: the whole value, and each line's
    string when it is a list of lines (nbformat's way)."""

    value: _Span
    lines: tuple[_Span, ...] | None  # None: one string holding the whole source


@dataclass(frozen=True)
class CodeCell:
    number: int  # 1-based among all cells
    source: str
    first_line: int  # where it starts in the module text (1-based)
    located: _SourceValue

    @property
    def lines(self) -> list[str]:
        return _lines(self.source)


@dataclass(frozen=True)
class Notebook:
    raw: str
    cells: tuple[CodeCell, ...]

    @classmethod
    def parse(cls, raw: str) -> Notebook:
        try:
            document, located = _parse_json(raw)
        except (ValueError, IndexError, RecursionError) as error:
            raise NotANotebook(f"not a notebook: {error}") from None
        cells = document.get("cells") if isinstance(document, dict) else None
        if not isinstance(cells, list):
            raise NotANotebook("not a notebook: no list of cells")
        if not _is_python(document):
            return cls(raw, ())
        code_cells = []
        line = 1
        for index, cell in enumerate(cells):
            span = located.get(index)
            if not isinstance(cell, dict) or cell.get("cell_type") != "code" or span is None:
                continue
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            if not isinstance(text, str):
                continue
            code_cells.append(CodeCell(index + 1, text, line, span))
            line += len(_lines(text))
        return cls(raw, tuple(code_cells))

    @property
    def text(self) -> str:
        """The code cells as one module, IPython syntax blanked."""
        return "".join(_module_lines(cell) for cell in self.cells)

    def location(self, line: int) -> tuple[int, int]:
        """``(cell number, line in the cell)`` of a line of :attr:`text`."""
        for cell in reversed(self.cells):
            if line >= cell.first_line:
                return cell.number, line - cell.first_line + 1
        return (self.cells[0].number if self.cells else 1), line

    def located(self, finding: Finding) -> Finding:
        """``finding`` (and its fix) at the cell and line of the cell, as reported."""
        cell, line = self.location(finding.line)
        fix = finding.fix
        if fix is not None:
            fix = replace(fix, edits=tuple(self._located_edit(edit) for edit in fix.edits))
        return replace(finding, line=line, cell=cell, fix=fix)

    def _located_edit(self, edit: Edit) -> Edit:
        cell, line = self.location(edit.line)
        _, end_line = self.location(edit.end_line)
        return replace(edit, line=line, end_line=end_line, cell=cell)

    def with_text(self, text: str) -> Notebook | None:
        """The notebook whose code is ``text`` (an edited :attr:`text`), or None when the
        edit touched a blanked line. An edited line stays in its cell; a line added goes
        into the cell of the line after it (``annotate`` puts a long annotation above its
        statement), or into the last cell at the very end."""
        old_lines, new_lines = _lines(self.text), _lines(text)
        owner: list[int] = []  # the index in self.cells of each old line
        written: list[str] = []  # each old line as its cell has it
        blanked: list[bool] = []
        for position, cell in enumerate(self.cells):
            kept = _lines(_module_lines(cell))
            for line, module_line in zip(cell.lines, kept, strict=True):
                owner.append(position)
                written.append(line)
                blanked.append(line.rstrip("\r\n") != module_line.rstrip("\r\n"))
        sources: list[list[str]] = [[] for _ in self.cells]
        matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal":
                for index in range(old_start, old_end):
                    sources[owner[index]].append(_ended(written[index]))
                continue
            if any(blanked[old_start:old_end]):
                return None
            pending: list[str] = []
            old = old_start
            for new in new_lines[new_start:new_end]:
                match = _next_match(old_lines, old, old_end, new)
                if match is None:
                    pending.append(new)
                    continue
                sources[owner[match]].extend([*pending, new])
                pending, old = [], match + 1
            if pending:  # lines added above the line after the block, or at the very end
                after = owner[old_end] if old_end < len(owner) else len(sources) - 1
                if after < 0:
                    return None
                sources[after].extend(pending)
        cells = [
            replace(cell, source=_closed("".join(lines), cell.source))
            for cell, lines in zip(self.cells, sources, strict=True)
        ]
        first_line = 1
        for index, cell in enumerate(cells):
            cells[index] = replace(cell, first_line=first_line)
            first_line += len(cell.lines)
        return Notebook(self.raw, tuple(cells))

    def edited(self, edits: set[Edit]) -> Notebook | None:  # the Fixable protocol of lint.fixing
        return self.with_text(apply_edits(self.text, edits))

    def render(self) -> str:
        """The file's text with the changed cells' sources written in."""
        original = {cell.number: cell for cell in Notebook.parse(self.raw).cells}
        pieces = []
        for cell in self.cells:
            before = original[cell.number]
            if cell.source != before.source:
                pieces.extend(_replacements(self.raw, before, cell.source))
        result = self.raw
        for span, text in sorted(pieces, key=lambda p: p[0].start, reverse=True):
            result = result[: span.start] + text + result[span.end :]
        return result

    def changed_cells(self, other: Notebook) -> Iterator[tuple[int, str, str]]:
        """``(cell number, old source, new source)`` of the cells ``other`` changed."""
        for mine, theirs in zip(self.cells, other.cells, strict=True):
            if mine.source != theirs.source:
                yield mine.number, mine.source, theirs.source


def _lines(text: str) -> list[str]:
    """The lines of a text as Python counts them, each with its line break."""
    return [line for line in source_lines(text) if line]


def _next_match(lines: list[str], start: int, end: int, new: str) -> int | None:
    """The first of ``lines[start:end]`` that ``new`` is an edit of (its text mostly kept)."""
    for index in range(start, end):
        if difflib.SequenceMatcher(None, lines[index], new).ratio() > 0.6:
            return index
    return None


def _closed(source: str, before: str) -> str:
    """A cell's new source ending as the old one did (nbformat drops the last newline)."""
    if before.endswith("\n") or not source.endswith("\n"):
        return source
    return source[:-1]


def _ended(line: str) -> str:
    return line if line.endswith(("\n", "\r")) else line + "\n"


def _is_python(document: dict) -> bool:
    metadata = document.get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    name = info.get("name") if isinstance(info, dict) else None
    return name is None or str(name).lower() == "python"


def _module_lines(cell: CodeCell) -> str:
    """The cell's lines as the module has them: IPython syntax blanked, each ending in a
    newline."""
    lines = [line.rstrip("\r\n") for line in cell.lines]
    if not lines:
        return ""
    first = lines[0].strip()
    if first.startswith("%%"):
        if first.split()[0] not in _PYTHON_CELL_MAGICS:
            return "\n" * len(lines)
        lines[0] = ""
    candidates = [i for i, line in enumerate(lines) if _ipython_line(line)]
    blanked = list(lines)
    for index in candidates:
        blanked[index] = _blank(lines[index])
    for index in _inside_strings(blanked, candidates):
        blanked[index] = lines[index]
    return "".join(line + "\n" for line in blanked)


def _ipython_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    if _LINE_MAGIC.match(line) or _HELP.match(line):
        return True
    # `files = !ls`, `out = %timeit -o f()`: a magic's value assigned.
    return bool(re.match(r"\s*[\w.,\s]+=\s*[%!]", line))


def _blank(line: str) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    return f"{indent}pass" if indent else ""


def _inside_strings(lines: list[str], candidates: list[int]) -> list[int]:
    """The candidate lines that lie inside a multi-line string (text, not IPython)."""
    if not candidates:
        return []
    inside: set[int] = set()
    try:
        tokens = tokenize.generate_tokens(io.StringIO("".join(x + "\n" for x in lines)).readline)
        for token in tokens:
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                inside.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return []
    return [index for index in candidates if index + 1 in inside]


def _replacements(raw: str, cell: CodeCell, source: str) -> list[tuple[_Span, str]]:
    """The JSON text to put where ``cell``'s source was, written as the file writes."""
    located = cell.located
    lines = _lines(source)
    ascii_only = "\\u" in raw[located.value.start : located.value.end]
    if located.lines is None or len(located.lines) != len(lines):
        if located.lines is None:
            return [(located.value, json.dumps(source, ensure_ascii=ascii_only))]
        return [(located.value, _json_lines(raw, located, lines, ascii_only))]
    old = cell.lines
    return [
        (span, json.dumps(new, ensure_ascii=ascii_only))
        for span, new, before in zip(located.lines, lines, old, strict=True)
        if new != before
    ]


def _json_lines(raw: str, located: _SourceValue, lines: list[str], ascii_only: bool) -> str:
    """A list of line strings laid out as the file lays out the list it replaces."""
    spans = located.lines or ()
    value = located.value
    if spans:
        opening = raw[value.start + 1 : spans[0].start]
        closing = raw[spans[-1].end : value.end - 1]
        separator = raw[spans[0].end : spans[1].start] if len(spans) > 1 else "," + opening
    else:
        opening, closing, separator = "\n", "\n", ",\n"
    items = separator.join(json.dumps(line, ensure_ascii=ascii_only) for line in lines)
    return "[" + opening + items + closing + "]" if lines else "[]"


def _parse_json(raw: str) -> tuple[object, dict[int, _SourceValue]]:
    """The document, and where each cell's ``source`` is (by the cell's index)."""
    located: dict[int, _SourceValue] = {}
    value, end = _value(raw, _skip(raw, 0), (), located)
    if _skip(raw, end) != len(raw):
        raise ValueError("extra data after the document")
    return value, located


def _skip(raw: str, index: int) -> int:
    match = _WHITESPACE.match(raw, index)
    return match.end() if match else index


def _value(
    raw: str, index: int, path: tuple, located: dict[int, _SourceValue]
) -> tuple[object, int]:
    char = raw[index]
    if char == '"':
        return scanstring(raw, index + 1)
    if char == "{":
        return _object(raw, index, path, located)
    if char == "[":
        items: list[object] = []
        spans: list[_Span] = []
        index = _skip(raw, index + 1)
        if raw[index] == "]":
            return items, index + 1
        while True:
            start = index
            item, index = _value(raw, index, (*path, len(items)), located)
            items.append(item)
            spans.append(_Span(start, index))
            index = _skip(raw, index)
            if raw[index] == "]":
                break
            if raw[index] != ",":
                raise ValueError(f"expected ',' at character {index}")
            index = _skip(raw, index + 1)
        if len(path) == 3 and path[0] == "cells" and path[2] == "source":
            located[path[1]] = _SourceValue(_Span(0, 0), tuple(spans))  # value: by the key
        return items, index + 1
    match = _LITERAL.match(raw, index)
    if match is None:
        raise ValueError(f"unexpected {char!r} at character {index}")
    return json.loads(match.group()), match.end()


def _object(
    raw: str, index: int, path: tuple, located: dict[int, _SourceValue]
) -> tuple[object, int]:
    members: dict[str, object] = {}
    index = _skip(raw, index + 1)
    if raw[index] == "}":
        return members, index + 1
    while True:
        if raw[index] != '"':
            raise ValueError(f"expected a key at character {index}")
        key, index = scanstring(raw, index + 1)
        index = _skip(raw, index)
        if raw[index] != ":":
            raise ValueError(f"expected ':' at character {index}")
        index = _skip(raw, index + 1)
        start = index
        members[key], index = _value(raw, index, (*path, key), located)
        if len(path) == 2 and path[0] == "cells" and key == "source":
            found = located.get(path[1])
            if isinstance(members[key], str):
                located[path[1]] = _SourceValue(_Span(start, index), None)
            elif found is not None:
                located[path[1]] = _SourceValue(_Span(start, index), found.lines)
            else:  # an empty list
                located[path[1]] = _SourceValue(_Span(start, index), ())
        index = _skip(raw, index)
        if raw[index] == "}":
            return members, index + 1
        if raw[index] != ",":
            raise ValueError(f"expected ',' at character {index}")
        index = _skip(raw, index + 1)
