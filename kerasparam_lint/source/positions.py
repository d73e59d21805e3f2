"""Source positions for libcst nodes, without libcst's position metadata.

libcst's PositionProvider costs about twice the parse. Python's own ``ast``
parses the same text in a fraction of that and knows every statement's and
call's position, so positions come from pairing the two trees: statements in
order, and, on demand, the calls of one statement in source order. A compound
statement's calls are those of its header (``if``'s test, a ``def``'s decorators
and defaults): the statements in its blocks are run, and paired, one by one.
"""

from __future__ import annotations

import ast
from typing import Any

import libcst as cst

from kerasparam_lint.source.cst_walk import walk

Position = tuple[int, int]  # 1-based line, 0-based column (as flake8 takes them)

_CST_STATEMENTS = (cst.BaseStatement, cst.BaseSmallStatement)


def _cst_calls(statement: cst.CSTNode) -> list[cst.Call]:
    """The calls of ``statement`` outside the statements nested in it, in source order."""
    return [n for n in walk(statement, skip=_CST_STATEMENTS) if type(n) is cst.Call]


def _ast_calls(statement: ast.stmt) -> list[ast.Call]:
    """The same calls in ``ast``'s tree, sorted into source order (``ast.walk`` costs
    twice this loop: a generator per node, and every ``Load`` context visited)."""
    statements = ast.stmt  # nested ones are paired on their own
    calls = []
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if type(node) is ast.Call:
            calls.append(node)
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(
                    [v for v in value if isinstance(v, ast.AST) and not isinstance(v, statements)]
                )
            elif isinstance(value, ast.AST) and name != "ctx":
                stack.append(value)
    calls.sort(
        key=lambda c: (c.lineno, c.col_offset, -(c.end_lineno or 0), -(c.end_col_offset or 0))
    )
    return calls


class SourcePositions:
    """Maps libcst statements and calls to (line, column)."""

    def __init__(
        self,
        module: cst.Module,
        source: str,
        tree: ast.Module | None = None,
        calls: dict[int, Position] | None = None,
    ) -> None:
        self._statements: dict[int, ast.stmt] = {}
        self._calls: dict[int, Position] = dict(calls or {})  # known without pairing
        self._paired: set[int] = set()
        if tree is None:
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return
        self._pair_block(module.body, tree.body)

    def _pair_block(self, cst_body: Any, ast_body: list[ast.stmt]) -> None:
        index = 0
        for statement in cst_body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if index < len(ast_body):
                        self._statements[id(small)] = ast_body[index]
                        index += 1
                continue
            if index >= len(ast_body):
                return
            node = ast_body[index]
            index += 1
            self._statements[id(statement)] = node
            self._pair_children(statement, node)

    def _pair_children(self, statement: cst.CSTNode, node: ast.stmt) -> None:
        body = getattr(statement, "body", None)
        inner = getattr(body, "body", None)
        if isinstance(inner, (list, tuple)) and isinstance(getattr(node, "body", None), list):
            self._pair_block(inner, node.body)
        if isinstance(statement, cst.If) and statement.orelse is not None:
            orelse = statement.orelse
            if isinstance(orelse, cst.If):
                self._pair_block([orelse], node.orelse)
            else:
                self._pair_block(orelse.body.body, node.orelse)
        elif isinstance(statement, (cst.For, cst.While)) and statement.orelse is not None:
            self._pair_block(statement.orelse.body.body, node.orelse)
        elif isinstance(statement, cst.Try) and isinstance(node, ast.Try):
            for handler, ast_handler in zip(statement.handlers, node.handlers, strict=False):
                self._pair_block(handler.body.body, ast_handler.body)
            if statement.orelse is not None:
                self._pair_block(statement.orelse.body.body, node.orelse)
            if statement.finalbody is not None:
                self._pair_block(statement.finalbody.body.body, node.finalbody)

    def statement(self, statement: cst.CSTNode) -> Position:
        node = self._statements.get(id(statement))
        if node is None:
            return (1, 0)
        return (node.lineno, node.col_offset)

    def enclosing_call(self, statement: cst.CSTNode, node: cst.CSTNode) -> Position:
        """Position of the innermost call of ``statement`` that holds ``node`` (the layer
        a name is read for), else the statement's own."""
        for call in reversed(_cst_calls(statement)):  # an inner call comes after its outer
            if any(n is node for n in walk(call)):
                return self.call(statement, call)
        return self.statement(statement)

    def call(self, statement: cst.CSTNode, call: cst.CSTNode) -> Position:
        """Position of ``call`` inside ``statement`` (pairs that statement's calls once)."""
        known = self._calls.get(id(call))
        if known is not None:
            return known
        if id(statement) not in self._paired:
            self._paired.add(id(statement))
            node = self._statements.get(id(statement))
            if node is not None:
                cst_calls = _cst_calls(statement)
                ast_calls = _ast_calls(node)
                if len(ast_calls) == len(cst_calls):
                    for cst_call, ast_call in zip(cst_calls, ast_calls, strict=True):
                        self._calls[id(cst_call)] = (ast_call.lineno, ast_call.col_offset)
        return self._calls.get(id(call)) or self.statement(statement)
