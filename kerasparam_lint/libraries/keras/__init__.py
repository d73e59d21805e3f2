"""Everything kerasparam-lint knows about Keras 3: layer signatures, shape and weight rules."""
