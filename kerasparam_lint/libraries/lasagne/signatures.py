"""Constructor signatures of Lasagne 0.2 layers, in Lasagne's own positional order.

Written by hand from ``lasagne/layers/*.py`` (Lasagne cannot be installed next to
Keras 3). Each parameter is (name,) when required, (name, default) otherwise, as in
:mod:`kerasparam_lint.libraries.keras.signatures`. ``INIT`` stands for an initializer default
(``lasagne.init.GlorotUniform()``...): it never affects shapes, only that the
parameter exists; ``**kwargs`` of every layer reach ``Layer.__init__``, which takes
``name``.
"""

from __future__ import annotations

INIT = "<initializer>"
RECTIFY = "rectify"

_CONV = (
    ("pad", 0),
    ("untie_biases", False),
    ("W", INIT),
    ("b", INIT),
    ("nonlinearity", RECTIFY),
)
_RECURRENT_TAIL = (
    ("backwards", False),
    ("learn_init", False),
    ("gradient_steps", -1),
    ("grad_clipping", 0),
    ("unroll_scan", False),
    ("precompute_input", True),
    ("mask_input", None),
    ("only_return_final", False),
    ("**kwargs",),
)

SIGNATURES: dict[str, tuple[tuple, ...]] = {
    "InputLayer": (("shape",), ("input_var", None), ("name", None), ("**kwargs",)),
    "DenseLayer": (
        ("incoming",),
        ("num_units",),
        ("W", INIT),
        ("b", INIT),
        ("nonlinearity", RECTIFY),
        ("num_leading_axes", 1),
        ("**kwargs",),
    ),
    "NINLayer": (
        ("incoming",),
        ("num_units",),
        ("untie_biases", False),
        ("W", INIT),
        ("b", INIT),
        ("nonlinearity", RECTIFY),
        ("**kwargs",),
    ),
    "Conv1DLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", 1),
        *_CONV,
        ("flip_filters", True),
        ("convolution", INIT),
        ("**kwargs",),
    ),
    "Conv2DLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", (1, 1)),
        *_CONV,
        ("flip_filters", True),
        ("convolution", INIT),
        ("**kwargs",),
    ),
    "Conv3DLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", (1, 1, 1)),
        *_CONV,
        ("flip_filters", True),
        ("convolution", INIT),
        ("**kwargs",),
    ),
    # cuDNN / caffe-style implementations (``lasagne.layers.dnn``, ``corrmm``): same shapes.
    "Conv2DDNNLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", (1, 1)),
        *_CONV,
        ("flip_filters", False),
        ("**kwargs",),
    ),
    "Conv3DDNNLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", (1, 1, 1)),
        *_CONV,
        ("flip_filters", False),
        ("**kwargs",),
    ),
    "Conv2DMMLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", (1, 1)),
        *_CONV,
        ("flip_filters", False),
        ("**kwargs",),
    ),
    "TransposedConv2DLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("stride", (1, 1)),
        ("crop", 0),
        ("untie_biases", False),
        ("W", INIT),
        ("b", INIT),
        ("nonlinearity", RECTIFY),
        ("flip_filters", False),
        ("output_size", None),
        ("**kwargs",),
    ),
    "DilatedConv2DLayer": (
        ("incoming",),
        ("num_filters",),
        ("filter_size",),
        ("dilation", (1, 1)),
        *_CONV,
        ("flip_filters", False),
        ("**kwargs",),
    ),
    "Pool1DLayer": (
        ("incoming",),
        ("pool_size",),
        ("stride", None),
        ("pad", 0),
        ("ignore_border", True),
        ("mode", "max"),
        ("**kwargs",),
    ),
    "Pool2DLayer": (
        ("incoming",),
        ("pool_size",),
        ("stride", None),
        ("pad", (0, 0)),
        ("ignore_border", True),
        ("mode", "max"),
        ("**kwargs",),
    ),
    "MaxPool1DLayer": (
        ("incoming",),
        ("pool_size",),
        ("stride", None),
        ("pad", 0),
        ("ignore_border", True),
        ("**kwargs",),
    ),
    "MaxPool2DLayer": (
        ("incoming",),
        ("pool_size",),
        ("stride", None),
        ("pad", (0, 0)),
        ("ignore_border", True),
        ("**kwargs",),
    ),
    "Pool2DDNNLayer": (
        ("incoming",),
        ("pool_size",),
        ("stride", None),
        ("pad", (0, 0)),
        ("ignore_border", True),
        ("mode", "max"),
        ("**kwargs",),
    ),
    "MaxPool2DDNNLayer": (
        ("incoming",),
        ("pool_size",),
        ("stride", None),
        ("pad", (0, 0)),
        ("ignore_border", True),
        ("**kwargs",),
    ),
    "Upscale2DLayer": (("incoming",), ("scale_factor",), ("mode", "repeat"), ("**kwargs",)),
    "GlobalPoolLayer": (("incoming",), ("pool_function", INIT), ("**kwargs",)),
    "DropoutLayer": (
        ("incoming",),
        ("p", 0.5),
        ("rescale", True),
        ("shared_axes", ()),
        ("**kwargs",),
    ),
    "NonlinearityLayer": (("incoming",), ("nonlinearity", RECTIFY), ("**kwargs",)),
    "ReshapeLayer": (("incoming",), ("shape",), ("**kwargs",)),
    "FlattenLayer": (("incoming",), ("outdim", 2), ("**kwargs",)),
    "DimshuffleLayer": (("incoming",), ("pattern",), ("**kwargs",)),
    "ConcatLayer": (("incomings",), ("axis", 1), ("cropping", None), ("**kwargs",)),
    "ElemwiseSumLayer": (("incomings",), ("coeffs", 1), ("cropping", None), ("**kwargs",)),
    "BatchNormLayer": (
        ("incoming",),
        ("axes", "auto"),
        ("epsilon", 1e-4),
        ("alpha", 0.1),
        ("beta", INIT),
        ("gamma", INIT),
        ("mean", INIT),
        ("inv_std", INIT),
        ("**kwargs",),
    ),
    "EmbeddingLayer": (
        ("incoming",),
        ("input_size",),
        ("output_size",),
        ("W", INIT),
        ("**kwargs",),
    ),
    "RecurrentLayer": (
        ("incoming",),
        ("num_units",),
        ("W_in_to_hid", INIT),
        ("W_hid_to_hid", INIT),
        ("b", INIT),
        ("nonlinearity", RECTIFY),
        ("hid_init", INIT),
        *_RECURRENT_TAIL,
    ),
    "LSTMLayer": (
        ("incoming",),
        ("num_units",),
        ("ingate", INIT),
        ("forgetgate", INIT),
        ("cell", INIT),
        ("outgate", INIT),
        ("nonlinearity", "tanh"),
        ("cell_init", INIT),
        ("hid_init", INIT),
        *_RECURRENT_TAIL[:2],
        ("peepholes", True),
        *_RECURRENT_TAIL[2:],
    ),
    "GRULayer": (
        ("incoming",),
        ("num_units",),
        ("resetgate", INIT),
        ("updategate", INIT),
        ("hidden_update", INIT),
        ("hid_init", INIT),
        *_RECURRENT_TAIL,
    ),
}

# Other public names of the same classes (``lasagne.layers.dropout is DropoutLayer``).
ALIASES: dict[str, str] = {
    "Deconv2DLayer": "TransposedConv2DLayer",
    "dropout": "DropoutLayer",
    "reshape": "ReshapeLayer",
    "flatten": "FlattenLayer",
    "dimshuffle": "DimshuffleLayer",
    "concat": "ConcatLayer",
}

# Layers whose instances carry a ``nonlinearity`` that ``batch_norm`` moves on top.
WITH_NONLINEARITY = frozenset(
    name for name, params in SIGNATURES.items() if any(p[0] == "nonlinearity" for p in params)
)


def lasagne_class(name: str) -> str | None:
    """The Lasagne class a public ``lasagne.layers`` name stands for."""
    name = ALIASES.get(name, name)
    return name if name in SIGNATURES else None
