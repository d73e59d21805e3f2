"""Layers Keras builds in their constructor (``Layer._build_at_init``, or ``built = True``).

They hold no weights, so Keras marks them built at once: a model that never calls
one (a subclassed model built with ``build()``, an unbuilt Sequential) still lists
it with 0 params, where a layer built on its first call has none yet.
"""

from __future__ import annotations

BUILT_AT_INIT = frozenset(
    {
        "Activation", "AlphaDropout", "Dropout", "ELU", "GaussianDropout", "GaussianNoise",
        "Identity", "LeakyReLU", "Masking", "ReLU", "Reshape", "Softmax", "UnitNormalization",
        "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
        "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
        "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
        "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
        "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
    }
)  # fmt: skip
