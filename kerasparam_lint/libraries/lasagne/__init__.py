"""Lasagne (and nolearn) model definitions, read into the same model graph as Keras code."""
