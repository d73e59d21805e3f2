"""What Keras' public API does to the model graph, for the interpreter.

Names under ``keras``/``tf.keras`` resolve to :class:`KerasRef`; calling one
creates layers, tensors and models exactly where and in the order Keras would,
so default names (``conv2d_3``) and ``model.layers`` come out as Keras makes
them. Nothing from Keras is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kerasparam_lint.evaluator import (
    arrays,
    data_fit,
    keras_applications,
    keras_data,
    keras_helpers,
    lasagne_api,
    numpy_api,
)
from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.project_modules import is_modeled_keras
from kerasparam_lint.evaluator.user_classes import (
    KERAS_METHODS,
    REGISTRATION,
    is_user_object,
    registration_decorator,
)
from kerasparam_lint.evaluator.values import (
    BoundMethod,
    CallSite,
    KerasRef,
    Namespace,
    UserFunction,
)
from kerasparam_lint.graph.data_calls import DataCall
from kerasparam_lint.graph.model import (
    GraphError,
    Layer,
    Model,
    Node,
    Tensor,
    Weight,
    flatten_tensors,
    ordered_layers,
)
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.keras.binding import bind, keras1_reading
from kerasparam_lint.keras.built_at_init import BUILT_AT_INIT
from kerasparam_lint.keras.catalogue import CATALOGUE, MERGE_FUNCTIONS
from kerasparam_lint.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.keras.naming import NameCounters
from kerasparam_lint.keras.removed_api import (
    GENERATOR_METHODS,
    METHOD_KEYWORDS,
    OPTIMIZER_KEYWORDS,
    OPTIMIZERS,
    PREDICTION_METHODS,
    generator_method_message,
    prediction_method_message,
)
from kerasparam_lint.keras.shape_rules import broadcast_shapes
from kerasparam_lint.keras.signatures import ALIASES, SIGNATURES
from kerasparam_lint.lasagne.network import LasagneLayer

if TYPE_CHECKING:
    from kerasparam_lint.evaluator.interpreter import Interpreter

_KERAS_ROOTS = ("keras", "tensorflow.keras", "tensorflow.python.keras", "tf_keras")
_MODEL_CLASSES = {"Model", "Functional"}
# What one layer call costs of the step budget (see ``Limits.max_steps``).
LAYER_CALL_STEPS = 10


@dataclass(frozen=True)
class Problem:
    """Something Keras would reject or warn about, found while evaluating."""

    code: str
    message: str
    line: int
    col: int


def canonical(path: str) -> str | None:
    """``tensorflow.keras.layers`` -> ``keras.layers``; Lasagne/nolearn paths stay as they
    are (:mod:`lasagne_api` handles them); None outside these frameworks."""
    if lasagne_api.owns(path):
        return path
    for root in _KERAS_ROOTS:
        if path == root or path.startswith(root + "."):
            return "keras" + path[len(root) :]
    if path == "tensorflow":
        return "tensorflow"
    return None


def layer_class(name: str) -> str | None:
    """The Keras 3 class a public layer name stands for (aliases resolved)."""
    name = ALIASES.get(name, name)
    return name if name in SIGNATURES else None


class KerasWorld:
    """The Keras objects one analyzed file creates, with Keras' global name counters."""

    def __init__(self, interp: Interpreter) -> None:
        self.interp = interp
        self.names = NameCounters()
        self.models: list[Model] = []
        self.problems: list[Problem] = []
        self.data_calls: list[DataCall] = []
        self.losses: dict[Model, str | None] = {}  # the loss of each model's last compile()
        self.lasagne = lasagne_api.LasagneWorld(self)
        # Layers whose first build has taken the default names of what it creates.
        self._named_builds: set[Layer] = set()

    # ------------------------------------------------------------- namespaces
    def import_module(self, dotted: str) -> Any:
        found = numpy_api.find(dotted)
        if found is not None:
            return found
        path = canonical(dotted)
        if path is None or not is_modeled_keras(path):
            module = self.interp.project.import_module(dotted)
            if module is not None:
                return module
        return KerasRef(path) if path else UNKNOWN

    def import_from(self, module: str, name: str) -> Any:
        found = numpy_api.find(f"{module}.{name}")
        if found is not None:
            return found
        path = canonical(f"{module}.{name}")
        if path is None or not is_modeled_keras(path):
            value = self.interp.project.import_from(module, name)
            if value is not None:
                return value
        return KerasRef(path) if path else UNKNOWN

    def star_import(self, module: str) -> dict[str, Any]:
        path = canonical(module)
        if path is None:
            return {}
        if lasagne_api.owns(path):
            return self.lasagne.star_import(path)
        names = [*SIGNATURES, *ALIASES, *MERGE_FUNCTIONS, "Input"]
        if not path.endswith("layers"):
            names += ["Model", "Sequential", "Input"]
        return {name: KerasRef(f"{path}.{name}") for name in names}

    def get_attribute(self, receiver: Any, name: str) -> Any:
        if is_user_object(receiver):
            value = self.interp.classes.get_attribute(receiver, name)
            if value is not None:
                return value
            if not isinstance(receiver, Layer):
                return UNKNOWN
            if name in KERAS_METHODS:
                return BoundMethod(receiver, name)
        if isinstance(receiver, KerasRef):
            if receiver.path == "tensorflow":
                return KerasRef("keras") if name == "keras" else KerasRef(f"tensorflow.{name}")
            return KerasRef(f"{receiver.path}.{name}")
        if isinstance(receiver, Namespace):
            return receiver.members.get(name, UNKNOWN)
        if isinstance(receiver, ArrayValue):
            return arrays.attribute(receiver, name)
        if isinstance(receiver, Tensor):
            return self._tensor_attribute(receiver, name)
        if isinstance(receiver, Model):
            return self._model_attribute(receiver, name)
        if isinstance(receiver, LasagneLayer):
            return self.lasagne.attribute(receiver, name)
        if isinstance(receiver, Layer):
            return self._layer_attribute(receiver, name)
        if isinstance(receiver, (str, list, dict, tuple)) and not name.startswith("_"):
            if hasattr(receiver, name):
                return BoundMethod(receiver, name)
        return UNKNOWN

    def set_attribute(self, receiver: Any, name: str, value: Any) -> None:
        if name != "trainable" and self.interp.classes.set_attribute(receiver, name, value):
            return
        if isinstance(receiver, ArrayValue):
            arrays.set_attribute(receiver, name, value)
        if isinstance(receiver, Layer) and name == "trainable":
            if isinstance(value, bool):
                receiver.set_trainable(value)
            else:
                self._taint(receiver)

    def _taint(self, layer: Layer) -> None:
        layer.weights = UNKNOWN

    def subscript(self, container: Any, key: Any) -> Any:
        if isinstance(container, ArrayValue):
            return arrays.index(container, key)
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

    def _tensor_attribute(self, tensor: Tensor, name: str) -> Any:
        if name == "shape":
            return tensor.shape if isinstance(tensor.shape, tuple) else UNKNOWN
        if name == "ndim":
            return len(tensor.shape) if isinstance(tensor.shape, tuple) else UNKNOWN
        return UNKNOWN

    def _layer_attribute(self, layer: Layer, name: str) -> Any:
        if name == "name":
            return layer.name
        if name == "trainable":
            return layer.trainable
        if name in ("output", "input") and len(layer.inbound_nodes) == 1:
            node = layer.inbound_nodes[0]
            if name == "output":
                return node.outputs
            return node.inputs[0] if len(node.inputs) == 1 else list(node.inputs)
        if name in ("count_params", "build"):
            return BoundMethod(layer, name)
        held = layer.config.get(name) if isinstance(layer.config, dict) else None
        if isinstance(held, Layer):
            return held  # a wrapper's layer, an RNN's cell, Bidirectional's copies
        return UNKNOWN

    def _model_attribute(self, model: Model, name: str) -> Any:
        if name == "layers":
            return UNKNOWN if model.layers is UNKNOWN else list(model.layers)
        if name in ("inputs", "outputs"):
            value = model.inputs if name == "inputs" else model.outputs
            if isinstance(value, Tensor):
                return [value]
            return list(value) if isinstance(value, (list, tuple)) else value
        if name in ("input", "output"):
            value = model.inputs if name == "input" else model.outputs
            if isinstance(value, list) and len(value) == 1:
                return value[0]
            return value
        if name in ("name", "trainable"):
            return self._layer_attribute(model, name)
        return BoundMethod(model, name)

    # ------------------------------------------------------------------ calls
    def call_keras(
        self, ref: KerasRef, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        last = ref.path.rsplit(".", 1)[-1]
        if ref.path.startswith("tensorflow."):
            return UNKNOWN
        if lasagne_api.owns(ref.path):
            return self.lasagne.call(ref, args, kwargs, site)
        if last == "Input":
            return self.make_input(args, kwargs, site)
        if last == "InputLayer":
            return self.make_input_layer(args, kwargs, site)
        if last in _MODEL_CLASSES:
            return self.make_functional(args, kwargs, site)
        if last == "Sequential":
            return self.make_sequential(args, kwargs, site)
        if last in MERGE_FUNCTIONS and ".layers" in ref.path:
            inputs = args[0] if args else kwargs.pop("inputs", UNKNOWN)
            if last == "dot" and len(args) < 2:
                kwargs.setdefault("axes", -1)  # `keras.layers.dot(inputs, axes=-1)`; Dot has none
            layer = self.make_layer(MERGE_FUNCTIONS[last], args[1:], kwargs, site)
            return self.call_layer(layer, [inputs], {}, site)
        if last == "int_shape" and args and isinstance(args[0], Tensor):
            return args[0].shape if isinstance(args[0].shape, tuple) else UNKNOWN
        if last == "image_data_format":
            return "channels_last"
        if last == REGISTRATION:
            return registration_decorator()
        if last in keras_helpers.HELPERS:
            return keras_helpers.HELPERS[last](self, args, kwargs, site)
        if keras_data.is_data_helper(ref.path):
            return keras_data.call(ref.path, args, kwargs)
        if ref.path.startswith("keras.losses."):
            return data_fit.loss_object(ref.path, args, kwargs)
        if ref.path.startswith(keras_applications.PREFIX):
            return self._application(ref.path, args, kwargs, site)
        if ref.path == f"keras.optimizers.{last}" and last in OPTIMIZERS:
            self._removed_keywords("KPL307", f"{last}()", OPTIMIZER_KEYWORDS, kwargs, site)
            return UNKNOWN
        name = layer_class(last)
        if name is not None:
            return self.make_layer(name, args, kwargs, site)
        return UNKNOWN

    def _application(
        self, path: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """``keras.applications.X(...)``: the installed Keras' constructor, evaluated from
        its source; the model it returns is placed at the call."""
        found = keras_applications.constructor(path)
        if found is None:
            note = keras_applications.missing_keras_note(path)
            if note is not None:
                self.interp.note(note)
            return UNKNOWN
        file, name = found
        module = self.interp.project.load(file)
        function = module.members.get(name) if isinstance(module, Namespace) else None
        if not isinstance(function, UserFunction):
            return UNKNOWN
        model = self.interp.call_user_function(function, args, kwargs)
        if isinstance(model, Model):
            model.line, model.col = site.line, site.col
        return model

    def unknown_keras_call(self, ref: KerasRef, site: CallSite) -> Any:
        """A Keras call whose ``*args``/``**kwargs`` could not be expanded."""
        name = layer_class(ref.path.rsplit(".", 1)[-1])
        if name is None or lasagne_api.owns(ref.path):
            return UNKNOWN
        layer = Layer(name, self.names.auto_name(name), site.line, site.col, config=UNKNOWN)
        return layer

    def call_object(
        self, target: Any, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        if isinstance(target, Layer):
            return self.call_layer(target, args, kwargs, site)
        receiver, method = target.receiver, target.name
        if isinstance(receiver, Layer) and receiver.user_state is not None:
            if method in KERAS_METHODS:
                return self.interp.classes.call_method(receiver, method, args, kwargs)
            if method in data_fit.DATA_METHODS:
                self.interp.classes.runs_unknown(receiver)
        if isinstance(receiver, Model):
            return self._model_method(receiver, method, args, kwargs, site)
        if isinstance(receiver, Layer):
            if method == "build":
                return self._build_method(receiver, args, kwargs, site)
            if method == "count_params":
                params = receiver.counts()[0]
                return UNKNOWN if params is None else params
            return UNKNOWN
        return _constant_method(self.interp, receiver, method, args, kwargs)

    # ------------------------------------------------------------- layers
    def make_layer(
        self, class_name: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Layer:
        binding = bind(class_name, args, kwargs)
        name = binding.args.get("name")
        if not isinstance(name, str):
            name = self.names.auto_name(class_name)
        trainable = binding.args.get("trainable", True)
        layer = Layer(
            class_name,
            name,
            site.line,
            site.col,
            config=binding.args,
            trainable=trainable if isinstance(trainable, bool) else True,
        )
        for old, new in binding.legacy:
            self._problem(
                "KPL303", f"{class_name} has no argument `{old}`; Keras 3 calls it `{new}`", site
            )
        reading = keras1_reading(class_name, args)
        if reading is not None:
            self._problem("KPL305", reading, site)
            layer.misread = True
        for keyword, suggestion in binding.unexpected:
            hint = f"; did you mean `{suggestion}`?" if suggestion else ""
            self._problem("KPL303", f"{class_name} has no argument `{keyword}`{hint}", site)
        if binding.unexpected or binding.missing or binding.too_many_positional:
            layer.config = UNKNOWN
        spec = CATALOGUE.get(class_name)
        if spec is not None and spec.construct is not None and layer.config is not UNKNOWN:
            layer.config = spec.construct(layer.config)
        if not isinstance(trainable, bool):
            self._taint(layer)
        elif class_name in BUILT_AT_INIT and layer.config is not UNKNOWN:
            layer.weights = []
        return layer

    def call_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        # Steps per layer call, however it is reached (a Sequential re-calls all its layers
        # on every ``add``, so a loop of adds costs its square): a call does the work of
        # about this many plain steps.
        self.interp.tick(LAYER_CALL_STEPS)
        if layer.user_state is not None:
            return self._call_user_layer(layer, args, kwargs, site)
        if isinstance(layer, Model):
            return self.call_model(layer, args, kwargs, site)
        spec = CATALOGUE.get(layer.class_name)
        first = "inputs" if spec is None else spec.call_first
        inputs = args[0] if args else kwargs.pop(first, UNKNOWN)
        tensors = flatten_tensors(inputs)
        if not _only_tensors(inputs):
            return UNKNOWN
        extra: dict[str, Any] = {}
        if spec is not None:
            for param, value in zip(spec.call_params, args[1:], strict=False):
                extra[param] = value
            for key, value in kwargs.items():
                extra[key] = value
        for value in extra.values():
            tensors.extend(flatten_tensors(value))
        call = Call(_shapes(inputs), {k: _shapes(v) for k, v in extra.items()})
        misread = layer.misread or any(t.misread for t in tensors)
        recorded = len(self.problems)
        config = layer.config
        if spec is not None:
            self._count_build_names(layer, spec)
        if spec is None or config is UNKNOWN:
            if layer.weights is None:
                layer.weights = UNKNOWN
            outputs: Any = Tensor(UNKNOWN)
        else:
            if layer.weights is None:
                layer.weights = self._build(layer, spec, config, call, site)
                self._build_wrapped(layer, spec, config, call, site)
            outputs = self._output_tensors(layer, spec, config, call, site)
        if misread:  # a fault here follows from the misread layer, which is reported
            del self.problems[recorded:]
            for tensor in flatten_tensors(outputs):
                tensor.misread = True
        self._record_call(layer, tensors, outputs, site)
        return outputs

    def _record_call(
        self, layer: Layer, inputs: list[Tensor], outputs: Any, site: CallSite
    ) -> None:
        """The call's node; none inside a Layer subclass's ``call``, which Keras runs
        on placeholder values."""
        if self.interp.classes.inside_layer_call:
            return
        node = Node(layer, inputs, outputs, site.line)
        for index, tensor in enumerate(flatten_tensors(outputs)):
            tensor.node, tensor.index = node, index
        layer.inbound_nodes.append(node)

    def _build_method(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> None:
        """``layer.build(input_shape)`` on a Keras layer: its weights, unless built."""
        if layer.built:
            return
        spec = CATALOGUE.get(layer.class_name)
        shape = args[0] if args else kwargs.get("input_shape", UNKNOWN)
        if spec is None or layer.config is UNKNOWN or not isinstance(shape, (tuple, list)):
            layer.weights = UNKNOWN
            return
        call = Call(tuple(shape), {})
        self._count_build_names(layer, spec)
        layer.weights = self._build(layer, spec, layer.config, call, site)
        self._build_wrapped(layer, spec, layer.config, call, site)

    def _count_build_names(self, layer: Layer, spec: Any) -> None:
        """Keras builds a layer once, at its first call (even one whose weights the
        analyzer cannot know), or when a wrapper builds it."""
        if layer in self._named_builds:
            return
        self._named_builds.add(layer)
        for created in spec.build_names:
            self.names.auto_name(created)

    def _build_wrapped(
        self, layer: Layer, spec: Any, config: Args, call: Call, site: CallSite
    ) -> None:
        """A wrapper's first call builds the layers it holds, unless already built."""
        if spec.wrapped is None:
            return
        try:
            held = spec.wrapped(config, call)
        except (CannotKnow, ShapeError, TypeError, ValueError, AttributeError, IndexError):
            layer.weights = UNKNOWN
            return
        for inner, inner_call in held:
            layer.sublayers.append(inner)
            if inner.built:
                continue
            inner_spec = CATALOGUE.get(inner.class_name)
            if inner_spec is None or inner.config is UNKNOWN:
                inner.weights = UNKNOWN
                continue
            self._count_build_names(inner, inner_spec)
            inner.weights = self._build(inner, inner_spec, inner.config, inner_call, site)
            self._build_wrapped(inner, inner_spec, inner.config, inner_call, site)

    def _call_user_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if not _only_tensors(inputs):
            self.interp.classes.call_eagerly(layer, args, kwargs)
            return UNKNOWN
        try:
            shape = self.interp.classes.call_layer(layer, args, kwargs, site)
        except CannotKnow:
            shape = UNKNOWN
        outputs = _tensors_for(shape)
        self._record_call(layer, flatten_tensors(inputs), outputs, site)
        return outputs

    def _build(self, layer: Layer, spec: Any, config: Args, call: Call, site: CallSite) -> Any:
        try:
            rows = spec.weights(config, call)
            weights = [Weight(name, tuple(shape), trainable) for name, shape, trainable in rows]
            return Layer.track(weights, _owner_trainable(layer, spec))
        except CannotKnow:
            return UNKNOWN
        except ShapeError as error:
            self._problem(error.code, f"{layer.class_name}: {error}", site)
            return UNKNOWN
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError):
            return UNKNOWN

    def _output_tensors(
        self, layer: Layer, spec: Any, config: Args, call: Call, site: CallSite
    ) -> Any:
        try:
            shape = spec.output_shape(config, call)
        except CannotKnow:
            return Tensor(UNKNOWN)
        except ShapeError as error:
            self._problem(error.code, f"{layer.class_name}: {error}", site)
            return Tensor(UNKNOWN)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError):
            return Tensor(UNKNOWN)
        return _tensors_for(shape)

    def _problem(self, code: str, message: str, site: CallSite) -> None:
        # A layer's weight rule validates as its shape rule does: report the error once.
        problem = Problem(code, message, site.line, site.col)
        if problem not in self.problems:
            self.problems.append(problem)

    def tensor_operation(self, op_name: str, left: Any, right: Any, site: CallSite) -> Any:
        """``x + y`` on symbolic tensors: a Keras op (it takes a default name too,
        except inside a Layer subclass's ``call``, which Keras runs on placeholders)."""
        if not self.interp.classes.inside_layer_call:
            self.names.auto_name(_OPERATOR_CLASSES.get(op_name, op_name))
        operation = Layer(op_name, op_name, site.line, site.col, weights=[])
        operation.is_layer = False  # type: ignore[attr-defined]
        inputs = [t for t in (left, right) if isinstance(t, Tensor)]
        shape: Any = UNKNOWN
        others = [v for v in (left, right) if not isinstance(v, Tensor)]
        if len(inputs) == 1 and all(isinstance(v, (int, float)) for v in others):
            shape = inputs[0].shape
        elif len(inputs) == 2 and all(isinstance(t.shape, tuple) for t in inputs):
            try:
                shape = broadcast_shapes(inputs[0].shape, inputs[1].shape)
            except (ShapeError, CannotKnow):
                shape = UNKNOWN
        output = Tensor(shape, misread=any(t.misread for t in inputs))
        node = Node(operation, inputs, output, site.line)
        output.node = node
        operation.inbound_nodes.append(node)
        return output

    # ------------------------------------------------------------- inputs
    def make_input(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        layer = self._input_layer(bound, site)
        return layer.inbound_nodes[0].outputs

    def make_input_layer(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        names = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape")
        bound = dict(zip(names, args, strict=False))
        bound.update(kwargs)
        return self._input_layer(bound, site)

    def _input_layer(self, bound: dict[str, Any], site: CallSite, name: Any = None) -> Layer:
        shape = bound.get("shape")
        batch_shape = bound.get("batch_shape")
        if "input_shape" in bound and shape is None:
            shape = bound["input_shape"]
        full: Any
        if batch_shape is not None:
            full = tuple(batch_shape) if isinstance(batch_shape, (tuple, list)) else UNKNOWN
        elif isinstance(shape, (tuple, list)):
            full = (bound.get("batch_size"), *shape)
        else:
            if shape is not None and shape is not UNKNOWN:
                self._problem(
                    "KPL301",
                    f"Input shape must be a tuple, got {shape!r}; write shape=({shape},)",
                    site,
                )
            full = UNKNOWN
        given = bound.get("name", name)
        layer_name = given if isinstance(given, str) else self.names.auto_name("InputLayer")
        layer = Layer("InputLayer", layer_name, site.line, site.col, weights=[])
        output = Tensor(
            full if not isinstance(full, tuple) or all(_is_dim(d) for d in full) else UNKNOWN
        )
        node = Node(layer, [], output, site.line, is_input=True)
        output.node = node
        layer.inbound_nodes.append(node)
        return layer

    # ------------------------------------------------------------- models
    def make_functional(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        inputs = args[0] if args else kwargs.get("inputs", kwargs.get("input", UNKNOWN))
        outputs = args[1] if len(args) > 1 else kwargs.get("outputs", kwargs.get("output", UNKNOWN))
        for legacy in ("input", "output"):
            if legacy in kwargs:
                self._problem(
                    "KPL302",
                    f"Model() has no argument `{legacy}`; Keras 3 calls it `{legacy}s`",
                    site,
                )
        name = kwargs.get("name") if len(args) < 3 else args[2]
        model = self._new_model("Functional", name, kwargs.get("trainable", True), site)
        model.inputs, model.outputs = inputs, outputs
        self._wire_functional(model, inputs, outputs)
        return model

    def _new_model(self, class_name: str, name: Any, trainable: Any, site: CallSite) -> Model:
        """A Sequential or Functional as ``Layer.__init__`` makes it: named (a default name
        takes the class's counter) and with its ``trainable`` flag set before any layer is
        tracked, so the flag alone changes."""
        model = Model(
            class_name,
            name if isinstance(name, str) else self.names.auto_name(class_name),
            site.line,
            site.col,
            weights=[],
        )
        if isinstance(trainable, bool):
            model.trainable = trainable
        elif trainable is not None:
            self._taint(model)
        self.models.append(model)
        return model

    def _wire_functional(self, model: Model, inputs: Any, outputs: Any) -> None:
        if not (_only_tensors(inputs) and _only_tensors(outputs)):
            model.layers, model.complete = UNKNOWN, False
            return
        flat_outputs = flatten_tensors(outputs)
        try:
            layers = ordered_layers(flatten_tensors(inputs), flat_outputs)
        except GraphError as error:
            line = model.line
            self.problems.append(Problem("KPL106", str(error), line, model.col))
            model.layers, model.complete = UNKNOWN, False
            return
        model.layers = [layer for layer in layers if getattr(layer, "is_layer", True)]
        model.complete = all(_known_layer(layer) for layer in layers)
        if model.complete and _masks_may_reorder(model.layers):
            self.interp.note(f"{model.name}: Keras' mask ops may reorder model.layers")
            model.complete = False

    def make_sequential(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        layers = args[0] if args else kwargs.get("layers")
        name = kwargs.get("name") if len(args) < 3 else args[2]
        trainable = kwargs.get("trainable", True) if len(args) < 2 else args[1]
        model = self._new_model("Sequential", name, trainable, site)
        model.sequence = []  # type: ignore[attr-defined]
        model.add_sites = {}  # type: ignore[attr-defined]  # id(layer) -> its `add` call
        model.layers = []
        if layers is not None:
            items = self.interp.sequence(layers)
            if items is UNKNOWN:
                model.layers, model.complete = UNKNOWN, False
                return model
            for layer in items:
                self._sequential_add(model, layer, site)
            self._sequential_rebuild(model, site)
        return model

    def _sequential_add(self, model: Model, layer: Any, site: CallSite) -> None:
        sequence: list[Any] = model.sequence  # type: ignore[attr-defined]
        if not sequence and isinstance(layer, Layer) and not isinstance(layer, Model):
            shape_arg = _input_shape_arg(layer)
            if shape_arg is not None:
                if isinstance(shape_arg, (tuple, list)):
                    sequence.append(self._input_layer({"shape": tuple(shape_arg)}, site))
                elif shape_arg is UNKNOWN:
                    sequence.append(UNKNOWN)
                else:
                    self._problem(
                        "KPL301",
                        f"input_shape must be a tuple, got {shape_arg!r}; write ({shape_arg},)",
                        CallSite(layer.line, layer.col),
                    )
                    sequence.append(UNKNOWN)
        if isinstance(layer, Tensor) and layer.node is not None and layer.node.is_input:
            layer = layer.node.layer
        if not isinstance(layer, Layer):
            sequence.append(UNKNOWN)
            return
        sequence.append(layer)

    def _sequential_rebuild(self, model: Model, site: CallSite) -> None:
        sequence: list[Any] = model.sequence  # type: ignore[attr-defined]
        listed = sequence[1:] if sequence and _is_input_layer(sequence[0]) else list(sequence)
        if any(item is UNKNOWN for item in sequence):
            model.layers, model.complete = UNKNOWN, False
            return
        model.layers = listed
        if not sequence or not _is_input_layer(sequence[0]) or len(sequence) < 2:
            model.complete = bool(sequence) and _is_input_layer(sequence[0])
            return
        x: Any = sequence[0].inbound_nodes[0].outputs
        inputs = x
        added: dict[int, CallSite] = model.add_sites  # type: ignore[attr-defined]
        for layer in sequence[1:]:
            # Each layer is called where it was added (or made): a fault is reported once,
            # on the line to change, however often the model is rebuilt.
            own = added.get(id(layer), CallSite(layer.line, layer.col))
            x = self.call_layer(layer, [x], {}, own)
            if not isinstance(x, Tensor):
                break
        self.names.auto_name("Functional")
        model.inputs, model.outputs = inputs, x
        model.complete = isinstance(x, Tensor) and all(_known_layer(la, True) for la in listed)

    def _model_method(
        self, model: Model, method: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        if model.class_name in data_fit.KERAS_MODELS or model.user_state is not None:
            self._removed_method(model, method, kwargs, site)
        if method == "build" and model.class_name == "Sequential" and model.inputs is None:
            shape = args[0] if args else kwargs.get("input_shape")
            if isinstance(shape, (tuple, list)) and all(_is_dim(d) for d in shape):
                self._sequential_build_on_call(model, Tensor(tuple(shape)), site)
            else:
                model.layers, model.complete = UNKNOWN, False
            return None
        if method == "add" and model.class_name == "Sequential" and args:
            model.add_sites[id(args[0])] = site  # type: ignore[attr-defined]
            self._sequential_add(model, args[0], site)
            self._sequential_rebuild(model, site)
            return None
        if method == "count_params":
            params = model.counts()[0]
            return UNKNOWN if params is None else params
        if method == "get_layer" and model.layers is not UNKNOWN:
            wanted = args[0] if args else kwargs.get("name")
            for layer in model.layers:
                if layer.name == wanted:
                    return layer
            return UNKNOWN
        if method == "compile":
            loss = args[1] if len(args) > 1 else kwargs.get("loss")
            self.losses[model] = data_fit.loss_name(loss)
        if method in data_fit.DATA_METHODS:
            self._check_data(model, method, args, kwargs, site)
        if method in _INERT_MODEL_METHODS:
            return None
        return UNKNOWN

    def _removed_method(
        self, model: Model, method: str, kwargs: dict[str, Any], site: CallSite
    ) -> None:
        """A Keras 1/2 method or keyword of a Keras model that Keras 3 no longer has."""
        if method in GENERATOR_METHODS:
            self._problem("KPL308", generator_method_message(method), site)
        elif method in PREDICTION_METHODS:
            units = _last_axis(model.outputs)
            self._problem("KPL309", prediction_method_message(method, units), site)
        renamed = METHOD_KEYWORDS.get(method, {})
        self._removed_keywords("KPL306", f"{method}()", renamed, kwargs, site)

    def _removed_keywords(
        self,
        code: str,
        callee: str,
        renamed: dict[str, str],
        kwargs: dict[str, Any],
        site: CallSite,
    ) -> None:
        for old, new in renamed.items():
            if old in kwargs:
                self._problem(
                    code, f"{callee} has no argument `{old}`; Keras 3 calls it `{new}`", site
                )

    def _check_data(
        self, model: Model, method: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> None:
        """``fit``/``evaluate``/``predict``...: data shapes that Keras would reject."""
        if any(t.misread for t in flatten_tensors(model.outputs)):
            return  # the data meets shapes its author did not mean (KPL305 says why)
        loss = self.losses.get(model)
        position = (site.line, site.col)
        self.data_calls.append(data_fit.data_call(model, method, loss, args, kwargs, position))
        try:
            data_fit.check_call(model, method, loss, args, kwargs)
        except data_fit.Rejected as rejected:
            self._problem(rejected.code, str(rejected), site)
        except CannotKnow:
            return

    def _sequential_build_on_call(self, model: Model, inputs: Any, site: CallSite) -> None:
        """A Sequential with no input shape builds on its first call (``Sequential.build``):
        an InputLayer for the call's shape goes first, then the layers are wired."""
        sequence: list[Any] = model.sequence  # type: ignore[attr-defined]
        if not isinstance(inputs, Tensor) or not sequence or _is_input_layer(sequence[0]):
            return
        if not isinstance(inputs.shape, tuple):
            model.layers, model.complete = UNKNOWN, False
            return
        sequence.insert(0, self._input_layer({"batch_shape": inputs.shape}, site))
        self._sequential_rebuild(model, site)

    def call_model(
        self, model: Model, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if not _only_tensors(inputs):
            return UNKNOWN
        if model.class_name == "Sequential" and model.inputs is None:
            self._sequential_build_on_call(model, inputs, site)
        model_inputs = flatten_tensors(model.inputs)
        given = flatten_tensors(inputs)
        outputs: Any
        same = len(given) == len(model_inputs) and all(
            _same_shape(a.shape, b.shape) for a, b in zip(given, model_inputs, strict=True)
        )
        if same and _only_tensors(model.outputs):
            batch = _call_batch(given, model_inputs)
            misread = any(t.misread for t in (*given, *flatten_tensors(model.outputs)))
            outputs = _map_tensors(
                model.outputs, lambda t: Tensor(_with_batch(t.shape, batch), misread=misread)
            )
        else:
            outputs = Tensor(UNKNOWN)
        self._record_call(model, given, outputs, site)
        return outputs


_INERT_MODEL_METHODS = {
    "summary",
    "compile",
    "fit",
    "evaluate",
    "predict",
    "save",
    "save_weights",
    "load_weights",
    "build",
}
_OPERATOR_CLASSES = {
    "Add": "Add",
    "Subtract": "Subtract",
    "Multiply": "Multiply",
    "Divide": "TrueDivide",
    "FloorDivide": "FloorDivide",
    "Power": "Power",
    "Modulo": "Mod",
    "MatrixMultiply": "Matmul",
}


def _last_axis(outputs: Any) -> Any:
    """The size of a single output's last axis, or None."""
    if isinstance(outputs, list) and len(outputs) == 1:
        outputs = outputs[0]
    if isinstance(outputs, Tensor) and isinstance(outputs.shape, tuple) and outputs.shape:
        return outputs.shape[-1]
    return None


def _owner_trainable(layer: Layer, spec: Any) -> bool:
    """The flag of the layer that makes ``layer``'s variables when it is built."""
    owners = {"own": layer.trainable, "init": layer.inner_trainable, "build": True}
    return owners[spec.weight_owner]


def _call_batch(given: list[Tensor], model_inputs: list[Tensor]) -> Any:
    """The batch size a call gives a model built for any batch (None when it does not)."""
    if any(t.shape[0] is not None for t in model_inputs):
        return None
    batches = {t.shape[0] for t in given}
    return batches.pop() if len(batches) == 1 else None


def _with_batch(shape: Any, batch: Any) -> Any:
    """Keras carries the batch dim through every layer: an output built with batch None
    gets the caller's batch."""
    if batch is None or not isinstance(shape, tuple) or not shape or shape[0] is not None:
        return shape
    return (batch, *shape[1:])


def _masks_may_reorder(layers: list[Layer]) -> bool:
    """Keras threads masks (``Embedding(mask_zero=True)``, ``Masking``) through ops of
    their own, which change the traversal that orders a branching model's layers; the
    analyzer does not model those ops, so such an order is not known."""
    masked = any(
        layer.class_name == "Masking"
        or (isinstance(layer.config, dict) and layer.config.get("mask_zero", False) is not False)
        for layer in layers
    )
    if not masked:
        return False
    consumers: dict[int, int] = {}
    for layer in layers:
        for node in layer.inbound_nodes:
            if len(node.inputs) > 1:
                return True
            for tensor in node.inputs:
                consumers[id(tensor)] = consumers.get(id(tensor), 0) + 1
    return any(count > 1 for count in consumers.values())


def _is_dim(value: Any) -> bool:
    return (
        value is None
        or value is UNKNOWN
        or (isinstance(value, int) and not isinstance(value, bool))
    )


def _is_input_layer(value: Any) -> bool:
    return isinstance(value, Layer) and value.class_name == "InputLayer"


def _input_shape_arg(layer: Layer) -> Any:
    """``input_shape=``/``input_dim=`` taken by ``Layer.__init__`` (not a layer's own
    parameter of that name, like Embedding's vocabulary size ``input_dim``)."""
    config = layer.config
    if not isinstance(config, dict):
        return None
    own = {param[0] for param in SIGNATURES.get(layer.class_name, ())}
    if "input_dim" not in own and config.get("input_dim") is not None:
        return (config["input_dim"],)
    return None if "input_shape" in own else config.get("input_shape")


def _known_layer(layer: Layer, latest_call_only: bool = False) -> bool:
    """Its weights and the outputs of its calls are known (of its last call only, for a
    Sequential rebuild, whose earlier calls belong to earlier builds)."""
    if isinstance(layer, Model):
        return layer.complete
    if not getattr(layer, "is_layer", True):
        return True
    nodes = layer.inbound_nodes[-1:] if latest_call_only else layer.inbound_nodes
    return layer.weights is not UNKNOWN and all(
        isinstance(node.outputs, Tensor)
        and node.outputs.shape is not UNKNOWN
        or isinstance(node.outputs, list)
        for node in nodes
    )


def _only_tensors(structure: Any) -> bool:
    if isinstance(structure, Tensor):
        return True
    if isinstance(structure, (list, tuple)):
        return bool(structure) and all(_only_tensors(item) for item in structure)
    if isinstance(structure, dict):
        return bool(structure) and all(_only_tensors(item) for item in structure.values())
    return False


def _shapes(structure: Any) -> Any:
    if isinstance(structure, Tensor):
        return structure.shape
    if isinstance(structure, (list, tuple)):
        return [_shapes(item) for item in structure]
    if isinstance(structure, dict):
        return [_shapes(item) for item in structure.values()]
    return structure


def _tensors_for(shape: Any) -> Any:
    if isinstance(shape, list):
        return [_tensors_for(item) for item in shape]
    return Tensor(shape)


def _map_tensors(structure: Any, fn: Any) -> Any:
    if isinstance(structure, Tensor):
        return fn(structure)
    if isinstance(structure, (list, tuple)):
        return [_map_tensors(item, fn) for item in structure]
    if isinstance(structure, dict):
        return {k: _map_tensors(v, fn) for k, v in structure.items()}
    return structure


def _same_shape(a: Any, b: Any) -> bool:
    if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
        return False
    return all(
        x is y or (x is not UNKNOWN and y is not UNKNOWN and x == y)
        for x, y in zip(a[1:], b[1:], strict=True)
    )


def _constant_method(
    interp: Any, receiver: Any, method: str, args: list[Any], kwargs: dict[str, Any]
) -> Any:
    """Methods of str/list/dict/tuple; mutation is allowed on containers the file built."""
    from kerasparam_lint.evaluator.interpreter import is_constant

    if isinstance(receiver, list) and method in (
        "append",
        "extend",
        "insert",
        "pop",
        "reverse",
        "clear",
        "remove",
    ):
        try:
            if method == "extend":
                items = interp.sequence(args[0]) if args else UNKNOWN
                if items is UNKNOWN:
                    return UNKNOWN
                receiver.extend(items)
                return None
            return getattr(receiver, method)(*args)
        except (IndexError, ValueError, TypeError, CannotKnow):
            return UNKNOWN
    if isinstance(receiver, dict) and method in (
        "get",
        "items",
        "keys",
        "values",
        "pop",
        "setdefault",
        "update",
        "copy",
    ):
        try:
            result = getattr(receiver, method)(*args, **kwargs)
        except (KeyError, TypeError, CannotKnow):
            return UNKNOWN
        if method in ("items", "keys", "values"):
            return list(result)
        return result
    if isinstance(receiver, list) and method in ("copy", "index", "count"):
        try:
            return getattr(receiver, method)(*args)
        except (ValueError, TypeError, CannotKnow):
            return UNKNOWN
    if not (is_constant(receiver) and all(is_constant(a) for a in args)):
        return UNKNOWN
    if not all(is_constant(v) for v in kwargs.values()):
        return UNKNOWN
    if isinstance(receiver, str) and method not in _STRING_METHODS:
        return UNKNOWN
    try:
        result = getattr(receiver, method)(*args, **kwargs)
    except (AttributeError, TypeError, ValueError, IndexError, KeyError, CannotKnow):
        return UNKNOWN
    if isinstance(result, str) and len(result) > 1_000_000:
        return UNKNOWN
    return result if is_constant(result) else UNKNOWN


_STRING_METHODS = {
    "format",
    "join",
    "upper",
    "lower",
    "replace",
    "startswith",
    "endswith",
    "split",
    "rsplit",
    "strip",
    "lstrip",
    "rstrip",
    "title",
    "capitalize",
    "count",
    "find",
    "rfind",
    "index",
    "isdigit",
    "isalpha",
    "isupper",
    "islower",
    "partition",
}
