"""The catalogue of Lasagne layers the analyzer knows, one row each.

Rows reuse :class:`~kerasparam_lint.libraries.keras.layer_spec.LayerSpec`; the rule
receives the bound constructor arguments and the incoming layer's output shape
(a list of shapes for merge layers). ``InputLayer`` is not a row: it has no
incoming layer.
"""

from __future__ import annotations

from kerasparam_lint.libraries.keras.layer_spec import LayerSpec
from kerasparam_lint.libraries.lasagne import conv, core, normalization, recurrent

_ROWS = [
    LayerSpec("DenseLayer", core.dense_shape, core.dense_weights),
    LayerSpec("NINLayer", core.nin_shape, core.nin_weights),
    LayerSpec("Conv1DLayer", *conv.conv(1, "Conv1DLayer")),
    LayerSpec("Conv2DLayer", *conv.conv(2, "Conv2DLayer")),
    LayerSpec("Conv3DLayer", *conv.conv(3, "Conv3DLayer")),
    LayerSpec("Conv2DDNNLayer", *conv.conv(2, "Conv2DDNNLayer")),
    LayerSpec("Conv3DDNNLayer", *conv.conv(3, "Conv3DDNNLayer")),
    LayerSpec("Conv2DMMLayer", *conv.conv(2, "Conv2DMMLayer")),
    LayerSpec(
        "TransposedConv2DLayer",
        conv.transposed_conv_shape,
        conv.swapped_conv_weights(conv.transposed_conv_shape, "TransposedConv2DLayer"),
    ),
    LayerSpec(
        "DilatedConv2DLayer",
        conv.dilated_conv_shape,
        conv.swapped_conv_weights(conv.dilated_conv_shape, "DilatedConv2DLayer"),
    ),
    LayerSpec("Pool1DLayer", conv.pool_shape(1, "Pool1DLayer")),
    LayerSpec("Pool2DLayer", conv.pool_shape(2, "Pool2DLayer")),
    LayerSpec("MaxPool1DLayer", conv.pool_shape(1, "MaxPool1DLayer")),
    LayerSpec("MaxPool2DLayer", conv.pool_shape(2, "MaxPool2DLayer")),
    LayerSpec("Pool2DDNNLayer", conv.pool_shape(2, "Pool2DDNNLayer")),
    LayerSpec("MaxPool2DDNNLayer", conv.pool_shape(2, "MaxPool2DDNNLayer")),
    LayerSpec("Upscale2DLayer", conv.upscale2d_shape),
    LayerSpec("GlobalPoolLayer", conv.global_pool_shape),
    LayerSpec("DropoutLayer"),
    LayerSpec("NonlinearityLayer"),
    LayerSpec("ReshapeLayer", core.reshape_shape),
    LayerSpec("FlattenLayer", core.flatten_shape),
    LayerSpec("DimshuffleLayer", core.dimshuffle_shape),
    LayerSpec("ConcatLayer", core.concat_shape),
    LayerSpec("ElemwiseSumLayer", core.elemwise_shape),
    LayerSpec("BatchNormLayer", weights=normalization.batch_norm_weights),
    LayerSpec("EmbeddingLayer", core.embedding_shape, core.embedding_weights),
    LayerSpec("RecurrentLayer", recurrent.recurrent_shape, recurrent.simple_recurrent_weights),
    LayerSpec("LSTMLayer", recurrent.recurrent_shape, recurrent.lstm_weights),
    LayerSpec("GRULayer", recurrent.recurrent_shape, recurrent.gru_weights),
]

CATALOGUE: dict[str, LayerSpec] = {row.class_name: row for row in _ROWS}
