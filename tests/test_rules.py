"""Every rule's own examples are its tests: one test per VALID / INVALID example.

An INVALID example must give exactly the findings marked ``# <--`` (and the
message, when the example states it); a VALID example must give no finding from
any rule. Real Keras confirms the examples in ``test_rules_keras.py``.
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from kerasparam_lint.lint.fixing import fix_source
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.rules import RULES
from kerasparam_lint.rules.base import Invalid, Options, Rule, Valid
from kerasparam_lint.rules.kpl002_internal_error import InternalError

ROOT = Path(__file__).resolve().parent.parent
ALL_RULES = Selection(select=tuple(rule.CODE for rule in RULES))

EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.CODE}-{type(example).__name__.lower()}-{index}")
    for rule in RULES
    for index, example in enumerate((*rule.INVALID, *rule.VALID))
]


def findings(example: Valid, selection: Selection) -> list:
    options = Options.from_mapping(example.options)
    return lint_source(example.source, "example.py", selection, options).findings


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule: type[Rule], example: Valid) -> None:
    if isinstance(example, Invalid):
        found = findings(example, Selection(select=(rule.CODE,)))
        assert [f.line for f in found] == example.expected_lines, found
        assert all(f.code == rule.CODE and f.severity == rule.SEVERITY for f in found)
        if example.message is not None:
            assert found[0].message == example.message
        # A rule that offers a fix on an example states the fixed file, and only then.
        assert (example.fixed is not None) == any(f.fix is not None for f in found), found
    else:
        assert findings(example, ALL_RULES) == []


FIXED = [
    pytest.param(rule, example, id=f"{rule.CODE}-invalid-{index}")
    for rule in RULES
    for index, example in enumerate(rule.INVALID)
    if example.fixed is not None
]


@pytest.mark.parametrize(("rule", "example"), FIXED)
def test_fixes_give_the_stated_file(rule: type[Rule], example: Invalid) -> None:
    """Safe and unsafe fixes together give ``fixed``, where the rule reports only what
    had no fix; fixing that again changes nothing."""
    selection = Selection(select=(rule.CODE,))
    options = Options.from_mapping(example.options)
    found = findings(example, selection)
    outcome = fix_source(example.source, "example.py", selection, options, unsafe=True)
    assert outcome.source == example.fixed_source
    assert sorted(f.message for f in outcome.fixed) == sorted(f.message for f in found if f.fix)
    unfixed = [f.message for f in found if f.fix is None]
    assert [f.message for f in outcome.result.findings] == unfixed
    again = fix_source(outcome.source, "example.py", selection, options, unsafe=True)
    assert again.source == outcome.source and again.fixed == []


@pytest.mark.parametrize("rule", RULES, ids=[rule.CODE for rule in RULES])
def test_rule_is_documented_and_exemplified(rule: type[Rule]) -> None:
    doc = inspect.getdoc(rule) or ""
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in doc, f"{rule.CODE} docstring lacks {section!r}"
    # An internal error is a bug to fix, so no file exemplifies KPL002 for good:
    # tests/test_internal_error.py forces one instead.
    assert (rule.INVALID or rule is InternalError) and rule.VALID
    module = importlib.import_module(rule.__module__)
    assert module.__name__.rsplit(".", 1)[-1].startswith(rule.CODE.lower() + "_")


def test_codes_are_unique_and_ordered() -> None:
    codes = [rule.CODE for rule in RULES]
    assert codes == sorted(set(codes))


def test_rule_reference_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "document_rules.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
