"""``kerasparam-lint lsp``: a Language Server Protocol server on stdio.

It needs pygls (``pip install 'kerasparam-lint[lsp]'``); the rest of the tool does not,
so it is imported only when the server is started.
"""

from __future__ import annotations

import sys


def serve() -> int:
    try:
        from kerasparam_lint.frontends.lsp.server import build_server
    except ImportError as error:
        print(
            f"kerasparam-lint: the language server needs pygls ({error}); "
            "install it with: pip install 'kerasparam-lint[lsp]'",
            file=sys.stderr,
        )
        return 2
    build_server().start_io()
    return 0
