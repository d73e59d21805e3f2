"""``summary --format mermaid|dot``: one node per layer, edges as ``Connected to``."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kerasparam_lint.frontends.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def summary(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["summary", *argv]) == 0
    return capsys.readouterr().out


def test_mermaid_of_a_branching_model(capsys: pytest.CaptureFixture[str]) -> None:
    out = summary(capsys, "--format", "mermaid", str(FIXTURES / "multi_io.py"))
    two_tower = out.split("\n\n")[0]
    assert two_tower.splitlines() == [
        f'%% Model: "two_tower" ({FIXTURES / "multi_io.py"}:13)',
        "flowchart TD",
        '    n0["left (InputLayer)<br/>(None, 32) · 0 params"]',
        '    n1["right (InputLayer)<br/>(None, 32) · 0 params"]',
        '    n2["shared_dense (Dense)<br/>(None, 16) · 528 params"]',
        '    n3["concatenate (Concatenate)<br/>(None, 32) · 0 params"]',
        '    n4["score (Dense)<br/>(None, 1) · 33 params"]',
        '    n5["label (Dense)<br/>(None, 4) · 132 params"]',
        "    n0 --> n2",
        "    n1 --> n2",
        "    n2 --> n3",  # shared_dense[0][0] and shared_dense[1][0]
        "    n2 --> n3",
        "    n3 --> n4",
        "    n3 --> n5",
    ]


def test_a_sequential_model_is_a_chain(capsys: pytest.CaptureFixture[str]) -> None:
    out = summary(capsys, "--format", "mermaid", str(FIXTURES / "multi_io.py"))
    encoder = out.split("\n\n")[1].splitlines()
    assert encoder[1:] == [
        "flowchart TD",
        '    n0["conv2d (Conv2D)<br/>(None, 26, 26, 8) · 80 params"]',
        '    n1["max_pooling2d (MaxPooling2D)<br/>(None, 13, 13, 8) · 0 params"]',
        '    n2["flatten (Flatten)<br/>(None, 1352) · 0 params"]',
        '    n3["dense (Dense)<br/>(None, 32) · 43,296 params"]',
        "    n0 --> n1",
        "    n1 --> n2",
        "    n2 --> n3",
    ]


def test_dot_renders_with_graphviz_naming_every_layer(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if shutil.which("dot") is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz' dot is missing: .ci/run installs it")
        pytest.skip("Graphviz' dot is not installed")
    path = str(FIXTURES / "unet.py")
    document = json.loads(summary(capsys, "--format", "json", path))
    (model,) = document["files"][0]["models"]
    source = summary(capsys, "--format", "dot", path)
    rendered = subprocess.run(
        ["dot", "-Tsvg"], input=source, capture_output=True, text=True, timeout=60, check=True
    )
    svg = ElementTree.fromstring(rendered.stdout)
    namespace = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in svg.iter(f"{namespace}text")]
    titles = [re.fullmatch(r"(\S+) \((\w+)\)", t or "") for t in texts]
    names = [title.group(1) for title in titles if title]
    assert sorted(names) == sorted(layer["name"] for layer in model["layers"])
    assert len(names) == len(model["layers"]) == 39
    assert "(None, 256, 256, 1) · 0 params" in texts
    assert "(None, 32, 32, 1024) · 2,098,176 params" not in texts  # no such layer in the U-Net
    assert "(None, 32, 32, 512) · 2,097,664 params" in texts  # up6's 2x2 convolution
    edges = [g for g in svg.iter(f"{namespace}g") if g.get("class") == "edge"]
    links = sum(len(layer["connected_to"]) for layer in _connected(capsys, path))
    assert len(edges) == links == 42  # 38 in a chain, 4 skip connections


def _connected(capsys: pytest.CaptureFixture[str], path: str) -> list[dict]:
    out = summary(capsys, "--format", "json", "--columns", "connected", path)
    return json.loads(out)["files"][0]["models"][0]["layers"]


def test_dot_quotes_what_would_end_a_label(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    model = tmp_path / "named.py"
    model.write_text(
        "import keras\n"
        "from keras import layers\n"
        "inputs = keras.Input((4,), name='say \"hi\"')\n"
        "model = keras.Model(inputs, layers.Dense(2)(inputs))\n"
    )
    out = summary(capsys, "--format", "dot", str(model))
    assert 'n0 [label="say \\"hi\\" (InputLayer)\\n(None, 4) · 0 params"];' in out
    out = summary(capsys, "--format", "mermaid", str(model))
    assert 'n0["say #quot;hi#quot; (InputLayer)<br/>(None, 4) · 0 params"]' in out
