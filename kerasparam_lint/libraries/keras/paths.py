"""Which import paths are Keras': ``tf.keras``/``tensorflow.keras`` spell ``keras``, and
the packages of Keras the evaluator models itself (the rest is read from source)."""

from __future__ import annotations

from kerasparam_lint.libraries.keras.signatures import ALIASES, SIGNATURES

_KERAS_ROOTS = ("keras", "tensorflow.keras", "tensorflow.python.keras", "tf_keras")
# Keras packages whose API the evaluator models itself (never read from source).
MODELED_KERAS_PACKAGES = {
    "layers", "models", "backend", "ops", "utils", "api_export", "initializers",
    "activations", "regularizers", "constraints", "dtype_policies", "random", "config",
    "saving", "optimizers", "losses", "metrics", "callbacks", "datasets", "Input",
    "Model", "Sequential", "src", "preprocessing",
}  # fmt: skip


def is_modeled_keras(canonical_path: str) -> bool:
    """``keras.src.layers.X`` is modeled; ``keras.src.applications.resnet`` is plain source."""
    parts = canonical_path.split(".")[1:]
    if parts[:1] == ["src"]:
        parts = parts[1:]
    return not parts or parts[0] in MODELED_KERAS_PACKAGES


def canonical(path: str) -> str | None:
    """``tensorflow.keras.layers`` -> ``keras.layers``; None outside Keras and TensorFlow."""
    for root in _KERAS_ROOTS:
        if path == root or path.startswith(root + "."):
            return "keras" + path[len(root) :]
    if path == "tensorflow":
        return "tensorflow"
    return None


def layer_class(name: str) -> str | None:
    """The Keras 3 class a public layer name stands for (aliases resolved)."""
    name = ALIASES.get(name, name)
    return name if name in SIGNATURES else None
