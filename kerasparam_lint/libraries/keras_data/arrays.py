"""Arrays Keras' preprocessing helpers make: ``pad_sequences``, ``load_img``/``img_to_array``.

``pad_sequences(seqs, maxlen=100)`` has one row per sequence and ``maxlen``
columns (without ``maxlen`` the width is the longest sequence: unknown).
``load_img(path, target_size=(h, w))`` is an image of that size; ``img_to_array``
makes it an ``(h, w, channels)`` float32 array (channels last), one image with
no batch axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue, dtype_name
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.sizes.dims import is_count

PAD_SEQUENCES = "pad_sequences"
LOAD_IMG = "load_img"
IMG_TO_ARRAY = "img_to_array"
_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}


@dataclass(frozen=True)
class LoadedImage:
    """A PIL image ``load_img`` returned: its height, width and channels."""

    height: Any
    width: Any
    channels: int


def pad_sequences(args: list[Any], kwargs: dict[str, Any]) -> Any:
    sequences = args[0] if args else kwargs.get("sequences")
    maxlen = args[1] if len(args) > 1 else kwargs.get("maxlen")
    dtype = args[2] if len(args) > 2 else kwargs.get("dtype", "int32")
    if maxlen is not None and not (is_count(maxlen) and maxlen > 0):
        return UNKNOWN
    width = UNKNOWN if maxlen is None else maxlen
    return ArrayValue((_length(sequences), width), dtype_name(dtype))


def _length(sequences: Any) -> Any:
    if isinstance(sequences, (list, tuple)):
        return len(sequences)
    if isinstance(sequences, ArrayValue) and isinstance(sequences.shape, tuple) and sequences.shape:
        return sequences.shape[0]
    return UNKNOWN


def load_img(args: list[Any], kwargs: dict[str, Any]) -> Any:
    params = ("path", "color_mode", "target_size")
    bound = dict(zip(params, args, strict=False))
    bound.update(kwargs)
    channels = _CHANNELS.get(bound.get("color_mode", "rgb"))
    size = bound.get("target_size")
    if channels is None:
        return UNKNOWN
    if size is None:
        return LoadedImage(UNKNOWN, UNKNOWN, channels)
    if not (isinstance(size, (tuple, list)) and len(size) == 2 and all(is_count(d) for d in size)):
        return UNKNOWN
    return LoadedImage(size[0], size[1], channels)


def img_to_array(args: list[Any], kwargs: dict[str, Any]) -> Any:
    image = args[0] if args else kwargs.get("img")
    layout = args[1] if len(args) > 1 else kwargs.get("data_format")
    dtype = args[2] if len(args) > 2 else kwargs.get("dtype", "float32")
    if not isinstance(image, LoadedImage) or layout not in (None, "channels_last"):
        return UNKNOWN
    return ArrayValue((image.height, image.width, image.channels), dtype_name(dtype))
