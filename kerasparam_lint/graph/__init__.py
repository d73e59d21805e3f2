"""The model graph: layers, their calls, tensors and weights, and the unknown value."""
