"""Spatial sizes as expressions of the input size, and what a merge needs of that size."""
