"""One version of one document, analyzed as ``check`` analyzes a file.

The text is the editor's (saved or not); the configuration is the document's
project's (the nearest ``pyproject.toml`` above the file); project modules the
text imports are read from disk, as for any analyzed file. Findings are exactly
``check``'s: the same rules, selection, options, limits and ``# noqa``. The
analyzer's own failures (KPL002) are not findings unless the configuration
selects them: they become log messages, as ``--verbose`` prints them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import cached_property

from pygls.workspace.position_codec import PositionCodec

from kerasparam_lint.analysis import FileAnalysis
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.frontends.config import Config, ConfigError, Finder
from kerasparam_lint.frontends.lsp.locations import SourceText
from kerasparam_lint.frontends.targets import VERBOSE_CODE
from kerasparam_lint.lint.finding import Finding
from kerasparam_lint.lint.run import lint_analysis
from kerasparam_lint.source.mentions import may_define_model


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A document's text at one version, and the file it stands for."""

    uri: str
    path: str
    version: int | None
    text: str


class Cancelled(Exception):
    """A newer version of the document arrived while this one was analyzed."""


class InterruptibleLimits(Limits):
    """The configured limits, with a step budget that drops to zero once ``cancelled``
    is set: the interpreter compares its steps with the budget at every step, so an
    analysis of an outdated text stops at its next step instead of running to its end."""

    def __init__(self, limits: Limits, cancelled: threading.Event) -> None:
        for item in fields(Limits):
            if item.name != "max_steps":
                object.__setattr__(self, item.name, getattr(limits, item.name))
        object.__setattr__(self, "_budget", limits.max_steps)
        object.__setattr__(self, "_cancelled", cancelled)

    @property  # type: ignore[override]
    def max_steps(self) -> int:
        return 0 if self._cancelled.is_set() else self._budget


@dataclass(eq=False)
class DocumentResult:
    """What the server knows of one analyzed version (compared by identity)."""

    snapshot: Snapshot
    config: Config
    source: SourceText
    # The models (None when the text cannot define one, or the analyzer itself raised).
    analysis: FileAnalysis | None
    findings: list[Finding] = field(default_factory=list)  # filled in after the models
    log: list[str] = field(default_factory=list)  # KPL002 and configuration errors
    _logged: int = 0

    def unlogged(self) -> list[str]:
        """The log lines not handed out before (later work, such as a fix, adds some)."""
        lines, self._logged = self.log[self._logged :], len(self.log)
        return lines

    @cached_property
    def annotated_text(self) -> str | None:
        """What ``annotate --write`` would make of this text (None when it cannot)."""
        from kerasparam_lint.annotate.rewrite import annotated_source

        if self.analysis is None or self.source.tree is None:
            return None
        try:
            return annotated_source(self.snapshot.text, self.snapshot.path, self.config.limits)[0]
        except Exception as error:  # a fault of this tool: say so, offer nothing
            self.log.append(_internal_error(self.snapshot.path, error))
            return None

    @cached_property
    def fixed_text(self) -> str | None:
        """What ``check --fix`` would make of this text: every safe fix, checked again."""
        from kerasparam_lint.lint.fixing import fix_source

        if self.analysis is None:
            return None
        config = self.config
        try:
            outcome = fix_source(
                self.snapshot.text,
                self.snapshot.path,
                config.selection_for(self.snapshot.path),
                config.options,
                limits=config.limits,
            )
        except Exception as error:  # a fault of this tool: say so, offer nothing
            self.log.append(_internal_error(self.snapshot.path, error))
            return None
        return outcome.source


def analyze(
    snapshot: Snapshot,
    codec: PositionCodec,
    cancelled: threading.Event,
    analyzed: Callable[[DocumentResult], None],
) -> DocumentResult:
    """Lint ``snapshot`` as ``lint_source`` does, in its two steps: the models, handed to
    ``analyzed`` at once (hover needs no rule), then the findings of the rules. Raises
    Cancelled when a newer version made it moot."""
    # Imported here, as lint_source imports it: one name to replace in the tests.
    from kerasparam_lint.analysis import analyze_source

    log: list[str] = []
    try:
        config = Finder().for_path(snapshot.path)
    except ConfigError as error:
        log.append(f"kerasparam-lint: {error}")
        config = Config()
    analysis = None
    try:
        if may_define_model(snapshot.text):
            limits = InterruptibleLimits(config.limits, cancelled)
            analysis = analyze_source(snapshot.text, snapshot.path, limits=limits)
    except Exception as error:  # a bug in the analyzer must not take the server down
        log.append(_internal_error(snapshot.path, error))
    if cancelled.is_set():
        raise Cancelled
    tree = analysis.syntax_tree if analysis is not None else None
    source = SourceText(snapshot.text, tree, codec)
    result = DocumentResult(snapshot, config, source, analysis, log=log)
    analyzed(result)
    if analysis is not None:
        # As ``check --verbose``: KPL002 is found, and logged unless the project selects it.
        verbose = replace(config, extend_select=(*config.extend_select, VERBOSE_CODE))
        reported = config.selection_for(snapshot.path)
        try:
            findings = lint_analysis(analysis, verbose.selection_for(snapshot.path), config.options)
        except Exception as error:
            findings = []
            log.append(_internal_error(snapshot.path, error))
        for finding in findings:
            if finding.code == VERBOSE_CODE and not reported.enabled(VERBOSE_CODE):
                where = f"{snapshot.path}:{finding.line}:{finding.col + 1}"
                log.append(f"{where}: {finding.code} {finding.message}")
            else:
                result.findings.append(finding)
    if cancelled.is_set():
        raise Cancelled
    return result


def _internal_error(path: str, error: Exception) -> str:
    return f"{path}: {VERBOSE_CODE} internal error: {type(error).__name__}: {error}"
