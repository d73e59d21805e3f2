"""Keras layers: made from their arguments, called on tensors, built at their first call."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.arrays import NumpyInteger
from kerasparam_lint.evaluator.values import CallSite
from kerasparam_lint.graph.model import Layer, Model, Node, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras.binding import bind, keras1_reading
from kerasparam_lint.libraries.keras.built_at_init import BUILT_AT_INIT
from kerasparam_lint.libraries.keras.catalogue import CATALOGUE
from kerasparam_lint.libraries.keras.layer_spec import Args, Call, ShapeError
from kerasparam_lint.libraries.keras.removed_api import renamed_keyword_message
from kerasparam_lint.libraries.keras.structures import only_tensors, structure_shapes
from kerasparam_lint.libraries.spec_rules import build_weights, output_tensors, tensors_for

# What one layer call costs of the step budget (see ``Limits.max_steps``).
LAYER_CALL_STEPS = 10


class LayerCalls:
    """Making a layer from its arguments and calling it on tensors (building it first)."""

    def make_layer(
        self, class_name: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Layer:
        binding = bind(class_name, self._as_keras1_built(class_name, args, kwargs), kwargs)
        default_format = self.image_data_format
        if binding.args.get("data_format", "") is None and default_format != "channels_last":
            binding.args["data_format"] = default_format
        name = binding.args.get("name")
        if not isinstance(name, str):
            name = self.shared.names.auto_name(class_name)
        trainable = binding.args.get("trainable", True)
        layer = Layer(
            class_name,
            name,
            site.line,
            site.col,
            config=binding.args,
            trainable=trainable if isinstance(trainable, bool) else True,
        )
        for old, new in binding.legacy:
            self.shared.problem("KPL303", renamed_keyword_message(class_name, old, new), site)
        reading = keras1_reading(class_name, args)
        if reading is not None:
            self.shared.problem("KPL305", reading, site)
            layer.misread = True
        for keyword, suggestion in binding.unexpected:
            hint = f"; did you mean `{suggestion}`?" if suggestion else ""
            self.shared.problem("KPL303", f"{class_name} has no argument `{keyword}`{hint}", site)
        # Keras 1's `BatchNormalization(mode=0)` is its default, the only mode Keras 3 has.
        unread = [
            keyword
            for keyword, _ in binding.unexpected
            if not (self.keras1 and keyword == "mode" and kwargs["mode"] == 0)
        ]
        numpy_scalars = any(isinstance(v, NumpyInteger) for v in [*args, *kwargs.values()])
        if unread or binding.missing or binding.too_many_positional or numpy_scalars:
            layer.config = UNKNOWN
        spec = CATALOGUE.get(class_name)
        if spec is not None and spec.construct is not None and layer.config is not UNKNOWN:
            layer.config = spec.construct(layer.config)
        if not isinstance(trainable, bool):
            self._taint(layer)
        elif class_name in BUILT_AT_INIT and layer.config is not UNKNOWN:
            layer.weights = []
        return layer

    def _as_keras1_built(
        self, class_name: str, args: list[Any], kwargs: dict[str, Any]
    ) -> list[Any]:
        """In a Keras 1 file, ``Convolution2D(32, 3, 3)`` is (nb_filter, nb_row, nb_col):
        a 3x3 kernel, as Keras 1 built it (KPL305 still says what Keras 3 reads)."""
        rank = _KERAS1_KERNEL_RANKS.get(class_name)
        if rank is None or len(args) != rank + 1 or "kernel_size" in kwargs or not self.keras1:
            return args
        return [args[0], tuple(args[1:])]

    def call_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        # Steps per layer call, however it is reached (a Sequential re-calls all its layers
        # on every ``add``, so a loop of adds costs its square): a call does the work of
        # about this many plain steps.
        self.evaluation.tick_model(LAYER_CALL_STEPS)
        if layer.user_state is not None:
            return self._call_user_layer(layer, args, kwargs, site)
        if isinstance(layer, Model):
            return self.call_model(layer, args, kwargs, site)
        spec = CATALOGUE.get(layer.class_name)
        first = "inputs" if spec is None else spec.call_first
        inputs = args[0] if args else kwargs.pop(first, UNKNOWN)
        tensors = flatten_tensors(inputs)
        if not only_tensors(inputs):
            return UNKNOWN
        extra: dict[str, Any] = {}
        if spec is not None:
            for param, value in zip(spec.call_params, args[1:], strict=False):
                extra[param] = value
            for key, value in kwargs.items():
                extra[key] = value
        for value in extra.values():
            tensors.extend(flatten_tensors(value))
        call = Call(structure_shapes(inputs), {k: structure_shapes(v) for k, v in extra.items()})
        misread = layer.misread or any(t.misread for t in tensors)
        recorded = len(self.shared.problems)
        config = layer.config
        if spec is not None:
            self._count_build_names(layer, spec)
        if spec is None or config is UNKNOWN:
            if layer.weights is None:
                layer.weights = UNKNOWN
            outputs: Any = Tensor(UNKNOWN)
        else:
            if layer.weights is None:
                layer.weights = build_weights(self.shared, layer, spec, config, call, site)
                self._build_wrapped(layer, spec, config, call, site)
            outputs = output_tensors(self.shared, layer, spec, config, call, site)
            if layer.class_name == "Lambda" and config.get("output_shape") is None:
                outputs = self._lambda_output(config.get("function"), inputs)
        if misread:  # a fault here follows from the misread layer, which is reported
            del self.shared.problems[recorded:]
            for tensor in flatten_tensors(outputs):
                tensor.misread = True
        self._record_call(layer, tensors, outputs, site)
        return outputs

    def _record_call(
        self, layer: Layer, inputs: list[Tensor], outputs: Any, site: CallSite
    ) -> None:
        """The call's node; none inside a Layer subclass's ``call``, which Keras runs
        on placeholder values."""
        if self.evaluation.classes.inside_layer_call:
            return
        node = Node(layer, inputs, outputs, site.line)
        for index, tensor in enumerate(flatten_tensors(outputs)):
            tensor.node, tensor.index = node, index
        layer.inbound_nodes.append(node)

    def _build_method(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> None:
        """``layer.build(input_shape)`` on a Keras layer: its weights, unless built."""
        if layer.built:
            return
        spec = CATALOGUE.get(layer.class_name)
        shape = args[0] if args else kwargs.get("input_shape", UNKNOWN)
        if spec is None or layer.config is UNKNOWN or not isinstance(shape, (tuple, list)):
            layer.weights = UNKNOWN
            return
        call = Call(tuple(shape), {})
        self._count_build_names(layer, spec)
        layer.weights = build_weights(self.shared, layer, spec, layer.config, call, site)
        self._build_wrapped(layer, spec, layer.config, call, site)

    def _count_build_names(self, layer: Layer, spec: Any) -> None:
        """Keras builds a layer once, at its first call (even one whose weights the
        analyzer cannot know), or when a wrapper builds it."""
        if layer in self._named_builds:
            return
        self._named_builds.add(layer)
        for created in spec.build_names:
            self.shared.names.auto_name(created)

    def _build_wrapped(
        self, layer: Layer, spec: Any, config: Args, call: Call, site: CallSite
    ) -> None:
        """A wrapper's first call builds the layers it holds, unless already built."""
        if spec.wrapped is None:
            return
        try:
            held = spec.wrapped(config, call)
        except (CannotKnow, ShapeError, TypeError, ValueError, AttributeError, IndexError):
            layer.weights = UNKNOWN
            return
        for inner, inner_call in held:
            layer.sublayers.append(inner)
            if inner.built:
                continue
            inner_spec = CATALOGUE.get(inner.class_name)
            if inner_spec is None or inner.config is UNKNOWN:
                inner.weights = UNKNOWN
                continue
            self._count_build_names(inner, inner_spec)
            inner.weights = build_weights(
                self.shared, inner, inner_spec, inner.config, inner_call, site
            )
            self._build_wrapped(inner, inner_spec, inner.config, inner_call, site)

    def _call_user_layer(
        self, layer: Layer, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        inputs = args[0] if args else kwargs.get("inputs", UNKNOWN)
        if not only_tensors(inputs):
            self.evaluation.classes.call_eagerly(layer, args, kwargs)
            return UNKNOWN
        try:
            shape = self.evaluation.classes.call_layer(layer, args, kwargs, site)
        except CannotKnow:
            shape = UNKNOWN
        outputs = tensors_for(shape)
        self._record_call(layer, flatten_tensors(inputs), outputs, site)
        return outputs


_KERAS1_KERNEL_RANKS = {"Conv2D": 2, "SeparableConv2D": 2, "Conv3D": 3}
