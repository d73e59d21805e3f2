"""Classes the analyzed file defines, above all its ``keras.layers.Layer`` subclasses.

A Layer subclass is followed as Keras runs it: ``__init__`` (whose
``super().__init__`` takes the default name), ``build(input_shape)`` with its
``add_weight`` calls on the first call, then ``compute_output_shape`` when the
class defines it, otherwise ``call`` itself on the input tensors. Layers
assigned to attributes are tracked as sublayers, whose weights count under the
layer, after its own, as in ``layer.weights``. Ops inside ``call`` take no
default names: Keras runs ``call`` on concrete placeholder values there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kerasparam_lint.evaluator.values import CallSite, KerasRef, UserFunction
from kerasparam_lint.graph import Layer, Tensor, Weight, flatten_tensors
from kerasparam_lint.unknown import UNKNOWN, CannotKnow

if TYPE_CHECKING:
    from kerasparam_lint.evaluator.interpreter import Interpreter

_KERAS_BASES = {"Layer": "Layer", "Model": "Model", "Functional": "Model"}


@dataclass(eq=False)
class UserClass:
    """A ``class`` statement of the analyzed file."""

    name: str
    bases: list[Any]
    namespace: dict[str, Any]

    def mro(self) -> list[UserClass]:
        order: list[UserClass] = [self]
        for base in self.bases:
            if isinstance(base, UserClass):
                order.extend(c for c in base.mro() if c not in order)
        return order

    @property
    def keras_base(self) -> str | None:
        """"Layer" or "Model" when the class derives from Keras' Layer or Model."""
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
class LayerState:
    """What the evaluator keeps of an instance of a Layer subclass."""

    cls: UserClass
    attributes: dict[str, Any] = field(default_factory=dict)
    built: bool = False
    building: bool = False


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
    if isinstance(value, Layer) and isinstance(value.user_state, LayerState):
        return value.user_state.attributes
    return None


class UserClasses:
    """Instantiation, attributes and calls of the file's own classes."""

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self.inside_layer_call = 0

    # -------------------------------------------------------------- creation
    def instantiate(
        self, cls: UserClass, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        if cls.keras_base is None:
            receiver: Any = Instance(cls)
        else:
            receiver = Layer(cls.name, "", site.line, site.col, weights=[])
            receiver.user_state = LayerState(cls)
        found = cls.lookup("__init__")
        if found is not None and isinstance(found[1], UserFunction):
            self.interp.call_user_function(found[1], [receiver, *args], kwargs)
        elif isinstance(receiver, Layer):
            self.base_init(receiver, kwargs)
        if isinstance(receiver, Layer) and not receiver.name:
            receiver.name = self.interp.world.names.auto_name(cls.name)
        return receiver

    def base_init(self, layer: Layer, kwargs: dict[str, Any]) -> None:
        """Keras' ``Layer.__init__``: the name (a default one takes the class's counter)."""
        name = kwargs.get("name")
        layer.name = name if isinstance(name, str) else self.interp.world.names.auto_name(
            layer.class_name
        )
        trainable = kwargs.get("trainable", True)
        layer.trainable = trainable if isinstance(trainable, bool) else True

    # ------------------------------------------------------------ attributes
    def get_attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, SuperProxy):
            return self._super_attribute(receiver, name)
        attributes = attributes_of(receiver)
        if attributes is not None and name in attributes:
            return attributes[name]
        cls = receiver.cls if isinstance(receiver, Instance) else receiver_class(receiver)
        if isinstance(receiver, UserClass):
            cls = receiver
        if cls is None:
            return None
        found = cls.lookup(name)
        if found is None:
            return None
        value = found[1]
        if isinstance(value, UserFunction) and not isinstance(receiver, UserClass):
            return Method(value, receiver)
        return value

    def _super_attribute(self, proxy: SuperProxy, name: str) -> Any:
        cls = receiver_class(proxy.receiver)
        found = cls.lookup(name, after=proxy.owner) if cls is not None else None
        if found is not None and isinstance(found[1], UserFunction):
            return Method(found[1], proxy.receiver)
        if isinstance(proxy.receiver, Layer) and name == "__init__":
            return KerasBaseInit(proxy.receiver)
        return InertMethod()

    def set_attribute(self, receiver: Any, name: str, value: Any) -> bool:
        attributes = attributes_of(receiver)
        if attributes is None:
            return False
        attributes[name] = value
        if isinstance(receiver, Layer):
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, Layer) and all(item is not s for s in receiver.sublayers):
                    receiver.sublayers.append(item)
        return True

    # ----------------------------------------------------------------- calls
    def add_weight(self, layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """``Layer.add_weight(shape=None, initializer=None, dtype=None, trainable=True, ...)``."""
        names = ("shape", "initializer", "dtype", "trainable")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        shape = bound.get("shape")
        shape = () if shape is None else shape
        trainable = bound.get("trainable", True)
        if not isinstance(shape, (tuple, list)) or not isinstance(trainable, bool):
            layer.weights = UNKNOWN
            return Tensor(UNKNOWN)
        name = bound.get("name") if isinstance(bound.get("name"), str) else "variable"
        if isinstance(layer.weights, list):
            layer.weights.append(Weight(name, tuple(shape), trainable))
        return Tensor(tuple(shape))

    def call_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """What calling a Layer subclass instance returns (its node is made by the caller)."""
        state: LayerState = layer.user_state
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        shapes = _shapes(inputs)
        if not state.built:
            state.built = True
            build = state.cls.lookup("build")
            if build is not None and isinstance(build[1], UserFunction):
                self.interp.call_user_function(build[1], [layer, shapes], {})
        compute = state.cls.lookup("compute_output_shape")
        if compute is not None and isinstance(compute[1], UserFunction):
            shape = self.interp.call_user_function(compute[1], [layer, shapes], {})
            return _output_shapes(shape)
        call = state.cls.lookup("call")
        if call is None or not isinstance(call[1], UserFunction):
            return UNKNOWN
        self.inside_layer_call += 1
        try:
            result = self.interp.call_user_function(call[1], [layer, *args], kwargs)
        finally:
            self.inside_layer_call -= 1
        return _shapes(result) if flatten_tensors(result) else UNKNOWN


@dataclass(eq=False)
class KerasBaseInit:
    """``super().__init__(**kwargs)`` reaching Keras' own ``Layer.__init__``."""

    layer: Layer


@dataclass(eq=False)
class InertMethod:
    """A base-class method of Keras that does nothing to shapes (``super().build(...)``)."""


def _shapes(structure: Any) -> Any:
    if isinstance(structure, Tensor):
        return structure.shape
    if isinstance(structure, (list, tuple)):
        return [_shapes(item) for item in structure]
    return UNKNOWN


def _output_shapes(value: Any) -> Any:
    """A ``compute_output_shape`` result: one shape tuple, or a list of them."""
    if isinstance(value, tuple) and all(
        d is None or d is UNKNOWN or isinstance(d, int) for d in value
    ):
        return value
    if isinstance(value, list) and value and all(isinstance(v, tuple) for v in value):
        return [_output_shapes(v) for v in value]
    raise CannotKnow("compute_output_shape result")
