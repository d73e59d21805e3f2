"""KPL403: a model trained to reproduce its input whose output has another shape."""

from __future__ import annotations

from collections.abc import Iterator

from kerasparam_lint.graph.model import Tensor
from kerasparam_lint.libraries.keras.shape_rules import format_shape
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.rules.downsampling import rounded_output, valid_shrinks
from kerasparam_lint.rules.model_io import single_input_output

_TRAINING = ("fit", "evaluate", "train_on_batch", "test_on_batch")


class ReconstructionShape(Rule):
    """
    ## What it does
    Flags `fit(x, x)`, `fit(x_noisy, x_clean)` (both of one shape) and their
    `evaluate` / `train_on_batch` siblings, where the data fits the model's input but
    the model's output has another shape: an autoencoder or denoiser whose decoder
    does not end at the input's size. Shapes decide, never names; a model whose
    encoder-decoder rounding KPL402 already explains is left to it.

    ## Why is this bad?
    Keras builds the model; the mismatch shows only when training starts, as a
    broadcasting error deep in the loss, or not at all where the loss broadcasts the
    two shapes against each other (a one-channel output against RGB targets) and
    trains on the wrong comparison.

    ## Example
    ```python
    outputs = layers.Dense(784, activation="sigmoid")(encoded)  # input is (28, 28)
    autoencoder.fit(x_train, x_train, epochs=50)
    ```

    ## Use instead
    ```python
    outputs = layers.Reshape((28, 28))(layers.Dense(784, activation="sigmoid")(encoded))
    ```
    """

    CODE = "KPL403"
    MESSAGE = "reconstruction target and model output differ"
    SEVERITY = Severity.WARNING
    VALID = (
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            inputs = keras.Input((28, 28))
            encoded = layers.Dense(32, activation="relu")(layers.Flatten()(inputs))
            decoded = layers.Dense(784, activation="sigmoid")(encoded)
            autoencoder = keras.Model(inputs, layers.Reshape((28, 28))(decoded))
            autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
            x_train = np.zeros((64, 28, 28))
            autoencoder.evaluate(x_train, x_train, verbose=0)
            """
        ),
        Valid(
            """
            import keras
            import numpy as np
            from keras import layers

            tagger = keras.Sequential([keras.Input((20,)), layers.Embedding(100, 8)])
            tagger.add(layers.Dense(100, activation="softmax"))
            tagger.compile(loss="sparse_categorical_crossentropy")
            tokens = np.zeros((8, 20), dtype="int32")
            tagger.evaluate(tokens, tokens, verbose=0)
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            import keras
            import numpy as np
            from keras import layers

            inputs = keras.Input((32, 32, 3))
            x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
            x = layers.UpSampling2D(2)(layers.MaxPooling2D(2)(x))
            outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
            autoencoder = keras.Model(inputs, outputs)
            autoencoder.compile(optimizer="adam", loss="mse")
            images = np.zeros((64, 32, 32, 3))
            autoencoder.evaluate(images, images, verbose=0)  # <--
            """,
            message="evaluate() takes the model's input as its target, of shape "
            "(64, 32, 32, 3), but the model outputs (None, 32, 32, 1): its last layer is "
            "Conv2D at line 8. Make the output (None, 32, 32, 3).",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        for call in context.analysis.data_calls:
            if call.method not in _TRAINING or not call.reconstructs or call.labels is None:
                continue
            ends = single_input_output(call.model)
            if ends is None:
                continue
            source, output = ends
            if call.labels[1:] != source.shape[1:] or output.shape[1:] == source.shape[1:]:
                continue  # data that does not fit the input is KPL111's
            if None in output.shape[1:] or rounded_output(call.model) is not None:
                continue
            where = _cause(output, call.labels)
            yield self.finding(
                call.line,
                call.col,
                f"{call.method}() takes the model's input as its target, of shape "
                f"{format_shape(call.labels)}, but the model outputs {format_shape(output.shape)}"
                f"{where}. Make the output {format_shape((None, *call.labels[1:]))}"
                + (", e.g. with a Reshape." if _same_size(output.shape, call.labels) else "."),
            )


def _cause(output: Tensor, target: tuple[int, ...]) -> str:
    """What made the output differ: valid windows that trimmed a spatial size, else the
    last layer."""
    if len(output.shape) == len(target) >= 3:
        axes = [a for a in range(len(target) - 2) if output.shape[1 + a] != target[1 + a]]
        trimmed = valid_shrinks(output, axes[0]) if axes else []
        if trimmed:
            return ": " + ", ".join(trimmed)
    node = output.node
    return f": its last layer is {node.layer.class_name} at line {node.line}" if node else ""


def _same_size(output: tuple[object, ...], labels: tuple[int, ...]) -> bool:
    """The output holds as many values per sample as the target: only a Reshape is missing."""
    size = 1
    for dim in output[1:]:
        if not isinstance(dim, int):
            return False
        size *= dim
    target = 1
    for dim in labels[1:]:
        target *= dim
    return size == target
