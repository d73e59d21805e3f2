"""Jupyter notebooks, written by the real nbformat: ``check``, ``summary``, ``annotate``.

The code cells are one module; IPython lines are blanked; findings are at
``nb.ipynb:cell N:line:col``; ``--fix`` and ``annotate --write`` change only the
cells' source lines and keep every other byte of the file.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
import yaml

from kerasparam_lint.frontends.cli import main
from kerasparam_lint.source.notebook import Notebook
from tests.keras_oracle import keras_summary
from tests.static_summary import comparable

PASSED = "All checks passed!\n"  # a clean text run says so, as ruff's does

nbformat = pytest.importorskip("nbformat")
v4 = nbformat.v4

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def fixture_cells(name: str) -> list[str]:
    """The fixture's code after its docstring, as a notebook author splits it: imports,
    the encoder, the decoder, the model."""
    lines = (FIXTURES / name).read_text().splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("from keras"))
    body = lines[start:]
    encoder = next(i for i, line in enumerate(body) if line.startswith("inputs ="))
    decoder = next(i for i, line in enumerate(body) if line.startswith("up6 ="))
    model = next(i for i, line in enumerate(body) if line.startswith("model ="))
    cuts = [0, encoder, decoder, model, len(body)]
    return ["".join(body[a:b]).strip("\n") for a, b in zip(cuts, cuts[1:], strict=False)]


def unet_notebook(name: str) -> str:
    """The U-Net as a Colab user writes it: magics, markdown between the code, outputs."""
    imports, encoder, decoder, model = fixture_cells(name)
    cells = [
        v4.new_markdown_cell("# U-Net for 256x256 masks"),
        v4.new_code_cell("%matplotlib inline\n!pip install -q keras\n" + imports),
        v4.new_markdown_cell("## Encoder"),
        v4.new_code_cell(encoder),
        v4.new_code_cell(decoder),
        v4.new_code_cell(model + "\nmodel.summary?"),
    ]
    cells[3].outputs = [v4.new_output("stream", name="stdout", text="built the encoder\n")]
    cells[3].execution_count = 3
    notebook = v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    return nbformat.writes(notebook)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def without_lines(document: dict) -> list[dict]:
    """The models of a summary document, without source lines (a notebook's differ)."""
    models = []
    for model in document["files"][0]["models"]:
        layers = [{k: v for k, v in layer.items() if k != "line"} for layer in model["layers"]]
        models.append({**{k: v for k, v in model.items() if k != "line"}, "layers": layers})
    return models


def test_summary_of_the_unet_over_several_cells(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "unet.ipynb").write_text(unet_notebook("unet.py"), encoding="utf-8")
    status, out, _ = run(capsys, "summary", "--format", "json", "unet.ipynb")
    assert status == 0
    from_notebook = json.loads(out)
    from_file = json.loads(run(capsys, "summary", "--format", "json", str(FIXTURES / "unet.py"))[1])
    assert without_lines(from_notebook) == without_lines(from_file)
    assert from_notebook["files"][0]["models"][0]["total_params"] == 31_031_685
    status, out, _ = run(capsys, "summary", "unet.ipynb")
    assert status == 0 and "Total params: 31,031,685" in out


def test_findings_are_at_their_cells(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "posted.ipynb").write_text(unet_notebook("unet_as_posted.py"), encoding="utf-8")
    status, out, _ = run(capsys, "check", "posted.ipynb")
    assert status == 1
    assert [line.split(" [*] ")[0] for line in out.splitlines()] == [
        "posted.ipynb:cell 4:1:10: KPL301",
        "posted.ipynb:cell 6:1:9: KPL302",
    ]
    _, out, _ = run(capsys, "check", "--format", "json", "posted.ipynb")
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["cell"], f["line"], f["col"], f["code"]) for f in findings] == [
        (4, 1, 10, "KPL301"),
        (6, 1, 9, "KPL302"),
    ]
    assert {edit["cell"] for f in findings for edit in f["fix"]["edits"]} == {4, 6}
    assert findings[1]["fix"]["edits"][0]["line"] == 1
    _, out, _ = run(capsys, "check", "--format", "sarif", "posted.ipynb")
    results = json.loads(out)["runs"][0]["results"]
    assert [(r["properties"]["cell"], r["ruleId"]) for r in results] == [
        (4, "KPL301"),
        (6, "KPL302"),
    ]
    # A folder's notebooks are checked with its Python files.
    shutil.copy(FIXTURES / "unet.py", workdir / "unet.py")
    _, out, _ = run(capsys, "check", ".")
    assert {line.split(":")[0] for line in out.splitlines()} == {"./posted.ipynb"}


def test_fix_edits_only_the_cells(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / "posted.ipynb"
    before = unet_notebook("unet_as_posted.py")
    path.write_text(before, encoding="utf-8")
    status, out, err = run(capsys, "check", "--diff", "posted.ipynb")
    assert status == 1 and path.read_text(encoding="utf-8") == before
    assert [line for line in out.splitlines() if line.startswith(("---", "+++"))] == [
        "--- posted.ipynb:cell 4",
        "+++ posted.ipynb:cell 4",
        "--- posted.ipynb:cell 6",
        "+++ posted.ipynb:cell 6",
    ]
    assert run(capsys, "check", "--fix", "posted.ipynb")[:2] == (0, "")
    after = path.read_text(encoding="utf-8")
    changed = [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]
    assert changed == [
        '-     "inputs = Input(256,256,1)\\n",',
        '+     "inputs = Input((256,256,1))\\n",',
        '-     "model = Model(input = inputs, output = conv10)\\n",',
        '+     "model = Model(inputs = inputs, outputs = conv10)\\n",',
    ]
    assert nbformat.validate(nbformat.reads(after, as_version=4)) is None
    assert run(capsys, "check", "posted.ipynb")[:2] == (0, PASSED)
    assert run(capsys, "check", "--fix", "posted.ipynb")[:2] == (0, PASSED)
    assert path.read_text(encoding="utf-8") == after


def test_the_fixed_notebook_builds_under_keras_as_summarized(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("keras")
    path = workdir / "posted.ipynb"
    path.write_text(unet_notebook("unet_as_posted.py"), encoding="utf-8")
    run(capsys, "check", "--fix", "posted.ipynb")
    cells = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4).cells
    code = [
        line
        for cell in cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if not line.startswith(("%", "!")) and not line.endswith("?")
    ]
    script = workdir / "as_run.py"
    script.write_text("\n".join(code) + "\n")
    keras_document = keras_summary(str(script))
    assert "error" not in keras_document, keras_document
    _, out, _ = run(capsys, "summary", "--format", "json", "posted.ipynb")
    assert comparable(json.loads(out)["files"][0]) == comparable(keras_document)


def test_annotate_writes_into_the_cells(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / "unet.ipynb"
    before = unet_notebook("unet.py")
    path.write_text(before, encoding="utf-8")
    status, out, _ = run(capsys, "annotate", "unet.ipynb")
    assert status == 1 and out.startswith("--- unet.ipynb:cell 4\n+++ unet.ipynb:cell 4\n")
    assert run(capsys, "annotate", "--write", "unet.ipynb")[0] == 1
    after = path.read_text(encoding="utf-8")
    old, new = json.loads(before), json.loads(after)
    for cell in (*old["cells"], *new["cells"]):
        cell.pop("source")
    assert old == new  # outputs, metadata, execution counts: as they were
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())]
    assert all(line[2:].startswith('    "') for line in changed if line[:1] in "+-")
    cells = nbformat.reads(after, as_version=4).cells
    assert cells[3].source.splitlines()[0] == (
        "inputs = Input((256, 256, 1))  # (None, 256, 256, 1) · 0 params"
    )
    # Too long for its line, the annotation goes above the statement, in its cell.
    assert cells[4].source.splitlines()[:2] == [
        "# (None, 32, 32, 512) · 2,097,664 params",
        "up6 = Conv2D(512, 2, activation = 'relu', padding = 'same')"
        "(UpSampling2D(size = (2,2))(drop5))",
    ]
    assert cells[3].source.endswith(
        "drop5 = Dropout(0.5)(conv5)  # (None, 16, 16, 1024) · 0 params"
    )
    assert run(capsys, "annotate", "--write", "unet.ipynb")[0] == 0
    assert path.read_text(encoding="utf-8") == after


def test_magics_are_blanked_and_strings_kept() -> None:
    notebook = v4.new_notebook(
        cells=[
            v4.new_code_cell("import keras\n%load_ext autoreload\n!ls data\nfiles = !ls"),
            v4.new_code_cell("%%bash\necho this is not Python"),
            v4.new_code_cell("%%time\nx = keras.Input((8,))\nkeras.Input?"),
            v4.new_code_cell('note = """\n% of the data\n"""\nfor i in range(2):\n    %time f()'),
        ]
    )
    parsed = Notebook.parse(nbformat.writes(notebook))
    assert parsed.text.splitlines() == [
        "import keras",
        "",
        "",
        "",
        "",
        "",
        "",
        "x = keras.Input((8,))",
        "",
        'note = """',
        "% of the data",
        '"""',
        "for i in range(2):",
        "    pass",
    ]
    assert [parsed.location(line) for line in (1, 5, 8, 14)] == [(1, 1), (2, 1), (3, 2), (4, 5)]


def test_every_hook_reads_notebooks_too() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {hook["id"] for hook in hooks} >= {
        "kerasparam-lint",
        "kerasparam-lint-annotate",
        "kerasparam-lint-fix",
    }
    assert all(hook["types_or"] == ["python", "jupyter"] for hook in hooks)
    assert all("types" not in hook for hook in hooks)
