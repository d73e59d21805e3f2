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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.values import KerasRef
from kerasparam_lint.graph.data_calls import DataCall, is_reconstruction
from kerasparam_lint.graph.model import Layer, Model, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown
from kerasparam_lint.libraries.keras.catalogue import CATALOGUE
from kerasparam_lint.libraries.keras.layer_spec import Call, ShapeError

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
    model: Model, method: str, loss: str | None, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Raise :class:`Rejected` when Keras would reject the data of ``model.<method>(...)``."""
    x = args[0] if args else kwargs.get("x")
    y = args[1] if len(args) > 1 else kwargs.get("y")
    batches = [(x, y if DATA_METHODS[method] else None)]
    validation = kwargs.get("validation_data")
    if method == "fit" and isinstance(validation, (tuple, list)) and len(validation) in (2, 3):
        batches.append((validation[0], validation[1]))
    for features, labels in batches:
        output = _check_features(model, method, features)
        if output is None or labels is None or loss is None:
            continue
        known = _known_shape(labels)
        if is_reconstruction(loss, labels is features, _known_shape(features), known):
            continue  # KPL403 reports an output that cannot match
        _check_labels(method, loss, output, labels)


# ------------------------------------------------------------------ features
def _check_features(model: Model, method: str, x: Any) -> Shape | None:
    """The prediction's shape for ``x`` (batch axis None); None when not known."""
    if model.class_name not in KERAS_MODELS or not model.complete:
        return None  # not Keras' fit, or a model that may already fail where it is built
    inputs, outputs = model.inputs, model.outputs
    if not (_single(inputs) and _single(outputs)) or not _plain(x):
        return None
    ref, out = _tensor(inputs).shape, _tensor(outputs).shape
    if not (_model_shape(ref) and _model_shape(out)):
        return None
    batch = (None, *x.shape[1:])
    if model.class_name != "Sequential" and not _spec_compatible(batch, ref):
        raise _feature_error(method, x.shape, ref)
    adjusted = _adjust_rank(batch, ref)
    if adjusted is None:
        raise _feature_error(method, x.shape, ref)
    if adjusted == ref:
        return out
    replayed = _replay(model, adjusted)
    if replayed is _FAILS:
        raise _feature_error(method, x.shape, ref)
    return out if replayed == out else None


def _spec_compatible(shape: Shape, ref: Shape) -> bool:
    """``input_spec.assert_input_compatibility`` with ``allow_last_axis_squeeze``."""
    if shape and shape[-1] == 1:
        shape = shape[:-1]
    if ref and ref[-1] == 1:
        ref = ref[:-1]
    return all(r is None or d is None or r == d for r, d in zip(ref, shape, strict=False))


def _adjust_rank(shape: Shape, ref: Shape) -> Shape | None:
    """``Functional._adjust_input_rank``: the shape the layers see, or None when it raises."""
    if len(shape) == len(ref):
        return shape
    if len(shape) == len(ref) + 1 and shape[-1] == 1:
        return shape[:-1]
    if len(shape) == len(ref) - 1 and ref[-1] == 1:
        return (*shape, 1)
    return None


_FAILS: Any = object()


def _replay(model: Model, shape: Shape) -> Any:
    """Run a chain model's layers on ``shape``: the output shape, _FAILS, or None if unsure."""
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
        return len(shape) < 2 or shape[-1] != built[-1]
    if layer.class_name == "BatchNormalization":
        axis = layer.config.get("axis", -1)
        if not isinstance(axis, int) or not -len(built) <= axis < len(built):
            return False
        return len(shape) != len(built) or shape[axis] != built[axis]
    rank = _CONV_CLASSES.get(layer.class_name)
    if rank is None:
        return False
    if len(shape) < rank + 2:
        return True
    fmt = layer.config.get("data_format")
    axis = -1 if fmt in (None, "channels_last") else 1 if fmt == "channels_first" else None
    return axis is not None and shape[axis] != built[axis]


# ------------------------------------------------------------------ labels
def _check_labels(method: str, loss: str, output: Shape, y: Any) -> None:
    if loss not in _LOSSES.values() or not _plain(y) or len(output) < 2:
        return  # an elementwise loss broadcasts the labels against the prediction
    labels, predicted = _same_rank((None, *y.shape[1:]), output)
    if loss == "sparse_categorical_crossentropy":
        if len(labels) == len(predicted) and labels[-1] == 1:
            labels = labels[:-1]
        if labels != predicted[:-1]:
            raise _label_error(method, loss, y.shape, output)
    elif labels != predicted:
        raise _label_error(method, loss, y.shape, output)


def _same_rank(labels: Shape, output: Shape) -> tuple[Shape, Shape]:
    """``squeeze_or_expand_to_same_rank(y_true, y_pred)``."""
    if len(labels) == len(output) + 1 and labels[-1] == 1:
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
    if method.startswith("predict") and (
        shape == sample or (sample and sample[-1] == 1 and shape == sample[:-1])
    ):
        return Rejected(
            "KPL113",
            f"{method}() on one sample of shape {_show(shape)} without its batch axis; "
            f"the model input is {_show(ref)}: write `np.expand_dims(x, 0)`"
            + ("" if shape == sample else f" or `x.reshape(1, {_dims(sample)})`"),
        )
    fix = "reshape or select the data to match"
    if math.prod(shape[1:]) == math.prod(sample):
        fix = f"e.g. `x.reshape(-1, {_dims(sample)})`"
    return Rejected(
        "KPL111",
        f"{method}() features of shape {_show(shape)} don't fit the model input {_show(ref)}; "
        + fix,
    )


def _label_error(method: str, loss: str, shape: Shape, output: Shape) -> Rejected:
    classes = output[-1]
    if loss == "categorical_crossentropy" and len(shape) <= 2 and shape[1:] in ((), (1,)):
        fix = (
            f"one-hot encode them with `to_categorical(y, {classes})` "
            "or use sparse_categorical_crossentropy"
        )
    elif loss == "sparse_categorical_crossentropy" and shape[1:] == output[1:]:
        fix = "they are one-hot: use categorical_crossentropy or pass `y.argmax(-1)`"
    elif loss == "sparse_categorical_crossentropy":
        fix = f"it takes one class id per prediction: labels of shape {_show(output[:-1])}"
    else:
        fix = f"it takes labels of the output's shape {_show(output)}"
    return Rejected(
        "KPL112",
        f"{method}() labels of shape {_show(shape)} don't fit the output {_show(output)} "
        f"with {loss}; {fix}",
    )


def _show(shape: Shape) -> str:
    return (
        "("
        + ", ".join("None" if d is None else str(d) for d in shape)
        + (",)" if len(shape) == 1 else ")")
    )


def _dims(shape: Shape) -> str:
    return ", ".join(str(d) for d in shape)


# ------------------------------------------------------------------ helpers
def _single(structure: Any) -> bool:
    if isinstance(structure, Tensor):
        return True
    return isinstance(structure, (list, tuple)) and len(structure) == 1 and _single(structure[0])


def _tensor(structure: Any) -> Tensor:
    return structure if isinstance(structure, Tensor) else _tensor(structure[0])


def _model_shape(shape: Any) -> bool:
    """A model input/output shape with a free batch axis and every other dim known."""
    return (
        isinstance(shape, tuple)
        and len(shape) >= 1
        and shape[0] is None
        and all(isinstance(d, int) for d in shape[1:])
    )


def _plain(value: Any) -> bool:
    """A numeric array of known shape with a sample axis."""
    return (
        isinstance(value, ArrayValue)
        and value.known
        and len(value.shape) >= 1
        and (value.dtype is UNKNOWN or value.dtype != "object")
    )
