"""Lasagne and nolearn model definitions: each layer's shape and parameter rule.

Every case is a Lasagne network and the Keras model that computes the same thing
with ``data_format='channels_first'`` (Lasagne's layout). The static summary of
the Lasagne source must give the numbers the case states, and real Keras must
give the same numbers for the Keras source; where Lasagne keeps parameters Keras
has no counterpart for (LSTM peepholes, initial recurrent states), the case
states them separately, as Lasagne's source defines them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.frontends.cli import main
from tests.keras_oracle import FIXTURES_DIR, keras_summary_many
from tests.static_summary import static_models

pytest.importorskip("keras")

LASAGNE = "from lasagne.layers import *\nfrom lasagne.nonlinearities import softmax\n"
KERAS = "import keras\nfrom keras import layers as L\n"
CF = 'data_format="channels_first"'


def lasagne(shape: str, *layers: str) -> str:
    """``l = InputLayer(<shape>)``, ``l = <layer>`` per layer; the last one is ``net``."""
    lines = [f"l = InputLayer({shape})", *(f"l = {layer}" for layer in layers[:-1])]
    lines.append(f"net = {layers[-1]}")
    return LASAGNE + "\n".join(lines) + "\n"


def keras_chain(shape: str, *layers: str) -> str:
    """A functional Keras model: ``keras.Input(<shape without batch>)`` then each layer."""
    lines = [f"x = inp = keras.Input({shape})", *(f"x = L.{layer}(x)" for layer in layers)]
    return KERAS + "\n".join(lines) + "\nmodel = keras.Model(inp, x)\n"


@dataclass(frozen=True)
class Case:
    """A Lasagne net, its Keras equivalent, and the numbers both must give.

    ``shape`` is the network's output shape; ``params`` and ``trainable`` its totals
    as Keras counts them; ``extra_trainable`` / ``extra_frozen`` are parameters only
    Lasagne has (added to Keras' totals).
    """

    lasagne: str
    keras: str
    shape: list
    params: int
    trainable: int | None = None
    extra_trainable: int = 0
    extra_frozen: int = 0


CASES: dict[str, Case] = {
    # DenseLayer: W (inputs, units) over all trailing axes, b (units,)
    "dense": Case(
        lasagne("(None, 100)", "DenseLayer(l, 50)"),
        keras_chain("(100,)", "Dense(50)"),
        [None, 50],
        5050,
    ),
    "dense_flattens_trailing_axes": Case(
        lasagne("(None, 3, 8, 8)", "DenseLayer(l, num_units=10, nonlinearity=softmax)"),
        keras_chain("(3, 8, 8)", "Flatten()", "Dense(10)"),
        [None, 10],
        1930,
    ),
    "dense_num_leading_axes": Case(
        lasagne("(None, 7, 20)", "DenseLayer(l, 5, num_leading_axes=2)"),
        keras_chain("(7, 20)", "Dense(5)"),
        [None, 7, 5],
        105,
    ),
    "dense_no_bias": Case(
        lasagne("(None, 100)", "DenseLayer(l, 50, b=None)"),
        keras_chain("(100,)", "Dense(50, use_bias=False)"),
        [None, 50],
        5000,
    ),
    # NINLayer: a 1x1 convolution; untied biases are one per unit and position
    "nin": Case(
        lasagne("(None, 16, 10, 10)", "NINLayer(l, 8)"),
        keras_chain("(16, 10, 10)", f"Conv2D(8, 1, {CF})"),
        [None, 8, 10, 10],
        136,
    ),
    "nin_untied_biases": Case(
        lasagne("(None, 16, 10, 10)", "NINLayer(l, 8, untie_biases=True)"),
        keras_chain("(16, 10, 10)", f"Conv2D(8, 1, use_bias=False, {CF})", "PReLU()"),
        [None, 8, 10, 10],
        928,
    ),
    # Conv2DLayer: (n + 2*pad - f) // s + 1; W (filters, channels, rows, cols)
    "conv2d_seed": Case(
        lasagne("(None, 1, 28, 28)", "Conv2DLayer(l, num_filters=32, filter_size=(5, 5))"),
        keras_chain("(1, 28, 28)", f"Conv2D(32, (5, 5), {CF})"),
        [None, 32, 24, 24],
        832,
    ),
    "conv2d_same_strided": Case(
        lasagne("(None, 3, 15, 15)", "Conv2DLayer(l, 8, 3, stride=2, pad='same')"),
        keras_chain("(3, 15, 15)", f'Conv2D(8, 3, strides=2, padding="same", {CF})'),
        [None, 8, 8, 8],
        224,
    ),
    "conv2d_int_pad": Case(
        lasagne("(None, 3, 10, 10)", "Conv2DLayer(l, 8, 3, pad=2)"),
        keras_chain("(3, 10, 10)", f"ZeroPadding2D(2, {CF})", f"Conv2D(8, 3, {CF})"),
        [None, 8, 12, 12],
        224,
    ),
    "conv2d_full_pad": Case(
        lasagne("(None, 2, 9, 9)", "Conv2DLayer(l, 4, (3, 5), stride=(2, 1), pad='full')"),
        keras_chain(
            "(2, 9, 9)",
            f"ZeroPadding2D(((2, 2), (4, 4)), {CF})",
            f"Conv2D(4, (3, 5), strides=(2, 1), {CF})",
        ),
        [None, 4, 6, 13],
        124,
    ),
    "conv2d_untied_biases": Case(
        lasagne("(None, 2, 6, 6)", "Conv2DLayer(l, 4, 3, untie_biases=True)"),
        keras_chain("(2, 6, 6)", f"Conv2D(4, 3, use_bias=False, {CF})", "PReLU()"),
        [None, 4, 4, 4],
        136,
    ),
    "conv2d_no_bias": Case(
        lasagne("(None, 2, 6, 6)", "Conv2DLayer(l, 4, 3, b=None)"),
        keras_chain("(2, 6, 6)", f"Conv2D(4, 3, use_bias=False, {CF})"),
        [None, 4, 4, 4],
        72,
    ),
    "conv1d": Case(
        lasagne("(None, 4, 20)", "Conv1DLayer(l, 6, 3, stride=2)"),
        keras_chain("(4, 20)", f"Conv1D(6, 3, strides=2, {CF})"),
        [None, 6, 9],
        78,
    ),
    "conv3d_same": Case(
        lasagne("(None, 1, 5, 6, 7)", "Conv3DLayer(l, 2, 3, pad='same')"),
        keras_chain("(1, 5, 6, 7)", f'Conv3D(2, 3, padding="same", {CF})'),
        [None, 2, 5, 6, 7],
        56,
    ),
    "recipes_dnn_layers_in_a_dict": Case(
        "from lasagne.layers import DenseLayer, InputLayer, Pool2DLayer as PoolLayer\n"
        "from lasagne.layers.dnn import Conv2DDNNLayer as ConvLayer\n"
        "net = {}\n"
        "net['input'] = InputLayer((None, 3, 32, 32))\n"
        "net['conv1_1'] = ConvLayer(net['input'], 64, 3, pad=1, flip_filters=False)\n"
        "net['pool1'] = PoolLayer(net['conv1_1'], 2)\n"
        "net['fc'] = DenseLayer(net['pool1'], num_units=10, nonlinearity=None)\n",
        keras_chain(
            "(3, 32, 32)",
            f'Conv2D(64, 3, padding="same", {CF})',
            f"MaxPooling2D(2, {CF})",
            "Flatten()",
            "Dense(10)",
        ),
        [None, 10],
        1792 + 163850,
    ),
    # TransposedConv2DLayer: (n - 1)*s - 2*crop + f; W (channels, filters, rows, cols)
    "transposed_conv2d": Case(
        lasagne("(None, 32, 12, 12)", "TransposedConv2DLayer(l, 8, 3, stride=2)"),
        keras_chain("(32, 12, 12)", f"Conv2DTranspose(8, 3, strides=2, {CF})"),
        [None, 8, 25, 25],
        2312,
    ),
    "deconv2d_cropped": Case(
        lasagne("(None, 32, 12, 12)", "Deconv2DLayer(l, 8, 3, stride=2, crop=1)"),
        keras_chain(
            "(32, 12, 12)", f"Conv2DTranspose(8, 3, strides=2, {CF})", f"Cropping2D(1, {CF})"
        ),
        [None, 8, 23, 23],
        2312,
    ),
    "dilated_conv2d": Case(
        lasagne("(None, 3, 12, 12)", "DilatedConv2DLayer(l, 4, 3, dilation=2)"),
        keras_chain("(3, 12, 12)", f"Conv2D(4, 3, dilation_rate=2, {CF})"),
        [None, 4, 8, 8],
        112,
    ),
    # pooling: stride defaults to pool_size, ignore_border=True drops partial windows
    "maxpool2d": Case(
        lasagne("(None, 3, 7, 7)", "MaxPool2DLayer(l, pool_size=(2, 2))"),
        keras_chain("(3, 7, 7)", f"MaxPooling2D(2, {CF})"),
        [None, 3, 3, 3],
        0,
    ),
    "pool2d_stride_pad": Case(
        lasagne("(None, 3, 8, 8)", "Pool2DLayer(l, 3, stride=2, pad=1, mode='average_inc_pad')"),
        keras_chain("(3, 8, 8)", f"ZeroPadding2D(1, {CF})", f"AveragePooling2D(3, 2, {CF})"),
        [None, 3, 4, 4],
        0,
    ),
    "maxpool2d_keep_border": Case(
        lasagne("(None, 3, 7, 7)", "MaxPool2DLayer(l, 2, ignore_border=False)"),
        keras_chain("(3, 7, 7)", f'MaxPooling2D(2, padding="same", {CF})'),
        [None, 3, 4, 4],
        0,
    ),
    "maxpool2d_keep_border_overlapping": Case(
        lasagne("(None, 2, 8, 8)", "MaxPool2DLayer(l, 3, stride=2, ignore_border=False)"),
        keras_chain(
            "(2, 8, 8)", f"ZeroPadding2D(((0, 1), (0, 1)), {CF})", f"MaxPooling2D(3, 2, {CF})"
        ),
        [None, 2, 4, 4],
        0,
    ),
    "maxpool1d": Case(
        lasagne("(None, 4, 9)", "MaxPool1DLayer(l, 2)"),
        keras_chain("(4, 9)", f"MaxPooling1D(2, {CF})"),
        [None, 4, 4],
        0,
    ),
    "pool1d_average": Case(
        lasagne("(None, 4, 9)", "Pool1DLayer(l, 3, stride=1, mode='average_exc_pad')"),
        keras_chain("(4, 9)", f"AveragePooling1D(3, 1, {CF})"),
        [None, 4, 7],
        0,
    ),
    "dnn_and_corrmm_layers": Case(
        "from lasagne.layers import InputLayer\n"
        "from lasagne.layers import dnn, corrmm\n"
        "l = InputLayer((None, 3, 16, 16))\n"
        "l = dnn.Conv2DDNNLayer(l, 8, 3, pad='same')\n"
        "l = dnn.MaxPool2DDNNLayer(l, 2)\n"
        "l = corrmm.Conv2DMMLayer(l, 4, 3, stride=2)\n"
        "net = dnn.Pool2DDNNLayer(l, 3, stride=1, pad=1, mode='average_inc_pad')\n",
        keras_chain(
            "(3, 16, 16)",
            f'Conv2D(8, 3, padding="same", {CF})',
            f"MaxPooling2D(2, {CF})",
            f"Conv2D(4, 3, strides=2, {CF})",
            f"ZeroPadding2D(1, {CF})",
            f"AveragePooling2D(3, 1, {CF})",
        ),
        [None, 4, 3, 3],
        224 + 292,
    ),
    "dnn_conv3d": Case(
        "from lasagne.layers import InputLayer\n"
        "from lasagne.layers.dnn import Conv3DDNNLayer\n"
        "net = Conv3DDNNLayer(InputLayer((None, 2, 6, 6, 6)), 3, (1, 2, 3), stride=2)\n",
        keras_chain("(2, 6, 6, 6)", f"Conv3D(3, (1, 2, 3), strides=2, {CF})"),
        [None, 3, 3, 3, 2],
        39,
    ),
    "upscale2d": Case(
        lasagne("(None, 3, 4, 5)", "Upscale2DLayer(l, (2, 3))"),
        keras_chain("(3, 4, 5)", f"UpSampling2D((2, 3), {CF})"),
        [None, 3, 8, 15],
        0,
    ),
    "global_pool": Case(
        lasagne("(None, 8, 5, 5)", "GlobalPoolLayer(l)"),
        keras_chain("(8, 5, 5)", f"GlobalAveragePooling2D({CF})"),
        [None, 8],
        0,
    ),
    # layers that keep the shape
    "dropout": Case(
        lasagne("(None, 3, 8)", "DropoutLayer(l, p=0.5)", "dropout(l, p=0.2)"),
        keras_chain("(3, 8)", "Dropout(0.5)", "Dropout(0.2)"),
        [None, 3, 8],
        0,
    ),
    "nonlinearity": Case(
        lasagne("(None, 10)", "NonlinearityLayer(l, softmax)"),
        keras_chain("(10,)", 'Activation("softmax")'),
        [None, 10],
        0,
    ),
    # shape layers
    "reshape_with_reference": Case(
        lasagne("(None, 2, 6, 5)", "ReshapeLayer(l, ([0], 4, -1))"),
        keras_chain("(2, 6, 5)", "Reshape((4, 15))"),
        [None, 4, 15],
        0,
    ),
    "reshape_shortcut": Case(
        lasagne("(None, 2, 6, 5)", "reshape(l, shape=([0], [2], -1))"),
        keras_chain("(2, 6, 5)", "Reshape((6, 10))"),
        [None, 6, 10],
        0,
    ),
    "flatten": Case(
        lasagne("(None, 3, 4, 5)", "FlattenLayer(l)"),
        keras_chain("(3, 4, 5)", "Flatten()"),
        [None, 60],
        0,
    ),
    "flatten_outdim": Case(
        lasagne("(None, 3, 4, 5)", "FlattenLayer(l, outdim=3)"),
        keras_chain("(3, 4, 5)", "Reshape((3, 20))"),
        [None, 3, 20],
        0,
    ),
    "dimshuffle": Case(
        lasagne("(None, 3, 7)", "DimshuffleLayer(l, (0, 2, 1))"),
        keras_chain("(3, 7)", "Permute((2, 1))"),
        [None, 7, 3],
        0,
    ),
    "dimshuffle_broadcast": Case(
        lasagne("(None, 3, 7)", "dimshuffle(l, (0, 'x', 1, 2))"),
        keras_chain("(3, 7)", "Reshape((1, 3, 7))"),
        [None, 1, 3, 7],
        0,
    ),
    # merge layers
    "concat": Case(
        LASAGNE
        + "a = InputLayer((None, 3, 8, 8))\nb = InputLayer((None, 5, 8, 8))\n"
        + "net = ConcatLayer([a, b])\n",
        KERAS
        + "a = keras.Input((3, 8, 8))\nb = keras.Input((5, 8, 8))\n"
        + "model = keras.Model([a, b], L.Concatenate(axis=1)([a, b]))\n",
        [None, 8, 8, 8],
        0,
    ),
    "concat_last_axis": Case(
        LASAGNE
        + "a = InputLayer((None, 3, 8, 2))\nb = InputLayer((None, 3, 8, 6))\n"
        + "net = concat([a, b], axis=-1)\n",
        KERAS
        + "a = keras.Input((3, 8, 2))\nb = keras.Input((3, 8, 6))\n"
        + "model = keras.Model([a, b], L.Concatenate(axis=-1)([a, b]))\n",
        [None, 3, 8, 8],
        0,
    ),
    "elemwise_sum": Case(
        LASAGNE
        + "a = InputLayer((None, 3, 8, 8))\nb = Conv2DLayer(a, 3, 3, pad='same')\n"
        + "net = ElemwiseSumLayer([a, b])\n",
        KERAS
        + "a = keras.Input((3, 8, 8))\n"
        + f"b = L.Conv2D(3, 3, padding='same', {CF})(a)\n"
        + "model = keras.Model(a, L.Add()([a, b]))\n",
        [None, 3, 8, 8],
        84,
    ),
    # BatchNormLayer: beta, gamma learned; mean, inv_std not
    "batch_norm_conv": Case(
        lasagne("(None, 16, 10, 10)", "BatchNormLayer(l)"),
        keras_chain("(16, 10, 10)", "BatchNormalization(axis=1)"),
        [None, 16, 10, 10],
        64,
        trainable=32,
    ),
    "batch_norm_dense": Case(
        lasagne("(None, 20)", "BatchNormLayer(l)"),
        keras_chain("(20,)", "BatchNormalization()"),
        [None, 20],
        80,
        trainable=40,
    ),
    "batch_norm_function": Case(
        lasagne("(None, 100)", "batch_norm(DenseLayer(l, 50))"),
        keras_chain(
            "(100,)", "Dense(50, use_bias=False)", "BatchNormalization()", 'Activation("relu")'
        ),
        [None, 50],
        5200,
        trainable=5100,
    ),
    "embedding": Case(
        lasagne("(None, 10)", "EmbeddingLayer(l, input_size=1000, output_size=16)"),
        keras_chain("(10,)", "Embedding(1000, 16)"),
        [None, 10, 16],
        16000,
    ),
    # recurrent layers: per gate W_in (features, units), W_hid (units, units), b (units,)
    "lstm": Case(
        lasagne("(None, 7, 12)", "LSTMLayer(l, 20)"),
        keras_chain("(7, 12)", "LSTM(20, return_sequences=True)"),
        [None, 7, 20],
        2640,
        extra_trainable=3 * 20,  # peepholes W_cell_to_{ingate,forgetgate,outgate}
        extra_frozen=2 * 20,  # cell_init, hid_init (learn_init=False)
    ),
    "lstm_final_no_peepholes": Case(
        lasagne("(None, 7, 12)", "LSTMLayer(l, 20, peepholes=False, only_return_final=True)"),
        keras_chain("(7, 12)", "LSTM(20)"),
        [None, 20],
        2640,
        extra_frozen=2 * 20,
    ),
    "gru": Case(
        lasagne("(None, 7, 3, 4)", "GRULayer(l, 20, learn_init=True)"),
        keras_chain(
            "(7, 3, 4)", "Reshape((7, 12))", "GRU(20, return_sequences=True, reset_after=False)"
        ),
        [None, 7, 20],
        1980,
        extra_trainable=20,  # hid_init, learned
    ),
    "recurrent": Case(
        lasagne("(None, 7, 12)", "RecurrentLayer(l, 20)"),
        keras_chain("(7, 12)", "SimpleRNN(20, return_sequences=True)"),
        [None, 7, 20],
        660,
        extra_frozen=20,
    ),
}


@pytest.fixture(scope="module")
def keras_docs(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("keras_equivalents")
    paths = []
    for name, case in CASES.items():
        path = folder / f"{name}.py"
        path.write_text(case.keras, encoding="utf-8")
        paths.append(str(path))
    return dict(zip(CASES, keras_summary_many(paths), strict=True))


def only(models: list[dict]) -> dict:
    assert len(models) == 1, models
    return models[0]


@pytest.mark.parametrize("name", CASES)
def test_layer_rule_matches_keras(name, keras_docs):
    case = CASES[name]
    trainable = case.params if case.trainable is None else case.trainable
    keras_model = only(keras_docs[name]["models"])
    assert keras_model["layers"][-1]["output_shape"] == case.shape
    assert keras_model["total_params"] == case.params
    assert keras_model["trainable_params"] == trainable

    static = only(static_models(case.lasagne))
    assert static["name"] == "net"
    assert static["layers"][-1]["output_shape"] == case.shape
    assert static["total_params"] == case.params + case.extra_trainable + case.extra_frozen
    assert static["trainable_params"] == trainable + case.extra_trainable
    assert static["non_trainable_params"] == case.params - trainable + case.extra_frozen


# ---------------------------------------------------------------------------
# Seed 003: the nolearn network and its functional twin
# ---------------------------------------------------------------------------

SEED_SHAPES = [
    [None, 1, 28, 28],
    [None, 32, 24, 24],
    [None, 32, 12, 12],
    [None, 32, 10, 10],
    [None, 32, 5, 5],
    [None, 256],
    [None, 10],
]
SEED_PARAMS = [0, 832, 0, 9248, 0, 205056, 2570]
SEED_KERAS = keras_chain(
    "(1, 28, 28)",
    f"Conv2D(32, (5, 5), {CF})",
    f"MaxPooling2D((2, 2), {CF})",
    f"Conv2D(32, (3, 3), {CF})",
    f"MaxPooling2D((2, 2), {CF})",
    "Flatten()",
    "Dense(256)",
    "Dense(10)",
)
SEED_FIXTURES = ["lasagne_mnist_nolearn.py", "lasagne_mnist_functional.py"]


def fixture_source(name: str) -> str:
    with open(os.path.join(FIXTURES_DIR, name), encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def seed_keras(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("seed") / "seed_channels_first.py"
    path.write_text(SEED_KERAS, encoding="utf-8")
    return only(keras_summary_many([str(path)])[0]["models"])


@pytest.mark.parametrize("fixture", SEED_FIXTURES)
def test_seed_network_matches_keras(fixture, seed_keras):
    keras_layers = [la for la in seed_keras["layers"] if la["class"] != "Flatten"]
    assert [la["output_shape"] for la in keras_layers] == SEED_SHAPES
    assert [la["params"] for la in keras_layers] == SEED_PARAMS
    assert seed_keras["total_params"] == 217706

    static = only(static_models(fixture_source(fixture)))
    assert [la["name"] for la in static["layers"]] == [
        "input",
        "conv2d1",
        "maxpool1",
        "conv2d2",
        "maxpool2",
        "dense",
        "output",
    ]
    assert [la["class"] for la in static["layers"]] == [
        "InputLayer",
        "Conv2DLayer",
        "MaxPool2DLayer",
        "Conv2DLayer",
        "MaxPool2DLayer",
        "DenseLayer",
        "DenseLayer",
    ]
    assert [la["output_shape"] for la in static["layers"]] == SEED_SHAPES
    assert [la["params"] for la in static["layers"]] == SEED_PARAMS
    assert static["total_params"] == static["trainable_params"] == 217706


def test_seed_nolearn_style(capsys):
    path = os.path.join(FIXTURES_DIR, "lasagne_mnist_nolearn.py")
    assert main(["summary", "--style", "nolearn", path]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "# Neural Network with 217706 learnable parameters",
        "",
        "## Layer information",
        "",
        "  #  name      size",
        "---  --------  --------",
        "  0  input     1x28x28",
        "  1  conv2d1   32x24x24",
        "  2  maxpool1  32x12x12",
        "  3  conv2d2   32x10x10",
        "  4  maxpool2  32x5x5",
        "  5  dense     256",
        "  6  output    10",
    ]


def test_seed_json_names_the_networks(capsys):
    paths = [os.path.join(FIXTURES_DIR, name) for name in SEED_FIXTURES]
    assert main(["summary", "--format", "json", *paths]) == 0
    files = json.loads(capsys.readouterr().out)["files"]
    models = [model for document in files for model in document["models"]]
    assert [(m["name"], m["line"], m["total_params"]) for m in models] == [
        ("neuralnet", 12, 217706),
        ("output", 16, 217706),
    ]


# ---------------------------------------------------------------------------
# Ways of writing a network
# ---------------------------------------------------------------------------

NOLEARN_HEADER = (
    "import lasagne\nfrom lasagne import layers\nfrom nolearn.lasagne import NeuralNet\n"
)


def test_nolearn_class_and_kwargs_form():
    source = NOLEARN_HEADER + (
        "net1 = NeuralNet(\n"
        "    layers=[\n"
        "        (layers.InputLayer, {'shape': (None, 1, 28, 28)}),\n"
        "        (layers.Conv2DLayer, {'num_filters': 32, 'filter_size': (5, 5)}),\n"
        "        (layers.MaxPool2DLayer, {'name': 'pool', 'pool_size': (2, 2)}),\n"
        "        ('lasagne.layers.DenseLayer', {'num_units': 10}),\n"
        "    ],\n"
        "    pool_stride=1,\n"
        ")\n"
    )
    model = only(static_models(source))
    assert model["name"] == "neuralnet"
    assert [(la["name"], la["output_shape"], la["params"]) for la in model["layers"]] == [
        ("input0", [None, 1, 28, 28], 0),
        ("conv2d1", [None, 32, 24, 24], 832),
        ("pool", [None, 32, 23, 23], 0),
        ("dense3", [None, 10], 32 * 23 * 23 * 10 + 10),
    ]


def test_nolearn_with_lasagne_layers_and_functional_imports():
    source = (
        "import lasagne\nfrom nolearn.lasagne import NeuralNet\n"
        "l_in = lasagne.layers.InputLayer(shape=(None, 1, 28, 28))\n"
        "l_conv = lasagne.layers.Conv2DLayer(l_in, 32, 5)\n"
        "l_out = lasagne.layers.DenseLayer(l_conv, 10, name='out')\n"
        "net = NeuralNet(layers=l_out, update_learning_rate=0.01)\n"
    )
    model = only(static_models(source))
    assert (model["name"], model["total_params"]) == ("neuralnet", 832 + 32 * 24 * 24 * 10 + 10)
    # nolearn names the layers it is given: ``layer.name`` or its own default.
    assert [la["name"] for la in model["layers"]] == ["input0", "conv2d1", "out"]


def test_unbound_layers_take_nolearn_default_names():
    source = LASAGNE + (
        "l = InputLayer((None, 1, 28, 28))\n"
        "l = Conv2DLayer(l, 32, 5)\n"
        "l = MaxPool2DLayer(l, 2)\n"
        "network = DenseLayer(dropout(l, p=.5), num_units=256)\n"
    )
    model = only(static_models(source))
    assert [la["name"] for la in model["layers"]] == [
        "input0",
        "conv2d1",
        "l",  # the module's last binding of ``l``
        "dropout3",
        "network",
    ]
    assert [la["class"] for la in model["layers"]][-2:] == ["DropoutLayer", "DenseLayer"]


def test_batch_norm_names_follow_the_wrapped_layer():
    source = LASAGNE + (
        "l = InputLayer((None, 3, 8, 8), name='in')\n"
        "net = batch_norm(Conv2DLayer(l, 4, 3, name='conv'))\n"
    )
    model = only(static_models(source))
    assert [(la["name"], la["class"], la["params"]) for la in model["layers"]] == [
        ("in", "InputLayer", 0),
        ("conv", "Conv2DLayer", 108),
        ("conv_bn", "BatchNormLayer", 16),
        ("conv_bn_nonlin", "NonlinearityLayer", 0),
    ]


def test_entry_function_and_net_dict():
    source = (
        "import lasagne\n"
        "from lasagne.layers import InputLayer, DenseLayer\n"
        "def build_mlp(input_var=None):\n"
        "    l_in = InputLayer((None, 784), input_var=input_var)\n"
        "    return DenseLayer(l_in, 10)\n"
        "net = {}\n"
        "net['input'] = InputLayer((None, 20))\n"
        "net['fc'] = DenseLayer(net['input'], 5)\n"
    )
    models = static_models(source)
    assert [(m["name"], m["entry"], m["total_params"]) for m in models] == [
        ("net", "module", 105),
        ("build_mlp", "build_mlp", 7850),
    ]
    assert [la["name"] for la in models[0]["layers"]] == ["input", "fc"]


def test_shape_tuple_as_incoming_and_helpers():
    source = (
        "from lasagne import layers\n"
        "conv = layers.Conv2DLayer((None, 3, 32, 32), 16, 3, stride=2, pad=2)\n"
        "shape = conv.output_shape\n"
        "count = layers.count_params(conv, trainable=True)\n"
        "net = layers.DenseLayer(conv, shape[1] * 2)\n"
    )
    analysis = analyze_source(source)
    model = only(static_models(source))
    assert [la["output_shape"] for la in model["layers"]] == [[None, 16, 17, 17], [None, 32]]
    assert model["total_params"] == 448 + 16 * 17 * 17 * 32 + 32
    assert not analysis.problems


# ---------------------------------------------------------------------------
# Findings and unknowns
# ---------------------------------------------------------------------------


def codes(source: str) -> list[str]:
    return [problem.code for problem in analyze_source(source).problems]


def test_findings_on_lasagne_code():
    assert codes(lasagne("(None, 1, 4, 4)", "Conv2DLayer(l, 8, 5)")) == ["KPL102"]
    assert codes(lasagne("(None, 10)", "DenseLayer(l, num_unit=5)")) == ["KPL303"]
    merge = LASAGNE + (
        "a = InputLayer((None, 3, 8, 8))\nb = InputLayer((None, 3, 7, 8))\n"
        "net = ConcatLayer([a, b])\n"
    )
    assert codes(merge) == ["KPL101"]
    assert codes(lasagne("(None, 2, 6)", "ReshapeLayer(l, ([0], 5))")) == ["KPL104"]
    assert codes(LASAGNE + "net = InputLayer(784)\n") == ["KPL301"]


def test_unknown_values_stay_unknown():
    source = (
        LASAGNE
        + "import numpy as np\n"
        + (
            "l = InputLayer((None, 3, 8, 8))\n"
            "l = Conv2DLayer(l, np.random.randint(4), 3)\n"
            "net = DenseLayer(l, 10)\n"
        )
    )
    model = only(static_models(source))
    assert model["layers"][1]["output_shape"] is None
    assert model["layers"][1]["params"] is None
    assert model["total_params"] is None


def test_check_reports_lasagne_findings(tmp_path, capsys):
    path = tmp_path / "nolearn_typo.py"
    path.write_text(
        NOLEARN_HEADER
        + "net = NeuralNet(\n"
        + "    layers=[('input', layers.InputLayer), ('conv', layers.Conv2DLayer)],\n"
        + "    input_shape=(None, 1, 28, 28),\n"
        + "    conv_num_filter=8,\n"
        + "    conv_filter_size=5,\n"
        + ")\n",
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:4:7: KPL303 Conv2DLayer has no argument `num_filter`; did you mean `num_filters`?"
    ]


# Lasagne's own examples/mnist.py builds its CNN in a function.
MNIST_EXAMPLE = """
import lasagne


def build_cnn(input_var=None, num_filters=32):
    network = lasagne.layers.InputLayer(shape=(None, 1, 28, 28), input_var=input_var)
    network = lasagne.layers.Conv2DLayer(
        network, num_filters=num_filters, filter_size=(5, 5),
        nonlinearity=lasagne.nonlinearities.rectify, W=lasagne.init.GlorotUniform())
    network = lasagne.layers.MaxPool2DLayer(network, pool_size=(2, 2))
    network = lasagne.layers.Conv2DLayer(
        network, num_filters=32, filter_size=(5, 5),
        nonlinearity=lasagne.nonlinearities.rectify)
    network = lasagne.layers.MaxPool2DLayer(network, pool_size=(2, 2))
    network = lasagne.layers.DenseLayer(
        lasagne.layers.dropout(network, p=.5), num_units=256,
        nonlinearity=lasagne.nonlinearities.rectify)
    network = lasagne.layers.DenseLayer(
        lasagne.layers.dropout(network, p=.5), num_units=10,
        nonlinearity=lasagne.nonlinearities.softmax)
    return network
"""


def mnist_example_keras(num_filters: int) -> str:
    return keras_chain(
        "(1, 28, 28)",
        f"Conv2D({num_filters}, (5, 5), {CF})",
        f"MaxPooling2D((2, 2), {CF})",
        f"Conv2D(32, (5, 5), {CF})",
        f"MaxPooling2D((2, 2), {CF})",
        "Flatten()",
        "Dropout(0.5)",
        "Dense(256)",
        "Dropout(0.5)",
        "Dense(10)",
    )


def test_lasagne_mnist_example_function(tmp_path):
    paths = []
    for num_filters in (32, 16):
        path = tmp_path / f"mnist_{num_filters}.py"
        path.write_text(mnist_example_keras(num_filters), encoding="utf-8")
        paths.append(str(path))
    keras_models = [only(doc["models"]) for doc in keras_summary_many(paths)]
    assert [m["total_params"] for m in keras_models] == [160362, 147146]

    entry = only(static_models(MNIST_EXAMPLE))
    assert (entry["name"], entry["entry"], entry["total_params"]) == (
        "build_cnn",
        "build_cnn",
        160362,
    )
    keras_kept = [
        la for la in keras_models[0]["layers"] if la["class"] not in ("Flatten", "Dropout")
    ]
    static_kept = [la for la in entry["layers"] if la["class"] != "DropoutLayer"]
    assert [(la["output_shape"], la["params"]) for la in static_kept] == [
        (la["output_shape"], la["params"]) for la in keras_kept
    ]
    called = analyze_source(MNIST_EXAMPLE, model_call="build_cnn(num_filters=16)")
    assert [m.counts()[0] for m in called.models] == [147146]


def test_comment_rules_read_lasagne_layers(tmp_path, capsys):
    path = tmp_path / "commented.py"
    path.write_text(
        lasagne("(None, 1, 28, 28)", "Conv2DLayer(l, 32, 5)  # 3x3 conv"), encoding="utf-8"
    )
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:4:30: KPL201 comment says 3x3 conv, but Conv2DLayer has kernel_size 5x5. "
        "Fix the comment or the kernel size."
    ]
