"""``check --fix``, ``--unsafe-fixes`` and ``--diff``: what is written, printed and exited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kerasparam_lint.frontends.cli import main
from tests.keras_oracle import keras_summary
from tests.static_summary import comparable, static_models

PASSED = "All checks passed!\n"  # a clean text run says so, as ruff's does

ROOT = Path(__file__).resolve().parent.parent
POSTED = ROOT / "fixtures" / "unet_as_posted.py"

KERAS1 = """\
import keras
from keras import layers

inputs = keras.Input(784)  # flat MNIST
x = layers.Reshape((28, 28, 1))(inputs)
x = layers.Conv2D(32, 3, 3)(x)   # Keras 1 style
model = keras.Model(inputs, x)
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["check", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def posted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(POSTED, tmp_path / "unet.py")
    return tmp_path / "unet.py"


def test_fix_rewrites_only_what_was_wrong(posted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = posted.read_text().splitlines()
    status, out, err = run(capsys, "--fix", "unet.py")
    assert (status, out) == (0, "")
    assert err == "Found 2 errors (2 fixed, 0 remaining).\n"
    after = posted.read_text().splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [
        ("inputs = Input(256,256,1)", "inputs = Input((256,256,1))"),
        (
            "model = Model(input = inputs, output = conv10)",
            "model = Model(inputs = inputs, outputs = conv10)",
        ),
    ]
    # Nothing is left to report or to fix.
    assert run(capsys, "unet.py") == (0, PASSED, "")
    fixed = posted.read_bytes()
    assert run(capsys, "--fix", "unet.py")[:2] == (0, PASSED)
    assert posted.read_bytes() == fixed


def test_the_fixed_file_builds_under_keras_as_summarized(
    posted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("keras")
    run(capsys, "--fix", "unet.py")
    keras_document = keras_summary(str(posted))
    assert "error" not in keras_document, keras_document
    assert static_models(posted.read_text()) == comparable(keras_document)
    assert keras_document["models"][0]["total_params"] == 31_031_685


def test_diff_prints_the_patch_and_writes_nothing(
    posted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = posted.read_bytes()
    status, out, err = run(capsys, "--diff", "unet.py")
    assert status == 1
    assert posted.read_bytes() == before
    lines = out.splitlines()
    assert lines[:2] == ["--- unet.py", "+++ unet.py"]
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        "-inputs = Input(256,256,1)",
        "+inputs = Input((256,256,1))",
        "-model = Model(input = inputs, output = conv10)",
        "+model = Model(inputs = inputs, outputs = conv10)",
    ]
    assert err == "Would fix 2 errors.\n"
    run(capsys, "--fix", "unet.py")
    assert run(capsys, "--diff", "unet.py") == (0, "", "Would fix 0 errors.\n")


def test_unsafe_fixes_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "mnist.py"
    path.write_text(KERAS1)
    status, out, err = run(capsys, "mnist.py")
    assert status == 1
    assert [line.split(" ", 2)[1:] for line in out.splitlines()] == [
        ["KPL301", "[*] Input shape must be a tuple, got 784; write shape=(784,)"],
        ["KPL305", out.splitlines()[1].split(" KPL305 ")[1]],
    ]
    assert "[*]" not in out.splitlines()[1]
    assert err == ""
    assert "[*]" in run(capsys, "--unsafe-fixes", "mnist.py")[1].splitlines()[1]
    status, out, err = run(capsys, "--fix", "mnist.py")
    assert status == 1
    assert [line.split()[1] for line in out.splitlines()] == ["KPL305"]
    assert err == "Found 2 errors (1 fixed, 1 remaining).\n"
    assert "inputs = keras.Input((784,))  # flat MNIST\n" in path.read_text()
    assert run(capsys, "--fix", "--unsafe-fixes", "mnist.py")[:2] == (0, "")
    assert path.read_text() == KERAS1.replace("Input(784)", "Input((784,))").replace(
        "Conv2D(32, 3, 3)", "Conv2D(32, (3, 3))"
    )


def test_fix_keeps_the_files_bytes_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A byte order mark, CRLF line ends, a non-ASCII comment before the fix on the same
    line, tabs and trailing spaces: all as they were."""
    monkeypatch.chdir(tmp_path)
    source = (
        "import keras\r\n"
        "from keras import layers\r\n"
        "\r\n"
        "x = keras.Input(shape=(784))  ;  y = '形状'  # 输入 \t \r\n"
        "model = keras.Model(input=x, output=layers.Dense(2)(x))\r\n"
    )
    path = tmp_path / "model.py"
    path.write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    assert run(capsys, "--fix", "model.py")[:2] == (0, "")
    expected = source.replace("(784)", "(784,)").replace("input=x, output=", "inputs=x, outputs=")
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_fix_with_a_cache(posted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--fix", "--cache-dir", "cache", "unet.py")[:2] == (0, "")
    fixed = posted.read_bytes()
    assert run(capsys, "--fix", "--cache-dir", "cache", "unet.py") == (0, PASSED, "")
    assert posted.read_bytes() == fixed


def test_pre_commit_fix_hook_runs_check_fix() -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    entry = hooks["kerasparam-lint-fix"]["entry"].split()
    assert entry[:3] == ["kerasparam-lint", "check", "--fix"]
