"""``kerasparam-lint check`` on a whole installed tree, against ``ruff check`` on the same.

    python benchmarks/environment_vs_ruff.py [TREE] [--repeat N]

TREE defaults to this interpreter's site-packages, the "whole environment". Both
tools run as child processes, measured as in ``benchmarks/run.py`` (an unmeasured
warm-up of each, then alternating rounds; wall time: the CPU time ``os.wait4`` reports
leaves out kerasparam-lint's worker processes). Neither keeps a cache:
ruff with ``--no-cache``, kerasparam-lint without ``--cache-dir``, and with its
default ``--jobs`` (one process per core), as ruff uses every core too.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import sysconfig

from run import Sample, alternate, kerasparam_lint_command, median, run_process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tree", nargs="?", default=sysconfig.get_paths()["purelib"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    ruff = shutil.which("ruff")
    if ruff is None:
        sys.exit("ruff is not installed")
    lint = [*kerasparam_lint_command(), "check", "--exit-zero", "--quiet", args.tree]
    ruffs = [ruff, "check", "--no-cache", "--exit-zero", "--quiet", "--isolated", args.tree]

    def ours() -> Sample:
        return run_process(lint)

    def theirs() -> Sample:
        return run_process(ruffs)

    samples = alternate({"kerasparam-lint": ours, "ruff": theirs}, args.repeat)
    mine, theirs_ = median(samples["kerasparam-lint"], "wall"), median(samples["ruff"], "wall")
    print(f"wall: kerasparam-lint {mine:.1f} s, ruff {theirs_:.1f} s: {mine / theirs_:.1f}x")


if __name__ == "__main__":
    main()
