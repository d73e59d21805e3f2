"""RecurrentLayer, LSTMLayer, GRULayer (``lasagne/layers/recurrent.py``).

Input is ``(batch, time, *features)``; every gate has an input-to-hidden
matrix over the flattened features, a hidden-to-hidden matrix and a bias.
LSTM peepholes add one vector per gated cell; the initial states are
parameters too (learned only with ``learn_init=True``) unless given as layers.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.model import Layer
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import format_shape, product, require_min_rank
from kerasparam_lint.libraries.lasagne.core import given


def recurrent_shape(args: Args, call: Call) -> Any:
    shape = call.inputs
    require_min_rank(shape, 3, "recurrent layer")
    if args.only_return_final:
        return (shape[0], args.num_units)
    return (shape[0], shape[1], args.num_units)


def _num_inputs(call: Call) -> Any:
    shape = call.inputs
    require_min_rank(shape, 3, "recurrent layer")
    features = shape[2:]
    if any(d is None for d in features):
        raise ShapeError(
            f"a recurrent layer needs known feature sizes, got {format_shape(shape)}", "KPL103"
        )
    return product(features)


def _initial_states(args: Args, names: tuple[str, ...]) -> list[WeightRow]:
    learn = args.learn_init
    if not isinstance(learn, bool) or any(args[n] is UNKNOWN for n in names):
        raise CannotKnow("initial states")
    return [(n, (1, args.num_units), learn) for n in names if not isinstance(args[n], Layer)]


def _gates(names: tuple[str, ...], inputs: Any, units: Any) -> list[WeightRow]:
    rows: list[WeightRow] = []
    for gate in names:
        rows += [
            (f"W_in_to_{gate}", (inputs, units), True),
            (f"W_hid_to_{gate}", (units, units), True),
            (f"b_{gate}", (units,), True),
        ]
    return rows


def lstm_weights(args: Args, call: Call) -> list[WeightRow]:
    units = args.num_units
    rows = _gates(("ingate", "forgetgate", "cell", "outgate"), _num_inputs(call), units)
    if args.peepholes:
        rows += [(f"W_cell_to_{g}", (units,), True) for g in ("ingate", "forgetgate", "outgate")]
    return rows + _initial_states(args, ("cell_init", "hid_init"))


def gru_weights(args: Args, call: Call) -> list[WeightRow]:
    rows = _gates(("resetgate", "updategate", "hidden_update"), _num_inputs(call), args.num_units)
    return rows + _initial_states(args, ("hid_init",))


def simple_recurrent_weights(args: Args, call: Call) -> list[WeightRow]:
    units = args.num_units
    rows: list[WeightRow] = [("W_in_to_hid", (_num_inputs(call), units), True)]
    if given(args.b):
        rows.append(("b_in_to_hid", (units,), True))
    rows.append(("W_hid_to_hid", (units, units), True))
    return rows + _initial_states(args, ("hid_init",))
