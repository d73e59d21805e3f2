"""``kerasparam-lint lsp``, driven over stdio as an editor drives it (pytest-lsp).

Each test starts the real server as a subprocess, initializes it, opens the U-Net of
the founding question (``fixtures/unet.py``, and ``fixtures/unet_as_posted.py`` as it
was posted), and asserts what an editor would show: the exact diagnostics (the same
findings ``kerasparam-lint check`` prints), hover text, inlay hints, code actions
applied and re-checked, and a clean shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from kerasparam_lint.annotate.rewrite import annotate_source
from kerasparam_lint.evaluator.limits import Limits
from kerasparam_lint.frontends.lsp.analysis import InterruptibleLimits
from kerasparam_lint.lint.run import lint_source
from tests.lsp_failing_server import MARKER

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
RULES = (ROOT / "docs" / "rules.md").as_uri()
TIMEOUT = 60.0


def _recording_client() -> LanguageClient:
    """pytest-lsp's client, keeping every publishDiagnostics (with its version)."""
    client = LanguageClient()
    features = dict(DEFAULT_CLIENT_FEATURES)
    client.published = []  # type: ignore[attr-defined]

    def published(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = published
    register_lsp_features(client, features)
    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "kerasparam_lint", "lsp"],
    client_factory=_recording_client,
)


async def _end(lsp_client: LanguageClient) -> None:
    """The tests initialize the session (with their own options); this ends it, so that a
    failed test does not leave the server waiting for its client."""
    server = lsp_client._server
    if lsp_client.capabilities is not None and server is not None and server.returncode is None:
        await asyncio.wait_for(lsp_client.shutdown_session(), TIMEOUT)
    if server is not None and server.returncode is None:
        with contextlib.suppress(ProcessLookupError):  # it may exit meanwhile
            server.terminate()


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> Any:
    yield
    await _end(lsp_client)


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, str(ROOT / "tests" / "lsp_failing_server.py")],
        client_factory=_recording_client,
    )
)
async def failing_client(lsp_client: LanguageClient) -> Any:
    yield
    await _end(lsp_client)


async def _initialize(client: LanguageClient, options: dict[str, Any] | None = None) -> None:
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=ROOT.as_uri(),
            initialization_options=options,
        )
    )


async def _published(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for ``version`` of the document."""

    async def wait() -> list[types.Diagnostic]:
        while True:
            for params in client.published:  # type: ignore[attr-defined]
                if params.uri == uri and params.version == version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.01)

    return await asyncio.wait_for(wait(), TIMEOUT)


async def _open(client: LanguageClient, path: Path, text: str | None = None) -> tuple[str, str]:
    uri = path.as_uri()
    text = path.read_text(encoding="utf-8") if text is None else text
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri, text


def _change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP edits as an editor does (the fixtures are ASCII: units are characters)."""
    assert text.isascii()
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        return sum(len(line) for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def _edits(action: types.CodeAction) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.document_changes is not None
    (change,) = action.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    return list(change.edits)


def _where(diagnostic: types.Diagnostic) -> tuple[int, int, int, int]:
    r = diagnostic.range
    return (r.start.line, r.start.character, r.end.line, r.end.character)


def _line_of(text: str, start: str) -> int:
    """The 0-based number of the line that starts with ``start``."""
    return next(i for i, line in enumerate(text.splitlines()) if line.startswith(start))


async def _hover(client: LanguageClient, uri: str, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def _actions(
    client: LanguageClient, uri: str, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [action for action in found or [] if isinstance(action, types.CodeAction)]


async def _hints(client: LanguageClient, uri: str, text: str) -> list[types.InlayHint] | None:
    whole = types.Range(types.Position(0, 0), types.Position(len(text.splitlines()), 0))
    return await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=whole)
    )


def _check(tmp_path: Path, name: str, text: str) -> list[str]:
    """What ``kerasparam-lint check`` prints for this text, as ``line:col: CODE``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    found = []
    for line in done.stdout.splitlines():
        location, rest = line.split(": ", 1)
        _, row, column = location.rsplit(":", 2)
        found.append(f"{row}:{column} {rest.split()[0]}")
    return found


def _as_check(diagnostics: list[types.Diagnostic]) -> list[str]:
    """Diagnostics in check's ``line:col: CODE`` terms (1-based; ASCII text)."""
    return [f"{d.range.start.line + 1}:{d.range.start.character + 1} {d.code}" for d in diagnostics]


@pytest.mark.asyncio
async def test_posted_unet_diagnostics_and_the_quick_fix(client: LanguageClient) -> None:
    await _initialize(client)
    uri, text = await _open(client, FIXTURES / "unet_as_posted.py")
    found = await _published(client, uri, 1)
    assert [(d.code, _where(d), d.severity, d.source) for d in found] == [
        ("KPL301", (9, 9, 9, 25), types.DiagnosticSeverity.Error, "kerasparam-lint"),
        ("KPL302", (44, 8, 44, 46), types.DiagnosticSeverity.Error, "kerasparam-lint"),
    ]
    assert found[0].message == (
        "Input(256, 256, 1) passes the dims as separate arguments (Keras 3 reads shape=256, "
        "batch_size=256); write Input((256, 256, 1))"
    )
    assert found[1].message == (
        "Model() has no arguments `input`, `output`; Keras 3 calls them `inputs`, `outputs`"
    )
    assert [d.code_description.href for d in found if d.code_description] == [
        f"{RULES}#kpl301",
        f"{RULES}#kpl302",
    ]

    # The quick fix of KPL302, offered on its range, applied, and the file re-checked.
    actions = await _actions(client, uri, found[1].range, [types.CodeActionKind.QuickFix])
    (fix,) = [a for a in actions if a.diagnostics and a.diagnostics[0].code == "KPL302"]
    assert fix.title == "Rename `input`, `output` to `inputs`, `outputs` (KPL302)"
    assert fix.is_preferred
    fixed = _apply(text, _edits(fix))
    assert fixed.splitlines()[44] == "model = Model(inputs = inputs, outputs = conv10)"
    _change(client, uri, 2, fixed)
    assert [d.code for d in await _published(client, uri, 2)] == ["KPL301"]

    # With KPL301's fix too, the input shape is a tuple and the up-conv's numbers are known.
    (kpl301,) = await _published(client, uri, 2)
    actions = await _actions(client, uri, kpl301.range, [types.CodeActionKind.QuickFix])
    (fix,) = [a for a in actions if a.diagnostics and a.diagnostics[0].code == "KPL301"]
    fixed = _apply(fixed, _edits(fix))
    assert fixed.splitlines()[9] == "inputs = Input((256,256,1))"
    _change(client, uri, 3, fixed)
    assert await _published(client, uri, 3) == []
    up6 = _line_of(text, "up6 = ")
    assert "- Params: 2,097,664 (2,097,664 trainable, 0 non-trainable)" in await _hover(
        client, uri, up6, 8
    )


@pytest.mark.asyncio
async def test_every_safe_fix_is_what_check_fix_writes(
    client: LanguageClient, tmp_path: Path
) -> None:
    await _initialize(client)
    uri, text = await _open(client, FIXTURES / "unet_as_posted.py")
    assert len(await _published(client, uri, 1)) == 2
    start = types.Range(types.Position(0, 0), types.Position(0, 0))
    (action,) = await _actions(client, uri, start, [types.CodeActionKind.SourceFixAll])
    assert (action.title, action.kind) == (
        "kerasparam-lint: apply every safe fix",
        "source.fixAll.kerasparam-lint",
    )
    fixed = _apply(text, _edits(action))
    path = tmp_path / "unet_as_posted.py"
    path.write_text(text, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "check", "--fix", str(path)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert fixed == path.read_text(encoding="utf-8") != text
    _change(client, uri, 2, fixed)
    assert await _published(client, uri, 2) == []


@pytest.mark.asyncio
async def test_unet_hover_shows_layer_and_model(client: LanguageClient) -> None:
    await _initialize(client)
    uri, text = await _open(client, FIXTURES / "unet.py")
    assert await _published(client, uri, 1) == []
    up6 = _line_of(text, "up6 = ")
    line = text.splitlines()[up6]
    assert await _hover(client, uri, up6, line.index("Conv2D") + 2) == textwrap.dedent(
        """\
        **conv2d_10** (Conv2D)

        - Output shape: `(None, 32, 32, 512)`
        - Params: 2,097,664 (2,097,664 trainable, 0 non-trainable)

        ```text
        Conv2D 2x2, 1024 -> 512: (2*2*1024 + 1) * 512 = 2,097,664
        H, W: same: ceil(32 / 1) = 32
        ```"""
    )
    # On the same line, the inner call is the upsampling, and the name is what it holds.
    assert (await _hover(client, uri, up6, line.index("UpSampling2D"))).startswith(
        "**up_sampling2d** (UpSampling2D)\n\n- Output shape: `(None, 32, 32, 1024)`\n- Params: 0"
    )
    assert (await _hover(client, uri, up6, 1)).startswith("**conv2d_10** (Conv2D)")
    assert (await _hover(client, uri, up6, line.index("drop5"))).startswith(
        "**dropout_1** (Dropout)"
    )
    merge6 = _line_of(text, "merge6 = ")
    assert "concatenate, axis 3: 512 + 512 = 1,024" in await _hover(client, uri, merge6, 12)

    # The model's name, where it is made: its summary table as Markdown.
    table = await _hover(client, uri, _line_of(text, "model = "), 2)
    assert table.startswith('### Model: "functional" (unet.py:46)\n\n| Layer (type) |')
    assert "| `conv2d_10` (Conv2D) | (None, 32, 32, 512) | 2,097,664 | up_sampling2d[0][0] |" in (
        table
    )
    assert "- **Total params:** 31,031,685 (118.38 MB)" in table


@pytest.mark.asyncio
async def test_inlay_hints_are_what_annotate_writes(client: LanguageClient) -> None:
    await _initialize(client)
    uri, text = await _open(client, FIXTURES / "unet.py")
    hints = await _hints(client, uri, text) or []
    annotated = annotate_source(text, "unet.py").splitlines()
    expected = [
        (number, len(line), annotated[number][len(line) + 4 :])
        for number, line in enumerate(text.splitlines())
        if annotated[number] != line
    ]
    assert [(h.position.line, h.position.character, h.label) for h in hints] == expected
    assert len(hints) == 35  # one per line that calls layers (the up-convs: two each)
    pool1 = _line_of(text, "pool1 = ")
    assert (pool1, "(None, 128, 128, 64) · 0 params") in [(h.position.line, h.label) for h in hints]
    up6 = _line_of(text, "up6 = ")
    assert (up6, "(None, 32, 32, 512) · 2,097,664 params") in [
        (h.position.line, h.label) for h in hints
    ]


@pytest.mark.asyncio
async def test_inlay_hints_off_by_a_client_setting(client: LanguageClient) -> None:
    await _initialize(client, {"inlayHints": False})
    uri, text = await _open(client, FIXTURES / "unet.py")
    assert not await _hints(client, uri, text)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"kerasparam-lint": {"inlayHints": True}})
    )
    assert len(await _hints(client, uri, text) or []) == 35


@pytest.mark.asyncio
async def test_annotate_action_applied_and_rechecked(client: LanguageClient) -> None:
    await _initialize(client)
    uri, text = await _open(client, FIXTURES / "unet.py")
    assert await _published(client, uri, 1) == []
    start = types.Range(types.Position(0, 0), types.Position(0, 0))
    (action,) = await _actions(client, uri, start, [types.CodeActionKind.Source])
    assert action.title == "kerasparam-lint: annotate this file (each layer's shape and params)"
    assert action.kind == "source.annotate.kerasparam-lint"
    edits = _edits(action)
    assert len(edits) == 35  # one per line that calls layers
    annotated = _apply(text, edits)
    assert annotated == annotate_source(text, "unet.py")
    _change(client, uri, 2, annotated)
    assert await _published(client, uri, 2) == []
    assert await _actions(client, uri, start, [types.CodeActionKind.Source]) == []
    assert not await _hints(client, uri, annotated)  # each line says it already


@pytest.mark.asyncio
async def test_a_change_that_breaks_a_concatenate(client: LanguageClient, tmp_path: Path) -> None:
    await _initialize(client, {"debounceMs": 50})
    uri, text = await _open(client, FIXTURES / "unet.py")
    assert await _published(client, uri, 1) == []
    # An incremental edit, as editors send them: the first upsampling now triples.
    up6 = _line_of(text, "up6 = ")
    column = text.splitlines()[up6].index("(2,2)")
    where = types.Range(types.Position(up6, column), types.Position(up6, column + 5))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=where, text="(3,3)")],
        )
    )
    found = await _published(client, uri, 2)
    changed = text.replace("UpSampling2D(size = (2,2))(drop5)", "UpSampling2D(size = (3,3))(drop5)")
    merge6 = _line_of(text, "merge6 = ")
    assert [(d.code, d.range.start.line) for d in found] == [("KPL101", merge6)]
    assert found[0].message.startswith(
        "concatenate: dimensions other than axis 3 differ, (None, 32, 32, 512) vs "
        "(None, 48, 48, 512)"
    )
    assert _as_check(found) == _check(tmp_path, "unet.py", changed)


@pytest.mark.asyncio
async def test_project_configuration_noqa_and_imported_modules(
    client: LanguageClient, tmp_path: Path
) -> None:
    """The document's own project: its ``[tool.kerasparam-lint]``, its modules on disk."""
    (tmp_path / "pyproject.toml").write_text('[tool.kerasparam-lint]\nignore = ["KPL302"]\n')
    shutil.copy(FIXTURES / "project" / "models" / "blocks.py", tmp_path / "blocks.py")
    await _initialize(client)
    posted = (FIXTURES / "unet_as_posted.py").read_text(encoding="utf-8")
    uri, _ = await _open(client, tmp_path / "posted.py", posted)  # never saved: not on disk
    assert [d.code for d in await _published(client, uri, 1)] == ["KPL301"]
    _change(client, uri, 2, posted.replace("Input(256,256,1)", "Input(256,256,1)  # noqa"))
    assert await _published(client, uri, 2) == []

    script = textwrap.dedent(
        """\
        import keras
        from blocks import conv_block

        inputs = keras.Input((32, 32, 3))
        x = conv_block(inputs, 16, name="stem")
        model = keras.Model(inputs, x)
        """
    )
    (tmp_path / "train.py").write_text("import keras\n")  # the saved file is older
    uri, _ = await _open(client, tmp_path / "train.py", script)
    assert await _published(client, uri, 1) == []
    table = await _hover(client, uri, 5, 2)
    assert "| `stem_conv` (Conv2D) | (None, 32, 32, 16) | 432 |" in table
    assert "- **Total params:** 496 (1.94 KB)" in table


@pytest.mark.asyncio
async def test_document_symbols_list_models_and_layers(client: LanguageClient) -> None:
    await _initialize(client)
    uri, text = await _open(client, FIXTURES / "unet.py")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    (model,) = symbols
    assert isinstance(model, types.DocumentSymbol) and model.children is not None
    assert (model.name, model.detail, model.kind) == (
        "functional",
        "Functional · 31,031,685 params",
        types.SymbolKind.Class,
    )
    assert len(model.children) == 39  # model.layers, as Keras lists them
    assert [(c.name, c.detail) for c in model.children[:2]] == [
        ("input_layer", "InputLayer · (None, 256, 256, 1) · 0 params"),
        ("conv2d", "Conv2D · (None, 256, 256, 64) · 640 params"),
    ]
    assert model.children[-1].range.start.line == _line_of(text, "conv10 = ")

    # A builder function's layers, made in a helper above it: the model's range holds them.
    uri, text = await _open(client, FIXTURES / "unet_builder.py")
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols is not None
    (model,) = symbols
    assert isinstance(model, types.DocumentSymbol) and model.children is not None
    assert model.name == "unet" and len(model.children) == 75

    def spot(position: types.Position) -> tuple[int, int]:
        return (position.line, position.character)

    assert spot(model.range.start) == (_line_of(text, "        x = Conv2D(filters, 3"), 12)
    assert all(
        spot(model.range.start) <= spot(c.range.start) <= spot(c.range.end) <= spot(model.range.end)
        for c in model.children
    )


@pytest.mark.asyncio
async def test_a_newer_edit_replaces_an_older_analysis(client: LanguageClient) -> None:
    await _initialize(client, {"debounceMs": 0})
    uri, text = await _open(client, FIXTURES / "unet.py")
    broken = text.replace("(size = (2,2))(drop5)", "(size = (3,3))(drop5)")
    for version in range(2, 7):
        _change(client, uri, version, broken if version % 2 else text)
    assert [d.code for d in await _published(client, uri, 6)] == []
    _change(client, uri, 7, broken)
    assert [d.code for d in await _published(client, uri, 7)] == ["KPL101"]
    versions = [p.version for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
    assert versions == sorted(versions)  # never an older text's findings after a newer one's


@pytest.mark.asyncio
async def test_shutdown_and_exit(client: LanguageClient) -> None:
    await _initialize(client)
    uri, _ = await _open(client, FIXTURES / "unet.py")
    assert await _published(client, uri, 1) == []
    await client.shutdown_session()
    assert client._server is not None and client._server.returncode == 0


@pytest.mark.asyncio
async def test_an_internal_error_is_logged_and_the_server_goes_on(
    failing_client: LanguageClient,
) -> None:
    client = failing_client
    await _initialize(client)
    text = (FIXTURES / "unet.py").read_text(encoding="utf-8")
    uri, _ = await _open(client, FIXTURES / "unet.py", f"{text}{MARKER}\n")
    assert await _published(client, uri, 1) == []
    logged = [m.message for m in client.log_messages]
    path = FIXTURES / "unet.py"
    assert f"{path}: KPL002 internal error: RuntimeError: the analyzer failed" in logged
    _change(client, uri, 2, text.replace("(size = (2,2))(drop5)", "(size = (3,3))(drop5)"))
    assert [d.code for d in await _published(client, uri, 2)] == ["KPL101"]


def test_a_cancelled_analysis_stops_at_its_next_step() -> None:
    """A newer text sets the event; the interpreter then sees a step budget of zero."""
    cancelled = threading.Event()
    limits = InterruptibleLimits(Limits(max_loop_iterations=7), cancelled)
    assert (limits.max_steps, limits.max_loop_iterations) == (500_000, 7)
    text = (FIXTURES / "unet.py").read_text(encoding="utf-8")
    assert lint_source(text, "unet.py", limits=limits).analysis.models[0].complete
    cancelled.set()
    analysis = lint_source(text, "unet.py", limits=limits).analysis
    assert analysis is not None
    assert [message for _, message in analysis.notes] == [
        "analysis stopped: more than 0 steps; raise max-steps"
    ]
    assert analysis.models == []  # it stopped before the first layer
