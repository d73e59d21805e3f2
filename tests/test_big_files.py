"""Big files: a long top-level statement that makes no call never reaches libcst.

Its names are bound to an unknown value, on the same lines, so every position after it
stays right; what does not depend on it is analyzed exactly as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.frontends.cli import main
from kerasparam_lint.reports.model_rows import model_rows
from kerasparam_lint.source.parsing import ELIDED, INERT_STATEMENT_CHARACTERS, parse

ROW = "    [" + ", ".join(f"0.{i:06d}" for i in range(8)) + "],\n"
LITERAL = "DATA = [\n" + ROW * (2 * INERT_STATEMENT_CHARACTERS // len(ROW)) + "]\n"
LITERAL_LINES = LITERAL.count("\n")

MODEL = """\
import keras
from keras import layers

{literal}
features = keras.Input((len(DATA[0]),))
sized = keras.Model(features, layers.Dense(4)(features))
bad = keras.Input(784)
inputs = keras.Input((784,))
model = keras.Model(inputs, layers.Dense(10)(layers.Dense(64)(inputs)))
"""


def test_a_data_literal_is_elided_on_the_same_lines() -> None:
    source = MODEL.format(literal=LITERAL)
    parsed = parse(source)
    assert ELIDED in parsed.module.code and "0.000007" not in parsed.module.code
    assert parsed.text.count("\n") == source.count("\n")
    assert len(parsed.module.code) < 1_000


def test_what_does_not_use_it_is_exact_and_what_does_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = MODEL.format(literal=LITERAL)
    rows = [model_rows(model) for model in analyze_source(source, "big.py").models]
    assert [(r.name, r.total, r.complete) for r in rows] == [
        ("functional", None, False),  # its input's size is the literal's row length
        ("functional_1", 784 * 64 + 64 + 64 * 10 + 10, True),
    ]
    path = tmp_path / "big.py"
    path.write_text(source)
    assert main(["check", str(path)]) == 1
    line = 4 + LITERAL_LINES + 3  # `bad = keras.Input(784)`, under the literal
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:{line}:7: KPL301 [*] Input shape must be a tuple, got 784; write shape=(784,)"
    ]


@pytest.mark.parametrize(
    "literal",
    [
        LITERAL.replace("[\n", "np.array([\n", 1).replace("]\n", "])\n", 1),  # a call
        LITERAL.replace("    [", '    ["f(x)", ', 1),  # a string that reads as a call
        "DATA = [\n" + ROW * 10 + "]\n",  # short
    ],
)
def test_statements_that_may_call_or_are_short_are_kept(literal: str) -> None:
    source = MODEL.format(literal="import numpy as np\n" + literal)
    assert ELIDED not in parse(source).module.code
