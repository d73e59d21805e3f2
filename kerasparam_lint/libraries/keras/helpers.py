"""Keras' own helper functions that model code calls while it builds a graph.

``keras.applications`` and similar code call a few non-layer helpers
(``imagenet_utils.obtain_input_shape``, ``correct_pad``, ``get_source_inputs``,
``backend.is_keras_tensor``, ``keras_export``...). Each is transcribed here from
Keras' source for the part that decides shapes; whatever only matters at run
time (warnings, weight files, validation that raises) is left out, and any
argument the analyzer does not know makes the result unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerasparam_lint.evaluator.library import Library
from kerasparam_lint.evaluator.values import Builtin, CallSite
from kerasparam_lint.graph.model import Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow

Helper = Callable[[Library, list[Any], dict[str, Any], CallSite], Any]


def _bind(names: tuple[str, ...], args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    bound = dict(zip(names, args, strict=False))
    bound.update(kwargs)
    return bound


def _identity(interp: Any, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
    return args[0] if args else UNKNOWN


IDENTITY_DECORATOR = Builtin("decorator", _identity)


def keras_export(world: Library, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
    """``@keras_export("keras.X")`` registers a public name and returns the function as is."""
    return IDENTITY_DECORATOR


def obtain_input_shape(
    world: Library, args: list[Any], kwargs: dict[str, Any], site: CallSite
) -> Any:
    """``imagenet_utils.obtain_input_shape``: the input shape an application model builds."""
    names = ("input_shape", "default_size", "min_size", "data_format", "require_flatten")
    bound = _bind((*names, "weights"), args, kwargs)
    input_shape = bound.get("input_shape")
    size = bound.get("default_size")
    first = bound.get("data_format") == "channels_first"
    require_flatten = bound.get("require_flatten")
    weights = bound.get("weights")
    if not isinstance(require_flatten, bool) or not isinstance(size, int):
        return UNKNOWN
    if input_shape is not None and not isinstance(input_shape, (tuple, list)):
        return UNKNOWN
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        default = (input_shape[0], size, size) if first else (size, size, input_shape[-1])
    else:
        default = (3, size, size) if first else (size, size, 3)
    if weights == "imagenet" and require_flatten:
        return default
    if input_shape:
        shape = tuple(input_shape)
    elif require_flatten:
        shape = default
    else:
        shape = (3, None, None) if first else (None, None, 3)
    if require_flatten and None in shape:
        return UNKNOWN  # Keras raises: include_top needs a static input shape
    return shape


def correct_pad(world: Library, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
    """``imagenet_utils.correct_pad``: zero-padding that keeps a strided conv aligned."""
    bound = _bind(("inputs", "kernel_size"), args, kwargs)
    inputs, kernel = bound.get("inputs"), bound.get("kernel_size")
    if not isinstance(inputs, Tensor) or not isinstance(inputs.shape, tuple):
        return UNKNOWN
    if isinstance(kernel, int):
        kernel = (kernel, kernel)
    if not isinstance(kernel, (tuple, list)) or len(kernel) != 2:
        return UNKNOWN
    rows, cols = inputs.shape[1:3]
    try:
        adjust = (1, 1) if rows is None else (1 - rows % 2, 1 - cols % 2)
        correct = (kernel[0] // 2, kernel[1] // 2)
        return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))
    except (CannotKnow, TypeError):
        return UNKNOWN


def is_keras_tensor(world: Library, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
    value = args[0] if args else kwargs.get("x", UNKNOWN)
    if value is UNKNOWN:
        return UNKNOWN
    return isinstance(value, Tensor)


def get_source_inputs(
    world: Library, args: list[Any], kwargs: dict[str, Any], site: CallSite
) -> Any:
    """``operation_utils.get_source_inputs``: the input tensors a tensor was computed from."""
    tensor = args[0] if args else kwargs.get("tensor", UNKNOWN)
    if not isinstance(tensor, Tensor):
        return UNKNOWN
    sources: list[Tensor] = []
    stack = [tensor]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        node = current.node
        if node is None:
            return UNKNOWN
        if node.is_input:
            if all(current is not known for known in sources):
                sources.append(current)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(reversed(node.inputs))
    return sources


HELPERS: dict[str, Helper] = {
    "keras_export": keras_export,
    "obtain_input_shape": obtain_input_shape,
    "correct_pad": correct_pad,
    "is_keras_tensor": is_keras_tensor,
    "get_source_inputs": get_source_inputs,
}
