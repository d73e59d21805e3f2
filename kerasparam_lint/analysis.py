"""One file, start to finish: parse, evaluate, and collect the models it defines.

Models of ``entry == "module"`` are those bound to module-level names once the
module's code has run (in the order the names were first bound). Then each
top-level function that the module never calls and that needs no arguments is
evaluated with its defaults, in source order (name counters continue, as in one
Python process); the models it returns carry its name as ``entry``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from typing import Any

import libcst as cst

from kerasparam_lint.cst_walk import walk
from kerasparam_lint.evaluator.interpreter import BudgetExceeded, Interpreter, Limits
from kerasparam_lint.evaluator.keras_api import Problem
from kerasparam_lint.evaluator.values import UserFunction
from kerasparam_lint.graph import Model


@dataclass
class FileAnalysis:
    """Everything the evaluator found in one file."""

    path: str
    source: str
    models: list[Model] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    syntax_error: tuple[int, int, str] | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)


def analyze_source(
    source: str, path: str = "<string>", limits: Limits | None = None
) -> FileAnalysis:
    result = FileAnalysis(path, source)
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        result.syntax_error = (error.raw_line, error.raw_column, error.message)
        return result
    interp = Interpreter(module, source, limits)
    # Run as an imported module, so an `if __name__ == "__main__":` block is skipped.
    interp.globals.names["__name__"] = PurePath(path).stem
    _run(interp, interp.run_module, result)
    result.models.extend(_module_models(interp))
    for name, function in _entry_functions(module, interp):
        returned: list[Any] = []
        _run(interp, partial(_call_entry, interp, function, returned), result)
        value = returned[0] if returned else None
        for model in _models_in(interp.world.lasagne.networks({name: value})[name]):
            if all(model is not known for known in result.models):
                model.entry = name
                result.models.append(model)
    result.problems = interp.world.problems
    result.notes.extend(interp.notes)
    return result


def _run(interp: Interpreter, action: Any, result: FileAnalysis) -> None:
    try:
        action()
    except BudgetExceeded as error:
        result.notes.append((0, f"analysis stopped: {error}"))
        for model in interp.world.models:
            model.complete = False
    except Exception:  # the evaluator's own control flow escaping a block
        for model in interp.world.models:
            model.complete = False
        result.notes.append((0, "analysis of the module stopped early"))


def _call_entry(interp: Interpreter, function: UserFunction, returned: list[Any]) -> None:
    returned.append(interp.call_user_function(function, [], {}))


def _module_models(interp: Interpreter) -> list[Model]:
    models: list[Model] = []
    bound = interp.world.lasagne.networks(interp.globals.names)
    for value in [*bound.values(), *interp.world.lasagne.neural_nets]:
        if isinstance(value, Model) and all(value is not m for m in models):
            models.append(value)
    return models


def _models_in(value: Any) -> list[Model]:
    if isinstance(value, Model):
        return [value]
    if isinstance(value, (tuple, list)):
        return [m for item in value for m in _models_in(item)]
    return []


def _entry_functions(module: cst.Module, interp: Interpreter) -> list[tuple[str, UserFunction]]:
    candidates = []
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        function = interp.globals.names.get(statement.name.value)
        if not isinstance(function, UserFunction) or function.params is not statement.params:
            continue
        params = statement.params
        required = [
            p
            for p in (*params.posonly_params, *params.params, *params.kwonly_params)
            if p.default is None
        ]
        if not required:
            candidates.append((statement.name.value, function))
    if not candidates:
        return []
    used = _names_used_at_module_level(module)
    return [(name, function) for name, function in candidates if name not in used]


def _names_used_at_module_level(module: cst.Module) -> set[str]:
    return {
        node.value
        for statement in module.body
        if not isinstance(statement, (cst.FunctionDef, cst.ClassDef))
        for node in walk(statement, skip=(cst.FunctionDef, cst.ClassDef))
        if isinstance(node, cst.Name)
    }
