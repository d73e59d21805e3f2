"""The libraries every analysis plugs into its interpreter, in the order their hooks are
asked: a library whose values are a special case of another's (Lasagne's layers are
layers) comes before it."""

from __future__ import annotations

from kerasparam_lint.evaluator.library import Evaluation, Library
from kerasparam_lint.libraries.argparse.library import ArgparseLibrary
from kerasparam_lint.libraries.keras.library import KerasLibrary
from kerasparam_lint.libraries.keras_data.library import KerasDataLibrary
from kerasparam_lint.libraries.lasagne.library import LasagneLibrary
from kerasparam_lint.libraries.numpy.library import NumpyLibrary
from kerasparam_lint.libraries.pandas.library import PandasLibrary
from kerasparam_lint.libraries.sklearn.library import SklearnLibrary

LIBRARIES: tuple[type[Library], ...] = (
    LasagneLibrary,
    KerasDataLibrary,
    KerasLibrary,
    NumpyLibrary,
    PandasLibrary,
    SklearnLibrary,
    ArgparseLibrary,
)


def plug_in(evaluation: Evaluation) -> list[Library]:
    """One fresh instance of every library for one analysis."""
    return [library(evaluation) for library in LIBRARIES]
