"""Real Keras confirms every rule example (the oracle for the rules).

An ``error`` rule's INVALID example must make Keras raise on the marked
statement; a ``warning`` rule's INVALID example, and every VALID example, must
build under Keras.
"""

from __future__ import annotations

import pytest

from kerasparam_lint.libraries.keras.activation_names import ACTIVATION_NAMES
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.rules import RULES
from kerasparam_lint.rules.base import Invalid, Rule
from tests.keras_oracle import keras_summary_many
from tests.keras_raises import keras_outcomes
from tests.static_summary import comparable, static_models

pytest.importorskip("keras")

CASES = [(rule, example) for rule in RULES for example in (*rule.INVALID, *rule.VALID)]
IDS = [
    f"{rule.CODE}-{type(example).__name__.lower()}-{index}"
    for rule in RULES
    for index, example in enumerate((*rule.INVALID, *rule.VALID))
]


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict]:
    results = keras_outcomes([example.source for _, example in CASES])
    return dict(zip(IDS, results, strict=True))


@pytest.mark.parametrize("case_id", IDS)
def test_keras_agrees(case_id: str, outcomes: dict[str, dict]) -> None:
    rule, example = CASES[IDS.index(case_id)]
    outcome = outcomes[case_id]
    if isinstance(example, Invalid) and rule.SEVERITY is Severity.ERROR:
        assert outcome["raised"], "Keras builds this code"
        assert outcome["line"] in example.expected_lines, outcome
    else:
        assert not outcome["raised"], outcome


def test_activation_names_are_keras_own() -> None:
    from keras.src import activations

    assert set(activations.ALL_OBJECTS_DICT) == ACTIVATION_NAMES


def _findings(rule: type[Rule], source: str) -> list[Finding]:
    return lint_source(source, "example.py", Selection(select=(rule.CODE,))).findings


BUILT = [
    (case_id, example.source)
    for case_id, (rule, example) in zip(IDS, CASES, strict=True)
    if not (isinstance(example, Invalid) and rule.SEVERITY is Severity.ERROR)
] + [
    # A fixed example must build, with the numbers the analyzer gives the fixed file
    # (unless it keeps an error no fix could resolve).
    (f"{case_id}-fixed", example.fixed_source)
    for case_id, (rule, example) in zip(IDS, CASES, strict=True)
    if isinstance(example, Invalid)
    and example.fixed_source is not None
    and not (rule.SEVERITY is Severity.ERROR and _findings(rule, example.fixed_source))
]


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("examples")
    paths = []
    for case_id, source in BUILT:
        path = folder / f"{case_id.replace('-', '_')}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))
    return dict(zip([c for c, _ in BUILT], keras_summary_many(paths), strict=True))


@pytest.mark.parametrize("case_id", [case_id for case_id, _ in BUILT])
def test_numbers_the_rules_rely_on_are_keras_own(case_id: str, summaries: dict[str, dict]) -> None:
    """Shapes and counts in messages and in VALID comments come from this summary."""
    source = dict(BUILT)[case_id]
    error = summaries[case_id].get("error", "")
    if "not implemented for NumPy backend" in error:  # a fixed fit() call: it trains
        pytest.skip("the NumPy backend cannot train")
    assert not error, summaries[case_id]
    assert static_models(source) == comparable(summaries[case_id])
