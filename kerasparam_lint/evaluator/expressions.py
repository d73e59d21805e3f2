"""Expressions: names, literals, containers, operators, comprehensions (calls are in
``calls``). Values too big to matter are not computed; what cannot be known is UNKNOWN."""

from __future__ import annotations

import operator
from functools import partial
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator import python_builtins
from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.constants import is_constant
from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.syntax import literal
from kerasparam_lint.evaluator.user_instances import SuperProxy, UserClass
from kerasparam_lint.evaluator.values import Builtin, Environment, Origin, UserFunction
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown
from kerasparam_lint.source.bound_names import Bindings

_BINARY = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
    cst.LeftShift: operator.lshift,
    cst.RightShift: operator.rshift,
    cst.BitAnd: operator.and_,
    cst.BitOr: operator.or_,
    cst.BitXor: operator.xor,
    cst.MatrixMultiply: operator.matmul,
}


_COMPARE = {
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
    cst.Is: operator.is_,
    cst.IsNot: operator.is_not,
    cst.In: lambda a, b: a in b,
    cst.NotIn: lambda a, b: a not in b,
}


_KEYWORD_CONSTANTS = {"None": None, "True": True, "False": False}


_MAX_INT_BITS = 1 << 16


class Expressions:
    """The expression half of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    bindings: Bindings | None
    assumed_names: dict[str, None]
    libraries: list[Library]
    globals: Environment
    unread_imports: bool

    def eval(self, node: cst.BaseExpression, env: Environment) -> Any:
        self.tick()
        handler = getattr(self, "_expr_" + type(node).__name__, None)
        if handler is None:
            return UNKNOWN
        try:
            return handler(node, env)
        except (CannotKnow, RecursionError, MemoryError):
            return UNKNOWN

    def _expr_Name(self, node: cst.Name, env: Environment) -> Any:
        if node.value in _KEYWORD_CONSTANTS:
            return _KEYWORD_CONSTANTS[node.value]
        found, value = env.lookup(node.value)
        if found:
            if self.unread_imports:
                origin = env.origin(node.value)
                if origin is not None and contains_unknown(value):
                    self.read_origin(origin, node)
            return value
        if node.value == "super":
            return self._super(env)
        if node.value in python_builtins.BUILTINS:
            return python_builtins.BUILTINS[node.value]
        stars = env.root().star_origins
        if stars:
            self.read_origin(Origin(node.value, f"{node.value}, {' or '.join(stars)}"), node)
        return self._assumed(node.value, env)

    def _assumed(self, name: str, env: Environment) -> Any:
        """A name the analyzed file never binds, used in its own code: a library's public
        name of that spelling, if there is one (the import a pasted snippet leaves out)."""
        bindings = self.bindings
        if bindings is None or not bindings.never_bound(name) or env.root() is not self.globals:
            return UNKNOWN
        for library in self.libraries:
            value = library.assumed_name(name)
            if value is not NOT_MINE:
                self.assumed_names[name] = None
                return value
        return UNKNOWN

    def _super(self, env: Environment) -> Builtin:
        """``super()`` inside a method (zero-argument form) or ``super(Class, self)``."""
        owner = env.lookup("__class__")[1]
        receiver = env.lookup("__self__")[1]

        def make(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
            cls, obj = (args[0], args[1]) if len(args) == 2 else (owner, receiver)
            return SuperProxy(cls, obj) if isinstance(cls, UserClass) else UNKNOWN

        return Builtin("super", make)

    def _expr_Integer(self, node: cst.Integer, env: Environment) -> Any:
        return literal(node.value)

    def _expr_Float(self, node: cst.Float, env: Environment) -> Any:
        return literal(node.value)

    def _expr_Imaginary(self, node: cst.Imaginary, env: Environment) -> Any:
        return literal(node.value)

    def _expr_SimpleString(self, node: cst.SimpleString, env: Environment) -> Any:
        return literal(node.value)

    def _expr_ConcatenatedString(self, node: cst.ConcatenatedString, env: Environment) -> Any:
        left = self.eval(node.left, env)
        right = self.eval(node.right, env)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        return UNKNOWN

    def _expr_FormattedString(self, node: cst.FormattedString, env: Environment) -> Any:
        parts: list[str] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
                continue
            value = self.eval(part.expression, env)
            if not is_constant(value):
                return UNKNOWN
            spec = ""
            if part.format_spec:
                spec_value = self._expr_FormattedString(
                    cst.FormattedString(parts=part.format_spec), env
                )
                if not isinstance(spec_value, str):
                    return UNKNOWN
                spec = spec_value
            if part.conversion == "r":
                value = repr(value)
            elif part.conversion in ("s", "a"):
                value = str(value) if part.conversion == "s" else ascii(value)
            try:
                parts.append(format(value, spec))
            except (ValueError, TypeError):
                return UNKNOWN
        return "".join(parts)

    def _expr_Ellipsis(self, node: cst.Ellipsis, env: Environment) -> Any:
        return ...

    def _expr_Tuple(self, node: cst.Tuple, env: Environment) -> Any:
        items = self._elements(node.elements, env)
        return UNKNOWN if items is UNKNOWN else tuple(items)

    def _expr_List(self, node: cst.List, env: Environment) -> Any:
        return self._elements(node.elements, env)

    def _expr_Set(self, node: cst.Set, env: Environment) -> Any:
        items = self._elements(node.elements, env)
        if items is UNKNOWN or not is_constant(items):
            return UNKNOWN
        return set(items)

    def _elements(self, elements: Any, env: Environment) -> Any:
        items: list[Any] = []
        for element in elements:
            if isinstance(element, cst.StarredElement):
                spread = self.sequence(self.eval(element.value, env))
                if spread is UNKNOWN:
                    return UNKNOWN
                items.extend(spread)
            else:
                items.append(self.eval(element.value, env))
        return items

    def _expr_Dict(self, node: cst.Dict, env: Environment) -> Any:
        result: dict[Any, Any] = {}
        for element in node.elements:
            if isinstance(element, cst.StarredDictElement):
                spread = self.eval(element.value, env)
                if not isinstance(spread, dict):
                    return UNKNOWN
                result.update(spread)
                continue
            key = self.eval(element.key, env)
            if not is_constant(key) or isinstance(key, (list, dict, set)):
                return UNKNOWN
            result[key] = self.eval(element.value, env)
        return result

    def _expr_Attribute(self, node: cst.Attribute, env: Environment) -> Any:
        receiver = self.eval(node.value, env)
        return self.get_attribute(receiver, node.attr.value)

    def _expr_Subscript(self, node: cst.Subscript, env: Environment) -> Any:
        container = self.eval(node.value, env)
        key = self._subscript_key(node, env)
        if container is UNKNOWN or key is UNKNOWN:
            return UNKNOWN
        return self.subscript(container, key)

    def _subscript_key(self, node: cst.Subscript, env: Environment) -> Any:
        keys: list[Any] = []
        for element in node.slice:
            keys.append(self._slice_part(element.slice, env))
        if any(key is UNKNOWN for key in keys):
            return UNKNOWN
        return keys[0] if len(keys) == 1 else tuple(keys)

    def _slice_part(self, part: Any, env: Environment) -> Any:
        if isinstance(part, cst.Index):
            return self.eval(part.value, env)
        bounds = []
        for bound in (part.lower, part.upper, part.step):
            value = None if bound is None else self.eval(bound, env)
            if value is UNKNOWN:
                return UNKNOWN
            bounds.append(value)
        return slice(*bounds)

    def _expr_BinaryOperation(self, node: cst.BinaryOperation, env: Environment) -> Any:
        left = self.eval(node.left, env)
        right = self.eval(node.right, env)
        return self.binary(type(node.operator), left, right, node)

    def binary(self, op_type: Any, left: Any, right: Any, node: cst.CSTNode) -> Any:
        if not (is_constant(left) and is_constant(right)):
            return self.library_binary(op_type.__name__, left, right, lambda: self.site(node))
        function = _BINARY.get(op_type)
        if function is None:
            return UNKNOWN
        self._check_size(op_type, left, right)
        try:
            return function(left, right)
        except (ArithmeticError, TypeError, ValueError):
            return UNKNOWN

    def _check_size(self, op_type: Any, left: Any, right: Any) -> None:
        """Values too big to matter are not computed (``'a' * 10**10``, ``x = x + x``)."""
        sequences = (str, bytes, list, tuple)
        if op_type is cst.Multiply:
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, sequences) and isinstance(times, int):
                    if len(seq) * times > self.limits.max_collection_size:
                        raise CannotKnow("sequence too large")
        if op_type is cst.Add and isinstance(left, sequences) and isinstance(right, sequences):
            if len(left) + len(right) > self.limits.max_collection_size:
                raise CannotKnow("sequence too large")
        if op_type in (cst.Power, cst.LeftShift) and isinstance(right, int) and right > 4096:
            raise CannotKnow("number too large")
        if _too_many_bits(op_type, left, right):
            raise CannotKnow("number too large")

    def _expr_UnaryOperation(self, node: cst.UnaryOperation, env: Environment) -> Any:
        value = self.eval(node.expression, env)
        if isinstance(node.operator, cst.Not):
            truth = self._truth(value)
            return UNKNOWN if truth is UNKNOWN else not truth
        if not is_constant(value):
            return UNKNOWN
        try:
            if isinstance(node.operator, cst.Minus):
                return -value
            if isinstance(node.operator, cst.Plus):
                return +value
            return ~value
        except TypeError:
            return UNKNOWN

    def _expr_BooleanOperation(self, node: cst.BooleanOperation, env: Environment) -> Any:
        left = self.eval(node.left, env)
        truth = self._truth(left)
        if truth is UNKNOWN:
            return UNKNOWN
        if isinstance(node.operator, cst.And):
            return self.eval(node.right, env) if truth else left
        return left if truth else self.eval(node.right, env)

    def _expr_Comparison(self, node: cst.Comparison, env: Environment) -> Any:
        left = self.eval(node.left, env)
        for target in node.comparisons:
            right = self.eval(target.comparator, env)
            outcome = self._compare(type(target.operator), left, right)
            if outcome is UNKNOWN:
                return UNKNOWN
            if not outcome:
                return False
            left = right
        return True

    def _compare(self, op_type: Any, left: Any, right: Any) -> Any:
        if op_type in (cst.Is, cst.IsNot):
            if left is UNKNOWN or right is UNKNOWN:
                return UNKNOWN
            same = left is right or (left is None and right is None)
            return same if op_type is cst.Is else not same
        if contains_unknown(left) or contains_unknown(right):
            return UNKNOWN
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return UNKNOWN  # NumPy compares element-wise, by value
        if not (is_constant(left) and is_constant(right)):
            if op_type in (cst.Equal, cst.NotEqual) and not (
                is_constant(left) or is_constant(right)
            ):
                same = left is right
                return same if op_type is cst.Equal else not same
            return UNKNOWN
        try:
            return bool(_COMPARE[op_type](left, right))
        except TypeError:
            return UNKNOWN

    def _expr_IfExp(self, node: cst.IfExp, env: Environment) -> Any:
        truth = self._truth(self.eval(node.test, env))
        if truth is UNKNOWN:
            return UNKNOWN
        return self.eval(node.body if truth else node.orelse, env)

    def _expr_Lambda(self, node: cst.Lambda, env: Environment) -> Any:
        return UserFunction(
            name="<lambda>",
            params=node.params,
            body=node.body,
            closure=env,
            defaults=self._defaults(node.params, env),
            is_lambda=True,
        )

    def _expr_NamedExpr(self, node: cst.NamedExpr, env: Environment) -> Any:
        value = self.eval(node.value, env)
        self.assign(node.target, value, env)
        return value

    def _expr_ListComp(self, node: cst.ListComp, env: Environment) -> Any:
        return self._comprehension(node, env, lambda scope: [self.eval(node.elt, scope)])

    def _expr_GeneratorExp(self, node: cst.GeneratorExp, env: Environment) -> Any:
        return self._expr_ListComp(node, env)  # type: ignore[arg-type]

    def _expr_SetComp(self, node: cst.SetComp, env: Environment) -> Any:
        items = self._comprehension(node, env, lambda scope: [self.eval(node.elt, scope)])
        return UNKNOWN if items is UNKNOWN or not is_constant(items) else set(items)

    def _expr_DictComp(self, node: cst.DictComp, env: Environment) -> Any:
        pairs = self._comprehension(
            node, env, lambda scope: [(self.eval(node.key, scope), self.eval(node.value, scope))]
        )
        if pairs is UNKNOWN or not all(is_constant(k) for k, _ in pairs):
            return UNKNOWN
        return dict(pairs)

    def _comprehension(self, node: Any, env: Environment, produce: Any) -> Any:
        scope = Environment(parent=env)
        results: list[Any] = []
        run = partial(self._comprehension_level, node.for_in, scope, produce, results)
        given_up = partial(self._given_up_comprehension, node, env)
        outcome = self.data_loop(run, given_up)
        return given_up() if outcome is UNKNOWN else results

    def _given_up_comprehension(self, node: Any, env: Environment) -> Any:
        """A comprehension not followed to its end (a budget, its iteration limit, an
        unknown iterable or condition): what it may have changed (``xs.append``) is
        unknown, and so is its value."""
        self._forget_everything_in(node, env)
        return UNKNOWN

    def _comprehension_level(
        self, clause: cst.CompFor, scope: Environment, produce: Any, results: list[Any]
    ) -> Any:
        items = self.iterate(self.eval(clause.iter, scope))
        if items is UNKNOWN:
            return UNKNOWN
        count = 0
        for item in items:
            count += 1
            if count > self.limits.max_loop_iterations:
                return UNKNOWN
            self.tick()
            self.assign(clause.target, item, scope)
            keep = True
            for condition in clause.ifs:
                truth = self._truth(self.eval(condition.test, scope))
                if truth is UNKNOWN:
                    return UNKNOWN
                keep = keep and truth
            if not keep:
                continue
            if clause.inner_for_in is not None:
                if (
                    self._comprehension_level(clause.inner_for_in, scope, produce, results)
                    is UNKNOWN
                ):
                    return UNKNOWN
            else:
                results.extend(produce(scope))
        return None


def _too_many_bits(op_type: Any, left: Any, right: Any) -> bool:
    """Would ``left <op> right`` exceed ``_MAX_INT_BITS`` (``10 ** 2 ** 20``, ``x * x``...)?"""
    if not (isinstance(left, int) and isinstance(right, int)):
        return False
    if op_type is cst.Multiply:
        bits = left.bit_length() + right.bit_length()
    elif op_type is cst.Power and right > 0 and abs(left) > 1:
        bits = left.bit_length() * right
    elif op_type is cst.LeftShift and right > 0:
        bits = left.bit_length() + right
    else:
        bits = 0
    return bits > _MAX_INT_BITS
