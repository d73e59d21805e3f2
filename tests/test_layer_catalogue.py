"""Every catalogued layer family against real Keras: shapes, weights and build errors.

Each case is a small model source. The static summary (layer class, name, output
shape, parameter split, totals) must equal what Keras 3 builds from the same
source; each error case must make Keras raise and the analyzer report its code.
All sources run under Keras in one child process.
"""

from __future__ import annotations

import functools
import os

import pytest

from kerasparam_lint.analysis import analyze_source
from kerasparam_lint.reports.model_rows import model_rows
from tests.keras_oracle import keras_summary_many
from tests.static_summary import comparable, static_models

pytest.importorskip("keras")

HEADER = "import keras\nfrom keras import layers\n"


def one(inputs: str, layer: str) -> str:
    """A functional model: ``keras.Input(<inputs>)`` then ``layers.<layer>`` on it."""
    return HEADER + f"x = keras.Input({inputs})\ny = layers.{layer}(x)\nmodel = keras.Model(x, y)\n"


def many(inputs: list[str], layer: str) -> str:
    """A functional model whose layer is called on a list of several inputs."""
    lines = [f"x{i} = keras.Input({spec})" for i, spec in enumerate(inputs)]
    names = ", ".join(f"x{i}" for i in range(len(inputs)))
    lines += [f"y = layers.{layer}([{names}])", f"model = keras.Model([{names}], y)"]
    return HEADER + "\n".join(lines) + "\n"


def sequential(inputs: str, *stack: str) -> str:
    body = "".join(f"    layers.{layer},\n" for layer in stack)
    return HEADER + f"model = keras.Sequential([\n    keras.Input({inputs}),\n{body}])\n"


CASES: dict[str, str] = {
    # convolution
    "conv1d": one("(20, 3)", "Conv1D(4, 3)"),
    "conv1d_same_strided": one("(20, 3)", 'Conv1D(4, 5, strides=3, padding="same")'),
    "conv1d_causal_dilated": one("(20, 3)", 'Conv1D(4, 3, padding="causal", dilation_rate=4)'),
    "conv1d_channels_first": one("(3, 20)", 'Conv1D(6, 4, data_format="channels_first")'),
    "conv1d_groups": one("(20, 4)", "Conv1D(6, 3, groups=2)"),
    "conv1d_unknown_length": one("(None, 3)", "Conv1D(4, 3, strides=2)"),
    "conv2d_channels_first_same": one(
        "(12, 10, 3)", 'Conv2D(4, 3, strides=2, padding="same", data_format="channels_first")'
    ),
    "conv2d_dilated": one("(12, 10, 3)", "Conv2D(4, (3, 2), dilation_rate=(2, 3))"),
    "conv2d_groups_no_bias": one("(9, 9, 8)", "Conv2D(12, 3, groups=4, use_bias=False)"),
    "conv2d_uppercase_padding": one("(9, 9, 2)", 'Conv2D(5, 4, strides=2, padding="SAME")'),
    "conv2d_unknown_dims": one("(None, None, 3)", "Conv2D(8, 3)"),
    "conv3d": one("(8, 9, 10, 2)", "Conv3D(3, (2, 3, 4), strides=(1, 2, 3))"),
    "conv3d_channels_first": one("(2, 8, 9, 10)", 'Conv3D(3, 3, data_format="channels_first")'),
    "conv1d_transpose": one("(10, 3)", 'Conv1DTranspose(4, 3, strides=2, padding="same")'),
    "conv1d_transpose_output_padding": one(
        "(10, 3)", "Conv1DTranspose(4, 3, strides=2, output_padding=1)"
    ),
    "conv1d_transpose_dilated": one("(10, 3)", "Conv1DTranspose(4, 3, dilation_rate=2)"),
    "conv2d_transpose": one("(7, 7, 16)", 'Conv2DTranspose(8, 3, strides=2, padding="same")'),
    "conv2d_transpose_valid": one("(7, 5, 16)", "Conv2DTranspose(8, 4, strides=(2, 3))"),
    "conv2d_transpose_same_output_padding": one(
        "(7, 5, 6)", 'Conv2DTranspose(2, 4, strides=3, padding="same", output_padding=(2, 0))'
    ),
    "conv2d_transpose_channels_first": one(
        "(6, 7, 5)", 'Conv2DTranspose(3, 2, strides=2, data_format="channels_first")'
    ),
    "conv3d_transpose": one("(4, 5, 6, 2)", "Conv3DTranspose(3, 3, strides=(1, 2, 2))"),
    "separable_conv1d": one("(20, 4)", "SeparableConv1D(8, 3, depth_multiplier=2)"),
    "separable_conv1d_channels_first": one(
        "(4, 20)", 'SeparableConv1D(8, 5, strides=2, data_format="channels_first")'
    ),
    "separable_conv2d": one("(16, 16, 3)", 'SeparableConv2D(10, 3, padding="same")'),
    "separable_conv2d_no_bias": one(
        "(16, 12, 3)", "SeparableConv2D(10, (3, 5), depth_multiplier=3, use_bias=False)"
    ),
    "depthwise_conv1d": one("(20, 4)", "DepthwiseConv1D(3, depth_multiplier=2)"),
    "depthwise_conv1d_channels_first": one(
        "(4, 20)", 'DepthwiseConv1D(5, strides=2, data_format="channels_first")'
    ),
    "depthwise_conv2d": one(
        "(16, 16, 3)", "DepthwiseConv2D(3, depth_multiplier=3, use_bias=False)"
    ),
    "depthwise_conv2d_dilated": one("(16, 16, 3)", "DepthwiseConv2D(3, dilation_rate=2)"),
    # pooling
    "max_pooling1d": one("(21, 3)", "MaxPooling1D()"),
    "max_pooling1d_channels_first": one(
        "(3, 21)", 'MaxPooling1D(3, strides=2, data_format="channels_first")'
    ),
    "max_pooling2d_same": one("(15, 9, 4)", 'MaxPooling2D((3, 2), padding="same")'),
    "max_pooling3d": one("(8, 9, 10, 2)", "MaxPooling3D(pool_size=(2, 3, 2), strides=1)"),
    "average_pooling1d_same": one("(21, 3)", 'AveragePooling1D(4, padding="same")'),
    "average_pooling2d_channels_first": one(
        "(4, 15, 9)", 'AveragePooling2D(2, strides=(1, 2), data_format="channels_first")'
    ),
    "average_pooling3d_unknown": one("(None, 9, 10, 2)", "AveragePooling3D(2)"),
    "global_average_pooling1d": one("(21, 3)", "GlobalAveragePooling1D()"),
    "global_average_pooling1d_channels_first": one(
        "(3, 21)", 'GlobalAveragePooling1D(data_format="channels_first")'
    ),
    "global_max_pooling1d_keepdims": one(
        "(3, 21)", 'GlobalMaxPooling1D(data_format="channels_first", keepdims=True)'
    ),
    "global_average_pooling2d_keepdims": one("(8, 8, 5)", "GlobalAveragePooling2D(keepdims=True)"),
    "global_max_pooling2d_channels_first": one(
        "(5, 8, 8)", 'GlobalMaxPooling2D(data_format="channels_first")'
    ),
    "global_average_pooling3d": one("(4, 5, 6, 7)", "GlobalAveragePooling3D()"),
    "global_max_pooling3d_keepdims": one(
        "(4, 5, 6, 7)", 'GlobalMaxPooling3D(data_format="channels_first", keepdims=True)'
    ),
    # reshaping
    "upsampling1d": one("(5, 3)", "UpSampling1D(3)"),
    "upsampling2d": one("(5, 6, 3)", 'UpSampling2D((2, 3), interpolation="bilinear")'),
    "upsampling2d_channels_first": one(
        "(3, 5, None)", 'UpSampling2D(data_format="channels_first")'
    ),
    "upsampling3d": one("(2, 3, 4, 5)", "UpSampling3D((1, 2, 3))"),
    "zero_padding1d": one("(5, 3)", "ZeroPadding1D((1, 4))"),
    "zero_padding1d_channels_first": one(
        "(3, 5)", 'ZeroPadding1D(2, data_format="channels_first")'
    ),
    "zero_padding2d": one("(5, 6, 3)", "ZeroPadding2D(((1, 2), (3, 4)))"),
    "zero_padding2d_mixed": one(
        "(5, 6, 3)", 'ZeroPadding2D((1, (0, 2)), data_format="channels_first")'
    ),
    "zero_padding3d": one("(2, 3, 4, 5)", "ZeroPadding3D(2)"),
    "cropping1d": one("(10, 3)", "Cropping1D((2, 5))"),
    "cropping2d": one("(10, 9, 3)", "Cropping2D(((1, 2), (3, 0)))"),
    "cropping2d_channels_first": one("(3, 10, 9)", 'Cropping2D(2, data_format="channels_first")'),
    "cropping3d": one("(6, 7, 8, 2)", "Cropping3D(((1, 0), 2, (0, 3)))"),
    "flatten": one("(4, 5, 3)", "Flatten()"),
    "flatten_channels_first": one("(4, 5, 3)", 'Flatten(data_format="channels_first")'),
    "flatten_unknown_dim": one("(None, 3)", "Flatten()"),
    "flatten_rank1": one("(7,)", "Flatten()"),
    "reshape": one("(4, 6)", "Reshape((3, 8))"),
    "reshape_inferred": one("(4, 6)", "Reshape((-1, 2, 3))"),
    "reshape_unknown_input": one("(None, 6)", "Reshape((-1, 3))"),
    "reshape_unknown_target": one("(4, 6)", "Reshape((None, 3))"),
    "permute": one("(4, 6)", "Permute((2, 1))"),
    "permute_rank4": one("(2, 3, 4)", "Permute((3, 1, 2))"),
    "repeat_vector": one("(6,)", "RepeatVector(4)"),
    # regularization
    "dropout": one("(6, 2)", "Dropout(0.5)"),
    "spatial_dropout1d": one("(6, 2)", "SpatialDropout1D(0.2)"),
    "spatial_dropout2d": one("(6, 5, 2)", 'SpatialDropout2D(0.2, data_format="channels_first")'),
    "spatial_dropout3d": one("(6, 5, 4, 2)", "SpatialDropout3D(0.3)"),
    "gaussian_noise": one("(6,)", "GaussianNoise(0.1)"),
    "gaussian_dropout": one("(6, 3)", "GaussianDropout(0.4)"),
    "alpha_dropout": one("(6, 3)", "AlphaDropout(0.1)"),
    # normalization
    "batch_norm_channels_first": one("(3, 8, 8)", "BatchNormalization(axis=1)"),
    "batch_norm_renorm": one("(8, 5)", "BatchNormalization(renorm=True, center=False)"),
    "layer_norm": one("(8, 5)", "LayerNormalization()"),
    "layer_norm_axes": one("(4, 8, 5)", "LayerNormalization(axis=[2, 1], center=False)"),
    "group_norm": one("(8, 6)", "GroupNormalization(groups=3)"),
    "group_norm_instance": one("(8, 8, 4)", "GroupNormalization(groups=-1, scale=False)"),
    "unit_norm": one("(8, 5)", "UnitNormalization(axis=[1, 2])"),
    "layer_norm_rms_scaling": one("(8, 5)", "LayerNormalization(rms_scaling=True)"),
    "batch_norm_frozen": one("(8, 5)", "BatchNormalization(trainable=False)"),
    # activations
    "activation": one("(8, 5)", 'Activation("tanh")'),
    "relu": one("(8,)", "ReLU(max_value=6.0)"),
    "leaky_relu": one("(8,)", "LeakyReLU(negative_slope=0.2)"),
    "leaky_relu_alpha": one("(8,)", "LeakyReLU(alpha=0.1)"),
    "elu": one("(8,)", "ELU()"),
    "softmax": one("(8, 5)", "Softmax(axis=1)"),
    "prelu": one("(4, 5, 3)", "PReLU()"),
    "prelu_shared": one("(4, 5, 3)", "PReLU(shared_axes=[1, 2])"),
    "prelu_shared_unknown": one("(None, 3)", "PReLU(shared_axes=1)"),
    # merging
    "add": many(["(4, 5)", "(4, 5)", "(4, 5)"], "Add()"),
    "add_broadcast": many(["(1, 5)", "(4, 1)"], "Add()"),
    "add_ranks": many(["(5,)", "(3, 5)"], "Add()"),
    "add_unknown": many(["(None, 5)", "(1, 5)"], "Add()"),
    "add_single": many(["(5,)"], "Add()"),
    "add_batch": many(["batch_shape=(4, 5)", "(5,)"], "Add()"),
    "subtract": many(["(4, 5)", "(1, 5)"], "Subtract()"),
    "multiply": many(["(4, 5)", "(4, 5)"], "Multiply()"),
    "average": many(["(4, 5)", "(4, 5)"], "Average()"),
    "maximum": many(["(4, 1)", "(4, 5)"], "Maximum()"),
    "minimum": many(["(4, 5)", "(4, 5)"], "Minimum()"),
    "add_function": many(["(4, 5)", "(4, 5)"], "add"),
    "concatenate": many(["(4, 5)", "(4, 3)"], "Concatenate()"),
    "concatenate_axis1": many(["(4, 5)", "(2, 5)", "(1, 5)"], "Concatenate(axis=1)"),
    "concatenate_unknown_axis": many(["(None, 5)", "(2, 5)"], "Concatenate(axis=1)"),
    "concatenate_unknown_other": many(["(None, 5)", "(2, 3)"], "Concatenate()"),
    "concatenate_first_known": many(["(2, 5)", "(None, 3)"], "Concatenate()"),
    "concatenate_batch": many(["(2, 5)", "batch_shape=(4, 2, 5)"], "Concatenate(axis=0)"),
    "concatenate_function": many(["(4, 5)", "(4, 3)"], "concatenate"),
    "concatenate_single": many(["(4, 5)"], "Concatenate()"),
    "dot": many(["(5,)", "(5,)"], "Dot(axes=1)"),
    "dot_last": many(["(3, 5)", "(4, 5)"], "Dot(axes=-1, normalize=True)"),
    "dot_pair": many(["(3, 5)", "(4, 3)"], "Dot(axes=(1, 2))"),
    "dot_function": many(["(3, 5)", "(4, 5)"], "dot"),
    # core
    "embedding": one("(10,)", "Embedding(1000, 16)"),
    "embedding_rank3": one("(10, 3)", "Embedding(50, 4)"),
    "embedding_lora": one("(10,)", "Embedding(100, 8, lora_rank=2)"),
    "embedding_input_length": one("(10,)", "Embedding(100, 8, input_length=10)"),
    "dense_lora": one("(10,)", "Dense(8, lora_rank=3)"),
    "einsum_dense": one("(16,)", 'EinsumDense("ab,bc->ac", output_shape=64, bias_axes="c")'),
    "einsum_dense_3d": one("(10, 32)", 'EinsumDense("abc,cd->abd", output_shape=(None, 64))'),
    "einsum_dense_heads": one(
        "(10, 16)", 'EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="de")'
    ),
    "einsum_dense_left_elided": one(
        "(5, 7, 3)", 'EinsumDense("...b,bc->...c", output_shape=4, bias_axes="c")'
    ),
    "einsum_dense_right_elided": one(
        "(5, 7)", 'EinsumDense("ab...,bc->ac...", output_shape=6, bias_axes="c")'
    ),
    "einsum_dense_lora": one(
        "(16,)", 'EinsumDense("ab,bc->ac", output_shape=8, bias_axes="c", lora_rank=2)'
    ),
    "lambda_output_shape": one("(5,)", "Lambda(lambda t: t[:, :2], output_shape=(2,))"),
    "lambda_batch": one("batch_shape=(3, 5)", "Lambda(lambda t: t, output_shape=(5,))"),
    "lambda_list": many(["(5,)", "(4,)"], "Lambda(lambda ts: ts[0], output_shape=(5,))"),
    "identity": one("(5, 2)", "Identity()"),
    "masking": one("(5, 2)", "Masking(mask_value=0.0)"),
    # preprocessing
    "rescaling": one("(8, 8, 3)", "Rescaling(1 / 255.0)"),
    "resizing": one("(8, 10, 3)", "Resizing(4, 5)"),
    "resizing_channels_first": one("(3, 8, 10)", 'Resizing(4, 5, data_format="channels_first")'),
    "resizing_rank3": one("(8, 3)", "Resizing(4, 5)"),
    "center_crop": one("(8, 10, 3)", "CenterCrop(4, 6)"),
    "center_crop_channels_first": one(
        "(3, 8, 10)", 'CenterCrop(4, 6, data_format="channels_first")'
    ),
    # several layers, default names and a Sequential
    "sequential_stack": sequential(
        "(28, 28, 1)",
        "Conv2D(8, 3)",
        "BatchNormalization()",
        "PReLU(shared_axes=[1, 2])",
        "SeparableConv2D(16, 3, strides=2)",
        "ZeroPadding2D(1)",
        "DepthwiseConv2D(3)",
        "MaxPooling2D()",
        "Cropping2D(1)",
        "GlobalAveragePooling2D()",
        "RepeatVector(3)",
        "Conv1DTranspose(4, 2, strides=2)",
        "LayerNormalization()",
        "Flatten()",
        "Dense(3)",
    ),
}

# Sources Keras rejects while building, and the code the analyzer reports for them.
ERROR_CASES: dict[str, tuple[str, str]] = {
    "add_incompatible": (many(["(4, 5)", "(3, 5)"], "Add()"), "KPL101"),
    "add_batch_sizes": (many(["batch_shape=(2, 5)", "batch_shape=(3, 5)"], "Add()"), "KPL101"),
    "subtract_three": (many(["(5,)", "(5,)", "(5,)"], "Subtract()"), "KPL101"),
    "concatenate_mismatch": (many(["(4, 5)", "(3, 5)"], "Concatenate()"), "KPL101"),
    "concatenate_ranks": (many(["(4, 5)", "(5,)"], "Concatenate()"), "KPL101"),
    "dot_mismatch": (many(["(3, 5)", "(4, 5)"], "Dot(axes=(1, 2))"), "KPL101"),
    "dot_unknown": (many(["(None,)", "(5,)"], "Dot(axes=1)"), "KPL101"),
    "dot_three": (many(["(5,)", "(5,)", "(5,)"], "Dot(axes=1)"), "KPL101"),
    "conv2d_too_small": (one("(4, 4, 3)", "Conv2D(2, 5)"), "KPL102"),
    "conv1d_dilated_too_small": (one("(6, 3)", "Conv1D(2, 3, dilation_rate=3)"), "KPL102"),
    "pooling_too_small": (one("(3, 3, 3)", "MaxPooling2D(4)"), "KPL102"),
    "cropping1d_too_much": (one("(5, 3)", "Cropping1D((3, 2))"), "KPL102"),
    "cropping2d_too_much": (one("(5, 6, 3)", "Cropping2D(((0, 0), (3, 3)))"), "KPL102"),
    "cropping3d_too_much": (one("(5, 6, 7, 3)", "Cropping3D(((1, 1), (1, 1), (4, 3)))"), "KPL102"),
    "conv2d_rank": (one("(8, 3)", "Conv2D(2, 3)"), "KPL103"),
    "conv2d_rank_high": (one("(8, 8, 8, 3)", "Conv2D(2, 3)"), "KPL103"),
    "conv2d_groups_channels": (one("(8, 8, 3)", "Conv2D(4, 3, groups=2)"), "KPL103"),
    "conv2d_unknown_channels": (one("(8, 8, None)", "Conv2D(4, 3)"), "KPL103"),
    "pooling_rank": (one("(8, 8, 3)", "MaxPooling1D()"), "KPL103"),
    "global_pooling_rank": (one("(8, 3)", "GlobalAveragePooling2D()"), "KPL103"),
    "upsampling_rank": (one("(8, 3)", "UpSampling2D()"), "KPL103"),
    "permute_rank": (one("(8, 3, 2)", "Permute((2, 1))"), "KPL103"),
    "repeat_vector_rank": (one("(8, 3)", "RepeatVector(2)"), "KPL103"),
    "spatial_dropout_rank": (one("(8, 3)", "SpatialDropout2D(0.5)"), "KPL103"),
    "group_norm_groups": (one("(8, 4)", "GroupNormalization(groups=3)"), "KPL103"),
    "group_norm_default_groups": (one("(8, 4)", "GroupNormalization()"), "KPL103"),
    "layer_norm_axis": (one("(8, 4)", "LayerNormalization(axis=3)"), "KPL103"),
    "unit_norm_axis": (one("(8, 4)", "UnitNormalization(axis=-4)"), "KPL103"),
    "batch_norm_unknown_axis": (one("(None, 4)", "BatchNormalization(axis=1)"), "KPL103"),
    "prelu_unknown_dim": (one("(None, 3)", "PReLU()"), "KPL103"),
    "center_crop_rank": (one("(4, 8, 8, 3)", "CenterCrop(2, 2)"), "KPL103"),
    "reshape_size": (one("(2, 3)", "Reshape((7,))"), "KPL104"),
    "reshape_inferred_size": (one("(10,)", "Reshape((-1, 4))"), "KPL104"),
    "pooling_uppercase_padding": (one("(8, 8, 3)", 'MaxPooling2D(padding="SAME")'), "KPL304"),
    "depthwise_causal": (one("(8, 3)", 'DepthwiseConv1D(3, padding="causal")'), "KPL304"),
    "conv2d_causal": (one("(8, 8, 3)", 'Conv2D(2, 3, padding="causal")'), "KPL304"),
    "conv1d_transpose_causal": (one("(8, 3)", 'Conv1DTranspose(2, 3, padding="causal")'), "KPL304"),
    "conv_strides_and_dilation": (
        one("(9, 9, 3)", "Conv2D(2, 3, strides=2, dilation_rate=2)"),
        "KPL304",
    ),
    "conv_zero_kernel": (one("(9, 9, 3)", "Conv2D(2, (3, 0))"), "KPL304"),
    "conv_zero_filters": (one("(9, 9, 3)", "Conv2D(0, 3)"), "KPL304"),
    "conv_filters_groups": (one("(9, 9, 4)", "Conv2D(3, 3, groups=2)"), "KPL304"),
    "transpose_output_padding": (
        one("(9, 9, 3)", "Conv2DTranspose(2, 3, strides=2, output_padding=2)"),
        "KPL304",
    ),
    "dropout_rate": (one("(9,)", "Dropout(1.5)"), "KPL304"),
    "permute_dims": (one("(4, 5)", "Permute((1, 3))"), "KPL304"),
    "reshape_two_unknowns": (one("(4, 5)", "Reshape((-1, -1))"), "KPL304"),
    "repeat_vector_zero": (one("(4,)", "RepeatVector(0)"), "KPL304"),
    "upsampling1d_tuple": (one("(4, 2)", "UpSampling1D((2,))"), "KPL304"),
    "cropping2d_negative": (one("(4, 5, 2)", "Cropping2D(-1)"), "KPL304"),
    "einsum_equation": (one("(16,)", 'EinsumDense("ab->b", output_shape=4)'), "KPL304"),
    "einsum_bias_axis": (
        one("(16,)", 'EinsumDense("ab,bc->ac", output_shape=4, bias_axes="x")'),
        "KPL304",
    ),
    "embedding_dim": (one("(4,)", "Embedding(0, 8)"), "KPL304"),
}


GROUP_SIZE = 15


def _groups() -> list[list[str]]:
    """Valid cases share files (Keras' clear_session between files is the slow part)."""
    names = list(CASES)
    return [names[i : i + GROUP_SIZE] for i in range(0, len(names), GROUP_SIZE)]


def group_source(names: list[str]) -> str:
    """One module holding the cases' models, each bound to its own name, in order."""
    bodies = [
        CASES[name].removeprefix(HEADER).replace("model = ", f"model_{index} = ")
        for index, name in enumerate(names)
    ]
    return HEADER + "".join(bodies)


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every source of this module run under real Keras, in one child process.

    Returns, per valid case, its group's source and Keras' model for it; per error
    case, Keras' document for its own file.
    """
    folder = tmp_path_factory.mktemp("layer_catalogue")
    sources = {f"group_{i}": group_source(names) for i, names in enumerate(_groups())}
    sources.update({name: source for name, (source, _) in ERROR_CASES.items()})
    paths = []
    for name, source in sources.items():
        path = os.path.join(folder, f"{name}.py")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(source)
        paths.append(path)
    docs = dict(zip(sources, keras_summary_many(paths), strict=True))
    results = {name: docs[name] for name in ERROR_CASES}
    for i, names in enumerate(_groups()):
        doc = docs[f"group_{i}"]
        for index, name in enumerate(names):
            model = None if "error" in doc else comparable(doc)[index]
            results[name] = {"source": sources[f"group_{i}"], "index": index, "model": model}
    return results


@functools.cache
def _static_group(source: str) -> list[dict]:
    return static_models(source)


@pytest.mark.parametrize("name", CASES)
def test_layer_summary_equals_keras(name: str, oracle: dict[str, dict]) -> None:
    case = oracle[name]
    assert case["model"] is not None, "Keras could not build this case's group"
    assert _static_group(case["source"])[case["index"]] == case["model"]
    analysis = analyze_source(CASES[name])
    assert analysis.problems == []
    assert all(model_rows(model).complete for model in analysis.models)


@pytest.mark.parametrize("name", ERROR_CASES)
def test_build_error_is_reported_with_its_code(name: str, oracle: dict[str, dict]) -> None:
    source, code = ERROR_CASES[name]
    assert "error" in oracle[name], "Keras built this model"
    analysis = analyze_source(source)
    layer_line = next(
        number for number, line in enumerate(source.splitlines(), 1) if "layers." in line
    )
    assert [(p.code, p.line) for p in analysis.problems] == [(code, layer_line)]


@pytest.mark.parametrize(
    "layer",
    ["Lambda(lambda t: t[:, :2])", "Lambda(lambda t: t[:, :2], output_shape=lambda s: s)"],
)
def test_lambda_without_a_tuple_output_shape_is_unknown(layer: str) -> None:
    """Keras runs the function (or the output_shape callable); the analyzer cannot, so it
    says so instead of guessing."""
    source = one("(5,)", layer)
    (model,) = analyze_source(source).models
    rows = model_rows(model)
    assert [row.output_shape for row in rows.layers] == [[None, 5], None]
    assert rows.layers[1].params == 0
    assert not rows.complete
