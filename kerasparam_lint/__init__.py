"""Static Keras model summaries and lint rules, computed from source without running it."""

__version__ = "0.1.0"
