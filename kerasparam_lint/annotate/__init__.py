"""Writing each layer's shape and parameters into the source as trailing comments."""
