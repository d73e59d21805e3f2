"""Run code snippets under real Keras and report where each one raises.

The rules' contract with Keras: an ``error`` finding marks a statement Keras
raises on, a ``warning`` marks code Keras builds. :func:`keras_outcomes` runs
many snippets in one child process (``clear_session()`` before each) and returns,
per snippet, ``{"raised": False}`` or ``{"raised": True, "line": N, "error": "..."}``
where ``N`` is the snippet's own line the exception came through last.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence

_HERE = os.path.abspath(__file__)


def keras_outcomes(sources: Sequence[str], timeout: float = 900) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, source in enumerate(sources):
            path = os.path.join(folder, f"snippet_{index}.py")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(source)
            paths.append(path)
        env = dict(os.environ, KERAS_BACKEND="numpy", TF_CPP_MIN_LOG_LEVEL="3")
        proc = subprocess.run(
            [sys.executable, _HERE, *paths],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
            cwd=folder,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"keras child failed ({proc.returncode}):\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


def _outcome(path: str) -> dict:
    import traceback

    import keras

    keras.backend.clear_session()
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        code = compile(text, path, "exec")
    except SyntaxError as error:  # Python rejects the file before anything runs
        return {"raised": True, "line": error.lineno, "error": repr(error)}
    try:
        exec(code, {"__name__": "snippet"})
    except Exception as error:  # the outcome being observed
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == path]
        return {"raised": True, "line": lines[-1] if lines else None, "error": repr(error)}
    return {"raised": False}


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore")
    outcomes = [_outcome(path) for path in sys.argv[1:]]
    print(json.dumps(outcomes))
