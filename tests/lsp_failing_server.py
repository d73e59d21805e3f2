"""``kerasparam-lint lsp`` with an analyzer that raises on any text holding :data:`MARKER`.

The server's tests start it to see what an internal error does: it must become a
KPL002 log message, and the server must go on serving.
"""

from __future__ import annotations

import sys
from typing import Any

import kerasparam_lint.analysis as analysis
from kerasparam_lint.frontends.cli import main

MARKER = "# the analyzer fails on this file"

_analyze_source = analysis.analyze_source


def _failing(source: str, *args: Any, **kwargs: Any) -> Any:
    if MARKER in source:
        raise RuntimeError("the analyzer failed")
    return _analyze_source(source, *args, **kwargs)


if __name__ == "__main__":
    analysis.analyze_source = _failing
    sys.exit(main(["lsp"]))
