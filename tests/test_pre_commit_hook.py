"""The pre-commit hook, run with ``pre-commit try-repo`` on a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def _pre_commit() -> list[str]:
    executable = Path(sys.executable).with_name("pre-commit")
    if executable.exists():
        return [str(executable)]
    found = shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed")
    return [found]


def _git(cwd: Path, *argv: str) -> None:
    subprocess.run(["git", *argv], cwd=cwd, check=True, capture_output=True)


def test_hook_reports_findings_and_passes_clean_files(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and the project's git repository")
    command = _pre_commit()
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copy(FIXTURES / "unet_as_posted.py", repo / "unet_as_posted.py")
    shutil.copy(FIXTURES / "unet.py", repo / "unet.py")
    (repo / "notes.txt").write_text("Input(256, 256, 1)\n")
    _git(repo, "add", ".")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    # The committed tree, as users get it (not the working tree's edits in progress).
    hook = ["try-repo", str(ROOT), "kerasparam-lint", "--ref", head, "--all-files", "--verbose"]

    def run() -> tuple[int, str]:
        result = subprocess.run(
            [*command, *hook], cwd=repo, capture_output=True, text=True, env=env, timeout=900
        )
        return result.returncode, result.stdout + result.stderr

    status, output = run()
    if "An unexpected error has occurred" in output and "pip" in output:
        pytest.skip("pre-commit could not install the hook's environment (offline?)")
    assert status == 1, output
    assert "unet_as_posted.py:10:10: KPL301" in output
    assert "unet_as_posted.py:45:9: KPL302" in output
    assert "unet.py:" not in output.replace("unet_as_posted.py:", "")
    assert "notes.txt" not in output
    # The hook keeps its result cache in the repository's root, out of git's sight.
    cache = repo / ".kerasparam_lint_cache"
    assert len(list(cache.rglob("*.json"))) == 2
    _git(repo, "add", ".")
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"], cwd=repo, capture_output=True, text=True
    ).stdout.split()
    assert staged == ["notes.txt", "unet.py", "unet_as_posted.py"]
    # A second run reads both files' results back and reports the same.
    entries = sorted(p.stat().st_mtime_ns for p in cache.rglob("*.json"))
    again, repeated = run()
    assert again == status
    findings = [line for line in output.splitlines() if " KPL" in line]
    assert [line for line in repeated.splitlines() if " KPL" in line] == findings
    assert sorted(p.stat().st_mtime_ns for p in cache.rglob("*.json")) == entries
