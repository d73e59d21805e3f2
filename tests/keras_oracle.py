"""Real-Keras oracle: run a model file under Keras 3 and describe its models.

The documents returned here have the same shape as the output of
``kerasparam-lint summary --format json``, restricted to what Keras itself can tell::

    {"path": ..., "models": [
        {"name": "functional", "entry": "module",
         "layers": [{"name": "conv2d", "class": "Conv2D", "output_shape": [null, 256, 256, 64],
                     "params": 640, "trainable": 640, "non_trainable": 0}, ...],
         "total_params": 31031685, "trainable_params": 31031685, "non_trainable_params": 0}]}

or ``{"path": ..., "error": "<ExceptionType>: <message>"}`` when the file raises.

Contract (the static analyzer follows the same rules):

* The file is executed as a module named after its stem (so an
  ``if __name__ == "__main__":`` block does not run), in a process where Keras' global
  name counters start from zero, exactly as in a fresh interpreter.
* Models with ``"entry": "module"``: every value bound to a module-level global name
  that is a ``keras.Model`` instance, in the order the global names were first bound,
  de-duplicated by identity.
* Then the entry functions: top-level ``def``s, in source order, that can be called
  with no arguments (every positional and keyword-only parameter has a default;
  ``*args`` / ``**kwargs`` are allowed) and whose name is never loaded by module-level
  code. Module-level code means every top-level statement except function and class
  definitions and ``if __name__ == "__main__":`` blocks. Each is called with no
  arguments in the same process (the name counters carry on); a returned Model, or the
  Models in a returned tuple/list, are reported with ``"entry": "<function name>"``.
* ``layers`` is ``model.layers``; ``class`` is ``type(layer).__name__``; ``params`` is
  ``layer.count_params()``, and ``trainable`` / ``non_trainable`` count the scalars of
  ``layer.trainable_weights`` / ``layer.non_trainable_weights`` (all three are ``None``
  for a layer that is not built).
* ``output_shape`` follows ``keras.src.utils.summary_utils.format_layer_shape``: the
  output tensors of the layer's *last* inbound node; one tensor gives a list of dims
  (``None`` for unknown), several give a list of such lists, no inbound node gives
  ``None``.
* The model totals count the scalars of ``model.weights``, ``model.trainable_weights``
  and ``model.non_trainable_weights``, as ``model.summary()`` does.

Each call of :func:`keras_summary` costs one Python process and one Keras import;
:func:`keras_summary_many` runs many files in a single process, calling
``keras.backend.clear_session()`` before each file, which resets the name counters.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Sequence

__all__ = [
    "FIXTURES_DIR",
    "ORACLE_FIXTURES",
    "entry_function_names",
    "keras_runs",
    "keras_summary",
    "keras_summary_many",
]

_HERE = os.path.abspath(__file__)

FIXTURES_DIR = os.path.join(os.path.dirname(os.path.dirname(_HERE)), "fixtures")

# Fixture files that run under Keras 3 as they are. `unet_as_posted.py` is deliberately
# absent: it reproduces the API mistakes of the original snippet and raises.
ORACLE_FIXTURES = [
    "conv2d_tutorial.py",
    "vgg16.py",
    "unet.py",
    "unet_builder.py",
    "mnist_keras.py",
    "multi_io.py",
    "sequential_deferred_build.py",
    "custom_layer.py",
    "nested_fixed_batch.py",
    "fcn_open_sizes.py",
    "transfer_learning.py",
    # A script importing its project's own package (absolute and relative imports).
    "project/train.py",
]


# ---------------------------------------------------------------------------
# Parent side
# ---------------------------------------------------------------------------


def keras_summary(path: str, timeout: float = 600) -> dict:
    """Describe the models of one file, running it in a fresh Python process."""
    return _run_child([path], timeout=timeout)[0]


def keras_summary_many(paths: Sequence[str], timeout: float = 1800) -> list[dict]:
    """Describe the models of many files, all in one Python process.

    ``keras.backend.clear_session()`` is called before each file, so each file sees
    the name counters of a fresh interpreter. Returns one document per path, in order.
    """
    paths = list(paths)
    if not paths:
        return []
    return _run_child(paths, timeout=timeout)


def keras_runs(specs: Sequence[dict], timeout: float = 1800) -> list[dict]:
    """Describe the models of files run as their users run them, all in one process.

    Each spec is ``{"path": ..., "prelude": "imports a pasted snippet leaves out",
    "keras3_lines": {"12": "the line as Keras 3 writes it"}, "blank_lines": [3, 4],
    "as_main": true, "argv": [...], "main_entry": "__main__", "model_call": "f(x)"}``
    (all but ``path`` optional). See :func:`_summarize_run` for what is reported.
    """
    specs = list(specs)
    if not specs:
        return []
    return _run_child(["--runs", json.dumps(specs)], timeout=timeout, expected=len(specs))


def _run_child(paths: list[str], timeout: float, expected: int | None = None) -> list[dict]:
    env = dict(os.environ)
    env["KERAS_BACKEND"] = "numpy"
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env["PYTHONWARNINGS"] = "ignore"
    proc = subprocess.run(
        [sys.executable, _HERE, "--", *[os.fspath(p) for p in paths]],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"keras oracle child failed with exit code {proc.returncode}:\n{proc.stderr}"
        )
    docs = json.loads(proc.stdout)
    expected = len(paths) if expected is None else expected
    if len(docs) != expected:
        raise RuntimeError(f"keras oracle returned {len(docs)} documents for {expected} files")
    return docs


# ---------------------------------------------------------------------------
# Static part: which top-level functions are entry points
# ---------------------------------------------------------------------------


def _is_main_guard(stmt: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (either operand order)."""
    if not isinstance(stmt, ast.If):
        return False
    test = stmt.test
    if not (
        isinstance(test, ast.Compare)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.Eq)
        and len(test.comparators) == 1
    ):
        return False
    operands = [test.left, test.comparators[0]]
    has_name = any(isinstance(o, ast.Name) and o.id == "__name__" for o in operands)
    has_main = any(isinstance(o, ast.Constant) and o.value == "__main__" for o in operands)
    return has_name and has_main


def _callable_without_arguments(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    args = func.args
    positional = args.posonlyargs + args.args
    if len(args.defaults) < len(positional):
        return False
    return all(default is not None for default in args.kw_defaults)


def entry_function_names(source: str, as_script: bool = False) -> list[str]:
    """Top-level functions that the oracle calls after running the module, in order.

    Run as a script, a function the ``__main__`` block calls is reported through that
    block instead.
    """
    tree = ast.parse(source)
    loaded: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if _is_main_guard(stmt) and not as_script:
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                loaded.add(node.id)
    names = []
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.FunctionDef)
            and _callable_without_arguments(stmt)
            and stmt.name not in loaded
        ):
            names.append(stmt.name)
    return names


# ---------------------------------------------------------------------------
# Child side (runs with Keras imported)
# ---------------------------------------------------------------------------


def _shape(shape) -> list:
    return [None if d is None else int(d) for d in shape]


def _count(weights) -> int:
    total = 0
    for w in weights:
        n = 1
        for d in w.shape:
            n *= int(d)
        total += n
    return total


def _output_shape(layer):
    nodes = getattr(layer, "_inbound_nodes", None)
    if not nodes:
        return None
    outputs = list(nodes[-1].output_tensors)
    if len(outputs) == 1:
        return _shape(outputs[0].shape)
    return [_shape(t.shape) for t in outputs]


def _describe_layer(layer) -> dict:
    built = bool(getattr(layer, "built", False))
    return {
        "name": layer.name,
        "class": type(layer).__name__,
        "output_shape": _output_shape(layer),
        "params": layer.count_params() if built else None,
        "trainable": _count(layer.trainable_weights) if built else None,
        "non_trainable": _count(layer.non_trainable_weights) if built else None,
    }


def _describe_model(model, entry: str) -> dict:
    return {
        "name": model.name,
        "entry": entry,
        "layers": [_describe_layer(layer) for layer in model.layers],
        "total_params": _count(model.weights),
        "trainable_params": _count(model.trainable_weights),
        "non_trainable_params": _count(model.non_trainable_weights),
    }


def _models_in(value, keras_model) -> list:
    if isinstance(value, keras_model):
        return [value]
    if isinstance(value, (tuple, list)):
        return [v for v in value if isinstance(v, keras_model)]
    return []


def _summarize_file(path: str) -> dict:
    import builtins

    import keras

    # Resets the name counters (and the rest of Keras' global state). Skipping the full
    # garbage collection keeps a batch of hundreds of files fast.
    keras.backend.clear_session(free_memory=False)
    doc: dict = {"path": path}
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        code = compile(source, path, "exec")
        entries = entry_function_names(source)
        module_name = os.path.splitext(os.path.basename(path))[0]
        namespace: dict = {
            "__name__": module_name,
            "__file__": path,
            "__builtins__": builtins,
        }
        file_dir = os.path.dirname(os.path.abspath(path))
        sys.path.insert(0, file_dir)
        try:
            exec(code, namespace)
            models = []
            seen: set[int] = set()
            for value in list(namespace.values()):
                if isinstance(value, keras.Model) and id(value) not in seen:
                    seen.add(id(value))
                    models.append(_describe_model(value, "module"))
            for name in entries:
                func = namespace.get(name)
                if not callable(func):
                    continue
                returned = func()
                for model in _models_in(returned, keras.Model):
                    if id(model) not in seen:
                        seen.add(id(model))
                        models.append(_describe_model(model, name))
        finally:
            try:
                sys.path.remove(file_dir)
            except ValueError:
                pass
        doc["models"] = models
    except (Exception, SystemExit) as exc:
        doc["error"] = f"{type(exc).__name__}: {exc}"
    return doc


class _Inert:
    """What a stubbed training, saving or loading call gives back: absorbs any use."""

    history: dict = {}

    def __getattr__(self, name: str) -> _Inert:
        return self

    def __call__(self, *args, **kwargs) -> _Inert:
        return self

    def __iter__(self):
        return iter(())

    def __getitem__(self, key) -> float:
        return 0.0


def _stub_training_and_files() -> None:
    """Training, saving, loading and downloads do nothing: only the models matter.

    NumPy's Keras backend cannot ``fit``; a script's data comes from a download of
    the documented shape (zeros, allocated lazily).
    """
    import numpy as np
    from keras.src.models.model import Model

    def inert(*args, **kwargs) -> _Inert:
        return _Inert()

    for name in (
        "fit",
        "fit_generator",
        "train_on_batch",
        "evaluate",
        "save",
        "save_weights",
        "load_weights",
    ):
        setattr(Model, name, inert)
    import keras

    for module in (keras.models, keras.saving):
        module.load_model = inert
    keras.utils.plot_model = inert

    def download(x_shape: tuple, y_shape: tuple, test: int):
        def load_data(*args, **kwargs):
            train = (np.zeros(x_shape, np.uint8), np.zeros(y_shape, np.uint8))
            rest = (
                np.zeros((test, *x_shape[1:]), np.uint8),
                np.zeros((test, *y_shape[1:]), np.uint8),
            )
            return train, rest

        return load_data

    keras.datasets.mnist.load_data = download((60000, 28, 28), (60000,), 10000)
    keras.datasets.fashion_mnist.load_data = download((60000, 28, 28), (60000,), 10000)
    keras.datasets.cifar10.load_data = download((50000, 32, 32, 3), (50000, 1), 10000)


def _apply_spec(spec: dict) -> str:
    """The file as Keras 3 runs it: its lines rewritten, then the prelude before them.

    ``oracle_lines`` maps a line's text (stripped) to the text Keras 3 needs instead
    (``""`` blanks it), keeping the line's indentation. TensorFlow is not installed:
    ``tensorflow.keras`` is Keras 3 itself.
    """
    with open(spec["path"], encoding="utf-8") as f:
        lines = f.read().splitlines()
    rewrites = spec.get("oracle_lines", {})
    for number, line in enumerate(lines):
        new = rewrites.get(line.strip())
        if new is not None:
            lines[number] = line[: len(line) - len(line.lstrip())] + new if new else ""
    text = "\n".join(lines).replace("from tensorflow import keras", "import keras")
    return spec.get("prelude", "") + text.replace("tensorflow.keras", "keras") + "\n"


def _inside_sequential(frame) -> bool:
    """A Sequential's own graph, rebuilt by Keras at every ``add``, is not the user's model."""
    while frame is not None:
        code = frame.f_code
        if code.co_name != "__new__" and code.co_filename.endswith(
            os.path.join("models", "sequential.py")
        ):
            return True
        frame = frame.f_back
    return False


def _models_built_during(action, keras_model) -> list:
    """Every Model constructed while ``action`` runs, in construction order."""
    from keras.src.layers.layer import Layer

    built: list = []
    original = Layer.__new__

    def recording_new(cls, *args, **kwargs):
        obj = original(cls, *args, **kwargs)
        if isinstance(obj, keras_model) and not _inside_sequential(sys._getframe(1)):
            built.append(obj)
        return obj

    Layer.__new__ = recording_new
    try:
        action()
    except SystemExit:  # a script that ends with sys.exit() has still built its models
        pass
    finally:
        Layer.__new__ = original
    return built


def _own_object(value, module_name: str) -> bool:
    """An instance of one of the file's own classes (its attributes may hold models)."""
    return type(value).__module__ == module_name and hasattr(value, "__dict__")


def _models_bound_during(code, namespace: dict, keras_model) -> list:
    """Every Model bound to a module-level name while the module's code runs, in order."""
    seen: list = []

    def scan() -> None:
        for value in list(namespace.values()):
            own = _own_object(value, namespace["__name__"]) and not isinstance(
                value, (type, keras_model)
            )
            held = list(vars(value).values()) if own else [value]
            for item in held:
                if isinstance(item, keras_model) and all(item is not m for m in seen):
                    seen.append(item)

    def local(frame, event, arg):
        if event in ("line", "return"):
            scan()
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code is code else None

    sys.settrace(tracer)
    try:
        exec(code, namespace)
    finally:
        sys.settrace(None)
    scan()
    return seen


def _summarize_run(spec: dict) -> dict:
    """Run one file as its user would, and describe every model the run builds.

    * ``entry: "module"``: every model bound to a module-level name, or held by an
      attribute of an object of the file's own classes bound to one, at any point of
      the module's own code (the ``__main__`` block apart), in the order first seen;
    * then the entry functions, as for :func:`_summarize_file` (a function the
      ``__main__`` block calls is left to the block);
    * with ``as_main``, ``entry: spec["main_entry"]`` (default ``"__main__"``): every
      model constructed while the ``if __name__ == "__main__":`` block runs (with
      ``sys.argv`` = the file and ``argv``), in construction order;
    * with ``model_call``, every model constructed while that expression is evaluated
      in the module's namespace, ``entry`` its function or class name.

    Training and file access are stubbed (:func:`_stub_training_and_files`).
    """
    import builtins

    import keras

    keras.backend.clear_session(free_memory=False)
    keras.config.set_image_data_format("channels_last")
    path = spec["path"]
    doc: dict = {"path": path}
    as_main = bool(spec.get("as_main"))
    try:
        source = _apply_spec(spec)
        tree = ast.parse(source)
        module_part = ast.Module([s for s in tree.body if not _is_main_guard(s)], [])
        main_part = ast.Module([s for s in tree.body if _is_main_guard(s) for s in s.body], [])
        module_code = compile(module_part, path, "exec")
        entries = entry_function_names(source, as_script=as_main)
        module_name = "__main__" if as_main else os.path.splitext(os.path.basename(path))[0]
        namespace: dict = {"__name__": module_name, "__file__": path, "__builtins__": builtins}
        saved_argv = sys.argv
        sys.argv = [path, *spec.get("argv", ())]
        models: list[dict] = []
        seen: list = []

        def report(found: list, entry: str) -> None:
            for model in found:
                if all(model is not m for m in seen):
                    seen.append(model)
                    models.append(_describe_model(model, entry))

        try:
            found = _models_bound_during(module_code, namespace, keras.Model)
            if spec.get("model_call") is None:
                report(found, "module")
                for name in entries:
                    returned = namespace[name]()
                    report(_models_in(returned, keras.Model), name)
            if as_main:
                main_code = compile(main_part, path, "exec")
                found = _models_built_during(lambda: exec(main_code, namespace), keras.Model)
                report(found, spec.get("main_entry", "__main__"))
            call = spec.get("model_call")
            if call is not None:
                found = _models_built_during(lambda: eval(call, namespace), keras.Model)
                report(found, call.split("(")[0])
        finally:
            sys.argv = saved_argv
        doc["models"] = models
    except (Exception, SystemExit) as exc:
        doc["error"] = f"{type(exc).__name__}: {exc}"
    return doc


def _skip_weight_initialization() -> None:
    """Create every variable as zeros instead of running its initializer.

    Shapes, counts and trainability are all the oracle reports, and they do not depend
    on the initial values; numpy's zeros are allocated lazily, so even ConvNeXtXLarge's
    350M parameters cost neither the seconds nor the gigabytes of random initialization.
    """
    import numpy as np
    from keras.src.backend.common.variables import Variable

    def initialize_as_zeros(variable, initializer) -> None:
        variable._initialize(np.zeros(variable._shape, dtype=variable._dtype))

    Variable._initialize_with_initializer = initialize_as_zeros


def _small_batches_for_shape_inference() -> None:
    """Infer output shapes on dummy batches of 2 and 3 samples instead of 83 and 89.

    The numpy backend infers the output shape of a layer without ``compute_output_shape``
    by calling it on arrays whose ``None`` sizes are filled in twice (83, then 89) and
    calling a size ``None`` where the two outputs differ. On a batch of 83 images the
    arrays of InceptionResNetV2 with an open input size take gigabytes; the batch is only
    a placeholder, so it is filled in smaller. The other sizes keep Keras' values.
    """
    import numpy as np
    from keras.src import backend, tree
    from keras.src.backend.common import standardize_dtype
    from keras.src.backend.common.keras_tensor import KerasTensor
    from keras.src.backend.common.stateless_scope import StatelessScope
    from keras.src.backend.common.symbolic_scope import SymbolicScope

    def dummies(structure, batch: int, size: int):
        def fill(value):
            if not isinstance(value, KerasTensor):
                return value
            dims = [
                (batch if axis == 0 else size) if dim is None else dim
                for axis, dim in enumerate(value.shape)
            ]
            return np.empty(dims, dtype=value.dtype)

        return tree.map_structure(fill, structure)

    def spec(value):
        if isinstance(value, (np.ndarray, np.generic)):  # the numpy backend's tensors
            return KerasTensor(value.shape, standardize_dtype(value.dtype))
        return value

    def compute_output_spec(fn, *args, **kwargs):
        with StatelessScope(), SymbolicScope():
            flat = tree.flatten((args, kwargs))
            open_sizes = any(isinstance(x, KerasTensor) and None in x.shape for x in flat)
            first_args, first_kwargs = dummies((args, kwargs), 2, 83)
            first = fn(*first_args, **first_kwargs)
            if not open_sizes:
                return tree.map_structure(spec, first)
            second_args, second_kwargs = dummies((args, kwargs), 3, 89)
            second = fn(*second_args, **second_kwargs)
            merged = [
                KerasTensor(
                    [a if a == b else None for a, b in zip(x.shape, y.shape, strict=True)],
                    standardize_dtype(x.dtype),
                )
                for x, y in zip(tree.flatten(first), tree.flatten(second), strict=True)
            ]
            return tree.pack_sequence_as(first, merged)

    backend.compute_output_spec = compute_output_spec


def _child_main(paths: list[str]) -> None:
    os.environ["KERAS_BACKEND"] = "numpy"
    # Keep the JSON channel clean: anything the model files print goes to stderr.
    json_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    import warnings

    warnings.simplefilter("ignore")
    import keras  # noqa: F401 - imported once, before any model file runs

    _skip_weight_initialization()
    _small_batches_for_shape_inference()
    if paths[:1] == ["--runs"]:
        _stub_training_and_files()
        docs = [_summarize_run(spec) for spec in json.loads(paths[1])]
    else:
        docs = [_summarize_file(p) for p in paths]
    json.dump(docs, json_out)
    json_out.flush()


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    _child_main(argv)
