"""KPL310: an import of a Keras 1/2 module path that Keras 3 no longer has."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from kerasparam_lint.libraries.keras.removed_api import removed_module
from kerasparam_lint.libraries.keras.signatures import ALIASES, SIGNATURES
from kerasparam_lint.lint.finding import Edit, Finding, Fix
from kerasparam_lint.rules.base import Context, Invalid, Rule, Valid
from kerasparam_lint.source.ast_walk import statements

# What ``try:`` handlers make a failing import harmless.
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
_MERGE_NAMES = (
    "concatenate",
    "add",
    "subtract",
    "multiply",
    "average",
    "maximum",
    "minimum",
    "dot",
)
_MERGE_FUNCTIONS = ", ".join(_MERGE_NAMES[:-1]) + f" and {_MERGE_NAMES[-1]}"


class RemovedModule(Rule):
    """
    ## What it does
    Flags imports of the Keras 1/2 module paths that Keras 3 removed:
    `keras.layers.convolutional`, `keras.layers.core`, `keras.layers.merge`,
    `keras.layers.recurrent` and the other layer submodules, `keras.utils.np_utils`,
    `keras.utils.vis_utils` and `keras.utils.data_utils`, naming the import to write.
    An import inside `try:` whose `except ImportError:` supplies a fallback is left
    alone.

    ## Why is this bad?
    Keras 3 exports every layer from `keras.layers` and every utility from
    `keras.utils` only: the import raises `ModuleNotFoundError` before any model is
    built.

    ## Example
    ```python
    from keras.layers.convolutional import Conv2D, MaxPooling2D
    from keras.utils import np_utils
    ```

    ## Use instead
    ```python
    from keras.layers import Conv2D, MaxPooling2D
    from keras.utils import to_categorical
    ```
    """

    CODE = "KPL310"
    MESSAGE = "import of a module that Keras 3 removed"
    VALID = (
        Valid(
            """
            from keras.layers import Conv2D, MaxPooling2D, concatenate
            from keras.utils import to_categorical

            try:
                from keras.layers.convolutional import Conv2D
            except ImportError:
                from keras.layers import Conv2D
            """
        ),
    )
    INVALID = (
        Invalid(
            """
            from keras.layers.convolutional import Conv2D, MaxPooling2D  # <--
            """,
            message="keras.layers.convolutional was removed in Keras 3; "
            "write `from keras.layers import Conv2D, MaxPooling2D`",
            fixed="""
            from keras.layers import Conv2D, MaxPooling2D
            """,
        ),
        Invalid(
            """
            from keras.utils.np_utils import to_categorical  # <--
            from keras.layers.merge import concatenate  # <--
            from keras.layers.merge import merge  # <--
            """,
            fixed="""
            from keras.utils import to_categorical
            from keras.layers import concatenate
            from keras.layers.merge import merge
            """,
        ),
        Invalid(
            """
            from keras.utils import np_utils  # <--
            """,
            message="keras.utils.np_utils was removed in Keras 3; its functions are in "
            "keras.utils (`keras.utils.to_categorical`)",
        ),
        Invalid(
            """
            from keras.layers import Input, merge  # <--
            """,
            message="keras.layers.merge was removed in Keras 3; merge(mode=...) became the "
            f"functions {_MERGE_FUNCTIONS} of keras.layers",
        ),
        Invalid(
            """
            import keras.layers.core as core  # <--
            """,
            message="keras.layers.core was removed in Keras 3; import keras.layers instead",
        ),
    )

    def check(self, context: Context) -> Iterator[Finding]:
        tree = context.analysis.syntax_tree
        if tree is None:
            return
        guarded = _guarded_imports(tree)
        for node in statements(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in guarded:
                message = _message(node)
                if message is not None:
                    fix = _fix(node, context) if isinstance(node, ast.ImportFrom) else None
                    yield self.finding(node.lineno, node.col_offset, message, fix)


# What Keras 3 still exports from the module the removed one's names moved to. A name
# that is not here (Keras 1's ``merge``, a module) has no one right import.
_EXPORTED = {
    # Every layer class, under its own name or an alias, but GroupedQueryAttention
    # (Keras exports that class as GroupQueryAttention only), and the merge functions.
    "keras.layers": (set(SIGNATURES) | set(ALIASES) | set(_MERGE_NAMES))
    - {"GroupedQueryAttention"},
    "keras.utils": {"to_categorical", "normalize", "plot_model", "model_to_dot", "get_file"},
}


def _fix(node: ast.ImportFrom, context: Context) -> Fix | None:
    """``from keras.layers.convolutional import Conv2D`` -> ``from keras.layers import
    Conv2D``, when Keras 3 exports every imported name there."""
    found = removed_module(node.module or "") if not node.level else None
    if found is None or found[0] != node.module:
        return None
    new = found[1]
    if any(alias.name not in _EXPORTED.get(new, ()) for alias in node.names):
        return None
    line = context.edits.lines[node.lineno - 1]
    start = context.edits.column(node.lineno, node.col_offset) - 1
    match = re.compile(rf"from\s+({re.escape(found[0])})\b").match(line, start)
    if match is None:
        return None
    edit = Edit(node.lineno, match.start(1) + 1, node.lineno, match.end(1) + 1, new)
    return Fix(f"Import from {new}", (edit,))


def _message(node: ast.Import | ast.ImportFrom) -> str | None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            found = removed_module(alias.name)
            if found is not None:
                old, new = found
                return f"{old} was removed in Keras 3; import {new} instead"
        return None
    if node.level or node.module is None:
        return None
    found = removed_module(node.module)
    if found is not None:
        old, new = found
        names = ", ".join(alias.name for alias in node.names)
        return f"{old} was removed in Keras 3; write `from {new} import {names}`"
    for alias in node.names:
        found = removed_module(f"{node.module}.{alias.name}")
        if found is not None:
            return _submodule_message(*found)
    return None


def _submodule_message(old: str, new: str) -> str:
    if old == "keras.layers.merge":
        return (
            f"{old} was removed in Keras 3; merge(mode=...) became the functions "
            f"{_MERGE_FUNCTIONS} of {new}"
        )
    if old == "keras.utils.np_utils":
        return f"{old} was removed in Keras 3; its functions are in {new} (`{new}.to_categorical`)"
    return f"{old} was removed in Keras 3; its names are in {new}"


def _guarded_imports(tree: ast.Module) -> set[int]:
    """The imports in a ``try:`` body that catches ImportError (a compatibility shim)."""
    guarded: set[int] = set()
    for node in statements(tree):
        if isinstance(node, ast.Try) and any(_catches_import(h) for h in node.handlers):
            for statement in node.body:
                guarded.update(id(inner) for inner in statements(statement))
    return guarded


def _catches_import(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(t, ast.Name) and t.id in _IMPORT_ERRORS for t in types)
