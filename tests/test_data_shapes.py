"""Data meets model: array shapes followed statically, and KPL111/112/113 against real Keras.

* Every NumPy / scikit-learn / Keras data operation the analyzer follows is compared
  with the real library on the same expression (shape and dtype), and the ones it
  must not guess come out unknown.
* The ``keras.datasets`` loaders are compared with what Keras documents (the
  shape asserts in their docstrings) or, where the docstring gives no shape, with
  the real loader run on small stand-in files (nothing is downloaded).
* Each flagged call is run by real Keras on data of the same shapes and must raise
  on that line; each clean call must run. ``fit``/``train_on_batch`` need a backend
  that trains (JAX); ``evaluate``/``predict`` run on the NumPy backend.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.interpreter import Interpreter
from kerasparam_lint.graph.unknown import UNKNOWN
from kerasparam_lint.lint.run import lint_source
from kerasparam_lint.lint.selection import Selection

ROOT = Path(__file__).resolve().parent.parent
KERAS_RAISES = ROOT / "tests" / "keras_raises.py"
DATA_CODES = ("KPL111", "KPL112", "KPL113")
MARKER = "# <--"


def module_names(source: str) -> dict:
    source = textwrap.dedent(source)
    interp = Interpreter(cst.parse_module(source), source)
    interp.run_module()
    return interp.globals.names


def static_array(expression: str, prelude: str = "") -> tuple:
    """``(shape, dtype)`` of ``x = <expression>`` as the analyzer sees it, or UNKNOWN."""
    source = "import numpy as np\n" + prelude + f"x = {expression}\n"
    value = module_names(source)["x"]
    if not isinstance(value, ArrayValue):
        return UNKNOWN
    return value.shape, value.dtype


def run_child(code: str, backend: str = "numpy") -> object:
    """Run ``code`` in a fresh Python with Keras' backend set; it prints one JSON value."""
    env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
    env["PYTHONWARNINGS"] = "ignore"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


# ---------------------------------------------------------------------------
# NumPy operations, compared with NumPy
# ---------------------------------------------------------------------------

NUMPY_EXPRESSIONS = [
    # constructors with literal shapes
    "np.zeros((3, 4))",
    "np.zeros(5, dtype='uint8')",
    "np.ones((2, 3), np.float32)",
    "np.empty((2, 0, 3))",
    "np.zeros_like(np.ones((2, 3), 'int32'))",
    "np.ones_like(np.zeros(4), dtype='float32')",
    "np.random.rand(3, 2)",
    "np.random.randn(4)",
    "np.random.random((2, 5))",
    "np.random.random_sample(size=3)",
    "np.random.randint(0, 10, size=(6,))",
    "np.random.randint(5, size=(2, 2), dtype='uint8')",
    "np.random.uniform(-1, 1, (3, 3))",
    "np.random.normal(0, 1, size=(2, 7))",
    # array of literals, arange
    "np.array([[1, 2, 3], [4, 5, 6]])",
    "np.array([1.0, 2])",
    "np.array([[True], [False]])",
    "np.array([[1, 2], [3, 4]], dtype='float32')",
    "np.asarray([0, 1, 2])",
    "np.array(np.zeros((2, 2), 'uint8'))",
    "np.arange(10)",
    "np.arange(2, 11, 3)",
    "np.arange(0, 1, 0.3)",
    "np.arange(5, 0, -2)",
    # reshape (with -1), expand_dims, squeeze, transpose
    "np.zeros((6, 4)).reshape(3, 8)",
    "np.zeros((6, 4)).reshape((-1, 2, 2))",
    "np.reshape(np.zeros((6, 4)), (4, -1))",
    "np.zeros((5, 784), 'uint8').reshape(-1, 28, 28, 1)",
    "np.zeros((2, 3)).flatten()",
    "np.zeros((2, 3)).ravel()",
    "np.expand_dims(np.zeros((28, 28)), 0)",
    "np.expand_dims(np.zeros((28, 28)), -1)",
    "np.expand_dims(np.zeros((2, 3)), axis=(0, 3))",
    "np.squeeze(np.zeros((5, 1, 3, 1)))",
    "np.zeros((5, 1)).squeeze(axis=1)",
    "np.squeeze(np.zeros((1, 4)), 0)",
    "np.transpose(np.zeros((2, 3, 4)))",
    "np.zeros((2, 3, 4)).transpose(0, 2, 1)",
    "np.transpose(np.zeros((2, 3, 4)), (2, 0, 1))",
    "np.zeros((2, 3)).T",
    # slicing
    "np.zeros((10, 28, 28))[0]",
    "np.zeros((10, 28, 28))[:3]",
    "np.zeros((10, 28, 28))[2:8:2, ..., None]",
    "np.zeros((10, 5))[-1, 1:]",
    "np.zeros((10, 5))[:, np.newaxis]",
    "np.zeros((10, 5))[..., 0]",
    "np.zeros((10, 5))[::-1, 7:]",
    # astype, arithmetic that keeps (or broadcasts) shapes
    "np.zeros((4, 4), 'uint8').astype('float32')",
    "np.zeros(3).astype(np.int32)",
    "np.zeros((4, 28, 28), 'uint8') / 255",
    "np.zeros((4, 28, 28), 'uint8').astype('float32') / 255.0",
    "np.zeros((4, 3), 'float32') * 2",
    "np.zeros((4, 3), 'uint8') + 1",
    "np.zeros((4, 3), 'uint8') * 0.5",
    "np.zeros((4, 1)) - np.zeros((1, 5))",
    "np.zeros((4, 3), 'int64') // 2",
    "1.0 - np.zeros((2, 2), 'float32')",
    # stack / concatenate
    "np.stack([np.zeros((2, 3)), np.ones((2, 3))])",
    "np.stack([np.zeros((2, 3)), np.ones((2, 3)), np.zeros((2, 3))], axis=-1)",
    "np.concatenate([np.zeros((2, 3)), np.ones((5, 3))])",
    "np.concatenate((np.zeros((2, 3)), np.ones((2, 1))), axis=1)",
    "np.zeros((2, 3)).copy()",
]

# Expressions NumPy rejects, or whose shape depends on values: never guessed.
UNKNOWN_EXPRESSIONS = [
    "np.zeros((6, 4)).reshape(5, 5)",
    "np.zeros((6, 4)).reshape(-1, -1)",
    "np.zeros((10, 5))[[0, 1]]",
    "np.zeros((10, 5))[np.zeros(10) > 0]",
    "np.zeros((3, 4)) + np.zeros((2, 4))",
    "np.array([[1, 2], [3]])",
    "np.random.rand()",
    "np.zeros(n)",
    "np.concatenate([np.zeros((2, 3)), np.zeros((2, 4))])",
    "np.squeeze(np.zeros((2, 3)), axis=0)",
    "np.expand_dims(np.zeros((2, 3)), 5)",
    "np.zeros((10, 5))[10]",
    "np.where(np.zeros(3) > 0)",
    "np.zeros()",
]


@pytest.fixture(scope="module")
def numpy_results() -> dict[str, list]:
    pytest.importorskip("numpy")
    code = textwrap.dedent(
        f"""
        import json
        import numpy as np
        out = {{}}
        for expression in {NUMPY_EXPRESSIONS!r}:
            value = eval(expression, {{"np": np}})
            out[expression] = [list(value.shape), value.dtype.name]
        print(json.dumps(out))
        """
    )
    return run_child(code)  # type: ignore[return-value]


@pytest.mark.parametrize("expression", NUMPY_EXPRESSIONS)
def test_numpy_operation_matches_numpy(expression: str, numpy_results: dict) -> None:
    shape, dtype = numpy_results[expression]
    assert static_array(expression) == (tuple(shape), dtype)


@pytest.mark.parametrize("expression", UNKNOWN_EXPRESSIONS)
def test_numpy_operation_not_followed_is_unknown(expression: str) -> None:
    assert static_array(expression, prelude="n = len(some_list)\n") is UNKNOWN


def test_shape_changes_in_place_are_seen_by_every_alias() -> None:
    names = module_names(
        """
        import numpy as np
        a = np.zeros((4, 6))
        alias = a
        a.shape = (3, 8)
        b = np.zeros((2, 6))
        b.resize((3, 4))
        c = np.zeros((2, 6))
        c.shape = (5, 5)
        d = np.linspace(0, 1, 4)
        d.shape = (2, 2)
        rows = [row for row in d]
        """
    )
    assert names["alias"].shape == (3, 8)
    assert names["b"].shape == (3, 4)
    assert names["c"].shape is UNKNOWN  # NumPy raises: 12 values do not fill (5, 5)
    assert names["rows"] is UNKNOWN  # rows of a reshaped array are not its old items


def test_attributes() -> None:
    names = module_names(
        """
        import numpy as np
        x = np.zeros((7, 28, 28), 'uint8')
        n, rows, cols = x.shape
        ndim = x.ndim
        size = x.size
        """
    )
    assert (names["n"], names["rows"], names["cols"]) == (7, 28, 28)
    assert (names["ndim"], names["size"]) == (3, 7 * 28 * 28)


def test_len_is_the_first_dimension() -> None:
    names = module_names(
        """
        import numpy as np
        x = np.zeros((7, 28, 28))
        flat = x.reshape(len(x), 784)
        scalar = len(np.zeros(()))
        """
    )
    assert names["flat"].shape == (7, 784)
    assert names["scalar"] is UNKNOWN  # NumPy: len() of unsized object


def test_arrays_compare_by_value_so_comparisons_are_unknown() -> None:
    names = module_names(
        """
        import numpy as np
        x = np.zeros((4, 6))
        same = x == x
        dtype = x.dtype
        """
    )
    assert names["same"] is UNKNOWN and names["dtype"] is UNKNOWN


def test_code_skipped_by_an_undecidable_branch_forgets_the_array() -> None:
    names = module_names(
        """
        import numpy as np
        x = np.zeros((4, 6))
        if some_flag:
            x.resize((2, 12))
        """
    )
    assert names["x"] is UNKNOWN


# ---------------------------------------------------------------------------
# scikit-learn and keras.utils.to_categorical, compared with the real functions
# ---------------------------------------------------------------------------

SPLITS = [
    "train_test_split(np.zeros((100, 20)), np.zeros(100))",
    "train_test_split(np.zeros((101, 3)), np.zeros((101, 1)), test_size=0.2)",
    "train_test_split(np.zeros((50, 4)), test_size=7, random_state=0)",
    "train_test_split(np.zeros((50, 4)), np.zeros(50), train_size=0.33, shuffle=False)",
    "train_test_split(np.zeros((50, 4)), train_size=20, test_size=0.5)",
]


@pytest.mark.parametrize("call", SPLITS)
def test_train_test_split_matches_sklearn(call: str) -> None:
    pytest.importorskip("sklearn")
    real = run_child(
        "import json, numpy as np\n"
        "from sklearn.model_selection import train_test_split\n"
        f"print(json.dumps([list(a.shape) for a in {call}]))"
    )
    source = "import numpy as np\nfrom sklearn.model_selection import train_test_split\n"
    parts = module_names(source + f"parts = {call}\n")["parts"]
    assert [list(p.shape) for p in parts] == real


CATEGORICAL = [
    ("np.random.randint(0, 10, size=(6,))", 10),
    ("np.random.randint(0, 10, size=(6, 1))", 10),
    ("np.random.randint(0, 3, size=(2, 5))", 3),
]


@pytest.mark.parametrize(("labels", "classes"), CATEGORICAL)
def test_to_categorical_matches_keras(labels: str, classes: int) -> None:
    pytest.importorskip("keras")
    call = f"keras.utils.to_categorical({labels}, {classes})"
    real = run_child(f"import json, numpy as np, keras\nprint(json.dumps(list({call}.shape)))")
    assert static_array(call, prelude="import keras\n")[0] == tuple(real)


@pytest.mark.parametrize(
    "call",
    [
        "keras.utils.to_categorical(np.zeros(4))",  # the class count comes from the values
        "keras.utils.np_utils.to_categorical(np.zeros(4), 3)",  # gone in Keras 3
    ],
)
def test_to_categorical_not_followed_is_unknown(call: str) -> None:
    assert static_array(call, "import keras\n") is UNKNOWN


# ---------------------------------------------------------------------------
# keras.datasets loaders
# ---------------------------------------------------------------------------


def keras_datasets_dir() -> Path:
    spec = importlib.util.find_spec("keras")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("keras is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "src" / "datasets"


def loaded(loader: str, call: str = "load_data()") -> list:
    names = module_names(
        f"""
        from keras.datasets import {loader}
        (x_train, y_train), (x_test, y_test) = {loader}.{call}
        """
    )
    return [names[n] for n in ("x_train", "y_train", "x_test", "y_test")]


@pytest.mark.parametrize("loader", ["mnist", "fashion_mnist", "cifar10", "cifar100"])
def test_image_loader_matches_its_documented_shapes(loader: str) -> None:
    doc = (keras_datasets_dir() / f"{loader}.py").read_text(encoding="utf-8")
    documented = {
        name: tuple(int(d) for d in dims.replace(" ", "").strip(",").split(","))
        for name, dims in re.findall(r"assert (\w+)\.shape == \(([\d, ]+)\)", doc)
    }
    assert set(documented) == {"x_train", "y_train", "x_test", "y_test"}
    assert doc.count("`uint8` NumPy array") == 4
    arrays = dict(zip(("x_train", "y_train", "x_test", "y_test"), loaded(loader), strict=True))
    for name, array in arrays.items():
        assert (array.shape, array.dtype) == (documented[name], "uint8")


def test_tensorflow_keras_path_loads_the_same() -> None:
    names = module_names(
        """
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.cifar100.load_data(label_mode="coarse")
        """
    )
    assert (names["x"].shape, names["y"].shape) == ((50000, 32, 32, 3), (50000, 1))


# The loaders without shape asserts, run for real on small stand-ins of their files:
# Reuters' 11,228 newswires (the count its docstring gives), IMDB's and Boston's
# arrays whose counts Keras does not document.
TEXT_LOADERS = textwrap.dedent(
    """
    import json, tempfile
    from types import SimpleNamespace
    import numpy as np
    from keras.src.datasets import boston_housing, imdb, reuters

    def ragged(n):
        xs = np.empty(n, dtype=object)
        for i in range(n):
            xs[i] = [1, 2, 3][: 1 + i % 3]  # sequences of different lengths, as real reviews
        return xs

    reuters.get_file = imdb.get_file = lambda *a, **k: "unused"
    reuters.npz_utils = SimpleNamespace(
        load_npz=lambda path: {"x": ragged(11228), "y": np.zeros(11228, int)}
    )
    imdb.npz_utils = SimpleNamespace(
        load_npz=lambda path: {
            "x_train": ragged(5), "y_train": np.zeros(5, int),
            "x_test": ragged(4), "y_test": np.zeros(4, int),
        }
    )
    folder = tempfile.mkdtemp()
    np.savez(folder + "/b.npz", x=np.zeros((20, 13)), y=np.zeros(20))
    boston_housing.get_file = lambda *a, **k: folder + "/b.npz"
    out = {}
    for name, call in [
        ("reuters", lambda: reuters.load_data()),
        ("reuters_split", lambda: reuters.load_data(test_split=0.5)),
        ("imdb", lambda: imdb.load_data()),
        ("boston_housing", lambda: boston_housing.load_data()),
    ]:
        (a, b), (c, d) = call()
        out[name] = [[list(v.shape), v.dtype.name] for v in (a, b, c, d)]
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def text_loaders() -> dict:
    pytest.importorskip("keras")
    return run_child(TEXT_LOADERS)  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("name", "loader", "call"),
    [
        ("reuters", "reuters", "load_data()"),
        ("reuters_split", "reuters", "load_data(test_split=0.5)"),
        ("imdb", "imdb", "load_data()"),
        ("boston_housing", "boston_housing", "load_data()"),
    ],
)
def test_text_and_tabular_loaders_match_keras(
    name: str, loader: str, call: str, text_loaders: dict
) -> None:
    """Every dim and dtype the analyzer states is what Keras gives; the rest is unknown."""
    for array, (shape, dtype) in zip(loaded(loader, call), text_loaders[name], strict=True):
        assert len(array.shape) == len(shape)
        for static, real in zip(array.shape, shape, strict=True):
            assert static is UNKNOWN or static == real
        assert array.dtype is UNKNOWN or array.dtype == dtype
    if loader == "reuters":
        assert [a.shape[0] for a in loaded(loader, call)] == [s[0][0] for s in text_loaders[name]]


def test_reuters_maxlen_makes_the_counts_unknown() -> None:
    x_train = loaded("reuters", "load_data(maxlen=100)")[0]
    assert x_train.shape[0] is UNKNOWN


# ---------------------------------------------------------------------------
# KPL111 / KPL112 / KPL113, each case confirmed by real Keras
# ---------------------------------------------------------------------------

HEADER = """\
import keras
import numpy as np
from keras import layers
"""
CNN = """\
model = keras.Sequential(
    [keras.Input((28, 28, 1)), layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)]
)
"""
MLP = """\
model = keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])
"""
SIGMOID = """\
model = keras.Sequential([keras.Input((20,)), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""
BATCHNORM = """\
model = keras.Sequential(
    [keras.Input((8, 8, 3)), layers.BatchNormalization(), layers.GlobalMaxPooling2D()]
)
"""

# (id, code expected on the marked line or None, backend that runs the call, source)
CASES = [
    # ---- clean: Keras accepts these
    (
        "mnist-without-channel-axis",
        None,
        "jax",
        CNN
        + """\
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x = np.zeros((8, 28, 28), "uint8").astype("float32") / 255.0
model.fit(x, np.random.randint(0, 10, size=(8,)), epochs=1, verbose=0)
""",
    ),
    (
        "sparse-labels-with-trailing-axis",
        None,
        "numpy",
        CNN
        + """\
model.compile(loss="sparse_categorical_crossentropy")
model.evaluate(np.zeros((8, 28, 28, 1)), np.random.randint(0, 10, size=(8, 1)), verbose=0)
""",
    ),
    (
        "one-hot-labels",
        None,
        "numpy",
        MLP
        + """\
model.compile(loss="categorical_crossentropy")
y = keras.utils.to_categorical(np.random.randint(0, 10, size=(8,)), 10)
model.evaluate(np.random.rand(8, 784), y, verbose=0)
""",
    ),
    (
        "binary-labels-without-axis",
        None,
        "numpy",
        SIGMOID
        + """\
model.evaluate(np.zeros((8, 20)), np.random.randint(0, 2, size=(8,)), verbose=0)
""",
    ),
    (
        "train-test-split",
        None,
        "jax",
        SIGMOID
        + """\
from sklearn.model_selection import train_test_split
X, y = np.random.rand(40, 20), np.random.randint(0, 2, size=(40, 1))
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)
model.fit(X_train, y_train, validation_data=(X_test, y_test), epochs=1, verbose=0)
model.train_on_batch(X_train[:4], y_train[:4])
""",
    ),
    (
        "functional-squeezes-trailing-one",
        None,
        "numpy",
        """\
inputs = keras.Input((784,))
model = keras.Model(inputs, layers.Dense(10)(inputs))
model.predict(np.zeros((8, 784, 1)), verbose=0)
""",
    ),
    (
        "global-pooling-takes-any-size",
        None,
        "numpy",
        """\
model = keras.Sequential([keras.Input((28, 28, 1)), layers.GlobalMaxPooling2D(), layers.Dense(1)])
model.predict(np.zeros((8, 64, 64, 1)), verbose=0)
model.predict(np.zeros((28, 28, 1)), verbose=0)  # one image, read as 28 rows of 28 pixels
""",
    ),
    (
        "one-sample-with-batch-axis",
        None,
        "numpy",
        MLP
        + """\
x_test = np.zeros((10, 784))
model.predict(x_test[:1], verbose=0)
model.predict(np.expand_dims(x_test[0], 0), verbose=0)
model.predict(x_test[0].reshape(1, -1), verbose=0)
""",
    ),
    (
        "mse-broadcasts",
        None,
        "numpy",
        SIGMOID.replace("binary_crossentropy", "mse")
        + """\
model.evaluate(np.zeros((8, 20)), np.zeros((8, 10)), verbose=0)
""",
    ),
    (
        "batchnorm-any-image-size",
        None,
        "numpy",
        BATCHNORM
        + """\
model.predict(np.zeros((4, 16, 16, 3)), verbose=0)
""",
    ),
    # ---- KPL111: features don't fit the input
    (
        "batchnorm-other-channels",
        "KPL111",
        "numpy",
        BATCHNORM
        + """\
model.predict(np.zeros((4, 8, 8, 5)), verbose=0)  # <--
""",
    ),
    (
        "flat-images-into-cnn",
        "KPL111",
        "jax",
        CNN
        + """\
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x = np.zeros((8, 784))
model.fit(x, np.zeros((8,)), epochs=1, verbose=0)  # <--
""",
    ),
    (
        "functional-other-image-size",
        "KPL111",
        "numpy",
        """\
inputs = keras.Input((32, 32, 3))
model = keras.Model(inputs, layers.Dense(1)(layers.GlobalAveragePooling2D()(inputs)))
model.predict(np.zeros((8, 28, 28, 3)), verbose=0)  # <--
""",
    ),
    (
        "one-feature-too-many",
        "KPL111",
        "numpy",
        MLP
        + """\
model.predict(np.zeros((8, 785)), verbose=0)  # <--
""",
    ),
    (
        "rgb-into-grayscale-cnn",
        "KPL111",
        "numpy",
        CNN
        + """\
model.compile(loss="sparse_categorical_crossentropy")
model.evaluate(x=np.zeros((8, 28, 28, 3)), y=np.zeros((8,)), verbose=0)  # <--
""",
    ),
    (
        "flatten-then-dense-other-size",
        "KPL111",
        "numpy",
        """\
model = keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])
model.predict(np.zeros((8, 32, 32, 1)), verbose=0)  # <--
""",
    ),
    (
        "images-into-mlp",
        "KPL111",
        "jax",
        MLP
        + """\
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.train_on_batch(np.zeros((8, 28, 28)), np.zeros((8,)))  # <--
""",
    ),
    # ---- KPL112: labels don't fit the output / loss
    (
        "class-ids-with-categorical",
        "KPL112",
        "jax",
        MLP
        + """\
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(np.zeros((8, 784)), np.random.randint(0, 10, size=(8,)), epochs=1, verbose=0)  # <--
""",
    ),
    (
        "one-hot-with-sparse",
        "KPL112",
        "numpy",
        MLP
        + """\
model.compile(loss=keras.losses.SparseCategoricalCrossentropy())
y = keras.utils.to_categorical(np.random.randint(0, 10, size=(8,)), 10)
model.evaluate(np.zeros((8, 784)), y, verbose=0)  # <--
""",
    ),
    (
        "one-hot-with-one-sigmoid",
        "KPL112",
        "jax",
        SIGMOID
        + """\
y = keras.utils.to_categorical(np.random.randint(0, 10, size=(8,)), 10)
model.train_on_batch(np.zeros((8, 20)), y)  # <--
""",
    ),
    (
        "wrong-width-one-hot",
        "KPL112",
        "numpy",
        MLP
        + """\
model.compile(loss="categorical_crossentropy")
model.evaluate(np.zeros((8, 784)), np.zeros((8, 5)), verbose=0)  # <--
""",
    ),
    (
        "validation-labels",
        "KPL112",
        "jax",
        MLP
        + """\
model.compile(optimizer="adam", loss="categorical_crossentropy")
x, y = np.zeros((8, 784)), np.zeros((8, 10))
model.fit(x, y, validation_data=(x, np.zeros((8,))), epochs=1, verbose=0)  # <--
""",
    ),
    (
        "sparse-labels-of-several-columns",
        "KPL112",
        "numpy",
        MLP
        + """\
model.compile(loss="sparse_categorical_crossentropy")
model.evaluate(np.zeros((8, 784)), np.zeros((8, 3)), verbose=0)  # <--
""",
    ),
    # ---- KPL113: predict on one sample without its batch axis
    (
        "mlp-one-sample",
        "KPL113",
        "numpy",
        MLP
        + """\
x_test = np.zeros((10, 784))
model.predict(x_test[0], verbose=0)  # <--
""",
    ),
    (
        "cnn-one-image-without-channel",
        "KPL113",
        "numpy",
        CNN
        + """\
x_test = np.zeros((10, 28, 28))
model.predict(x_test[0], verbose=0)  # <--
""",
    ),
    (
        "cnn-one-image",
        "KPL113",
        "numpy",
        CNN
        + """\
x_test = np.zeros((10, 28, 28, 1))
model.predict(x_test[5], verbose=0)  # <--
""",
    ),
]
CASE_IDS = [case[0] for case in CASES]


def source_of(case: tuple) -> str:
    return HEADER + case[3].replace(MARKER, "").replace("  \n", "\n")


def marked_lines(case: tuple) -> list[int]:
    return flagged_lines(HEADER + case[3])


def data_findings(source: str) -> list[tuple[str, int]]:
    result = lint_source(source, "example.py", Selection(select=DATA_CODES))
    return [(f.code, f.line) for f in result.findings]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_static_findings(case: tuple) -> None:
    expected = [(case[1], line) for line in marked_lines(case)]
    assert data_findings(source_of(case)) == expected


def keras_run(sources: list[str], backend: str) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, source in enumerate(sources):
            path = Path(folder) / f"case_{index}.py"
            path.write_text(source, encoding="utf-8")
            paths.append(str(path))
        env = dict(os.environ, KERAS_BACKEND=backend, TF_CPP_MIN_LOG_LEVEL="3")
        proc = subprocess.run(
            [sys.executable, str(KERAS_RAISES), *paths],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
            cwd=folder,
        )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def keras_outcomes() -> dict[str, dict]:
    pytest.importorskip("keras")
    outcomes: dict[str, dict] = {}
    for backend in ("numpy", "jax"):
        cases = [case for case in CASES if case[2] == backend]
        if backend == "jax" and importlib.util.find_spec("jax") is None:
            continue
        if importlib.util.find_spec("sklearn") is None:
            cases = [case for case in cases if "sklearn" not in case[3]]
        results = keras_run([source_of(case) for case in cases], backend)
        outcomes.update({case[0]: result for case, result in zip(cases, results, strict=True)})
    return outcomes


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_keras_agrees(case: tuple, keras_outcomes: dict[str, dict]) -> None:
    if case[0] not in keras_outcomes:
        pytest.skip(f"the {case[2]} backend (or scikit-learn) is not installed")
    outcome = keras_outcomes[case[0]]
    if case[1] is None:
        assert not outcome["raised"], outcome
    else:
        assert outcome["raised"] and outcome["error"].startswith("ValueError"), outcome
        assert outcome["line"] in marked_lines(case), outcome


MESSAGES = [
    (
        "flat-images-into-cnn",
        "fit() features of shape (8, 784) don't fit the model input (None, 28, 28, 1); "
        "e.g. `x.reshape(-1, 28, 28, 1)`",
    ),
    (
        "class-ids-with-categorical",
        "fit() labels of shape (8,) don't fit the output (None, 10) with "
        "categorical_crossentropy; one-hot encode them with `to_categorical(y, 10)` "
        "or use sparse_categorical_crossentropy",
    ),
    (
        "one-hot-with-sparse",
        "evaluate() labels of shape (8, 10) don't fit the output (None, 10) with "
        "sparse_categorical_crossentropy; they are one-hot: use categorical_crossentropy "
        "or pass `y.argmax(-1)`",
    ),
    (
        "one-hot-with-one-sigmoid",
        "train_on_batch() labels of shape (8, 10) don't fit the output (None, 1) with "
        "binary_crossentropy; it takes labels of the output's shape (None, 1)",
    ),
    (
        "sparse-labels-of-several-columns",
        "evaluate() labels of shape (8, 3) don't fit the output (None, 10) with "
        "sparse_categorical_crossentropy; it takes one class id per prediction: "
        "labels of shape (None,)",
    ),
    (
        "cnn-one-image-without-channel",
        "predict() on one sample of shape (28, 28) without its batch axis; the model input "
        "is (None, 28, 28, 1): write `np.expand_dims(x, 0)` or `x.reshape(1, 28, 28, 1)`",
    ),
]


@pytest.mark.parametrize(("case_id", "message"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_messages_give_both_shapes_and_the_fix(case_id: str, message: str) -> None:
    source = source_of(CASES[CASE_IDS.index(case_id)])
    result = lint_source(source, "example.py", Selection(select=DATA_CODES))
    assert [f.message for f in result.findings] == [message]


# ---------------------------------------------------------------------------
# The issue's own flow: a keras.datasets loader feeding a model
# ---------------------------------------------------------------------------

MNIST_FLOW = (
    HEADER
    + """\
from keras.datasets import mnist
from keras.utils import to_categorical

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.astype("float32") / 255.0
"""
    + CNN
    + """\
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train, epochs=1, verbose=0)  # <--
model.fit(x_train.reshape(-1, 784), to_categorical(y_train, 10), epochs=1, verbose=0)  # <--
model.fit(x_train, to_categorical(y_train, 10), epochs=1, verbose=0)
model.predict(x_test[0], verbose=0)  # <--
model.predict(x_test[:1], verbose=0)
"""
)
# Keras runs the same file on stand-in arrays of the documented shapes, 8 and 4 samples.
STAND_IN = (
    "import keras, numpy as np; keras.datasets.mnist.load_data = lambda: "
    "((np.zeros((8, 28, 28), 'uint8'), np.zeros(8, 'uint8')), "
    "(np.zeros((4, 28, 28), 'uint8'), np.zeros(4, 'uint8')))\n"
)


def flagged_lines(source: str) -> list[int]:
    return [number for number, line in enumerate(source.splitlines(), 1) if MARKER in line]


def test_mnist_flow_static() -> None:
    found = data_findings(MNIST_FLOW.replace(MARKER, ""))
    codes = ["KPL112", "KPL111", "KPL113"]
    assert found == list(zip(codes, flagged_lines(MNIST_FLOW), strict=True))


def test_mnist_flow_keras_raises_on_each_flagged_line() -> None:
    """Each fit/predict line runs alone after the file's setup lines."""
    pytest.importorskip("keras")
    if importlib.util.find_spec("jax") is None:
        pytest.skip("fit needs a training backend (JAX)")
    lines = MNIST_FLOW.replace(MARKER, "").splitlines(keepends=True)
    is_call = [line.startswith(("model.fit(", "model.predict(")) for line in lines]
    setup = "".join(line for line, call in zip(lines, is_call, strict=True) if not call)
    calls = [(n, line) for n, line in enumerate(lines, 1) if is_call[n - 1]]
    outcomes = keras_run([STAND_IN + setup + line for _, line in calls], "jax")
    flagged = flagged_lines(MNIST_FLOW)
    for (line, _), outcome in zip(calls, outcomes, strict=True):
        assert outcome["raised"] == (line in flagged), (line, outcome)
        assert not outcome["raised"] or outcome["error"].startswith("ValueError"), outcome


def test_clean_fixtures_have_no_data_findings() -> None:
    for path in sorted((ROOT / "fixtures").glob("*.py")):
        analysis = analyze_source(path.read_text(encoding="utf-8"), str(path))
        assert [p for p in analysis.problems if p.code in DATA_CODES] == [], path
