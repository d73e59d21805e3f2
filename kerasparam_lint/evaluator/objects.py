"""Attributes, subscripts, operators and calls on values: Python's own, the file's
classes', or handed to the libraries (in registration order) for everything else."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.constants import is_constant
from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.python_methods import call_constant_method
from kerasparam_lint.evaluator.user_classes import KERAS_METHODS
from kerasparam_lint.evaluator.user_instances import is_user_object
from kerasparam_lint.evaluator.values import BoundMethod, CallSite, KerasRef, Namespace
from kerasparam_lint.graph.model import Layer
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow


class LibraryValues:
    """The value operations of :class:`~kerasparam_lint.evaluator.interpreter.Interpreter`."""

    libraries: list[Library]
    classes: Any

    def library_for(self, ref: KerasRef) -> Library | None:
        """The library whose import roots hold ``ref``'s path."""
        root = ref.path.split(".", 1)[0]
        for library in self.libraries:
            if root in library.roots:
                return library
        return None

    def call_library(
        self, ref: KerasRef, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """Asked of each library holding the path's root, in order, until one answers
        (Keras' data helpers before the rest of Keras)."""
        root = ref.path.split(".", 1)[0]
        for library in self.libraries:
            if root in library.roots:
                result = library.call(ref, args, kwargs, site)
                if result is not NOT_MINE:
                    return result
        return UNKNOWN

    def call_library_unknown(self, ref: KerasRef, site: CallSite) -> Any:
        library = self.library_for(ref)
        result = NOT_MINE if library is None else library.unknown_call(ref, site)
        return UNKNOWN if result is NOT_MINE else result

    def call_object(
        self, target: Any, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """Call a layer, or a method bound to a library's object or a Python value."""
        for library in self.libraries:
            result = library.call_object(target, args, kwargs, site)
            if result is not NOT_MINE:
                return result
        return call_constant_method(self, target.receiver, target.name, args, kwargs)

    def get_attribute(self, receiver: Any, name: str) -> Any:
        if is_user_object(receiver):
            value = self.classes.get_attribute(receiver, name)
            if value is not None:
                return value
            if not isinstance(receiver, Layer):
                return UNKNOWN
            if name in KERAS_METHODS:
                return BoundMethod(receiver, name)
        if isinstance(receiver, Namespace):
            return receiver.members.get(name, UNKNOWN)
        for library in self.libraries:
            value = library.attribute(receiver, name)
            if value is not NOT_MINE:
                return value
        if isinstance(receiver, KerasRef):
            return KerasRef(f"{receiver.path}.{name}")
        if isinstance(receiver, (str, list, dict, tuple)) and not name.startswith("_"):
            if hasattr(receiver, name):
                return BoundMethod(receiver, name)
        return UNKNOWN

    def set_attribute(self, receiver: Any, name: str, value: Any) -> None:
        if name != "trainable" and self.classes.set_attribute(receiver, name, value):
            return
        for library in self.libraries:
            if library.set_attribute(receiver, name, value):
                return

    def set_subscript(self, container: Any, key: Any, value: Any) -> bool:
        return any(library.set_subscript(container, key, value) for library in self.libraries)

    def subscript(self, container: Any, key: Any) -> Any:
        for library in self.libraries:
            value = library.subscript(container, key)
            if value is not NOT_MINE:
                return value
        if isinstance(container, (list, tuple, str)) and isinstance(key, (int, slice)):
            try:
                return container[key]
            except (IndexError, TypeError, CannotKnow):
                return UNKNOWN
        if isinstance(container, dict):
            try:
                return container[key]
            except (KeyError, TypeError, CannotKnow):
                return UNKNOWN
        return UNKNOWN

    def library_binary(self, op_name: str, left: Any, right: Any, site: Any) -> Any:
        """``left <op> right`` where an operand is no Python constant; ``site`` is called
        for the position only when a library may take the operation."""
        if all(is_constant(v) or v is UNKNOWN for v in (left, right)):
            return UNKNOWN
        where = site()
        for library in self.libraries:
            value = library.binary(op_name, left, right, where)
            if value is not NOT_MINE:
                return value
        return UNKNOWN

    def networks(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` with whole networks (a Lasagne output layer...) read as models."""
        for library in self.libraries:
            values = library.networks(values)
        return values

    def standalone_models(self) -> list[Any]:
        return [model for library in self.libraries for model in library.standalone_models()]
