"""Model files with subclassed Keras models and custom layers, each run by real Keras
and read by the analyzer in tests/test_subclassing.py."""

from __future__ import annotations

_HEADER = "import keras\nfrom keras import layers\n\n"

_TWO_DENSE = """
class TwoDense(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(64, activation="relu")
        self.head = layers.Dense(10)

    def call(self, x):
        return self.head(self.hidden(x))
"""

_TOWER = """
class Tower(keras.Model):
    def __init__(self, widths=(16, 8), **kwargs):
        super().__init__(**kwargs)
        self.stem = layers.Dense(64, activation="relu")
        self.blocks = [layers.Dense(width) for width in widths]
        self.norm = layers.BatchNormalization()
        self.heads = {"main": layers.Dense(10), "aux": layers.Dense(2)}

    def call(self, x):
        x = self.stem(x)
        for block in self.blocks:
            x = block(x)
        x = self.norm(x)
        return self.heads["main"](x), self.heads["aux"](x)
"""

# Each snippet is a whole module: name -> source.
SNIPPETS: dict[str, str] = {
    "model_build_only": _TWO_DENSE + "\nmodel = TwoDense()\nmodel.build((None, 32))\n",
    "model_called_on_input": _TWO_DENSE + "\nmodel = TwoDense()\ny = model(keras.Input((32,)))\n",
    "model_never_built": _TWO_DENSE + '\nnamed = TwoDense(name="custom")\ndefault = TwoDense()\n',
    "model_inside_functional": _TWO_DENSE
    + """
inputs = keras.Input((32,))
sub = TwoDense()
outputs = layers.Dense(3)(sub(inputs))
model = keras.Model(inputs, outputs)
""",
    "model_lists_and_dicts": _TOWER + "\nmodel = Tower()\nouts = model(keras.Input((32,)))\n",
    "model_list_appended_later": """
class Appended(keras.Model):
    def __init__(self):
        super().__init__()
        self.blocks = []
        self.first = layers.Dense(4)
        for width in (8, 16):
            self.blocks.append(layers.Dense(width))
        self.last = layers.Dense(1)

    def call(self, x):
        x = self.first(x)
        for block in self.blocks:
            x = block(x)
        return self.last(x)


model = Appended()
y = model(keras.Input((3,)))
""",
    "model_frozen": _TWO_DENSE
    + "\nmodel = TwoDense(trainable=False)\ny = model(keras.Input((5,)))\n",
    "model_frozen_after": _TWO_DENSE
    + "\nmodel = TwoDense()\ny = model(keras.Input((5,)))\nmodel.trainable = False\n",
    "model_from_entry_function": _TOWER
    + """

def build_model():
    model = Tower(widths=(4,))
    model(keras.Input((6,)))
    return model
""",
    "model_own_build": """
class OwnBuild(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(7)
        self.other = layers.Dense(3)

    def build(self, input_shape):
        self.dense.build(input_shape)
        self.scale = self.add_weight(shape=(7,), trainable=False)
        super().build(input_shape)

    def call(self, x):
        return self.other(self.dense(x) * self.scale)


model = OwnBuild()
model.build((None, 12))
""",
    "model_with_custom_layer": """
class Residual(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(units)
        self.norm = layers.LayerNormalization()

    def call(self, x):
        return self.norm(x + self.inner(x))


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = layers.Dense(16)
        self.residuals = [Residual(16), Residual(16)]
        self.out = layers.Dense(1, activation="sigmoid")

    def call(self, x):
        x = self.embed(x)
        for block in self.residuals:
            x = block(x)
        return self.out(x)


inputs = keras.Input((10,))
outputs = Net()(inputs)
model = keras.Model(inputs, outputs, name="wrapper")
net = model.layers[1]
""",
    "layer_made_inside_call": """
class Fresh(layers.Layer):
    def call(self, x):
        return layers.Dense(3)(x)


inputs = keras.Input((4,))
x = Fresh()(inputs)
outputs = layers.Dense(2)(x)
model = keras.Model(inputs, outputs)
""",
    "layer_compute_output_shape": """
class Repeat(layers.Layer):
    def __init__(self, times, **kwargs):
        super().__init__(**kwargs)
        self.times = times

    def call(self, x):
        return keras.ops.tile(x, (1, self.times))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] * self.times)


inputs = keras.Input((6,))
outputs = layers.Dense(2)(Repeat(3)(inputs))
model = keras.Model(inputs, outputs)
""",
    "layer_compute_output_shape_skips_call": """
class Projected(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.projection = layers.Dense(units)

    def call(self, x):
        return self.projection(x)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)


inputs = keras.Input((6,))
outputs = Projected(4)(inputs)
model = keras.Model(inputs, outputs)
""",
    "layer_weights_in_init": """
class Bias(layers.Layer):
    def __init__(self, size, **kwargs):
        super().__init__(**kwargs)
        self.bias = self.add_weight(shape=(size,), initializer="zeros")
        self.count = self.add_weight(shape=(), trainable=False)

    def call(self, x):
        return x + self.bias


inputs = keras.Input((5,))
outputs = Bias(5)(inputs)
model = keras.Model(inputs, outputs)
""",
    "layer_super_build_and_config": """
class Gain(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

    def build(self, input_shape):
        self.gain = self.add_weight(name="gain", shape=(input_shape[-1],))
        self.table = self.add_weight(shape=(2, 2), trainable=False)
        super().build(input_shape)

    def call(self, x):
        return x * self.gain

    def get_config(self):
        return {**super().get_config(), "unused": 1}


inputs = keras.Input((3,))
outputs = Gain(name="gain_layer")(inputs)
model = keras.Model(inputs, outputs)
""",
    "layer_list_and_nested_custom": """
class Scale(layers.Layer):
    def build(self, input_shape):
        self.factor = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.factor


class Stack(layers.Layer):
    def __init__(self, widths, **kwargs):
        super().__init__(**kwargs)
        self.denses = [layers.Dense(w) for w in widths]
        self.scale = Scale()

    def call(self, x):
        for dense in self.denses:
            x = dense(x)
        return self.scale(x)


inputs = keras.Input((8,))
x = Stack([16, 4])(inputs)
frozen = Stack([3], trainable=False)
outputs = frozen(x)
model = keras.Model(inputs, outputs)
""",
    "layer_frozen_then_thawed": """
class Affine(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.proj = layers.Dense(3)

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],))
        self.count = self.add_weight(shape=(), trainable=False)

    def call(self, x):
        return self.proj(x * self.scale)


inputs = keras.Input((4,))
thawed = Affine(trainable=False)
frozen = Affine()
x = thawed(inputs)
outputs = frozen(x)
model = keras.Model(inputs, outputs)
thawed.trainable = True
frozen.trainable = False
""",
    "layer_in_sequential": """
class Scale(layers.Layer):
    def build(self, input_shape):
        self.factor = self.add_weight(shape=(input_shape[-1],))

    def call(self, x):
        return x * self.factor


model = keras.Sequential([keras.Input((4,)), layers.Dense(6), Scale(), layers.Dense(1)])
""",
    "plain_class_decorator_sets_attribute": """
def with_units(cls):
    cls.units = 32
    return cls


@with_units
class Config:
    units = 64


inputs = keras.Input((4,))
model = keras.Model(inputs, layers.Dense(Config.units)(inputs))
""",
    "model_built_keeps_weightless_layers_built": """
class Mixed(keras.Model):
    def __init__(self):
        super().__init__()
        self.parts = [
            layers.Dense(3), layers.Dropout(0.5), layers.MaxPooling2D(), layers.ReLU(),
            layers.Reshape((4,)), layers.Flatten(), layers.Permute((1,)),
            layers.GlobalAveragePooling1D(), layers.Activation("relu"),
            layers.SpatialDropout1D(0.1),
        ]

    def call(self, x):
        return x


model = Mixed()
model.build((None, 4))
unbuilt = keras.Sequential([layers.Dense(3), layers.Dropout(0.5), layers.Flatten()])
""",
    "model_called_on_an_array": _TWO_DENSE
    + """
import numpy as np

model = TwoDense()
y = model(np.zeros((2, 32)))
""",
    "model_in_sequential": _TWO_DENSE
    + """
model = keras.Sequential([keras.Input((32,)), TwoDense(), layers.Dense(1)])
""",
    "model_with_training_branch": """
class Regularized(keras.Model):
    def __init__(self, rate=0.5):
        super().__init__()
        self.dense = layers.Dense(8)
        self.dropout = layers.Dropout(rate)
        self.out = layers.Dense(1)

    def call(self, x, training=None):
        x = self.dense(x)
        if training:
            x = self.dropout(x, training=training)
        return self.out(x)


model = Regularized()
y = model(keras.Input((4,)))
""",
    "plain_object_config": """
class Config(object):
    units = 16

    def __init__(self, scale):
        self.width = self.units * scale


config = Config(2)
inputs = keras.Input((4,))
model = keras.Model(inputs, layers.Dense(config.width)(inputs))
""",
    "model_nested_in_model": """
class Encoder(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(8)

    def call(self, x):
        return self.dense(x)


class AutoEncoder(keras.Model):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder(name="encoder")
        self.decoder = layers.Dense(4)

    def call(self, x):
        return self.decoder(self.encoder(x))


model = AutoEncoder()
y = model(keras.Input((4,)))
""",
    "model_two_inputs_two_outputs": """
class Siamese(keras.Model):
    def __init__(self):
        super().__init__()
        self.shared = layers.Dense(6)
        self.merge = layers.Concatenate()
        self.score = layers.Dense(1)

    def call(self, inputs):
        left, right = inputs
        joined = self.merge([self.shared(left), self.shared(right)])
        return self.score(joined), joined


inputs = [keras.Input((3,)), keras.Input((3,))]
score, joined = Siamese()(inputs)
model = keras.Model(inputs, [score, joined])
""",
    "layer_makes_sublayer_in_build": """
class Lazy(layers.Layer):
    def build(self, input_shape):
        self.dense = layers.Dense(input_shape[-1] * 2)
        self.dense.build(input_shape)
        self.bias = self.add_weight(shape=(input_shape[-1] * 2,), initializer="zeros")

    def call(self, x):
        return self.dense(x) + self.bias


inputs = keras.Input((5,))
model = keras.Model(inputs, Lazy()(inputs))
""",
    "layer_registered": """
@keras.saving.register_keras_serializable(package="demo")
class Doubler(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(2)

    def call(self, x):
        return self.dense(x) * 2


inputs = keras.Input((3,))
model = keras.Model(inputs, Doubler()(inputs))
""",
    # fit/predict build the model on the first batch of the data.
    "model_built_by_predict": """
import numpy as np


class Small(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


model = Small()
model.predict(np.zeros((2, 5)), verbose=0)
""",
}

SNIPPETS = {name: _HEADER + source.lstrip("\n") for name, source in SNIPPETS.items()}

# Constructs the analyzer does not follow: the model is reported incomplete, and every
# number it does state still equals Keras'.
UNFOLLOWED: dict[str, str] = {
    "metaclass": """
class Meta(type(keras.Model)):
    pass


class WithMeta(keras.Model, metaclass=Meta):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


model = WithMeta()
y = model(keras.Input((2,)))
""",
    "unknown_decorator": """
def traced(cls):
    cls.traced = True
    return cls


@traced
class Traced(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    def call(self, x):
        return self.dense(x)


inputs = keras.Input((2,))
model = keras.Model(inputs, Traced()(inputs))
""",
    "dynamic_setattr": """
class Dynamic(keras.Model):
    def __init__(self, names):
        super().__init__()
        for name in names:
            setattr(self, name, layers.Dense(4))
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(x)


model = Dynamic(["a", "b"])
y = model(keras.Input((2,)))
""",
    "dict_written_directly": """
class ViaDict(keras.Model):
    def __init__(self):
        super().__init__()
        self.__dict__["hidden"] = layers.Dense(4)
        self.head = layers.Dense(1)

    def call(self, x):
        return self.head(self.hidden(x))


model = ViaDict()
y = model(keras.Input((2,)))
""",
    "own_dunder_call": """
class Forwarding(layers.Layer):
    def __init__(self):
        super().__init__()
        self.inner = layers.Dense(3)

    def __call__(self, *args, **kwargs):
        return super().__call__(*args, **kwargs)

    def call(self, x):
        return self.inner(x)


inputs = keras.Input((2,))
model = keras.Model(inputs, Forwarding()(inputs))
""",
    "unknown_method_decorator": """
import functools


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


class Logged(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(3)

    @logged
    def call(self, x):
        return self.dense(x)


model = Logged()
y = model(keras.Input((2,)))
""",
    "functional_subclass": """
class Functional(keras.Model):
    def __init__(self):
        inputs = keras.Input((3,))
        outputs = layers.Dense(2)(inputs)
        super().__init__(inputs, outputs)


model = Functional()
""",
    "subclass_of_a_keras_layer": """
class WideDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units * 2, **kwargs)


inputs = keras.Input((4,))
model = keras.Model(inputs, WideDense(3)(inputs))
""",
    "plain_class_unknown_decorator": """
import functools


@functools.total_ordering
class Config:
    units = 64

    def __init__(self, units):
        self.units = units

    def __lt__(self, other):
        return self.units < other.units


config = Config(units=32)
inputs = keras.Input((4,))
model = keras.Model(inputs, layers.Dense(config.units)(inputs))
""",
}

UNFOLLOWED = {name: _HEADER + source.lstrip("\n") for name, source in UNFOLLOWED.items()}
