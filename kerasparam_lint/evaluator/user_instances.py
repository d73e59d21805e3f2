"""The values the file's own classes make: the classes, their instances, bound methods
and ``super()``, and what the evaluator keeps of an instance of a Layer or Model subclass.

Such an instance itself is a graph :class:`~kerasparam_lint.graph.model.Layer` (or
:class:`~kerasparam_lint.graph.model.Model`): its weights and their ``trainable`` flags
follow the graph's rules, as for every Keras layer. This is the rest: the class,
the attributes ``__init__`` and ``build`` set, and whether ``build`` ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kerasparam_lint.evaluator.values import KerasRef, UserFunction
from kerasparam_lint.graph.model import Layer


@dataclass(eq=False)
class LayerState:
    """What the evaluator keeps of an instance of a Layer subclass."""

    cls: Any  # the UserClass
    attributes: dict[str, Any] = field(default_factory=dict)
    built: bool = False


_KERAS_BASES = {"Layer": "Layer", "Model": "Model", "Functional": "Model"}


@dataclass(eq=False)
class UserClass:
    """A ``class`` statement of the analyzed file."""

    name: str
    bases: list[Any]
    namespace: dict[str, Any]
    # A metaclass or an unknown decorator: what its instances become is not known.
    opaque: bool = False

    @property
    def is_opaque(self) -> bool:
        """Its instances are not known: a class on the way is opaque, derives from
        something other than the file's classes and Keras' Layer and Model (a Keras
        ``Dense`` or ``Callback``, a class of a library the analyzer does not read), or
        defines how its attributes or calls work (``__getattr__``, ``__call__``...)."""
        return any(
            c.opaque
            or not all(_followed_base(base) for base in c.bases)
            or any(name in c.namespace for name in _OWN_ATTRIBUTE_MACHINERY)
            for c in self.mro()
        )

    def mro(self) -> list[UserClass]:
        order: list[UserClass] = [self]
        for base in self.bases:
            if isinstance(base, UserClass):
                order.extend(c for c in base.mro() if c not in order)
        return order

    @property
    def keras_base(self) -> str | None:
        """ "Layer" or "Model" when the class derives from Keras' Layer or Model."""
        for base in self.bases:
            if isinstance(base, UserClass) and base.keras_base:
                return base.keras_base
            if isinstance(base, KerasRef):
                return _KERAS_BASES.get(base.path.rsplit(".", 1)[-1])
        return None

    def lookup(self, name: str, after: UserClass | None = None) -> tuple[UserClass, Any] | None:
        """``name`` along the MRO (starting after ``after``, as ``super()`` does)."""
        order = self.mro()
        if after is not None:
            order = order[order.index(after) + 1 :] if after in order else []
        for owner in order:
            if name in owner.namespace:
                return owner, owner.namespace[name]
        return None


@dataclass(eq=False)
class Instance:
    """An instance of a plain (non-Keras) class of the analyzed file."""

    cls: UserClass
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class Method:
    """A function of a class bound to its receiver (``self``)."""

    function: UserFunction
    receiver: Any


@dataclass(eq=False)
class SuperProxy:
    """``super()``: attribute lookups start after ``owner`` in the receiver's MRO."""

    owner: UserClass
    receiver: Any


def is_user_object(value: Any) -> bool:
    """Values whose attributes the file's own classes define."""
    if isinstance(value, Layer):
        return isinstance(value.user_state, LayerState)
    return isinstance(value, (Instance, SuperProxy, UserClass))


def receiver_class(value: Any) -> UserClass | None:
    if isinstance(value, Instance):
        return value.cls
    if isinstance(value, Layer) and isinstance(value.user_state, LayerState):
        return value.user_state.cls
    return None


def attributes_of(value: Any) -> dict[str, Any] | None:
    if isinstance(value, Instance):
        return value.attributes
    if isinstance(value, UserClass):
        return value.namespace  # ``cls.units = 32`` changes the class
    if isinstance(value, Layer) and isinstance(value.user_state, LayerState):
        return value.user_state.attributes
    return None


@dataclass(eq=False)
class KerasBaseInit:
    """``super().__init__(**kwargs)`` reaching Keras' own ``Layer.__init__``."""

    layer: Layer


@dataclass(eq=False)
class InertMethod:
    """A base-class method of Keras that does nothing to shapes (``super().build(...)``)."""


# Methods that change how attributes, construction or calls work: not followed.
_OWN_ATTRIBUTE_MACHINERY = (
    "__getattr__", "__getattribute__", "__setattr__", "__delattr__", "__new__", "__call__",
)  # fmt: skip


def _followed_base(base: Any) -> bool:
    if isinstance(base, UserClass):
        return True
    return isinstance(base, KerasRef) and base.path.rsplit(".", 1)[-1] in _KERAS_BASES
