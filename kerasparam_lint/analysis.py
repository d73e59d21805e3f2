"""One file, start to finish: parse, evaluate, and collect the models it defines.

Models of ``entry == "module"`` are those bound to module-level names once the
module's code has run (in the order the names were first bound). Then each
top-level function that the module never calls and that needs no arguments is
evaluated with its defaults, in source order (name counters continue, as in one
Python process); the models it returns carry its name as ``entry``. Last, the
``if __name__ == "__main__":`` block runs as ``python file.py`` runs it (``entry ==
"__main__"``), once per reading of the command-line options its branches may tell
apart, each reading in a run of the whole file of its own.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from typing import Any

import libcst as cst

from kerasparam_lint.evaluator.interpreter import CONTROL_TRANSFERS, BudgetExceeded, Interpreter
from kerasparam_lint.evaluator.library import OptionRead, Problem
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.evaluator.user_instances import Instance, UserClass
from kerasparam_lint.evaluator.values import UserFunction
from kerasparam_lint.graph.data_calls import DataCall
from kerasparam_lint.graph.model import Model
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.source.collector import fewer_collections, outside_the_collector
from kerasparam_lint.source.cst_walk import walk
from kerasparam_lint.source.parsing import SHARED, BeyondLibcst, Parsed, Unparsable
from kerasparam_lint.source.unparsable_lines import blank_unparsable_lines


@dataclass(frozen=True)
class Failure:
    """The evaluator itself failed on one entry point (a fault of this tool: KPL002).

    ``subject`` names what was being evaluated (``"build_model()"``, ``"the module's
    code"``); its models are incomplete, and the other entry points are still run.
    """

    line: int
    col: int  # 0-based
    subject: str
    reason: str


@dataclass
class FileAnalysis:
    """Everything the evaluator found in one file."""

    path: str
    # The text analyzed: the file's, with long top-level statements that make no call
    # elided on the same lines (``source.parsing.without_inert_statements``).
    source: str
    models: list[Model] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data_calls: list[DataCall] = field(default_factory=list)
    syntax_error: tuple[int, int, str] | None = None
    # Lines Python cannot parse that were read as blank (notebook magics, Python 2
    # ``print``, prose), and Python's first error among them: the rest was analyzed.
    blanked_lines: tuple[int, ...] = ()
    blanked_error: tuple[int, int, str] | None = None
    # Names the file never binds that were read as Keras' (a snippet without imports).
    assumed_names: tuple[str, ...] = ()
    # Command-line options the script read at their defaults (``("--hidden", 256)``);
    # the options its branches tell apart name the entries of their models instead.
    assumed_options: tuple[tuple[str, Any], ...] = ()
    notes: list[tuple[int, str]] = field(default_factory=list)
    # (line, where the unknown value read there comes from: an import the analysis cannot
    # read), once each; ``summary --verbose`` gives it as the reason of that line's ``?``.
    unknown_origins: list[tuple[int, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    # Set when a limit stopped the analysis: ``analysis stopped: more than ... steps``.
    stopped: str | None = None
    # The other files the analysis read (project modules, Keras' applications): a cached
    # result is only as fresh as they are.
    dependencies: list[str] = field(default_factory=list)
    # CPython's tree of the same text, parsed once here and read again by the rules.
    syntax_tree: ast.Module | None = None


@fewer_collections()
def analyze_source(
    source: str,
    path: str = "<string>",
    limits: Limits | None = None,
    model_call: str | None = None,
) -> FileAnalysis:
    """Analyze one file; with ``model_call`` (``"VGG16"`` or ``"VGG16(include_top=False)"``)
    report only the models that call of a top-level function returns."""
    result = FileAnalysis(path, source)
    text = source
    try:
        parsed = SHARED.parse(source)
    except BeyondLibcst as error:  # valid Python: said once (KPL002), nothing analyzed
        reason = f"libcst cannot parse this valid Python ({error.message})"
        result.failures.append(Failure(error.line, error.column, "the file", reason))
        return result
    except Unparsable as error:
        blanked = blank_unparsable_lines(source)
        try:
            if blanked is None:
                raise error
            parsed = SHARED.parse(blanked.text)
        except Unparsable:
            result.syntax_error = (error.line, error.column, error.message)
            return result
        text, result.blanked_lines = blanked.text, blanked.lines
        result.blanked_error = (error.line, error.column, error.message)
    result.syntax_tree = parsed.tree
    if parsed.text is not text:  # long statements that make no call, elided
        text = result.source = parsed.text
    with outside_the_collector():
        _evaluate(parsed, text, limits, result, model_call)
    return result


def _evaluate(
    parsed: Parsed,
    source: str,
    limits: Limits | None,
    result: FileAnalysis,
    model_call: str | None,
) -> None:
    module, tree = parsed.module, parsed.tree
    interp = _interpreter(parsed, source, limits, result.path, {})
    script_reads: list[OptionRead] = []
    try:
        script_reads = _evaluate_entries(interp, module, tree, result, model_call)
    finally:
        _collect(interp, result)
    reads = list(interp.shared.command_line.read.values())
    forked: set[str] = set()
    if any(read.alternatives for read in script_reads):
        runs = _Runs(parsed, source, limits or Limits())
        forked = _follow_readings(runs, result, script_reads, reads)
    result.assumed_options = _assumed_options(reads, forked)


def _interpreter(
    parsed: Parsed, source: str, limits: Limits | None, path: str, given: dict[str, Any]
) -> Interpreter:
    interp = Interpreter(
        parsed.module,
        source,
        limits,
        syntax_tree=parsed.tree,
        path=path,
        command_line=given,
        call_positions=parsed.call_positions,
    )
    # Run as an imported module, so an `if __name__ == "__main__":` block is skipped.
    interp.globals.names["__name__"] = PurePath(path).stem
    return interp


def _collect(interp: Interpreter, result: FileAnalysis) -> None:
    result.problems = interp.shared.problems
    result.assumed_names = tuple(sorted(interp.assumed_names))
    result.data_calls = interp.shared.data_calls
    result.notes.extend(interp.notes)
    result.unknown_origins.extend(interp.origin_lines)
    result.dependencies = [str(file) for file in interp.project.files_read()]


@dataclass(frozen=True)
class _Runs:
    """What each run of the file starts from."""

    parsed: Parsed
    source: str
    limits: Limits


@dataclass
class _Reading:
    """One run of the script: the options it read that its branches tell apart, the
    models its ``__main__`` block built, and the run it reads one option otherwise than."""

    forked: list[OptionRead]
    models: list[Model]
    parent: int | None = None
    changed: str | None = None

    @property
    def possible(self) -> bool:
        """False without an option the command line must give: argparse stops the run."""
        return all(read.value is not UNKNOWN for read in self.forked)

    @property
    def values(self) -> dict[str, str]:
        return {read.dest: repr(read.value) for read in self.forked}

    def tables(self) -> list[str] | None:
        return [_table(model) for model in self.models] if self.possible else None


def _follow_readings(
    runs: _Runs, result: FileAnalysis, first: list[OptionRead], reads: list[OptionRead]
) -> set[str]:
    """Run the file again for each other reading of the options its ``__main__`` block
    may tell apart (``args.model == "cnn"``, ``choices=``), as ``python file.py --model
    cnn`` would, and report the models each run builds in that block, each named by its
    reading. Adds the options those runs read to ``reads``; returns those that name
    entries (by ``dest``).

    A reading needs a run of its own (another value may pick other branches, read other
    options, build other layer names), so at most ``max_command_line_readings`` runs are
    made. A run that builds no model reports nothing; one where an option the command
    line must give was not given is no run the script can make. An option whose readings
    all build the same tables (``--optimizer``) names no entry and reads as its default.
    """
    main_models = [model for model in result.models if model.entry == "__main__"]
    result.models = [model for model in result.models if model.entry != "__main__"]
    readings = [_Reading([read for read in first if read.alternatives], main_models)]
    tried: list[dict[str, Any]] = [{}]
    pending = [(given, 0, dest) for given, dest in _other_readings({}, readings[0].forked)]
    while pending and len(tried) < runs.limits.max_command_line_readings:
        given, parent, changed = pending.pop(0)
        tried.append(given)
        run = FileAnalysis(result.path, runs.source)
        interp = _interpreter(runs.parsed, runs.source, runs.limits, run.path, given)
        try:
            parsed = runs.parsed
            script_reads = _evaluate_entries(interp, parsed.module, parsed.tree, run, None)
        finally:
            _collect(interp, run)
        reads += interp.shared.command_line.read.values()
        main_models = [model for model in run.models if model.entry == "__main__"]
        reading = _Reading([read for read in script_reads if read.alternatives], main_models)
        if any(reading.values == known.values for known in readings):
            continue
        reading.parent, reading.changed = parent, changed
        readings.append(reading)
        _merge_findings(run, result)
        queued = [item[0] for item in pending]
        pending += [
            (other, len(readings) - 1, dest)
            for other, dest in _other_readings(given, reading.forked)
            if other not in queued and other not in tried
        ]
    if pending:
        limit = runs.limits.max_command_line_readings
        result.notes.append(
            (
                0,
                f"{len(pending)} more command-line readings not run (max-command-line-readings"
                f" = {limit})",
            )
        )
    return _report_readings(result, readings)


def _report_readings(result: FileAnalysis, readings: list[_Reading]) -> set[str]:
    """Each possible reading's models, named by the options that change what is built;
    returns those options."""
    deciding = _deciding_options(readings)
    shown: list[tuple[str, list[str] | None]] = []
    for reading in readings:
        if not reading.possible:
            continue
        named = [read for read in reading.forked if read.dest in deciding]
        condition = " and ".join(f"{read.spelling} == {read.value!r}" for read in named)
        if (condition, reading.tables()) in shown:
            continue
        shown.append((condition, reading.tables()))
        for model in reading.models:
            model.condition = condition or None
            result.models.append(model)
    return deciding


def _deciding_options(readings: list[_Reading]) -> set[str]:
    """The options that, read otherwise with every other option read the same, give other
    tables (or make a run possible)."""
    deciding: set[str] = set()
    for reading in readings:
        if reading.parent is not None and reading.changed is not None:
            if reading.tables() != readings[reading.parent].tables():
                deciding.add(reading.changed)
        for other in readings:
            values, others = reading.values, other.values
            differing = [d for d in values if others.get(d) != values[d]]
            if values.keys() == others.keys() and len(differing) == 1:
                if reading.tables() != other.tables():
                    deciding.add(differing[0])
    return deciding


def _table(model: Model) -> str:
    """What a model's summary shows, to tell the models of two readings apart."""
    layers = [
        (layer.class_name, layer.name, layer.line, repr(layer.output_shape), repr(layer.counts()))
        for layer in model.children()
    ]
    return repr((model.class_name, model.name, model.line, repr(model.counts()), layers))


def _other_readings(
    given: dict[str, Any], forked: list[OptionRead]
) -> list[tuple[dict[str, Any], str]]:
    """``given`` with one more option read otherwise than this run read it (and which)."""
    return [
        ({**given, read.dest: value}, read.dest)
        for read in forked
        if read.dest not in given
        for value in read.alternatives
        if read.value is UNKNOWN or value != read.value
    ]


def _merge_findings(run: FileAnalysis, result: FileAnalysis) -> None:
    """What another reading's run found, once: its problems, fits, notes, origins of
    unknowns and failures."""
    result.problems += [p for p in run.problems if p not in result.problems]
    result.data_calls += run.data_calls
    result.notes += [note for note in run.notes if note not in result.notes]
    result.unknown_origins = list(dict.fromkeys([*result.unknown_origins, *run.unknown_origins]))
    result.failures += [f for f in run.failures if f not in result.failures]


def _assumed_options(reads: list[OptionRead], forked: set[str]) -> tuple[tuple[str, Any], ...]:
    """The options read at their defaults (each once): those that name no entry."""
    assumed: dict[str, Any] = {}
    for read in reads:
        if read.dest not in forked and read.value is not UNKNOWN:
            assumed.setdefault(read.flag, read.value)
    return tuple(assumed.items())


def _evaluate_entries(
    interp: Interpreter,
    module: cst.Module,
    tree: ast.Module,
    result: FileAnalysis,
    model_call: str | None,
) -> list[OptionRead]:
    """Every entry point in turn; returns the command-line options first read by the
    ``__main__`` block."""
    _run(interp, interp.run_module, result, "the module's code", (1, 0))
    if model_call is not None:
        _evaluate_model_call(interp, model_call, tree, result)
        return []
    result.models.extend(_module_models(interp))
    main_blocks = [statement for statement in module.body if _is_main_guard(statement)]
    for name, function in _entry_functions(module, interp, main_blocks):
        returned: list[Any] = []
        entry = partial(_call_entry, interp, function, returned)
        _run(interp, entry, result, f"{name}()", _definition(tree, name))
        value = returned[0] if returned else None
        for model in _models_in(interp.networks({name: value})[name]):
            if all(model is not known for known in result.models):
                model.entry = name
                result.models.append(model)
    read_before = len(interp.shared.command_line.read)
    for block in main_blocks:
        _run_as_script(interp, block, result)
    return list(interp.shared.command_line.read.values())[read_before:]


def _run_as_script(interp: Interpreter, block: cst.If, result: FileAnalysis) -> None:
    """The ``if __name__ == "__main__":`` block, run as ``python file.py`` runs it: every
    model it builds, directly or in the functions and classes it calls, in the order
    built (``entry: "__main__"``). A ``raise`` or ``sys.exit()`` ends the run there."""
    built_before = len(interp.shared.models)
    interp.globals.names["__name__"] = "__main__"
    line, col = interp.positions.statement(block)
    _run(interp, partial(_script_block, interp, block), result, "the __main__ block", (line, col))
    for model in interp.shared.models[built_before:]:
        if all(model is not known for known in result.models):
            model.entry = "__main__"
            result.models.append(model)


def _script_block(interp: Interpreter, block: cst.If) -> None:
    try:
        interp.exec_block(block.body.body, interp.globals)
    except CONTROL_TRANSFERS:
        return


def _run(
    interp: Interpreter,
    action: Any,
    result: FileAnalysis,
    subject: str,
    position: tuple[int, int],
) -> None:
    try:
        action()
    except BudgetExceeded as error:
        result.stopped = f"analysis stopped: {error}"
        result.notes.append((0, result.stopped))
        for model in interp.shared.models:
            model.complete = False
            model.stopped = model.stopped or result.stopped
    except CONTROL_TRANSFERS:  # the module's own top-level `raise` (or a stray `return`)
        for model in interp.shared.models:
            model.complete = False
        result.notes.append((0, "analysis of the module stopped early"))
    except Exception as error:  # a fault of the evaluator: this entry is lost, not the file
        for model in interp.shared.models:
            model.complete = False
        result.failures.append(Failure(*position, subject, _reason(error)))


def _reason(error: Exception) -> str:
    """``KeyError: 'x'`` on one line, whatever the exception's text holds."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _definition(tree: ast.Module, name: str) -> tuple[int, int]:
    """Where the file's top-level ``def name`` starts (the file's start when none does)."""
    found = [
        (node.lineno, node.col_offset)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name
    ]
    return found[-1] if found else (1, 0)


class ModelCallError(ValueError):
    """``--model`` names something the file does not define as a function."""


def _evaluate_model_call(
    interp: Interpreter, model_call: str, tree: ast.Module, result: FileAnalysis
) -> None:
    """Evaluate ``--model`` in the module's namespace, after the module's code has run,
    and report every model it builds (and any it returns), in the order built, except
    the models that what it returns holds as layers.

    It is a top-level function (``VGG16``, ``VGG16(include_top=False)``, called with
    ``weights=None`` unless given: the analysis never loads weights), a class's builder
    (``ResnetBuilder.build_resnet_18((3, 32, 32), 10)``), or an attribute of an instance
    (``GAN().combined``); its arguments may name the module's values.
    """
    try:
        expression = cst.parse_expression(model_call)
    except cst.ParserSyntaxError as error:
        raise ModelCallError(f"--model {model_call!r} is not a Python expression") from error
    root = _root_name(expression)
    if root is None:
        raise ModelCallError(
            f"--model {model_call!r}: expected NAME, NAME(arguments), "
            "Class.method(arguments) or Class(arguments).attribute"
        )
    if not isinstance(interp.globals.names.get(root), (UserFunction, UserClass)):
        raise ModelCallError(f"{result.path} defines no function or class {root!r}")
    callee = expression.func if isinstance(expression, cst.Call) else expression
    entry = cst.Module([]).code_for_node(callee)
    built_before = len(interp.shared.models)
    returned: list[Any] = []
    evaluate = partial(_evaluate_expression, interp, expression, returned)
    _run(interp, evaluate, result, f"{entry}()", _definition(tree, root))
    value = returned[0] if returned else None
    asked_for = _models_in(interp.networks({entry: value})[entry])
    inside = {id(model) for outer in asked_for for model in _nested_models(outer)}
    built = [model for model in interp.shared.models[built_before:] if id(model) not in inside]
    for model in [*built, *asked_for]:
        if all(model is not known for known in result.models):
            model.entry = entry
            result.models.append(model)


def _nested_models(model: Model) -> list[Model]:
    """The models a model holds as layers, at any depth: a part of what ``--model`` asked
    for (ConvNeXt's stem ``Sequential``) is in its table already, not a model of its own."""
    nested: list[Model] = []
    for layer in model.children():
        if isinstance(layer, Model):
            nested += [layer, *_nested_models(layer)]
    return nested


def _root_name(expression: cst.BaseExpression) -> str | None:
    """``ResnetBuilder`` in ``ResnetBuilder.build(...)`` or ``GAN(...).combined``."""
    while True:
        if isinstance(expression, cst.Name):
            return expression.value
        if isinstance(expression, cst.Call):
            expression = expression.func
        elif isinstance(expression, cst.Attribute):
            expression = expression.value
        else:
            return None


def _evaluate_expression(
    interp: Interpreter, expression: cst.BaseExpression, returned: list[Any]
) -> None:
    """A function named alone is called without arguments; a call to a function that
    takes ``weights`` gets ``weights=None`` unless it says otherwise."""
    call = expression if isinstance(expression, cst.Call) else None
    function = interp.eval(expression if call is None else call.func, interp.globals)
    if not isinstance(function, UserFunction):
        returned.append(function if call is None else interp.eval(call, interp.globals))
        return
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for arg in call.args if call is not None else ():
        value = interp.eval(arg.value, interp.globals)
        if arg.keyword is None:
            args.append(value)
        else:
            kwargs[arg.keyword.value] = value
    names = {p.name.value for p in (*function.params.params, *function.params.kwonly_params)}
    if "weights" in names and "weights" not in kwargs:
        kwargs["weights"] = None
    returned.append(interp.call_user_function(function, args, kwargs))


def _call_entry(interp: Interpreter, function: UserFunction, returned: list[Any]) -> None:
    returned.append(interp.call_user_function(function, [], {}))


def _module_models(interp: Interpreter) -> list[Model]:
    """Models bound to module-level names (each model a name was bound to in turn), or
    held by the attributes of an instance of the file's own class bound to one
    (``ae = Autoencoder()``: ``ae.encoder``, ...)."""
    models: list[Model] = list(interp.bound_models)
    bound = interp.networks(interp.globals.names)
    for value in [*bound.values(), *interp.standalone_models()]:
        held = value.attributes.values() if isinstance(value, Instance) else [value]
        for item in held:
            if isinstance(item, Model) and all(item is not m for m in models):
                models.append(item)
    return models


def _models_in(value: Any) -> list[Model]:
    if isinstance(value, Model):
        return [value]
    if isinstance(value, (tuple, list)):
        return [m for item in value for m in _models_in(item)]
    return []


def _entry_functions(
    module: cst.Module, interp: Interpreter, main_blocks: list[cst.If]
) -> list[tuple[str, UserFunction]]:
    """Functions needing no argument that nothing calls: neither the module's code nor,
    since it is run too, its ``__main__`` block."""
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
    used = _names_used_at_module_level(module) | {
        node.value for block in main_blocks for node in walk(block) if isinstance(node, cst.Name)
    }
    return [(name, function) for name, function in candidates if name not in used]


def _names_used_at_module_level(module: cst.Module) -> set[str]:
    return {
        node.value
        for statement in module.body
        if not isinstance(statement, (cst.FunctionDef, cst.ClassDef))
        and not _is_main_guard(statement)
        for node in walk(statement, skip=(cst.FunctionDef, cst.ClassDef))
        if isinstance(node, cst.Name)
    }


def _is_main_guard(statement: cst.CSTNode) -> bool:
    """``if __name__ == "__main__":`` (either operand order): not run on import."""
    if not isinstance(statement, cst.If) or not isinstance(statement.test, cst.Comparison):
        return False
    test = statement.test
    if len(test.comparisons) != 1 or not isinstance(test.comparisons[0].operator, cst.Equal):
        return False
    operands = {_literal_or_name(test.left), _literal_or_name(test.comparisons[0].comparator)}
    return operands == {"__name__", "'__main__'"}


def _literal_or_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.SimpleString):
        return repr(node.evaluated_value)
    return ""
