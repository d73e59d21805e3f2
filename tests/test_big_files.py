"""Big files: a long top-level statement that makes no call never reaches libcst.

Its names are bound to an unknown value, on the same lines, so every position after it
stays right; what does not depend on it is analyzed exactly as before.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from kerasparam_lint.analysis import FileAnalysis, analyze_source
from kerasparam_lint.frontends.cli import main, summary_document
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.reports.model_rows import model_rows
from kerasparam_lint.source import parsing
from kerasparam_lint.source.from_ast import BIG_TEXT_CHARACTERS, module_from_ast
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


# Big texts are built from CPython's tree (kerasparam_lint/source/from_ast.py); forced
# here onto every fixture and keras.applications file, the reports must not change.
KERAS_SPEC = importlib.util.find_spec("keras")
KERAS_APPLICATIONS = (
    Path(KERAS_SPEC.origin).parent / "src" / "applications"
    if KERAS_SPEC is not None and KERAS_SPEC.origin
    else Path("fixtures", "none")
)


def _report(path: Path, big: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setattr(parsing, "BIG_TEXT_CHARACTERS", 0 if big else 10**12)
    parsing.SHARED.clear()
    source = path.read_text(encoding="utf-8")
    result = lint_source(source, str(path))
    analysis = result.analysis or FileAnalysis(str(path), source)
    document = summary_document(analysis, findings=result.findings)
    return {**document, "notes": analysis.notes, "problems": len(analysis.problems)}


@pytest.mark.parametrize(
    "path",
    sorted(Path("fixtures").rglob("*.py")) + sorted(KERAS_APPLICATIONS.glob("*.py")),
    ids=str,
)
def test_a_tree_built_from_cpythons_reports_what_libcsts_parse_does(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _report(path, True, monkeypatch) == _report(path, False, monkeypatch)


def test_a_generated_model_of_a_megabyte_is_exact_and_placed() -> None:
    """25,000 layers as a converter writes them (one call a line, each named), one line
    in a ``for`` loop that libcst parses on its own: the same numbers and lines."""
    kinds = ["Dense(32, name='d{i}')", "BatchNormalization(name='b{i}')", "Dropout(0.1)"]
    lines = ["import keras", "from keras import layers", "x = inputs = keras.Input((64,))"]
    lines += [f"x = layers.{kinds[i % 3].format(i=i)}(x)" for i in range(25_000)]
    lines += ["for _ in range(2):", "    x = layers.Dense(8)(x)", "model = keras.Model(inputs, x)"]
    lines += ["bad = keras.Input(784)"]
    source = "\n".join(lines) + "\n"
    assert len(source) > BIG_TEXT_CHARACTERS
    parsed = parse(source)
    assert len(parsed.call_positions) > 25_000  # built from CPython's tree
    (rows,) = [model_rows(model) for model in analyze_source(source, "big.py").models]
    first, dense, norm, loop = 64 * 32 + 32, 32 * 32 + 32, 4 * 32, (32 * 8 + 8) + (8 * 8 + 8)
    assert rows.total == first + 8_333 * dense + 8_333 * norm + loop == 9_868_688
    assert (len(rows.layers), rows.complete, rows.layers[-1].line) == (25_003, True, 25_005)
    findings = lint_source(source, "big.py").findings
    assert [(f.line, f.col, f.code) for f in findings] == [(25_007, 6, "KPL301")]


EXPRESSIONS = """\
a = b = -1 + 2 * 3 ** 4 // 5 % 6 - (7 << 1 >> 1 | 8 & 9 ^ 10) @ m
flags = not x and (y or z) and a < b <= c != d is not e in f not in g
value = [1, *rest], (2,), {3, 4}, {"k": 1.5e-3, **extra}, x[1:2:3][::2][k], b"\\x00"
call = f(1, *args, key="v'\\"", **kw)(g(x=1, *late)).attribute.method()
choice = x if y else None, True, False, ...
total += 1; other -= f(2)
"""


def _parses(path: Path) -> bool:
    try:
        ast.parse(path.read_text(encoding="utf-8"))
    except SyntaxError:  # the fixtures of lines Python cannot parse
        return False
    return True


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(Path("fixtures").rglob("*.py")) if _parses(p)] + [Path("expressions.py")],
    ids=str,
)
def test_the_built_tree_renders_the_same_python(path: Path) -> None:
    source = EXPRESSIONS if path.name == "expressions.py" else path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    module, _ = module_from_ast(tree, source)
    assert ast.dump(ast.parse(module.code)) == ast.dump(tree)
