"""How a library (Keras, Lasagne, NumPy...) plugs into the interpreter.

The interpreter knows Python only. Every name it imports, and every operation on a
value it did not make itself, it offers to the libraries listed in
:mod:`kerasparam_lint.libraries.registry`, in that order; the first library whose
hook answers something other than :data:`NOT_MINE` decides. A library sees the
interpreter only through :class:`Evaluation` and shares what several libraries need
(default layer names, the models made, the problems found) through :class:`Shared`,
so no library constructs or imports another's evaluator side.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kerasparam_lint.evaluator.naming import NameCounters
from kerasparam_lint.evaluator.values import CallSite, KerasRef, UserFunction
from kerasparam_lint.graph.data_calls import DataCall
from kerasparam_lint.graph.model import Layer, Model
from kerasparam_lint.sizes.dims import SizeNames


class _NotMine:
    """The answer of a hook for a name or value that belongs to another library."""

    def __repr__(self) -> str:
        return "NOT_MINE"


NOT_MINE: Any = _NotMine()


@dataclass(frozen=True)
class Problem:
    """Something the library would reject or warn about, found while evaluating."""

    code: str
    message: str
    line: int
    col: int


@dataclass(frozen=True)
class OptionRead:
    """A command-line option the script read: ``--model`` (``args.model`` in its code),
    the value this run gave it, and the values a branch of the script may tell apart
    (its ``choices``, else the literals it is compared with; none for a flag)."""

    flag: str
    dest: str
    spelling: str
    value: Any
    alternatives: tuple[Any, ...] = ()


@dataclass
class CommandLine:
    """The script's command line for one run: the options it was given (by ``dest``;
    every other option has its default) and those the run read, in the order first read."""

    given: dict[str, Any] = field(default_factory=dict)
    read: dict[str, OptionRead] = field(default_factory=dict)


@dataclass
class Shared:
    """What all libraries of one analysis share: one process's worth of state."""

    names: NameCounters = field(default_factory=NameCounters)
    # Fresh names for sizes read from outside the file (a table's ``rows``).
    sizes: SizeNames = field(default_factory=SizeNames)
    models: list[Model] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # ``fit``/``evaluate``/``predict`` calls with the shapes of their arrays.
    data_calls: list[DataCall] = field(default_factory=list)
    command_line: CommandLine = field(default_factory=CommandLine)

    def problem(self, code: str, message: str, site: CallSite) -> None:
        # A layer's weight rule validates as its shape rule does: report the error once.
        problem = Problem(code, message, site.line, site.col)
        if problem not in self.problems:
            self.problems.append(problem)


class ProjectFiles(Protocol):
    """The analyzed project's own modules (see ``evaluator.project_modules``)."""

    def load(self, file: Path) -> Any:
        """A Python file's namespace after its top-level code ran (Keras' applications)."""


class UserLayers(Protocol):
    """The file's own classes that subclass a library's layer (``evaluator.user_classes``)."""

    inside_layer_call: bool

    def call_method(
        self, layer: Layer, method: str, args: list[Any], kwargs: dict[str, Any]
    ) -> Any: ...

    def runs_unknown(self, layer: Layer) -> None: ...

    def call_eagerly(self, layer: Layer, args: list[Any], kwargs: dict[str, Any]) -> None: ...

    def call_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any: ...


class Evaluation(Protocol):
    """What a library may ask of the interpreter that runs the analyzed file."""

    shared: Shared
    project: ProjectFiles
    classes: UserLayers
    # CPython's tree of the analyzed file (a library may read how it is written).
    syntax_tree: ast.Module | None

    def tick(self, count: int = 1) -> None:
        """Charge ``count`` steps to the file's evaluation budget."""

    def tick_model(self, count: int) -> None:
        """Charge ``count`` steps of work on a model (a layer call): a loop doing it
        builds the model, and spends the file's budget (``evaluator.budget``)."""

    def note(self, message: str) -> None:
        """Record why something became unknown (shown with ``--verbose``)."""

    def sequence(self, value: Any) -> Any:
        """A finite list of the items of ``value``, or UNKNOWN."""

    def call_user_function(
        self, function: UserFunction, args: list[Any], kwargs: dict[str, Any]
    ) -> Any:
        """Run a function the analyzed code (or a source the library reads) defines."""


class Library:
    """One library the evaluator models. Override the hooks your values need.

    ``roots`` are the first parts of the import paths the library owns: a
    :class:`KerasRef` under one of them (``keras.layers.Dense``) is called through
    :meth:`call`. Every other hook is asked in registration order and answers
    :data:`NOT_MINE` for values of other libraries.
    """

    roots: tuple[str, ...] = ()

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.shared = evaluation.shared

    # ------------------------------------------------------------- imports
    def resolve(self, dotted: str) -> Any:
        """The value of the import path ``dotted`` (``import x.y``, ``from x import y``)."""
        return NOT_MINE

    def project_first(self, dotted: str) -> bool:
        """Whether a project module of that name, when there is one, hides the library's."""
        return False

    def star_import(self, path: str) -> Any:
        """The names ``from path import *`` binds (a dict), or NOT_MINE."""
        return NOT_MINE

    def assumed_name(self, name: str) -> Any:
        """What ``name`` is when a snippet uses it without importing it (its library's
        public name of that spelling), or NOT_MINE."""
        return NOT_MINE

    # ------------------------------------------------------------- values
    def call(self, ref: KerasRef, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        """Call a name under one of :attr:`roots`."""
        return NOT_MINE

    def unknown_call(self, ref: KerasRef, site: CallSite) -> Any:
        """Call a name under :attr:`roots` whose ``*args``/``**kwargs`` are not known."""
        return NOT_MINE

    def call_object(
        self, target: Any, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        """Call a layer or a method bound to one of the library's objects."""
        return NOT_MINE

    def attribute(self, receiver: Any, name: str) -> Any:
        return NOT_MINE

    def set_attribute(self, receiver: Any, name: str, value: Any) -> bool:
        """True when the assignment was the library's to handle."""
        return False

    def subscript(self, container: Any, key: Any) -> Any:
        return NOT_MINE

    def set_subscript(self, container: Any, key: Any, value: Any) -> bool:
        """``container[key] = value``; True when the container was the library's."""
        return False

    def binary(self, op_name: str, left: Any, right: Any, site: CallSite) -> Any:
        """``left <op> right`` (``op_name`` as libcst names it: ``Add``, ``Multiply``...)."""
        return NOT_MINE

    # ------------------------------------------------------------- results
    def networks(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` with what the library reads as a whole model (a Lasagne network's
        output layer...) replaced by that model."""
        return values

    def standalone_models(self) -> list[Model]:
        """Models the library made that no name needs to hold (nolearn's nets)."""
        return []
