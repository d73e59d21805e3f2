"""SimpleRNN, LSTM, GRU, RNN over their cells, ConvLSTM{1,2,3}D and the wrappers
Bidirectional and TimeDistributed (``keras/src/layers/rnn/``).

A wrapper's rules apply the wrapped layer's own catalogue row: Bidirectional
to the whole sequence (twice, for its forward and backward copies), and
TimeDistributed to one timestep's slice.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.model import Layer, Model, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, LayerSpec, ShapeError, WeightRow
from kerasparam_lint.libraries.keras.shape_rules import (
    as_tuple,
    assemble,
    check_positive,
    conv_output_length,
    data_format,
    format_shape,
    padding_mode,
    require_min_rank,
    require_rank,
    spatial,
)

# How many state tensors each cell carries (LSTM: h and c).
_STATES = {"SimpleRNN": 1, "GRU": 1, "LSTM": 2}
# Gate blocks in each cell's kernels (LSTM: i, f, c, o; GRU: z, r, h).
_GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}
_MERGE_MODES = ("concat", "sum", "ave", "mul", None)


def _check_batch(args: Args, shape: tuple[Any, ...], layer: str) -> None:
    """``RNN.build``: a stateful RNN keeps one state per sample, so it needs a fixed batch."""
    if args.stateful and shape[0] is None:
        raise ShapeError(
            f"{layer}(stateful=True) needs a fixed batch size, got {format_shape(shape)}; "
            "pass batch_size to Input",
            "KPL103",
        )


def _units(config: dict[str, Any], layer: str) -> Any:
    """The cells' constructor check: ``units`` must be above 0 (Keras compares, nothing more)."""
    units = config["units"]
    if isinstance(units, (int, float)) and not isinstance(units, bool) and units <= 0:
        raise ShapeError(f"{layer}: `units` must be a positive integer, got {units}", "KPL304")
    return units


def _sequence_outputs(
    args: Args, batch: Any, steps: Any, state: tuple[Any, ...], states: int
) -> Any:
    """``RNN.compute_output_shape``: the output, then one shape per state if asked."""
    output = (batch, steps, *state) if args.return_sequences else (batch, *state)
    if args.return_state:
        return [output] + [(batch, *state)] * states
    return output


def rnn_shape(layer: str) -> Any:
    def rule(args: Args, call: Call) -> Any:
        shape = call.inputs
        require_rank(shape, 3, layer)
        _check_batch(args, shape, layer)
        units = _units(args, layer)
        return _sequence_outputs(args, shape[0], shape[1], (units,), _STATES[layer])

    return rule


def cell_weights(layer: str) -> Any:
    """The cell's ``build`` on one timestep: kernel, recurrent_kernel and bias,
    one block per gate (``layer`` is the RNN layer the cell belongs to)."""

    def rule(args: Args, call: Call) -> list[WeightRow]:
        features = call.inputs[-1]
        if features is None:
            raise ShapeError(f"{layer} needs a known last input dimension", "KPL103")
        units = _units(args, layer)
        width = units * _GATES[layer]
        rows = [
            ("kernel", (features, width), True),
            ("recurrent_kernel", (units, width), True),
        ]
        if args.use_bias:
            # GRU with reset_after keeps separate input and recurrent biases.
            two_biases = layer == "GRU" and args.reset_after
            rows.append(("bias", (2, width) if two_biases else (width,), True))
        return rows

    return rule


def rnn_weights(layer: str) -> Any:
    build_cell = cell_weights(layer)

    def rule(args: Args, call: Call) -> list[WeightRow]:
        require_rank(call.inputs, 3, layer)
        return build_cell(args, call)

    return rule


def cell_call(args: Args, call: Call) -> Any:
    """A cell called by hand returns its output and new states; not modelled."""
    raise CannotKnow("direct call of an RNN cell")


# The cell classes ``keras.layers.RNN`` runs, and the layer each one belongs to.
_CELLS = {"SimpleRNNCell": "SimpleRNN", "LSTMCell": "LSTM", "GRUCell": "GRU"}


def _cells(args: Args) -> list[Layer]:
    """``RNN(cell)``: one cell, or a list that Keras stacks into StackedRNNCells."""
    cells = list(args.cell) if isinstance(args.cell, (list, tuple)) else [args.cell]
    for cell in cells:
        if not isinstance(cell, Layer) or cell.class_name not in _CELLS:
            raise CannotKnow("RNN cell")
        if cell.config is UNKNOWN:
            raise CannotKnow("RNN cell arguments")
        _units(cell.config, cell.class_name)
    return cells


def generic_rnn_shape(args: Args, call: Call) -> Any:
    """``RNN.compute_output_shape``: the last cell's units; the states of one cell."""
    shape = call.inputs
    if not isinstance(shape, tuple) or len(shape) < 3:
        raise CannotKnow("RNN input of rank below 3")
    _check_batch(args, shape, "RNN")
    cells = _cells(args)
    if args.return_state and len(cells) > 1:
        raise CannotKnow("nested states of stacked cells")
    states = _STATES[_CELLS[cells[0].class_name]]
    return _sequence_outputs(args, shape[0], shape[1], (cells[-1].config["units"],), states)


def rnn_cells(args: Args, call: Call) -> list[tuple[Any, Call]]:
    """``RNN.build`` builds its cell(s) on one timestep, each on the previous one's units."""
    generic_rnn_shape(args, call)
    batch, step = call.inputs[0], tuple(call.inputs[2:])
    built = []
    for cell in _cells(args):
        built.append((cell, Call((batch, *step))))
        step = (cell.config["units"],)
    return built


def _conv_lstm_step(args: Args, call: Call, rank: int, layer: str) -> tuple[Any, ...]:
    """One timestep's input, checked as ``ConvLSTMCell.build`` checks it."""
    shape = call.inputs
    require_rank(shape, rank + 3, layer)
    _check_batch(args, shape, layer)
    step = (shape[0], *shape[2:])
    dims, channels = spatial(step, data_format(args.data_format), rank)
    if None in dims:
        raise ShapeError(
            f"{layer} needs static spatial dimensions, got {format_shape(shape)}", "KPL103"
        )
    if channels is None:
        raise ShapeError(f"{layer} needs a known channel dimension", "KPL103")
    return step


def conv_lstm_shape(rank: int, layer: str) -> Any:
    """``ConvLSTMCell.compute_output_shape`` on one timestep, then the sequence around it.

    The cell checks its geometry as BaseConv does, but any ``filters`` (even 0) and
    no causal padding, even in 1D."""

    def rule(args: Args, call: Call) -> Any:
        step = _conv_lstm_step(args, call, rank, layer)
        kernel = as_tuple(args.kernel_size, rank, "kernel_size")
        strides = as_tuple(args.strides, rank, "strides")
        dilation = as_tuple(args.dilation_rate, rank, "dilation_rate")
        padding = padding_mode(args.padding)
        if max(strides) > 1 and max(dilation) > 1:
            raise ShapeError("`strides > 1` cannot be combined with `dilation_rate > 1`", "KPL304")
        fmt = data_format(args.data_format)
        dims, _ = spatial(step, fmt, rank)
        out = tuple(
            conv_output_length(n, k, padding, s, d)
            for n, k, s, d in zip(dims, kernel, strides, dilation, strict=True)
        )
        check_positive(out, step, layer)
        state = assemble(step[0], out, args.filters, fmt)[1:]
        return _sequence_outputs(args, call.inputs[0], call.inputs[1], state, 2)

    return rule


def conv_lstm_weights(rank: int, layer: str) -> Any:
    def rule(args: Args, call: Call) -> list[WeightRow]:
        step = _conv_lstm_step(args, call, rank, layer)
        _, channels = spatial(step, data_format(args.data_format), rank)
        kernel = as_tuple(args.kernel_size, rank, "kernel_size")
        width = args.filters * 4
        rows = [
            ("kernel", (*kernel, channels, width), True),
            ("recurrent_kernel", (*kernel, args.filters, width), True),
        ]
        if args.use_bias:
            rows.append(("bias", (width,), True))
        return rows

    return rule


# ------------------------------------------------------------------ wrappers


def _wrapped(value: Any) -> Layer:
    if not isinstance(value, Layer) or value.config is UNKNOWN:
        raise CannotKnow("wrapped layer")
    return value


# The catalogue's rows by class: the catalogue lists this module's rules, and fills this
# table once it is complete (so neither module imports the other back).
CATALOGUE_ROWS: dict[str, LayerSpec] = {}


def _row(layer: Layer) -> tuple[LayerSpec, Args]:
    """The wrapped layer's catalogue row and bound arguments."""
    spec = CATALOGUE_ROWS.get(layer.class_name)
    if spec is None or isinstance(layer, Model):
        raise CannotKnow(f"rules of {layer.class_name}")
    return spec, Args(layer.config)


def _merge_mode(args: Args) -> Any:
    mode = args.merge_mode
    if mode is UNKNOWN:
        raise CannotKnow("merge_mode")
    if mode not in _MERGE_MODES:
        raise ShapeError(f"merge_mode must be one of {_MERGE_MODES}, got {mode!r}", "KPL304")
    return mode


def _copied(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return type(value)(_copied(item) for item in value)
    if not isinstance(value, Layer):
        return value
    if isinstance(value, Model) or value.config is UNKNOWN:
        raise CannotKnow("copy of a layer the analyzer cannot rebuild")
    return _fresh_copy(value, value.name)


def _fresh_copy(layer: Layer, name: str, **changes: Any) -> Layer:
    """What deserializing the layer's serialized config makes: a new layer of the same
    class and arguments (``trainable`` as it is now), with new cells of its own."""
    config = Args({key: _copied(value) for key, value in layer.config.items()})
    config.update(changes, name=name)
    return Layer(
        layer.class_name, name, layer.line, layer.col, config=config, trainable=layer.trainable
    )


def bidirectional_copies(args: Args) -> Args:
    """``Bidirectional.__init__``: a forward copy of the layer and, unless a backward
    layer is given, a backward copy with ``go_backwards=True``. Copies take no name
    from Keras' counters, and later changes to the layer do not reach them."""
    try:
        layer = _wrapped(args.layer)
        forward = _fresh_copy(layer, f"forward_{layer.name.removeprefix('forward_')}")
        backward = args.backward_layer
        if backward is None:
            name = f"backward_{layer.name.removeprefix('backward_')}"
            backward = _fresh_copy(layer, name, go_backwards=True)
    except CannotKnow:
        return args
    return Args({**args, "forward_layer": forward, "backward_layer": backward})


def _directions(args: Args) -> tuple[Layer, Layer]:
    """The forward and backward layers, checked as ``_verify_layer_config`` does."""
    _merge_mode(args)
    forward = _wrapped(args.get("forward_layer"))
    backward = _wrapped(args.backward_layer)
    if forward.config.get("go_backwards") == backward.config.get("go_backwards"):
        raise ShapeError("forward and backward layers need opposite `go_backwards`", "KPL304")
    for name in ("stateful", "return_sequences", "return_state"):
        if forward.config.get(name) != backward.config.get(name):
            raise ShapeError(f"forward and backward layers differ in `{name}`", "KPL304")
    return forward, backward


def bidirectional_shape(args: Args, call: Call) -> Any:
    """``Bidirectional.compute_output_shape``: the forward layer's shape, merged."""
    forward, _ = _directions(args)
    spec, config = _row(forward)
    output = spec.output_shape(config, Call(call.inputs))
    states: list[Any] = []
    if config.return_state:
        output, states = output[0], list(output[1:])
    mode = args.merge_mode
    if mode == "concat":
        merged: Any = (*output[:-1], output[-1] * 2)
    elif mode is None:
        merged = [output, output]
    else:
        merged = output
    if config.return_state:
        head = merged if mode is None else [merged]
        return [*head, *states, *states]
    return merged


def bidirectional_layers(args: Args, call: Call) -> list[tuple[Any, Call]]:
    """``Bidirectional.build``: both directions on the whole sequence, unless built."""
    return [(layer, Call(call.inputs)) for layer in _directions(args)]


def _timestep_call(call: Call) -> Call:
    """``TimeDistributed._get_child_input_shape``: drop the time axis."""
    require_min_rank(call.inputs, 3, "TimeDistributed")
    return Call((call.inputs[0], *call.inputs[2:]))


def _model_output(model: Model, shape: tuple[Any, ...]) -> Any:
    """A one-input, one-output model on a timestep shaped exactly like its input:
    its recorded output, batch dimension taken from the timestep."""
    inputs, outputs = flatten_tensors(model.inputs), flatten_tensors(model.outputs)
    if not model.complete or len(inputs) != 1 or len(outputs) != 1:
        raise CannotKnow("model output")
    expected, produced = inputs[0].shape, outputs[0].shape
    if not (isinstance(expected, tuple) and isinstance(produced, tuple)):
        raise CannotKnow("model shapes")
    if contains_unknown([expected, produced, shape]) or expected[1:] != shape[1:]:
        raise CannotKnow("model on another input shape")
    return (shape[0], *produced[1:])


def time_distributed_shape(args: Args, call: Call) -> Any:
    child_call = _timestep_call(call)
    if isinstance(args.layer, Model):
        child = _model_output(args.layer, child_call.inputs)
    else:
        spec, config = _row(_wrapped(args.layer))
        child = spec.output_shape(config, child_call)
    if not isinstance(child, tuple):
        raise CannotKnow("wrapped layer with several outputs")
    return (child[0], call.inputs[1], *child[1:])


def time_distributed_layer(args: Args, call: Call) -> list[tuple[Any, Call]]:
    """TimeDistributed holds the very layer it was given and builds it on one timestep."""
    if not isinstance(args.layer, Layer):
        raise CannotKnow("wrapped layer")
    return [(args.layer, _timestep_call(call))]
