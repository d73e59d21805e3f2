"""Recurrent layers, their wrappers and the attention layers: the static summary
equals what real Keras builds (names, output shapes, parameter counts, totals).

Every snippet runs once under real Keras (one process for all of them), and the
analyzer must report exactly the same models, including the default names of
layers created after a wrapper or an attention layer: Bidirectional,
TimeDistributed and MultiHeadAttention create layers of their own, and only
some of those take a default name.
"""

from __future__ import annotations

import itertools

import pytest

from kerasparam_lint.analysis import analyze_source
from tests.keras_oracle import keras_summary_many
from tests.static_summary import comparable, static_completeness, static_models

pytest.importorskip("keras")

_HEADER = "import keras\nfrom keras import layers\n\n"

CASES = {
    "rnn_stack": """
x = keras.Input((12, 5))
h = layers.SimpleRNN(7, return_sequences=True)(x)
h = layers.LSTM(8, return_sequences=True, implementation=1)(h)
h = layers.GRU(6, implementation=2)(h)
y = layers.Dense(3)(h)
model = keras.Model(x, y)
""",
    "rnn_over_cells": """
x = keras.Input((10, 6))
a = layers.RNN(layers.LSTMCell(5), return_sequences=True)(x)
b, state = layers.RNN(layers.GRUCell(4, reset_after=False), return_state=True)(a)
c = layers.RNN([layers.SimpleRNNCell(3), layers.LSTMCell(2), layers.GRUCell(7)])(a)
cell = layers.LSTMCell(3, trainable=False)
d = layers.Bidirectional(layers.RNN(layers.LSTMCell(2)))(a)
e = layers.RNN(cell, name="frozen")(x)
# RNN (unlike LSTM) takes any rank >= 3; its cells see (batch, *dims after time).
f = layers.RNN([layers.LSTMCell(4), layers.GRUCell(2)])(layers.Reshape((10, 3, 2))(x))
y = layers.Concatenate()([b, state, c, d, e, f])
model = keras.Model(x, layers.Dense(1)(y))
""",
    "nested_wrappers": """
x = keras.Input((4, 6, 5))
y = layers.TimeDistributed(layers.Bidirectional(layers.GRU(3)))(x)
y = layers.TimeDistributed(layers.TimeDistributed(layers.Dense(2)))(
    layers.Reshape((4, 2, 3))(y)
)
model = keras.Model(x, y)
""",
    "gru_variants": """
x = keras.Input((None, 10))
a = layers.GRU(4, reset_after=False, return_sequences=True)(x)
b = layers.GRU(4, use_bias=False)(a)
c = layers.LSTM(3, use_bias=False, name="plain")(a)
d = layers.SimpleRNN(2, use_bias=False)(a)
model = keras.Model(x, [b, c, d])
""",
    "return_state": """
x = keras.Input((9, 4))
out, h, c = layers.LSTM(8, return_state=True)(x)
seq, g = layers.GRU(5, return_sequences=True, return_state=True)(x)
r, s = layers.SimpleRNN(3, return_state=True)(seq)
y = layers.Concatenate()([out, h, c, g, r, s])
model = keras.Model(x, y)
""",
    "initial_state": """
x = keras.Input((9, 4))
enc, h, c = layers.LSTM(6, return_state=True)(x)
dec = layers.LSTM(6, return_sequences=True)(x, initial_state=[h, c])
model = keras.Model(x, layers.Dense(2)(dec))
""",
    "bidirectional_merge_modes": """
x = keras.Input((10, 6))
a = layers.Bidirectional(layers.LSTM(4, return_sequences=True))(x)
b = layers.Bidirectional(layers.GRU(3), merge_mode="sum")(a)
c = layers.Bidirectional(layers.SimpleRNN(5), merge_mode="ave")(a)
d = layers.Bidirectional(layers.LSTM(2), merge_mode="mul", name="both_ways")(a)
e, f = layers.Bidirectional(layers.GRU(2), merge_mode=None)(a)
y = layers.Concatenate()([b, c, d, e, f])
y = layers.Dense(1)(y)
model = keras.Model(x, y)
""",
    "bidirectional_state": """
x = keras.Input((7, 3))
out, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(4, return_state=True))(x)
o1, o2, fs, bs = layers.Bidirectional(layers.GRU(5, return_state=True), merge_mode=None)(x)
y = layers.Concatenate()([out, fh, fc, bh, bc, o1, o2, fs, bs])
model = keras.Model(x, layers.Dense(2)(y))
""",
    "bidirectional_backward_layer": """
forward = layers.LSTM(4, return_sequences=True)
backward = layers.LSTM(4, return_sequences=True, go_backwards=True, use_bias=False)
x = keras.Input((5, 3))
y = layers.Bidirectional(forward, backward_layer=backward)(x)
y = layers.LSTM(2)(y)
model = keras.Model(x, layers.Dense(1)(y))
""",
    "bidirectional_sequential_frozen": """
model = keras.Sequential([
    keras.Input((20, 8)),
    layers.Dense(8),
    layers.Bidirectional(layers.LSTM(16, return_sequences=True, trainable=False)),
    layers.Bidirectional(layers.GRU(8)),
    layers.Dropout(0.5),
    layers.Dense(4),
])
""",
    "time_distributed_video": """
frames = keras.Input((6, 32, 32, 3))
h = layers.TimeDistributed(layers.Conv2D(8, 3, activation="relu"))(frames)
h = layers.TimeDistributed(layers.MaxPooling2D(2))(h)
h = layers.TimeDistributed(layers.BatchNormalization())(h)
h = layers.TimeDistributed(layers.Flatten())(h)
h = layers.LSTM(16)(h)
y = layers.Dense(5)(h)
model = keras.Model(frames, y)
""",
    "time_distributed_dense": """
x = keras.Input((None, 12))
frozen = layers.Dense(6, trainable=False)
h = layers.TimeDistributed(frozen)(x)
h = layers.TimeDistributed(layers.Dense(4), name="per_step")(h)
h = layers.TimeDistributed(layers.Dropout(0.2))(h)
y = layers.Dense(3)(layers.GRU(2)(h))
model = keras.Model(x, y)
""",
    "conv_lstm": """
video = keras.Input((5, 16, 16, 3))
a = layers.ConvLSTM2D(4, 3, padding="same", return_sequences=True)(video)
b = layers.ConvLSTM2D(6, (3, 3), strides=2)(a)
c, h, s = layers.ConvLSTM2D(2, 3, return_state=True, use_bias=False)(a)
y = layers.Concatenate()([layers.Flatten()(b), layers.Flatten()(c), layers.Flatten()(h)])
model = keras.Model(video, layers.Dense(2)(y))
""",
    "conv_lstm_1d": """
x = keras.Input((4, 20, 3))
a = layers.ConvLSTM1D(5, 3, padding="same", dilation_rate=2, return_sequences=True)(x)
b = layers.ConvLSTM1D(2, 5, strides=3)(a)
model = keras.Model(x, layers.Dense(1)(layers.Flatten()(b)))
""",
    "conv_lstm_channels_first": """
x = keras.Input((3, 2, 10, 12))
y = layers.ConvLSTM2D(4, 3, data_format="channels_first", return_sequences=True)(x)
model = keras.Model(x, y)
""",
    "conv_lstm_zero_filters": """
# Unlike Conv1D, ConvLSTM1D takes 0 filters: an empty output and no parameters.
x = keras.Input((4, 10, 3))
model = keras.Model(x, layers.ConvLSTM1D(0, 3)(x))
""",
    "multi_head_self_attention": """
tokens = keras.Input((16, 32))
attended = layers.MultiHeadAttention(num_heads=4, key_dim=8)(tokens, tokens)
h = layers.Add()([tokens, attended])
h = layers.Dropout(0.1)(h)
# The attention layer's own Softmax took the name "softmax": this one is "softmax_1".
h = layers.Dense(32, name=layers.Softmax().name)(h)
model = keras.Model(tokens, h)
""",
    "multi_head_cross_attention": """
query = keras.Input((8, 16))
memory = keras.Input((20, 24))
keys = keras.Input((20, 12))
a = layers.MultiHeadAttention(2, 6, value_dim=5, output_shape=10)(query, memory, keys)
b, scores = layers.MultiHeadAttention(3, 4, use_bias=False)(
    query, memory, return_attention_scores=True
)
c = layers.MultiHeadAttention(2, 4, output_shape=(3, 7), use_gate=True)(query, value=memory)
y = layers.Concatenate()([a, b])
model = keras.Model([query, memory, keys], [y, scores, c, layers.Dropout(0.5)(y)])
""",
    "attention_masks_and_reuse": """
q = keras.Input((5, 8))
mask = keras.Input((5, 5), dtype="bool")
shared = layers.MultiHeadAttention(2, 4)
a = shared(q, q, attention_mask=mask)
b = shared(a, a, use_causal_mask=True)
c = layers.Dropout(0.3)(b)
model = keras.Model([q, mask], c)
""",
    "grouped_query_and_2d_attention": """
q = keras.Input((5, 8))
v = keras.Input((7, 8))
k = keras.Input((7, 6))
a, scores = layers.GroupQueryAttention(4, 4, 2)(q, v, k, return_attention_scores=True)
b = layers.GroupQueryAttention(3, 6, 3, use_gate=True, use_bias=False)(query=a, value=v)
flat = keras.Input((12,))
c, flat_scores = layers.MultiHeadAttention(2, 3)(flat, flat, return_attention_scores=True)
d = layers.Dropout(0.1)(layers.Dense(8)(c))
model = keras.Model([q, v, k, flat], [b, scores, d, flat_scores])
""",
    "attention_layers": """
q = keras.Input((5, 8))
v = keras.Input((7, 8))
k = keras.Input((7, 8))
a = layers.Attention()([q, v])
b = layers.Attention(use_scale=True, score_mode="concat")([q, v, k])
c, scores = layers.Attention(use_scale=True)([q, v], return_attention_scores=True)
d = layers.AdditiveAttention()([q, v, k])
e = layers.AdditiveAttention(use_scale=False)([q, v])
y = layers.Concatenate()([a, b, c, d, e])
model = keras.Model([q, v, k], [y, scores])
""",
    "stateful_lstm": """
x = keras.Input((10, 3), batch_size=4)
y = layers.LSTM(5, stateful=True, return_sequences=True)(x)
y = layers.GRU(2, stateful=True, unroll=True)(y)
model = keras.Model(x, y)
""",
    "sequential_input_shape": """
model = keras.Sequential()
model.add(keras.Input((30, 2)))
model.add(layers.Bidirectional(layers.SimpleRNN(4, return_sequences=True)))
model.add(layers.TimeDistributed(layers.Dense(3)))
model.add(layers.LSTM(4))
model.add(layers.Dense(1))
""",
    "keyword_calls": """
q = keras.Input((6, 8))
v = keras.Input((9, 4))
a = layers.MultiHeadAttention(2, 4)(query=q, value=v)
b = layers.LSTM(3)(sequences=a)
c = layers.Bidirectional(layers.GRU(2))(sequences=a, initial_state=None)
model = keras.Model([q, v], [b, c])
""",
    "sequential_legacy_input_shape": """
first = keras.Sequential([
    layers.LSTM(32, input_shape=(10, 8), return_sequences=True),
    layers.Bidirectional(layers.GRU(4)),
    layers.Dense(1),
])
second = keras.Sequential([
    layers.Bidirectional(layers.LSTM(4, return_sequences=True), input_shape=(5, 10)),
    layers.TimeDistributed(layers.Dense(3)),
])
third = keras.Sequential([layers.TimeDistributed(layers.Dense(3), input_shape=(10, 4))])
""",
    "attention_over_two_axes": """
grid = keras.Input((4, 6, 8))
out, scores = layers.MultiHeadAttention(2, 3, attention_axes=(1, 2))(
    grid, grid, return_attention_scores=True
)
model = keras.Model(grid, [out, scores])
""",
    "time_distributed_shared_layer": """
x = keras.Input((5, 6))
shared = layers.Dense(4)
a = layers.TimeDistributed(shared)(x)
b = layers.TimeDistributed(shared)(x)
c = shared(x)
model = keras.Model(x, layers.Concatenate()([a, b, c]))
""",
    "time_distributed_model": """
image = keras.Input((16, 16, 3))
features = layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3)(image))
cnn = keras.Model(image, features)
small = keras.Sequential([keras.Input((16, 16, 3)), layers.Flatten(), layers.Dense(2)])
clip = keras.Input((8, 16, 16, 3))
a = layers.TimeDistributed(cnn)(clip)
b = layers.TimeDistributed(small)(clip)
y = layers.LSTM(3)(layers.Concatenate()([a, b]))
model = keras.Model(clip, y)
""",
    "freezing_through_attributes": """
x = keras.Input((4, 3))
lstm = layers.LSTM(2)
bi = layers.Bidirectional(lstm)
lstm.trainable = False  # too late: the copies were made with trainable=True
y = bi(x)
bi.forward_layer.trainable = False
td = layers.TimeDistributed(layers.Dense(2))
z = td(x)
td.layer.trainable = False
rnn = layers.RNN(layers.GRUCell(3))
w = rnn(x)
rnn.cell.trainable = False
model = keras.Model(x, [y, z, w])
""",
    "frozen_layers_with_trainable_sublayers": """
x = keras.Input((4, 6, 3))
s = keras.Input((5, 6))
a = layers.ConvLSTM1D(2, 3, trainable=False)(x)  # its cell was made before, trainable
conv = layers.ConvLSTM1D(2, 3)
conv.trainable = False  # reaches the cell before it is built
a2 = conv(x)
b = layers.LSTM(3, trainable=False)(s)  # the cell is given the flag
c = layers.GroupQueryAttention(4, 4, 2, trainable=False)(s, s)
early = layers.MultiHeadAttention(2, 3)
early.trainable = False  # the projections are made trainable when it is built
d = early(s, s)
late = layers.MultiHeadAttention(2, 3)
e = late(s, s)
late.trainable = False  # reaches the projections
f = layers.TimeDistributed(layers.Dense(2), trainable=False)(s)
t = keras.Input((5, 6))
inner = keras.Model(t, layers.Dense(3)(t), trainable=False)  # set before its layers
g = inner(s)
model = keras.Model([x, s], [a, a2, b, c, d, e, f, g])
seq = keras.Sequential(
    [keras.Input((3, 4, 4, 2)), layers.TimeDistributed(layers.Conv2D(12, 1), trainable=False)]
)
""",
    "names_after_unknown_weights": """
import os

x = keras.Input((6, 8))
y = layers.MultiHeadAttention(2, 4, trainable=os.environ.get("FREEZE") is None)(x, x)
model = keras.Model(x, layers.Dropout(0.5)(y))
""",
    "names_across_models": """
def encoder():
    x = keras.Input((6, 4))
    y = layers.Bidirectional(layers.LSTM(3))(x)
    return keras.Model(x, layers.Dense(2)(y))


def decoder():
    x = keras.Input((6, 4))
    y = layers.TimeDistributed(layers.Dense(5))(x)
    y = layers.MultiHeadAttention(1, 2)(y, y)
    y = layers.Dropout(0.1)(y)
    y = layers.Bidirectional(layers.LSTM(3, return_sequences=True))(y)
    y = layers.Bidirectional(layers.LSTM(3))(y)
    return keras.Model(x, layers.Dense(2)(y))
""",
}


def _grid() -> dict[str, str]:
    """Every combination of the options that change shapes or weights, one layer each."""
    cases = {}
    for cls, seq, state, bias in itertools.product(
        ("SimpleRNN", "LSTM", "GRU"), (False, True), (False, True), (False, True)
    ):
        options = f"return_sequences={seq}, return_state={state}, use_bias={bias}"
        reset = ", reset_after=False" if cls == "GRU" and seq else ""
        cases[f"{cls}_{seq}_{state}_{bias}"] = (
            f"x = keras.Input((None, 5))\no = layers.{cls}(3, {options}{reset})(x)\n"
        )
    for cls, mode, state in itertools.product(
        ("SimpleRNN", "LSTM", "GRU"), ("concat", "sum", "ave", "mul", None), (False, True)
    ):
        inner = f"layers.{cls}(3, return_sequences={not state}, return_state={state})"
        cases[f"Bidirectional_{cls}_{mode}_{state}"] = (
            f"x = keras.Input((6, 4))\no = layers.Bidirectional({inner}, merge_mode={mode!r})(x)\n"
        )
    for rank, padding, (strides, dilation), fmt in itertools.product(
        (1, 2, 3), ("valid", "same"), ((1, 1), (2, 1), (1, 2)), ("channels_last", "channels_first")
    ):
        dims = (9, 8, 7)[:rank]
        shape = (3, *dims, 2) if fmt == "channels_last" else (3, 2, *dims)
        options = f"strides={strides}, dilation_rate={dilation}, padding={padding!r}"
        cases[f"ConvLSTM{rank}D_{padding}_{strides}_{dilation}_{fmt}"] = (
            f"x = keras.Input({shape})\n"
            f"o = layers.ConvLSTM{rank}D(2, 3, {options}, data_format={fmt!r},"
            f" return_sequences={strides == 1}, return_state={dilation == 1})(x)\n"
        )
    for heads, value_dim, output_shape, bias, gate in itertools.product(
        (1, 3), (None, 4), (None, 6, (2, 3)), (True, False), (False, True)
    ):
        options = f"value_dim={value_dim}, output_shape={output_shape!r}, use_bias={bias}"
        cases[f"MultiHeadAttention_{heads}_{value_dim}_{output_shape}_{bias}_{gate}"] = (
            "q = keras.Input((4, 7))\nv = keras.Input((6, 9))\n"
            f"o = layers.MultiHeadAttention({heads}, 5, {options}, use_gate={gate})(q, v)\n"
        )
    return {
        name: body + f"model = keras.Model({'[q, v]' if body.startswith('q =') else 'x'}, o)\n"
        for name, body in cases.items()
    }


CASES.update(_grid())

# Files Keras refuses to build: the analyzer must report the problem (code) on that line.
ERRORS = {
    "rnn_on_2d_input": ("x = keras.Input((8,))\ny = layers.LSTM(4)(x)\n", "KPL103", 5),
    "rnn_unknown_features": ("x = keras.Input((5, None))\ny = layers.GRU(4)(x)\n", "KPL103", 5),
    "stateful_without_batch": (
        "x = keras.Input((5, 3))\ny = layers.SimpleRNN(4, stateful=True)(x)\n",
        "KPL103",
        5,
    ),
    "bad_merge_mode": (
        "x = keras.Input((5, 3))\ny = layers.Bidirectional(layers.GRU(2), merge_mode='cat')(x)\n",
        "KPL304",
        5,
    ),
    "time_distributed_on_2d": (
        "x = keras.Input((5,))\ny = layers.TimeDistributed(layers.Dense(2))(x)\n",
        "KPL103",
        5,
    ),
    "conv_lstm_dynamic_size": (
        "x = keras.Input((4, None, None, 3))\ny = layers.ConvLSTM2D(2, 3)(x)\n",
        "KPL103",
        5,
    ),
    "keyword_only_some_rnns_take": (
        "x = keras.Input((5, 3))\ny = layers.SimpleRNN(4, implementation=1)(x)\n",
        "KPL303",
        5,
    ),
    "backward_layer_same_direction": (
        "x = keras.Input((5, 3))\n"
        "y = layers.Bidirectional(layers.LSTM(2), backward_layer=layers.LSTM(2))(x)\n",
        "KPL304",
        5,
    ),
    "both_directions_backwards": (
        "x = keras.Input((5, 3))\ny = layers.Bidirectional(layers.GRU(2, go_backwards=True))(x)\n",
        "KPL304",
        5,
    ),
    "conv_lstm_causal_padding": (
        "x = keras.Input((4, 10, 3))\ny = layers.ConvLSTM1D(2, 3, padding='causal')(x)\n",
        "KPL304",
        5,
    ),
    "grouped_heads_do_not_divide": (
        "q = keras.Input((5, 8))\ny = layers.GroupQueryAttention(4, 4, 3)(q, q)\n",
        "KPL304",
        5,
    ),
    "grouped_query_value_widths": (
        "q = keras.Input((5, 8))\nv = keras.Input((5, 6))\n"
        "y = layers.GroupQueryAttention(4, 4, 2)(q, v)\n",
        "KPL107",
        6,
    ),
    "no_units": ("x = keras.Input((5, 3))\ny = layers.LSTM(0)(x)\n", "KPL304", 5),
    "no_cell_units": (
        "x = keras.Input((5, 3))\ny = layers.RNN(layers.GRUCell(0))(x)\n",
        "KPL304",
        5,
    ),
    "fractional_key_dim": (
        "x = keras.Input((5, 3))\ny = layers.MultiHeadAttention(2, 2.0)(x, x)\n",
        "KPL304",
        5,
    ),
    "attention_single_input": (
        "q = keras.Input((5, 8))\ny = layers.Attention()(q)\n",
        "KPL107",
        5,
    ),
    "key_value_mismatch": (
        "q = keras.Input((5, 8))\nv = keras.Input((7, 8))\nk = keras.Input((6, 8))\n"
        "y = layers.MultiHeadAttention(2, 4)(q, v, k)\n",
        "KPL107",
        7,
    ),
}


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    directory = tmp_path_factory.mktemp("recurrent_attention")
    sources = {name: _HEADER + body for name, body in CASES.items()}
    sources.update({name: _HEADER + body for name, (body, _, _) in ERRORS.items()})
    paths = []
    for name, source in sources.items():
        path = directory / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        paths.append(str(path))
    return dict(zip(sources, keras_summary_many(paths), strict=True))


# Keras knows these, the analyzer cannot: only their names are compared.
_UNKNOWABLE = {"names_after_unknown_weights"}


@pytest.mark.parametrize("name", [name for name in CASES if name not in _UNKNOWABLE])
def test_summary_equals_keras(name: str, oracle: dict[str, dict]) -> None:
    truth = oracle[name]
    assert "error" not in truth, truth.get("error")
    source = _HEADER + CASES[name]
    assert static_models(source, f"{name}.py") == comparable(truth)
    assert all(static_completeness(source, f"{name}.py"))


@pytest.mark.parametrize("name", ERRORS)
def test_keras_refusal_is_reported(name: str, oracle: dict[str, dict]) -> None:
    body, code, line = ERRORS[name]
    assert "error" in oracle[name], "real Keras builds this file"
    analysis = analyze_source(_HEADER + body, f"{name}.py")
    assert {(p.code, p.line) for p in analysis.problems} == {(code, line)}


def test_frozen_layer_whose_sublayers_stay_trainable(oracle: dict[str, dict]) -> None:
    """Keras counts trainable weights per variable: a layer frozen by its constructor
    lists none, but a model counts the variables of layers it made or built
    trainable (ConvLSTM's cell, attention projections, a wrapped layer) as trainable."""
    source = _HEADER + CASES["frozen_layers_with_trainable_sublayers"]
    models = static_models(source)
    assert models == comparable(oracle["frozen_layers_with_trainable_sublayers"])
    inner, functional, sequential = models
    assert (inner["total_params"], inner["trainable_params"]) == (21, 0)
    assert inner["layers"][1]["trainable"] == 21
    assert all(layer["trainable"] == 0 for layer in functional["layers"])
    # The constructor-frozen ConvLSTM1D, GroupQueryAttention, the MultiHeadAttention
    # frozen before its build, the TimeDistributed Dense and the frozen model's Dense.
    assert functional["total_params"] == 1052 + 21
    assert functional["trainable_params"] == 128 + 326 + 168 + 14 + 21
    assert sequential["layers"][0]["trainable"] == 0
    assert (sequential["total_params"], sequential["trainable_params"]) == (36, 36)


def test_names_after_a_layer_with_unknown_weights(oracle: dict[str, dict]) -> None:
    """Keras builds the attention layer (naming its Softmax and Dropout) whatever its
    ``trainable`` flag, so the later Dropout is ``dropout_1`` here too."""
    source = _HEADER + CASES["names_after_unknown_weights"]
    (model,) = static_models(source)
    (truth,) = comparable(oracle["names_after_unknown_weights"])
    names = [layer["name"] for layer in model["layers"]]
    assert names == [layer["name"] for layer in truth["layers"]]
    assert names[-1] == "dropout_1"
    assert model["total_params"] is None


def test_names_after_wrappers_and_attention(oracle: dict[str, dict]) -> None:
    """The copies inside Bidirectional take no name; MultiHeadAttention's Softmax and
    Dropout do, on its first call; the layer given to a wrapper takes its own."""
    source = _HEADER + CASES["names_across_models"]
    names = [[layer["name"] for layer in model["layers"]] for model in static_models(source)]
    assert names == [
        [layer["name"] for layer in model["layers"]]
        for model in comparable(oracle["names_across_models"])
    ]
    assert names[1][3:] == ["dropout_1", "bidirectional_1", "bidirectional_2", "dense_2"]
