"""The Keras library: what Keras' public API does to the model graph.

Names under ``keras``/``tf.keras`` resolve to :class:`KerasRef`; calling one
creates layers, tensors and models exactly where and in the order Keras would,
so default names (``conv2d_3``) and ``model.layers`` come out as Keras makes
them. Nothing from Keras is imported.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.library import NOT_MINE, Evaluation, Library
from kerasparam_lint.evaluator.user_classes import (
    KERAS_METHODS,
    REGISTRATION,
    registration_decorator,
)
from kerasparam_lint.evaluator.values import (
    BoundMethod,
    CallSite,
    KerasRef,
    Namespace,
    UserFunction,
)
from kerasparam_lint.graph.model import Layer, Model, Node, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras import applications, data_fit, datasets, helpers
from kerasparam_lint.libraries.keras.catalogue import MERGE_FUNCTIONS
from kerasparam_lint.libraries.keras.functional import FunctionalModels
from kerasparam_lint.libraries.keras.inputs import Inputs
from kerasparam_lint.libraries.keras.layer_calls import LayerCalls
from kerasparam_lint.libraries.keras.layer_spec import ShapeError
from kerasparam_lint.libraries.keras.paths import canonical, is_modeled_keras, layer_class
from kerasparam_lint.libraries.keras.removed_api import (
    BACKEND_FUNCTIONS,
    OPTIMIZER_KEYWORDS,
    OPTIMIZERS,
    backend_function_message,
)
from kerasparam_lint.libraries.keras.sequential import SequentialModels
from kerasparam_lint.libraries.keras.shape_rules import broadcast_shapes
from kerasparam_lint.libraries.keras.signatures import ALIASES, SIGNATURES
from kerasparam_lint.libraries.keras.structures import is_size, map_tensors
from kerasparam_lint.libraries.keras.training import ModelMethods
from kerasparam_lint.source.keras1_markers import is_keras1_file

_MODEL_CLASSES = {"Model", "Functional"}
# What ``keras.models`` exports (Keras 3), and the module names snippets use unimported.
_MODEL_EXPORTS = (
    "Model",
    "Sequential",
    "clone_model",
    "load_model",
    "model_from_json",
    "save_model",
)
_ASSUMED_MODULES = {"K": "keras.backend"}
# Every public spelling of a layer class, Keras 3's and Keras 1/2's.
_LAYER_NAMES = frozenset({*SIGNATURES, *ALIASES})
# Functions of keras.layers besides the classes (``merge`` is Keras 1's).
_LAYER_FUNCTIONS = (*MERGE_FUNCTIONS, "Input", "merge")
_KERAS1_MERGE_MODES = {
    "sum": "Add",
    "mul": "Multiply",
    "concat": "Concatenate",
    "ave": "Average",
    "max": "Maximum",
}
_IMAGE_FORMAT_FUNCTIONS = frozenset(
    {"image_data_format", "set_image_data_format", "image_dim_ordering", "set_image_dim_ordering"}
)
_DATA_FORMATS = frozenset({"channels_first", "channels_last"})
# Ops of keras.ops (and the Keras 1/2 backend) that work element by element.
_ELEMENTWISE_OPS = frozenset(
    {
        "abs",
        "exp",
        "log",
        "sqrt",
        "square",
        "sigmoid",
        "tanh",
        "relu",
        "softplus",
        "negative",
        "sign",
        "floor",
        "ceil",
        "round",
        "cos",
        "sin",
        "clip",
        "log1p",
    }
)
_RESIZE_OPS = frozenset({"resize", "resize_images"})
# What other Keras 3 modules export, for star imports (``keras.<module>.__all__``).
_STAR_EXPORTS = {
    "keras.optimizers": (
        *sorted(OPTIMIZERS),
        "LossScaleOptimizer",
        "Muon",
        "Optimizer",
        "deserialize",
        "get",
        "legacy",
        "schedules",
        "serialize",
    ),
    "keras.callbacks": (
        "BackupAndRestore",
        "CSVLogger",
        "Callback",
        "CallbackList",
        "EarlyStopping",
        "History",
        "LambdaCallback",
        "LearningRateScheduler",
        "ModelCheckpoint",
        "ProgbarLogger",
        "ReduceLROnPlateau",
        "RemoteMonitor",
        "SwapEMAWeights",
        "TensorBoard",
        "TerminateOnNaN",
    ),
    "keras.regularizers": (
        "L1",
        "L1L2",
        "L2",
        "OrthogonalRegularizer",
        "Regularizer",
        "deserialize",
        "get",
        "l1",
        "l1_l2",
        "l2",
        "orthogonal_regularizer",
        "serialize",
    ),
}


class KerasLibrary(LayerCalls, Inputs, FunctionalModels, SequentialModels, ModelMethods, Library):
    """The Keras objects one analyzed file creates (names count in ``shared.names``)."""

    roots = ("keras", "tensorflow")

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(evaluation)
        # The loss of each model's last compile(): one, or a list/dict of one per output.
        self.losses: dict[Model, Any] = {}
        # Layers whose first build has taken the default names of what it creates.
        self._named_builds: set[Layer] = set()
        # Later layers' default data_format (``K.set_image_data_format``), and whether
        # the file is written for Keras 1 (then read as Keras 1 built it).
        self.image_data_format: Any = "channels_last"

    @cached_property
    def keras1(self) -> bool:
        """Asked only by a call Keras 1 would read differently, so most files never walk."""
        tree = self.evaluation.syntax_tree
        return tree is not None and is_keras1_file(tree, _LAYER_NAMES)

    def resolve(self, dotted: str) -> Any:
        path = canonical(dotted)
        return NOT_MINE if path is None else KerasRef(path)

    def project_first(self, dotted: str) -> bool:
        path = canonical(dotted)
        return path is not None and not is_modeled_keras(path)

    def star_import(self, path: str) -> Any:
        path = canonical(path)
        if path is None:
            return NOT_MINE
        return {name: KerasRef(f"{path}.{name}") for name in _star_exports(path)}

    def assumed_name(self, name: str) -> Any:
        """What a snippet's unimported ``name`` is in Keras: a layer or merge function
        (Keras 3's or a Keras 1/2 spelling), ``Input``, ``Model``, ``Sequential``,
        ``load_model``, or ``K`` for the backend; anything else is not Keras'."""
        if name in _ASSUMED_MODULES:
            return KerasRef(_ASSUMED_MODULES[name])
        if name in _MODEL_EXPORTS:
            return KerasRef(f"keras.models.{name}")
        if name in SIGNATURES or name in ALIASES or name in _LAYER_FUNCTIONS:
            return KerasRef(f"keras.layers.{name}")
        return NOT_MINE

    def attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, KerasRef) and receiver.path == "tensorflow":
            return KerasRef("keras") if name == "keras" else KerasRef(f"tensorflow.{name}")
        if isinstance(receiver, Tensor):
            return self._tensor_attribute(receiver, name)
        if isinstance(receiver, Model):
            return self._model_attribute(receiver, name)
        if isinstance(receiver, Layer):
            return self._layer_attribute(receiver, name)
        return NOT_MINE

    def set_attribute(self, receiver: Any, name: str, value: Any) -> bool:
        if not (isinstance(receiver, Layer) and name == "trainable"):
            return False
        if isinstance(value, bool):
            receiver.set_trainable(value)
        else:
            self._taint(receiver)
        return True

    def _taint(self, layer: Layer) -> None:
        layer.weights = UNKNOWN

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

    def call(self, ref: KerasRef, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        last = ref.path.rsplit(".", 1)[-1]
        if ref.path.startswith("tensorflow."):
            return UNKNOWN
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
        if last == "merge" and ".layers" in ref.path:
            return self._keras1_merge(args, kwargs, site)
        if ref.path.startswith(("keras.ops.", "keras.backend.")) and (
            last in _ELEMENTWISE_OPS or last in _RESIZE_OPS
        ):
            return self.tensor_function(last, args, kwargs, site)
        if ref.path == f"keras.backend.{last}" and last in BACKEND_FUNCTIONS:
            self.shared.problem("KPL311", backend_function_message(last, args), site)
        if last in _IMAGE_FORMAT_FUNCTIONS:
            return self._image_format(last, args)
        if last == REGISTRATION:
            return registration_decorator()
        if last in helpers.HELPERS:
            return helpers.HELPERS[last](self, args, kwargs, site)
        if datasets.is_data_helper(ref.path):
            return datasets.call(ref.path, args, kwargs)
        if ref.path.startswith("keras.losses."):
            return data_fit.loss_object(ref.path, args, kwargs)
        if ref.path.startswith(applications.PREFIX):
            return self._application(ref.path, args, kwargs, site)
        if ref.path == f"keras.backend.{last}" and last in BACKEND_FUNCTIONS:
            return UNKNOWN
        if ref.path == f"keras.optimizers.{last}" and last in OPTIMIZERS:
            self._removed_keywords("KPL307", f"{last}()", OPTIMIZER_KEYWORDS, kwargs, site)
            return UNKNOWN
        name = layer_class(last)
        if name is not None:
            return self.make_layer(name, args, kwargs, site)
        return UNKNOWN

    def _keras1_merge(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        """Keras 1's ``merge(inputs, mode='sum')``: the merge layer that mode names (Keras 3
        has no ``merge``; the line keeps its finding)."""
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        mode = kwargs.get("mode", args[1] if len(args) > 1 else "sum")
        if mode not in _KERAS1_MERGE_MODES:
            return UNKNOWN
        config = {"axis": kwargs.get("concat_axis", -1)} if mode == "concat" else {}
        if isinstance(kwargs.get("name"), str):
            config["name"] = kwargs["name"]
        layer = self.make_layer(_KERAS1_MERGE_MODES[mode], [], config, site)
        return self.call_layer(layer, [inputs], {}, site)

    def _image_format(self, function: str, args: list[Any]) -> Any:
        """``image_data_format()`` and Keras 1's ``image_dim_ordering()`` read, and their
        setters change, the default ``data_format`` of every layer made later."""
        if function == "image_data_format":
            return self.image_data_format
        if function == "image_dim_ordering":
            return "th" if self.image_data_format == "channels_first" else "tf"
        value = args[0] if args else UNKNOWN
        value = {"th": "channels_first", "tf": "channels_last"}.get(value, value)
        self.image_data_format = value if value in _DATA_FORMATS else UNKNOWN
        return None

    def tensor_function(
        self, name: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """``keras.ops.abs(x)``, ``K.exp(x)``: an element-wise op keeps its tensor's shape;
        an image resize with a literal size (``K.tf.image.resize_images(x, (66, 200))``,
        channels-last) takes that height and width. Any other op is unknown."""
        tensor = args[0] if args else None
        if not isinstance(tensor, Tensor):
            return UNKNOWN
        size = args[1] if len(args) > 1 else kwargs.get("size")
        shape = tensor.shape
        if name in _ELEMENTWISE_OPS:
            return self.binary(name, tensor, 0, site)
        if not isinstance(shape, tuple) or len(shape) != 4:
            return UNKNOWN
        if not (isinstance(size, (tuple, list)) and len(size) == 2 and all(map(is_size, size))):
            return UNKNOWN
        output = self.binary(name, tensor, 0, site)
        output.shape = (shape[0], *size, shape[3])
        return output

    def _lambda_output(self, function: Any, inputs: Any) -> Any:
        """What a Lambda's function gives on its inputs, run as Keras runs it, on
        placeholders of the same shapes (unknown unless every op in it is known)."""
        if not isinstance(function, UserFunction):
            return Tensor(UNKNOWN)
        placeholders = map_tensors(inputs, lambda t: Tensor(t.shape))
        classes = self.evaluation.classes
        classes.inside_layer_call += 1
        try:
            result = self.evaluation.call_user_function(function, [placeholders], {})
        finally:
            classes.inside_layer_call -= 1
        return Tensor(result.shape) if isinstance(result, Tensor) else Tensor(UNKNOWN)

    def _application(
        self, path: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """``keras.applications.X(...)``: the installed Keras' constructor, evaluated from
        its source; the model it returns is placed at the call."""
        found = applications.constructor(path)
        if found is None:
            note = applications.missing_keras_note(path)
            if note is not None:
                self.evaluation.note(note)
            return UNKNOWN
        file, name = found
        module = self.evaluation.project.load(file)
        function = module.members.get(name) if isinstance(module, Namespace) else None
        if not isinstance(function, UserFunction):
            return UNKNOWN
        model = self.evaluation.call_user_function(function, args, kwargs)
        if isinstance(model, Model):
            model.line, model.col = site.line, site.col
        return model

    def unknown_call(self, ref: KerasRef, site: CallSite) -> Any:
        """A Keras call whose ``*args``/``**kwargs`` could not be expanded."""
        name = layer_class(ref.path.rsplit(".", 1)[-1])
        if name is None:
            return UNKNOWN
        layer = Layer(name, self.shared.names.auto_name(name), site.line, site.col, config=UNKNOWN)
        return layer

    def _build_on_data(self, model: Layer, args: list[Any], kwargs: dict[str, Any]) -> None:
        """``fit``/``predict``... build a subclassed model on the first batch of the data,
        as a call on an array does; its size changes no weight, so any count stands in."""
        shape = data_fit.build_shape(args[0] if args else kwargs.get("x"), kwargs)
        if shape is None:
            self.evaluation.classes.runs_unknown(model)
            return
        batch = shape[0] if isinstance(shape[0], int) else 32
        self.evaluation.classes.call_eagerly(model, [ArrayValue((batch, *shape[1:]))], {})

    def call_object(
        self, target: Any, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        if isinstance(target, Layer):
            return self.call_layer(target, args, kwargs, site)
        receiver, method = target.receiver, target.name
        if isinstance(receiver, Layer) and receiver.user_state is not None:
            if method in KERAS_METHODS:
                return self.evaluation.classes.call_method(receiver, method, args, kwargs)
            if method in data_fit.DATA_METHODS:
                self._build_on_data(receiver, args, kwargs)
        if isinstance(receiver, Model):
            return self._model_method(receiver, method, args, kwargs, site)
        if isinstance(receiver, Layer):
            if method == "build":
                return self._build_method(receiver, args, kwargs, site)
            if method == "count_params":
                params = receiver.counts()[0]
                return UNKNOWN if params is None else params
            return UNKNOWN
        return NOT_MINE

    def binary(self, op_name: str, left: Any, right: Any, site: CallSite) -> Any:
        """``x + y`` on symbolic tensors: a Keras op (it takes a default name too,
        except inside a Layer subclass's ``call``, which Keras runs on placeholders)."""
        if not (isinstance(left, Tensor) or isinstance(right, Tensor)):
            return NOT_MINE
        if not self.evaluation.classes.inside_layer_call:
            self.shared.names.auto_name(_OPERATOR_CLASSES.get(op_name, op_name))
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


def _star_exports(path: str) -> list[str]:
    """The names ``from <path> import *`` binds: only what that module exports, so
    ``from keras.optimizers import *`` after ``from keras.layers import *`` leaves
    ``Conv2D`` bound. A Keras module not listed here binds nothing the analyzer knows."""
    if path == "keras.layers" or path.startswith("keras.layers."):
        return [*SIGNATURES, *ALIASES, *_LAYER_FUNCTIONS]
    if path == "keras.models":
        return list(_MODEL_EXPORTS)
    if path == "keras":
        return ["Input", "Model", "Sequential"]
    return list(_STAR_EXPORTS.get(path, ()))
