"""An optional on-disk cache of per-file results (``--cache-dir DIR``).

A result is stored under a hash of what is known before analyzing: the tool
version, the command and its options, the path and the file's exact text. A
changed file, option or version is simply another key, so nothing needs
invalidating; entries nobody asks for again are never read. The other files an
analysis read (the project modules a file imports) are only known after it: the
entry records their digests, and a hit whose dependencies changed is a miss.
The cache is best effort: an unreadable or unwritable entry costs a fresh
analysis, never a wrong answer or a failure.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
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
        """The stored value, or None when there is none, it cannot be read, or a file it
        depends on has changed since."""
        try:
            entry = json.loads(self._entry(key).read_text(encoding="utf-8"))
            dependencies = entry["dependencies"]
            value = entry["value"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if any(_digest(path) != digest for path, digest in dependencies.items()):
            return None
        return value

    def put(self, key: str, value: Any, dependencies: Sequence[str] = ()) -> None:
        """Store ``value`` (JSON) with the digests of the files it was computed from;
        written whole or not at all, so readers never see half."""
        import tempfile  # here: a run of hits only writes nothing and starts faster without it

        entry = self._entry(key)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            _keep_out_of_git(self.folder)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        except OSError:
            return
        entry_value = {"value": value, "dependencies": {p: _digest(p) for p in dependencies}}
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(entry_value, file)
            os.replace(temporary, entry)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


def _digest(path: str) -> str | None:
    """The file's content digest (None when it cannot be read, as when it is gone)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _keep_out_of_git(folder: Path) -> None:
    """As ruff's and mypy's caches do: a cache in the project never shows in ``git status``."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# Created by kerasparam-lint.\n*\n", encoding="utf-8")
