"""A small abstract interpreter over the Python that builds Keras models.

It executes module-level code and called functions with abstract values
(constants it can compute, UNKNOWN for the rest, symbolic tensors, layers and
models) and never imports or runs anything from the analyzed file.
"""
