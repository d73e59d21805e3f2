"""``kerasparam-lint ... | head``: a reader that goes away ends the run quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

COMMANDS = [
    ["summary", "vgg16.py"],
    ["summary", "--format", "json", "vgg16.py"],
    ["summary", "--explain", "vgg16.py"],
    ["check", "unet_as_posted.py"],
    ["check", "--format", "json", "unet_as_posted.py"],
    ["annotate", "vgg16.py"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_closed_pipe_ends_the_run_without_a_traceback(argv: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `| head` does once it has its lines
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kerasparam_lint", *argv],
            cwd=FIXTURES,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141  # 128 + SIGPIPE, what a shell shows for `yes | head`
