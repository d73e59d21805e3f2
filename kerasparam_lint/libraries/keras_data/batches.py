"""What Keras' image pipelines feed to ``fit``: batches of images and their labels.

``ImageDataGenerator().flow_from_directory(...)``, ``.flow(x, y)`` and
``keras.utils.image_dataset_from_directory(...)`` take the shape of every batch
from their arguments and documented defaults (``target_size=(256, 256)``,
``color_mode="rgb"``, ``class_mode="categorical"``, ``label_mode="int"``,
``batch_size=32``, channels last). How many classes the folders hold is a named
size (``classes``) unless ``classes=``/``class_names=`` lists them; the last batch
may be smaller, so the batch axis is named ``batch``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.sizes.dims import is_count
from kerasparam_lint.sizes.expression import Size

BATCH = Size.variable("batch")
_CLASSES = Size.variable("classes")
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}
# Dataset methods that pass the batches on unchanged.
_DATASET_SAME = {"cache", "prefetch", "shuffle", "repeat", "take", "skip"}

GENERATOR = "ImageDataGenerator"
DATASET_FROM_DIRECTORY = "image_dataset_from_directory"


@dataclass(frozen=True)
class Batches:
    """A generator or dataset of ``(x, y)`` batches; ``labels`` is None when it yields x only
    (UNKNOWN when they are not known)."""

    features: ArrayValue
    labels: Any
    # What made them, and the arguments that set the images' size and the labels' form
    # (for the fix a finding suggests); None for ``flow(x, y)``, whose arrays set both.
    maker: str = "flow"
    size_argument: str | None = None
    label_argument: str | None = None


@dataclass(frozen=True)
class ImageGenerator:
    """An ``ImageDataGenerator``: augmentation leaves shapes alone; the layout matters."""

    channels_last: bool


def _bind(args: list[Any], kwargs: dict[str, Any], params: tuple[str, ...]) -> dict[str, Any]:
    bound = dict(zip(params, args, strict=False))
    bound.update(kwargs)
    return bound


def _image_size(size: Any) -> Any:
    if isinstance(size, (tuple, list)) and len(size) == 2 and all(is_count(d) for d in size):
        return tuple(size)
    return UNKNOWN


def _classes(names: Any) -> Any:
    if names is None:
        return _CLASSES
    if isinstance(names, (list, tuple)) and all(isinstance(n, str) for n in names):
        return len(names)
    return UNKNOWN


# ------------------------------------------------------------------ ImageDataGenerator
def image_generator(args: list[Any], kwargs: dict[str, Any]) -> Any:
    layout = kwargs.get("data_format")
    if layout not in (None, "channels_last", "channels_first"):
        return UNKNOWN
    return ImageGenerator(layout != "channels_first")


_FROM_DIRECTORY = ("directory", "target_size", "color_mode", "classes", "class_mode", "batch_size")


def flow_from_directory(generator: ImageGenerator, args: list[Any], kwargs: dict[str, Any]) -> Any:
    bound = _bind(args, kwargs, _FROM_DIRECTORY)
    size = _image_size(bound.get("target_size", (256, 256)))
    channels = _CHANNELS.get(bound.get("color_mode", "rgb"), UNKNOWN)
    if size is UNKNOWN or channels is UNKNOWN or not generator.channels_last:
        return UNKNOWN
    images = ArrayValue((BATCH, *size, channels), "float32")
    mode = bound.get("class_mode", "categorical")
    if mode == "categorical":
        labels: Any = ArrayValue((BATCH, _classes(bound.get("classes"))), "float32")
    elif mode in ("binary", "sparse"):
        labels = ArrayValue((BATCH,), "float32")
    elif mode == "input":
        labels = images
    elif mode is None:
        labels = None
    else:
        return UNKNOWN
    return Batches(images, labels, "flow_from_directory", "target_size", "class_mode")


def flow(generator: ImageGenerator, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """``.flow(x, y)``: batches of x's samples (rank 4, else Keras raises at ``flow``)."""
    bound = _bind(args, kwargs, ("x", "y", "batch_size"))
    x, y = bound.get("x"), bound.get("y")
    if not _ranked(x) or len(x.shape) != 4 or not generator.channels_last:
        return UNKNOWN
    features = ArrayValue((BATCH, *x.shape[1:]), x.dtype)
    if y is None:
        return Batches(features, None)
    if not _ranked(y) or not y.shape:
        return Batches(features, UNKNOWN)  # the images are still known
    return Batches(features, ArrayValue((BATCH, *y.shape[1:]), y.dtype))


def _ranked(value: Any) -> bool:
    return isinstance(value, ArrayValue) and isinstance(value.shape, tuple)


# ------------------------------------------------------------------ tf.data datasets
_DATASET_PARAMS = (
    "directory",
    "labels",
    "label_mode",
    "class_names",
    "color_mode",
    "batch_size",
    "image_size",
)


def image_dataset_from_directory(args: list[Any], kwargs: dict[str, Any]) -> Any:
    bound = _bind(args, kwargs, _DATASET_PARAMS)
    size = _image_size(bound.get("image_size", (256, 256)))
    channels = _CHANNELS.get(bound.get("color_mode", "rgb"), UNKNOWN)
    fmt = bound.get("data_format")
    if size is UNKNOWN or channels is UNKNOWN or fmt not in (None, "channels_last"):
        return UNKNOWN
    if bound.get("batch_size", 32) is None:
        return UNKNOWN  # single images, not batches
    images = ArrayValue((BATCH, *size, channels), "float32")
    labels = _dataset_labels(bound)
    if labels is UNKNOWN:
        return UNKNOWN
    batches = Batches(images, labels, DATASET_FROM_DIRECTORY, "image_size", "label_mode")
    return (batches, batches) if bound.get("subset") == "both" else batches


def _dataset_labels(bound: dict[str, Any]) -> Any:
    if bound.get("labels", "inferred") is None:
        return None
    if bound.get("labels", "inferred") != "inferred":
        return UNKNOWN  # labels given as a list: their shape is the list's
    mode = bound.get("label_mode", "int")
    if mode == "int":
        return ArrayValue((BATCH,), "int32")
    if mode == "categorical":
        return ArrayValue((BATCH, _classes(bound.get("class_names"))), "float32")
    if mode == "binary":
        return ArrayValue((BATCH, 1), "float32")
    return None if mode is None else UNKNOWN


def dataset_method(name: str) -> bool:
    """``ds.cache()``, ``ds.prefetch(...)``...: the same batches."""
    return name in _DATASET_SAME
