"""Abstract values the interpreter passes around besides plain Python constants.

Constants (int, float, str, bool, None, and tuples/lists/dicts of them) are
ordinary Python objects; symbolic tensors, layers and models come from
:mod:`kerasparam_lint.graph.model`; anything else is UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import libcst as cst

from kerasparam_lint.graph.unknown import UNKNOWN


@dataclass(frozen=True)
class KerasRef:
    """A name inside Keras' namespace, e.g. ``keras.layers.Conv2D`` (canonical path)."""

    path: str


@dataclass(frozen=True)
class Origin:
    """Where an unknown value bound to a name comes from, for ``summary --verbose``:
    ``IMG_SIZE, imported from mymodels.config (not found) at line 4``."""

    name: str
    text: str

    def read_as(self, name: str) -> str:
        """The note for reading ``name``: the origin itself, or what it was computed from."""
        return self.text if name == self.name else f"{name}, computed from {self.text}"


@dataclass(eq=False)
class Environment:
    """One scope's bindings, chained to the enclosing scope for lookups.

    ``origins`` says, for a name bound to an unknown value, where that value comes
    from; ``star_origins``, which ``import *`` of an unread module may bind names
    the scope never binds itself.
    """

    names: dict[str, Any] = field(default_factory=dict)
    parent: Environment | None = None
    globals_declared: set[str] = field(default_factory=set)
    origins: dict[str, Origin] = field(default_factory=dict)
    star_origins: list[str] = field(default_factory=list)

    def lookup(self, name: str) -> tuple[bool, Any]:
        scope: Environment | None = self
        while scope is not None:
            if name in scope.names:
                return True, scope.names[name]
            scope = scope.parent
        return False, None

    def origin(self, name: str) -> Origin | None:
        """The origin of the binding :meth:`lookup` finds, if it has one."""
        scope: Environment | None = self
        while scope is not None:
            if name in scope.names:
                return scope.origins.get(name)
            scope = scope.parent
        return None

    def root(self) -> Environment:
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope

    def assign(self, name: str, value: Any, origin: Origin | None = None) -> None:
        scope = self.root() if name in self.globals_declared else self
        scope.names[name] = value
        if origin is not None:
            scope.origins[name] = origin
        elif scope.origins:
            scope.origins.pop(name, None)

    def forget(self, name: str) -> None:
        """``del name``."""
        self.names.pop(name, None)
        self.origins.pop(name, None)


@dataclass(eq=False)
class UserFunction:
    """A ``def`` or ``lambda`` of the analyzed file, with its closure."""

    name: str
    params: cst.Parameters
    body: Any  # cst.BaseSuite for def, an expression for lambda
    closure: Environment
    defaults: dict[str, Any]
    is_lambda: bool = False
    is_generator: bool | None = None  # found out on the first call
    owner: Any = None  # the class whose body defined it (for super())


@dataclass(eq=False)
class Builtin:
    """A function the interpreter implements itself (``len``, ``range``, ``keras.Input``...).

    ``fn(interp, args, kwargs, site)`` returns an abstract value.
    """

    name: str
    fn: Callable[..., Any]


@dataclass(eq=False)
class BoundMethod:
    """``obj.method`` waiting for its call."""

    receiver: Any
    name: str


@dataclass(frozen=True)
class CallSite:
    """Where a call happens, for layer positions and findings; ``call`` is the call as
    written, for a library that names what the source spells out (``(time_steps, 100)``)."""

    line: int
    col: int
    call: cst.Call | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Namespace:
    """An imported library module (``np``, ``np.random``, ``math``) and its known members."""

    path: str
    members: dict[str, Any] = field(default_factory=dict)


def member_path(roots: dict[str, Any], dotted: str) -> Any:
    """What ``dotted`` names under ``roots`` (namespaces by their first name), or None
    when its root is not there or a part before the last is no namespace."""
    root, *rest = dotted.split(".")
    value: Any = roots.get(root)
    for part in rest:
        if not isinstance(value, Namespace):
            return None
        value = value.members.get(part, UNKNOWN)
    return value


@dataclass(frozen=True)
class StaticMethod:
    """``@staticmethod`` on a class's function: read from the class or an instance, it is
    the plain function (``ResnetBuilder.build_resnet_18((3, 32, 32), 10)``)."""

    function: Any


@dataclass(frozen=True)
class ClassMethod:
    """``@classmethod``: read from the class or an instance, it takes the class first."""

    function: Any
