"""``kerasparam-lint rule CODE`` prints the rule's section of docs/rules.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rule_prints_its_reference_section(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "kpl101"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith('<a id="kpl101"></a>\n\n## KPL101: merge layer inputs')
    assert printed in RULES_MD.read_text(encoding="utf-8")
    assert "**Flagged**" in printed


def test_an_unknown_rule_names_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "KPL1O1"]) == 2
    assert capsys.readouterr().err == (
        "kerasparam-lint: rule: unknown rule selector 'KPL1O1'; did you mean 'KPL101'?\n"
    )
