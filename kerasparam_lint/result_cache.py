"""An optional on-disk cache of per-file results (``--cache-dir DIR``).

A result is stored under a hash of everything it depends on: the tool version,
the command and its options, the path and the file's exact text. A changed file,
option or version is simply another key, so nothing needs invalidating; entries
nobody asks for again are never read. The cache is best effort: an unreadable or
unwritable entry costs a fresh analysis, never a wrong answer or a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from kerasparam_lint import __version__


class ResultCache:
    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)

    @staticmethod
    def key(command: str, options: str, path: str, source: str) -> str:
        digest = hashlib.sha256()
        for part in (__version__, command, options, path, source):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> Any:
        """The stored value, or None when there is none (or it cannot be read)."""
        try:
            return json.loads(self._entry(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON); written whole or not at all, so readers never see half."""
        import tempfile  # here: a run of hits only writes nothing and starts faster without it

        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            _keep_out_of_git(self.folder)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(value, file)
            os.replace(temporary, entry)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def _keep_out_of_git(folder: Path) -> None:
    """As ruff's and mypy's caches do: a cache in the project never shows in ``git status``."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# Created by kerasparam-lint.\n*\n", encoding="utf-8")
