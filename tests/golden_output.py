"""Golden-output files: ``tests/golden/<name>.out`` holds the exact expected CLI output.

``pytest --overwrite-golden`` rewrites them from the current output; review the
diff before committing it.
"""

from __future__ import annotations

import os

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def check_golden(name: str, actual: str, overwrite: bool) -> None:
    path = os.path.join(GOLDEN_DIR, f"{name}.out")
    if overwrite:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(actual)
        return
    with open(path, encoding="utf-8") as handle:
        expected = handle.read()
    assert actual == expected, f"{path} differs; run pytest --overwrite-golden and review"
