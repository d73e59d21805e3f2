"""What the evaluator keeps of an instance of the file's own Layer or Model subclass.

The instance itself is a graph :class:`~kerasparam_lint.graph.model.Layer` (or
:class:`~kerasparam_lint.graph.model.Model`): its weights and their ``trainable`` flags
follow the graph's rules, as for every Keras layer. This is the rest: the class,
the attributes ``__init__`` and ``build`` set, and whether ``build`` ran.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class LayerState:
    """What the evaluator keeps of an instance of a Layer subclass."""

    cls: Any  # the UserClass
    attributes: dict[str, Any] = field(default_factory=dict)
    built: bool = False
