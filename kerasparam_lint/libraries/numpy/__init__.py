"""NumPy: array shapes and dtypes for the data a model is fitted on."""
