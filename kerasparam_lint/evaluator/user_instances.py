"""Instances of the file's own ``keras.layers.Layer`` and ``keras.Model`` subclasses.

They count weights as Keras does, by each variable's own ``trainable`` flag. Keras
sets that flag when the variable is made (``False`` when the layer making it is
frozen) and when ``layer.trainable`` is assigned (on the layer's variables made
trainable, then on every sublayer). So ``trainable=False`` given to a layer's
constructor freezes the layer itself and the variables it makes, but not its
sublayers, which are made trainable after: the layer lists no trainable weights,
while a model holding it counts its sublayers' weights as trainable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kerasparam_lint.graph import Layer, Model, Weight
from kerasparam_lint.unknown import UNKNOWN


@dataclass(eq=False)
class LayerState:
    """What the evaluator keeps of an instance of a Layer subclass."""

    cls: Any  # the UserClass
    attributes: dict[str, Any] = field(default_factory=dict)
    built: bool = False
    # Weights made before the layer is built (``add_weight`` in ``__init__``).
    early_weights: list[Weight] = field(default_factory=list)
    # The weights made with ``trainable=True``: the ones ``layer.trainable = x`` sets.
    made_trainable: set[int] = field(default_factory=set)


class _KerasTrainability:
    """Keras' ``trainable`` setter, ``trainable_weights`` and ``count_params`` views."""

    weights: Any
    sublayers: list[Layer]
    user_state: Any
    built: bool

    @property
    def trainable(self) -> bool:
        return self.__dict__.get("_trainable", True)

    @trainable.setter
    def trainable(self, value: bool) -> None:
        """The layer's own variables; the evaluator's setter goes on to the sublayers."""
        self.__dict__["_trainable"] = value
        state = self.__dict__.get("user_state")
        if not isinstance(state, LayerState):
            return  # Layer.__init__ sets it before anything is made
        for weights in (self.weights, state.early_weights):
            if isinstance(weights, list):
                self._set_flags(weights, state, value)

    @staticmethod
    def _set_flags(weights: list[Weight], state: LayerState, value: bool) -> None:
        for index, weight in enumerate(weights):
            if id(weight) in state.made_trainable:
                state.made_trainable.discard(id(weight))
                weights[index] = Weight(weight.name, weight.shape, value)
                state.made_trainable.add(id(weights[index]))

    def make_weight(self, name: str, shape: tuple[int, ...], trainable: bool) -> Weight:
        """``add_weight``: a frozen layer's new variable is not trainable."""
        weight = Weight(name, shape, trainable and self.trainable)
        if trainable:
            self.user_state.made_trainable.add(id(weight))
        return weight

    def trainable_weights(self) -> list[Weight] | Any:
        """The weights whose own flag is set: what a model holding this one counts."""
        if self.weights is UNKNOWN:
            return UNKNOWN
        result = [w for w in self.weights or [] if w.trainable]
        for sub in self._children():
            sub_weights = sub.trainable_weights()
            if sub_weights is UNKNOWN:
                return UNKNOWN
            result.extend(w for w in sub_weights if all(w is not r for r in result))
        return result

    def counts(self) -> tuple[Any, Any, Any]:
        """``count_params()`` and this layer's own ``trainable_weights``: none when frozen."""
        everything = self.all_weights()  # type: ignore[attr-defined]
        if everything is UNKNOWN:
            return UNKNOWN, UNKNOWN, UNKNOWN
        if not self.built:
            return None, None, None
        trainable = self.trainable_weights() if self.trainable else []
        total = sum_sizes(everything)
        if trainable is UNKNOWN:
            return total, UNKNOWN, UNKNOWN
        trained = sum_sizes(trainable)
        return total, trained, total - trained

    def _children(self) -> list[Layer]:
        return self.sublayers


class UserLayer(_KerasTrainability, Layer):
    """An instance of a Layer subclass of the file."""


class UserModel(_KerasTrainability, Model):
    """An instance of a Model subclass of the file: its tracked layers are its ``layers``."""

    def _children(self) -> list[Layer]:
        return list(self.layers) if isinstance(self.layers, list) else []

    def trainable_weights(self) -> list[Weight] | Any:
        if self.layers is UNKNOWN:
            return UNKNOWN
        return super().trainable_weights()


def sum_sizes(weights: list[Weight]) -> Any:
    total: Any = 0
    for weight in weights:
        total = total + weight.size
    return total
