"""Programs in the style of Stack Overflow shape questions: data read from files meets a model.

Each ``fixtures/data_programs/NAME.py`` holds one data fault that the file shows
(``# expect: KPL11x`` marks the lines a person would change: the ``fit``/
``predict`` call, or the layer that causes it), and ``NAME_fixed.py`` is the
same program repaired; ``accepted_*.py`` look wrong but Keras 3 runs them.

* Real Keras runs every program on small stand-ins of the files it reads: a
  faulty one raises a ValueError on a marked line, the others run.
* The analyzer reports each fault on a marked line (at least 8 in 10 overall),
  and nothing on the fixed and accepted programs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "fixtures" / "data_programs"
KERAS_RAISES = ROOT / "tests" / "keras_raises.py"
DATA_CODES = ("KPL111", "KPL112", "KPL113")
MARK = "# expect: "

FAULTY = sorted(
    p.stem for p in PROGRAMS.glob("*.py") if not p.stem.endswith("_fixed") and MARK in p.read_text()
)
CLEAN = sorted(p.stem for p in PROGRAMS.glob("*.py") if p.stem not in FAULTY)

# What the analyzer does not follow yet: the case stays in the aggregate count.
NOT_YET: dict[str, str] = {}
# Programs that read their data with tf.data (image_dataset_from_directory):
# TensorFlow is not a test dependency, so real Keras cannot run them here.
NEEDS_TENSORFLOW = {"flowers_image_size", "flowers_int_labels"}


def source(name: str) -> str:
    return (PROGRAMS / f"{name}.py").read_text(encoding="utf-8")


def marked(name: str) -> dict[int, str]:
    """Line -> expected code, from the program's ``# expect:`` comments."""
    return {
        number: line.split(MARK, 1)[1].strip()
        for number, line in enumerate(source(name).splitlines(), 1)
        if MARK in line
    }


def data_findings(name: str) -> list[tuple[str, int]]:
    result = lint_source(source(name), f"{name}.py", Selection(select=DATA_CODES))
    return [(f.code, f.line) for f in result.findings]


def caught(name: str) -> bool:
    """One data finding, with the expected code, on a line the program marks."""
    found = data_findings(name)
    lines = marked(name)
    return len(found) == 1 and lines.get(found[0][1]) == found[0][0]


# ---------------------------------------------------------------------------
# The analyzer on the programs
# ---------------------------------------------------------------------------


def _faulty_param(name: str) -> object:
    if name in NOT_YET:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[name]))
    return name


@pytest.mark.parametrize("name", [_faulty_param(n) for n in FAULTY])
def test_fault_is_reported_where_it_is_fixed(name: str) -> None:
    assert caught(name), data_findings(name)


@pytest.mark.parametrize("name", CLEAN)
def test_fixed_and_accepted_programs_are_silent(name: str) -> None:
    assert data_findings(name) == []


def test_at_least_eight_faults_in_ten_are_caught() -> None:
    assert len(FAULTY) >= 20 and all(f"{n}_fixed" in CLEAN for n in FAULTY)
    hits = [name for name in FAULTY if caught(name)]
    assert len(hits) >= 0.8 * len(FAULTY), sorted(set(FAULTY) - set(hits))


# ---------------------------------------------------------------------------
# Real Keras on the same programs, with stand-ins of their data files
# ---------------------------------------------------------------------------

ROWS = 16
rng = np.random.default_rng(0)


def _table(columns: dict[str, object]) -> dict[str, list]:
    table: dict[str, list] = {}
    for column, kind in columns.items():
        if kind == "text":
            table[column] = [f"word{i} other{i % 3} text" for i in range(ROWS)]
        elif isinstance(kind, int):  # class ids 0..kind-1
            table[column] = [i % kind for i in range(ROWS)]
        else:
            table[column] = list(rng.random(ROWS).round(3))
    return table


def _write_csv(path: Path, columns: dict[str, object], sep: str = ",") -> None:
    import pandas as pd

    pd.DataFrame(_table(columns)).to_csv(path, index=False, sep=sep)


def _floats(names: list[str]) -> dict[str, object]:
    return dict.fromkeys(names, "float")


def _images(folder: Path, classes: list[str]) -> None:
    from PIL import Image

    for name in classes:
        (folder / name).mkdir(parents=True, exist_ok=True)
        for i in range(4):
            pixels = rng.integers(0, 255, size=(20, 24, 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / name / f"{i}.png")


IRIS = {**_floats(["sepal_length", "sepal_width", "petal_length", "petal_width"]), "species_id": 3}
WINE = [
    "fixed acidity",
    "volatile acidity",
    "citric acid",
    "residual sugar",
    "chlorides",
    "free sulfur dioxide",
    "total sulfur dioxide",
    "density",
    "pH",
    "sulphates",
    "alcohol",
]
PIMA = [
    "Pregnancies",
    "Glucose",
    "BloodPressure",
    "SkinThickness",
    "Insulin",
    "BMI",
    "DiabetesPedigreeFunction",
    "Age",
]


def make_stand_ins(folder: Path) -> None:
    """Every file the programs read, with the columns and shapes they expect."""
    csv = {
        "diabetes.csv": {**_floats(PIMA), "Outcome": 2},
        "prices.csv": _floats(["Open", "High", "Low", "Close", "Next"]),
        "churn.csv": {
            **_floats(["tenure", "MonthlyCharges", "TotalCharges", "SeniorCitizen", "Contract"]),
            "Churn": 2,
        },
        "iris.csv": IRIS,
        "tweets.csv": {"text": "text", "target": 2},
        "houses.csv": _floats(["area", "rooms", "age", "distance", "garage", "garden", "price"]),
        "train.csv": {"label": 10, **_floats([f"pixel{i}" for i in range(784)])},
        "heart.csv": {**_floats(["age", "sex", "cp", "trestbps", "chol", "thalach"]), "target": 2},
        "shapes.csv": {"shape_id": 4},
        "faces.csv": {"age": "float", "gender": 2},
        "reviews.csv": {"review": "text", "sentiment": 2},
        "housing.csv": _floats(
            [
                "MedInc",
                "HouseAge",
                "AveRooms",
                "AveBedrms",
                "Population",
                "AveOccup",
                "Latitude",
                "Longitude",
                "MedHouseVal",
            ]
        ),
    }
    for name, columns in csv.items():
        _write_csv(folder / name, columns)
    _write_csv(folder / "winequality.csv", {**_floats(WINE), "quality": "float"}, sep=";")
    pima = np.column_stack([rng.random((ROWS, 8)), np.arange(ROWS) % 2])
    np.savetxt(folder / "pima-indians-diabetes.csv", pima, delimiter=",")
    arrays = {
        "windows.npy": rng.random((ROWS, 60)),
        "labels.npy": np.arange(ROWS) % 2,
        "shapes_x.npy": rng.random((ROWS, 1024)),
        "faces.npy": rng.random((ROWS, 48 * 48)),
        "mnist_x.npy": rng.integers(0, 255, size=(ROWS, 784)),
        "mnist_y.npy": np.arange(ROWS) % 10,
        "sequences.npy": rng.random((ROWS, 10 * 100)),
        "targets.npy": rng.random(ROWS),
    }
    for name, array in arrays.items():
        np.save(folder / name, array)
    _images(folder / "data" / "train", ["cats", "dogs"])
    from PIL import Image

    Image.fromarray(rng.integers(0, 255, size=(30, 40, 3), dtype=np.uint8)).save(folder / "pet.jpg")
    # `tensorflow.keras` is Keras 3's own tf.keras namespace; `time_steps` is the
    # setting accepted_time_steps.py takes from elsewhere.
    shim = folder / "tensorflow"
    shim.mkdir()
    (shim / "__init__.py").write_text(
        "import sys\n"
        "from keras._tf_keras import keras\n"
        "def executing_eagerly():\n    return True\n"
        "import keras._tf_keras.keras.preprocessing.image\n"
        "import keras._tf_keras.keras.preprocessing.sequence\n"
        "import keras._tf_keras.keras.preprocessing.text\n"
        "for _name, _module in list(sys.modules.items()):\n"
        "    if _name.startswith('keras._tf_keras.keras'):\n"
        "        sys.modules['tensorflow.keras' + _name[len('keras._tf_keras.keras'):]] = _module\n"
    )
    (folder / "sitecustomize.py").write_text("import builtins\nbuiltins.time_steps = 10\n")


@pytest.fixture(scope="module")
def keras_outcomes() -> dict[str, dict]:
    for module in ("keras", "jax", "pandas", "sklearn", "PIL"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed")
    names = [n for n in FAULTY + CLEAN if n.removesuffix("_fixed") not in NEEDS_TENSORFLOW]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_stand_ins(folder)
        paths = []
        for name in names:
            path = folder / f"{name}.py"
            path.write_text(source(name), encoding="utf-8")
            paths.append(str(path))
        env = dict(os.environ, KERAS_BACKEND="jax", TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=tmp)
        proc = subprocess.run(
            [sys.executable, str(KERAS_RAISES), *paths],
            capture_output=True,
            text=True,
            env=env,
            timeout=1200,
            cwd=tmp,
        )
    assert proc.returncode == 0, proc.stderr
    return dict(zip(names, json.loads(proc.stdout.splitlines()[-1]), strict=True))


@pytest.mark.parametrize("name", FAULTY + CLEAN)
def test_keras_agrees(name: str, keras_outcomes: dict[str, dict]) -> None:
    if name.removesuffix("_fixed") in NEEDS_TENSORFLOW:
        pytest.skip("image_dataset_from_directory needs TensorFlow's tf.data")
    outcome = keras_outcomes[name]
    if name in FAULTY:
        assert outcome["raised"] and outcome["error"].startswith("ValueError"), outcome
        assert outcome["line"] in marked(name), outcome
    else:
        assert not outcome["raised"], outcome


# ---------------------------------------------------------------------------
# Each data source against the real library: the rank, and every axis the
# analyzer states, are the real ones (rows read from a file stay named)
# ---------------------------------------------------------------------------

PRELUDE = """\
import numpy as np
import pandas as pd
from keras.utils import pad_sequences, to_categorical
from sklearn.model_selection import train_test_split
df = pd.read_csv("table.csv")
seqs = [[1, 2], [3, 4, 5], [6]] * (len(df) // 3)
"""
SOURCES = [
    'df[["a", "b"]].values',
    'df[["a", "b", "c"]].to_numpy()',
    'df["label"].values',
    'df[["a", "b", "c", "label"]].drop(columns=["label"]).values',
    'df[["a", "b", "c"]].iloc[:, :-1].values',
    'df[["a", "b", "c"]].iloc[:, 0:2].values',
    'df[["a", "b"]].values.reshape(-1, 1, 2)',
    'df[["a", "b", "c"]].values[:, 1:]',
    'np.expand_dims(df[["a", "b"]].values, -1)',
    'np.stack([df["a"].values, df["b"].values], axis=1)',
    'np.concatenate([df[["a"]].values, df[["b", "c"]].values], axis=1)',
    'df[["a", "b", "c"]].values.T',
    'pd.read_csv("table.csv", usecols=["a", "b"]).values',
    'pd.read_csv("table.csv", names=["a", "b", "c", "label"], header=0).values',
    "df.iloc[:, -1].values",
    "df.iloc[:, :-1].values",
    'np.load("rows.npy").reshape(-1, 4, 3)',
    'np.loadtxt("table.txt", delimiter=",", ndmin=2)[:, :-1].reshape(-1, 2, 1)',
    "pad_sequences(seqs, maxlen=7)",
    'to_categorical(df["label"].values, 3)',
    'train_test_split(df[["a", "b"]].values, df["label"].values, test_size=0.25)[0]',
    'train_test_split(df[["a", "b"]].values, df["label"].values, test_size=0.25)[3]',
]
# Rank and the axes the file fixes (None: a size the file names but does not count).
STATED = {
    'df[["a", "b"]].values': (None, 2),
    'df[["a", "b", "c"]].to_numpy()': (None, 3),
    'df["label"].values': (None,),
    'df[["a", "b", "c", "label"]].drop(columns=["label"]).values': (None, 3),
    'df[["a", "b", "c"]].iloc[:, :-1].values': (None, 2),
    'df[["a", "b", "c"]].iloc[:, 0:2].values': (None, 2),
    'df[["a", "b"]].values.reshape(-1, 1, 2)': (None, 1, 2),
    'df[["a", "b", "c"]].values[:, 1:]': (None, 2),
    'np.expand_dims(df[["a", "b"]].values, -1)': (None, 2, 1),
    'np.stack([df["a"].values, df["b"].values], axis=1)': (None, 2),
    'np.concatenate([df[["a"]].values, df[["b", "c"]].values], axis=1)': (None, 3),
    'df[["a", "b", "c"]].values.T': (3, None),
    'pd.read_csv("table.csv", usecols=["a", "b"]).values': (None, 2),
    'pd.read_csv("table.csv", names=["a", "b", "c", "label"], header=0).values': (None, 4),
    "df.iloc[:, -1].values": (None,),
    "df.iloc[:, :-1].values": (None, None),
    'np.load("rows.npy").reshape(-1, 4, 3)': (None, 4, 3),
    'np.loadtxt("table.txt", delimiter=",", ndmin=2)[:, :-1].reshape(-1, 2, 1)': (None, 2, 1),
    "pad_sequences(seqs, maxlen=7)": (None, 7),
    'to_categorical(df["label"].values, 3)': (None, 3),
    'train_test_split(df[["a", "b"]].values, df["label"].values, test_size=0.25)[0]': (None, 2),
    'train_test_split(df[["a", "b"]].values, df["label"].values, test_size=0.25)[3]': (None,),
}


def static_dims(expression: str) -> object:
    """The dims of ``x = <expression>``: ints as stated, None for a named size."""
    from kerasparam_lint.evaluator.arrays import ArrayValue
    from tests.test_data_shapes import module_names

    value = module_names(PRELUDE + f"x = {expression}\n")["x"]
    if not isinstance(value, ArrayValue) or not isinstance(value.shape, tuple):
        return None
    return tuple(d if isinstance(d, int) else None for d in value.shape)


@pytest.fixture(scope="module")
def real_shapes() -> dict[str, list[int]]:
    for module in ("keras", "pandas", "sklearn"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write_csv(folder / "table.csv", {**_floats(["a", "b", "c"]), "label": 3})
        np.savetxt(folder / "table.txt", rng.random((ROWS, 3)), delimiter=",")
        np.save(folder / "rows.npy", rng.random((ROWS, 12)))
        code = PRELUDE + (
            "import json\nout = {}\n"
            f"for expression in {SOURCES!r}:\n"
            "    out[expression] = list(eval(expression).shape)\n"
            + IN_PLACE
            + "out['in place'] = list(x.shape)\n"
            "print(json.dumps(out))\n"
        )
        env = dict(os.environ, KERAS_BACKEND="numpy", TF_CPP_MIN_LOG_LEVEL="3")
        proc = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            timeout=600,
        )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.mark.parametrize("expression", SOURCES)
def test_data_source_matches_the_real_library(expression: str, real_shapes: dict) -> None:
    real = real_shapes[expression]
    stated = STATED[expression]
    assert len(stated) == len(real)
    assert all(s is None or s == r for s, r in zip(stated, real, strict=True))
    assert static_dims(expression) == stated


IN_PLACE = """\
t = pd.read_csv("table.csv", usecols=["a", "b", "label"])
t["ab"] = t["a"] * t["b"]
y = t.pop("label")
t.drop(columns=["a"], inplace=True)
x = t.values
"""


def test_a_table_changed_in_place_matches_pandas(real_shapes: dict) -> None:
    from kerasparam_lint.evaluator.arrays import ArrayValue
    from tests.test_data_shapes import module_names

    value = module_names(PRELUDE + IN_PLACE)["x"]
    assert isinstance(value, ArrayValue) and value.shape[1:] == (2,)
    assert real_shapes["in place"] == [ROWS, 2]


# The documented defaults of the image loaders, read from the real signatures.
def test_image_loaders_follow_the_documented_defaults() -> None:
    pytest.importorskip("keras")
    import inspect

    from keras._tf_keras.keras.preprocessing.image import ImageDataGenerator

    defaults = {
        name: p.default
        for name, p in inspect.signature(ImageDataGenerator.flow_from_directory).parameters.items()
    }
    assert (defaults["target_size"], defaults["batch_size"]) == ((256, 256), 32)
    flow = static_dims_of(
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        'g = ImageDataGenerator().flow_from_directory("d", classes=["a", "b", "c"])\n'
    )
    assert flow == ((None, 256, 256, 3), (None, 3))
    import keras

    dataset_defaults = inspect.signature(keras.utils.image_dataset_from_directory).parameters
    assert dataset_defaults["image_size"].default == (256, 256)
    assert dataset_defaults["label_mode"].default == "int"
    found = static_dims_of('import keras\ng = keras.utils.image_dataset_from_directory("d")\n')
    assert found == ((None, 256, 256, 3), (None,))


def static_dims_of(source: str) -> object:
    """The (features, labels) dims of the batches ``g`` yields, as the analyzer sees them."""
    from kerasparam_lint.libraries.keras_data.batches import Batches
    from tests.test_data_shapes import module_names

    batches = module_names(source)["g"]
    if not isinstance(batches, Batches):
        return None
    return tuple(
        tuple(d if isinstance(d, int) else None for d in array.shape)
        for array in (batches.features, batches.labels)
    )


# ---------------------------------------------------------------------------
# Summaries: named sizes, and models that fit builds
# ---------------------------------------------------------------------------


def test_summary_prints_named_sizes() -> None:
    path = str(PROGRAMS / "accepted_time_steps.py")
    table = subprocess.run(
        [sys.executable, "-m", "kerasparam_lint", "summary", path],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "(None, time_steps, 64)" in table and "(None, 32)" in table
    document = json.loads(
        subprocess.run(
            [sys.executable, "-m", "kerasparam_lint", "summary", "--format", "json", path],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    first = document["files"][0]["models"][0]["layers"][0]
    assert first["output_shape"] is None  # Keras prints the number the file does not give
    assert first["formula_shape"] == [None, "time_steps", 64]


def test_fit_builds_a_subclassed_model_on_the_data_axes() -> None:
    """Keras: Dense(32) on 8 columns is 288 params, Dense(1) 33."""
    from kerasparam_lint.analysis import analyze_source

    analysis = analyze_source(source("accepted_subclassed_fit"), "accepted_subclassed_fit.py")
    model = analysis.models[0]
    assert [layer.counts()[0] for layer in model.layers] == [288, 33]
