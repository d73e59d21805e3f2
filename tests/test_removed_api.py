"""Every Keras 1/2 spelling the KPL306-KPL310 rules flag is one Keras 3 rejects, and
every replacement they name is one Keras 3 accepts."""

from __future__ import annotations

import pytest

from kerasparam_lint.libraries.keras.removed_api import (
    BACKEND_FUNCTIONS,
    DIM_ORDERINGS,
    GENERATOR_METHODS,
    OPTIMIZERS,
    PREDICTION_METHODS,
    REMOVED_MODULES,
)
from tests.keras_raises import keras_outcomes

pytest.importorskip("keras")

MODEL = "import keras\nmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])\n"

REJECTED = {
    **{f"K.{f}": f"from keras import backend as K\nK.{f}\n" for f in BACKEND_FUNCTIONS},
    **{f"import {old}": f"import {old}\n" for old in REMOVED_MODULES},
    **{f"{name}(lr=)": f"import keras\nkeras.optimizers.{name}(lr=0.1)\n" for name in OPTIMIZERS},
    **{f"{m}()": f"{MODEL}model.{m}\n" for m in (*GENERATOR_METHODS, *PREDICTION_METHODS)},
}
ACCEPTED = {
    **{
        f"set_image_data_format({layout!r})": (
            f"from keras import backend as K\nK.set_image_data_format({layout!r})\n"
        )
        for layout in DIM_ORDERINGS.values()
    },
    **{f"import {new}": f"import {new}\n" for new in set(REMOVED_MODULES.values())},
    **{
        f"{name}(learning_rate=)": f"import keras\nkeras.optimizers.{name}(learning_rate=0.1)\n"
        for name in OPTIMIZERS
    },
    **{f"{m}()": f"{MODEL}model.{m}\n" for m in set(GENERATOR_METHODS.values())},
}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, bool]:
    cases = {
        **{f"rejects {k}": v for k, v in REJECTED.items()},
        **{f"accepts {k}": v for k, v in ACCEPTED.items()},
    }
    results = keras_outcomes(list(cases.values()))
    return {key: result["raised"] for key, result in zip(cases, results, strict=True)}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_keras_3_rejects(case: str, outcomes: dict[str, bool]) -> None:
    assert outcomes[f"rejects {case}"]


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_keras_3_accepts_the_replacement(case: str, outcomes: dict[str, bool]) -> None:
    assert not outcomes[f"accepts {case}"]
