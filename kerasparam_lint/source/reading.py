"""Turning a path (or ``-``, standard input) into source text, as Python reads source.

The encoding is what CPython would use (:func:`tokenize.detect_encoding`): a UTF-8
byte order mark, a ``# -*- coding: latin-1 -*-`` cookie, else UTF-8. The BOM is not
part of the text. Line endings are kept as they are, so that writing the text back
(:func:`write_source`, with the encoding it was read in) changes only what was edited.
Every front end reads files through :func:`read_source`, and imported project modules
too, so each file is read the same way wherever it is read.
"""

from __future__ import annotations

import io
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

STDIN = "-"


class UnreadableSource(Exception):
    """The file cannot be read, or is not text in the encoding it declares."""


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str  # as detect_encoding names it: "utf-8", "utf-8-sig" (with a BOM), ...

    def encoded(self, text: str) -> bytes:
        """``text`` (an edited version of this one) in this file's encoding, BOM included."""
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as error:
            raise UnreadableSource(f"the new text cannot be written in {self.encoding}") from error


def decode_source(data: bytes) -> SourceText:
    """The text of a Python file's bytes, decoded as CPython would decode them."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return SourceText(data.decode(encoding), encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        raise UnreadableSource(str(error)) from error


def read_source(path: str) -> SourceText:
    """The source text of ``path`` (of standard input for ``-``)."""
    try:
        data = sys.stdin.buffer.read() if path == STDIN else Path(path).read_bytes()
    except OSError as error:
        raise UnreadableSource(error.strerror or str(error)) from error
    return decode_source(data)


def read_text(path: str | Path) -> str:
    """Only the text (what an imported module needs), or :class:`UnreadableSource`."""
    return read_source(str(path)).text


def write_source(path: str, source: SourceText, text: str) -> None:
    """Replace the file read as ``source`` with ``text``, in the same encoding and BOM."""
    Path(path).write_bytes(source.encoded(text))
