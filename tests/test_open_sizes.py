"""Open input sizes shown as formulas (``H/2 - 2``), and what the merges need of them.

The formulas and the stated requirement are checked against real Keras: the
fixture with its open sizes filled in builds exactly for the sizes the
requirement allows, and every layer's output then has the size its formula
gives.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.frontends.cli import main
from kerasparam_lint.reports.model_rows import model_rows
from kerasparam_lint.sizes.expression import Size
from kerasparam_lint.sizes.requirement import requirement
from tests.keras_oracle import FIXTURES_DIR, keras_summary_many

H = Size.variable("H")
FCN = os.path.join(FIXTURES_DIR, "fcn_open_sizes.py")
OPEN_INPUT = "keras.Input((None, None, 3))"


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def _pooled(size: Size, times: int) -> object:
    for _ in range(times):
        size = (size - 2) // 2 + 1  # a valid 2x2 pool with stride 2
    return size


def test_formulas_take_keras_arithmetic_to_a_normal_form() -> None:
    assert str(_pooled(H, 4)) == "H//16"
    assert str((H - 3) // 1 + 1) == "H - 2"
    assert str(((H - 3) // 1 + 1) // 2) == "(H - 2)//2"
    assert str((H - 1) // 2 + 1) == "(H + 1)//2"  # same padding, stride 2: ceil(H / 2)
    assert str(2 * (H // 16)) == "2*(H//16)"
    assert (2 * H + 1) // 2 == H
    assert H - H == 0


def test_formulas_equal_python_arithmetic_for_every_size() -> None:
    rng = random.Random(7)
    for _ in range(500):
        steps = [(rng.choice("+-*/"), rng.randint(1, 5)) for _ in range(rng.randint(1, 6))]
        formula: object = H
        for op, c in steps:
            formula = _apply(formula, op, c)
        for h in range(-30, 30):
            value = h
            for op, c in steps:
                value = _apply(value, op, c)
            got = formula.evaluate({"H": h}) if isinstance(formula, Size) else formula
            assert got == value, (steps, formula, h)


def _apply(value: object, op: str, c: int) -> object:
    if op == "+":
        return value + c  # type: ignore[operator]
    if op == "-":
        return value - c  # type: ignore[operator]
    if op == "*":
        return value * c  # type: ignore[operator]
    return value // c  # type: ignore[operator]


def test_a_formula_refuses_what_is_not_affine() -> None:
    with pytest.raises(TypeError):
        H * H  # noqa: B018
    with pytest.raises(TypeError):
        H <= 0  # noqa: B015
    with pytest.raises(TypeError):
        range(H)  # type: ignore[call-overload]


def test_requirements_of_u_net_merges() -> None:
    up = 2 * _pooled(H, 4)  # type: ignore[operator]
    assert str(requirement(_pooled(H, 3), up)) == "H % 16 must be between 0 and 7"
    assert str(requirement(H, 2 * (H // 2))) == "H must be divisible by 2"
    assert str(requirement((H + 1) // 2, 2 * ((H + 3) // 4))) == "H % 4 must be 0 or 3"
    assert str(requirement(H, 2 * ((H - 1) // 2))) == "no H makes these sizes equal"
    assert requirement(H, H // 2) is None  # different growth: nothing is claimed
    assert requirement(H // 2, (2 * H) // 4).always  # type: ignore[union-attr]


def _summary(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["summary", *args]) == 0
    return capsys.readouterr().out


def test_summary_writes_open_sizes_as_formulas(capsys: pytest.CaptureFixture[str]) -> None:
    text = _summary(capsys, FCN)
    assert "max_pooling2d (MaxPooling2D)        (None, H/2 - 2, W/2 - 2, 16)" in text
    assert "conv2d_5 (Conv2D)                   (None, H/4 - 1, W/4 - 1, 64)" in text
    assert "zero_padding2d (ZeroPadding2D)      (None, H, W, 16)" in text
    assert text.rstrip().endswith("Input sizes: H must be divisible by 4; W must be divisible by 4")


def test_explain_shows_what_each_merge_needs(capsys: pytest.CaptureFixture[str]) -> None:
    text = _summary(capsys, "--explain", FCN)
    assert "    axis 1: (H - 4)//2 and 2*((H - 2)//4) are equal only if H % 4 is 0 or 1" in text
    assert "    axis 2: W - 4 and 2*((W - 4)//2) are equal only if W is divisible by 2" in text
    assert "    concatenate, axis -1: 32 + 32 = 64" in text


def test_json_adds_formula_shapes_and_input_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads(_summary(capsys, "--format", "json", FCN))
    model = document["files"][0]["models"][0]
    layers = {layer["name"]: layer for layer in model["layers"]}
    assert layers["max_pooling2d"]["output_shape"] == [None, None, None, 16]
    assert layers["max_pooling2d"]["formula_shape"] == [None, "H/2 - 2", "W/2 - 2", 16]
    assert model["input_sizes"] == ["H must be divisible by 4", "W must be divisible by 4"]
    vgg16 = os.path.join(FIXTURES_DIR, "vgg16.py")
    closed = json.loads(_summary(capsys, "--format", "json", vgg16))
    closed_model = closed["files"][0]["models"][0]
    assert "input_sizes" not in closed_model
    assert all("formula_shape" not in layer for layer in closed_model["layers"])


def test_open_u_net_needs_sizes_divisible_by_16() -> None:
    source = _read(os.path.join(FIXTURES_DIR, "unet.py"))
    assert "Input((256, 256, 1))" in source
    open_source = source.replace("Input((256, 256, 1))", "Input((None, None, 1))")
    (model,) = analyze_source(open_source, "unet.py").models
    rows = model_rows(model)
    shapes = {row.name: row.formula_shape for row in rows.layers}
    assert shapes["max_pooling2d_3"] == [None, "H/16", "W/16", 512]
    assert shapes["concatenate"] == [None, "H/8", "W/8", 1024]
    assert rows.input_needs == ("H must be divisible by 16", "W must be divisible by 16")


def test_formulas_and_requirement_match_keras(tmp_path) -> None:
    """Keras builds the fixture for exactly the heights the requirement allows, and the
    formulas give each layer's size there."""
    pytest.importorskip("keras")
    source = _read(FCN)
    assert OPEN_INPUT in source
    (model,) = analyze_source(source, FCN).models
    rows = model_rows(model)
    sizes = [(h, 36) for h in range(20, 36)] + [(32, w) for w in (41, 42, 43, 44)]
    paths = []
    for h, w in sizes:
        path = tmp_path / f"fcn_{h}x{w}.py"
        path.write_text(source.replace(OPEN_INPUT, f"keras.Input(({h}, {w}, 3))"))
        paths.append(str(path))
    documents = keras_summary_many(paths)
    for (h, w), document in zip(sizes, documents, strict=True):
        allowed = h % 4 == 0 and w % 4 == 0
        assert ("error" not in document) == allowed, (h, w, document.get("error"))
        if not allowed:
            continue
        (built,) = document["models"]
        for row, layer in zip(rows.layers, built["layers"], strict=True):
            expected = [
                None if dim is None else eval(str(dim), {"H": h, "W": w})  # noqa: S307
                for dim in row.formula_shape
            ]
            assert expected == layer["output_shape"], (h, w, row.name)


APPLICATIONS = {
    "InceptionV3": "inception_v3",
    "Xception": "xception",
    "MobileNetV2": "mobilenet_v2",
    "ResNet50": "resnet",
    "DenseNet121": "densenet",
    "EfficientNetB0": "efficientnet",
}
SIZES = [(97, 130), (130, 97)]

# Builds the model with open sizes as Keras does, then traces it at concrete sizes:
# the shapes every layer then has (a model rebuilt for a concrete size may differ,
# as MobileNetV2's padding depends on the size it is built for).
_TRACE = """
import json, sys
import keras
name, sizes = sys.argv[1], json.loads(sys.argv[2])
model = getattr(keras.applications, name)(include_top=False, weights=None)
probe = keras.Model(model.inputs, [layer.output for layer in model.layers])
traced = []
for h, w in sizes:
    outputs = probe.compute_output_spec(keras.KerasTensor((None, h, w, 3)))
    traced.append([list(tensor.shape) for tensor in outputs])
print(json.dumps(traced))
"""


def _keras_trace(name: str) -> list[list[list[int | None]]]:
    environment = {**os.environ, "KERAS_BACKEND": "numpy"}
    command = [sys.executable, "-c", _TRACE, name, json.dumps(SIZES)]
    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=600, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", APPLICATIONS)
def test_application_formulas_match_keras_traced_at_other_sizes(name: str) -> None:
    """keras.applications without a top leave H and W open; traced by Keras at 97x130
    and 130x97, every layer has the sizes the formulas give."""
    keras = pytest.importorskip("keras")
    folder = os.path.join(os.path.dirname(keras.__file__), "src", "applications")
    source_path = os.path.join(folder, f"{APPLICATIONS[name]}.py")
    call = f"{name}(include_top=False, weights=None)"
    (model,) = analyze_source(_read(source_path), source_path, model_call=call).models
    rows = model_rows(model).layers
    assert sum(row.formula_shape is not None for row in rows) > len(rows) // 2
    for (h, w), shapes in zip(SIZES, _keras_trace(name), strict=True):
        for row, shape in zip(rows, shapes, strict=True):
            if row.formula_shape is None:
                continue
            expected = [
                None if dim is None else eval(str(dim), {"H": h, "W": w})  # noqa: S307
                for dim in row.formula_shape
            ]
            assert expected == shape, (h, w, row.name)
