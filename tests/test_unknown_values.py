"""No finding comes from an unknown value.

Every rule's INVALID examples are run again with each literal in turn replaced by a
name the file never binds (so its value is unknown): each finding must be one the
original file gave (same line and code; its message may say less), where the rest of
the file still proves it, or be gone. And no message shows an unknown value (``?``).
"""

from __future__ import annotations

import ast

import pytest

from kerasparam_lint.lint.certainty import shows_unknown
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.rules import RULES
from kerasparam_lint.rules.base import Invalid, Options

ALL_RULES = Selection(select=tuple(rule.CODE for rule in RULES))
UNKNOWN_NAME = "value_from_elsewhere"

EXAMPLES = [
    pytest.param(example, id=f"{rule.CODE}-invalid-{index}")
    for rule in RULES
    if rule.NEEDS_PARSE
    for index, example in enumerate(rule.INVALID)
]


def _findings(source: str, example: Invalid) -> set[tuple[int, str]]:
    options = Options.from_mapping(example.options)
    found = lint_source(source, "example.py", ALL_RULES, options, honour_noqa=False).findings
    assert not [f.message for f in found if "?" in f.message and "did you mean" not in f.message]
    return {(f.line, f.code) for f in found}


def _literals(tree: ast.Module) -> list[ast.Constant]:
    """Every literal of the code: not docstrings, not the pieces of an f-string."""
    skipped = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in ast.walk(node))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in skipped
    ]


def _replaced(source: str, literal: ast.Constant) -> str:
    lines = source.splitlines(keepends=True)
    assert literal.end_lineno is not None and literal.end_col_offset is not None
    start = sum(len(line) for line in lines[: literal.lineno - 1]) + literal.col_offset
    end = sum(len(line) for line in lines[: literal.end_lineno - 1]) + literal.end_col_offset
    return source[:start] + UNKNOWN_NAME + source[end:]


@pytest.mark.parametrize("example", EXAMPLES)
def test_an_unknown_literal_keeps_the_finding_or_removes_it(example: Invalid) -> None:
    source = example.source
    original = _findings(source, example)
    assert original
    for literal in _literals(ast.parse(source)):
        mutated = _replaced(source, literal)
        extra = _findings(mutated, example) - original
        assert not extra, f"{ast.unparse(literal)} unknown:\n{mutated}"


def test_a_message_showing_an_unknown_value_is_no_finding() -> None:
    assert shows_unknown("input_shape must be a tuple, got ?; write (?,)")
    assert shows_unknown("Dense on (None, ?, 3)")
    assert not shows_unknown("Conv2D has no argument `kernal_size`; did you mean `kernel_size`?")


def test_an_unknown_input_shape_is_no_finding() -> None:
    source = (
        "import numpy as np\n"
        "from keras.models import Sequential\n"
        "from keras.layers import Conv2D\n"
        "img = np.load('x.npy')\n"
        "model = Sequential()\n"
        "model.add(Conv2D(4, 3, input_shape=img[0].shape))\n"
    )
    assert lint_source(source).findings == []
