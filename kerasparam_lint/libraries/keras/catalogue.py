"""The catalogue: every Keras 3 layer the analyzer knows, one row each.

A row names the class and its rules for output shape and weights; the rules
live in ``layers/`` by family, as they do in ``keras/src/layers/``. A class not
listed here is unknown: its outputs and weights are unknown, never guessed.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.graph.unknown import CannotKnow
from kerasparam_lint.libraries.keras.layer_spec import Call, LayerSpec
from kerasparam_lint.libraries.keras.layers import (
    activations,
    core,
    merging,
    normalization,
    pooling,
    preprocessing,
    regularization,
    reshaping,
)
from kerasparam_lint.libraries.keras.layers import attention as attn
from kerasparam_lint.libraries.keras.layers import convolutional as conv
from kerasparam_lint.libraries.keras.layers import einsum_dense as einsum
from kerasparam_lint.libraries.keras.layers import recurrent as rnn

_ROWS = [
    # core
    LayerSpec("Dense", core.dense_shape, core.dense_weights),
    LayerSpec("EinsumDense", einsum.einsum_dense_shape, einsum.einsum_dense_weights),
    LayerSpec("Embedding", core.embedding_shape, core.embedding_weights),
    LayerSpec("Lambda", core.lambda_shape),
    LayerSpec("Identity"),
    LayerSpec("Masking"),
    # activations
    LayerSpec("Activation"),
    LayerSpec("ReLU"),
    LayerSpec("LeakyReLU"),
    LayerSpec("ELU"),
    LayerSpec("Softmax"),
    LayerSpec("PReLU", weights=activations.prelu_weights),
    # convolution
    *(
        LayerSpec(f"Conv{r}D", conv.conv_shape(r, f"Conv{r}D"), conv.conv_weights(r, f"Conv{r}D"))
        for r in (1, 2, 3)
    ),
    *(
        LayerSpec(
            f"Conv{r}DTranspose",
            conv.conv_transpose_shape(r, f"Conv{r}DTranspose"),
            conv.conv_transpose_weights(r, f"Conv{r}DTranspose"),
        )
        for r in (1, 2, 3)
    ),
    *(
        LayerSpec(
            f"SeparableConv{r}D",
            conv.separable_shape(r, f"SeparableConv{r}D"),
            conv.separable_weights(r, f"SeparableConv{r}D"),
        )
        for r in (1, 2)
    ),
    *(
        LayerSpec(
            f"DepthwiseConv{r}D",
            conv.depthwise_shape(r, f"DepthwiseConv{r}D"),
            conv.depthwise_weights(r, f"DepthwiseConv{r}D"),
        )
        for r in (1, 2)
    ),
    # pooling
    *(
        LayerSpec(f"{kind}Pooling{r}D", pooling.pooling_shape(r, f"{kind}Pooling{r}D"))
        for kind in ("Max", "Average")
        for r in (1, 2, 3)
    ),
    *(
        LayerSpec(
            f"Global{kind}Pooling{r}D",
            pooling.global_pooling_shape(r, f"Global{kind}Pooling{r}D"),
        )
        for kind in ("Max", "Average")
        for r in (1, 2, 3)
    ),
    # reshaping
    *(
        LayerSpec(f"UpSampling{r}D", reshaping.upsampling_shape(r, f"UpSampling{r}D"))
        for r in (1, 2, 3)
    ),
    *(
        LayerSpec(f"ZeroPadding{r}D", reshaping.zero_padding_shape(r, f"ZeroPadding{r}D"))
        for r in (1, 2, 3)
    ),
    *(LayerSpec(f"Cropping{r}D", reshaping.cropping_shape(r, f"Cropping{r}D")) for r in (1, 2, 3)),
    LayerSpec("Flatten", reshaping.flatten_shape),
    LayerSpec("Reshape", reshaping.reshape_shape),
    LayerSpec("Permute", reshaping.permute_shape),
    LayerSpec("RepeatVector", reshaping.repeat_vector_shape),
    # regularization
    LayerSpec("Dropout", regularization.noise_shape("rate")),
    LayerSpec("AlphaDropout", regularization.noise_shape("rate")),
    LayerSpec("GaussianDropout", regularization.noise_shape("rate")),
    LayerSpec("GaussianNoise", regularization.noise_shape("stddev")),
    *(
        LayerSpec(
            f"SpatialDropout{r}D", regularization.spatial_dropout_shape(r, f"SpatialDropout{r}D")
        )
        for r in (1, 2, 3)
    ),
    # merging
    LayerSpec("Add", merging.elementwise_shape("Add")),
    LayerSpec("Subtract", merging.elementwise_shape("Subtract", exactly=2)),
    LayerSpec("Multiply", merging.elementwise_shape("Multiply")),
    LayerSpec("Average", merging.elementwise_shape("Average")),
    LayerSpec("Maximum", merging.elementwise_shape("Maximum")),
    LayerSpec("Minimum", merging.elementwise_shape("Minimum")),
    LayerSpec("Concatenate", merging.concatenate_shape),
    LayerSpec("Dot", merging.dot_shape),
    # normalization
    LayerSpec(
        "BatchNormalization",
        normalization.axis_checked_shape("BatchNormalization"),
        normalization.batch_norm_weights,
    ),
    LayerSpec(
        "LayerNormalization",
        normalization.axis_checked_shape("LayerNormalization"),
        normalization.layer_norm_weights,
    ),
    LayerSpec(
        "GroupNormalization",
        normalization.axis_checked_shape("GroupNormalization"),
        normalization.group_norm_weights,
    ),
    LayerSpec("UnitNormalization", normalization.axis_checked_shape("UnitNormalization")),
    # preprocessing
    LayerSpec("Normalization", weights=preprocessing.normalization_weights),
    LayerSpec("Rescaling"),
    LayerSpec("RandomFlip"),
    LayerSpec("RandomRotation"),
    LayerSpec("Resizing", preprocessing.image_size_shape("Resizing")),
    LayerSpec("CenterCrop", preprocessing.image_size_shape("CenterCrop", ranks=(3, 4))),
    # recurrent and attention
    *(
        LayerSpec(
            name,
            rnn.rnn_shape(name),
            rnn.rnn_weights(name),
            ("initial_state",),
            call_first="sequences",
        )
        for name in ("SimpleRNN", "LSTM", "GRU")
    ),
    *(
        LayerSpec(f"{name}Cell", rnn.cell_call, rnn.cell_weights(name))
        for name in ("SimpleRNN", "LSTM", "GRU")
    ),
    LayerSpec(
        "RNN",
        rnn.generic_rnn_shape,
        call_params=("initial_state",),
        wrapped=rnn.rnn_cells,
        call_first="sequences",
    ),
    *(
        LayerSpec(
            f"ConvLSTM{rank}D",
            rnn.conv_lstm_shape(rank, f"ConvLSTM{rank}D"),
            rnn.conv_lstm_weights(rank, f"ConvLSTM{rank}D"),
            ("initial_state",),
            call_first="sequences",
            weight_owner="init",
        )
        for rank in (1, 2, 3)
    ),
    LayerSpec(
        "Bidirectional",
        rnn.bidirectional_shape,
        call_params=("initial_state",),
        wrapped=rnn.bidirectional_layers,
        call_first="sequences",
        construct=rnn.bidirectional_copies,
    ),
    LayerSpec("TimeDistributed", rnn.time_distributed_shape, wrapped=rnn.time_distributed_layer),
    LayerSpec(
        "MultiHeadAttention",
        attn.multi_head_attention_shape,
        attn.multi_head_attention_weights,
        ("value", "key"),
        build_names=("Softmax", "Dropout"),
        call_first="query",
        weight_owner="build",
    ),
    LayerSpec(
        "GroupedQueryAttention",
        attn.grouped_query_attention_shape,
        attn.grouped_query_attention_weights,
        ("value", "key"),
        build_names=("Softmax", "Dropout"),
        call_first="query",
        weight_owner="build",
    ),
    LayerSpec("Attention", attn.attention_shape("Attention"), attn.attention_weights),
    LayerSpec(
        "AdditiveAttention",
        attn.attention_shape("AdditiveAttention"),
        attn.additive_attention_weights,
    ),
]

CATALOGUE: dict[str, LayerSpec] = {row.class_name: row for row in _ROWS}
rnn.CATALOGUE_ROWS.update(CATALOGUE)  # the rows a wrapper's rules look up

# Function forms in keras.layers that build a merge layer and call it at once.
MERGE_FUNCTIONS: dict[str, str] = {
    "add": "Add",
    "subtract": "Subtract",
    "multiply": "Multiply",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
    "concatenate": "Concatenate",
    "dot": "Dot",
}


def rerun_shape_rule(class_name: str, config: Any, shapes: list[Any]) -> Any:
    """A built layer's shape rule run again on the given input shapes (one, or a list for
    a merge): for the arithmetic of ``--explain`` and for sizes as formulas. Raises
    what the rule raises, and CannotKnow when the catalogue has no rule for it."""
    spec = CATALOGUE.get(class_name)
    if spec is None or not isinstance(config, dict) or not shapes:
        raise CannotKnow(class_name)
    return spec.output_shape(config, Call(shapes[0] if len(shapes) == 1 else shapes))  # type: ignore[arg-type]
