"""Statements: assignment, control flow, definitions (imports are in ``imports``).

Control flow it can decide (known conditions, loops over known sequences) is
followed exactly; what it cannot decide is skipped and everything the skipped
code could have changed becomes UNKNOWN, so no later number is a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.control import Break, Continue, Return, Unreachable
from kerasparam_lint.evaluator.syntax import is_name, names_and_assignments
from kerasparam_lint.evaluator.user_instances import UserClass, is_user_object
from kerasparam_lint.evaluator.values import Environment, Origin, UserFunction
from kerasparam_lint.graph.model import Model
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown

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


class Statements:
    """The statement half of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    globals: Environment
    bound_models: dict[Model, None]

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
        value, origin = self._eval_traced(node.value, env)
        for target in node.targets:
            self.assign(target.target, value, env, origin)

    def _stmt_AnnAssign(self, node: cst.AnnAssign, env: Environment) -> None:
        if node.value is not None:
            value, origin = self._eval_traced(node.value, env)
            self.assign(node.target, value, env, origin)

    def _eval_traced(self, node: cst.BaseExpression, env: Environment) -> tuple[Any, Origin | None]:
        """The value, and the origin of the first unread import it was computed from
        (``size = IMG_SIZE * 2`` carries ``IMG_SIZE``'s)."""
        if not self.unread_imports:
            return self.eval(node, env), None
        saved, self.origins_read = self.origins_read, []
        try:
            value = self.eval(node, env)
            origins = self.origins_read
        finally:
            self.origins_read = saved
        return value, origins[0] if origins else None

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
        raise Return(None if node.value is None else self.eval(node.value, env))

    def _stmt_Break(self, node: cst.Break, env: Environment) -> None:
        raise Break()

    def _stmt_Continue(self, node: cst.Continue, env: Environment) -> None:
        raise Continue()

    def _stmt_Raise(self, node: cst.Raise, env: Environment) -> None:
        raise Unreachable()

    def _stmt_Assert(self, node: cst.Assert, env: Environment) -> None:
        return None

    def _stmt_Global(self, node: cst.Global, env: Environment) -> None:
        env.globals_declared.update(n.name.value for n in node.names)

    def _stmt_Nonlocal(self, node: cst.Nonlocal, env: Environment) -> None:
        return None

    def _stmt_Del(self, node: cst.Del, env: Environment) -> None:
        if isinstance(node.target, cst.Name):
            env.forget(node.target.value)

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
            if arg.keyword is None and not is_name(arg.value, "object")
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
        forget = partial(self._forget_everything_in, node, env)
        self.data_loop(partial(self._for, node, env), forget)

    def _for(self, node: cst.For, env: Environment) -> None:
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
            except Break:
                return True
            except Continue:
                continue
        return False

    def _stmt_While(self, node: cst.While, env: Environment) -> None:
        forget = partial(self._forget_everything_in, node, env)
        self.data_loop(partial(self._while, node, env), forget)

    def _while(self, node: cst.While, env: Environment) -> None:
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
            except Break:
                return
            except Continue:
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
        except Unreachable:
            self._forget_everything_in(node, env)
            return
        if node.orelse is not None:
            self.exec_block(node.orelse.body.body, env)
        if node.finalbody is not None:
            self.exec_block(node.finalbody.body.body, env)

    def _forget_everything_in(self, node: cst.CSTNode, env: Environment) -> None:
        """Code that was not followed: whatever it could change becomes unknown."""
        names, assigned = names_and_assignments(node)
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

    def assign(
        self,
        target: cst.BaseExpression,
        value: Any,
        env: Environment,
        origin: Origin | None = None,
    ) -> None:
        if isinstance(target, cst.Name):
            carried = origin if origin is not None and contains_unknown(value) else None
            env.assign(target.value, value, carried)
            if isinstance(value, Model) and env is self.globals:
                self.bound_models.setdefault(value, None)
        elif isinstance(target, (cst.Tuple, cst.List)):
            self._unpack(target, value, env)
        elif isinstance(target, cst.Subscript):
            self._assign_subscript(target, value, env)
        elif isinstance(target, cst.Attribute):
            receiver = self.eval(target.value, env)
            self.set_attribute(receiver, target.attr.value, value)
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
        if self.set_subscript(container, key, value):
            return
        if isinstance(container, (list, dict)) and key is not UNKNOWN:
            try:
                container[key] = value
                return
            except (TypeError, IndexError, KeyError, CannotKnow):
                pass
        if isinstance(target.value, cst.Name) and isinstance(container, (list, dict)):
            env.assign(target.value.value, UNKNOWN)
