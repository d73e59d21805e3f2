"""Binding a layer constructor call to Keras 3's signature, as Python would.

Positional arguments take Keras 3's parameter order (so Keras-1 style
``Conv2D(32, 3, 3)`` means kernel 3 with strides 3, as Keras 3 reads it);
Keras-1/2 keyword spellings are translated where the meaning is unambiguous
and reported, as are keywords Keras 3 does not accept.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from typing import Any

from kerasparam_lint.libraries.keras.layer_spec import Args
from kerasparam_lint.libraries.keras.signatures import SIGNATURES

# Keyword arguments every Layer accepts through ``Layer.__init__``.
BASE_LAYER_KEYWORDS = (
    "activity_regularizer",
    "trainable",
    "dtype",
    "autocast",
    "name",
    "input_shape",
    "input_dim",
)

# Keywords a class takes out of ``**kwargs`` itself before ``Layer.__init__`` sees them.
CLASS_KEYWORDS = {
    "LSTM": ("implementation",),
    "GRU": ("implementation",),
    "LeakyReLU": ("alpha",),
    "Embedding": ("input_length",),
    "LayerNormalization": ("rms_scaling",),
}

# Keras 1/2 keyword spellings and their Keras 3 names.
LEGACY_KEYWORDS = {
    "border_mode": "padding",
    "nb_filter": "filters",
    "subsample": "strides",
    "subsample_length": "strides",
    "output_dim": "units",
    "dim_ordering": "data_format",
    "pool_length": "pool_size",
    "filter_length": "kernel_size",
    "atrous_rate": "dilation_rate",
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "bias": "use_bias",
}
_LEGACY_VALUES = {"data_format": {"tf": "channels_last", "th": "channels_first"}}


@dataclass
class Binding:
    """The bound arguments and whatever Keras 3 would object to while binding."""

    args: Args
    legacy: list[tuple[str, str]] = field(default_factory=list)  # (old, new) keywords
    unexpected: list[tuple[str, str | None]] = field(default_factory=list)  # (kw, suggestion)
    too_many_positional: bool = False
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Parameters:
    """One class's signature, read once: the names the binding of each call checks."""

    positional: tuple[str, ...]
    names: frozenset[str]
    defaults: dict[str, Any]  # copied into each call's Args, never changed
    accepted: frozenset[str]  # every keyword the constructor takes


@functools.cache
def _parameters(class_name: str) -> _Parameters:
    positional: list[str] = []
    names: list[str] = []
    defaults: dict[str, Any] = {}
    takes_var_kwargs = False
    keyword_only = False
    for param in SIGNATURES[class_name]:
        name = param[0]
        if name == "*" or name.startswith("*") and not name.startswith("**"):
            keyword_only = True
            continue
        if name.startswith("**"):
            takes_var_kwargs = True
            continue
        names.append(name)
        if not keyword_only:
            positional.append(name)
        if len(param) == 2:
            defaults[name] = param[1]
    accepted = set(names) | set(BASE_LAYER_KEYWORDS) if takes_var_kwargs else set(names)
    accepted |= set(CLASS_KEYWORDS.get(class_name, ()))
    return _Parameters(tuple(positional), frozenset(names), defaults, frozenset(accepted))


def bind(class_name: str, args: list[Any], kwargs: dict[str, Any]) -> Binding:
    parameters = _parameters(class_name)
    positional, names, accepted = parameters.positional, parameters.names, parameters.accepted
    binding = Binding(Args(parameters.defaults))
    if len(args) > len(positional):
        binding.too_many_positional = True
    for name, value in zip(positional, args, strict=False):
        binding.args[name] = value
    for keyword, value in kwargs.items():
        if keyword in accepted:
            binding.args[keyword] = value
            continue
        modern = LEGACY_KEYWORDS.get(keyword)
        if keyword == "nb_row" or keyword == "nb_col":
            modern = "kernel_size" if "nb_row" in kwargs and "nb_col" in kwargs else None
            if modern:
                binding.args["kernel_size"] = (kwargs["nb_row"], kwargs["nb_col"])
                binding.legacy.append((keyword, modern))
                continue
        if modern and modern in names:
            value = (
                _LEGACY_VALUES.get(modern, {}).get(value, value)
                if isinstance(value, str)
                else value
            )
            binding.args[modern] = value
            binding.legacy.append((keyword, modern))
            continue
        suggestion = difflib.get_close_matches(keyword, sorted(accepted), n=1, cutoff=0.75)
        binding.unexpected.append((keyword, suggestion[0] if suggestion else None))
    binding.missing = [n for n in positional if n not in binding.args]
    return binding


def keras1_reading(class_name: str, args: list[Any]) -> str | None:
    """``Conv2D(32, 3, 3)``: Keras 1's (nb_filter, nb_row, nb_col), read by Keras 3 as strides.

    Only a square kernel written as two equal ints is taken as Keras-1 style;
    ``Conv2D(64, 3, 2)`` is an ordinary Keras 2/3 call with strides 2.
    """
    if not class_name.startswith(_KERAS1_CONVOLUTIONS) or len(args) != 3:
        return None
    filters, first, second = args
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (filters, first, second)):
        return None
    if first != second or first < 2:
        return None
    return (
        f"{class_name}({filters}, {first}, {second}): Keras 3 reads the third argument as "
        f"strides={second} (Keras 1 read a {first}x{second} kernel); "
        f"write {class_name}({filters}, ({first}, {second})) or strides={second} explicitly"
    )


_KERAS1_CONVOLUTIONS = ("Conv2D", "Conv3D", "SeparableConv2D")
