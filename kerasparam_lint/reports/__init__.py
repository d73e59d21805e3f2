"""Ways to print what the analyzer found: a Keras-like table, JSON, and more."""
