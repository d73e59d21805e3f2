"""``keras.applications.ResNet50(...)`` in user code: the installed Keras' own source, read.

Transfer learning starts from an application model, so a summary that stops at
``keras.applications`` stops at the first line. The constructors are plain Python
in ``keras/src/applications/``, which the evaluator already follows; this module
only finds, without importing Keras, the file and function that export a public
name (``@keras_export(["keras.applications.ResNet50", ...])``). Without Keras
installed, the call stays unknown, with a note that says so.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path

from kerasparam_lint.source.reading import UnreadableSource, read_text

PREFIX = "keras.applications."

# ``@keras_export("keras.applications.X")`` or ``@keras_export(["...", "..."])``, then
# the decorated function.
_EXPORT = re.compile(r"@keras_export\(\s*(\[[^\]]*\]|\"[^\"]*\")\s*,?\s*\)\s*def\s+(\w+)")
_NAME = re.compile(r"\"(keras\.applications\.[\w.]+)\"")


def constructor(path: str) -> tuple[Path, str] | None:
    """(source file, function name) of a public ``keras.applications`` model constructor
    (``keras.applications.ResNet50``, ``keras.applications.resnet50.ResNet50``)."""
    return _exported().get(path)


def missing_keras_note(path: str) -> str | None:
    """What to tell about an unknown ``keras.applications`` call: Keras is not installed."""
    if _applications_folder() is not None:
        return None
    install = "install Keras (pip install keras) to follow it"
    return f"{path}() is read from Keras' own source: {install}"


@functools.cache
def _exported() -> dict[str, tuple[Path, str]]:
    folder = _applications_folder()
    found: dict[str, tuple[Path, str]] = {}
    if folder is None:
        return found
    for file in sorted(folder.glob("*.py")):
        try:
            source = read_text(file)
        except UnreadableSource:
            continue
        for names, function in _EXPORT.findall(source):
            if not function[:1].isupper():  # preprocess_input, decode_predictions
                continue
            for name in _NAME.findall(names):
                found[name] = (file.resolve(), function)
    return found


@functools.cache
def _applications_folder() -> Path | None:
    """``keras/src/applications`` of the installed Keras, found without importing it."""
    try:
        spec = importlib.util.find_spec("keras")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "src" / "applications"
    return folder if folder.is_dir() else None
