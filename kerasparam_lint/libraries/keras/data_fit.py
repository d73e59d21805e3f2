"""Does the data given to ``fit``/``evaluate``/``predict`` fit the model? As Keras 3 decides it.

Keras is lenient in exactly three places, followed here step by step:

* a Functional model first checks each input against ``(None, *Input.shape)``,
  ignoring a trailing axis of size 1 on either side
  (``Functional.input_spec``, ``allow_last_axis_squeeze``); a Sequential model
  does not;
* then it squeezes a trailing axis of size 1 from data one rank too high, or
  adds one to data one rank too low when the input ends in 1
  (``Functional._adjust_input_rank``); any other rank difference raises;
* the loss squeezes or expands the labels' trailing axis of size 1 to the
  prediction's rank (``squeeze_or_expand_to_same_rank``), then crossentropies
  compare shapes exactly (sparse: the labels against the prediction without
  its class axis).

When the adjusted data still differs from what the model was built on, the
model's chain of layers is replayed on the new shape; only the checks Keras
runs on every call (the input axis a built ``Dense``, ``Conv`` or
``BatchNormalization`` layer pins, a convolution left with an empty output)
count as certain failures. Anything
not followed exactly is left alone: no finding.

The data may be known in part (rows read from a file are a named size; a
generator's batches have their documented shape): only axes that are counts on
both sides are compared, and a decision Keras takes on an axis that is not
counted (is it 1?) leaves the call unchecked. Several inputs or outputs are
matched by position (lists) or by name (dicts), each label array with its
output's loss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.values import KerasRef
from kerasparam_lint.graph.data_calls import DataCall, is_reconstruction
from kerasparam_lint.graph.model import Layer, Model, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown
from kerasparam_lint.libraries.keras.catalogue import CATALOGUE
from kerasparam_lint.libraries.keras.layer_spec import Call, ShapeError
from kerasparam_lint.libraries.keras_data.batches import Batches
from kerasparam_lint.sizes.dims import differ, is_count, shape_text
from kerasparam_lint.sizes.expression import Size

Shape = tuple[Any, ...]

_LOSSES = {
    "categorical_crossentropy": "categorical_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "binary_crossentropy": "binary_crossentropy",
    "BinaryCrossentropy": "binary_crossentropy",
}
# Losses computed position by position, which broadcast labels against the prediction.
_ELEMENTWISE_LOSSES = {
    "mse": "mean_squared_error",
    "mean_squared_error": "mean_squared_error",
    "MeanSquaredError": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mean_absolute_error": "mean_absolute_error",
    "MeanAbsoluteError": "mean_absolute_error",
}
# Loss-class arguments that leave shapes alone (``axis`` does not).
_SHAPE_FREE_LOSS_ARGS = {"from_logits", "label_smoothing", "reduction", "name", "dtype"}
_CONV_CLASSES = {"Conv1D": 1, "Conv2D": 2, "Conv3D": 3}
# Lasagne/nolearn networks are models of the graph too, with other ``fit`` rules.
KERAS_MODELS = {"Sequential", "Functional"}
# Methods that take data, and whether their second argument is labels.
DATA_METHODS = {
    "fit": True,
    "evaluate": True,
    "train_on_batch": True,
    "test_on_batch": True,
    "predict": False,
    "predict_on_batch": False,
    "fit_generator": True,
    "evaluate_generator": True,
    "predict_generator": False,
    "predict_classes": False,
}


@dataclass(frozen=True)
class Loss:
    """``keras.losses.CategoricalCrossentropy(...)``: the loss function it computes."""

    name: str


class Rejected(Exception):
    """Keras raises on this call: ``code`` and a message with both shapes and the fix."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def loss_object(path: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    name = _LOSSES.get(path.rsplit(".", 1)[-1])
    if name is None or not set(kwargs) <= _SHAPE_FREE_LOSS_ARGS or len(args) > 2:
        return UNKNOWN
    return Loss(name)


def loss_name(value: Any) -> str | None:
    """The crossentropy or elementwise loss a ``compile(loss=...)`` value computes, or None
    for any other."""
    if isinstance(value, Loss):
        return value.name
    if isinstance(value, str):
        return _LOSSES.get(value, _ELEMENTWISE_LOSSES.get(value))
    if isinstance(value, KerasRef) and value.path.startswith("keras.losses."):
        name = value.path.rsplit(".", 1)[-1]
        if name.islower():
            return _LOSSES.get(name, _ELEMENTWISE_LOSSES.get(name))
    return None


def data_call(
    model: Model,
    method: str,
    loss: str | None,
    args: list[Any],
    kwargs: dict[str, Any],
    position: tuple[int, int],
) -> DataCall:
    """The record of one data call, with the shapes its arrays have now."""
    x = args[0] if args else kwargs.get("x")
    y = args[1] if len(args) > 1 and DATA_METHODS[method] else kwargs.get("y")
    same = y is not None and y is x
    return DataCall(model, method, *position, _known_shape(x), _known_shape(y), same, loss)


def _known_shape(value: Any) -> Any:
    return value.shape if isinstance(value, ArrayValue) and value.known else None


def check_call(
    model: Model, method: str, loss: Any, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Raise :class:`Rejected` when Keras would reject the data of ``model.<method>(...)``.

    ``loss`` is what the last ``compile`` gave: one loss, or a list/dict of one per output.
    """
    x = args[0] if args else kwargs.get("x")
    y = args[1] if len(args) > 1 else kwargs.get("y")
    batches = [(x, y if DATA_METHODS[method] else None)]
    validation = kwargs.get("validation_data")
    if method == "fit" and isinstance(validation, (tuple, list)) and len(validation) in (2, 3):
        batches.append((validation[0], validation[1]))
    elif method == "fit" and isinstance(validation, Batches):
        batches.append((validation, None))
    for x, y in batches:
        source = x if isinstance(x, Batches) else None
        features, labels = (x.features, x.labels if y is None else None) if source else (x, y)
        try:
            outputs = _check_features(model, method, features)
            if outputs is None or labels is None or not DATA_METHODS[method]:
                continue
            for output, loss_of, labels_of in _per_output(model, outputs, loss, labels):
                known = _known_shape(labels_of)
                if is_reconstruction(loss_of, labels_of is features, _known_shape(features), known):
                    continue  # KPL403 reports an output that cannot match
                _check_labels(method, loss_of, output, labels_of)
        except Rejected as rejected:
            raise rejected if source is None else _from_batches(rejected, source, model) from None


def _from_batches(rejected: Rejected, source: Batches, model: Model) -> Rejected:
    """For a generator or dataset, the fix is an argument of the call that made it."""
    head = str(rejected).split("; ", 1)[0]
    if rejected.code == "KPL111":
        fix = _image_fix(source, flatten_tensors(model.inputs)[0].shape)
    else:
        fix = _label_fix(source, head)
    return Rejected(rejected.code, f"{head}; {fix}") if fix else rejected


def _image_fix(source: Batches, ref: Shape) -> str | None:
    images = source.features.shape
    if source.size_argument is None or len(ref) != 4 or len(images) != 4:
        return None
    parts = []
    if any(differ(a, b) for a, b in zip(images[1:3], ref[1:3], strict=True)):
        parts.append(f"`{source.size_argument}=({ref[1]}, {ref[2]})`")
    mode = {1: "grayscale", 3: "rgb", 4: "rgba"}.get(ref[3])
    if differ(images[3], ref[3]) and mode is not None:
        parts.append(f'`color_mode="{mode}"`')
    return f"pass {' and '.join(parts)} to {source.maker}" if parts else None


def _label_fix(source: Batches, head: str) -> str | None:
    if source.label_argument is None:
        return None
    sparse = "int" if source.label_argument == "label_mode" else "sparse"
    for loss, mode in (
        ("sparse_categorical_crossentropy", sparse),
        ("binary_crossentropy", "binary"),
        ("categorical_crossentropy", "categorical"),
    ):
        if head.endswith(f"with {loss}"):
            return f'pass `{source.label_argument}="{mode}"` to {source.maker}'
    return None


# ------------------------------------------------------------------ features
def _check_features(model: Model, method: str, x: Any) -> list[Tensor] | None:
    """The model's outputs, with the prediction's shape for ``x``; None when not known."""
    if model.class_name not in KERAS_MODELS or not model.complete:
        return None  # not Keras' fit, or a model that may already fail where it is built
    inputs = flatten_tensors(model.inputs)
    outputs = flatten_tensors(model.outputs)
    given = _per_input(model, x, inputs)
    if given is None or not inputs or not outputs:
        return None
    if not all(_model_shape(t.shape) for t in inputs + outputs):
        return None
    inputs, outputs = [_unbatched(t) for t in inputs], [_unbatched(t) for t in outputs]
    adjusted = [
        _fitted(model, method, data, t.shape) for data, t in zip(given, inputs, strict=True)
    ]
    if any(a is None for a in adjusted):
        return None
    if all(a == t.shape for a, t in zip(adjusted, inputs, strict=True)):
        return outputs
    if len(inputs) != 1 or len(outputs) != 1:
        return None
    replayed = _replay(model, adjusted[0])
    if replayed is _FAILS:
        raise _feature_error(method, given[0].shape, inputs[0].shape)
    return None if replayed is None else [Tensor(replayed, outputs[0].node, outputs[0].index)]


def _per_input(model: Model, x: Any, inputs: list[Tensor]) -> list[ArrayValue] | None:
    """The array given to each model input: one, a list in order, or a dict by input name."""
    if isinstance(x, dict):
        names = [t.node.layer.name if t.node is not None else None for t in inputs]
        if set(x) != set(names):
            return None
        x = [x[name] for name in names]
    elif not isinstance(x, (list, tuple)):
        x = [x]
    if len(x) != len(inputs) or not all(_plain(a) for a in x):
        return None
    return list(x)


def _fitted(model: Model, method: str, x: ArrayValue, ref: Shape) -> Shape | None:
    """The shape the model's layers see for ``x`` (Keras' leniency applied), or None if unsure.

    Raises :class:`Rejected` when Keras rejects ``x`` for this input.
    """
    batch = (None, *x.shape[1:])
    try:
        if model.class_name != "Sequential" and not _spec_compatible(batch, ref):
            raise _feature_error(method, x.shape, ref)
        adjusted = _adjust_rank(batch, ref)
    except CannotKnow:  # a trailing axis Keras might squeeze is not counted
        return None
    if adjusted is None:
        raise _feature_error(method, x.shape, ref)
    return adjusted


def _is_one(dim: Any) -> bool:
    """Whether an axis is 1; an axis not counted decides nothing (CannotKnow)."""
    if not is_count(dim):
        raise CannotKnow("an axis Keras may squeeze is not counted")
    return dim == 1


def _spec_compatible(shape: Shape, ref: Shape) -> bool:
    """``input_spec.assert_input_compatibility`` with ``allow_last_axis_squeeze``."""
    if shape and _is_one(shape[-1]):
        shape = shape[:-1]
    if ref and ref[-1] == 1:
        ref = ref[:-1]
    return not any(differ(r, d) for r, d in zip(ref, shape, strict=False))


def _adjust_rank(shape: Shape, ref: Shape) -> Shape | None:
    """``Functional._adjust_input_rank``: the shape the layers see, or None when it raises."""
    if len(shape) == len(ref):
        return shape
    if len(shape) == len(ref) + 1 and _is_one(shape[-1]):
        return shape[:-1]
    if len(shape) == len(ref) - 1 and ref[-1] == 1:
        return (*shape, 1)
    return None


_FAILS: Any = object()


def _replay(model: Model, shape: Shape) -> Any:
    """Run a chain model's layers on ``shape``: the output shape, _FAILS, or None if unsure.

    Axes not counted reach the shape rules as Keras' None; the replay stops at the
    first layer whose output is not fully counted, after checking that layer's pins.
    """
    layers = model.layers
    if layers is UNKNOWN:
        return None
    layers = [la for la in layers if la.class_name != "InputLayer"]
    previous = _tensor(model.inputs)
    for layer in layers:
        node = layer.inbound_nodes[-1] if layer.inbound_nodes else None
        if node is None or node.inputs != [previous] or not isinstance(node.outputs, Tensor):
            return None
        if _pinned_axis_differs(layer, shape, previous.shape):
            return _FAILS
        if not all(d is None or is_count(d) for d in shape):
            return None
        spec = CATALOGUE.get(layer.class_name)
        if spec is None or isinstance(layer, Model) or not isinstance(layer.config, dict):
            return None
        try:
            shape = spec.output_shape(layer.config, Call(shape))
        except ShapeError:
            return _FAILS if layer.class_name in _CONV_CLASSES else None
        except (CannotKnow, TypeError, ValueError, AttributeError, KeyError, IndexError):
            return None
        previous = node.outputs
        if not isinstance(shape, tuple) or contains_unknown((shape, previous.shape)):
            return None
        if shape == previous.shape:  # back on the shapes the model was built with
            return _tensor(model.outputs).shape
    return shape if previous is _tensor(model.outputs) else None


def _pinned_axis_differs(layer: Layer, shape: Shape, built: Any) -> bool:
    """The input axes a built layer checks on every call (its ``input_spec``) differ."""
    if not isinstance(built, tuple) or contains_unknown(built):
        return False
    if not isinstance(layer.config, dict):
        return False
    if layer.class_name == "Dense":
        return len(shape) < 2 or differ(shape[-1], built[-1])
    if layer.class_name == "BatchNormalization":
        axis = layer.config.get("axis", -1)
        if not isinstance(axis, int) or not -len(built) <= axis < len(built):
            return False
        return len(shape) != len(built) or differ(shape[axis], built[axis])
    rank = _CONV_CLASSES.get(layer.class_name)
    if rank is None:
        return False
    if len(shape) < rank + 2:
        return True
    fmt = layer.config.get("data_format")
    axis = -1 if fmt in (None, "channels_last") else 1 if fmt == "channels_first" else None
    return axis is not None and differ(shape[axis], built[axis])


# ------------------------------------------------------------------ labels
def _per_output(
    model: Model, outputs: list[Tensor], loss: Any, y: Any
) -> list[tuple[Tensor, str | None, Any]]:
    """Each output with its loss and its labels: one, a list in order, or a dict by name."""
    keys = list(model.outputs) if isinstance(model.outputs, dict) else None
    if len(outputs) == 1 and not isinstance(y, (list, tuple, dict)):
        labels = [y]
    elif isinstance(y, dict) and keys is not None and set(y) == set(keys):
        labels = [y[k] for k in keys]
    elif isinstance(y, (list, tuple)) and keys is None and len(y) == len(outputs):
        labels = list(y)
    else:
        return []
    if isinstance(loss, dict) and keys is not None:
        losses = [loss_name(loss.get(k)) for k in keys]
    elif isinstance(loss, (list, tuple)) and len(loss) == len(outputs):
        losses = [loss_name(item) for item in loss]
    else:
        losses = [loss_name(loss)] * len(outputs)
    return list(zip(outputs, losses, labels, strict=True))


def _check_labels(method: str, loss: str | None, output: Tensor, y: Any) -> None:
    predicted_shape = output.shape
    if loss not in _LOSSES.values() or not _plain(y) or len(predicted_shape) < 2:
        return  # an elementwise loss broadcasts the labels against the prediction
    try:
        labels, predicted = _same_rank((None, *y.shape[1:]), predicted_shape)
        if loss == "sparse_categorical_crossentropy":
            if len(labels) == len(predicted) and _is_one(labels[-1]):
                labels = labels[:-1]
            wrong = _differs(labels, predicted[:-1])
        else:
            wrong = _differs(labels, predicted)
    except CannotKnow:
        return
    if wrong:
        raise _label_error(method, loss, y.shape, output)


def _differs(a: Shape, b: Shape) -> bool:
    """Certainly different: another rank, or two counts that differ on one axis."""
    return len(a) != len(b) or any(differ(x, y) for x, y in zip(a, b, strict=True))


def _same_rank(labels: Shape, output: Shape) -> tuple[Shape, Shape]:
    """``squeeze_or_expand_to_same_rank(y_true, y_pred)``."""
    if len(labels) == len(output) + 1 and _is_one(labels[-1]):
        if len(output) == 1:
            return labels, (*output, 1)
        return labels[:-1], output
    if len(output) == len(labels) + 1 and output[-1] == 1:
        if len(labels) == 1:
            return (*labels, 1), output
        return labels, output[:-1]
    return labels, output


# ------------------------------------------------------------------ messages
def _feature_error(method: str, shape: Shape, ref: Shape) -> Rejected:
    sample = ref[1:]
    counted = all(is_count(d) for d in shape)
    if (
        method.startswith("predict")
        and counted
        and (shape == sample or (sample and sample[-1] == 1 and shape == sample[:-1]))
    ):
        return Rejected(
            "KPL113",
            f"{method}() on one sample of shape {_data_text(shape)} without its batch axis; "
            f"the model input is {shape_text(ref)}: write `np.expand_dims(x, 0)`"
            + ("" if shape == sample else f" or `x.reshape(1, {_dims(sample)})`"),
        )
    fix = "reshape or select the data to match"
    if all(is_count(d) for d in shape[1:]) and math.prod(shape[1:]) == math.prod(sample):
        fix = f"e.g. `x.reshape(-1, {_dims(sample)})`"
    return Rejected(
        "KPL111",
        f"{method}() features of shape {_data_text(shape)} don't fit the model input "
        f"{shape_text(ref)}; " + fix,
    )


def _label_error(method: str, loss: str, shape: Shape, output: Tensor) -> Rejected:
    predicted = output.shape
    classes = predicted[-1]
    per_position = _per_position(output, shape, loss)
    if per_position:
        fix = per_position
    elif loss == "categorical_crossentropy" and len(shape) <= 2 and _no_class_axis(shape):
        fix = (
            f"one-hot encode them with `to_categorical(y, {classes})` "
            "or use sparse_categorical_crossentropy"
        )
    elif loss == "sparse_categorical_crossentropy" and shape[1:] == predicted[1:]:
        fix = "they are one-hot: use categorical_crossentropy or pass `y.argmax(-1)`"
    elif loss == "sparse_categorical_crossentropy":
        fix = f"it takes one class id per prediction: labels of shape {shape_text(predicted[:-1])}"
    else:
        fix = f"it takes labels of the output's shape {shape_text(predicted)}"
    return Rejected(
        "KPL112",
        f"{method}() labels of shape {_data_text(shape)} don't fit the output "
        f"{shape_text(predicted)} with {loss}; {fix}",
    )


def _data_text(shape: Shape) -> str:
    """The data's shape; a sample count the file does not give reads ``samples``."""
    if shape and not (is_count(shape[0]) or isinstance(shape[0], Size)):
        shape = (_SAMPLES, *shape[1:])
    return shape_text(shape)


_SAMPLES = Size.variable("samples")


def _no_class_axis(shape: Shape) -> bool:
    return len(shape) == 1 or (len(shape) == 2 and is_count(shape[1]) and shape[1] == 1)


def _per_position(output: Tensor, labels: Shape, loss: str) -> str | None:
    """One label per sample against a prediction per position: name the Dense that keeps them.

    ``Dense`` acts on the last axis only, so after a convolution (no ``Flatten``) or an
    RNN with ``return_sequences=True`` it predicts at every position.
    """
    class_axis = 0 if loss == "sparse_categorical_crossentropy" else 1
    if len(output.shape) < 3 or len(labels) > 1 + class_axis:
        return None
    node = output.node
    while node is not None and node.layer.class_name in _PASS_THROUGH and len(node.inputs) == 1:
        node = node.inputs[0].node
    if node is None or node.layer.class_name != "Dense" or len(node.inputs) != 1:
        return None
    source = node.inputs[0].node
    returns_sequences = (
        source is not None
        and isinstance(source.layer.config, dict)
        and source.layer.config.get("return_sequences") is True
    )
    fix = (
        f"give `{source.layer.name}` `return_sequences=False`"
        if returns_sequences and source is not None
        else "add `Flatten()` or global pooling before it"
    )
    kept = _unbatched(node.inputs[0]).shape
    return (
        f"`{node.layer.name}` (line {node.layer.line}) is applied at every position of its "
        f"input {shape_text(kept)}: {fix}"
    )


_PASS_THROUGH = {"Activation", "Dropout", "Softmax"}


def _dims(shape: Shape) -> str:
    return ", ".join(str(d) for d in shape)


# ------------------------------------------------------------------ helpers
def _tensor(structure: Any) -> Tensor:
    return structure if isinstance(structure, Tensor) else _tensor(structure[0])


def _model_shape(shape: Any) -> bool:
    """A model input/output shape whose every axis but the batch is known."""
    return isinstance(shape, tuple) and len(shape) >= 1 and all(is_count(d) for d in shape[1:])


def _unbatched(tensor: Tensor) -> Tensor:
    """The tensor with Keras' None batch axis (a model that fit built has the batch's size)."""
    return Tensor((None, *tensor.shape[1:]), tensor.node, tensor.index)


def build_shape(x: Any, kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    """The input shape ``fit(x)``/``predict(x)`` builds an unbuilt model with: Keras traces
    the first batch, of ``min(batch_size, rows)`` samples (32 by default)."""
    shape = call_shape(x.features if isinstance(x, Batches) else x)
    if shape is None:
        return None
    batch_size = kwargs.get("batch_size", 32)
    rows = shape[0]
    if is_count(rows) and is_count(batch_size) and batch_size > 0:
        return (min(rows, batch_size), *shape[1:])
    return (UNKNOWN, *shape[1:])


def call_shape(x: Any) -> tuple[Any, ...] | None:
    """The input shape ``model(x)`` builds an unbuilt model with: the whole array is one
    batch (its rows UNKNOWN unless counted); None unless every other axis is known."""
    if not _plain(x) or not all(is_count(d) for d in x.shape[1:]):
        return None
    rows = x.shape[0]
    return (rows if is_count(rows) else UNKNOWN, *x.shape[1:])


def _plain(value: Any) -> bool:
    """A numeric array whose rank is known, with a sample axis."""
    return (
        isinstance(value, ArrayValue)
        and value.ranked
        and len(value.shape) >= 1
        and (value.dtype is UNKNOWN or value.dtype != "object")
    )
