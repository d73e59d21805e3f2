"""Notebook, Python 2 and prose lines are read as blank; the rest of the file is analyzed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.source.unparsable_lines import blank_unparsable_lines

NOTEBOOK = """\
%matplotlib inline
!pip install -q keras
import keras
from keras import layers

This cell defines the model
model = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
for layer in model.layers:
    print layer.name
print "done"
"""


def test_each_kind_of_line_is_blanked_keeping_every_position() -> None:
    blanked = blank_unparsable_lines(NOTEBOOK)
    assert blanked is not None
    assert blanked.lines == (1, 2, 6, 9, 10)
    lines = blanked.text.split("\n")
    assert lines[0] == lines[1] == lines[5] == lines[9] == ""
    assert lines[8] == "    pass"  # the loop keeps its body
    original = NOTEBOOK.split("\n")
    assert [lines[i] for i in (2, 3, 6, 7)] == [original[i] for i in (2, 3, 6, 7)]


def test_the_model_is_summarized_and_the_first_error_is_kpl001() -> None:
    analysis = analyze_source(NOTEBOOK, "nb.py")
    (model,) = analysis.models
    assert [(layer.line, layer.class_name) for layer in model.layers] == [(7, "Dense")]
    assert analysis.syntax_error is None
    findings = lint_source(NOTEBOOK, "nb.py").findings
    assert [(f.code, f.line, f.col, f.message) for f in findings] == [
        ("KPL001", 1, 0, "syntax error: invalid syntax")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "import keras\nx = (\n",  # an unclosed bracket is no statement of its own
        "import keras\nwhile True\n    pass\n",  # a missing colon, not prose
        "import keras\n%time model = keras.Sequential()\nx = [\n",  # an error remains
    ],
    ids=["unclosed", "missing colon", "error after a magic"],
)
def test_other_errors_leave_the_file_unparsable(text: str) -> None:
    analysis = analyze_source(text, "bad.py")
    assert analysis.syntax_error is not None
    assert analysis.models == []
    assert [f.code for f in lint_source(text, "bad.py").findings] == ["KPL001"]


def test_summary_prints_the_table_and_a_note(tmp_path: Path) -> None:
    path = tmp_path / "nb.py"
    path.write_text(NOTEBOOK)
    done = subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "summary", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "Total params: 36 (144.00 B)" in done.stdout
    assert done.stderr == (
        f"{path}:1:1: note: syntax error: invalid syntax; read as blank: lines 1, 2, 6, 9, 10\n"
    )
