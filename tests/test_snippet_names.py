"""Snippets without imports: names the file never binds are read as Keras'."""

from __future__ import annotations

import ast

import pytest

from kerasparam_lint.source.bound_names import bindings

SNIPPET = """\
model = Sequential()
model.add(Conv2D(8, 3, input_shape=(8, 8, 1)))
if False:
    from mylib import Dense
for Flatten in []:
    pass
def build(Dropout=None, *, Reshape=1):
    global Activation
    try:
        pass
    except ValueError as Lambda:
        pass
"""


def test_every_kind_of_binding_counts_even_later_or_never_run() -> None:
    found = bindings(ast.parse(SNIPPET))
    assert found.closed
    for name in (
        "model",
        "Dense",
        "Flatten",
        "build",
        "Dropout",
        "Reshape",
        "Activation",
        "Lambda",
    ):
        assert not found.never_bound(name), name
    assert found.never_bound("Sequential")
    assert found.never_bound("Conv2D")


@pytest.mark.parametrize(
    "line",
    ["from utils import *", "exec(code)", "globals()['Conv2D'] = f", "from . import *"],
)
def test_a_star_import_or_dynamic_binding_leaves_nothing_assumed(line: str) -> None:
    assert not bindings(ast.parse(line + "\nmodel = Sequential()\n")).never_bound("Sequential")


def test_a_star_import_from_keras_is_known() -> None:
    found = bindings(ast.parse("from keras.optimizers import *\nmodel = Sequential()\n"))
    assert found.never_bound("Sequential")
