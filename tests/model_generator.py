"""Hypothesis strategy for the source text of small, random, valid Keras 3 model files.

``model_sources()`` draws a module that builds one or two models at module level with
``import keras`` / ``from keras import layers``. Shapes are tracked while the source is
generated, so every layer receives an input it accepts: no dimension collapses below 1,
merged tensors have matching shapes, group counts divide channel counts, and so on.
Every generated module is meant to run under real Keras 3 as it is; the tests feed the
sources through the real-Keras oracle to keep that promise honest.

What varies: Sequential (list form and ``.add`` form, with ``keras.Input`` or with
``input_shape=``) and functional models; branches merged with the merge layers or their
function forms; shared layers (one layer object called twice); multiple inputs and
outputs; a model used as a layer of a second model; ``data_format`` channels_first and
channels_last; padding valid / same (and causal for ``Conv1D``); strides, dilation,
groups; ``use_bias=False``; ``trainable=False``; explicit ``name=``; positional and
keyword arguments in the order Keras 3 declares them; unknown time dimensions.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

__all__ = ["LAYER_CLASSES", "model_source_from_seed", "model_sources"]

Shape = tuple  # non-batch dims: int, or None for an unknown time dimension

# Largest spatial extent and element count a generated tensor may reach, so that
# models stay small enough to build quickly.
MAX_DIM = 40
MAX_ELEMENTS = 12_000

# Positional parameters as Keras 3 declares them (only the leading parameters that a
# generated call may pass positionally; everything else is passed by keyword).
_CONV = "filters kernel_size strides padding data_format dilation_rate"
_SIGNATURES = {
    "Dense": "units activation use_bias",
    "EinsumDense": "equation output_shape activation bias_axes",
    "Conv1D": _CONV + " groups activation use_bias",
    "Conv1DTranspose": "filters kernel_size strides padding output_padding data_format"
    " dilation_rate activation use_bias",
    "Conv3DTranspose": "filters kernel_size strides padding data_format output_padding"
    " dilation_rate activation use_bias",
    "SeparableConv1D": _CONV + " depth_multiplier activation use_bias",
    "DepthwiseConv1D": "kernel_size strides padding depth_multiplier data_format dilation_rate"
    " activation use_bias",
    "ConvLSTM1D": _CONV + " activation recurrent_activation use_bias",
    "MaxPooling1D": "pool_size strides padding data_format",
    "GlobalAveragePooling1D": "data_format keepdims",
    "UpSampling1D": "size",
    "UpSampling2D": "size data_format interpolation",
    "UpSampling3D": "size data_format",
    "ZeroPadding1D": "padding data_format",
    "Cropping1D": "cropping",
    "Cropping2D": "cropping data_format",
    "Flatten": "data_format",
    "Reshape": "target_shape",
    "Permute": "dims",
    "RepeatVector": "n",
    "Dropout": "rate noise_shape seed",
    "SpatialDropout1D": "rate seed",
    "SpatialDropout2D": "rate data_format seed",
    "GaussianNoise": "stddev seed",
    "GaussianDropout": "rate seed",
    "AlphaDropout": "rate noise_shape seed",
    "BatchNormalization": "axis momentum epsilon center scale",
    "LayerNormalization": "axis epsilon center scale",
    "GroupNormalization": "groups axis epsilon center scale",
    "UnitNormalization": "axis",
    "Activation": "activation",
    "ReLU": "max_value negative_slope threshold",
    "LeakyReLU": "negative_slope",
    "PReLU": "alpha_initializer alpha_regularizer alpha_constraint shared_axes",
    "ELU": "alpha",
    "Softmax": "axis",
    "Concatenate": "axis",
    "Dot": "axes normalize",
    "Embedding": "input_dim output_dim",
    "SimpleRNN": "units activation use_bias",
    "LSTM": "units activation recurrent_activation use_bias",
    "GRU": "units activation recurrent_activation use_bias",
    "Bidirectional": "layer merge_mode",
    "TimeDistributed": "layer",
    "MultiHeadAttention": "num_heads key_dim value_dim dropout use_bias output_shape"
    " attention_axes",
    "Attention": "use_scale score_mode dropout",
    "Rescaling": "scale offset",
    "Resizing": "height width interpolation crop_to_aspect_ratio",
    "CenterCrop": "height width data_format",
}
SIGNATURES: dict[str, tuple[str, ...]] = {k: tuple(v.split()) for k, v in _SIGNATURES.items()}
for _n in ("Conv2D", "Conv3D"):
    SIGNATURES[_n] = SIGNATURES["Conv1D"]
SIGNATURES["Conv2DTranspose"] = SIGNATURES["Conv1DTranspose"]
SIGNATURES["SeparableConv2D"] = SIGNATURES["SeparableConv1D"]
SIGNATURES["DepthwiseConv2D"] = SIGNATURES["DepthwiseConv1D"]
SIGNATURES["ConvLSTM2D"] = SIGNATURES["ConvLSTM1D"]
for _n in ("MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D"):
    SIGNATURES[_n] = SIGNATURES["MaxPooling1D"]
SIGNATURES["AveragePooling3D"] = SIGNATURES["MaxPooling1D"]
for _kind in ("Average", "Max"):
    for _r in ("1D", "2D", "3D"):
        SIGNATURES[f"Global{_kind}Pooling{_r}"] = SIGNATURES["GlobalAveragePooling1D"]
SIGNATURES["ZeroPadding2D"] = SIGNATURES["ZeroPadding1D"]
SIGNATURES["ZeroPadding3D"] = SIGNATURES["ZeroPadding1D"]
SIGNATURES["Cropping3D"] = SIGNATURES["Cropping2D"]
SIGNATURES["SpatialDropout3D"] = SIGNATURES["SpatialDropout2D"]

# Layers whose constructor has no **kwargs (no name=/trainable=/input_shape= through
# kwargs). SpatialDropout still takes name= as a regular parameter.
NO_KWARGS = {"SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"}

MERGE_FUNCTIONS = {
    "Add": "add",
    "Subtract": "subtract",
    "Multiply": "multiply",
    "Average": "average",
    "Maximum": "maximum",
    "Minimum": "minimum",
    "Concatenate": "concatenate",
    "Dot": "dot",
}

ACTIVATIONS = ["relu", "linear", "tanh", "sigmoid", "gelu", "elu", "selu", "swish", "softplus"]


# ---------------------------------------------------------------------------
# Source rendering
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A piece of source code used as an argument value (e.g. a wrapped layer)."""

    code: str


def fmt(value) -> str:
    if isinstance(value, Raw):
        return value.code
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        if len(value) == 1:
            return f"({fmt(value[0])},)"
        return "(" + ", ".join(fmt(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    raise TypeError(f"cannot render {value!r}")


@dataclass
class Tensor:
    var: str
    shape: Shape


@dataclass
class LayerCall:
    """A layer constructor call: class name, arguments and the output shape."""

    cls: str
    args: list  # [(param, value)] in the order they should appear
    out: Shape | list  # a shape, or a list of shapes for several outputs
    allow_name: bool = True
    allow_frozen: bool = True


def prod(shape) -> int:
    return math.prod(shape)


def known(shape: Shape) -> bool:
    return all(d is not None for d in shape)


def fits(shape: Shape) -> bool:
    """Every known dimension at least 1, and not too many elements."""
    dims = [d for d in shape if d is not None]
    return all(d >= 1 for d in dims) and prod(dims) <= MAX_ELEMENTS


class HypothesisChoices:
    """Choices drawn from Hypothesis (so failing examples shrink)."""

    def __init__(self, draw: Callable) -> None:
        self._draw = draw

    def integer(self, lo: int, hi: int) -> int:
        return self._draw(st.integers(lo, hi))

    def sample(self, options: list):
        return self._draw(st.sampled_from(options))

    def permutation(self, items: list) -> list:
        return list(self._draw(st.permutations(items)))


class RandomChoices:
    """Choices drawn from a seeded `random.Random` (fast, reproducible, no shrinking)."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        return self._rng.randint(lo, hi)

    def sample(self, options: list):
        return self._rng.choice(options)

    def permutation(self, items: list) -> list:
        items = list(items)
        self._rng.shuffle(items)
        return items


@dataclass
class Ctx:
    choices: HypothesisChoices | RandomChoices
    lines: list = field(default_factory=list)
    n_vars: int = 0
    n_names: int = 0
    rebind: bool = False  # intermediate tensors all named `x`
    batch_size: int | None = None  # fixed batch size of the current model's inputs
    inline_prob: float = 0.85

    # -- drawing helpers ---------------------------------------------------
    def int(self, lo: int, hi: int) -> int:
        return self.choices.integer(lo, hi)

    def choice(self, options):
        return self.choices.sample(list(options))

    def flag(self, p: float) -> bool:
        """True with probability about p; shrinks towards False."""
        return self.choices.integer(0, 99) >= round(100 * (1 - p))

    def permutation(self, items) -> list:
        return self.choices.permutation(list(items))

    def subset(self, items: list, min_size: int, max_size: int) -> list:
        size = self.int(min_size, max_size)
        return sorted(self.permutation(items)[:size])

    # -- names ---------------------------------------------------------------
    def var(self, prefix: str = "x") -> str:
        self.n_vars += 1
        return f"{prefix}{self.n_vars}"

    def tensor_var(self) -> str:
        return "x" if self.rebind else self.var("x")

    def explicit_name(self, stem: str) -> str:
        # Never of the form Keras generates itself (`dense`, `dense_1`, ...).
        self.n_names += 1
        return f"n{self.n_names}_{stem}"

    def emit(self, line: str) -> None:
        self.lines.append(line)

    # -- rendering -------------------------------------------------------------
    def render(self, call: LayerCall, extra: list | None = None, named: bool = True) -> str:
        """`layers.Cls(args...)` with a random positional/keyword split."""
        sig = SIGNATURES.get(call.cls, ())
        args = list(call.args)
        max_pos = 0
        while max_pos < len(args) and max_pos < len(sig) and args[max_pos][0] == sig[max_pos]:
            max_pos += 1
        n_pos = self.int(0, max_pos) if max_pos else 0
        parts = [fmt(v) for _, v in args[:n_pos]]
        parts += [f"{k}={fmt(v)}" for k, v in args[n_pos:]]
        kwargs = list(extra or [])
        if named and call.allow_name and self.flag(0.15):
            kwargs.append(("name", self.explicit_name(snake(call.cls))))
        if call.allow_frozen and call.cls not in NO_KWARGS and self.flag(0.08):
            kwargs.append(("trainable", False))
        parts += [f"{k}={fmt(v)}" for k, v in kwargs]
        return f"layers.{call.cls}({', '.join(parts)})"


def snake(name: str) -> str:
    """`Conv2DTranspose` -> `conv2d_transpose`, as Keras derives default layer names."""
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


# ---------------------------------------------------------------------------
# Shape helpers
# ---------------------------------------------------------------------------


def draw_data_format(ctx: Ctx) -> tuple[str | None, str]:
    """(value to pass or None for the default, effective data format)."""
    passed = ctx.choice([None, None, "channels_last", "channels_first"])
    return passed, passed or "channels_last"


def split(shape: Shape, df: str) -> tuple:
    if df == "channels_first":
        return shape[0], tuple(shape[1:])
    return shape[-1], tuple(shape[:-1])


def join(ch, spatial, df: str) -> Shape:
    if df == "channels_first":
        return (ch, *spatial)
    return (*spatial, ch)


def conv_len(n, k: int, s: int, d: int, padding: str):
    if n is None:
        return None
    if padding == "valid":
        return (n - d * (k - 1) - 1) // s + 1
    return -(-n // s)


def transpose_len(n, k: int, s: int, d: int, padding: str, output_padding):
    if n is None:
        return None
    k_eff = (k - 1) * d + 1
    if padding == "valid":
        op = max(k_eff, s) - k_eff if output_padding is None else output_padding
        return (n - 1) * s + k_eff + op
    if output_padding is None:
        return n * s
    return (n - 1) * s + k_eff % 2 + output_padding


def per_dim(ctx: Ctx, values: list[int], allow_int: bool = True, one_tuple: bool = True):
    """Render per-dimension values as an int when all equal (sometimes), else a tuple."""
    if len(values) == 1:
        return (values[0],) if one_tuple and ctx.flag(0.2) else values[0]
    if allow_int and len(set(values)) == 1 and ctx.flag(0.6):
        return values[0]
    return tuple(values)


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


# ---------------------------------------------------------------------------
# Single-input layers. Each takes (ctx, shape) and returns a LayerCall or None when
# it cannot be applied to that shape.
# ---------------------------------------------------------------------------


def _activation_arg(ctx: Ctx, args: list, p: float = 0.4) -> None:
    if ctx.flag(p):
        args.append(("activation", ctx.choice(ACTIVATIONS)))


def conv_layer(kind: str, rank: int):
    """kind: conv, transpose, separable, depthwise."""
    cls = {
        "conv": f"Conv{rank}D",
        "transpose": f"Conv{rank}DTranspose",
        "separable": f"SeparableConv{rank}D",
        "depthwise": f"DepthwiseConv{rank}D",
    }[kind]

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1:
            return None
        df_passed, df = draw_data_format(ctx)
        ch, spatial = split(shape, df)
        if ch is None or not known(spatial) and not (kind == "conv" and rank == 1):
            return None
        paddings = ["valid", "same"]
        if kind == "conv" and rank == 1:
            paddings.append("causal")
        padding = ctx.choice(paddings)
        strided = ctx.flag(0.3)
        dilated = not strided and ctx.flag(0.2)
        ks, ss, ds = [], [], []
        for n in spatial:
            limit = 5 if n is None else min(5, n)
            k = ctx.int(1, max(1, limit))
            s = ctx.int(1, 3) if strided else 1
            d = ctx.int(1, 3) if dilated else 1
            if padding == "valid" and n is not None and d * (k - 1) + 1 > n:
                d = 1
                k = min(k, n)
            ks.append(k)
            ss.append(s)
            ds.append(d)
        if kind == "depthwise" and max(ss) > 1 and max(ds) > 1:
            ds = [1] * len(ds)
        args: list = []
        if kind == "depthwise":
            dm = ctx.int(1, 3)
            out_ch = ch * dm
            filters = None
        else:
            filters = ctx.int(1, 16)
            out_ch = filters
        groups = 1
        if kind == "conv" and ctx.flag(0.15):
            groups = ctx.choice([g for g in divisors(ch) if g <= 4])
            filters = groups * ctx.int(1, max(1, 12 // groups))
            out_ch = filters
        output_padding = None
        if kind == "transpose":
            if max(ss) > 1 and ctx.flag(0.3):
                output_padding = [ctx.int(0, s - 1) for s in ss]
            out_spatial = tuple(
                transpose_len(
                    n, k, s, d, padding, None if output_padding is None else output_padding[i]
                )
                for i, (n, k, s, d) in enumerate(zip(spatial, ks, ss, ds, strict=True))
            )
        else:
            out_spatial = tuple(
                conv_len(n, k, s, d, padding)
                for n, k, s, d in zip(spatial, ks, ss, ds, strict=True)
            )
        out = join(out_ch, out_spatial, df)
        if not fits(out) or any(d is not None and d > MAX_DIM for d in out_spatial):
            return None

        if filters is not None:
            args.append(("filters", filters))
        args.append(("kernel_size", per_dim(ctx, ks)))
        order = SIGNATURES[cls]
        optional: dict = {}
        if max(ss) > 1 or ctx.flag(0.1):
            optional["strides"] = per_dim(ctx, ss)
        if padding != "valid" or ctx.flag(0.2):
            optional["padding"] = padding
        if df_passed is not None:
            optional["data_format"] = df_passed
        if max(ds) > 1 or ctx.flag(0.05):
            optional["dilation_rate"] = per_dim(ctx, ds)
        if groups > 1:
            optional["groups"] = groups
        if output_padding is not None:
            optional["output_padding"] = per_dim(ctx, output_padding)
        if kind in ("separable", "depthwise"):
            dm = out_ch // ch if kind == "depthwise" else ctx.int(1, 2)
            if dm > 1 or ctx.flag(0.1):
                optional["depth_multiplier"] = dm
        if ctx.flag(0.35):
            optional["activation"] = ctx.choice(ACTIVATIONS)
        if ctx.flag(0.15):
            optional["use_bias"] = False
        # Optional arguments in declaration order, so a positional prefix can form.
        for name in order:
            if name in optional:
                args.append((name, optional.pop(name)))
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


def pooling_layer(kind: str, rank: int):
    cls = f"{kind}Pooling{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1:
            return None
        df_passed, df = draw_data_format(ctx)
        ch, spatial = split(shape, df)
        if ch is None or (rank > 1 and not known(spatial)):
            return None
        padding = ctx.choice(["valid", "same"])
        ps, ss = [], []
        explicit_strides = ctx.flag(0.3)
        for n in spatial:
            p = ctx.int(1, 3 if n is None else max(1, min(3, n)))
            if padding == "valid" and n is not None and p > n:
                p = n
            ps.append(p)
            ss.append(ctx.int(1, 3) if explicit_strides else p)
        out_spatial = tuple(
            conv_len(n, p, s, 1, padding) for n, p, s in zip(spatial, ps, ss, strict=True)
        )
        out = join(ch, out_spatial, df)
        if not fits(out):
            return None
        args: list = []
        default_pool = kind == "Max" and all(p == 2 for p in ps)
        if not default_pool or ctx.flag(0.5):
            args.append(("pool_size", per_dim(ctx, ps)))
        if explicit_strides:
            args.append(("strides", per_dim(ctx, ss)))
        if padding != "valid" or ctx.flag(0.2):
            args.append(("padding", padding))
        if df_passed is not None:
            args.append(("data_format", df_passed))
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


def global_pooling_layer(kind: str, rank: int):
    cls = f"Global{kind}Pooling{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1:
            return None
        df_passed, df = draw_data_format(ctx)
        ch, spatial = split(shape, df)
        if ch is None:
            return None
        args: list = []
        if df_passed is not None:
            args.append(("data_format", df_passed))
        keepdims = ctx.flag(0.2)
        if keepdims:
            args.append(("keepdims", True))
            out = join(ch, (1,) * rank, df)
        else:
            out = (ch,)
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


def upsampling_layer(rank: int):
    cls = f"UpSampling{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1 or not known(shape):
            return None
        if rank == 1:
            df_passed, df = None, "channels_last"
        else:
            df_passed, df = draw_data_format(ctx)
        ch, spatial = split(shape, df)
        sizes = [ctx.int(1, 3) for _ in spatial]
        out = join(ch, tuple(n * s for n, s in zip(spatial, sizes, strict=True)), df)
        if not fits(out) or max(out) > MAX_DIM:
            return None
        args: list = []
        default = all(s == 2 for s in sizes)
        if not default or ctx.flag(0.5):
            args.append(("size", per_dim(ctx, sizes, one_tuple=False)))
        if df_passed is not None:
            args.append(("data_format", df_passed))
        if rank == 2 and ctx.flag(0.2):
            args.append(("interpolation", ctx.choice(["nearest", "bilinear"])))
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


def zero_padding_layer(rank: int):
    cls = f"ZeroPadding{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1 or not known(shape):
            return None
        df_passed, df = (None, "channels_last") if rank == 1 else draw_data_format(ctx)
        ch, spatial = split(shape, df)
        form = ctx.choice(["int", "sym", "pairs"])
        if rank == 1:
            if form == "int":
                p = ctx.int(0, 2)
                value, pads = p, [(p, p)]
            else:
                a, b = ctx.int(0, 2), ctx.int(0, 2)
                value, pads = (a, b), [(a, b)]
        elif form == "int":
            p = ctx.int(0, 2)
            value, pads = p, [(p, p)] * rank
        elif form == "sym":
            ps = [ctx.int(0, 2) for _ in range(rank)]
            value, pads = tuple(ps), [(p, p) for p in ps]
        else:
            pads = [(ctx.int(0, 2), ctx.int(0, 2)) for _ in range(rank)]
            value = tuple(pads)
        out = join(ch, tuple(n + a + b for n, (a, b) in zip(spatial, pads, strict=True)), df)
        if not fits(out) or max(out) > MAX_DIM:
            return None
        args: list = []
        default = {1: 1, 2: (1, 1), 3: ((1, 1), (1, 1), (1, 1))}[rank]
        if value != default or ctx.flag(0.5):
            args.append(("padding", value))
        if df_passed is not None:
            args.append(("data_format", df_passed))
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


def cropping_layer(rank: int):
    cls = f"Cropping{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1 or not known(shape):
            return None
        df_passed, df = (None, "channels_last") if rank == 1 else draw_data_format(ctx)
        ch, spatial = split(shape, df)
        if min(spatial) < 2:
            return None
        crops = []
        for n in spatial:
            a = ctx.int(0, min(2, (n - 1) // 2))
            b = ctx.int(0, min(2, n - 1 - a))
            crops.append((a, b))
        form = ctx.choice(["pairs", "int", "sym"])
        if form == "int" and len({c for pair in crops for c in pair}) == 1:
            value = crops[0][0]
        elif form == "sym" and all(a == b for a, b in crops) and rank > 1:
            value = tuple(a for a, _ in crops)
        elif rank == 1:
            value = crops[0]
        else:
            value = tuple(crops)
        out = join(ch, tuple(n - a - b for n, (a, b) in zip(spatial, crops, strict=True)), df)
        if not fits(out):
            return None
        args: list = [("cropping", value)]
        if df_passed is not None:
            args.append(("data_format", df_passed))
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


def spatial_dropout_layer(rank: int):
    cls = f"SpatialDropout{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 1:
            return None
        args: list = [("rate", ctx.choice([0.1, 0.2, 0.5]))]
        if rank > 1:
            df_passed, _ = draw_data_format(ctx)
            if df_passed is not None:
                args.append(("data_format", df_passed))
        return LayerCall(cls, args, shape, allow_frozen=False)

    make.__name__ = cls
    return make


def dense(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if shape[-1] is None:
        return None
    units = ctx.int(1, 32)
    args: list = [("units", units)]
    _activation_arg(ctx, args)
    if ctx.flag(0.15):
        args.append(("use_bias", False))
    return LayerCall("Dense", args, (*shape[:-1], units))


def einsum_dense(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if shape[-1] is None:
        return None
    units = ctx.int(1, 16)
    form = ctx.choice(["ellipsis", "explicit", "split"])
    if form == "ellipsis" or len(shape) > 2 or (len(shape) == 2 and shape[0] is None):
        args = [("equation", "...b,bc->...c"), ("output_shape", units)]
        # Keras 3.15 quirk: with the ellipsis on the left, the symbolic output shape
        # lists the elided (non-batch) dimensions in reverse order.
        out = (*reversed(shape[:-1]), units)
        bias = "c"
    elif len(shape) == 1:
        args = [("equation", "ab,bc->ac"), ("output_shape", units)]
        out = (units,)
        bias = "c"
    elif form == "explicit":
        args = [("equation", "abc,cd->abd"), ("output_shape", (shape[0], units))]
        out = (shape[0], units)
        bias = "d"
    else:
        heads = ctx.int(1, 4)
        args = [("equation", "abc,cde->abde"), ("output_shape", (shape[0], heads, units))]
        out = (shape[0], heads, units)
        bias = ctx.choice(["de", "e"])
    if not fits(out):
        return None
    _activation_arg(ctx, args, 0.2)
    if ctx.flag(0.5):
        args.append(("bias_axes", bias))
    return LayerCall("EinsumDense", args, out)


def flatten(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if not known(shape):
        return None
    args: list = []
    if len(shape) > 1 and ctx.flag(0.15):
        args.append(("data_format", ctx.choice(["channels_last", "channels_first"])))
    return LayerCall("Flatten", args, (prod(shape),))


def reshape(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if not known(shape):
        return None
    total = prod(shape)
    rank = ctx.int(1, 3)
    dims = []
    rest = total
    for _ in range(rank - 1):
        d = ctx.choice(divisors(rest)[:6])
        dims.append(d)
        rest //= d
    dims.append(rest)
    if len(dims) > 1:
        dims = ctx.permutation(dims)
    target = tuple(dims)
    if ctx.flag(0.3):
        i = ctx.int(0, len(dims) - 1)
        target = tuple(-1 if j == i else d for j, d in enumerate(dims))
    return LayerCall("Reshape", [("target_shape", target)], tuple(dims))


def permute(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if len(shape) < 2:
        return None
    order = ctx.permutation(range(1, len(shape) + 1))
    out = tuple(shape[i - 1] for i in order)
    return LayerCall("Permute", [("dims", tuple(order))], out)


def repeat_vector(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if len(shape) != 1 or shape[0] is None:
        return None
    n = ctx.int(1, 6)
    return LayerCall("RepeatVector", [("n", n)], (n, shape[0]))


def dropout(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = [("rate", ctx.choice([0.1, 0.25, 0.5]))]
    if ctx.flag(0.1):
        args.append(("seed", ctx.int(0, 100)))
    return LayerCall("Dropout", args, shape, allow_frozen=False)


def noise_layer(cls: str):
    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        first = "stddev" if cls == "GaussianNoise" else "rate"
        args: list = [(first, ctx.choice([0.1, 0.2, 0.3]))]
        if ctx.flag(0.1):
            args.append(("seed", ctx.int(0, 100)))
        return LayerCall(cls, args, shape, allow_frozen=False)

    make.__name__ = cls
    return make


def _axis(ctx: Ctx, shape: Shape) -> int:
    """A random axis (negative or positive index, never the batch axis)."""
    rank = len(shape)
    axis = ctx.int(1, rank)
    if ctx.flag(0.5):
        return axis - rank - 1
    return axis


def batch_norm(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.3):
        axis = _axis(ctx, shape)
        if shape[axis if axis < 0 else axis - 1] is None:
            return None
        args.append(("axis", axis))
    elif shape[-1] is None:
        return None
    if ctx.flag(0.2):
        args.append(("momentum", ctx.choice([0.9, 0.99])))
    if ctx.flag(0.1):
        args.append(("epsilon", 1e-5))
    if ctx.flag(0.15):
        args.append(("center", False))
    if ctx.flag(0.15):
        args.append(("scale", False))
    args.sort(key=lambda kv: SIGNATURES["BatchNormalization"].index(kv[0]))
    return LayerCall("BatchNormalization", args, shape)


def layer_norm(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.3):
        if len(shape) >= 2 and ctx.flag(0.4):
            axes = [-2, -1]
            if None in shape[-2:]:
                return None
            args.append(("axis", axes))
        else:
            axis = _axis(ctx, shape)
            if shape[axis if axis < 0 else axis - 1] is None:
                return None
            args.append(("axis", axis))
    elif shape[-1] is None:
        return None
    if ctx.flag(0.1):
        args.append(("epsilon", 1e-6))
    if ctx.flag(0.15):
        args.append(("center", False))
    if ctx.flag(0.15):
        args.append(("scale", False))
    return LayerCall("LayerNormalization", args, shape)


def group_norm(ctx: Ctx, shape: Shape) -> LayerCall | None:
    axis = -1
    if len(shape) > 1 and ctx.flag(0.2):
        axis = 1
    ch = shape[axis if axis < 0 else axis - 1]
    if ch is None:
        return None
    groups = ctx.choice(divisors(ch)[:5])
    args: list = [("groups", groups)]
    if axis != -1:
        args.append(("axis", axis))
    if ctx.flag(0.1):
        args.append(("scale", False))
    return LayerCall("GroupNormalization", args, shape)


def unit_norm(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.2):
        args.append(("axis", _axis(ctx, shape)))
    return LayerCall("UnitNormalization", args, shape, allow_frozen=False)


def activation(ctx: Ctx, shape: Shape) -> LayerCall | None:
    return LayerCall("Activation", [("activation", ctx.choice(ACTIVATIONS))], shape)


def relu(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.3):
        args.append(("max_value", 6.0))
    if ctx.flag(0.2):
        args.append(("negative_slope", 0.1))
    return LayerCall("ReLU", args, shape)


def leaky_relu(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.5):
        args.append(("negative_slope", ctx.choice([0.1, 0.2, 0.3])))
    return LayerCall("LeakyReLU", args, shape)


def prelu(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    shared: list[int] = []
    if len(shape) > 1 and ctx.flag(0.5):
        shared = ctx.subset(list(range(1, len(shape) + 1)), 1, len(shape) - 1)
        args.append(("shared_axes", shared))
    if any(d is None for i, d in enumerate(shape, start=1) if i not in shared):
        return None
    return LayerCall("PReLU", args, shape)


def elu(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.3):
        args.append(("alpha", 0.5))
    return LayerCall("ELU", args, shape)


def softmax(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = []
    if ctx.flag(0.3):
        args.append(("axis", _axis(ctx, shape)))
    return LayerCall("Softmax", args, shape)


def rescaling(ctx: Ctx, shape: Shape) -> LayerCall | None:
    args: list = [("scale", ctx.choice([1.0 / 255, 0.5, 2.0]))]
    if ctx.flag(0.3):
        args.append(("offset", -1.0))
    return LayerCall("Rescaling", args, shape, allow_frozen=False)


def resizing(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if len(shape) != 3 or not known(shape):
        return None
    df_passed, df = draw_data_format(ctx)
    ch, _ = split(shape, df)
    h, w = ctx.int(1, 16), ctx.int(1, 16)
    args: list = [("height", h), ("width", w)]
    if ctx.flag(0.3):
        args.append(("interpolation", ctx.choice(["nearest", "bilinear"])))
    if ctx.flag(0.15):
        args.append(("crop_to_aspect_ratio", True))
    if df_passed is not None:
        args.append(("data_format", df_passed))
    return LayerCall("Resizing", args, join(ch, (h, w), df), allow_frozen=False)


def center_crop(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if len(shape) != 3 or not known(shape):
        return None
    df_passed, df = draw_data_format(ctx)
    ch, (hh, ww) = split(shape, df)
    h, w = ctx.int(1, hh), ctx.int(1, ww)
    args: list = [("height", h), ("width", w)]
    if df_passed is not None:
        args.append(("data_format", df_passed))
    return LayerCall("CenterCrop", args, join(ch, (h, w), df), allow_frozen=False)


def _rnn_args(
    ctx: Ctx, cls: str, units: int, return_sequences: bool, backwards: bool = True
) -> list:
    args: list = [("units", units)]
    if ctx.flag(0.2):
        args.append(("activation", ctx.choice(["tanh", "relu"])))
    if cls == "LSTM" and ctx.flag(0.1):
        args.append(("recurrent_activation", "sigmoid"))
    if ctx.flag(0.1):
        args.append(("use_bias", False))
    if return_sequences:
        args.append(("return_sequences", True))
    if cls == "GRU" and ctx.flag(0.3):
        args.append(("reset_after", False))
    if backwards and ctx.flag(0.1):
        # (Bidirectional rejects a wrapped layer that already goes backwards.)
        args.append(("go_backwards", True))
    if ctx.flag(0.1):
        args.append(("dropout", 0.1))
    return args


def rnn_layer(cls: str):
    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != 2 or shape[1] is None:
            return None
        units = ctx.int(1, 16)
        seq = ctx.flag(0.5)
        out = (shape[0], units) if seq else (units,)
        return LayerCall(cls, _rnn_args(ctx, cls, units, seq), out)

    make.__name__ = cls
    return make


def bidirectional(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if len(shape) != 2 or shape[1] is None:
        return None
    cls = ctx.choice(["LSTM", "GRU", "SimpleRNN"])
    units = ctx.int(1, 12)
    seq = ctx.flag(0.5)
    inner = LayerCall(cls, _rnn_args(ctx, cls, units, seq, backwards=False), None)
    merge_mode = ctx.choice(["concat", "concat", "sum", "mul", "ave"])
    last = 2 * units if merge_mode == "concat" else units
    out = (shape[0], last) if seq else (last,)
    args: list = [("layer", Raw(ctx.render(inner, named=False)))]
    if merge_mode != "concat" or ctx.flag(0.2):
        args.append(("merge_mode", merge_mode))
    return LayerCall("Bidirectional", args, out)


def time_distributed(ctx: Ctx, shape: Shape) -> LayerCall | None:
    if len(shape) < 2:
        return None
    inner_shape = shape[1:]
    options: list = [dense, dropout, flatten]
    if len(inner_shape) == 2:
        options += [conv_layer("conv", 1), pooling_layer("Max", 1)]
    if len(inner_shape) == 3:
        options += [conv_layer("conv", 2), pooling_layer("Max", 2)]
    make = ctx.choice(options)
    inner = make(ctx, inner_shape)
    if inner is None or not isinstance(inner.out, tuple):
        return None
    out = (shape[0], *inner.out)
    if not fits(out):
        return None
    return LayerCall("TimeDistributed", [("layer", Raw(ctx.render(inner, named=False)))], out)


def conv_lstm_layer(rank: int):
    cls = f"ConvLSTM{rank}D"

    def make(ctx: Ctx, shape: Shape) -> LayerCall | None:
        if len(shape) != rank + 2 or not known(shape[1:]):
            return None
        df_passed, df = draw_data_format(ctx)
        ch, spatial = split(shape[1:], df)
        padding = ctx.choice(["valid", "same"])
        strided = ctx.flag(0.2)
        dilated = not strided and ctx.flag(0.2)
        ks, ss, ds = [], [], []
        for n in spatial:
            k = ctx.int(1, min(3, n))
            s = ctx.int(1, 2) if strided else 1
            d = ctx.int(1, 2) if dilated else 1
            if padding == "valid" and d * (k - 1) + 1 > n:
                d = 1
            ks.append(k)
            ss.append(s)
            ds.append(d)
        filters = ctx.int(1, 8)
        out_spatial = tuple(
            conv_len(n, k, s, d, padding) for n, k, s, d in zip(spatial, ks, ss, ds, strict=True)
        )
        seq = ctx.flag(0.5)
        step = join(filters, out_spatial, df)
        out = (shape[0], *step) if seq else step
        if not fits(out):
            return None
        args: list = [("filters", filters), ("kernel_size", per_dim(ctx, ks))]
        if max(ss) > 1:
            args.append(("strides", per_dim(ctx, ss)))
        if padding != "valid" or ctx.flag(0.2):
            args.append(("padding", padding))
        if df_passed is not None:
            args.append(("data_format", df_passed))
        if max(ds) > 1:
            args.append(("dilation_rate", per_dim(ctx, ds)))
        if seq:
            args.append(("return_sequences", True))
        return LayerCall(cls, args, out)

    make.__name__ = cls
    return make


@dataclass(frozen=True)
class Entry:
    make: Callable
    ranks: tuple
    weight: int = 2
    none_ok: bool = False  # accepts an unknown time dimension


UNARY: list[Entry] = [
    Entry(dense, (1, 2, 3, 4), 4, none_ok=True),
    Entry(einsum_dense, (1, 2, 3), 1, none_ok=True),
    Entry(flatten, (2, 3, 4), 3),
    Entry(reshape, (1, 2, 3, 4), 1),
    Entry(permute, (2, 3, 4), 1),
    Entry(repeat_vector, (1,), 1),
    Entry(dropout, (1, 2, 3, 4), 2, none_ok=True),
    Entry(noise_layer("GaussianNoise"), (1, 2, 3, 4), 1, none_ok=True),
    Entry(noise_layer("GaussianDropout"), (1, 2, 3, 4), 1, none_ok=True),
    Entry(noise_layer("AlphaDropout"), (1, 2, 3, 4), 1, none_ok=True),
    Entry(batch_norm, (1, 2, 3, 4), 3, none_ok=True),
    Entry(layer_norm, (1, 2, 3, 4), 2, none_ok=True),
    Entry(group_norm, (1, 2, 3, 4), 1, none_ok=True),
    Entry(unit_norm, (1, 2, 3, 4), 1, none_ok=True),
    Entry(activation, (1, 2, 3, 4), 2, none_ok=True),
    Entry(relu, (1, 2, 3, 4), 1, none_ok=True),
    Entry(leaky_relu, (1, 2, 3, 4), 1, none_ok=True),
    Entry(prelu, (1, 2, 3, 4), 1, none_ok=True),
    Entry(elu, (1, 2, 3, 4), 1, none_ok=True),
    Entry(softmax, (1, 2, 3, 4), 1, none_ok=True),
    Entry(rescaling, (1, 2, 3, 4), 1, none_ok=True),
    # sequences (steps, channels)
    Entry(conv_layer("conv", 1), (2,), 5, none_ok=True),
    Entry(conv_layer("transpose", 1), (2,), 2),
    Entry(conv_layer("separable", 1), (2,), 2),
    Entry(conv_layer("depthwise", 1), (2,), 2),
    Entry(pooling_layer("Max", 1), (2,), 2, none_ok=True),
    Entry(pooling_layer("Average", 1), (2,), 2, none_ok=True),
    Entry(global_pooling_layer("Average", 1), (2,), 1, none_ok=True),
    Entry(global_pooling_layer("Max", 1), (2,), 1, none_ok=True),
    Entry(upsampling_layer(1), (2,), 2),
    Entry(zero_padding_layer(1), (2,), 2),
    Entry(cropping_layer(1), (2,), 2),
    Entry(spatial_dropout_layer(1), (2,), 1, none_ok=True),
    Entry(rnn_layer("SimpleRNN"), (2,), 2, none_ok=True),
    Entry(rnn_layer("LSTM"), (2,), 3, none_ok=True),
    Entry(rnn_layer("GRU"), (2,), 3, none_ok=True),
    Entry(bidirectional, (2,), 2, none_ok=True),
    Entry(time_distributed, (2, 3, 4), 2, none_ok=True),
    # images (height, width, channels)
    Entry(conv_layer("conv", 2), (3,), 6),
    Entry(conv_layer("transpose", 2), (3,), 2),
    Entry(conv_layer("separable", 2), (3,), 2),
    Entry(conv_layer("depthwise", 2), (3,), 2),
    Entry(pooling_layer("Max", 2), (3,), 3),
    Entry(pooling_layer("Average", 2), (3,), 2),
    Entry(global_pooling_layer("Average", 2), (3,), 1),
    Entry(global_pooling_layer("Max", 2), (3,), 1),
    Entry(upsampling_layer(2), (3,), 1),
    Entry(zero_padding_layer(2), (3,), 1),
    Entry(cropping_layer(2), (3,), 1),
    Entry(spatial_dropout_layer(2), (3,), 2),
    Entry(resizing, (3,), 1),
    Entry(center_crop, (3,), 1),
    Entry(conv_lstm_layer(1), (3,), 2),
    # volumes (depth, height, width, channels)
    Entry(conv_layer("conv", 3), (4,), 4),
    Entry(conv_layer("transpose", 3), (4,), 1),
    Entry(pooling_layer("Max", 3), (4,), 2),
    Entry(pooling_layer("Average", 3), (4,), 1),
    Entry(global_pooling_layer("Average", 3), (4,), 1),
    Entry(global_pooling_layer("Max", 3), (4,), 1),
    Entry(upsampling_layer(3), (4,), 1),
    Entry(zero_padding_layer(3), (4,), 1),
    Entry(cropping_layer(3), (4,), 1),
    Entry(spatial_dropout_layer(3), (4,), 1),
    Entry(conv_lstm_layer(2), (4,), 1),
]


def unary_layer(ctx: Ctx, shape: Shape) -> LayerCall:
    """Draw a single-input layer applicable to `shape`."""
    pool = []
    for entry in UNARY:
        if len(shape) in entry.ranks and (known(shape) or entry.none_ok):
            pool.extend([entry] * entry.weight)
    for _ in range(4):
        entry = ctx.choice(pool)
        call = entry.make(ctx, shape)
        if call is not None and fits_out(call.out):
            return call
    return LayerCall("Activation", [("activation", "relu")], shape)


def fits_out(out) -> bool:
    if isinstance(out, list):
        return all(fits(s) for s in out)
    return out is not None and fits(out)


# ---------------------------------------------------------------------------
# Functional building blocks
# ---------------------------------------------------------------------------


def apply(ctx: Ctx, call: LayerCall, inputs: str, out_var: str | None = None) -> str:
    """Emit `out = layer(inputs)`, the layer either inline or bound to a variable first.
    Returns the output variable (the main chain's `x` when rebinding, unless given)."""
    layer_src = ctx.render(call)
    out_var = out_var or ctx.tensor_var()
    if ctx.flag(1 - ctx.inline_prob):
        layer_var = ctx.var(snake(call.cls).split("_")[0])
        ctx.emit(f"{layer_var} = {layer_src}")
        ctx.emit(f"{out_var} = {layer_var}({inputs})")
    else:
        ctx.emit(f"{out_var} = {layer_src}({inputs})")
    return out_var


def step_unary(ctx: Ctx, t: Tensor) -> Tensor:
    call = unary_layer(ctx, t.shape)
    var = apply(ctx, call, t.var)
    return Tensor(var, call.out)


def shape_preserving(ctx: Ctx, shape: Shape) -> LayerCall:
    """A layer whose output shape equals its input shape."""
    options = ["activation", "bn", "dropout", "dense", "ln"]
    if len(shape) in (2, 3, 4) and known(shape) or len(shape) == 2 and shape[-1] is not None:
        options.append("conv")
    kind = ctx.choice(options)
    if kind == "dense" and shape[-1] is not None:
        args: list = [("units", shape[-1])]
        if ctx.flag(0.5):
            args.append(("activation", "relu"))
        return LayerCall("Dense", args, shape)
    if kind == "conv":
        rank = len(shape) - 1
        k = ctx.int(1, 3)
        args = [("filters", shape[-1]), ("kernel_size", k), ("padding", "same")]
        if ctx.flag(0.4):
            args.append(("activation", "relu"))
        return LayerCall(f"Conv{rank}D", args, shape)
    if kind == "bn" and shape[-1] is not None:
        return LayerCall("BatchNormalization", [], shape)
    if kind == "ln" and shape[-1] is not None:
        return LayerCall("LayerNormalization", [], shape)
    if kind == "dropout":
        return LayerCall("Dropout", [("rate", 0.2)], shape, allow_frozen=False)
    return LayerCall("Activation", [("activation", ctx.choice(ACTIVATIONS))], shape)


def last_axis_changing(ctx: Ctx, shape: Shape) -> LayerCall:
    """A layer that changes only the last dimension of `shape`."""
    units = ctx.int(1, 16)
    if len(shape) in (2, 3, 4) and known(shape) and ctx.flag(0.6):
        rank = len(shape) - 1
        k = ctx.int(1, 3)
        args: list = [("filters", units), ("kernel_size", k), ("padding", "same")]
        if ctx.flag(0.3):
            args.append(("activation", "relu"))
        return LayerCall(f"Conv{rank}D", args, (*shape[:-1], units))
    return LayerCall("Dense", [("units", units)], (*shape[:-1], units))


def merge(
    ctx: Ctx, cls: str, tensors: list[Tensor], out: Shape, args: list | None = None
) -> Tensor:
    args = list(args or [])
    inputs = "[" + ", ".join(t.var for t in tensors) + "]"
    var = ctx.tensor_var()
    if ctx.flag(0.5):
        parts = [inputs] + [f"{k}={fmt(v)}" for k, v in args]
        if ctx.flag(0.15):
            parts.append(f"name={fmt(ctx.explicit_name(snake(cls)))}")
        ctx.emit(f"{var} = layers.{MERGE_FUNCTIONS[cls]}({', '.join(parts)})")
    else:
        call = LayerCall(cls, args, out, allow_frozen=False)
        ctx.emit(f"{var} = {ctx.render(call)}({inputs})")
    return Tensor(var, out)


def block_residual(ctx: Ctx, t: Tensor) -> Tensor:
    n = ctx.choice([2, 2, 2, 3])
    branches = [t]
    for _ in range(n - 1):
        cur = t
        for _ in range(ctx.int(1, 2)):
            var = apply(ctx, shape_preserving(ctx, t.shape), cur.var, ctx.var("branch"))
            cur = Tensor(var, t.shape)
        branches.append(cur)
    ops = ["Add", "Multiply", "Average", "Maximum", "Minimum"]
    if n == 2:
        ops.append("Subtract")
    cls = ctx.choice(ops)
    if ctx.flag(0.3):
        branches = branches[::-1]
    return merge(ctx, cls, branches, t.shape)


def _branch_var(ctx: Ctx) -> str:
    return ctx.var("branch")


def block_concat(ctx: Ctx, t: Tensor) -> Tensor:
    n = ctx.choice([2, 2, 3])
    same = ctx.flag(0.3) and known(t.shape)
    branches = []
    for _ in range(n):
        call = shape_preserving(ctx, t.shape) if same else last_axis_changing(ctx, t.shape)
        var = _branch_var(ctx)
        ctx.emit(f"{var} = {ctx.render(call)}({t.var})")
        branches.append(Tensor(var, call.out))
    if same:
        axis = _axis(ctx, t.shape)
        pos = axis if axis > 0 else len(t.shape) + 1 + axis
        out = list(t.shape)
        out[pos - 1] = t.shape[pos - 1] * n
        out = tuple(out)
        if not fits(out):
            axis, out = -1, (*t.shape[:-1], t.shape[-1] * n)
    else:
        axis = ctx.choice([-1, len(t.shape)])
        out = (*t.shape[:-1], sum(b.shape[-1] for b in branches))
    args = [] if axis == -1 and ctx.flag(0.5) else [("axis", axis)]
    return merge(ctx, "Concatenate", branches, out, args)


def block_shared(ctx: Ctx, t: Tensor) -> Tensor:
    """One layer object applied to two tensors of the same shape."""
    other_call = shape_preserving(ctx, t.shape)
    other = _branch_var(ctx)
    ctx.emit(f"{other} = {ctx.render(other_call)}({t.var})")
    if ctx.flag(0.5) and t.shape[-1] is not None:
        call = last_axis_changing(ctx, t.shape)
    else:
        call = shape_preserving(ctx, t.shape)
    layer_var = ctx.var("shared")
    ctx.emit(f"{layer_var} = {ctx.render(call)}")
    a, b = _branch_var(ctx), _branch_var(ctx)
    ctx.emit(f"{a} = {layer_var}({t.var})")
    ctx.emit(f"{b} = {layer_var}({other})")
    ta, tb = Tensor(a, call.out), Tensor(b, call.out)
    if ctx.flag(0.5):
        return merge(ctx, "Concatenate", [ta, tb], (*call.out[:-1], 2 * call.out[-1]))
    return merge(ctx, ctx.choice(["Add", "Average", "Maximum"]), [ta, tb], call.out)


def block_dot(ctx: Ctx, t: Tensor) -> Tensor | None:
    if len(t.shape) > 2 or not known(t.shape):
        return None
    units = ctx.int(1, 8)
    a, b = _branch_var(ctx), _branch_var(ctx)
    ctx.emit(f"{a} = layers.Dense({units})({t.var})")
    ctx.emit(f"{b} = layers.Dense({units})({t.var})")
    shape = (*t.shape[:-1], units)
    args: list = []
    if len(shape) == 1:
        out: Shape = (1,)
        args.append(("axes", ctx.choice([1, -1])))
    else:
        axis = ctx.choice([1, 2])
        args.append(("axes", axis))
        kept = shape[1] if axis == 1 else shape[0]
        out = (kept, kept)
    if ctx.flag(0.3):
        args.append(("normalize", True))
    return merge(ctx, "Dot", [Tensor(a, shape), Tensor(b, shape)], out, args)


def block_attention(ctx: Ctx, t: Tensor) -> Tensor | None:
    if len(t.shape) != 2 or t.shape[-1] is None:
        return None
    var = ctx.tensor_var()
    if ctx.flag(0.5):
        heads, key_dim = ctx.int(1, 4), ctx.int(1, 8)
        args: list = [("num_heads", heads), ("key_dim", key_dim)]
        if ctx.flag(0.2):
            args.append(("value_dim", ctx.int(1, 8)))
        if ctx.flag(0.1):
            args.append(("dropout", 0.1))
        if ctx.flag(0.15):
            args.append(("use_bias", False))
        out_dim = t.shape[-1]
        if ctx.flag(0.2):
            out_dim = ctx.int(1, 16)
            args.append(("output_shape", out_dim))
        call = LayerCall("MultiHeadAttention", args, (t.shape[0], out_dim))
        src = ctx.render(call)
        if ctx.flag(0.3):
            value = _branch_var(ctx)
            ctx.emit(f"{value} = layers.Dense({ctx.int(1, 8)})({t.var})")
            ctx.emit(f"{var} = {src}({t.var}, {value})")
        else:
            ctx.emit(f"{var} = {src}({t.var}, {t.var})")
        return Tensor(var, call.out)
    args = []
    if ctx.flag(0.3):
        args.append(("use_scale", True))
    if ctx.flag(0.3):
        args.append(("score_mode", "concat"))
    call = LayerCall("Attention", args, t.shape)
    src = ctx.render(call)
    query = _branch_var(ctx)
    ctx.emit(f"{query} = layers.Dense({t.shape[-1]})({t.var})")
    if ctx.flag(0.3):
        ctx.emit(f"{var} = {src}([{query}, {t.var}, {t.var}])")
    else:
        ctx.emit(f"{var} = {src}([{query}, {t.var}])")
    return Tensor(var, t.shape)


def block_rnn_state(ctx: Ctx, t: Tensor) -> Tensor | None:
    if len(t.shape) != 2 or t.shape[-1] is None:
        return None
    cls = ctx.choice(["LSTM", "GRU", "SimpleRNN"])
    units = ctx.int(1, 12)
    seq = ctx.flag(0.5)
    args = _rnn_args(ctx, cls, units, seq) + [("return_state", True)]
    call = LayerCall(cls, args, None)
    out = ctx.var("out")
    states = [ctx.var("state") for _ in range(2 if cls == "LSTM" else 1)]
    ctx.emit(f"{out}, {', '.join(states)} = {ctx.render(call)}({t.var})")
    if seq and ctx.flag(0.5):
        # Feed the states into a second recurrent layer of the same kind.
        var = ctx.tensor_var()
        second = LayerCall(cls, [("units", units)], None)
        state_list = "[" + ", ".join(states) + "]"
        ctx.emit(f"{var} = {ctx.render(second)}({out}, initial_state={state_list})")
        return Tensor(var, (units,))
    if ctx.flag(0.5):
        tensors = [Tensor(s, (units,)) for s in states]
        if not seq:
            tensors.insert(0, Tensor(out, (units,)))
        if len(tensors) == 1:
            return tensors[0]
        return merge(ctx, "Concatenate", tensors, (units * len(tensors),))
    return Tensor(out, (t.shape[0], units) if seq else (units,))


def block_bidirectional_split(ctx: Ctx, t: Tensor) -> Tensor | None:
    if len(t.shape) != 2 or t.shape[-1] is None:
        return None
    cls = ctx.choice(["LSTM", "GRU", "SimpleRNN"])
    units = ctx.int(1, 12)
    seq = ctx.flag(0.5)
    inner = LayerCall(cls, _rnn_args(ctx, cls, units, seq, backwards=False), None)
    call = LayerCall(
        "Bidirectional",
        [("layer", Raw(ctx.render(inner, named=False))), ("merge_mode", None)],
        None,
    )
    fw, bw = ctx.var("forward"), ctx.var("backward")
    ctx.emit(f"{fw}, {bw} = {ctx.render(call)}({t.var})")
    shape = (t.shape[0], units) if seq else (units,)
    return _merge_pair(ctx, fw, bw, shape)


def _merge_pair(ctx: Ctx, a: str, b: str, shape: Shape) -> Tensor:
    cls = ctx.choice(["Add", "Concatenate", "Maximum"])
    out = (*shape[:-1], 2 * shape[-1]) if cls == "Concatenate" else shape
    return merge(ctx, cls, [Tensor(a, shape), Tensor(b, shape)], out)


BLOCKS = [
    (block_residual, 3),
    (block_concat, 3),
    (block_shared, 2),
    (block_dot, 1),
    (block_attention, 2),
    (block_rnn_state, 2),
    (block_bidirectional_split, 1),
]


def functional_step(ctx: Ctx, t: Tensor) -> Tensor:
    if ctx.flag(0.4):
        pool = [b for b, w in BLOCKS for _ in range(w)]
        block = ctx.choice(pool)
        result = block(ctx, t)
        if result is not None and fits(result.shape):
            return result
    return step_unary(ctx, t)


# ---------------------------------------------------------------------------
# Inputs and whole models
# ---------------------------------------------------------------------------


@dataclass
class Start:
    shape: Shape
    dtype: str | None = None
    embed: bool = False  # integer tokens that must go through an Embedding first


def draw_start(ctx: Ctx) -> Start:
    kind = ctx.choice(
        ["image", "vector", "sequence", "tokens", "volume", "image", "sequence", "volume"]
    )
    if kind == "vector":
        return Start((ctx.int(1, 32),))
    if kind == "sequence":
        steps = None if ctx.flag(0.2) else ctx.int(2, 16)
        return Start((steps, ctx.int(1, 8)))
    if kind == "tokens":
        steps = None if ctx.flag(0.2) else ctx.int(1, 12)
        return Start((steps,), dtype="int32", embed=True)
    if kind == "image":
        h = ctx.int(3, 16)
        w = h if ctx.flag(0.6) else ctx.int(3, 16)
        return Start((h, w, ctx.int(1, 4)))
    return Start((ctx.int(2, 8), ctx.int(2, 8), ctx.int(2, 8), ctx.int(1, 3)))


def embedding_call(ctx: Ctx, start: Start) -> LayerCall:
    vocab, dim = ctx.int(2, 100), ctx.int(1, 16)
    # No mask_zero=True: Keras' mask ops reorder a branching model's layers, which the
    # analyzer reports as incomplete rather than model (tests/test_static_matches_keras.py).
    args: list = [("input_dim", vocab), ("output_dim", dim)]
    return LayerCall("Embedding", args, (start.shape[0], dim))


def input_src(ctx: Ctx, start: Start, *, name: bool = True) -> str:
    module = ctx.choice(["keras", "keras", "layers", "keras.layers"])
    shape = fmt(tuple(start.shape))
    parts = [shape if ctx.flag(0.4) else f"shape={shape}"]
    if ctx.batch_size is not None:
        # One batch size per model: merging tensors of different batch sizes fails.
        parts.append(f"batch_size={ctx.batch_size}")
    if start.dtype:
        parts.append(f"dtype={fmt(start.dtype)}")
    if name and ctx.flag(0.2):
        parts.append(f"name={fmt(ctx.explicit_name('input'))}")
    return f"{module}.Input({', '.join(parts)})"


def model_ctor(ctx: Ctx) -> str:
    return ctx.choice(["keras.Model", "keras.Model", "keras.models.Model"])


def build_functional(
    ctx: Ctx, model_var: str, start: Start | None = None
) -> tuple[Start, Shape, bool]:
    """Emit a functional model; return (input start, output shape, single-in-single-out)."""
    multi_input = ctx.flag(0.2)
    ctx.batch_size = ctx.int(1, 4) if ctx.flag(0.05) else None
    start = start or draw_start(ctx)
    inp = ctx.var("inputs") if ctx.n_vars else "inputs"
    ctx.emit(f"{inp} = {input_src(ctx, start)}")
    t = Tensor(inp, start.shape)
    if start.embed:
        call = embedding_call(ctx, start)
        t = Tensor(apply(ctx, call, inp, ctx.var("embedded")), call.out)
    inputs = [inp]
    if multi_input:
        other_start = start if ctx.flag(0.5) else draw_start(ctx)
        other = ctx.var("inputs")
        ctx.emit(f"{other} = {input_src(ctx, other_start)}")
        inputs.append(other)
        u = Tensor(other, other_start.shape)
        if other_start.embed:
            call = embedding_call(ctx, other_start)
            u = Tensor(apply(ctx, call, other, ctx.var("embedded")), call.out)
        if u.shape == t.shape and known(t.shape) and ctx.flag(0.7):
            # Shared layer on both inputs, then merge.
            call = (
                last_axis_changing(ctx, t.shape)
                if ctx.flag(0.5)
                else shape_preserving(ctx, t.shape)
            )
            layer_var = ctx.var("shared")
            ctx.emit(f"{layer_var} = {ctx.render(call)}")
            a, b = ctx.var("encoded"), ctx.var("encoded")
            ctx.emit(f"{a} = {layer_var}({t.var})")
            ctx.emit(f"{b} = {layer_var}({u.var})")
            t = _merge_pair(ctx, a, b, call.out)
        else:
            # Separate towers, each reduced to a vector, concatenated.
            towers = []
            for tensor in (t, u):
                for _ in range(ctx.int(0, 2)):
                    call = unary_layer(ctx, tensor.shape)
                    tensor = Tensor(apply(ctx, call, tensor.var, ctx.var("tower")), call.out)
                towers.append(to_vector(ctx, tensor))
            t = merge(ctx, "Concatenate", towers, (sum(x.shape[0] for x in towers),))
    for _ in range(ctx.int(1, 5)):
        t = functional_step(ctx, t)
    outputs = [t]
    if ctx.flag(0.2):
        head = to_vector(ctx, t)
        units = ctx.int(1, 8)
        var = ctx.var("head")
        ctx.emit(f'{var} = layers.Dense({units}, activation="softmax")({head.var})')
        outputs.append(Tensor(var, (units,)))
    in_src = inputs[0] if len(inputs) == 1 and ctx.flag(0.7) else "[" + ", ".join(inputs) + "]"
    out_src = (
        outputs[0].var
        if len(outputs) == 1 and ctx.flag(0.8)
        else "[" + ", ".join(o.var for o in outputs) + "]"
    )
    parts = [in_src, out_src] if ctx.flag(0.5) else [f"inputs={in_src}", f"outputs={out_src}"]
    if ctx.flag(0.4):
        parts.append(f"name={fmt(ctx.explicit_name('model'))}")
    ctx.emit(f"{model_var} = {model_ctor(ctx)}({', '.join(parts)})")
    simple = (
        len(inputs) == 1 and len(outputs) == 1 and in_src == inputs[0] and out_src == outputs[0].var
    )
    return start, outputs[0].shape, simple


def to_vector(ctx: Ctx, t: Tensor) -> Tensor:
    """Reduce a tensor to rank 1."""
    if len(t.shape) == 1:
        return t
    if len(t.shape) == 2 and ctx.flag(0.5):
        call = LayerCall(ctx.choice(["LSTM", "GRU", "SimpleRNN"]), [("units", ctx.int(1, 8))], None)
        call.out = (call.args[0][1],)
    elif known(t.shape) and ctx.flag(0.5):
        call = LayerCall("Flatten", [], (prod(t.shape),))
    else:
        rank = len(t.shape) - 1
        if rank > 3:
            call = LayerCall("Flatten", [], (prod(t.shape),))
        else:
            call = LayerCall(
                f"Global{ctx.choice(['Average', 'Max'])}Pooling{rank}D", [], (t.shape[-1],)
            )
    var = apply(ctx, call, t.var, ctx.var("features"))
    return Tensor(var, call.out)


def build_sequential(
    ctx: Ctx, model_var: str, start: Start | None = None
) -> tuple[Start, Shape, bool]:
    start = start or draw_start(ctx)
    ctx.batch_size = ctx.int(1, 4) if ctx.flag(0.05) else None
    calls: list[LayerCall] = []
    shape = start.shape
    if start.embed:
        call = embedding_call(ctx, start)
        calls.append(call)
        shape = call.out
    for _ in range(ctx.int(1, 6)):
        call = unary_layer(ctx, shape)
        calls.append(call)
        shape = call.out
    use_input = ctx.flag(0.6) or start.dtype is not None or calls[0].cls in NO_KWARGS
    rendered = []
    for i, call in enumerate(calls):
        extra = []
        if i == 0 and not use_input:
            extra.append(("input_shape", tuple(start.shape)))
        rendered.append(ctx.render(call, extra))
    if use_input:
        rendered.insert(0, input_src(ctx, start, name=False))
    name = f"name={fmt(ctx.explicit_name('sequential'))}" if ctx.flag(0.3) else None
    ctor = ctx.choice(["keras.Sequential", "keras.Sequential", "keras.models.Sequential"])
    if ctx.flag(0.5):
        body = ",\n".join(f"        {r}" for r in rendered)
        tail = f"\n    {name}," if name else ""
        ctx.emit(f"{model_var} = {ctor}(\n    [\n{body},\n    ],{tail}\n)")
    else:
        ctx.emit(f"{model_var} = {ctor}({name or ''})")
        for r in rendered:
            ctx.emit(f"{model_var}.add({r})")
    return start, shape, True


def build_nested(ctx: Ctx, model_var: str, inner_var: str, start: Start, inner_out: Shape) -> None:
    """A second model that uses `inner_var` as one of its layers."""
    if ctx.flag(0.15):
        ctx.emit(f"{inner_var}.trainable = False")
    if ctx.flag(0.4):
        items = [input_src(ctx, start, name=False), inner_var]
        shape = inner_out
        for _ in range(ctx.int(1, 3)):
            call = unary_layer(ctx, shape)
            items.append(ctx.render(call))
            shape = call.out
        body = ",\n".join(f"        {r}" for r in items)
        ctx.emit(f"{model_var} = keras.Sequential(\n    [\n{body},\n    ]\n)")
        return
    inp = ctx.var("inputs")
    ctx.emit(f"{inp} = {input_src(ctx, start)}")
    var = ctx.tensor_var()
    ctx.emit(f"{var} = {inner_var}({inp})")
    t = Tensor(var, inner_out)
    for _ in range(ctx.int(1, 3)):
        t = functional_step(ctx, t)
    ctx.emit(f"{model_var} = {model_ctor(ctx)}({inp}, {t.var})")


@st.composite
def model_sources(draw) -> str:
    """Source text of a Keras 3 module that builds one or two models at module level."""
    return _module(Ctx(HypothesisChoices(draw)))


def model_source_from_seed(seed: int) -> str:
    """The same kind of module as `model_sources()`, from a seeded PRNG instead of
    Hypothesis: reproducible, fast, and free of Hypothesis' bias towards small examples.
    Useful for bulk comparisons (e.g. `[model_source_from_seed(i) for i in range(200)]`)."""
    return _module(Ctx(RandomChoices(seed)))


def _module(ctx: Ctx) -> str:
    ctx.rebind = ctx.flag(0.3)
    ctx.emit("import keras")
    ctx.emit("from keras import layers")
    ctx.emit("")
    first_var = ctx.choice(["model", "encoder", "base", "net"])
    build = build_functional if ctx.flag(0.6) else build_sequential
    start, out_shape, simple = build(ctx, first_var)
    second = ctx.choice(["none", "none", "nested", "independent"])
    if second == "nested" and simple:
        ctx.emit("")
        build_nested(ctx, first_var + "_outer", first_var, start, out_shape)
    elif second != "none":
        ctx.emit("")
        other = build_functional if ctx.flag(0.5) else build_sequential
        other(ctx, first_var + "_2")
    return "\n".join(ctx.lines) + "\n"


#: Every layer class a generated module may use.
LAYER_CLASSES = sorted(
    set(SIGNATURES) | {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"}
)
