"""The issue's proof: the founding U-Net's findings, and silence on clean Keras code."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from kerasparam_lint.annotate.rewrite import annotate_source
from kerasparam_lint.lint.finding import Severity
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.rules import RULES
from tests.keras_oracle import FIXTURES_DIR, ORACLE_FIXTURES, keras_summary
from tests.static_summary import comparable, static_models

_COUNT = re.compile(r"· ([1-9][\d,]*) params$", re.M)
EVERY_RULE = Selection(select=tuple(rule.CODE for rule in RULES))


def findings(path: Path) -> list[tuple[int, str]]:
    result = lint_source(path.read_text(encoding="utf-8"), str(path), EVERY_RULE)
    return [(f.line, f.code) for f in result.findings]


def test_unet_as_posted() -> None:
    assert findings(Path(FIXTURES_DIR) / "unet_as_posted.py") == [(10, "KPL301"), (45, "KPL302")]


def test_unet_as_posted_with_the_stated_kernel() -> None:
    path = Path(FIXTURES_DIR) / "unet_as_posted_3x3.py"
    assert findings(path) == [(10, "KPL301"), (27, "KPL201"), (45, "KPL302")]
    (kernel,) = [f for f in lint_source(path.read_text()).findings if f.code == "KPL201"]
    # Input(256,256,1) is read as its author meant it (KPL301 says Keras 3 rejects it);
    # the count depends only on the channels, 1024 in, 512 out.
    assert kernel.message == (
        "comment says 3x3 conv, but Conv2D has kernel_size 2x2: 2,097,664 params "
        "(a 3x3 kernel would give 4,719,104). Fix the comment or the kernel size."
    )


@pytest.mark.parametrize("name", ORACLE_FIXTURES)
def test_fixtures_keras_builds_have_no_findings(name: str) -> None:
    assert findings(Path(FIXTURES_DIR) / name) == []


def _applications() -> list[Path]:
    spec = importlib.util.find_spec("keras")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "src" / "applications"
    return sorted(folder.glob("*.py"))


@pytest.mark.parametrize("path", _applications(), ids=lambda p: p.name)
def test_keras_applications_have_no_findings(path: Path) -> None:
    assert findings(path) == []


def test_keras_applications_are_found() -> None:
    pytest.importorskip("keras")
    assert len(_applications()) >= 15


def test_no_error_findings_on_generated_models_keras_builds() -> None:
    """The generator's modules all run under Keras, so an error finding would be false."""
    from tests.model_generator import model_source_from_seed

    for seed in range(500):
        source = model_source_from_seed(seed)
        errors = [
            f
            for f in lint_source(source, f"seed_{seed}.py", EVERY_RULE).findings
            if f.severity is Severity.ERROR
        ]
        assert errors == [], (seed, errors)


@pytest.mark.parametrize("name", ORACLE_FIXTURES)
def test_annotated_fixtures_stay_silent(name: str) -> None:
    """``annotate`` writes true shapes and counts; the comment rules read them the same way."""
    path = Path(FIXTURES_DIR) / name  # a project fixture imports the files next to it
    annotated = annotate_source(path.read_text(), str(path))
    assert _COUNT.search(annotated)
    assert lint_source(annotated, str(path), EVERY_RULE).findings == []


# In unet_builder.py one line builds a layer per loop pass, each with its own count:
# no single count is true there, so a changed one is rightly not reported.
@pytest.mark.parametrize("name", [n for n in ORACLE_FIXTURES if n != "unet_builder.py"])
def test_a_changed_annotation_is_reported(name: str) -> None:
    path = Path(FIXTURES_DIR) / name
    lines = annotate_source(path.read_text(), str(path)).splitlines(True)
    index = next(i for i, line in enumerate(lines) if _COUNT.search(line))
    lines[index] = _COUNT.sub(
        lambda m: f"· {int(m[1].replace(',', '')) + 1:,} params", lines[index]
    )
    lied = lint_source("".join(lines), str(path), EVERY_RULE).findings
    assert [(f.line, f.code) for f in lied] == [(index + 1, "KPL203")]


def test_the_posted_hand_table_is_checked_against_the_code() -> None:
    """Seed 002's table, kept in the runnable U-Net's docstring: its four up-conv rows lie."""
    path = Path(FIXTURES_DIR) / "unet_hand_table.py"
    found = lint_source(path.read_text(), path.name, EVERY_RULE).findings
    assert [(f.line, f.col + 1, f.code) for f in found] == [
        (25, 1, "KPL205"),
        (30, 1, "KPL205"),
        (35, 1, "KPL205"),
        (40, 1, "KPL205"),
    ]
    assert found[0].message == (
        "table row conv2d_11 says kernel 3, 4,719,104 params; the code (Conv2D at line 68) "
        "gives kernel 2, 2,097,664 params. Update the table."
    )
    assert [f.message.split("gives ")[1] for f in found[1:]] == [
        "kernel 2, 524,544 params. Update the table.",
        "kernel 2, 131,200 params. Update the table.",
        "kernel 2, 32,832 params. Update the table.",
    ]


def test_keras_builds_the_hand_table_fixture_with_the_same_numbers() -> None:
    pytest.importorskip("keras")
    path = Path(FIXTURES_DIR) / "unet_hand_table.py"
    truth = keras_summary(str(path))
    assert "error" not in truth, truth.get("error")
    assert static_models(path.read_text(), path.name) == comparable(truth)


def test_annotated_generated_models_have_no_findings() -> None:
    """True comments on random valid models: no comment rule may read them as lies."""
    from tests.model_generator import model_source_from_seed

    for seed in range(200):
        source = annotate_source(model_source_from_seed(seed), f"seed_{seed}.py")
        assert lint_source(source, f"seed_{seed}.py", EVERY_RULE).findings == [], seed
