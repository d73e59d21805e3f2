"""Where things are in one analyzed text, in the analyzer's terms and in the editor's.

The analyzer speaks ``ast``'s positions: 1-based lines and 0-based offsets into the
line's UTF-8 bytes. An editor speaks LSP positions: 0-based lines and offsets in the
units the client negotiated (UTF-16 by default). Every conversion goes through
:class:`SourceText`, built once per analyzed version of a document, so a result
computed for an older text is never placed with a newer text's lines.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cached_property

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

# LSP splits lines on these only (str.splitlines also splits on form feeds and more).
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD = re.compile(r"[\w.]+|\S")

Spot = tuple[int, int]  # the analyzer's (1-based line, 0-based UTF-8 byte offset)


@dataclass(frozen=True)
class Span:
    """An ``ast`` node's extent, in the analyzer's positions."""

    start: Spot
    end: Spot

    def contains(self, spot: Spot) -> bool:
        return self.start <= spot <= self.end


def span(node: ast.AST) -> Span:
    start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end_line = getattr(node, "end_lineno", None) or start[0]
    end_col = getattr(node, "end_col_offset", None)
    return Span(start, (end_line, start[1] if end_col is None else end_col))


class SourceText:
    """One version of a document's text, its lines, and its calls."""

    def __init__(self, text: str, tree: ast.Module | None, codec: PositionCodec) -> None:
        self.text = text
        self.tree = tree
        self.codec = codec
        self.lines = _LINE_BREAK.split(text)

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line``, without its line break ("" past the end)."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    # ------------------------------------------------------------ conversions
    def position(self, spot: Spot) -> types.Position:
        line, byte_offset = spot
        text = self.line_text(line)
        characters = text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")
        return types.Position(max(line - 1, 0), self.codec.client_num_units(characters))

    def end_of_line(self, line: int) -> types.Position:
        return types.Position(max(line - 1, 0), self.codec.client_num_units(self.line_text(line)))

    def character_position(self, line: int, character: int) -> types.Position:
        """The position of the 0-based ``character`` (a code point) of 1-based ``line``."""
        text = self.line_text(line)[:character]
        return types.Position(max(line - 1, 0), self.codec.client_num_units(text))

    def line_start(self, line: int) -> types.Position:
        """Where 1-based ``line`` starts; past the last line, the end of the text."""
        if line <= len(self.lines):
            return types.Position(line - 1, 0)
        return self.end_of_line(len(self.lines))

    def range(self, where: Span) -> types.Range:
        return types.Range(self.position(where.start), self.position(where.end))

    def spot(self, position: types.Position) -> Spot:
        """The analyzer's position of an editor's position in this text."""
        text = self.line_text(position.line + 1)
        units = 0
        characters = len(text)
        for index, char in enumerate(text):
            if units >= position.character:
                characters = index
                break
            units += self.codec.client_num_units(char)
        return position.line + 1, len(text[:characters].encode("utf-8"))

    # ------------------------------------------------------------ the text's nodes
    @cached_property
    def nodes(self) -> TextNodes:
        """The calls, names, assignments and ``return`` values of the text, in one walk."""
        return TextNodes(self.tree)

    @property
    def calls(self) -> list[tuple[Span, ast.Call]]:
        return self.nodes.calls

    @cached_property
    def call_starts(self) -> dict[Spot, list[ast.Call]]:
        """The calls starting at each position, innermost (shortest) first: ``Conv2D(8, 3)``
        before ``Conv2D(8, 3)(x)``."""
        starts: dict[Spot, list[tuple[Span, ast.Call]]] = {}
        for where, call in self.calls:
            starts.setdefault(where.start, []).append((where, call))
        return {
            spot: [call for _, call in sorted(found, key=lambda item: item[0].end)]
            for spot, found in starts.items()
        }

    @cached_property
    def lines_with_calls(self) -> set[int]:
        return {line for line, _ in self.call_starts}

    def calls_at(self, spot: Spot) -> list[ast.Call]:
        """The calls whose text holds ``spot``, innermost first."""
        found = [(where, call) for where, call in self.calls if where.contains(spot)]
        found.sort(key=lambda item: (item[0].start, _negated(item[0].end)), reverse=True)
        return [call for _, call in found]

    def name_at(self, spot: Spot) -> ast.Name | None:
        return next((name for name in self.nodes.names if span(name).contains(spot)), None)

    def finding_range(self, line: int, byte_offset: int) -> types.Range:
        """What a finding at this position underlines: the innermost call starting there
        (``Input(256, 256, 1)``), a comment to the end of its line, else the word there."""
        calls = self.call_starts.get((line, byte_offset))
        if calls:
            return self.range(span(calls[0]))
        text = self.line_text(line).encode("utf-8")
        rest = text[byte_offset:].decode("utf-8", errors="ignore")
        if rest.startswith("#"):
            return types.Range(self.position((line, byte_offset)), self.end_of_line(line))
        word = _WORD.match(rest)
        length = len(word.group().encode("utf-8")) if word else 0
        return self.range(Span((line, byte_offset), (line, byte_offset + length)))


class TextNodes:
    """What hover and the symbols look up in a text's tree, collected in one walk."""

    def __init__(self, tree: ast.Module | None) -> None:
        self.calls: list[tuple[Span, ast.Call]] = []
        self.names: list[ast.Name] = []
        # name -> (line, value) of each ``name = value``, in any scope
        self.assignments: dict[str, list[tuple[int, ast.expr]]] = {}
        self.returns: dict[str, list[ast.expr]] = {}  # function name -> its returned values
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Call):
                self.calls.append((span(node), node))
            elif isinstance(node, ast.Name):
                self.names.append(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.assignments.setdefault(target.id, []).append((node.lineno, node.value))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.returns[node.name] = [
                    inner.value
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Return) and inner.value is not None
                ]


def _negated(spot: Spot) -> Spot:
    return (-spot[0], -spot[1])
