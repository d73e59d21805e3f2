"""Every finding sits on the statement a person would change (an audit of each rule).

Each rule is given the kind of statement its findings belong on: the layer call or
its ``model.add`` for a fault in the model, the ``fit``/``predict`` call for data, the
comment (or docstring) for a stated number, the ``Model(...)`` call for the model as
a whole, the import for a module path. Each rule's INVALID examples must put every
finding on such a statement, and the ``model.add`` programs below, in the style of
real questions, must put it on the right ``add``.
"""

from __future__ import annotations

import ast
import io
import tokenize

import pytest

from kerasparam_lint.libraries.keras.catalogue import MERGE_FUNCTIONS
from kerasparam_lint.libraries.keras.data_fit import DATA_METHODS
from kerasparam_lint.libraries.keras.removed_api import (
    BACKEND_FUNCTIONS,
    GENERATOR_METHODS,
    OPTIMIZERS,
    PREDICTION_METHODS,
)
from kerasparam_lint.libraries.keras.signatures import ALIASES, SIGNATURES
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection
from kerasparam_lint.rules import RULES
from kerasparam_lint.rules.base import Invalid, Options, Rule

LAYER, DATA, COMMENT, MODEL, IMPORT, OPTIMIZER = (
    "layer call",
    "data call",
    "comment",
    "model call",
    "import",
    "optimizer or backend call",
)
WHERE = {
    "KPL101": LAYER,
    "KPL102": LAYER,
    "KPL103": LAYER,
    "KPL104": LAYER,
    "KPL105": LAYER,
    "KPL106": MODEL,
    "KPL107": LAYER,
    "KPL111": DATA,
    "KPL112": DATA,
    "KPL113": DATA,
    "KPL201": COMMENT,
    "KPL202": COMMENT,
    "KPL203": COMMENT,
    "KPL204": COMMENT,
    "KPL205": COMMENT,
    "KPL301": LAYER,
    "KPL302": MODEL,
    "KPL303": LAYER,
    "KPL304": LAYER,
    "KPL305": LAYER,
    "KPL306": DATA,
    "KPL307": OPTIMIZER,
    "KPL308": DATA,
    "KPL309": DATA,
    "KPL310": IMPORT,
    "KPL311": OPTIMIZER,
    "KPL401": LAYER,
    "KPL402": LAYER,
    "KPL403": DATA,
    "KPL404": DATA,
    "KPL491": MODEL,
}
# Where the parser stopped (KPL001) and the entry point that failed (KPL002) are no
# statement to change.
UNPLACED = {"KPL001", "KPL002"}

_LAYERS = {*SIGNATURES, *ALIASES, *MERGE_FUNCTIONS, "Input"}
_DATA = {*DATA_METHODS, *GENERATOR_METHODS, *PREDICTION_METHODS}


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def kinds_on(source: str, line: int) -> set[str]:
    """The kinds of statement that start, or hold a call, on ``line``."""
    tree = ast.parse(source)
    kinds: set[str] = set()
    layer_names = {  # `shared = layers.Dense(8)`: a call of `shared` calls the layer
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and _called(node.value) in _LAYERS
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno == line:
            kinds.add(IMPORT)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str) and node.lineno <= line <= node.end_lineno:
                kinds.add(COMMENT)  # a docstring
        if not isinstance(node, ast.Call) or node.lineno != line:
            continue
        name = _called(node)
        if name in _LAYERS or name in layer_names or name == "add":
            kinds.add(LAYER)
        if isinstance(node.func, ast.Call) and _called(node.func) in _LAYERS:
            kinds.add(LAYER)  # layers.Conv2D(8, 3)(x)
        if name in _DATA:
            kinds.add(DATA)
        if name in ("Model", "Sequential"):
            kinds.add(MODEL)
        if name in OPTIMIZERS or name in BACKEND_FUNCTIONS:
            kinds.add(OPTIMIZER)
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and token.start[0] == line:
            kinds.add(COMMENT)
    return kinds


def test_every_rule_has_a_place() -> None:
    assert {rule.CODE for rule in RULES} == set(WHERE) | UNPLACED


@pytest.mark.parametrize("rule", [r for r in RULES if r.CODE not in UNPLACED], ids=lambda r: r.CODE)
def test_findings_are_on_the_statement_to_change(rule: type[Rule]) -> None:
    for example in rule.INVALID:
        options = Options.from_mapping(example.options)
        found = lint_source(example.source, "example.py", Selection(select=(rule.CODE,)), options)
        assert found.findings
        for finding in found.findings:
            assert WHERE[rule.CODE] in kinds_on(example.source, finding.line), (
                finding,
                example.source,
            )


ADD_PROGRAMS = {
    "KPL102": """
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(layers.Conv2D(32, 3, input_shape=(8, 8, 1)))
        model.add(layers.MaxPooling2D(2))
        model.add(layers.Conv2D(64, 3))
        model.add(layers.Conv2D(64, 3))  # <--
        model.add(layers.Flatten())
        model.add(layers.Dense(64))
        model.add(layers.Dense(10, activation="softmax"))
        """,
    "KPL103": """
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(keras.Input((28, 28)))
        model.add(layers.Dense(32))
        model.add(layers.Conv2D(8, 3))  # <--
        model.add(layers.Flatten())
        model.add(layers.Dense(10))
        """,
    "KPL401": """
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(keras.Input((28, 28, 1)))
        model.add(layers.Conv2D(32, 3, activation="relu"))
        model.add(layers.MaxPooling2D(2))
        model.add(layers.Dense(10, activation="softmax"))  # <--
        """,
    "KPL402": """
        import keras
        from keras import layers

        model = keras.Sequential()
        model.add(keras.Input((28, 28, 1)))
        model.add(layers.Conv2D(8, 3, padding="same"))
        model.add(layers.MaxPooling2D())
        model.add(layers.MaxPooling2D())
        model.add(layers.MaxPooling2D())  # <--
        model.add(layers.UpSampling2D())
        model.add(layers.UpSampling2D())
        model.add(layers.UpSampling2D())
        model.add(layers.Conv2D(1, 3, padding="same"))
        """,
}


@pytest.mark.parametrize("code", sorted(ADD_PROGRAMS))
def test_a_fault_in_a_grown_sequential_is_on_its_add_line(code: str) -> None:
    example = Invalid(ADD_PROGRAMS[code])
    found = lint_source(example.source, "example.py").findings
    assert [(f.line, f.code) for f in found] == [(line, code) for line in example.expected_lines]
