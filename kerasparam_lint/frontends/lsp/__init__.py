"""``kerasparam-lint lsp``: a Language Server Protocol server on stdio.

It needs pygls (``pip install 'kerasparam-lint[lsp]'``); the rest of the tool does not,
so it is imported only when the server is started.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import NoReturn


def serve() -> NoReturn:
    if importlib.util.find_spec("pygls") is None:
        print(
            "kerasparam-lint: the language server needs pygls; "
            "install it with: pip install 'kerasparam-lint[lsp]'",
            file=sys.stderr,
        )
        raise SystemExit(2)
    from kerasparam_lint.frontends.lsp.server import build_server

    server = build_server()
    server.start_io()
    # The client closed the streams; as LSP has it, the status says whether it asked for
    # a shutdown before the exit. Raised, not returned: there is no stdout left to flush.
    raise SystemExit(0 if server.shut_down else 1)
