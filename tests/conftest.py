"""Test-wide setup: real Keras, when the tests import it, runs on its numpy backend."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")


def pytest_addoption(parser):
    parser.addoption(
        "--overwrite-golden",
        action="store_true",
        help="rewrite tests/golden/*.out from the current output instead of comparing",
    )
