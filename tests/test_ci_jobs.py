"""The README's "In CI" jobs: the GitHub one is the repository's workflow, and both run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "lint.yml"


def _section_blocks(title: str) -> list[str]:
    """The indented code blocks of one README section, dedented (they hold no blank line)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    paragraphs = [p.splitlines() for p in section.split("\n\n") if p.strip()]
    return [
        "".join(line[4:] + "\n" for line in lines)
        for lines in paragraphs
        if all(line.startswith("    ") for line in lines)
    ]


def test_readme_shows_the_repository_workflow() -> None:
    github_job, _ = _section_blocks("In CI")
    assert github_job == WORKFLOW.read_text(encoding="utf-8")


def _lint_commands() -> tuple[list[str], list[str]]:
    github_job, gitlab_job = (yaml.safe_load(block) for block in _section_blocks("In CI"))
    (job,) = github_job["jobs"].values()
    github = [step["run"] for step in job["steps"] if "kerasparam-lint" in step.get("run", "")]
    gitlab = [line for line in gitlab_job["kerasparam-lint"]["script"] if "kerasparam-lint" in line]
    return github, gitlab


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """The folders the jobs lint, in a folder where their reports may be written."""
    for name in ("kerasparam_lint", "fixtures"):
        (tmp_path / name).symlink_to(REPO / name)
    return tmp_path


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_jobs_lint_commands_pass_and_write_their_reports(checkout: Path) -> None:
    github, gitlab = _lint_commands()
    assert len(github) == 2 and len(gitlab) == 1
    for command in (*github, *gitlab):
        finished = _run(command, checkout)
        assert (finished.returncode, finished.stderr) == (0, ""), command
    assert _run(github[0], checkout).stdout == ""  # the package itself is clean
    sarif = json.loads((checkout / "kerasparam-lint.sarif").read_text(encoding="utf-8"))
    quality = json.loads((checkout / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    located = sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    )
    assert located == sorted(issue["location"]["path"] for issue in quality)
    # The fixtures' deliberate findings: the posted U-Net and its hand-made tables, and
    # every data program written with a fault; never its fixed version.
    flagged = {path for path in located if not path.startswith("fixtures/real_world/")}
    faulty = {
        f"fixtures/data_programs/{program.name}"
        for program in (REPO / "fixtures" / "data_programs").glob("*.py")
        if not program.stem.endswith("_fixed") and not program.stem.startswith("accepted_")
    }
    unets = {"fixtures/unet_as_posted.py", "fixtures/unet_as_posted_3x3.py"}
    assert flagged == {*unets, "fixtures/unet_hand_table.py", *faulty}


def test_a_failing_run_fails_the_sarif_step(checkout: Path) -> None:
    """Exit status 2 (here: a missing path) is not taken for "findings"."""
    github, _ = _lint_commands()
    broken = github[1].replace("kerasparam_lint fixtures", "missing.py")
    assert "missing.py" in broken
    assert _run(broken, checkout).returncode != 0
