"""Any Python file gets an answer: bounded evaluation, no crash, no side effect.

Each pathological file runs through the real command in a child process with a
generous timeout, which catches hangs (and a crashing parser) without timing
anything: what is asserted is the result. The numbers that stay known are compared
with real Keras building the same model from a clean file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
HANG = 30  # seconds: far above any bounded analysis, far below a hang

MODEL = (
    "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(n)])\n"
)
CLEAN = "import keras\n\nmodel = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])\n"

# Each case binds `n` through code the analyzer must give up on, quickly.
RUNAWAY = {
    "for over range(10**9)": "n = 0\nfor i in range(10**9):\n    n = n + 1\n",
    "while True": "n = 1\nwhile True:\n    n = n + 1\n",
    "unbounded recursion": "def f(k):\n    return f(k + 1)\n\nn = f(0)\n",
    "mutual recursion": "def f(k):\n    return g(k)\n\ndef g(k):\n    return f(k)\n\nn = f(1)\n",
    "huge string": "n = len('a' * 10**10)\n",
    "huge power": "n = 2 ** 10**10\n",
    "squaring loop": "n = 10\nfor i in range(64):\n    n = n * n\n",
    "list doubling": "x = [1]\nfor i in range(64):\n    x = x + x\nn = len(x)\n",
    "list += doubling": "x = [1]\nfor i in range(64):\n    x += x\nn = len(x)\n",
    "sum over a huge range": "n = sum(range(10**12))\n",
    "sorted huge range": "n = len(sorted(range(10**9)))\n",
    "list of a huge range": "n = len(list(range(10**9)))\n",
    "factorial": "import math\nn = math.factorial(10**7)\n",
    "huge comprehension": "n = len([i for i in range(10**9)])\n",
    "appends in a long comprehension": "x = []\n[x.append(i) for i in range(50000)]\nn = len(x)\n",
    "infinite generator": "def gen():\n    while True:\n        yield 1\n\nn = len(list(gen()))\n",
    "deep expression": "n = " + "-" * 1000 + "3\n",
    # Loops that build no layer: their steps come from a budget of their own.
    "nested loops": (
        "n = 0\nfor i in range(10**9):\n    for j in range(10**9):\n        n = n + 1\n"
    ),
    "a 2**40-call recursion in a comprehension": (
        "def f(k):\n    return [f(k + 1) for _ in range(2)]\n\nn = f(0)\n"
    ),
}


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", *args],
        capture_output=True,
        text=True,
        timeout=HANG,
        cwd=cwd or REPO,
    )  # fmt: skip


def summary_json(path: Path) -> dict:
    done = run_cli("summary", "--format", "json", str(path))
    assert done.returncode == 0, done.stderr
    (document,) = json.loads(done.stdout)["files"]
    return document


def as_keras_reports(layer: dict) -> dict:
    """The fields of a static layer row that the Keras oracle reports too."""
    return {key: layer[key] for key in KERAS_FIELDS}


KERAS_FIELDS = ("name", "class", "output_shape", "params", "trainable", "non_trainable")


@pytest.fixture(scope="module")
def dense_3_on_4_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What real Keras reports for the layer that stays known."""
    pytest.importorskip("keras")
    from tests.keras_oracle import keras_summary

    clean = tmp_path_factory.mktemp("clean") / "clean.py"
    clean.write_text(CLEAN)
    (model,) = keras_summary(str(clean))["models"]
    return model["layers"][0]


@pytest.mark.parametrize("code", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_code_leaves_its_values_unknown(
    code: str, tmp_path: Path, dense_3_on_4_inputs: dict
) -> None:
    path = tmp_path / "runaway.py"
    path.write_text("import keras\n\n" + code + MODEL)
    (model,) = summary_json(path)["models"]
    known, depends_on_n = model["layers"]
    assert as_keras_reports(known) == dense_3_on_4_inputs
    assert depends_on_n["params"] is None
    assert model["complete"] is False and model["total_params"] is None


def test_exhausted_step_budget_stops_the_file_without_inventing(
    tmp_path: Path, dense_3_on_4_inputs: dict
) -> None:
    """2**40 calls: the evaluation stops; the model made before is kept, incomplete."""
    path = tmp_path / "budget.py"
    path.write_text(CLEAN + "\n\ndef f(k):\n    f(k + 1)\n    return f(k + 1)\n\n\nx = f(0)\n")
    (model,) = summary_json(path)["models"]
    assert [as_keras_reports(layer) for layer in model["layers"]] == [dense_3_on_4_inputs]
    assert model["complete"] is False


GROWN = {
    "for over range(10**9)": "for _ in range(10**9):\n    model.add(keras.layers.Dense(2))\n",
    "while True": "while True:\n    model.add(keras.layers.Dense(2))\n",
    # The data loop's steps are given back; the loop that builds layers gets no more.
    "after a 50,000-sample loop": (
        "import random\n\ndata = []\nfor i in range(50000):\n    data.append(random.random())\n"
        "while True:\n    model.add(keras.layers.Dense(2))\n"
    ),
}


@pytest.mark.parametrize("code", GROWN.values(), ids=GROWN.keys())
def test_a_sequential_grown_in_a_runaway_loop_stops(
    code: str, tmp_path: Path, dense_3_on_4_inputs: dict
) -> None:
    """Every ``add`` re-calls all the layers (as Keras does): the budget counts each call,
    so the loop's square work stops too, and ``--verbose`` says why."""
    path = tmp_path / "grown.py"
    path.write_text(CLEAN + code)
    (model,) = summary_json(path)["models"]
    assert as_keras_reports(model["layers"][0]) == dense_3_on_4_inputs
    assert model["complete"] is False
    done = run_cli("summary", "--verbose", str(path))
    stopped = "analysis stopped: more than 500,000 steps; raise max-steps"
    assert f"{path}: note: {stopped}" in done.stderr
    assert done.stdout.rstrip().endswith(f"Incomplete: {stopped}.")


@pytest.mark.parametrize(
    "code",
    [
        "x = [" + ", ".join(["0"] * 20_000) + "]\n",
        "x = {" + ", ".join(f"{i}: {i}" for i in range(5_000)) + "}\n",
        "".join("    " * i + "if True:\n" for i in range(60)) + "    " * 60 + "x = 1\n",
        "x = " + "(" * 150 + "1" + ")" * 150 + "\n",
        "x = []\nfor i in range(5000):\n    x = [x]\ny = str(x) + repr(x)\n",
        "a = []\na.append(a)\nb = {}\nb['k'] = b\nc = str(a) + str(b)\n",
        "class C:\n    make = classmethod(unknown(lambda cls: 1))\n\ny = C.make()\n",
    ],
    ids=["huge list literal", "huge dict literal", "deep ifs", "deep parentheses",
         "deeply nested list value", "cyclic containers", "classmethod of an unknown"],
)  # fmt: skip
def test_big_and_deep_code_keeps_the_rest_known(
    code: str, tmp_path: Path, dense_3_on_4_inputs: dict
) -> None:
    path = tmp_path / "big.py"
    path.write_text(code + CLEAN)
    (model,) = summary_json(path)["models"]
    assert [as_keras_reports(layer) for layer in model["layers"]] == [dense_3_on_4_inputs]
    assert model["complete"] is True


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("x = (\n", ":2:5:", "'(' was never closed"),
        ("def f(:\n    pass\n", ":2:7:", "invalid syntax"),
        ("x = " + "(" * 3000 + ")" * 3000 + "\n", ":2:", "too many nested parentheses"),
        ("x = " + "-" * 20_000 + "1\n", ":1:1:", "too deeply nested for Python's parser"),
        ("x = 1\0\n", ":1:1:", "null bytes"),
    ],
    ids=["unclosed", "invalid", "3000 brackets", "20000 operators", "null byte"],
)
def test_a_file_python_cannot_parse_is_reported_as_such(
    text: str, where: str, message: str, tmp_path: Path
) -> None:
    """``check``: one KPL001 finding (exit 1); ``summary``: an error (exit 2)."""
    path = tmp_path / "broken.py"
    path.write_text("import keras\n" + text)  # check skips files that never mention Keras
    checked = run_cli("check", str(path))
    assert (checked.returncode, checked.stderr) == (1, "")
    (line,) = checked.stdout.splitlines()
    assert line.startswith(f"{path}{where}") and " KPL001 syntax error: " in line
    assert message in line
    summarized = run_cli("summary", str(path))
    assert summarized.returncode == 2
    assert summarized.stderr.splitlines() == [line.replace(" KPL001 ", " ")]


def test_a_syntax_error_does_not_stop_the_run(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("import keras\nx = (\n")
    clean = tmp_path / "clean.py"
    clean.write_text(CLEAN)
    done = run_cli("summary", str(broken), str(clean))
    assert done.returncode == 2
    assert done.stderr == f"{broken}:2:5: syntax error: '(' was never closed\n"
    assert done.stdout.startswith(f"{broken}: no Keras model found\n\n")
    assert f'Model: "sequential" ({clean}:3)' in done.stdout


SIDE_EFFECTS = """
import os
import pathlib
import shutil
import subprocess

import keras

open("by_open.txt", "w").write("x")
with open("by_with_open.txt", "w") as handle:
    handle.write("x")
pathlib.Path("by_pathlib.txt").write_text("x")
os.system("touch by_os_system.txt")
os.popen("touch by_os_popen.txt")
subprocess.run(["touch", "by_subprocess.txt"])
os.makedirs("by_makedirs")
shutil.copy(__file__, "by_shutil.py")
exec("open('by_exec.txt', 'w').write('x')")
eval("__import__('os').system('touch by_eval.txt')")
__import__("os").system("touch by_dunder_import.txt")
getattr(os, "system")("touch by_getattr.txt")
keras.utils.plot_model


def build():
    os.system("touch by_entry_function.txt")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.save("by_model_save.keras")
    return model
"""


@pytest.mark.parametrize("command", ["summary", "check"])
def test_the_linted_code_is_never_run(command: str, tmp_path: Path) -> None:
    source = tmp_path / "src" / "side_effects.py"
    source.parent.mkdir()
    source.write_text(SIDE_EFFECTS)
    work = tmp_path / "work"
    work.mkdir()
    done = run_cli(command, str(source), cwd=work)
    assert done.returncode in (0, 1), done.stderr
    assert sorted(p.name for p in work.iterdir()) == []
    assert sorted(p.name for p in source.parent.iterdir()) == ["side_effects.py"]
    if command == "summary":
        assert 'Model: "sequential"' in done.stdout


def test_no_crash_on_a_sample_of_real_python() -> None:
    """300 files of the installed standard library and site-packages, evenly spread."""
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "no_crash_corpus.py"), "--sample", "300",
         "--json"],
        capture_output=True,
        text=True,
        timeout=1800,
    )  # fmt: skip
    report = json.loads(done.stdout)
    assert report["files"] == 300
    assert report["crashes"] == {}
    assert done.returncode == 0
