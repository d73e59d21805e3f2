"""Run the analyzer and every lint rule over real Python code and report any crash.

    python scripts/no_crash_corpus.py               # the whole installed corpus
    python scripts/no_crash_corpus.py --sample 300  # an evenly spread, fixed sample

The corpus is the installed standard library and site-packages (found through
``sysconfig``), every ``.py`` file in sorted order. Each file goes through
``analyze_source`` and the rules (what ``check`` runs, without the "mentions Keras"
shortcut, so the evaluator sees every file). A crash is an exception escaping
either, or one the analysis caught and turned into an incomplete model (what
``check --verbose`` reports as KPL002); slow files are listed too. Exit status 1
when anything crashed.
"""

from __future__ import annotations

import argparse
import json
import sys
import sysconfig
import time
import traceback
from pathlib import Path

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.lint.run import lint_analysis
from kerasparam_lint.source.reading import UnreadableSource, read_text

SLOW_SECONDS = 5.0


def corpus_files() -> list[Path]:
    """Every ``.py`` file of the standard library and site-packages, sorted, deduplicated."""
    paths = sysconfig.get_paths()
    roots = {Path(paths[key]) for key in ("stdlib", "purelib", "platlib") if key in paths}
    files: set[Path] = set()
    for root in sorted(roots):
        if root.is_dir():
            files.update(p.resolve() for p in root.rglob("*.py") if p.is_file())
    return sorted(files)


def sample(files: list[Path], size: int) -> list[Path]:
    """``size`` files spread evenly over the sorted corpus (the same ones on every run)."""
    if size >= len(files):
        return files
    step = len(files) / size
    return [files[int(i * step)] for i in range(size)]


def check_file(path: Path) -> tuple[str | None, float]:
    """The traceback of a crash on ``path`` (None when it went through), and the seconds."""
    try:
        source = read_text(path)
    except UnreadableSource:
        return None, 0.0  # not Python text the tool would read either
    start = time.perf_counter()
    try:
        analysis = analyze_source(source, str(path))
        lint_analysis(analysis)
    except Exception:
        return traceback.format_exc(), time.perf_counter() - start
    caught = [f"{f.line}:{f.col + 1}: KPL002 {f.subject}: {f.reason}" for f in analysis.failures]
    return "\n".join(caught) or None, time.perf_counter() - start


def run(files: list[Path], verbose: bool = False) -> dict[str, object]:
    crashes: dict[str, str] = {}
    slow: dict[str, float] = {}
    start = time.perf_counter()
    for index, path in enumerate(files, 1):
        crash, seconds = check_file(path)
        if crash is not None:
            crashes[str(path)] = crash
        if seconds > SLOW_SECONDS:
            slow[str(path)] = round(seconds, 2)
        if verbose and index % 500 == 0:
            print(f"{index}/{len(files)} files, {len(crashes)} crashes", file=sys.stderr)
    return {
        "files": len(files),
        "seconds": round(time.perf_counter() - start, 1),
        "crashes": crashes,
        "slow": slow,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, metavar="N", help="check N files, evenly spread")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    files = corpus_files()
    if args.sample is not None:
        files = sample(files, args.sample)
    report = run(files, verbose=not args.json)
    crashes: dict[str, str] = report["crashes"]  # type: ignore[assignment]
    if args.json:
        print(json.dumps(report))
    else:
        for path, crash in crashes.items():
            print(f"CRASH {path}\n{crash}")
        for path, seconds in report["slow"].items():  # type: ignore[attr-defined]
            print(f"slow  {path}: {seconds} s")
        print(f"{report['files']} files in {report['seconds']} s: {len(crashes)} crashes")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
