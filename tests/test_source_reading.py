"""Source is read as Python reads it: BOM, coding cookies, line endings; written back alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from kerasparam_lint.frontends.cli import main
from kerasparam_lint.source.reading import UnreadableSource, decode_source

BOM = b"\xef\xbb\xbf"
FLAGGED = b"""\
import keras
from keras import layers

inputs = keras.Input(784)
model = keras.Model(inputs, layers.Dense(3)(inputs))
"""
LATIN_1 = b"""\
# -*- coding: latin-1 -*-
# mod\xe8le
import keras
from keras import layers

inputs = keras.Input((4,))
model = keras.Model(inputs, layers.Dense(3)(inputs))
"""
FLAG = "KPL301 [*] Input shape must be a tuple, got 784; write shape=(784,)"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_bom_is_not_part_of_the_text(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "bom.py").write_bytes(BOM + FLAGGED)
    assert main(["check", "bom.py"]) == 1
    assert capsys.readouterr().out.splitlines() == [f"bom.py:4:10: {FLAG}"]


def test_line_endings_do_not_move_findings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "crlf.py").write_bytes(FLAGGED.replace(b"\n", b"\r\n"))
    assert main(["check", "crlf.py"]) == 1
    assert capsys.readouterr().out.splitlines() == [f"crlf.py:4:10: {FLAG}"]


def test_a_coding_cookie_is_honoured(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "latin.py").write_bytes(LATIN_1)
    assert main(["summary", "latin.py"]) == 0
    assert "Total params: 15 (60.00 B)" in capsys.readouterr().out
    assert decode_source(LATIN_1).text.splitlines()[1] == "# modèle"


def test_annotate_writes_in_the_encoding_it_read(folder: Path) -> None:
    utf8 = LATIN_1.replace(b"latin-1", b"utf-8").replace(b"\xe8", "è".encode())
    (folder / "latin.py").write_bytes(LATIN_1)
    (folder / "bom.py").write_bytes(BOM + utf8.replace(b"\n", b"\r\n"))
    assert main(["annotate", "--write", "latin.py", "bom.py"]) == 1
    annotations = {
        b"inputs = keras.Input((4,))\n": b"inputs = keras.Input((4,))  # (None, 4) \xb7 0 params\n",
        b"(inputs))\n": b"(inputs))  # (None, 3) \xb7 15 params\n",
    }
    expected = LATIN_1
    for old, new in annotations.items():
        expected = expected.replace(old, new)
    assert (folder / "latin.py").read_bytes() == expected
    in_utf8 = expected.replace(b"latin-1", b"utf-8").decode("latin-1").encode()
    assert (folder / "bom.py").read_bytes() == BOM + in_utf8.replace(b"\n", b"\r\n")


def test_annotate_leaves_a_file_its_encoding_cannot_hold(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ascii_source = LATIN_1.replace(b"latin-1", b"ascii").replace(b"\xe8", b"e")
    (folder / "plain.py").write_bytes(ascii_source)
    assert main(["annotate", "--write", "plain.py"]) == 2
    assert (folder / "plain.py").read_bytes() == ascii_source
    assert (
        "cannot write plain.py: the new text cannot be written in ascii" in capsys.readouterr().err
    )


def test_undecodable_bytes_are_unreadable_not_a_crash(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UnreadableSource):
        decode_source(b"import keras\nname = '\xe8'\n")
    (folder / "bad.py").write_bytes(b"import keras\nname = '\xe8'\n")
    assert main(["check", "bad.py"]) == 2
    assert capsys.readouterr().err.startswith("kerasparam-lint: cannot read bad.py: ")
