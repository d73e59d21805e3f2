"""libcst trees for big files, built from CPython's tree instead of libcst's parser.

libcst's parser spends about 5 seconds and 900 MB on a megabyte of generated model
code, nearly all of it on whitespace and tokens that the evaluator never reads.
CPython has already parsed the text (for positions and syntax errors), so the
top-level statements the evaluator reads most (assignments and expression
statements built from names, attributes, calls, literals and operators) are built as
libcst nodes straight from that tree. Every other statement, and any group of
statements that share a line, is parsed by libcst from its own lines, as before.

The nodes carry no formatting (nothing that reads them renders them) and are made in
source order, so :mod:`kerasparam_lint.source.positions` pairs them with the ast
tree exactly as it pairs parsed ones.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

import libcst as cst

from kerasparam_lint.source.positions import Position

# Above this many characters a text is built from CPython's tree; below it, libcst's
# parser costs little and is what every rule and fix was written against.
BIG_TEXT_CHARACTERS = 200_000


# Where CPython's lines end (``str.splitlines`` also ends them at form feeds).
_LINE_ENDS = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")


# Formatting that nothing reads, made once and shared: libcst would make (and validate)
# a fresh whitespace node for each of these fields of each node, about 400,000 a megabyte.
_NO_SPACE = cst.SimpleWhitespace("")
_LINE_END = cst.TrailingWhitespace()
_ARG_SPACES = {"whitespace_after_star": _NO_SPACE, "whitespace_after_arg": _NO_SPACE}
# Operators keep their grouping in the tree; the brackets make it render as it reads.
_PARENTHESES = {"lpar": [cst.LeftParen()], "rpar": [cst.RightParen()]}
_CALL_SPACES = {"whitespace_after_func": _NO_SPACE, "whitespace_before_args": _NO_SPACE}


class _Unsupported(Exception):
    """The statement holds a construct built here by libcst's parser instead."""


def module_from_ast(tree: ast.Module, text: str) -> tuple[cst.Module, dict[int, Position]]:
    """The libcst module of ``text``, whose CPython tree is ``tree``, and the position of
    each call built here (by ``id``; parsed statements are paired as usual)."""
    builder = _Builder()
    lines = _LINE_ENDS.split(text)
    body: list[cst.BaseStatement] = []
    statements = tree.body
    index = 0
    while index < len(statements):
        first = statements[index]
        group_end = index + 1  # statements sharing a line (``a = 1; b = f(a)``) go together
        last_line = first.end_lineno or first.lineno
        while group_end < len(statements) and statements[group_end].lineno <= last_line:
            last_line = max(last_line, statements[group_end].end_lineno or last_line)
            group_end += 1
        built = builder.statement(first) if group_end == index + 1 else None
        if built is None:
            start = min([first.lineno] + [d.lineno for d in getattr(first, "decorator_list", [])])
            body.append(cst.parse_statement("".join(lines[start - 1 : last_line])))
        else:
            body.append(built)
        index = group_end
    return cst.Module(body=body), builder.calls


class _Builder:
    """Builds libcst nodes from ast ones, noting where each call is."""

    def __init__(self) -> None:
        self.calls: dict[int, Position] = {}
        # Leaves are shared: one ``Name("x")`` or ``Integer("32")`` for every use of it
        # (nothing is told apart by a leaf's identity), a third of the nodes of a model.
        self._leaves: dict[tuple[type, object], cst.BaseExpression] = {}

    def _name(self, identifier: str) -> cst.Name:
        leaf = self._leaves.get((cst.Name, identifier))
        if leaf is None:
            leaf = self._leaves[(cst.Name, identifier)] = cst.Name(identifier)
        return leaf  # type: ignore[return-value]

    def _constant(self, node: ast.Constant) -> cst.BaseExpression:
        key = (type(node.value), node.value)
        leaf = self._leaves.get(key)
        if leaf is None:
            leaf = self._leaves[key] = _constant(node)
        return leaf

    def statement(self, statement: ast.stmt) -> cst.SimpleStatementLine | None:
        """The statement as libcst's, or None when it holds what is parsed instead."""
        try:
            if type(statement) is ast.Expr:
                small: cst.BaseSmallStatement = cst.Expr(self.expression(statement.value))
            elif type(statement) is ast.Assign:
                targets = [
                    cst.AssignTarget(self.expression(t), _NO_SPACE, _NO_SPACE)
                    for t in statement.targets
                ]
                small = cst.Assign(targets, self.expression(statement.value))
            elif type(statement) is ast.AugAssign:
                target, value = self.expression(statement.target), self.expression(statement.value)
                small = cst.AugAssign(target, _AUGMENTED[type(statement.op)], value)
            else:
                return None
        except (_Unsupported, KeyError, cst.CSTValidationError):
            return None
        return cst.SimpleStatementLine([small], trailing_whitespace=_LINE_END)

    def expression(self, node: ast.expr) -> cst.BaseExpression:
        kind = type(node)
        if kind is ast.Name:
            return self._name(node.id)
        if kind is ast.Constant:
            return self._constant(node)
        if kind is ast.Attribute:
            return cst.Attribute(self.expression(node.value), self._name(node.attr))
        if kind is ast.Call:
            return self._call(node)
        if kind in _SEQUENCES:
            return _SEQUENCES[kind]([self._element(e) for e in node.elts])
        if kind is ast.Dict:
            return self._dict(node)
        if kind is ast.Subscript:
            return self._subscript(node)
        if kind is ast.BinOp:
            operator = _BINARY[type(node.op)]
            left, right = self.expression(node.left), self.expression(node.right)
            return cst.BinaryOperation(left, operator, right, **_PARENTHESES)
        if kind is ast.UnaryOp:
            operand = self.expression(node.operand)
            return cst.UnaryOperation(_UNARY[type(node.op)], operand, **_PARENTHESES)
        if kind is ast.BoolOp:
            return self._boolean(node)
        if kind is ast.Compare:
            return self._comparison(node)
        if kind is ast.IfExp:
            test, body = self.expression(node.test), self.expression(node.body)
            return cst.IfExp(test, body, self.expression(node.orelse), **_PARENTHESES)
        raise _Unsupported(kind.__name__)

    def _call(self, node: ast.Call) -> cst.Call:
        parts: list[tuple[int, int, cst.Arg]] = []
        for value in node.args:
            if type(value) is ast.Starred:
                arg = cst.Arg(self.expression(value.value), star="*", **_ARG_SPACES)
            else:
                arg = cst.Arg(self.expression(value), **_ARG_SPACES)
            parts.append((value.lineno, value.col_offset, arg))
        for keyword in node.keywords:
            value = self.expression(keyword.value)
            if keyword.arg is None:
                arg = cst.Arg(value, star="**", **_ARG_SPACES)
            else:
                arg = cst.Arg(value, keyword=self._name(keyword.arg), **_ARG_SPACES)
            parts.append((keyword.lineno, keyword.col_offset, arg))
        parts.sort(key=lambda part: part[:2])  # as written: ``f(x=1, *rest)`` keeps its order
        call = cst.Call(self.expression(node.func), [arg for _, _, arg in parts], **_CALL_SPACES)
        self.calls[id(call)] = (node.lineno, node.col_offset)
        return call

    def _element(self, node: ast.expr) -> cst.BaseElement:
        if type(node) is ast.Starred:
            return cst.StarredElement(self.expression(node.value))
        return cst.Element(self.expression(node))

    def _dict(self, node: ast.Dict) -> cst.Dict:
        elements: list[cst.BaseDictElement] = []
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                elements.append(cst.StarredDictElement(self.expression(value)))
            else:
                elements.append(cst.DictElement(self.expression(key), self.expression(value)))
        return cst.Dict(elements)

    def _subscript(self, node: ast.Subscript) -> cst.Subscript:
        index = node.slice
        if type(index) is ast.Slice:
            slice_: cst.BaseSlice = cst.Slice(
                lower=None if index.lower is None else self.expression(index.lower),
                upper=None if index.upper is None else self.expression(index.upper),
                step=None if index.step is None else self.expression(index.step),
            )
        elif type(index) is ast.Tuple:  # ``x[:, 0]`` and ``x[(1, 2)]`` look alike here
            raise _Unsupported("tuple index")
        else:
            slice_ = cst.Index(self.expression(index))
        return cst.Subscript(self.expression(node.value), [cst.SubscriptElement(slice_)])

    def _boolean(self, node: ast.BoolOp) -> cst.BaseExpression:
        """``a and b and c`` chains to the left, as libcst's parser builds it."""
        operator = cst.And() if type(node.op) is ast.And else cst.Or()
        result = self.expression(node.values[0])
        for value in node.values[1:-1]:
            result = cst.BooleanOperation(result, operator, self.expression(value))
        last = self.expression(node.values[-1])
        return cst.BooleanOperation(result, operator, last, **_PARENTHESES)

    def _comparison(self, node: ast.Compare) -> cst.Comparison:
        targets = [
            cst.ComparisonTarget(_COMPARISONS[type(op)], self.expression(value))
            for op, value in zip(node.ops, node.comparators, strict=True)
        ]
        return cst.Comparison(self.expression(node.left), targets, **_PARENTHESES)


def _constant(node: ast.Constant) -> cst.BaseExpression:
    value = node.value
    if value is None or value is True or value is False:
        return cst.Name(repr(value))
    if value is Ellipsis:
        return cst.Ellipsis()
    if type(value) is int:
        return cst.Integer(repr(value))
    if type(value) is float and repr(value) not in ("inf", "nan"):
        return cst.Float(repr(value))
    if type(value) in (str, bytes):
        return cst.SimpleString(repr(value))
    raise _Unsupported("constant")


_BINARY: dict[type[ast.operator], cst.BaseBinaryOp] = {
    ast.Add: cst.Add(),
    ast.Sub: cst.Subtract(),
    ast.Mult: cst.Multiply(),
    ast.Div: cst.Divide(),
    ast.FloorDiv: cst.FloorDivide(),
    ast.Mod: cst.Modulo(),
    ast.Pow: cst.Power(),
    ast.MatMult: cst.MatrixMultiply(),
    ast.LShift: cst.LeftShift(),
    ast.RShift: cst.RightShift(),
    ast.BitOr: cst.BitOr(),
    ast.BitXor: cst.BitXor(),
    ast.BitAnd: cst.BitAnd(),
}
_AUGMENTED: dict[type[ast.operator], cst.BaseAugOp] = {
    ast.Add: cst.AddAssign(),
    ast.Sub: cst.SubtractAssign(),
    ast.Mult: cst.MultiplyAssign(),
    ast.Div: cst.DivideAssign(),
    ast.FloorDiv: cst.FloorDivideAssign(),
    ast.Mod: cst.ModuloAssign(),
    ast.Pow: cst.PowerAssign(),
    ast.MatMult: cst.MatrixMultiplyAssign(),
    ast.LShift: cst.LeftShiftAssign(),
    ast.RShift: cst.RightShiftAssign(),
    ast.BitOr: cst.BitOrAssign(),
    ast.BitXor: cst.BitXorAssign(),
    ast.BitAnd: cst.BitAndAssign(),
}
_UNARY: dict[type[ast.unaryop], cst.BaseUnaryOp] = {
    ast.USub: cst.Minus(),
    ast.UAdd: cst.Plus(),
    ast.Not: cst.Not(),
    ast.Invert: cst.BitInvert(),
}
_COMPARISONS: dict[type[ast.cmpop], cst.BaseCompOp] = {
    ast.Eq: cst.Equal(),
    ast.NotEq: cst.NotEqual(),
    ast.Lt: cst.LessThan(),
    ast.LtE: cst.LessThanEqual(),
    ast.Gt: cst.GreaterThan(),
    ast.GtE: cst.GreaterThanEqual(),
    ast.Is: cst.Is(),
    ast.IsNot: cst.IsNot(),
    ast.In: cst.In(),
    ast.NotIn: cst.NotIn(),
}
_SEQUENCES: dict[type[ast.expr], Callable[[list[cst.BaseElement]], cst.BaseExpression]] = {
    ast.Tuple: cst.Tuple,
    ast.List: cst.List,
    ast.Set: cst.Set,
}
