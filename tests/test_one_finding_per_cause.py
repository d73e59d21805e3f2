"""One root cause, one finding: a layer call that fails leaves its output unknown,
and nothing after it (later layers, merges, loops, rebuilds, data calls) reports the
same fault again."""

from __future__ import annotations

from kerasparam_lint.lint.run import lint_source


def found(source: str) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in lint_source(source).findings]


def test_a_sequential_grown_after_an_early_failure_has_one_finding() -> None:
    adds = "".join("model.add(layers.Conv2D(8, 3, padding='same'))\n" for _ in range(30))
    source = (
        "import keras\n"
        "from keras import layers\n"
        "model = keras.Sequential()\n"
        "model.add(keras.Input((4, 4, 1)))\n"
        "model.add(layers.Conv2D(8, 5))\n"  # line 5: 4x4 with a 5x5 kernel
        + adds
        + "model.add(layers.Flatten())\nmodel.add(layers.Dense(10))\n"
    )
    assert found(source) == [(5, "KPL102")]


def test_adds_in_a_loop_report_the_failing_add_once() -> None:
    source = """\
import keras
from keras import layers
model = keras.Sequential([keras.Input((8, 8, 1))])
for filters in (16, 32, 64, 128):
    model.add(layers.Conv2D(filters, 3))
model.add(layers.Flatten())
model.add(layers.Dense(10, activation="softmax"))
"""
    assert found(source) == [(5, "KPL102")]


def test_a_sequential_list_reports_the_failing_layer_on_its_own_line() -> None:
    source = """\
import keras
from keras import layers
model = keras.Sequential(
    [
        keras.Input((4, 4, 1)),
        layers.Conv2D(8, 5),
        layers.Flatten(),
        layers.Dense(3),
    ]
)
"""
    assert found(source) == [(6, "KPL102")]


def test_a_merge_of_a_failed_branch_is_no_second_error() -> None:
    source = """\
import keras
from keras import layers
inputs = keras.Input((8, 8, 1))
a = layers.Conv2D(4, 9)(inputs)
b = layers.Conv2D(4, 3, padding="same")(inputs)
c = layers.Conv2D(4, 3)(a)
merged = layers.concatenate([b, c])
added = layers.Add()([merged, b])
x = layers.Flatten()(added)
for _ in range(5):
    x = layers.Dense(8)(x)
model = keras.Model(inputs, x)
"""
    assert found(source) == [(4, "KPL102")]


def test_data_calls_after_a_failure_add_nothing() -> None:
    source = """\
import keras
import numpy as np
from keras import layers
model = keras.Sequential([keras.Input((4, 4, 1)), layers.Conv2D(8, 5), layers.Flatten()])
model.add(layers.Dense(3))
model.compile(loss="categorical_crossentropy")
model.fit(np.zeros((3, 4, 4, 1)), np.zeros((3, 3)))
model.predict(np.zeros((4, 4, 1)))
"""
    assert found(source) == [(4, "KPL102")]


def test_a_helper_failing_on_every_call_is_one_finding_on_its_statement() -> None:
    source = """\
import keras
from keras import layers


def block(x, filters):
    return layers.Conv2D(filters, 7)(x)


inputs = keras.Input((5, 5, 3))
a = block(inputs, 8)
b = block(inputs, 16)
model = keras.Model(inputs, [a, b])
"""
    assert found(source) == [(6, "KPL102")]


def test_each_bad_keyword_of_one_call_is_its_own_finding() -> None:
    source = """\
import keras
from keras import layers
inputs = keras.Input((8, 8, 1))
x = layers.Conv2D(8, 3, border_mode="same", init="he_normal")(inputs)
"""
    assert found(source) == [(4, "KPL303"), (4, "KPL303")]


def test_faults_after_a_misread_keras_1_layer_are_that_layers() -> None:
    """``Conv2D(32, 3, 3)`` is read with strides 3 (KPL305): the shapes after it are not
    the author's, so the convolution that then runs out of input is no second fault."""
    source = """\
import keras
import numpy as np
from keras import layers
model = keras.Sequential()
model.add(keras.Input((12, 12, 3)))
model.add(layers.Conv2D(32, 3, 3))
model.add(layers.Conv2D(32, 5))
model.add(layers.Flatten())
model.add(layers.Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy")
model.fit(np.zeros((4, 12, 12, 3)), np.zeros((4, 3)))
"""
    assert found(source) == [(6, "KPL305")]


def test_a_missing_flatten_that_keras_rejects_at_fit_is_one_finding_there() -> None:
    source = """\
import keras
import numpy as np
from keras import layers
model = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3)])
model.add(layers.Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy")
model.evaluate(np.zeros((4, 28, 28, 1)), np.zeros((4, 10)))
"""
    assert found(source) == [(7, "KPL112")]
