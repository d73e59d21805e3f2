"""Which names a file binds anywhere: what a pasted snippet leaves to its reader.

Code from a question or a tutorial often has no imports (``model = Sequential()``).
A name the file never binds, by any statement in any scope, even later or in a
branch never taken, can only come from the imports the author left out; any binding
at all means it is the file's own. A star import of a module other than Keras', or
code that binds names dynamically (``exec``, ``globals()``), could bind anything, so
then nothing is left to the reader.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_KERAS_ROOTS = ("keras", "tensorflow.keras", "tensorflow.python.keras", "tf_keras")
_DYNAMIC_BINDERS = frozenset({"exec", "globals", "locals", "vars", "__import__", "setattr"})


@dataclass(frozen=True)
class Bindings:
    names: frozenset[str]
    # False when an opaque star import or a dynamic binder may bind any name.
    closed: bool

    def never_bound(self, name: str) -> bool:
        return self.closed and name not in self.names


def bindings(tree: ast.Module) -> Bindings:
    names: set[str] = set()
    closed = True
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                names.add(node.id)
            elif node.id in _DYNAMIC_BINDERS:
                closed = False
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    closed = closed and _keras_module(node)
                else:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            names.add(node.rest)
    return Bindings(frozenset(names), closed)


def _keras_module(node: ast.Import | ast.ImportFrom) -> bool:
    """A star import whose names the analyzer knows (Keras' own modules)."""
    if not isinstance(node, ast.ImportFrom) or node.level or node.module is None:
        return False
    return any(node.module == root or node.module.startswith(root + ".") for root in _KERAS_ROOTS)
