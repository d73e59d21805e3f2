"""``kerasparam-lint annotate``: the round trip, idempotence, kept comments, the hook.

Every annotation written on the fixtures is compared with what real Keras builds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.annotate.comment_form import Annotation, split_comment
from kerasparam_lint.annotate.rewrite import annotate_source
from kerasparam_lint.frontends.cli import main
from kerasparam_lint.lint.run import lint_source
from tests.keras_oracle import FIXTURES_DIR

ROOT = Path(__file__).resolve().parent.parent


def _annotations(source: str) -> dict[int, tuple[str, Annotation | None]]:
    """Line -> (the user's text, the annotation) for every trailing comment."""
    found = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if "  # " in line:
            found[number] = split_comment(line.split("  # ", 1)[1])
    return found


def _line(source: str, start: str) -> str:
    return next(line for line in source.splitlines() if line.startswith(start))


def test_round_trip_refreshes_a_stale_comment(tmp_path: Path, capsys) -> None:
    path = tmp_path / "unet.py"
    shutil.copy(os.path.join(FIXTURES_DIR, "unet.py"), path)
    # The fixture's lines are long: a project that allows them keeps annotations at the end.
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 160\n")
    assert main(["annotate", "--write", str(path)]) == 1
    annotated = path.read_text(encoding="utf-8")
    assert _line(annotated, "pool1 = ") == (
        "pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)  # (None, 128, 128, 64) · 0 params"
    )
    assert _line(annotated, "up6 = ").endswith("  # (None, 32, 32, 512) · 2,097,664 params")
    assert main(["annotate", "--write", str(path)]) == 0  # idempotent
    assert path.read_text(encoding="utf-8") == annotated

    # Change the kernel of the first 128-filter conv: its comment is now stale.
    old = "conv2 = Conv2D(128, 3, activation = 'relu', padding = 'same')(pool1)"
    new = "conv2 = Conv2D(128, 5, activation = 'relu', padding = 'same')(pool1)"
    path.write_text(annotated.replace(old, new), encoding="utf-8")
    capsys.readouterr()
    assert main(["annotate", "--diff", str(path)]) == 1
    diff = capsys.readouterr().out
    assert f"-{new}  # (None, 128, 128, 128) · 73,856 params" in diff
    assert f"+{new}  # (None, 128, 128, 128) · 204,928 params" in diff
    added = [line for line in diff.splitlines() if line.startswith("+") and line[1:2] != "+"]
    assert len(added) == 1  # only that line changes
    assert main(["annotate", "--write", str(path)]) == 1
    assert main(["annotate", "--write", str(path)]) == 0


def test_users_own_comment_text_is_kept() -> None:
    with open(os.path.join(FIXTURES_DIR, "vgg16.py"), encoding="utf-8") as handle:
        source = handle.read()
    annotated = annotate_source(source, "vgg16.py")
    assert _line(annotated, 'x = layers.Dense(4096, activation="relu")(x)  # fc1') == (
        'x = layers.Dense(4096, activation="relu")(x)  # fc1: 25,088 * 4,096 + 4,096 = '
        "102,764,544 · (None, 4096) · 102,764,544 params"
    )
    # Every line keeps what it had; annotations are only ever appended.
    pairs = list(zip(annotated.splitlines(), source.splitlines(), strict=True))
    assert all(new.startswith(old) for new, old in pairs)
    assert annotate_source(annotated, "vgg16.py") == annotated


def test_stale_annotation_without_a_layer_is_removed_unknown_lines_are_left() -> None:
    source = """\
import keras
from keras import layers

inputs = keras.Input(shape=(8,))
width = 3  # tuned by hand · (None, 3) · 12 params
x = layers.Dense(width)(inputs)
y = layers.Dense(mystery)(x)  # (None, 5) · 20 params
model = keras.Model(inputs, y)
"""
    annotated = annotate_source(source, "model.py")
    assert _line(annotated, "width = ") == "width = 3  # tuned by hand"
    assert _line(annotated, "x = ") == "x = layers.Dense(width)(inputs)  # (None, 3) · 27 params"
    assert _line(annotated, "y = ") == "y = layers.Dense(mystery)(x)  # (None, 5) · 20 params"


def test_annotations_stay_when_the_analysis_stopped_early() -> None:
    """Past a limit the analyzer cannot tell a stale annotation from a line it never
    reached: it removes none, and still refreshes the lines it did reach."""
    source = """\
import keras
from keras import layers

inputs = keras.Input(shape=(8,))
x = layers.Dense(3)(inputs)  # (None, 3) · 99 params
for _ in range(10**9):
    pass
width = 3  # (None, 3) · 12 params
model = keras.Model(inputs, x)
"""
    annotated = annotate_source(source, "model.py")
    assert _line(annotated, "x = ") == "x = layers.Dense(3)(inputs)  # (None, 3) · 27 params"
    assert _line(annotated, "width = ") == "width = 3  # (None, 3) · 12 params"
    bounded = annotate_source(source.replace("10**9", "10"), "model.py")
    assert _line(bounded, "width = ") == "width = 3"


def test_a_line_that_makes_different_layers_is_left_alone() -> None:
    """A helper called with other filters makes a layer per call on one line: no single
    annotation is true there. The outer call of a nested line is the one described."""
    source = """\
import keras
from keras import layers


def block(x, filters):
    return layers.Conv2D(filters, 3, padding="same")(x)


inputs = keras.Input((8, 8, 4))
x = block(block(inputs, 4), 8)
y = layers.Add()([x, layers.Conv2D(8, 1)(x)])
model = keras.Model(inputs, y)
"""
    annotated = annotate_source(source, "model.py")
    conv = '    return layers.Conv2D(filters, 3, padding="same")(x)'
    assert _line(annotated, "    return ") == conv
    assert _line(annotated, "y = ").endswith("  # (None, 8, 8, 8) · 0 params")
    assert lint_source(annotated, "model.py").findings == []


def test_the_comment_form_is_recognized() -> None:
    own, annotation = split_comment(" fc1 · [(None, 1), (None, 4)] · 1,234 params")
    assert own == "fc1"
    assert annotation == Annotation("[(None, 1), (None, 4)]", 1234)
    assert annotation.output_shape == [(None, 1), (None, 4)]
    assert split_comment("(None, 25088) · 0 params")[1].output_shape == (None, 25088)
    assert split_comment("3x3 conv, 64 params")[1] is None


@pytest.mark.parametrize("name", ["vgg16.py", "unet.py", "multi_io.py", "mnist_keras.py"])
def test_annotations_equal_what_keras_builds(name: str) -> None:
    pytest.importorskip("keras")
    from tests.keras_oracle import keras_summary

    path = os.path.join(FIXTURES_DIR, name)
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    annotated = _annotations(annotate_source(source, name))
    truth = keras_summary(path)
    # The analyzer's layer lines (its summary equals Keras' elsewhere) place Keras' layers.
    lines = {
        (model.name, layer.name): {layer.line, *(node.line for node in layer.inbound_nodes)}
        for model in analyze_source(source, name).models
        for layer in model.layers
    }
    facts: dict[int, list[tuple]] = {}
    for model in truth["models"]:
        for layer in model["layers"]:
            shape = layer["output_shape"]
            shape = tuple(shape) if not shape or not isinstance(shape[0], list) else shape
            for line in lines[(model["name"], layer["name"])]:
                facts.setdefault(line, []).append((shape, layer["params"]))
    written = {n: a for n, (_, a) in annotated.items() if a is not None}
    assert written
    for number, annotation in written.items():
        shape = annotation.output_shape
        shape = [list(s) for s in shape] if isinstance(shape, list) else shape
        assert (shape, annotation.params) in facts[number], number


def _pre_commit() -> list[str]:
    executable = Path(sys.executable).with_name("pre-commit")
    if executable.exists():
        return [str(executable)]
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed")
    return [found]


def test_pre_commit_hook_rewrites_then_passes(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and the project's git repository")
    command = _pre_commit()
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    shutil.copy(os.path.join(FIXTURES_DIR, "mnist_keras.py"), repo / "mnist_keras.py")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    hook = [*command, "try-repo", str(ROOT), "kerasparam-lint-annotate", "--ref", head]
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*hook, "--all-files"], cwd=repo, capture_output=True, text=True, env=env, timeout=900
        )

    first = run()
    output = first.stdout + first.stderr
    if "An unexpected error has occurred" in output and "pip" in output:
        pytest.skip("pre-commit could not install the hook's environment (offline?)")
    if "kerasparam-lint-annotate" not in output:
        pytest.skip("the committed tree does not ship the annotate hook yet")
    assert first.returncode == 1, output
    text = (repo / "mnist_keras.py").read_text(encoding="utf-8")
    assert "MaxPooling2D(pool_size=(2, 2)),  # (None, 12, 12, 32) · 0 params" in text
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
