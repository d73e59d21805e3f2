"""Write ``docs/rules.md``, the rule reference, from the rules themselves.

Each rule's docstring is its documentation and its ``VALID`` / ``INVALID``
examples are the ones the test suite runs, so the reference cannot drift from
the code. ``--check`` exits 1 when the file on disk is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kerasparam_lint.rules.documentation import render

OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if docs/rules.md is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.name} is out of date; run scripts/document_rules.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
