"""Calls: argument spreading, dispatch on what is called, and running the file's own
functions with their parameters bound as Python binds them."""

from __future__ import annotations

from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.control import Break, Continue, Return, Unreachable
from kerasparam_lint.evaluator.syntax import contains_yield
from kerasparam_lint.evaluator.user_instances import (
    InertMethod,
    KerasBaseInit,
    Method,
    UserClass,
    is_user_object,
)
from kerasparam_lint.evaluator.values import (
    BoundMethod,
    Builtin,
    Environment,
    KerasRef,
    Origin,
    UserFunction,
)
from kerasparam_lint.graph.model import Layer, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, contains_unknown


class Calls:
    """The call half of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    def _expr_Call(self, node: cst.Call, env: Environment) -> Any:
        function = self.eval(node.func, env)
        if (
            self.unread_imports
            and isinstance(function, UserFunction)
            and not any(arg.star for arg in node.args)
        ):
            return self._counted(self._call_carrying_origins(function, node, env))
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
        return self._counted(self.call(function, args, kwargs, node))

    def _counted(self, result: Any) -> Any:
        """A call that gave a layer or a tensor builds the model (its loop's steps count)."""
        if isinstance(result, (Layer, Tensor)):
            self.graph_results += 1
        return result

    def _call_carrying_origins(
        self, function: UserFunction, node: cst.Call, env: Environment
    ) -> Any:
        """``build_model(IMG_SIZE)``: each parameter bound to an unknown argument keeps the
        origin of the unread import that argument was computed from."""
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        origins: dict[int | str, Origin] = {}
        for arg in node.args:
            value, origin = self._eval_traced(arg.value, env)
            key: int | str = len(args) if arg.keyword is None else arg.keyword.value
            if origin is not None:
                origins[key] = origin
            if arg.keyword is None:
                args.append(value)
            else:
                kwargs[arg.keyword.value] = value
        return self.call_user_function(function, args, kwargs, origins)

    def call_unknown(self, function: Any, node: cst.CSTNode) -> Any:
        """A call whose arguments are not all known: Keras calls still leave a trace."""
        if isinstance(function, KerasRef):
            return self.call_library_unknown(function, self.site(node))
        return UNKNOWN

    def call(
        self, function: Any, args: list[Any], kwargs: dict[str, Any], node: cst.CSTNode
    ) -> Any:
        if isinstance(function, UserFunction):
            return self.call_user_function(function, args, kwargs)
        if isinstance(function, Builtin):
            return function.fn(self, args, kwargs, self.site(node))
        if isinstance(function, KerasRef):
            return self.call_library(function, args, kwargs, self.site(node))
        if isinstance(function, (Layer, BoundMethod)):
            return self.call_object(function, args, kwargs, self.site(node))
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
        self,
        function: UserFunction,
        args: list[Any],
        kwargs: dict[str, Any],
        origins: dict[int | str, Origin] | None = None,
    ) -> Any:
        if function.is_generator is None:
            function.is_generator = not function.is_lambda and contains_yield(function.body)
        if function.is_generator:
            return UNKNOWN
        if self.depth >= self.limits.max_call_depth:
            self.note(f"call depth limit ({self.limits.max_call_depth}) reached in {function.name}")
            return UNKNOWN
        scope = Environment(parent=function.closure)
        if not self._bind_parameters(function, args, kwargs, scope):
            return UNKNOWN
        if origins:
            _carry(function.params, origins, scope)
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
        except Return as returned:
            return returned.value
        except (Unreachable, Break, Continue):
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


def _carry(params: cst.Parameters, origins: dict[int | str, Origin], scope: Environment) -> None:
    """Give each parameter the origin of the argument (by position or keyword) bound to it,
    while what it holds is still unknown."""
    positional = [*params.posonly_params, *params.params]
    for index, param in enumerate(positional):
        origin = origins.get(index) or origins.get(param.name.value)
        if origin is not None:
            _give(scope, param.name.value, origin)
    for param in params.kwonly_params:
        origin = origins.get(param.name.value)
        if origin is not None:
            _give(scope, param.name.value, origin)


def _give(scope: Environment, name: str, origin: Origin) -> None:
    if contains_unknown(scope.names.get(name)):
        scope.origins[name] = origin
