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


IMG_SIZE = "IMG_SIZE, imported from mymodels.config (not found) at line 5"
NUM_CLASSES = "NUM_CLASSES, imported from mymodels.config (not found) at line 5"
INPUT_SHAPE_FROM = f"INPUT_SHAPE, computed from {IMG_SIZE}"
PASSED_IMG_SIZE = "IMG_SIZE, imported from mymodels.config (not found) at line 4"
PARAMETER = f"img_size, computed from {PASSED_IMG_SIZE}"
STARRED = "HIDDEN, imported by `from mymodels.settings import *` (not found) at line 4"
CFG = "cfg, config imported from mymodels (not found) at line 4"
UNITS = f"units, computed from {CFG}"
BACKBONE_FROM = "build_backbone, imported from somepkg (not found) at line 4"

CASES = {
    "names-and-a-constant-computed-from-them": (
        TRAIN,
        [
            f"train.py:11: note: input_layer (InputLayer): output shape is ?: {INPUT_SHAPE_FROM}",
            "train.py:12: note: conv2d (Conv2D): output shape is ?: "
            f"its input from input_layer is ?: {INPUT_SHAPE_FROM}",
            "train.py:13: note: max_pooling2d (MaxPooling2D): output shape is ?: "
            f"its input from conv2d is ?: {INPUT_SHAPE_FROM}",
            f"train.py:15: note: dense (Dense): output shape is ?: {NUM_CLASSES}",
        ],
    ),
    "a-parameter-keeps-the-origin-of-its-argument": (
        PASSED,
        [
            f"train.py:8: note: input_layer (InputLayer): output shape is ?: {PARAMETER}",
            "train.py:9: note: conv2d (Conv2D): output shape is ?: "
            f"its input from input_layer is ?: {PARAMETER}",
            "train.py:10: note: flatten (Flatten): output shape is ?: "
            f"its input from conv2d is ?: {PARAMETER}",
            "train.py:11: note: dense (Dense): parameter count is ?: "
            f"its input from flatten is ?: {PARAMETER}",
        ],
    ),
    "a-name-a-star-import-of-an-unread-module-may-bind": (
        STAR,
        [
            f"train.py:9: note: lstm (LSTM): output shape is ?: {STARRED}",
            "train.py:10: note: dense (Dense): parameter count is ?: "
            f"its input from lstm is ?: {STARRED}",
        ],
    ),
    "a-module-under-another-name-read-in-a-loop": (
        MODULE_ALIAS,
        [
            f"train.py:12: note: dense (Dense): output shape is ?: {UNITS}",
            "train.py:13: note: dense_1 (Dense): parameter count is ?: "
            f"its input from dense is ?: {UNITS}",
        ],
    ),
    "a-function-from-a-package-outside-the-project": (
        BACKBONE,
        [
            "train.py:9: note: functional (Functional): its layers are ?: "
            f"outputs, computed from {BACKBONE_FROM}",
        ],
    ),
}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _notes(folder: Path, source: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    (folder / "train.py").write_text(source)
    assert main(["summary", "--verbose", "train.py"]) == 0
    return capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(("source", "expected"), CASES.values(), ids=CASES.keys())
def test_each_unknown_names_the_import_it_comes_from(
    folder: Path, capsys: pytest.CaptureFixture[str], source: str, expected: list[str]
) -> None:
    assert _notes(folder, source, capsys) == expected


def test_with_the_config_present_nothing_is_unknown_and_keras_agrees(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "mymodels").mkdir()
    (folder / "mymodels" / "__init__.py").write_text("")
    (folder / "mymodels" / "config.py").write_text(CONFIG)
    assert _notes(folder, TRAIN, capsys) == []
    path = str(folder / "train.py")
    assert static_models(TRAIN, path) == comparable(keras_summary(path))
