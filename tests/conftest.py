"""Test-wide setup: real Keras, when the tests import it, runs on its numpy backend."""

import os

os.environ.setdefault("KERAS_BACKEND", "numpy")
