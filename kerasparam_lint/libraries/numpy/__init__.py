"""NumPy (and scikit-learn's ``train_test_split``): array shapes and dtypes for the data
a model is fitted on."""
