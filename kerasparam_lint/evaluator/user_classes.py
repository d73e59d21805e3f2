"""Classes the analyzed file defines, above all its ``keras.layers.Layer`` and
``keras.Model`` subclasses.

A Layer subclass is followed as Keras runs it: ``__init__`` (whose
``super().__init__`` takes the default name), ``build(input_shape)`` with its
``add_weight`` calls on the first call, then ``compute_output_shape`` when the
class defines it, otherwise ``call`` itself on the input tensors. Layers
assigned to attributes (alone, or in lists, tuples and dicts) are tracked in the
order Keras tracks them, as sublayers whose weights count under the layer after
its own. Keras runs ``call`` on concrete placeholder values (twice when a dim is
``None``): ops there take no default names, layer calls there leave no node, and
a layer constructed there takes its default name once per run.

A Model subclass is a :class:`~kerasparam_lint.graph.model.Model` whose ``layers`` are
its tracked sublayers. ``model.build(shape)`` without a ``build`` of its own only
marks it built (its layers stay unbuilt, as Keras leaves them); a call builds them.

What cannot be followed (a metaclass, a decorator the analyzer does not know, the
object handed to an unknown function) makes the instance unknown, never wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.library import Shared
from kerasparam_lint.evaluator.user_instances import (
    InertMethod,
    Instance,
    KerasBaseInit,
    LayerState,
    Method,
    SuperProxy,
    UserClass,
    attributes_of,
    receiver_class,
)
from kerasparam_lint.evaluator.values import (
    Builtin,
    CallSite,
    ClassMethod,
    StaticMethod,
    UserFunction,
)
from kerasparam_lint.graph.model import Layer, Model, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown

if TYPE_CHECKING:
    import libcst as cst


class Runner(Protocol):
    """What user classes need of the interpreter: running the methods they define."""

    shared: Shared

    def call(
        self, function: Any, args: list[Any], kwargs: dict[str, Any], node: cst.CSTNode
    ) -> Any: ...

    def call_user_function(
        self, function: UserFunction, args: list[Any], kwargs: dict[str, Any]
    ) -> Any: ...


def _unwrapped(value: Any, owner: Any) -> Any:
    """A ``@staticmethod`` read from its class is the function; a ``@classmethod`` is
    bound to the class."""
    if isinstance(value, StaticMethod):
        return value.function
    if isinstance(value, ClassMethod):
        if not isinstance(value.function, UserFunction):
            return UNKNOWN  # ``classmethod`` over a value the analysis does not know
        return Method(value.function, owner if isinstance(owner, UserClass) else UNKNOWN)
    return value


# ``keras.saving.register_keras_serializable(...)``: a class decorator that returns the class.
REGISTRATION = "register_keras_serializable"


def registration_decorator() -> Builtin:
    return Builtin(REGISTRATION, lambda interp, args, kwargs, site: args[0] if args else UNKNOWN)


class UserClasses:
    """Instantiation, attributes and calls of the file's own classes."""

    def __init__(self, interp: Runner) -> None:
        self.interp = interp
        self.inside_layer_call = 0

    # -------------------------------------------------------------- creation
    def instantiate(
        self, cls: UserClass, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        receiver: Any
        if cls.keras_base is None and cls.is_opaque:
            return UNKNOWN
        if cls.keras_base is None:
            receiver = Instance(cls)
        elif cls.keras_base == "Model":
            receiver = Model(cls.name, "", site.line, site.col, weights=[])
            self.interp.shared.models.append(receiver)
        else:
            receiver = Layer(cls.name, "", site.line, site.col)
        if isinstance(receiver, Layer):
            receiver.user_state = LayerState(cls)
        found = cls.lookup("__init__")
        if found is not None and isinstance(found[1], UserFunction):
            self.interp.call_user_function(found[1], [receiver, *args], kwargs)
        elif isinstance(receiver, Layer):
            self.base_init(receiver, [], kwargs)
        if isinstance(receiver, Layer):
            if not receiver.name:
                receiver.name = self.interp.shared.names.auto_name(cls.name)
            self._track(receiver)
            if cls.is_opaque:
                self.forget(receiver)
        return receiver

    def base_init(self, layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> None:
        """Keras' ``Layer.__init__``: the name (a default one takes the class's counter).

        ``Model.__init__(inputs, outputs)`` makes a Functional subclass, not followed."""
        name = kwargs.get("name")
        layer.name = (
            name if isinstance(name, str) else self.interp.shared.names.auto_name(layer.class_name)
        )
        trainable = kwargs.get("trainable", True)
        layer.trainable = trainable if isinstance(trainable, bool) else True
        functional = args or {"inputs", "outputs"} & set(kwargs)
        if not isinstance(trainable, bool) or (isinstance(layer, Model) and functional):
            self.forget(layer)

    def decorate(self, decorator: Any, value: Any, node: cst.CSTNode) -> Any:
        """``@decorator class C``: Keras' registration returns the class unchanged. A
        Keras class under another decorator stays, opaque (its instances are unknown,
        never mistaken); a plain class gets what the decorator returns."""
        if isinstance(decorator, Builtin) and decorator.name == REGISTRATION:
            return value
        if isinstance(value, UserClass) and value.keras_base is not None:
            value.opaque = True
            return value
        return self.interp.call(decorator, [value], {}, node)

    def forget(self, value: Any) -> None:
        """The object may have been changed in ways not followed: its state is unknown."""
        if isinstance(value, Instance):
            value.attributes = {name: UNKNOWN for name in value.attributes}
        if isinstance(value, Model):
            value.layers, value.complete = UNKNOWN, False
        elif isinstance(value, Layer):
            value.weights = UNKNOWN

    # ------------------------------------------------------------ attributes
    def get_attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, SuperProxy):
            return self._super_attribute(receiver, name)
        attributes = attributes_of(receiver)
        if attributes is not None and name in attributes:
            return _unwrapped(attributes[name], receiver)
        if isinstance(receiver, Layer) and name in KERAS_METHODS:
            return None  # Keras' wrapper around the class's own method: see call_method
        if isinstance(receiver, Layer) and name == "built":
            return receiver.user_state.built
        if name == "__dict__":  # written through, it would track what is not followed
            self.forget(receiver)
            return UNKNOWN
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
        return _unwrapped(value, cls)

    def _super_attribute(self, proxy: SuperProxy, name: str) -> Any:
        cls = receiver_class(proxy.receiver)
        found = cls.lookup(name, after=proxy.owner) if cls is not None else None
        if found is not None and isinstance(found[1], UserFunction):
            return Method(found[1], proxy.receiver)
        if isinstance(proxy.receiver, Layer) and name == "__init__":
            return KerasBaseInit(proxy.receiver)
        if isinstance(proxy.receiver, Layer) and name in _INERT_BASE_METHODS:
            return InertMethod()
        return UNKNOWN

    def set_attribute(self, receiver: Any, name: str, value: Any) -> bool:
        attributes = attributes_of(receiver)
        if attributes is None:
            return False
        if isinstance(receiver, Layer):
            self._track(receiver)  # what containers gained since, tracked before this value
        attributes[name] = value
        if isinstance(receiver, Layer):
            self._track(receiver)
        return True

    def _track(self, layer: Layer) -> None:
        """Keras' tracker: every layer reachable from an attribute, in order, once."""
        state: LayerState = layer.user_state
        tracked = layer.layers if isinstance(layer, Model) else layer.sublayers
        if not isinstance(tracked, list):
            return
        for value in list(state.attributes.values()):
            if _may_hide_layers(value):
                self.forget(layer)
                return
            for item in _layers_in(value):
                if item is not layer and all(item is not t for t in tracked):
                    tracked.append(item)

    # ----------------------------------------------------------------- calls
    def add_weight(self, layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """``Layer.add_weight(shape=None, initializer=None, dtype=None, trainable=True, ...)``."""
        names = ("shape", "initializer", "dtype", "trainable")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        shape = bound.get("shape")
        shape = () if shape is None else shape
        trainable = bound.get("trainable", True)
        if (
            not isinstance(shape, (tuple, list))
            or not all(isinstance(d, int) and not isinstance(d, bool) for d in shape)
            or not isinstance(trainable, bool)
        ):
            layer.weights = UNKNOWN
            return Tensor(UNKNOWN)
        name = bound.get("name") if isinstance(bound.get("name"), str) else "variable"
        layer.add_weight(name, tuple(shape), trainable)
        return Tensor(tuple(shape))

    def call_method(self, layer: Layer, name: str, args: list[Any], kwargs: dict) -> Any:
        """``layer.add_weight(...)``, ``layer.build(shape)``: Keras' own methods."""
        if name == "add_weight":
            return self.add_weight(layer, args, kwargs)
        self.build(layer, args, kwargs)
        return None

    def build(self, layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> None:
        """``layer.build(shape)`` called by the file: the class's own ``build``, if any.

        Keras' default ``build`` only marks the layer built: a Model subclass built
        this way leaves its layers unbuilt."""
        state: LayerState = layer.user_state
        state.built = True
        if layer.weights is None:
            layer.weights = list(layer.early_weights)
        shape = args[0] if args else kwargs.get("input_shape", UNKNOWN)
        build = state.cls.lookup("build")
        if build is not None and isinstance(build[1], UserFunction):
            self._follow(layer, build[1], [layer, shape], {})
        elif build is not None:
            self.forget(layer)

    def call_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """What calling a Layer subclass instance returns (its node is made by the caller).

        As ``Layer.__call__`` on symbolic inputs: ``_maybe_build`` (the class's
        ``build``, or else ``call`` traced when a sublayer is unbuilt, then the default
        ``build``), then ``compute_output_shape`` if the class defines it, else ``call``.
        """
        state: LayerState = layer.user_state
        if state.cls.is_opaque:
            return UNKNOWN
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        shapes = _shapes(inputs)
        self._maybe_build(layer, args, kwargs, shapes)
        compute = state.cls.lookup("compute_output_shape")
        if compute is not None:
            if not isinstance(compute[1], UserFunction):
                self._unfollowed(layer)
                return UNKNOWN
            shape = self._follow(layer, compute[1], [layer, shapes], {})
            return _output_shapes(shape)
        result = self._trace_call(layer, args, kwargs, shapes)
        if not flatten_tensors(result):
            self._unfollowed(layer)
            return UNKNOWN
        return _shapes(result)

    def call_eagerly(self, layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> None:
        """A call on anything but symbolic tensors. On a NumPy array of known shape
        Keras builds the layer as for a symbolic call and runs ``call`` once; on other
        values, what the call builds is not known."""
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if layer.user_state.cls.is_opaque:
            return
        if not (isinstance(inputs, ArrayValue) and inputs.known):
            self.runs_unknown(layer)
            return
        placeholder = Tensor(tuple(inputs.shape))
        args = [placeholder, *args[1:]] if args else args
        kwargs = kwargs if args else {**kwargs, "inputs": placeholder}
        self._maybe_build(layer, args, kwargs, placeholder.shape)
        self._trace_call(layer, args, kwargs, placeholder.shape)

    def runs_unknown(self, layer: Layer) -> None:
        """``fit``, ``predict``... or a call on unknown values: they build what is unbuilt."""
        if not layer.user_state.built:
            self._unfollowed(layer)

    def _maybe_build(self, layer: Layer, args: list[Any], kwargs: dict, shapes: Any) -> None:
        """``Layer._maybe_build``: the class's ``build``; without one, ``call`` traced
        first when a tracked sublayer is unbuilt."""
        state: LayerState = layer.user_state
        if state.built:
            return
        if state.cls.lookup("build") is None and any(not sub.built for sub in _tracked(layer)):
            self._trace_call(layer, args, kwargs, shapes)
        self.build(layer, [shapes], {})

    def _trace_call(self, layer: Layer, args: list[Any], kwargs: dict, shapes: Any) -> Any:
        """``backend.compute_output_spec(self.call, ...)``: ``call`` on placeholders, run
        a second time with another batch size when a dim is None."""
        call = layer.user_state.cls.lookup("call")
        if call is None or not isinstance(call[1], UserFunction):
            self._unfollowed(layer)
            return UNKNOWN
        result: Any = UNKNOWN
        self.inside_layer_call += 1
        try:
            for _ in range(2 if None in _dims(shapes) else 1):
                result = self._follow(layer, call[1], [layer, *args], kwargs)
        finally:
            self.inside_layer_call -= 1
        return result

    def _follow(self, layer: Layer, method: UserFunction, args: list[Any], kwargs: dict) -> Any:
        """One method of the layer's class; layers it assigns are tracked right after."""
        try:
            return self.interp.call_user_function(method, args, kwargs)
        except CannotKnow:
            self._unfollowed(layer)
            raise
        finally:
            self._track(layer)

    def _unfollowed(self, layer: Layer) -> None:
        """A ``call`` not followed would have built the layers it calls: their weights,
        and so the layer's, are unknown."""
        for sub in _tracked(layer):
            if not sub.built:
                sub.weights = UNKNOWN
        if isinstance(layer, Model):
            layer.complete = False


# Methods of Keras' Layer that wrap or stand beside what the class defines.
KERAS_METHODS = ("add_weight", "build")

# Keras' base methods a subclass may call through ``super()`` without effect on the graph.
_INERT_BASE_METHODS = {"build", "get_config", "compile", "summary"}


def _layers_in(value: Any) -> list[Layer]:
    if isinstance(value, Layer):
        return [value]
    if isinstance(value, (list, tuple)):
        return [layer for item in value for layer in _layers_in(item)]
    if isinstance(value, dict):
        return [layer for item in value.values() for layer in _layers_in(item)]
    return []


def _may_hide_layers(value: Any) -> bool:
    """A container with unknown items may hold layers that Keras tracks. (A bare
    unknown value is far more often ``activations.get(...)`` and the like than a layer
    the analyzer lost: a layer call it cannot follow still makes a layer.)"""
    return isinstance(value, (list, tuple, dict)) and contains_unknown(value)


def _tracked(layer: Layer) -> list[Layer]:
    tracked = layer.layers if isinstance(layer, Model) else layer.sublayers
    return tracked if isinstance(tracked, list) else []


def _dims(shapes: Any) -> list[Any]:
    if isinstance(shapes, tuple):
        return list(shapes)
    if isinstance(shapes, list):
        return [d for item in shapes for d in _dims(item)]
    return []


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
