"""The numbers of the source documents, checked against real Keras (the oracle).

These tests pin the fixtures and the oracle; the static analyzer is compared against
the same oracle elsewhere.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from tests.keras_oracle import (
    FIXTURES_DIR,
    ORACLE_FIXTURES,
    entry_function_names,
    keras_summary,
    keras_summary_many,
)

requires_keras = pytest.mark.skipif(
    importlib.util.find_spec("keras") is None,
    reason="keras is not installed; the real-Keras oracle needs it",
)


def fixture_path(name: str) -> str:
    return os.path.join(FIXTURES_DIR, name)


@pytest.fixture(scope="module")
def oracle() -> dict[str, dict]:
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed; the real-Keras oracle needs it")
    docs = keras_summary_many([fixture_path(name) for name in ORACLE_FIXTURES])
    return dict(zip(ORACLE_FIXTURES, docs, strict=True))


def only_model(doc: dict) -> dict:
    assert "error" not in doc, doc.get("error")
    assert len(doc["models"]) == 1
    return doc["models"][0]


def by_name(model: dict) -> dict[str, dict]:
    return {layer["name"]: layer for layer in model["layers"]}


# ---------------------------------------------------------------------------
# Every fixture
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ORACLE_FIXTURES)
def test_fixture_runs_and_totals_are_consistent(oracle, name):
    doc = oracle[name]
    assert "error" not in doc, doc.get("error")
    assert doc["path"] == fixture_path(name)
    assert doc["models"], "no model found"
    for model in doc["models"]:
        assert model["total_params"] == model["trainable_params"] + model["non_trainable_params"]
        for layer in model["layers"]:
            assert layer["params"] == layer["trainable"] + layer["non_trainable"], layer
        # No fixture shares weights between two layers, so the layers add up to the total.
        assert sum(layer["params"] for layer in model["layers"]) == model["total_params"]


# ---------------------------------------------------------------------------
# 000: the Conv2D tutorial
# ---------------------------------------------------------------------------


def test_conv2d_tutorial(oracle):
    models = oracle["conv2d_tutorial.py"]["models"]
    assert [m["name"] for m in models] == ["sequential", "sequential_1", "sequential_2"]
    assert [m["entry"] for m in models] == ["module"] * 3
    expected = [(10, [None, 8, 8, 1]), (50, [None, 8, 8, 5]), (140, [None, 8, 8, 5])]
    names = ["conv2d", "conv2d_1", "conv2d_2"]
    for model, (params, shape), layer_name in zip(models, expected, names, strict=True):
        # A Sequential's layers do not include the InputLayer made from `input_shape=`.
        assert len(model["layers"]) == 1
        (layer,) = model["layers"]
        assert layer["name"] == layer_name
        assert layer["class"] == "Conv2D"
        assert layer["params"] == params
        assert layer["output_shape"] == shape
        assert model["total_params"] == params


# ---------------------------------------------------------------------------
# 001: VGG16
# ---------------------------------------------------------------------------


def test_vgg16_total_and_stages(oracle):
    model = only_model(oracle["vgg16.py"])
    assert model["name"] == "vgg16"
    assert model["total_params"] == 138_357_544
    assert model["trainable_params"] == 138_357_544
    assert model["non_trainable_params"] == 0

    stages = []
    current = 0
    for layer in model["layers"]:
        if layer["class"] == "Conv2D":
            current += layer["params"]
        elif layer["class"] == "MaxPooling2D":
            stages.append(current)
            current = 0
    assert stages == [38_720, 221_440, 1_475_328, 5_899_776, 7_079_424]

    dense = [layer["params"] for layer in model["layers"] if layer["class"] == "Dense"]
    assert dense == [102_764_544, 16_781_312, 4_097_000]


def test_vgg16_shapes(oracle):
    model = only_model(oracle["vgg16.py"])
    pools = [layer["output_shape"] for layer in model["layers"] if layer["class"] == "MaxPooling2D"]
    assert pools == [
        [None, 112, 112, 64],
        [None, 56, 56, 128],
        [None, 28, 28, 256],
        [None, 14, 14, 512],
        [None, 7, 7, 512],
    ]
    layers = by_name(model)
    assert layers["input_layer"]["output_shape"] == [None, 224, 224, 3]
    assert layers["flatten"]["output_shape"] == [None, 25_088]
    assert model["layers"][-1]["output_shape"] == [None, 1000]


# ---------------------------------------------------------------------------
# 002: the U-Net
# ---------------------------------------------------------------------------


def test_unet_total(oracle):
    model = only_model(oracle["unet.py"])
    assert model["name"] == "functional"
    assert model["entry"] == "module"
    assert model["total_params"] == 31_031_685
    assert model["non_trainable_params"] == 0
    counts: dict[str, int] = {}
    for layer in model["layers"]:
        counts[layer["class"]] = counts.get(layer["class"], 0) + 1
    assert counts == {
        "InputLayer": 1,
        "Conv2D": 24,
        "MaxPooling2D": 4,
        "Dropout": 2,
        "UpSampling2D": 4,
        "Concatenate": 4,
    }


def test_unet_up_convolutions_use_kernel_2(oracle):
    model = only_model(oracle["unet.py"])
    layers = model["layers"]
    after_upsampling = [
        layers[i + 1] for i, layer in enumerate(layers[:-1]) if layer["class"] == "UpSampling2D"
    ]
    assert [layer["class"] for layer in after_upsampling] == ["Conv2D"] * 4
    assert [layer["params"] for layer in after_upsampling] == [2_097_664, 524_544, 131_200, 32_832]
    # The hand-computed table of the question assumed 3x3 kernels for these four:
    # 4,719,104 / 1,179,904 / 295,040 / 73,792. Those are the convs after each concatenate.
    after_concat = [
        layers[i + 1] for i, layer in enumerate(layers[:-1]) if layer["class"] == "Concatenate"
    ]
    assert [layer["params"] for layer in after_concat] == [4_719_104, 1_179_904, 295_040, 73_792]


def test_unet_shapes_and_names(oracle):
    model = only_model(oracle["unet.py"])
    layers = by_name(model)
    assert layers["input_layer"]["output_shape"] == [None, 256, 256, 1]
    assert layers["conv2d"]["output_shape"] == [None, 256, 256, 64]
    assert layers["conv2d"]["params"] == 640
    assert layers["conv2d_9"]["output_shape"] == [None, 16, 16, 1024]
    assert layers["up_sampling2d"]["output_shape"] == [None, 32, 32, 1024]
    assert layers["concatenate"]["output_shape"] == [None, 32, 32, 1024]
    assert layers["concatenate_3"]["output_shape"] == [None, 256, 256, 128]
    assert layers["conv2d_23"]["output_shape"] == [None, 256, 256, 1]
    assert layers["conv2d_23"]["params"] == 3


def test_unet_builder_entry_function(oracle):
    model = only_model(oracle["unet_builder.py"])
    assert model["entry"] == "build_unet"
    assert model["name"] == "unet"
    # Two BatchNormalization layers per block, each with 2 * filters moving statistics:
    # 4 * (2 * (64 + 128 + 256 + 512) + 1024) = 11,776.
    assert model["non_trainable_params"] == 11_776
    # The convolutions are those of the plain U-Net; gamma and beta add as many
    # trainable scalars as the moving statistics add non-trainable ones.
    assert model["trainable_params"] == 31_031_685 + 11_776
    layers = model["layers"]
    assert layers[-1]["output_shape"] == [None, 256, 256, 1]
    norms = [layer for layer in layers if layer["class"] == "BatchNormalization"]
    assert len(norms) == 18
    assert norms[0]["trainable"] == 128 and norms[0]["non_trainable"] == 128


# ---------------------------------------------------------------------------
# 003: the MNIST network
# ---------------------------------------------------------------------------


def test_mnist(oracle):
    model = only_model(oracle["mnist_keras.py"])
    assert model["name"] == "mnist_cnn"
    assert [layer["params"] for layer in model["layers"]] == [832, 0, 9_248, 0, 0, 205_056, 2_570]
    assert model["total_params"] == 217_706
    assert [layer["output_shape"] for layer in model["layers"]] == [
        [None, 24, 24, 32],
        [None, 12, 12, 32],
        [None, 10, 10, 32],
        [None, 5, 5, 32],
        [None, 800],
        [None, 256],
        [None, 10],
    ]


# ---------------------------------------------------------------------------
# Multiple inputs/outputs, a shared layer, a nested model
# ---------------------------------------------------------------------------


def test_multi_io(oracle):
    models = oracle["multi_io.py"]["models"]
    assert [m["name"] for m in models] == ["two_tower", "encoder", "classifier"]

    two_tower = models[0]
    layers = by_name(two_tower)
    assert [layer["class"] for layer in two_tower["layers"]][:2] == ["InputLayer", "InputLayer"]
    assert layers["shared_dense"]["params"] == 32 * 16 + 16
    assert layers["shared_dense"]["output_shape"] == [None, 16]
    assert layers["concatenate"]["output_shape"] == [None, 32]
    assert two_tower["total_params"] == 528 + 33 + 132

    encoder, classifier = models[1], models[2]
    assert encoder["total_params"] == 80 + 43_296
    nested = by_name(classifier)["encoder"]
    assert nested["class"] == "Sequential"
    assert nested["params"] == encoder["total_params"]
    assert nested["output_shape"] == [None, 32]
    assert classifier["total_params"] == 43_376 + 330


# ---------------------------------------------------------------------------
# The oracle itself
# ---------------------------------------------------------------------------


@requires_keras
def test_fresh_process_and_clear_session_agree(oracle):
    # Name counters matter: a single fresh process and the batched run must agree.
    for name in ["conv2d_tutorial.py", "multi_io.py"]:
        assert keras_summary(fixture_path(name)) == oracle[name]


@requires_keras
def test_unet_as_posted_raises():
    doc = keras_summary(fixture_path("unet_as_posted.py"))
    assert "models" not in doc
    assert doc["error"].startswith("ValueError: ")


def test_entry_function_names():
    source = (
        "def helper(x, filters):\n    return x\n"
        "def build(size=(8, 8, 1)):\n    return helper(size, 1)\n"
        "def used(a=1):\n    return a\n"
        "def varargs(*args, scale=2, **kwargs):\n    return args\n"
        "def needs_kw(*, scale):\n    return scale\n"
        "async def not_sync():\n    return None\n"
        "class Holder:\n    def method(self=None):\n        return used()\n"
        "value = used()\n"
        "if __name__ == '__main__':\n    build()\n"
    )
    assert entry_function_names(source) == ["build", "varargs"]
