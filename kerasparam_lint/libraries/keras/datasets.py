"""What Keras' data helpers return: the ``keras.datasets`` loaders and ``to_categorical``.

Shapes and dtypes are those the loaders document (``keras/src/datasets/*.py``);
what the documentation does not state (the IMDB and Boston sample counts, most
label dtypes) is UNKNOWN, and so are Reuters' counts once ``maxlen`` drops
long sequences. IMDB and Reuters give 1-D object arrays of word-id lists.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.graph.unknown import UNKNOWN

Split = tuple[tuple[ArrayValue, ArrayValue], tuple[ArrayValue, ArrayValue]]


def _split(x: tuple, y: tuple, train: Any, test: Any, x_dtype: Any, y_dtype: Any) -> Split:
    return (
        (ArrayValue((train, *x), x_dtype), ArrayValue((train, *y), y_dtype)),
        (ArrayValue((test, *x), x_dtype), ArrayValue((test, *y), y_dtype)),
    )


def _fraction_split(total: int, test_split: Any) -> tuple[Any, Any]:
    """``idx = int(len(xs) * (1 - test_split))``, where Reuters cuts its 11,228 newswires."""
    if not isinstance(test_split, (int, float)) or not 0 <= test_split < 1:
        return UNKNOWN, UNKNOWN
    train = int(total * (1 - test_split))
    return train, total - train


def _mnist(args: list[Any], kwargs: dict[str, Any]) -> Split:
    return _split((28, 28), (), 60000, 10000, "uint8", "uint8")


def _cifar(args: list[Any], kwargs: dict[str, Any]) -> Split:
    return _split((32, 32, 3), (1,), 50000, 10000, "uint8", "uint8")


def _imdb(args: list[Any], kwargs: dict[str, Any]) -> Split:
    return _split((), (), UNKNOWN, UNKNOWN, "object", UNKNOWN)


def _reuters(args: list[Any], kwargs: dict[str, Any]) -> Split:
    test_split = args[4] if len(args) > 4 else kwargs.get("test_split", 0.2)
    counts = _fraction_split(11228, test_split)
    if _maxlen(args, kwargs, 3) is not None:
        counts = (UNKNOWN, UNKNOWN)
    return _split((), (), *counts, "object", UNKNOWN)


def _boston_housing(args: list[Any], kwargs: dict[str, Any]) -> Split:
    return _split((13,), (), UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN)


def _maxlen(args: list[Any], kwargs: dict[str, Any], position: int) -> Any:
    """``maxlen`` drops longer sequences, so any value but None makes the counts unknown."""
    return args[position] if len(args) > position else kwargs.get("maxlen")


_LOADERS = {
    "mnist": _mnist,
    "fashion_mnist": _mnist,
    "cifar10": _cifar,
    "cifar100": _cifar,
    "imdb": _imdb,
    "reuters": _reuters,
    "boston_housing": _boston_housing,
}


def is_data_helper(path: str) -> bool:
    """Keras 3's public names only (``keras.utils.np_utils`` is gone: importing it fails)."""
    return path == _TO_CATEGORICAL or _loader_name(path) in _LOADERS


def call(path: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """The value of ``keras.datasets.<name>.load_data(...)`` or ``to_categorical(...)``."""
    if path == _TO_CATEGORICAL:
        return to_categorical(args, kwargs)
    return _LOADERS[_loader_name(path)](args, kwargs)


def _loader_name(path: str) -> str | None:
    parts = path.split(".")
    if len(parts) == 4 and parts[:2] == ["keras", "datasets"] and parts[3] == "load_data":
        return parts[2]
    return None


_TO_CATEGORICAL = "keras.utils.to_categorical"


def to_categorical(args: list[Any], kwargs: dict[str, Any]) -> Any:
    """One-hot rows; a trailing axis of size 1 is dropped first, as Keras does.

    The dtype depends on the backend (NumPy's float64, or the one-hot op's float32
    when the backend takes NumPy arrays as tensors), so it stays UNKNOWN.
    """
    x = args[0] if args else kwargs.get("x")
    classes = args[1] if len(args) > 1 else kwargs.get("num_classes")
    if not isinstance(x, ArrayValue) or not isinstance(x.shape, tuple):
        return UNKNOWN
    if not isinstance(classes, int) or isinstance(classes, bool) or classes <= 0:
        return UNKNOWN
    shape = x.shape
    if len(shape) > 1:
        if shape[-1] is UNKNOWN:
            return UNKNOWN
        if shape[-1] == 1:
            shape = shape[:-1]
    return ArrayValue((*shape, classes), UNKNOWN)
