"""The language server: pygls' ``LanguageServer`` and one small handler per LSP feature.

Each handler turns the LSP request into a question about a document's newest
analysis and hands the answer back; the answers themselves are computed by the
modules beside this one, from the same analysis, rules and reports as the CLI.
Hover, inlay hints and symbols read only the models, on the main loop, as soon as
they are known; code actions need the findings and may analyze again (a fix, the
annotated text), so they run on the analysis worker.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from kerasparam_lint import __version__
from kerasparam_lint.frontends.lsp.analysis import DocumentResult, Snapshot
from kerasparam_lint.frontends.lsp.code_actions import KINDS, code_actions
from kerasparam_lint.frontends.lsp.diagnostics import diagnostics
from kerasparam_lint.frontends.lsp.documents import Documents
from kerasparam_lint.frontends.lsp.hover import hover
from kerasparam_lint.frontends.lsp.inlay_hints import inlay_hints
from kerasparam_lint.frontends.lsp.settings import Settings
from kerasparam_lint.frontends.lsp.symbols import document_symbols


class KerasParamServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("kerasparam-lint", __version__)
        self.settings = Settings()
        self.shut_down = False  # the client asked for a shutdown (before its exit)
        self.documents = Documents(self.publish, self.log)

    def publish(self, result: DocumentResult) -> None:
        snapshot = result.snapshot
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=snapshot.uri,
                version=snapshot.version,
                diagnostics=diagnostics(result, self.settings),
            )
        )

    def log(self, message: str) -> None:
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=message)
        )

    def changed(self, uri: str, delay: float = 0.0) -> None:
        document = self.workspace.get_text_document(uri)
        snapshot = Snapshot(uri, document.path, document.version, document.source)
        self.documents.update(snapshot, self.workspace.position_codec, delay)


def build_server() -> KerasParamServer:
    server = KerasParamServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: KerasParamServer, params: types.InitializeParams) -> None:
        ls.settings = ls.settings.updated(params.initialization_options)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration(ls: KerasParamServer, params: types.DidChangeConfigurationParams) -> None:
        before, ls.settings = ls.settings, ls.settings.updated(params.settings)
        workspace = ls.client_capabilities.workspace
        hints = workspace.inlay_hint if workspace is not None else None
        if before.inlay_hints != ls.settings.inlay_hints and hints and hints.refresh_support:
            ls.workspace_inlay_hint_refresh(None)  # the editor asks for them again

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: KerasParamServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: KerasParamServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri, ls.settings.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: KerasParamServer, params: types.DidSaveTextDocumentParams) -> None:
        # The imported modules or pyproject.toml may have changed too: analyze again.
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KerasParamServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.documents.close(params.text_document.uri)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: KerasParamServer, params: Any) -> None:
        ls.shut_down = True
        ls.documents.shutdown()

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: KerasParamServer, params: types.HoverParams) -> types.Hover | None:
        result = await ls.documents.analyzed(params.text_document.uri)
        return None if result is None else hover(result, params.position)

    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    async def on_inlay_hints(
        ls: KerasParamServer, params: types.InlayHintParams
    ) -> list[types.InlayHint] | None:
        if not ls.settings.inlay_hints:
            return None
        result = await ls.documents.analyzed(params.text_document.uri)
        return None if result is None else inlay_hints(result, params.range)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=KINDS)
    )
    async def on_code_action(
        ls: KerasParamServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        result = await ls.documents.result(params.text_document.uri)
        if result is None:
            return None
        actions = await ls.documents.run(code_actions, result, params, ls.settings)
        for line in result.unlogged():  # the fixes and annotations computed just now
            ls.log(line)
        return actions

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def on_document_symbol(
        ls: KerasParamServer, params: types.DocumentSymbolParams
    ) -> list[types.DocumentSymbol] | None:
        result = await ls.documents.analyzed(params.text_document.uri)
        return None if result is None else document_symbols(result)

    return server
