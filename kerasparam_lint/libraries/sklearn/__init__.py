"""scikit-learn: the splits and scalers training data passes through."""
