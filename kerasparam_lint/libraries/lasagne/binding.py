"""Binding a Lasagne layer constructor call to its signature, as Python would.

Lasagne passes unknown keywords on to ``Layer.__init__``, which accepts only
``name``: anything else is a ``TypeError`` when the module runs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from kerasparam_lint.libraries.keras.layer_spec import Args
from kerasparam_lint.libraries.lasagne.signatures import SIGNATURES

_BASE_KEYWORDS = ("name",)


@dataclass
class Binding:
    """The bound arguments and what Python would reject while binding them."""

    args: Args
    unexpected: list[tuple[str, str | None]] = field(default_factory=list)  # (kw, suggestion)
    missing: list[str] = field(default_factory=list)
    too_many_positional: bool = False

    @property
    def ok(self) -> bool:
        return not (self.unexpected or self.missing or self.too_many_positional)


def bind(class_name: str, args: list[Any], kwargs: dict[str, Any]) -> Binding:
    params = [p for p in SIGNATURES[class_name] if not p[0].startswith("*")]
    names = [p[0] for p in params]
    binding = Binding(Args({"name": None, **{p[0]: p[1] for p in params if len(p) == 2}}))
    binding.too_many_positional = len(args) > len(names)
    binding.args.update(zip(names, args, strict=False))
    accepted = {*names, *_BASE_KEYWORDS}
    for keyword, value in kwargs.items():
        if keyword in accepted:
            binding.args[keyword] = value
            continue
        suggestion = difflib.get_close_matches(keyword, sorted(accepted), n=1, cutoff=0.75)
        binding.unexpected.append((keyword, suggestion[0] if suggestion else None))
    binding.missing = [n for n in names if n not in binding.args]
    binding.args.update(_keras_names(binding.args))
    return binding


def _keras_names(args: Args) -> dict[str, Any]:
    """Keras' names for the same facts, so rules written for Keras layers read these too."""
    names: dict[str, Any] = {"data_format": "channels_first"}
    if "filter_size" in args:
        names["kernel_size"] = args["filter_size"]
    return names
