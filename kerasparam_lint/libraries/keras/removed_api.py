"""Keras 1/2 spellings that Keras 3 removed, each with what Keras 3 spells instead.

The evaluator reports a removed method or keyword where it sees it called on a
Keras object (so a user's own ``fit_generator`` is left alone); the import rule
reads the module paths. Every entry is one that Keras 3.15 rejects as written
(the rules' INVALID examples prove it under real Keras).
"""

from __future__ import annotations

# ``model.X(...)`` -> the Keras 3 method that takes the same arguments.
GENERATOR_METHODS = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
}
# ``model.X(...)`` -> what Keras 2.6 removed it for, by the kind of output.
PREDICTION_METHODS = ("predict_classes", "predict_proba")
# Keyword arguments renamed in Keras 2, removed in Keras 3: method -> {old: new}.
METHOD_KEYWORDS = {"fit": {"nb_epoch": "epochs"}}
# ``keras.Model``'s Keras 1 keywords.
MODEL_KEYWORDS = {"input": "inputs", "output": "outputs"}
# Every optimizer class Keras 3 exports; each rejects ``lr=``.
OPTIMIZERS = frozenset(
    {
        "Adadelta",
        "Adafactor",
        "Adagrad",
        "Adam",
        "AdamW",
        "Adamax",
        "Ftrl",
        "Lamb",
        "Lion",
        "Nadam",
        "RMSprop",
        "SGD",
    }
)
OPTIMIZER_KEYWORDS = {"lr": "learning_rate"}

# Keras 1/2 modules that Keras 3 no longer has, -> the module that exports their names.
_LAYER_MODULES = (
    "activation",
    "advanced_activations",
    "attention",
    "convolutional",
    "convolutional_recurrent",
    "core",
    "cudnn_recurrent",
    "dense_attention",
    "embeddings",
    "local",
    "merge",
    "merging",
    "noise",
    "normalization",
    "pooling",
    "recurrent",
    "regularization",
    "reshaping",
    "rnn",
    "wrappers",
)
_UTILS_MODULES = ("data_utils", "np_utils", "vis_utils")
REMOVED_MODULES: dict[str, str] = {
    **{f"keras.layers.{name}": "keras.layers" for name in _LAYER_MODULES},
    **{f"keras.utils.{name}": "keras.utils" for name in _UTILS_MODULES},
}


def removed_module(path: str) -> tuple[str, str] | None:
    """``keras.layers.convolutional.Conv2D`` -> (``keras.layers.convolutional``,
    ``keras.layers``); None for a path Keras 3 still has."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        head = ".".join(parts[:end])
        if head in REMOVED_MODULES:
            return head, REMOVED_MODULES[head]
    return None


def renamed_keyword_message(callee: str, old: str, new: str) -> str:
    """The words of every renamed keyword (KPL302, KPL303, KPL306, KPL307): the rules
    read ``old`` and ``new`` back from them to offer the rename."""
    return f"{callee} has no argument `{old}`; Keras 3 calls it `{new}`"


def generator_method_message(method: str) -> str:
    new = GENERATOR_METHODS[method]
    return (
        f"{method}() was removed in Keras 3; {new}() takes the generator or "
        f"keras.utils.PyDataset: write model.{new}(...)"
    )


def prediction_method_message(method: str, units: object) -> str:
    """``predict_classes`` becomes an argmax over the classes, or a threshold on one
    sigmoid unit; ``units`` (the output's last axis, when known) says which."""
    if method == "predict_proba":
        return "predict_proba() was removed in Keras 3; model.predict(x) returns the same"
    argmax = "np.argmax(model.predict(x), axis=-1)"
    threshold = '(model.predict(x) > 0.5).astype("int32")'
    if units == 1:
        instead = threshold
    elif isinstance(units, int):
        instead = argmax
    else:
        instead = f"{argmax} (softmax output) or {threshold} (one sigmoid unit)"
    return f"predict_classes() was removed in Keras 3; write {instead}"


# Keras 1's ``backend`` names for the image layout: Theano's ``"th"`` is channels
# first, TensorFlow's ``"tf"`` channels last.
DIM_ORDERINGS = {"th": "channels_first", "tf": "channels_last"}
BACKEND_FUNCTIONS = ("set_image_dim_ordering", "image_dim_ordering")


def backend_function_message(function: str, args: list[object]) -> str:
    if function == "image_dim_ordering":
        return (
            "keras.backend.image_dim_ordering() was removed in Keras 3; "
            "keras.backend.image_data_format() says 'channels_last' or 'channels_first'"
        )
    ordering = args[0] if args else None
    layout = DIM_ORDERINGS.get(ordering) if isinstance(ordering, str) else None
    instead = f"set_image_data_format({layout!r})" if layout else "set_image_data_format(...)"
    return (
        f"keras.backend.set_image_dim_ordering() was removed in Keras 3; write "
        f"keras.backend.{instead}"
    )
