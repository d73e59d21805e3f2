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


def _run_child(paths: list[str], timeout: float) -> list[dict]:
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
    if len(docs) != len(paths):
        raise RuntimeError(f"keras oracle returned {len(docs)} documents for {len(paths)} files")
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


def entry_function_names(source: str) -> list[str]:
    """Top-level functions that the oracle calls after running the module, in order."""
    tree = ast.parse(source)
    loaded: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if _is_main_guard(stmt):
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
    docs = [_summarize_file(p) for p in paths]
    json.dump(docs, json_out)
    json_out.flush()


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    _child_main(argv)
