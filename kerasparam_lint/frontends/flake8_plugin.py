"""The flake8 plugin (entry point ``KPL``): the same findings as ``kerasparam-lint check``.

A thin adapter: flake8 does selection, ``# noqa`` and output, so every rule runs
here and reports ``(line, col, "KPL101 message", type)`` with flake8's 0-based
column. Opinionated rules (KPL49x) are in flake8's default ignore list; enable
them with ``extend-select``. A file that cannot define a Keras model is skipped
before any parsing. KPL001 and KPL002 never come from here: flake8 reports syntax
errors itself (E999), and has no ``--verbose`` findings. The rules are imported at
the first file that may define a model: flake8 over a tree without Keras never
loads them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from typing import Any

from kerasparam_lint import __version__
from kerasparam_lint.source.mentions import may_define_model

NOT_IN_FLAKE8 = frozenset({"KPL001", "KPL002"})
# The opinionated rules (KPL49x, ``DEFAULT_ENABLED = False``), off unless selected.
OFF_BY_DEFAULT = "KPL49"


class KerasParamLintPlugin:
    name = "kerasparam-lint"
    version = __version__
    max_params: int | None = None

    def __init__(self, tree: ast.AST, lines: Sequence[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager: Any) -> None:
        manager.add_option(
            "--kpl-max-params",
            type=int,
            default=None,
            parse_from_config=True,
            help="parameter budget of one model, checked by KPL491 (off by default)",
        )
        manager.extend_default_ignore([OFF_BY_DEFAULT])

    @classmethod
    def parse_options(cls, options: Any) -> None:
        cls.max_params = options.kpl_max_params

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        source = "".join(self.lines)
        if not may_define_model(source):
            return
        from kerasparam_lint.lint.run import lint_source
        from kerasparam_lint.lint.selection import Selection
        from kerasparam_lint.rules import RULES
        from kerasparam_lint.rules.base import Options

        every_rule = Selection(select=tuple(r.CODE for r in RULES if r.CODE not in NOT_IN_FLAKE8))
        options = Options(max_params=self.max_params)
        result = lint_source(source, self.filename, every_rule, options, honour_noqa=False)
        for finding in result.findings:
            yield finding.line, finding.col, f"{finding.code} {finding.message}", type(self)
