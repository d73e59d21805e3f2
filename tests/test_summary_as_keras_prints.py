"""Where the README says "as Keras prints them", the cells equal real Keras' summary text:
the ``Trainable`` column of ``summary(show_trainable=True)`` and the totals' sizes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kerasparam_lint.frontends.cli import main

pytest.importorskip("keras")

# A frozen backbone, a frozen layer, BatchNormalization (non-trainable weights in a
# trainable layer: Keras says Y), a layer without weights, and 1,024-based sizes.
MODEL = """\
import keras
from keras import layers

backbone = keras.Sequential(
    [keras.Input((8,)), layers.Dense(4), layers.BatchNormalization()], name="backbone"
)
backbone.trainable = False
inputs = keras.Input((8,))
x = backbone(inputs)
frozen = layers.Dense(3, name="frozen")
frozen.trainable = False
x = frozen(x)
x = layers.BatchNormalization()(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(700)(x)
model = keras.Model(inputs, outputs)
"""

_KERAS_SUMMARY = """
import runpy, sys
namespace = runpy.run_path(sys.argv[1])
for model in (namespace["backbone"], namespace["model"]):
    lines = []
    model.summary(show_trainable=True, print_fn=lambda text, line_break=False: lines.append(text))
    print("\\n".join(lines))
"""


def _keras_tables(path: str) -> list[tuple[list[str], list[str]]]:
    """Per model: the Trainable cells of Keras' rich table, and its total lines."""
    printed = subprocess.run(
        [sys.executable, "-c", _KERAS_SUMMARY, path],
        env={**os.environ, "KERAS_BACKEND": "numpy", "COLUMNS": "120"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    tables = []
    for block in printed.split('Model: "')[1:]:
        rows = [line.split("│") for line in block.splitlines() if line.startswith("│")]
        flags = [cells[-2].strip() for cells in rows if cells[-2].strip()]
        totals = [line.strip() for line in block.splitlines() if "params:" in line]
        tables.append((flags, totals))
    return tables


def test_trainable_column_and_sizes_are_keras_own(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "frozen.py"
    path.write_text(MODEL)
    assert main(["summary", "--format", "json", "--columns", "trainable", str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    flags = [
        [
            "-" if layer["layer_trainable"] is None else "NY"[layer["layer_trainable"]]
            for layer in model["layers"]
        ]
        for model in document["files"][0]["models"]
    ]
    assert main(["summary", "--columns", "shape,params,trainable", str(path)]) == 0
    text = capsys.readouterr().out
    totals = [
        [line for line in table.splitlines() if "params:" in line] for table in text.split("\n\n")
    ]
    keras_tables = _keras_tables(str(path))
    assert flags == [table[0] for table in keras_tables]
    assert flags[1] == ["-", "N", "N", "Y", "-", "Y"]  # input, backbone, frozen, BN, dropout
    assert totals == [table[1] for table in keras_tables]
    assert "Total params: 2,879 (11.25 KB)" in totals[1]  # 1,024-based, as Keras
    rows = text.split("\n\n")[1].splitlines()[4:10]  # under the title, rule, header, rule
    assert [row.split()[-1] for row in rows] == flags[1]
