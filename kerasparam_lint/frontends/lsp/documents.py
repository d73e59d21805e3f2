"""The open documents: each one's newest text, and its analysis, off the main loop.

Analyses run one at a time on one worker thread (the parse cache they share is not
made for threads), so the server keeps reading messages while a file is analyzed.
A change cancels the analysis of the text it replaces (see
:class:`~kerasparam_lint.frontends.lsp.analysis.InterruptibleLimits`) and schedules
the new text's after a pause in typing (the debounce); a request that needs the new
text's analysis (hover, inlay hints, ...) starts it at once, and is answered as soon
as the models are known, while the rules run. Only the analysis of a document's
newest text is ever published.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from pygls.workspace.position_codec import PositionCodec

from kerasparam_lint.frontends.lsp.analysis import (
    Cancelled,
    DocumentResult,
    Snapshot,
    analyze,
)

T = TypeVar("T")


@dataclass
class _Job:
    snapshot: Snapshot
    cancelled: threading.Event
    analyzed: asyncio.Future[DocumentResult]  # the models: enough for hover and hints
    future: asyncio.Future[DocumentResult]  # the findings too


@dataclass
class _Document:
    snapshot: Snapshot
    codec: PositionCodec
    job: _Job | None = None
    result: DocumentResult | None = None
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)


class Documents:
    def __init__(
        self,
        on_result: Callable[[DocumentResult], None],
        on_log: Callable[[str], None],
    ) -> None:
        self._on_result = on_result
        self._on_log = on_log
        self._documents: dict[str, _Document] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kerasparam-lint")

    def update(self, snapshot: Snapshot, codec: PositionCodec, delay: float = 0.0) -> None:
        """A document was opened, changed or saved: analyze ``snapshot`` after ``delay``."""
        document = self._documents.get(snapshot.uri)
        if document is None:
            document = self._documents[snapshot.uri] = _Document(snapshot, codec)
        document.snapshot, document.codec = snapshot, codec
        self._stop(document)
        if delay > 0:
            loop = asyncio.get_running_loop()
            document.timer = loop.call_later(delay, self._start, document)
        else:
            self._start(document)

    def close(self, uri: str) -> None:
        document = self._documents.pop(uri, None)
        if document is not None:
            self._stop(document)

    def shutdown(self) -> None:
        for document in self._documents.values():
            self._stop(document)
        self._worker.shutdown(wait=False, cancel_futures=True)

    async def result(self, uri: str) -> DocumentResult | None:
        """The analysis of the document's newest text, with its findings (waiting for it
        if need be)."""
        return await self._newest(uri, lambda job: job.future)

    async def analyzed(self, uri: str) -> DocumentResult | None:
        """The same once its models are known, before the rules have run."""
        return await self._newest(uri, lambda job: job.analyzed)

    async def _newest(
        self, uri: str, stage: Callable[[_Job], asyncio.Future[DocumentResult]]
    ) -> DocumentResult | None:
        while (document := self._documents.get(uri)) is not None:
            current = document.result
            if current is not None and current.snapshot is document.snapshot:
                return current
            self._start(document)
            job = document.job
            assert job is not None
            try:
                return await asyncio.shield(stage(job))
            except Cancelled:
                continue  # a newer text arrived: wait for its analysis instead
            except Exception:
                return None
        return None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function`` on the worker, after the analyses it may read."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, partial(function, *args))

    def _stop(self, document: _Document) -> None:
        if document.timer is not None:
            document.timer.cancel()
            document.timer = None
        job = document.job
        if job is not None and job.snapshot is not document.snapshot:
            job.cancelled.set()

    def _start(self, document: _Document) -> None:
        if document.timer is not None:
            document.timer.cancel()
            document.timer = None
        job = document.job
        if job is not None and job.snapshot is document.snapshot:
            return
        loop = asyncio.get_running_loop()
        snapshot = document.snapshot
        analyzed: asyncio.Future[DocumentResult] = loop.create_future()

        def models_known(result: DocumentResult) -> None:  # called on the worker
            loop.call_soon_threadsafe(_resolve, analyzed, result)

        cancelled = threading.Event()
        future = loop.run_in_executor(
            self._worker, analyze, snapshot, document.codec, cancelled, models_known
        )
        job = document.job = _Job(snapshot, cancelled, analyzed, future)
        future.add_done_callback(partial(self._finished, document, job))

    def _finished(self, document: _Document, job: _Job, future: asyncio.Future[Any]) -> None:
        if future.cancelled():
            job.analyzed.cancel()
            return
        error = future.exception()
        if error is not None and not job.analyzed.done():
            job.analyzed.set_exception(error)
        if isinstance(error, Cancelled):
            return
        if error is not None:  # analyze() reports the analyzer's faults itself: this is ours
            self._on_log(f"{job.snapshot.path}: internal error: {error!r}")
            return
        result: DocumentResult = future.result()
        _resolve(job.analyzed, result)
        for line in result.unlogged():
            self._on_log(line)
        current = self._documents.get(job.snapshot.uri) is document
        if current and document.job is job and document.snapshot is job.snapshot:
            document.result = result
            self._on_result(result)


def _resolve(future: asyncio.Future[DocumentResult], result: DocumentResult) -> None:
    if not future.done():
        future.set_result(result)
