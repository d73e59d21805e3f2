"""The project's line length, as its formatter and linter read it, for ``annotate``.

From the file's folder upwards, the first folder with a configuration decides, in
ruff's order (``.ruff.toml``, ``ruff.toml``, ``pyproject.toml`` with ``[tool.ruff]``;
black's ``[tool.black]`` there too), then flake8's (``.flake8``, ``setup.cfg``,
``tox.ini`` with ``[flake8]``). Without any, 88: ruff's and black's default.
"""

from __future__ import annotations

import configparser
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the tomli backport, on Python 3.10
    import tomli as tomllib

DEFAULT = 88


def project_line_length(path: str | Path) -> int:
    folder = Path(path).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        found = _configured(candidate)
        if found is not None:
            return found
    return DEFAULT


def _configured(folder: Path) -> int | None:
    """The folder's line length, DEFAULT if it configures ruff or flake8 without one,
    None if it configures neither (the search goes on upwards)."""
    for name in (".ruff.toml", "ruff.toml"):
        document = _toml(folder / name)
        if document is not None:
            return _positive(document.get("line-length"))
    pyproject = _toml(folder / "pyproject.toml") or {}
    tools = pyproject.get("tool", {})
    for tool in ("ruff", "black"):
        if isinstance(tools.get(tool), dict):
            return _positive(tools[tool].get("line-length"))
    for name in (".flake8", "setup.cfg", "tox.ini"):
        parser = configparser.ConfigParser()
        try:
            parser.read(folder / name, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError):
            continue
        if parser.has_section("flake8"):
            value = parser.get("flake8", "max-line-length", fallback=None)
            value = value or parser.get("flake8", "max_line_length", fallback=None)
            return _positive(value.strip() if value else None)
    return None


def _toml(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _positive(value: Any) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and value > 0 else DEFAULT
