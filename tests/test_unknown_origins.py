"""``summary --verbose`` names the import each ``?`` goes back to, when the analysis
cannot read the module it comes from (a sibling package not in the checkout, a
package that is not the project's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main
from tests.keras_oracle import keras_summary
from tests.static_summary import comparable, static_models

TRAIN = '''\
"""Train the flower classifier."""
import keras
from keras import layers

from mymodels.config import IMG_SIZE, NUM_CLASSES

INPUT_SHAPE = (IMG_SIZE, IMG_SIZE, 3)


def build_model():
    inputs = keras.Input(shape=INPUT_SHAPE)
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs)


model = build_model()
'''
CONFIG = "IMG_SIZE = 64\nNUM_CLASSES = 5\n"
PASSED = """\
import keras
from keras import layers

from mymodels.config import IMG_SIZE


def build_model(img_size, num_classes=10):
    inputs = keras.Input(shape=(img_size, img_size, 3))
    x = layers.Conv2D(16, 3)(inputs)
    x = layers.Flatten()(x)
    outputs = layers.Dense(num_classes)(x)
    return keras.Model(inputs, outputs)


model = build_model(IMG_SIZE)
"""
STAR = """\
import keras
from keras import layers

from mymodels.settings import *

model = keras.Sequential(
    [
        keras.Input(shape=(SEQ_LEN, 16)),
        layers.LSTM(HIDDEN),
        layers.Dense(1),
    ]
)
"""
MODULE_ALIAS = """\
import keras
from keras import layers

from mymodels import config as cfg

for _ in range(3):
    units = cfg.HIDDEN * 2

model = keras.Sequential(
    [
        keras.Input(shape=(32,)),
        layers.Dense(units, activation="relu"),
        layers.Dense(10),
    ]
)
"""
BACKBONE = """\
import keras
from keras import layers

from somepkg import build_backbone

inputs = keras.Input(shape=(224, 224, 3))
features = build_backbone(inputs)
outputs = layers.Dense(10)(layers.GlobalAveragePooling2D()(features))
model = keras.Model(inputs, outputs)
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _notes(folder: Path, source: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    (folder / "train.py").write_text(source)
    assert main(["summary", "--verbose", "train.py"]) == 0
    return capsys.readouterr().err.splitlines()


def test_each_unknown_names_the_import_it_comes_from(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    img_size = "IMG_SIZE, imported from mymodels.config (not found) at line 5"
    num_classes = "NUM_CLASSES, imported from mymodels.config (not found) at line 5"
    shape = f"INPUT_SHAPE, computed from {img_size}"
    assert _notes(folder, TRAIN, capsys) == [
        f"train.py:7: note: {img_size} (2 times)",
        f"train.py:11: note: {shape}",
        f"train.py:15: note: {num_classes}",
        f"train.py:11: note: input_layer (InputLayer): output shape is ?: {shape}",
        "train.py:12: note: conv2d (Conv2D): output shape is ?: "
        f"its input from input_layer is ?: {shape}",
        "train.py:13: note: max_pooling2d (MaxPooling2D): output shape is ?: "
        f"its input from conv2d is ?: {shape}",
        f"train.py:15: note: dense (Dense): output shape is ?: {num_classes}",
    ]


def test_with_the_config_present_nothing_is_unknown_and_keras_agrees(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "mymodels").mkdir()
    (folder / "mymodels" / "__init__.py").write_text("")
    (folder / "mymodels" / "config.py").write_text(CONFIG)
    assert _notes(folder, TRAIN, capsys) == []
    path = str(folder / "train.py")
    assert static_models(TRAIN, path) == comparable(keras_summary(path))


def test_a_parameter_keeps_the_origin_of_its_argument(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    img_size = "IMG_SIZE, imported from mymodels.config (not found) at line 4"
    param = f"img_size, computed from {img_size}"
    assert _notes(folder, PASSED, capsys) == [
        f"train.py:15: note: {img_size}",
        f"train.py:8: note: {param} (2 times)",
        f"train.py:8: note: input_layer (InputLayer): output shape is ?: {param}",
        "train.py:9: note: conv2d (Conv2D): output shape is ?: "
        f"its input from input_layer is ?: {param}",
        "train.py:10: note: flatten (Flatten): output shape is ?: "
        f"its input from conv2d is ?: {param}",
        "train.py:11: note: dense (Dense): parameter count is ?: "
        f"its input from flatten is ?: {param}",
    ]


def test_a_name_a_star_import_of_an_unread_module_may_bind(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    star = "imported by `from mymodels.settings import *` (not found) at line 4"
    assert _notes(folder, STAR, capsys) == [
        f"train.py:8: note: SEQ_LEN, {star}",
        f"train.py:9: note: HIDDEN, {star}",
        f"train.py:9: note: lstm (LSTM): output shape is ?: HIDDEN, {star}",
        "train.py:10: note: dense (Dense): parameter count is ?: "
        f"its input from lstm is ?: HIDDEN, {star}",
    ]


def test_a_module_imported_under_another_name_and_a_value_computed_in_a_loop(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = "cfg, config imported from mymodels (not found) at line 4"
    units = f"units, computed from {cfg}"
    assert _notes(folder, MODULE_ALIAS, capsys) == [
        f"train.py:7: note: {cfg} (3 times)",
        f"train.py:12: note: {units}",
        f"train.py:12: note: dense (Dense): output shape is ?: {units}",
        "train.py:13: note: dense_1 (Dense): parameter count is ?: "
        f"its input from dense is ?: {units}",
    ]


def test_a_function_from_a_package_outside_the_project(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backbone = "build_backbone, imported from somepkg (not found) at line 4"
    assert _notes(folder, BACKBONE, capsys) == [
        f"train.py:7: note: {backbone}",
        f"train.py:8: note: features, computed from {backbone}",
        f"train.py:9: note: outputs, computed from {backbone}",
    ]
