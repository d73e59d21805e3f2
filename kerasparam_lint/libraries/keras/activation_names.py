"""The activation names ``keras.activations.get`` accepts (Keras 3.15's ``ALL_OBJECTS_DICT``).

Every layer argument named ``activation`` or ``recurrent_activation`` goes
through ``activations.get`` in the layer's constructor, which raises on any
other string. The test suite compares this set with the installed Keras.
"""

ACTIVATION_NAMES = frozenset(
    {
        "celu",
        "elu",
        "exponential",
        "gelu",
        "glu",
        "hard_shrink",
        "hard_sigmoid",
        "hard_silu",
        "hard_swish",
        "hard_tanh",
        "leaky_relu",
        "linear",
        "log_sigmoid",
        "log_softmax",
        "mish",
        "relu",
        "relu6",
        "selu",
        "sigmoid",
        "silu",
        "soft_shrink",
        "softmax",
        "softplus",
        "softsign",
        "sparse_plus",
        "sparse_sigmoid",
        "sparsemax",
        "squareplus",
        "swish",
        "tanh",
        "tanh_shrink",
        "threshold",
    }
)
ACTIVATION_ARGUMENTS = ("activation", "recurrent_activation")
