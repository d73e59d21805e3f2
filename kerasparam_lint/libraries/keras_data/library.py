"""The Keras data helpers as a library: image generators and datasets, padded sequences,
loaded images. It answers for their paths under ``keras`` and leaves every other Keras
name to the Keras library."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.values import Builtin, CallSite, KerasRef
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.libraries.keras_data import arrays, batches
from kerasparam_lint.libraries.keras_data.batches import Batches, ImageGenerator

_MAKERS: dict[str, Callable[[list[Any], dict[str, Any]], Any]] = {
    batches.GENERATOR: batches.image_generator,
    batches.DATASET_FROM_DIRECTORY: batches.image_dataset_from_directory,
    arrays.PAD_SEQUENCES: arrays.pad_sequences,
    arrays.LOAD_IMG: arrays.load_img,
    arrays.IMG_TO_ARRAY: arrays.img_to_array,
}
# Where Keras 3 and tf.keras export them (``keras.preprocessing.image.load_img``...).
_PACKAGES = ("keras.utils", "keras.preprocessing", "keras.src")


class KerasDataLibrary(Library):
    roots = ("keras",)

    def call(self, ref: KerasRef, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        package, _, last = ref.path.rpartition(".")
        if last not in _MAKERS or not package.startswith(_PACKAGES):
            return NOT_MINE
        return _MAKERS[last](args, kwargs)

    def attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, ImageGenerator):
            method = {"flow": batches.flow, "flow_from_directory": batches.flow_from_directory}
            if name not in method:
                return UNKNOWN
            return Builtin(f"ImageDataGenerator.{name}", partial(_bound, method[name], receiver))
        if isinstance(receiver, Batches):
            if batches.dataset_method(name):
                return Builtin(f"Dataset.{name}", lambda interp, args, kwargs, site: receiver)
            return UNKNOWN
        if isinstance(receiver, arrays.LoadedImage):
            return UNKNOWN
        return NOT_MINE


def _bound(
    method: Callable[..., Any], receiver: Any, interp: Any, args: list[Any], kwargs: dict, site: Any
) -> Any:
    return method(receiver, args, kwargs)
