"""The interpreter: executes statements and evaluates expressions abstractly.

Control flow it can decide (known conditions, loops over known sequences) is
followed exactly; what it cannot decide is skipped and everything the skipped
code could have changed becomes UNKNOWN, so no later number is a guess. Hard
limits on steps, loop iterations and call depth keep every file bounded.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Iterator
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator import arrays, python_builtins
from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.keras_api import KerasWorld
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.evaluator.project_modules import ProjectModules
from kerasparam_lint.evaluator.user_classes import (
    InertMethod,
    KerasBaseInit,
    Method,
    SuperProxy,
    UserClass,
    UserClasses,
    is_user_object,
)
from kerasparam_lint.evaluator.values import (
    BoundMethod,
    Builtin,
    CallSite,
    Environment,
    KerasRef,
    UserFunction,
)
from kerasparam_lint.graph.model import Layer, Model, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown
from kerasparam_lint.source.cst_walk import walk
from kerasparam_lint.source.positions import SourcePositions


class BudgetExceeded(Exception):
    """The file needs more evaluation steps than the limit allows."""


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class _Unreachable(Exception):
    """A ``raise`` or an unknown control transfer: the rest of the block is not known."""


# What the analyzed code itself does (a module-level ``raise`` or ``return``), as
# opposed to a fault of the evaluator, when it escapes a run.
CONTROL_TRANSFERS = (_Return, _Break, _Continue, _Unreachable)


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
_AUGMENTED = {
    cst.AddAssign: cst.Add,
    cst.SubtractAssign: cst.Subtract,
    cst.MultiplyAssign: cst.Multiply,
    cst.DivideAssign: cst.Divide,
    cst.FloorDivideAssign: cst.FloorDivide,
    cst.ModuloAssign: cst.Modulo,
    cst.PowerAssign: cst.Power,
    cst.LeftShiftAssign: cst.LeftShift,
    cst.RightShiftAssign: cst.RightShift,
    cst.BitAndAssign: cst.BitAnd,
    cst.BitOrAssign: cst.BitOr,
    cst.BitXorAssign: cst.BitXor,
    cst.MatrixMultiplyAssign: cst.MatrixMultiply,
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
_CONSTANT_TYPES = (int, float, complex, str, bytes, bool, type(None))


def is_constant(value: Any) -> bool:
    """True for values whose Python operations are safe to run for real."""
    if isinstance(value, _CONSTANT_TYPES):
        return True
    if isinstance(value, (tuple, list, set, frozenset)):
        return all(is_constant(item) for item in value)
    if isinstance(value, dict):
        return all(is_constant(k) and is_constant(v) for k, v in value.items())
    return False


class Interpreter:
    """Runs one module's code abstractly; the Keras objects it makes land in ``world``."""

    def __init__(
        self,
        module: cst.Module,
        source: str,
        limits: Limits | None = None,
        syntax_tree: ast.Module | None = None,
        path: str | None = None,
    ) -> None:
        self.module = module
        self.limits = limits or Limits()
        self.positions = SourcePositions(module, source, syntax_tree)
        self.world = KerasWorld(self)
        self.project = ProjectModules(self, path)
        self.classes = UserClasses(self)
        self.globals = Environment(names={})
        self.steps = 0
        self.depth = 0
        self._statement: cst.CSTNode = module
        self.notes: list[tuple[int, str]] = []

    # ----------------------------------------------------------------- plumbing
    def tick(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > self.limits.max_steps:
            raise BudgetExceeded(f"more than {self.limits.max_steps:,} steps; raise max-steps")

    def site(self, node: cst.CSTNode) -> CallSite:
        line, col = self.positions.call(self._statement, node)
        return CallSite(line, col)

    def note(self, message: str) -> None:
        """Record why something became unknown (shown with ``--verbose``)."""
        line, _ = self.positions.statement(self._statement)
        self.notes.append((line, message))

    # --------------------------------------------------------------- statements
    def run_module(self) -> None:
        self.exec_block(self.module.body, self.globals)

    def run_imported_module(
        self, module: cst.Module, source: str, name: str, tree: ast.Module | None = None
    ) -> dict[str, Any]:
        """Run another file's module-level code (a project import); returns its globals."""
        env = Environment(names={"__name__": name})
        saved = self.positions, self._statement
        self.positions, self._statement = SourcePositions(module, source, tree), module
        try:
            self.exec_block(module.body, env)
        except (_Return, _Break, _Continue, _Unreachable):
            pass
        finally:
            self.positions, self._statement = saved
        return env.names

    def exec_block(self, statements: Any, env: Environment) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._exec_statement(small, env)
            else:
                self._exec_statement(statement, env)

    def _exec_statement(self, statement: cst.CSTNode, env: Environment) -> None:
        self.tick()
        previous = self._statement
        self._statement = statement
        try:
            handler = getattr(self, "_stmt_" + type(statement).__name__, None)
            if handler is None:
                self._forget_everything_in(statement, env)
            else:
                handler(statement, env)
        finally:
            self._statement = previous

    def _stmt_Expr(self, node: cst.Expr, env: Environment) -> None:
        self.eval(node.value, env)

    def _stmt_Assign(self, node: cst.Assign, env: Environment) -> None:
        value = self.eval(node.value, env)
        for target in node.targets:
            self.assign(target.target, value, env)

    def _stmt_AnnAssign(self, node: cst.AnnAssign, env: Environment) -> None:
        if node.value is not None:
            self.assign(node.target, self.eval(node.value, env), env)

    def _stmt_AugAssign(self, node: cst.AugAssign, env: Environment) -> None:
        current = self.eval(node.target, env)
        value = self.eval(node.value, env)
        op_type = _AUGMENTED.get(type(node.operator))
        if isinstance(current, list) and op_type is cst.Add:
            if isinstance(value, (list, tuple)) and (
                len(current) + len(value) <= self.limits.max_collection_size
            ):
                current.extend(value)
                return
            self.assign(node.target, UNKNOWN, env)
            return
        result = self.binary(op_type, current, value, node) if op_type else UNKNOWN
        self.assign(node.target, result, env)

    def _stmt_Pass(self, node: cst.Pass, env: Environment) -> None:
        return None

    def _stmt_Return(self, node: cst.Return, env: Environment) -> None:
        raise _Return(None if node.value is None else self.eval(node.value, env))

    def _stmt_Break(self, node: cst.Break, env: Environment) -> None:
        raise _Break()

    def _stmt_Continue(self, node: cst.Continue, env: Environment) -> None:
        raise _Continue()

    def _stmt_Raise(self, node: cst.Raise, env: Environment) -> None:
        raise _Unreachable()

    def _stmt_Assert(self, node: cst.Assert, env: Environment) -> None:
        return None

    def _stmt_Global(self, node: cst.Global, env: Environment) -> None:
        env.globals_declared.update(n.name.value for n in node.names)

    def _stmt_Nonlocal(self, node: cst.Nonlocal, env: Environment) -> None:
        return None

    def _stmt_Del(self, node: cst.Del, env: Environment) -> None:
        if isinstance(node.target, cst.Name):
            env.names.pop(node.target.value, None)

    def _stmt_Import(self, node: cst.Import, env: Environment) -> None:
        for alias in node.names:
            dotted = _dotted_name(alias.name)
            if alias.asname is not None:
                env.assign(_as_name(alias), self.world.import_module(dotted))
            else:
                top = dotted.split(".")[0]
                env.assign(top, self.world.import_module(top))

    def _stmt_ImportFrom(self, node: cst.ImportFrom, env: Environment) -> None:
        if node.relative:
            level = len(node.relative)
            module = "" if node.module is None else _dotted_name(node.module)
            if isinstance(node.names, cst.ImportStar):
                return
            for alias in node.names:
                name = _dotted_name(alias.name)
                value = self.project.import_from(module, name, level)
                env.assign(_as_name(alias) or name, UNKNOWN if value is None else value)
            return
        if node.module is None:
            return
        module = _dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            env.names.update(self.world.star_import(module))
            return
        for alias in node.names:
            name = _dotted_name(alias.name)
            env.assign(_as_name(alias) or name, self.world.import_from(module, name))

    def _stmt_FunctionDef(self, node: cst.FunctionDef, env: Environment) -> None:
        function = UserFunction(
            name=node.name.value,
            params=node.params,
            body=node.body,
            closure=env,
            defaults=self._defaults(node.params, env),
        )
        value: Any = function
        for decorator in reversed(node.decorators):
            value = self.call(self.eval(decorator.decorator, env), [value], {}, decorator)
        env.assign(node.name.value, value)

    def _stmt_ClassDef(self, node: cst.ClassDef, env: Environment) -> None:
        bases = [
            self.eval(arg.value, env)
            for arg in node.bases
            if arg.keyword is None and not _is_name(arg.value, "object")
        ]
        body = Environment(parent=env)
        self.exec_block(node.body.body, body)
        cls = UserClass(node.name.value, bases, body.names, opaque=bool(node.keywords))
        for value in body.names.values():
            if isinstance(value, UserFunction):
                value.owner = cls
        result: Any = cls
        for decorator in reversed(node.decorators):
            result = self.classes.decorate(self.eval(decorator.decorator, env), result, decorator)
        env.assign(node.name.value, result)

    def _stmt_If(self, node: cst.If, env: Environment) -> None:
        test = self._truth(self.eval(node.test, env))
        if test is UNKNOWN:
            self.note("condition could not be evaluated; both branches are treated as unknown")
            self._forget_everything_in(node, env)
            return
        if test:
            self.exec_block(node.body.body, env)
        elif isinstance(node.orelse, cst.If):
            self._exec_statement(node.orelse, env)
        elif node.orelse is not None:
            self.exec_block(node.orelse.body.body, env)

    def _stmt_For(self, node: cst.For, env: Environment) -> None:
        items = self.iterate(self.eval(node.iter, env))
        if items is UNKNOWN:
            self.note("loop over a value that could not be evaluated")
            self._forget_everything_in(node, env)
            return
        broke = self._loop(node, env, items)
        if not broke and node.orelse is not None:
            self.exec_block(node.orelse.body.body, env)

    def _loop(self, node: cst.For, env: Environment, items: Iterator[Any]) -> bool:
        count = 0
        for item in items:
            count += 1
            if count > self.limits.max_loop_iterations:
                self.note(f"loop stopped after {self.limits.max_loop_iterations} iterations")
                self._forget_everything_in(node, env)
                return True
            self.tick()
            self.assign(node.target, item, env)
            try:
                self.exec_block(node.body.body, env)
            except _Break:
                return True
            except _Continue:
                continue
        return False

    def _stmt_While(self, node: cst.While, env: Environment) -> None:
        count = 0
        while True:
            test = self._truth(self.eval(node.test, env))
            if test is UNKNOWN:
                self._forget_everything_in(node, env)
                return
            if not test:
                break
            count += 1
            if count > self.limits.max_loop_iterations:
                self.note(f"loop stopped after {self.limits.max_loop_iterations} iterations")
                self._forget_everything_in(node, env)
                return
            try:
                self.exec_block(node.body.body, env)
            except _Break:
                return
            except _Continue:
                continue
        if node.orelse is not None:
            self.exec_block(node.orelse.body.body, env)

    def _stmt_With(self, node: cst.With, env: Environment) -> None:
        for item in node.items:
            value = self.eval(item.item, env)
            if item.asname is not None:
                self.assign(item.asname.name, UNKNOWN if value is not None else value, env)
        self.exec_block(node.body.body, env)

    def _stmt_Try(self, node: cst.Try, env: Environment) -> None:
        try:
            self.exec_block(node.body.body, env)
        except _Unreachable:
            self._forget_everything_in(node, env)
            return
        if node.orelse is not None:
            self.exec_block(node.orelse.body.body, env)
        if node.finalbody is not None:
            self.exec_block(node.finalbody.body.body, env)

    def _forget_everything_in(self, node: cst.CSTNode, env: Environment) -> None:
        """Code that was not followed: whatever it could change becomes unknown."""
        names, assigned = _names_and_assignments(node)
        for name in names:
            found, value = env.lookup(name)
            if is_user_object(value):
                self.classes.forget(value)
            elif isinstance(value, Model):
                value.complete = False  # it may have been changed (e.g. `.add`)
            elif found and isinstance(value, (list, dict, set, ArrayValue)):
                env.assign(name, UNKNOWN)
        for name in assigned:
            env.assign(name, UNKNOWN)

    # -------------------------------------------------------------- assignment
    def assign(self, target: cst.BaseExpression, value: Any, env: Environment) -> None:
        if isinstance(target, cst.Name):
            env.assign(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self._unpack(target, value, env)
        elif isinstance(target, cst.Subscript):
            self._assign_subscript(target, value, env)
        elif isinstance(target, cst.Attribute):
            receiver = self.eval(target.value, env)
            self.world.set_attribute(receiver, target.attr.value, value)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, value, env)

    def _unpack(self, target: cst.Tuple | cst.List, value: Any, env: Environment) -> None:
        elements = [element for element in target.elements]
        values = self.sequence(value)
        star = [i for i, e in enumerate(elements) if isinstance(e, cst.StarredElement)]
        if values is UNKNOWN or (not star and len(values) != len(elements)):
            for element in elements:
                self.assign(element.value, UNKNOWN, env)
            return
        if star:
            head = star[0]
            tail = len(elements) - head - 1
            if len(values) < head + tail:
                for element in elements:
                    self.assign(element.value, UNKNOWN, env)
                return
            middle = list(values[head : len(values) - tail])
            values = list(values[:head]) + [middle] + list(values[len(values) - tail :])
        for element, item in zip(elements, values, strict=True):
            self.assign(element.value, item, env)

    def _assign_subscript(self, target: cst.Subscript, value: Any, env: Environment) -> None:
        container = self.eval(target.value, env)
        key = self._subscript_key(target, env)
        if isinstance(container, (list, dict)) and key is not UNKNOWN:
            try:
                container[key] = value
                return
            except (TypeError, IndexError, KeyError, CannotKnow):
                pass
        if isinstance(target.value, cst.Name) and isinstance(container, (list, dict)):
            env.assign(target.value.value, UNKNOWN)

    # ------------------------------------------------------------- expressions
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
            return value
        if node.value == "super":
            return self._super(env)
        return python_builtins.BUILTINS.get(node.value, UNKNOWN)

    def _super(self, env: Environment) -> Builtin:
        """``super()`` inside a method (zero-argument form) or ``super(Class, self)``."""
        owner = env.lookup("__class__")[1]
        receiver = env.lookup("__self__")[1]

        def make(interp: Any, args: list[Any], kwargs: dict[str, Any], site: Any) -> Any:
            cls, obj = (args[0], args[1]) if len(args) == 2 else (owner, receiver)
            return SuperProxy(cls, obj) if isinstance(cls, UserClass) else UNKNOWN

        return Builtin("super", make)

    def _expr_Integer(self, node: cst.Integer, env: Environment) -> Any:
        return _literal(node.value)

    def _expr_Float(self, node: cst.Float, env: Environment) -> Any:
        return _literal(node.value)

    def _expr_Imaginary(self, node: cst.Imaginary, env: Environment) -> Any:
        return _literal(node.value)

    def _expr_SimpleString(self, node: cst.SimpleString, env: Environment) -> Any:
        return _literal(node.value)

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
        return self.world.get_attribute(receiver, node.attr.value)

    def _expr_Subscript(self, node: cst.Subscript, env: Environment) -> Any:
        container = self.eval(node.value, env)
        key = self._subscript_key(node, env)
        if container is UNKNOWN or key is UNKNOWN:
            return UNKNOWN
        return self.world.subscript(container, key)

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
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self.world.tensor_operation(op_type.__name__, left, right, self.site(node))
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return arrays.arithmetic(op_type.__name__, left, right)
        if not (is_constant(left) and is_constant(right)):
            return UNKNOWN
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
        outcome = self._comprehension_level(node.for_in, scope, produce, results)
        return UNKNOWN if outcome is UNKNOWN else results

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

    def _expr_Call(self, node: cst.Call, env: Environment) -> Any:
        function = self.eval(node.func, env)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for arg in node.args:
            value = self.eval(arg.value, env)
            if arg.star == "*":
                spread = self.sequence(value)
                if spread is UNKNOWN:
                    return self.call_unknown(function, node)
                args.extend(spread)
            elif arg.star == "**":
                if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                    return self.call_unknown(function, node)
                kwargs.update(value)
            elif arg.keyword is not None:
                kwargs[arg.keyword.value] = value
            else:
                args.append(value)
        return self.call(function, args, kwargs, node)

    def call_unknown(self, function: Any, node: cst.CSTNode) -> Any:
        """A call whose arguments are not all known: Keras calls still leave a trace."""
        if isinstance(function, KerasRef):
            return self.world.unknown_keras_call(function, self.site(node))
        return UNKNOWN

    def call(
        self, function: Any, args: list[Any], kwargs: dict[str, Any], node: cst.CSTNode
    ) -> Any:
        if isinstance(function, UserFunction):
            return self.call_user_function(function, args, kwargs)
        if isinstance(function, Builtin):
            return function.fn(self, args, kwargs, self.site(node))
        if isinstance(function, KerasRef):
            return self.world.call_keras(function, args, kwargs, self.site(node))
        if isinstance(function, (Layer, BoundMethod)):
            return self.world.call_object(function, args, kwargs, self.site(node))
        if isinstance(function, UserClass):
            return self.classes.instantiate(function, args, kwargs, self.site(node))
        if isinstance(function, Method):
            return self.call_user_function(function.function, [function.receiver, *args], kwargs)
        if isinstance(function, KerasBaseInit):
            self.classes.base_init(function.layer, args, kwargs)
            return None
        if isinstance(function, InertMethod):
            return None
        for value in [*args, *kwargs.values()]:
            if is_user_object(value):
                self.classes.forget(value)  # an unknown function may change it (setattr...)
        return UNKNOWN

    def call_user_function(
        self, function: UserFunction, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        if function.is_generator is None:
            function.is_generator = not function.is_lambda and _contains_yield(function.body)
        if function.is_generator:
            return UNKNOWN
        if self.depth >= self.limits.max_call_depth:
            self.note(f"call depth limit ({self.limits.max_call_depth}) reached in {function.name}")
            return UNKNOWN
        scope = Environment(parent=function.closure)
        if not self._bind_parameters(function, args, kwargs, scope):
            return UNKNOWN
        if function.owner is not None and args:
            scope.names["__class__"] = function.owner  # what a zero-argument super() uses
            scope.names["__self__"] = args[0]
        self.depth += 1
        try:
            if function.is_lambda:
                return self.eval(function.body, scope)
            body = function.body
            statements = body.body if isinstance(body, cst.IndentedBlock) else body.body
            self.exec_block(statements, scope)
            return None
        except _Return as returned:
            return returned.value
        except (_Unreachable, _Break, _Continue):
            return UNKNOWN
        finally:
            self.depth -= 1

    def _defaults(self, params: cst.Parameters, env: Environment) -> dict[str, Any]:
        defaults: dict[str, Any] = {}
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            if param.default is not None:
                defaults[param.name.value] = self.eval(param.default, env)
        return defaults

    def _bind_parameters(
        self, function: UserFunction, args: list[Any], kwargs: dict[str, Any], scope: Environment
    ) -> bool:
        params = function.params
        positional = [*params.posonly_params, *params.params]
        kwargs = dict(kwargs)
        for index, param in enumerate(positional):
            name = param.name.value
            if index < len(args):
                scope.names[name] = args[index]
            elif name in kwargs:
                scope.names[name] = kwargs.pop(name)
            elif name in function.defaults:
                scope.names[name] = function.defaults[name]
            else:
                return False
        extra = args[len(positional) :]
        star = params.star_arg
        if isinstance(star, cst.Param):
            scope.names[star.name.value] = tuple(extra)
        elif extra:
            return False
        for param in params.kwonly_params:
            name = param.name.value
            if name in kwargs:
                scope.names[name] = kwargs.pop(name)
            elif name in function.defaults:
                scope.names[name] = function.defaults[name]
            else:
                return False
        if params.star_kwarg is not None:
            scope.names[params.star_kwarg.name.value] = kwargs
        elif kwargs:
            return False
        return True

    # ---------------------------------------------------------------- helpers
    def _truth(self, value: Any) -> Any:
        if value is UNKNOWN:
            return UNKNOWN
        if is_constant(value):
            try:
                return bool(value)
            except CannotKnow:
                return UNKNOWN
        if isinstance(value, (Layer, Tensor, UserFunction, Builtin, KerasRef)):
            return True
        return UNKNOWN

    def sequence(self, value: Any) -> Any:
        """A finite list of items from a tuple, list, range... or UNKNOWN."""
        items = self.iterate(value)
        if items is UNKNOWN:
            return UNKNOWN
        result = []
        for item in items:
            result.append(item)
            if len(result) > self.limits.max_collection_size:
                return UNKNOWN
        return result

    def iterate(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return iter(list(value))
        if isinstance(value, (range, str, dict, set, frozenset)):
            return iter(value)
        if isinstance(value, ArrayValue) and value.values is not None:
            return iter(value.values)
        return UNKNOWN


_KEYWORD_CONSTANTS = {"None": None, "True": True, "False": False}


_MAX_INT_BITS = 1 << 16


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


@functools.lru_cache(maxsize=4096)
def _literal(text: str) -> Any:
    """A literal's value. Cached: models repeat a few literals ('same', 'relu', 3) and
    each ``literal_eval`` compiles its text."""
    return ast.literal_eval(text)


def _dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return _dotted_name(node.value) + "." + node.attr.value
    return ""


def _as_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is None:
        return None
    name = alias.asname.name
    return name.value if isinstance(name, cst.Name) else None


def _names_and_assignments(node: cst.CSTNode) -> tuple[set[str], set[str]]:
    """Every name ``node`` mentions, and the names it (re)binds."""
    names: set[str] = set()
    assigned: set[str] = set()
    for child in walk(node):
        if isinstance(child, cst.Name):
            names.add(child.value)
        elif isinstance(child, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For)):
            assigned.update(_target_names(child.target))
        elif isinstance(child, (cst.FunctionDef, cst.ClassDef)):
            assigned.add(child.name.value)
        elif isinstance(child, cst.ImportAlias):
            assigned.add(_as_name(child) or _dotted_name(child.name).split(".")[0])
    return names, assigned


def _target_names(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return {n for e in target.elements for n in _target_names(e.value)}
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return set()


def _contains_yield(body: cst.CSTNode) -> bool:
    return any(isinstance(node, cst.Yield) for node in walk(body, skip=(cst.FunctionDef,)))


def _is_name(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Name) and node.value == name
