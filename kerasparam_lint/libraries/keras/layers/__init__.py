"""Shape and weight rules of Keras layers, one module per family (as in ``keras/src/layers/``)."""
