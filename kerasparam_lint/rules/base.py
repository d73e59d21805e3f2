"""What a rule is: a code, a message, a check over one file's analysis, and examples.

A rule's docstring is its documentation (What it does / Why is this bad? /
Example / Use instead). Its ``VALID`` and ``INVALID`` examples are complete
files: the test suite runs every one of them (and runs them under real Keras),
and ``scripts/document_rules.py`` renders them into ``docs/rules.md``, so
nothing is written twice.

In an ``INVALID`` example, each line that must carry a finding ends with the
marker ``# <--``; the marker is removed before the example is analyzed or shown.
A rule that offers a fix gives, in ``fixed``, the example once every fix of the
rule (safe or unsafe) is applied; the tests apply them, and build the result
under real Keras.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from kerasparam_lint.lint.finding import Finding, Fix, Severity
from kerasparam_lint.lint.options import Options
from kerasparam_lint.rules.subjects import Site, sites_by_line
from kerasparam_lint.source.comments import FileComments
from kerasparam_lint.source.lexemes import Lexemes, lexemes
from kerasparam_lint.source.text_edits import EditMaker

if TYPE_CHECKING:
    from kerasparam_lint.analysis import FileAnalysis

MARKER = "# <--"


def _strip_marker(line: str) -> str:
    head, found, _ = line.rpartition(MARKER)
    return head.rstrip() if found else line


@dataclass(frozen=True)
class Valid:
    """A file the rule must leave silent (and that real Keras builds)."""

    code: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return textwrap.dedent(self.code).strip("\n") + "\n"


@dataclass(frozen=True)
class Invalid(Valid):
    """A file on which the rule reports exactly the lines marked ``# <--``.

    ``message``, when given, is the exact message expected on the first marked line;
    ``fixed``, when given, is the file after the rule's fixes.
    """

    message: str | None = None
    fixed: str | None = None

    @property
    def fixed_source(self) -> str | None:
        return None if self.fixed is None else textwrap.dedent(self.fixed).strip("\n") + "\n"

    @property
    def marked_source(self) -> str:
        return super().source

    @property
    def source(self) -> str:
        return "".join(_strip_marker(line) + "\n" for line in self.marked_source.splitlines())

    @property
    def expected_lines(self) -> list[int]:
        lines = self.marked_source.splitlines()
        return [number for number, line in enumerate(lines, 1) if MARKER in line]


class Context:
    """One analyzed file as the rules see it; costly views are built on first use."""

    def __init__(self, analysis: FileAnalysis, options: Options | None = None) -> None:
        self.analysis = analysis
        self.options = options or Options()

    @cached_property
    def lexemes(self) -> Lexemes:
        return lexemes(self.analysis.source)

    @cached_property
    def comments(self) -> FileComments:
        empty = "#" not in self.analysis.source  # not worth a tokenizer pass
        return FileComments(Lexemes() if empty else self.lexemes, self.analysis.syntax_tree)

    @cached_property
    def edits(self) -> EditMaker:
        return EditMaker(self.analysis.source)

    @cached_property
    def _calls(self) -> dict[tuple[int, int], ast.Call]:
        tree = self.analysis.syntax_tree
        if tree is None:
            return {}
        calls = (node for node in ast.walk(tree) if isinstance(node, ast.Call))
        return {(call.lineno, call.col_offset): call for call in calls}

    def call_at(self, line: int, col: int) -> ast.Call | None:
        """The ``ast`` call starting at a finding's position (as the evaluator reports it)."""
        return self._calls.get((line, col))

    @cached_property
    def sites(self) -> dict[int, list[Site]]:
        return sites_by_line(self.analysis.models)

    def sites_on(self, lines: range) -> list[Site]:
        """The layer-creating calls on ``lines``, in source order."""
        return [site for line in lines for site in self.sites.get(line, [])]


class Rule:
    """Base class; subclasses set the class attributes and implement :meth:`check`."""

    CODE: ClassVar[str]
    MESSAGE: ClassVar[str]
    SEVERITY: ClassVar[Severity] = Severity.ERROR
    DEFAULT_ENABLED: ClassVar[bool] = True
    # Only a rule about the file not parsing (KPL001) has anything to read in such a file.
    NEEDS_PARSE: ClassVar[bool] = True
    # A message that quotes another tool's text (Python's parser, an exception) may hold
    # a `?`; every other message is built from values, and one showing `?` is dropped.
    QUOTES_TEXT: ClassVar[bool] = False
    VALID: ClassVar[tuple[Valid, ...]] = ()
    INVALID: ClassVar[tuple[Invalid, ...]] = ()

    def check(self, context: Context) -> Iterable[Finding]:
        raise NotImplementedError

    def finding(self, line: int, col: int, message: str, fix: Fix | None = None) -> Finding:
        return Finding(line, col, self.CODE, message, self.SEVERITY, fix)


class ProblemRule(Rule):
    """A rule that reports what the evaluator recorded under the rule's code.

    The evaluator records, while it builds the model graph, every call Keras
    would reject (:class:`~kerasparam_lint.evaluator.library.Problem`); such a
    rule only words the message, which :meth:`describe` may enrich from the graph,
    and offers the rewrite, if one is right, from :meth:`fix`. ``FIX`` is the advice
    appended to the evaluator's words.
    """

    FIX: ClassVar[str] = ""
    # A statement run more than once (a helper called at several depths, a loop) fails
    # each time with other numbers: one fault, one finding, from its first run. A rule
    # whose findings on one call are separate faults (one per bad keyword) says False.
    ONE_PER_STATEMENT: ClassVar[bool] = True

    def check(self, context: Context) -> Iterator[Finding]:
        seen: set[tuple[int, int]] = set()
        for problem in context.analysis.problems:
            if not self.reports(problem):
                continue
            if self.ONE_PER_STATEMENT:
                if (problem.line, problem.col) in seen:
                    continue
                seen.add((problem.line, problem.col))
            message = self.describe(problem, context)
            yield self.finding(problem.line, problem.col, message, self.fix(problem, context))

    def reports(self, problem: Any) -> bool:
        return problem.code == self.CODE

    def describe(self, problem: Any, context: Context) -> str:
        message = without_repeated_subject(problem.message)
        return f"{message}; {self.FIX}" if self.FIX else message

    def fix(self, problem: Any, context: Context) -> Fix | None:
        """The edits that resolve ``problem``, when exactly one rewrite is right."""
        return None


def without_repeated_subject(message: str) -> str:
    """``"Add: Add: inputs differ"`` -> ``"Add: inputs differ"`` (the layer named twice)."""
    subject, _, rest = message.partition(": ")
    if rest.lower().startswith(subject.lower()):
        return rest
    return message
