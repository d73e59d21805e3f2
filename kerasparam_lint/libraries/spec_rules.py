"""Runs a catalogue's layer spec: the weights a build makes and the output shape of a
call. Shared by every library whose layers are described by ``LayerSpec``s."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.library import Shared
from kerasparam_lint.evaluator.values import CallSite
from kerasparam_lint.graph.model import Layer, Tensor, Weight
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError


def build_weights(
    shared: Shared, layer: Layer, spec: Any, config: Args, call: Call, site: CallSite
) -> Any:
    try:
        rows = spec.weights(config, call)
        weights = [Weight(name, tuple(shape), trainable) for name, shape, trainable in rows]
        return Layer.track(weights, owner_trainable(layer, spec))
    except CannotKnow:
        return UNKNOWN
    except ShapeError as error:
        shared.problem(error.code, f"{layer.class_name}: {error}", site)
        return UNKNOWN
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError):
        return UNKNOWN


def output_tensors(
    shared: Shared, layer: Layer, spec: Any, config: Args, call: Call, site: CallSite
) -> Any:
    try:
        shape = spec.output_shape(config, call)
    except CannotKnow:
        return Tensor(UNKNOWN)
    except ShapeError as error:
        shared.problem(error.code, f"{layer.class_name}: {error}", site)
        return Tensor(UNKNOWN)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError):
        return Tensor(UNKNOWN)
    return tensors_for(shape)


def owner_trainable(layer: Layer, spec: Any) -> bool:
    """The flag of the layer that makes ``layer``'s variables when it is built."""
    owners = {"own": layer.trainable, "init": layer.inner_trainable, "build": True}
    return owners[spec.weight_owner]


def tensors_for(shape: Any) -> Any:
    if isinstance(shape, list):
        return [tensors_for(item) for item in shape]
    return Tensor(shape)
