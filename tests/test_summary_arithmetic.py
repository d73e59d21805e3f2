"""``summary --explain``, ``--columns`` (memory, MACs), Markdown and the new JSON fields.

Golden files pin the exact output; the numbers in them are checked here against
real Keras (parameter counts and output dims, through the oracle) and against an
independent MAC formula, and every per-layer column must add up to its total.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator

import pytest

from kerasparam_lint.frontends.cli import main
from tests.golden_output import check_golden
from tests.keras_oracle import FIXTURES_DIR, ORACLE_FIXTURES

REPO = os.path.dirname(FIXTURES_DIR)

# A valid 3x3 conv on 32 rows, a BatchNormalization over 64 channels, a pool that drops
# a column, a transposed conv, an upsampling, Flatten and Dense.
EXAMPLE = """\
import keras
from keras import layers

inputs = keras.Input(shape=(32, 25, 3))
x = layers.Conv2D(64, 3)(inputs)
x = layers.BatchNormalization()(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2DTranspose(16, 3, strides=2)(x)
x = layers.UpSampling2D(2)(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The CLI's stdout, run from the repository root so paths print as ``fixtures/...``."""
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(list(argv)) == 0
    finally:
        os.chdir(cwd)
    return capsys.readouterr().out


def layers_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    document = json.loads(run(capsys, "summary", "--format", "json", *argv))
    return [model for file in document["files"] for model in file["models"]]


# ---------------------------------------------------------------------------
# Golden output
# ---------------------------------------------------------------------------

GOLDEN = {
    "vgg16_explain": ("summary", "--explain", "fixtures/vgg16.py"),
    "unet_memory_macs": (
        "summary",
        "--columns",
        "shape,params,memory,macs",
        "fixtures/unet.py",
    ),
    "vgg16_markdown": (
        "summary",
        "--format",
        "markdown",
        "--columns",
        "shape,params,macs,kernel,trainable",
        "fixtures/vgg16.py",
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_output(name: str, capsys: pytest.CaptureFixture[str], request) -> None:
    check_golden(name, run(capsys, *GOLDEN[name]), request.config.getoption("overwrite_golden"))


# ---------------------------------------------------------------------------
# The examples, exactly
# ---------------------------------------------------------------------------


def _explained(tmp_path, capsys, source: str) -> dict[str, list[str]]:
    path = tmp_path / "example.py"
    path.write_text(source, encoding="utf-8")
    models = layers_json(capsys, "--explain", str(path))
    return {layer["name"]: layer["explain"] for model in models for layer in model["layers"]}


def test_explain_writes_the_formulas_with_the_numbers_put_in(tmp_path, capsys) -> None:
    explained = _explained(tmp_path, capsys, EXAMPLE)
    assert explained["conv2d"] == [
        "Conv2D 3x3, 3 -> 64: (3*3*3 + 1) * 64 = 1,792",
        "H: (32 + 2*0 - 3) // 1 + 1 = 30",
        "W: (25 + 2*0 - 3) // 1 + 1 = 23",
    ]
    assert explained["batch_normalization"] == [
        "BatchNormalization(64): 4 * 64 = 256 (128 trainable: gamma, beta; "
        "128 non-trainable: moving mean, moving variance)"
    ]
    assert explained["max_pooling2d"] == [
        "H: pool: 30 // 2 = 15",
        "W: pool: 23 // 2 = 11 (one column dropped)",
    ]
    assert explained["conv2d_transpose"][1:] == [
        "H: transpose: (15 - 1) * 2 + 3 + 0 = 31",
        "W: transpose: (11 - 1) * 2 + 3 + 0 = 23",
    ]
    assert explained["up_sampling2d"] == ["H: up: 31 * 2 = 62", "W: up: 23 * 2 = 46"]
    assert explained["flatten"] == ["62*46*16 = 45,632"]
    assert explained["dense"] == ["Dense: (45632 + 1) * 10 = 456,330"]


def test_explain_same_padding_and_dropped_rows(tmp_path, capsys) -> None:
    source = """\
import keras
from keras import layers

inputs = keras.Input(shape=(25, 25, 4))
strided = layers.Conv2D(8, 3, strides=2, padding="same")(inputs)
pooled = layers.MaxPooling2D(2)(inputs)
model = keras.Model(inputs, [strided, pooled])
"""
    explained = _explained(tmp_path, capsys, source)
    assert explained["conv2d"][1:] == ["H, W: same: ceil(25 / 2) = 13"]
    assert explained["max_pooling2d"] == [
        "H: pool: 25 // 2 = 12 (one row dropped)",
        "W: pool: 25 // 2 = 12 (one column dropped)",
    ]


# ---------------------------------------------------------------------------
# Every number checked: real Keras and an independent MAC formula
# ---------------------------------------------------------------------------


def _evaluate(formula: str) -> int:
    """Evaluate an explanation's left-hand side (integer arithmetic and ``ceil(a / b)``)."""
    assert re.fullmatch(r"[0-9+\-*/() ceil]+", formula), formula
    return eval(formula.replace("ceil", "math.ceil"), {"math": math})  # noqa: S307


def _check_explanations(static: dict, truth: dict) -> None:
    for layer, keras_layer in zip(static["layers"], truth["layers"], strict=True):
        shape = keras_layer["output_shape"]
        for line in layer["explain"]:
            left, value = line.split(" = ", 1)
            number = int(value.split(" ")[0].replace(",", ""))
            expression = left.rsplit(": ", 1)[-1]
            assert _evaluate(expression) == number, line
            if line.startswith(layer["class"]):
                assert number == keras_layer["params"], line
            elif line[:2] in ("H:", "W:", "H,"):
                dims = [shape[1]] if line.startswith("H:") else [shape[2]]
                dims = [shape[1], shape[2]] if line.startswith("H, W:") else dims
                assert all(number == dim for dim in dims), line


@pytest.fixture(scope="module")
def oracle() -> dict[str, dict]:
    pytest.importorskip("keras")
    from tests.keras_oracle import keras_summary_many

    names = ["vgg16.py", "unet.py"]
    docs = keras_summary_many([os.path.join(FIXTURES_DIR, n) for n in names])
    return dict(zip(names, docs, strict=True))


@pytest.mark.parametrize("name", ["vgg16.py", "unet.py"])
def test_explanations_evaluate_to_what_keras_builds(name, oracle, capsys) -> None:
    (static,) = layers_json(capsys, "--explain", f"fixtures/{name}")
    (truth,) = oracle[name]["models"]
    _check_explanations(static, truth)


def test_example_explanations_evaluate_to_what_keras_builds(tmp_path, capsys) -> None:
    pytest.importorskip("keras")
    from tests.keras_oracle import keras_summary

    path = tmp_path / "example.py"
    path.write_text(EXAMPLE, encoding="utf-8")
    (static,) = layers_json(capsys, "--explain", str(path))
    (truth,) = keras_summary(str(path))["models"]
    _check_explanations(static, truth)


@pytest.mark.parametrize("name", ["vgg16.py", "unet.py"])
def test_macs_follow_the_convolution_formula(name, oracle, capsys) -> None:
    """MACs of a biased Conv2D/Dense = (weights - biases) x output positions, from Keras."""
    (static,) = layers_json(capsys, "--columns", "macs", f"fixtures/{name}")
    (truth,) = oracle[name]["models"]
    for layer, keras_layer in zip(static["layers"], truth["layers"], strict=True):
        shape = keras_layer["output_shape"]
        if keras_layer["class"] in ("Conv2D", "Dense"):
            channels = shape[-1]
            expected = (keras_layer["params"] - channels) * math.prod(shape[1:-1])
        else:
            expected = 0
        assert layer["macs"] == expected, layer["name"]
        assert layer["flops"] == 2 * expected


def test_vgg16_costs_about_15_5_giga_macs_per_image(capsys) -> None:
    (model,) = layers_json(capsys, "--columns", "macs,memory", "fixtures/vgg16.py")
    assert model["total_macs"] == 15_470_264_320
    assert model["total_flops"] == 2 * 15_470_264_320
    # CS231n's table: 224*224*3 input values, activations of every layer on top.
    assert model["memory"]["input_bytes"] == 224 * 224 * 3 * 4


# ---------------------------------------------------------------------------
# Invariant: per-layer columns sum to the totals
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORACLE_FIXTURES)
@pytest.mark.parametrize("batch", ["1", "8"])
def test_columns_sum_to_the_totals(name, batch, capsys) -> None:
    models = layers_json(
        capsys, "--columns", "memory,macs", "--batch-size", batch, f"fixtures/{name}"
    )
    for model in models:
        layers = model["layers"]
        memory = model["memory"]
        # An open input size (None) leaves activations unknown (null), and so the totals;
        # a custom layer's MACs are unknown, and so is then the total.
        assert _sum_or_none(layer["activations"] for layer in layers) == memory["activations"]
        assert _sum_or_none(layer["macs"] for layer in layers) == model["total_macs"]
        assert _sum_or_none(layer["flops"] for layer in layers) == model["total_flops"]
        parts = ("input_bytes", "forward_activation_bytes", "params_bytes")
        assert _sum_or_none(memory[part] for part in parts) == memory["estimated_total_bytes"]
        assert memory["params_bytes"] == 4 * model["total_params"]


def _sum_or_none(values: Iterator[int | None]) -> int | None:
    known = list(values)
    return None if None in known else sum(known)  # type: ignore[arg-type]


def _column(text: str, header: str) -> list[int]:
    """The integers printed in one column of a text table (``--`` counts 0)."""
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Layer (type)"))
    start = lines[head].index(header) + len(header)
    values = []
    for line in lines[head + 2 :]:
        if line.startswith("─"):
            break
        cell = line[:start].rsplit("  ", 1)[-1].strip()
        values.append(0 if cell == "--" else int(cell.split(" ")[0].replace(",", "")))
    return values


def test_printed_columns_sum_to_the_printed_totals(capsys) -> None:
    text = run(capsys, "summary", "--columns", "shape,memory,macs", "fixtures/unet.py")
    totals = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    assert sum(_column(text, "MACs")) == int(totals["Total MACs"].split(" ")[0].replace(",", ""))
    activations = totals["Activations (column total)"].split(" ")[0].replace(",", "")
    assert sum(_column(text, "Activations")) == int(activations)


# ---------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------


def test_json_keeps_version_1_fields_unless_columns_are_asked_for(capsys) -> None:
    (plain,) = layers_json(capsys, "fixtures/mnist_keras.py")
    assert set(plain) == {
        "name", "entry", "line", "complete", "layers",
        "total_params", "trainable_params", "non_trainable_params",
    }  # fmt: skip
    assert set(plain["layers"][0]) == {
        "name", "class", "line", "output_shape", "params", "trainable", "non_trainable",
    }  # fmt: skip
    (rich,) = layers_json(
        capsys, "--columns", "memory,macs,kernel,trainable", "--dtype", "float16",
        "--batch-size", "4", "fixtures/mnist_keras.py",
    )  # fmt: skip
    conv = rich["layers"][0]
    assert {k: conv[k] for k in plain["layers"][0]} == plain["layers"][0]
    assert conv["class"] == "Conv2D" and conv["output_shape"] == [None, 24, 24, 32]
    assert conv["activations"] == 4 * 24 * 24 * 32
    assert conv["activation_bytes"] == 2 * 4 * 24 * 24 * 32
    assert conv["kernel_size"] == [5, 5]
    assert conv["trainable_status"] == "yes"
    assert rich["batch_size"] == 4 and rich["dtype"] == "float16"


def test_unknown_column_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["summary", "--columns", "shape,bogus", "fixtures/vgg16.py"])
    assert exit_info.value.code == 2
    assert "columns are a comma-separated subset of" in capsys.readouterr().err


def test_kernels_in_other_layouts_are_not_misread(capsys) -> None:
    """Lasagne's W is (filters, channels, *window): the window is its last two dims."""
    (model,) = layers_json(
        capsys, "--explain", "--columns", "kernel,macs", "fixtures/lasagne_mnist_functional.py"
    )
    conv = next(layer for layer in model["layers"] if layer["class"] == "Conv2DLayer")
    assert conv["kernel_size"] == [5, 5]
    assert conv["macs"] is None  # not a Keras layer: unknown, never guessed
    assert conv["explain"] == ["Conv2DLayer 5x5, 1 -> 32: 32*1*5*5 + 32 = 832"]
