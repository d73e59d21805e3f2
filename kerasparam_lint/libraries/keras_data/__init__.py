"""Keras' data helpers: the arrays and batches `keras.utils` and `keras.preprocessing` make."""
