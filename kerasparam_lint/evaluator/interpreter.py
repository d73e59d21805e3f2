"""The interpreter: executes statements and evaluates expressions abstractly.

It knows Python only; what a name from Keras, Lasagne or NumPy means it asks the
libraries (:mod:`kerasparam_lint.evaluator.library`). Control flow it can decide
is followed exactly; what it cannot decide is skipped and everything the skipped
code could have changed becomes UNKNOWN, so no later number is a guess. Hard
limits on steps, loop iterations and call depth keep every file bounded.
"""

from __future__ import annotations

import ast
from functools import cached_property
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.budget import StepBudget
from kerasparam_lint.evaluator.calls import Calls
from kerasparam_lint.evaluator.constants import is_constant
from kerasparam_lint.evaluator.control import (
    CONTROL_TRANSFERS,
    Break,
    BudgetExceeded,
    Continue,
    Return,
    Unreachable,
)
from kerasparam_lint.evaluator.expressions import Expressions
from kerasparam_lint.evaluator.imports import Imports
from kerasparam_lint.evaluator.library import CommandLine, Shared
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.evaluator.objects import LibraryValues
from kerasparam_lint.evaluator.project_modules import ProjectModules
from kerasparam_lint.evaluator.statements import Statements
from kerasparam_lint.evaluator.user_classes import UserClasses
from kerasparam_lint.evaluator.values import (
    Builtin,
    CallSite,
    Environment,
    KerasRef,
    Origin,
    UserFunction,
)
from kerasparam_lint.graph.model import Layer, Model, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.registry import plug_in
from kerasparam_lint.source.bound_names import Bindings, bindings
from kerasparam_lint.source.positions import Position, SourcePositions

__all__ = ["CONTROL_TRANSFERS", "BudgetExceeded", "Interpreter"]


class Interpreter(Statements, Expressions, Calls, Imports, LibraryValues, StepBudget):
    """Runs one module's code abstractly; the models it makes land in ``shared.models``.

    ``command_line`` gives options of the script values other than their defaults (by
    ``dest``), as ``python file.py --model cnn`` would.
    """

    def __init__(
        self,
        module: cst.Module,
        source: str,
        limits: Limits | None = None,
        syntax_tree: ast.Module | None = None,
        path: str | None = None,
        command_line: dict[str, Any] | None = None,
        call_positions: dict[int, Position] | None = None,
    ) -> None:
        self.module = module
        self.limits = limits or Limits()
        self.positions = SourcePositions(module, source, syntax_tree, call_positions)
        self.syntax_tree = syntax_tree
        self.shared = Shared(command_line=CommandLine(dict(command_line or {})))
        self.libraries = plug_in(self)
        self.project = ProjectModules(self, path)
        self.classes = UserClasses(self)
        self.globals = Environment(names={})
        self._init_budget()
        self.depth = 0
        self._statement: cst.CSTNode = module
        self.notes: list[tuple[int, str]] = []
        self.unread_imports = False
        # The origins of the unknown names the statement being assigned has read.
        self.origins_read: list[Origin] = []
        # (line, where the unknown value read there comes from), once each: why the
        # layers of that line are unknown, not a note of its own (a data loop reads a
        # `random` call thousands of times).
        self.origin_lines: dict[tuple[int, str], None] = {}
        # A snippet's free names: read as Keras' (in the order first used).
        self.assumed_names: dict[str, None] = {}
        # Every model ever bound to a module-level name, in order: a name bound in turn
        # to several models (`model = ...` twice) reports each.
        self.bound_models: dict[Model, None] = {}

    @cached_property
    def bindings(self) -> Bindings | None:
        """Every name the file binds anywhere; read only when a name is not found, so a
        file whose every name is bound never pays for the walk."""
        return bindings(self.syntax_tree) if self.syntax_tree is not None else None

    def site(self, node: cst.CSTNode) -> CallSite:
        line, col = self.positions.call(self._statement, node)
        return CallSite(line, col, node if isinstance(node, cst.Call) else None)

    def note(self, message: str) -> None:
        """Record why something became unknown (shown with ``--verbose``)."""
        line, _ = self.positions.statement(self._statement)
        self.notes.append((line, message))

    def read_origin(self, origin: Origin, node: cst.Name) -> None:
        """Record that ``node`` read an unknown value from an unread import, at the line of
        the call that holds it (the layer it is read for)."""
        self.origins_read.append(origin)
        line, _ = self.positions.enclosing_call(self._statement, node)
        self.origin_lines[line, origin.read_as(node.value)] = None

    def run_module(self) -> None:
        self.exec_block(self.module.body, self.globals)

    def run_imported_module(
        self, module: cst.Module, source: str, name: str, tree: ast.Module | None = None
    ) -> dict[str, Any]:
        """Run another file's module-level code (a project import); returns its globals."""
        env = Environment(names={"__name__": name})
        saved = self.positions, self._statement
        self.positions, self._statement = SourcePositions(module, source, tree), module
        try:
            self.exec_block(module.body, env)
        except (Return, Break, Continue, Unreachable):
            pass
        finally:
            self.positions, self._statement = saved
        return env.names

    def _truth(self, value: Any) -> Any:
        if value is UNKNOWN:
            return UNKNOWN
        if is_constant(value):
            try:
                return bool(value)
            except CannotKnow:
                return UNKNOWN
        if isinstance(value, (Layer, Tensor, UserFunction, Builtin, KerasRef)):
            return True
        return UNKNOWN

    def sequence(self, value: Any) -> Any:
        """A finite list of items from a tuple, list, range... or UNKNOWN."""
        items = self.iterate(value)
        if items is UNKNOWN:
            return UNKNOWN
        result = []
        for item in items:
            result.append(item)
            if len(result) > self.limits.max_collection_size:
                return UNKNOWN
        return result

    def iterate(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return iter(list(value))
        if isinstance(value, (range, str, dict, set, frozenset)):
            return iter(value)
        if isinstance(value, ArrayValue) and value.values is not None:
            return iter(value.values)
        return UNKNOWN
