"""The catalogue: every Keras 3 layer the analyzer knows, one row each.

A row names the class and its rules for output shape and weights; the rules
live in ``layers/`` by family, as they do in ``keras/src/layers/``. A class not
listed here is unknown: its outputs and weights are unknown, never guessed.
"""

from __future__ import annotations

from kerasparam_lint.keras.layer_spec import LayerSpec
from kerasparam_lint.keras.layers import convolutional as conv
from kerasparam_lint.keras.layers import core, merging, normalization, pooling, reshaping

_ROWS = [
    # core
    LayerSpec("Dense", core.dense_shape, core.dense_weights),
    LayerSpec("Flatten", core.flatten_shape),
    LayerSpec("Dropout"),
    LayerSpec("Activation"),
    LayerSpec("ReLU"),
    # convolution
    LayerSpec("Conv1D", conv.conv_shape(1, "Conv1D"), conv.conv_weights(1)),
    LayerSpec("Conv2D", conv.conv_shape(2, "Conv2D"), conv.conv_weights(2)),
    LayerSpec("Conv3D", conv.conv_shape(3, "Conv3D"), conv.conv_weights(3)),
    # pooling
    LayerSpec("MaxPooling1D", pooling.pooling_shape(1, "MaxPooling1D")),
    LayerSpec("MaxPooling2D", pooling.pooling_shape(2, "MaxPooling2D")),
    LayerSpec("MaxPooling3D", pooling.pooling_shape(3, "MaxPooling3D")),
    LayerSpec("AveragePooling1D", pooling.pooling_shape(1, "AveragePooling1D")),
    LayerSpec("AveragePooling2D", pooling.pooling_shape(2, "AveragePooling2D")),
    LayerSpec("AveragePooling3D", pooling.pooling_shape(3, "AveragePooling3D")),
    LayerSpec("GlobalAveragePooling2D", pooling.global_pooling_shape(2, "GlobalAveragePooling2D")),
    LayerSpec("GlobalMaxPooling2D", pooling.global_pooling_shape(2, "GlobalMaxPooling2D")),
    # reshaping
    LayerSpec("UpSampling2D", reshaping.upsampling_shape(2, "UpSampling2D")),
    # merging
    LayerSpec("Add", merging.elementwise_shape("Add")),
    LayerSpec("Concatenate", merging.concatenate_shape),
    # normalization
    LayerSpec("BatchNormalization", weights=normalization.batch_norm_weights),
]

CATALOGUE: dict[str, LayerSpec] = {row.class_name: row for row in _ROWS}

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
