"""``keras.applications.X(...)`` in user code is read from the installed Keras' source.

The fixture ``transfer_learning.py`` is compared with real Keras with the other
fixtures; these tests pin what does not need the oracle.
"""

from __future__ import annotations

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.libraries.keras import applications as keras_applications
from kerasparam_lint.reports.model_rows import model_rows

pytest.importorskip("keras")

BACKBONE = """\
import keras

base = keras.applications.MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights={})
"""


def _totals(source: str) -> list[tuple[str, int | None, bool]]:
    rows = [model_rows(model) for model in analyze_source(source, "model.py").models]
    return [(r.name, r.total, r.complete) for r in rows]


def test_every_public_name_of_a_constructor_is_found() -> None:
    resnet = keras_applications.constructor("keras.applications.ResNet50")
    assert resnet is not None and resnet[0].name == "resnet.py" and resnet[1] == "ResNet50"
    assert keras_applications.constructor("keras.applications.resnet50.ResNet50") == resnet
    assert keras_applications.constructor("keras.applications.resnet50.preprocess_input") is None


def test_imagenet_weights_build_the_same_layers_without_loading_anything() -> None:
    offline = _totals(BACKBONE.format("None"))
    assert offline == [("mobilenetv2_1.00_96", 2_257_984, True)]
    assert _totals(BACKBONE.format('"imagenet"')) == offline


def test_without_keras_installed_the_call_is_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keras_applications, "_exported", lambda: {})
    monkeypatch.setattr(keras_applications, "_applications_folder", lambda: None)
    source = BACKBONE.format("None") + "model = keras.Sequential([base, keras.layers.Dense(2)])\n"
    assert _totals(source) == [("sequential", None, False)]
    notes = analyze_source(source, "transfer.py").notes
    call = next(
        number for number, line in enumerate(source.splitlines(), 1) if "MobileNetV2" in line
    )
    assert notes == [
        (
            call,
            "keras.applications.MobileNetV2() is read from Keras' own source: "
            "install Keras (pip install keras) to follow it",
        )
    ]


def test_an_unknown_application_name_needs_no_install_note() -> None:
    source = "import keras\nbase = keras.applications.NoSuchNet(weights=None)\n"
    assert analyze_source(source, "transfer.py").notes == []
