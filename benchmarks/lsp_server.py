"""The language server, warm, against a cold ``kerasparam-lint check`` of the same file.

    python benchmarks/lsp_server.py [--repeat N] [--debounce-ms MS]

One server is started on the U-Net fixture and kept running, as an editor keeps it.
Each round edits the document (the up-conv's filters, 512 <-> 256, so every round's
text is new to the analyzer) and measures, from the moment the change is sent:

- **hover after an edit**: the change, then a hover on the up-conv at once, until the
  answer arrives (it must show the edited count: the analysis of the new text);
- **diagnostics after the debounce**: the change alone, until the server publishes
  that version's diagnostics, less the debounce the server waits for typing to stop.

Each round also runs ``kerasparam-lint check fixtures/unet.py`` as a new process (what
a plain editor integration or a pre-commit hook pays per file); the rounds alternate,
so a busy machine slows both alike. Medians are printed with the ratio of the cold
check to each. This is a script, not a test: timings on shared machines are not asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from run import REPO, UNET, child_environment, kerasparam_lint_command, run_process

UP_CONV = "up6 = Conv2D(512, 2,"
EDITED = "up6 = Conv2D(256, 2,"
# The up-conv's params before and after the edit: (2*2*1024 + 1) * 512 and * 256.
COUNTS = ("2,097,664", "1,048,832")


class Session:
    """A client holding one server open on the U-Net, recording when diagnostics come."""

    def __init__(self, debounce_ms: int) -> None:
        self.debounce_ms = debounce_ms
        self.client = LanguageClient("kerasparam-lint-benchmark", "1")
        self.published: dict[int, float] = {}  # version -> when its diagnostics arrived
        self.uri = UNET.as_uri()
        self.texts = (
            UNET.read_text(encoding="utf-8"),
            UNET.read_text(encoding="utf-8").replace(UP_CONV, EDITED),
        )
        self.version = 1
        lines = self.texts[0].splitlines()
        self.up_conv = next(i for i, line in enumerate(lines) if line.startswith(UP_CONV))

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.published[params.version] = time.perf_counter()

    async def start(self) -> None:
        await self.client.start_io(
            *kerasparam_lint_command(), "lsp", env=child_environment(), cwd=str(REPO)
        )
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=REPO.as_uri(),
                initialization_options={"debounceMs": self.debounce_ms},
            )
        )
        self.client.initialized(types.InitializedParams())
        item = types.TextDocumentItem(
            uri=self.uri, language_id="python", version=1, text=self.texts[0]
        )
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await self._diagnostics(1)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def _change(self) -> int:
        self.version += 1
        text = self.texts[self.version % 2]
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.version, uri=self.uri),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.version

    async def _diagnostics(self, version: int) -> float:
        while version not in self.published:
            await asyncio.sleep(0.001)
        return self.published[version]

    async def hover_after_edit(self) -> float:
        start = time.perf_counter()
        version = self._change()
        hover = await self.client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri),
                position=types.Position(line=self.up_conv, character=8),
            )
        )
        took = time.perf_counter() - start
        assert hover is not None and isinstance(hover.contents, types.MarkupContent)
        assert COUNTS[version % 2] in hover.contents.value, hover.contents.value
        await self._diagnostics(version)  # let it settle before the next measurement
        return took

    async def diagnostics_after_debounce(self) -> float:
        start = time.perf_counter()
        version = self._change()
        arrived = await self._diagnostics(version)
        return arrived - start - self.debounce_ms / 1000


def cold_check() -> float:
    return run_process([*kerasparam_lint_command(), "check", str(UNET)]).wall


async def measure(repeats: int, debounce_ms: int) -> dict[str, list[float]]:
    session = Session(debounce_ms)
    await session.start()
    samples: dict[str, list[float]] = {"check": [], "hover": [], "diagnostics": []}
    try:
        for round_ in range(repeats + 1):  # the first round warms every side up
            found = {
                "check": cold_check(),
                "hover": await session.hover_after_edit(),
                "diagnostics": await session.diagnostics_after_debounce(),
            }
            if round_:
                for name, value in found.items():
                    samples[name].append(value)
    finally:
        await session.stop()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="measured rounds")
    parser.add_argument("--debounce-ms", type=int, default=200, help="the server's debounce")
    args = parser.parse_args()
    samples = asyncio.run(measure(args.repeat, args.debounce_ms))
    check, hover, published = (statistics.median(samples[k]) for k in samples)
    relative = Path(UNET).relative_to(REPO)
    print(f"{relative}, {args.repeat} rounds, debounce {args.debounce_ms} ms (medians)")
    print(f"cold `kerasparam-lint check`, wall time     {check * 1000:7.1f} ms")
    print(
        f"warm server: hover after an edit           {hover * 1000:7.1f} ms  "
        f"target <= 50 ms  {'met' if hover <= 0.05 else 'MISSED'}  "
        f"cold check / hover: {check / hover:.1f}x"
    )
    print(
        f"warm server: diagnostics after debounce    {published * 1000:7.1f} ms  "
        f"target <= 100 ms  {'met' if published <= 0.1 else 'MISSED'}  "
        f"cold check / diagnostics: {check / published:.1f}x"
    )


if __name__ == "__main__":
    sys.exit(main())
