"""What Lasagne's and nolearn's public API does to the model graph, for the interpreter.

Names under ``lasagne``/``nolearn`` resolve to :class:`KerasRef` paths like Keras
names do, and their calls come here. Constructing a Lasagne layer
connects it at once to its incoming layer (or to an input shape); nolearn's
``NeuralNet`` builds its layer list the way ``NeuralNet.initialize_layers`` does.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.library import NOT_MINE, Evaluation, Library
from kerasparam_lint.evaluator.values import CallSite, KerasRef
from kerasparam_lint.graph.model import Model, Node, Tensor
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow, contains_unknown
from kerasparam_lint.libraries.keras.layer_spec import Args, Call
from kerasparam_lint.libraries.lasagne.binding import bind
from kerasparam_lint.libraries.lasagne.catalogue import CATALOGUE
from kerasparam_lint.libraries.lasagne.network import (
    LasagneLayer,
    all_layers,
    binding_names,
    mark_not_a_layer,
    network,
    nolearn_name,
)
from kerasparam_lint.libraries.lasagne.signatures import (
    ALIASES,
    SIGNATURES,
    WITH_NONLINEARITY,
    lasagne_class,
)
from kerasparam_lint.libraries.spec_rules import build_weights, output_tensors

ROOTS = ("lasagne", "nolearn")
_HELPERS = ("batch_norm", "get_output_shape", "count_params", "get_all_layers")
_STAR_NAMES = {
    "lasagne.layers": (*SIGNATURES, *ALIASES, *_HELPERS),
    "lasagne.nonlinearities": ("rectify", "softmax", "tanh", "sigmoid", "linear", "identity"),
}


def owns(path: str) -> bool:
    """True for a name inside Lasagne's or nolearn's namespace."""
    return path.split(".", 1)[0] in ROOTS


class LasagneLibrary(Library):
    """The Lasagne layers and nolearn nets one analyzed file creates."""

    roots = ROOTS

    def __init__(self, evaluation: Evaluation) -> None:
        super().__init__(evaluation)
        self.consumed: set[int] = set()
        self.neural_nets: list[Model] = []

    # ------------------------------------------------------------- namespaces
    def resolve(self, dotted: str) -> Any:
        return KerasRef(dotted) if owns(dotted) else NOT_MINE

    def project_first(self, dotted: str) -> bool:
        """Only ``lasagne.layers`` is modeled; other modules of that name may be the
        project's own."""
        return dotted.split(".")[1:2] not in ([], ["layers"])

    def star_import(self, path: str) -> Any:
        if not owns(path):
            return NOT_MINE
        return {name: KerasRef(f"{path}.{name}") for name in _STAR_NAMES.get(path, ())}

    def standalone_models(self) -> list[Model]:
        return self.neural_nets

    def attribute(self, receiver: Any, name: str) -> Any:
        if isinstance(receiver, LasagneLayer):
            return self._layer_attribute(receiver, name)
        return NOT_MINE

    def _layer_attribute(self, layer: LasagneLayer, name: str) -> Any:
        if name == "output_shape":
            return _known_shape(layer.output.shape)
        if name == "input_shape":
            inputs = layer.inbound_nodes[0].inputs
            return _known_shape(inputs[0].shape) if len(inputs) == 1 else UNKNOWN
        if name == "name":
            return layer.name if layer.named else None
        if name == "input_layer" and len(layer.incoming) == 1:
            return layer.incoming[0]
        if name == "input_layers":
            return list(layer.incoming)
        config = layer.config
        if isinstance(config, Args) and name in config and name not in ("W", "b"):
            return config[name]
        return UNKNOWN

    # ------------------------------------------------------------------ calls
    def call(self, ref: KerasRef, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        module, _, last = ref.path.rpartition(".")
        if last == "NeuralNet" and module.startswith("nolearn"):
            return self.neural_net(args, kwargs, site)
        if not module.startswith("lasagne.layers"):
            # An initializer, nonlinearity, update rule...: known to exist, never a shape.
            return KerasRef(ref.path + "()") if module.startswith("lasagne") else UNKNOWN
        if last == "batch_norm":
            return self.batch_norm(args, kwargs, site)
        if last in ("get_output_shape", "count_params", "get_all_layers"):
            return self._helper(last, args, kwargs)
        name = lasagne_class(last)
        return UNKNOWN if name is None else self.make_layer(name, args, kwargs, site)

    def make_layer(
        self, class_name: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> LasagneLayer:
        binding = bind(class_name, args, kwargs)
        for keyword, suggestion in binding.unexpected:
            hint = f"; did you mean `{suggestion}`?" if suggestion else ""
            self.shared.problem("KPL303", f"{class_name} has no argument `{keyword}`{hint}", site)
        name = binding.args.name
        layer = LasagneLayer(
            class_name,
            name if isinstance(name, str) else "",
            site.line,
            site.col,
            config=binding.args if binding.ok else UNKNOWN,
            named=isinstance(name, str),
        )
        if class_name == "InputLayer":
            shape = binding.args.get("shape", UNKNOWN)
            if shape is not UNKNOWN and not isinstance(shape, (tuple, list)):
                self.shared.problem(
                    "KPL301", f"InputLayer shape must be a tuple, got {shape!r}", site
                )
            self._connect(layer, [], _known_shape(shape), is_input=True)
            layer.weights = []
            return layer
        spec = CATALOGUE[class_name]
        first = SIGNATURES[class_name][0][0]  # "incoming", or "incomings" for merge layers
        tensors, shapes = self._incoming(binding.args.get(first, UNKNOWN), first == "incomings")
        call = Call(shapes)
        if layer.config is UNKNOWN:
            layer.weights, output = UNKNOWN, Tensor(UNKNOWN)
        else:
            layer.weights = build_weights(self.shared, layer, spec, layer.config, call, site)
            output = output_tensors(self.shared, layer, spec, layer.config, call, site)
        self._connect(layer, tensors, output.shape if isinstance(output, Tensor) else UNKNOWN)
        return layer

    def _connect(
        self, layer: LasagneLayer, inputs: list[Tensor], shape: Any, is_input: bool = False
    ) -> None:
        output = Tensor(shape)
        node = Node(layer, inputs, output, layer.line, is_input=is_input)
        output.node = node
        layer.inbound_nodes.append(node)
        for tensor in inputs:
            if tensor.node is not None:
                self.consumed.add(id(tensor.node.layer))

    def _incoming(self, value: Any, merge: bool) -> tuple[list[Tensor], Any]:
        """The tensors a layer is connected to and their shape (a list for merge layers)."""
        if merge:
            items = self.evaluation.sequence(value)
            if items is UNKNOWN:
                return [], UNKNOWN
            parts = [self._incoming(item, False) for item in items]
            return [t for tensors, _ in parts for t in tensors], [shape for _, shape in parts]
        if isinstance(value, LasagneLayer):
            return [value.output], value.output.shape
        if isinstance(value, (tuple, list)):
            return [], _known_shape(value)
        return [], UNKNOWN

    def batch_norm(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Any:
        """Moves the layer's nonlinearity on top of a new BatchNormLayer and drops its bias."""
        layer = args[0] if args else kwargs.pop("layer", UNKNOWN)
        if not isinstance(layer, LasagneLayer):
            return UNKNOWN
        if isinstance(layer.weights, list):
            layer.weights = [w for w in layer.weights if w.name != "b"]
        name = kwargs.pop("name", None) or (layer.named and f"{layer.name}_bn") or None
        normalized = self.make_layer("BatchNormLayer", [layer], {**kwargs, "name": name}, site)
        if layer.class_name not in WITH_NONLINEARITY:
            return normalized
        nonlinearity = layer.config.get("nonlinearity") if isinstance(layer.config, Args) else None
        return self.make_layer(
            "NonlinearityLayer",
            [normalized, nonlinearity],
            {"name": name and f"{name}_nonlin"},
            site,
        )

    def _helper(self, helper: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """``get_output_shape``, ``get_all_layers``, ``count_params`` (by ``trainable`` tag)."""
        kwargs = dict(kwargs)
        outputs = args[0] if args else kwargs.pop("layer", UNKNOWN)
        trainable = kwargs.pop("trainable", None)
        layers = outputs if isinstance(outputs, list) else [outputs]
        if len(args) > 1 or kwargs or not layers:
            return UNKNOWN  # other input shapes, or other parameter tags
        if not all(isinstance(la, LasagneLayer) for la in layers):
            return UNKNOWN
        if helper == "get_output_shape":
            shapes = [_known_shape(la.output.shape) for la in layers]
            return shapes if isinstance(outputs, list) else shapes[0]
        everything = all_layers(layers)
        if helper == "get_all_layers":
            return everything
        return _count_params(everything, trainable)

    # ------------------------------------------------------------- nolearn
    def neural_net(self, args: list[Any], kwargs: dict[str, Any], site: CallSite) -> Model:
        """``NeuralNet(layers=...)``: a list of (name, class) or (class, kwargs), or layers."""
        spec = args[0] if args else kwargs.get("layers", UNKNOWN)
        model = Model("NeuralNet", "neuralnet", site.line, site.col, weights=[])
        mark_not_a_layer(model)
        self.neural_nets.append(model)
        given = spec if isinstance(spec, list) else [spec]
        if given and all(isinstance(item, LasagneLayer) for item in given):
            self.consumed.update(id(layer) for layer in given)
            built = network("NeuralNet", "neuralnet", given, {})
            model.layers, model.inputs, model.outputs = built.layers, built.inputs, built.outputs
            return model
        items = self.evaluation.sequence(spec)
        layers: dict[str, LasagneLayer] = {}
        previous: Any = UNKNOWN
        for index, item in enumerate([] if items is UNKNOWN else items):
            previous = self._nolearn_layer(index, item, previous, layers, kwargs, site)
            if previous is UNKNOWN:
                break
        if items is UNKNOWN or previous is UNKNOWN:
            model.layers, model.complete = UNKNOWN, False
            return model
        model.layers = list(layers.values())
        model.outputs = [previous.output]
        return model

    def _nolearn_layer(
        self,
        index: int,
        item: Any,
        previous: Any,
        layers: dict[str, LasagneLayer],
        net_kwargs: dict[str, Any],
        site: CallSite,
    ) -> Any:
        """One entry of ``layers``, instantiated as ``NeuralNet.initialize_layers`` does."""
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            return UNKNOWN
        if isinstance(item[1], dict):
            factory, layer_kw = item[0], dict(item[1])
        else:
            factory, layer_kw = item[1], {"name": item[0]}
        class_name = _factory_class(factory)
        if class_name is None:
            return UNKNOWN
        layer_kw.setdefault("name", nolearn_name(class_name, index))
        name = layer_kw["name"]
        if not isinstance(name, str) or name in layers:
            return UNKNOWN
        prefix = f"{name}_"
        layer_kw.update(
            {k[len(prefix) :]: v for k, v in net_kwargs.items() if k.startswith(prefix)}
        )
        if class_name != "InputLayer":
            try:
                if "incoming" in layer_kw:
                    layer_kw["incoming"] = layers[layer_kw["incoming"]]
                elif "incomings" in layer_kw:
                    layer_kw["incomings"] = [layers[n] for n in layer_kw["incomings"]]
                else:
                    layer_kw["incoming"] = previous
            except (KeyError, TypeError, CannotKnow):
                return UNKNOWN
        layers[name] = self.make_layer(class_name, [], layer_kw, site)
        return layers[name]

    # ------------------------------------------------------------- models
    def networks(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` with each network output (a layer no other layer takes) as a model.

        A dict of layers (Lasagne Recipes' ``net``) is one network, its keys the names.
        """
        names = binding_names(values)
        made: dict[int, Model] = {}  # a layer bound to two names is one network
        result: dict[str, Any] = {}
        for key, value in values.items():
            outputs: list[LasagneLayer] = []
            layer_names = names
            if isinstance(value, LasagneLayer):
                outputs = [value]
            elif isinstance(value, dict):
                outputs = [v for v in value.values() if isinstance(v, LasagneLayer)]
                layer_names = binding_names(value)
            outputs = [o for o in outputs if id(o) not in self.consumed]
            if not outputs or not isinstance(key, str):
                result[key] = value
            elif id(value) in made:
                result[key] = made[id(value)]
            else:
                result[key] = made[id(value)] = network("LasagneNetwork", key, outputs, layer_names)
        return result


def _factory_class(factory: Any) -> str | None:
    """The Lasagne class of a nolearn layer factory: a class or a dotted name."""
    if isinstance(factory, KerasRef):
        module, _, last = factory.path.rpartition(".")
        return lasagne_class(last) if module.startswith("lasagne.layers") else None
    if isinstance(factory, str) and factory.startswith("lasagne.layers."):
        return lasagne_class(factory.rsplit(".", 1)[-1])
    return None


def _known_shape(value: Any) -> Any:
    """A shape tuple of ints/None, or UNKNOWN."""
    if not isinstance(value, (tuple, list)):
        return UNKNOWN
    if any(
        not (d is None or d is UNKNOWN or (isinstance(d, int) and not isinstance(d, bool)))
        for d in value
    ):
        return UNKNOWN
    return tuple(value)


def _count_params(layers: list[Any], trainable: Any) -> Any:
    """``lasagne.layers.count_params``: all parameters, or those tagged ``trainable``."""
    total: Any = 0
    for layer in layers:
        if not isinstance(layer.weights, list):
            return UNKNOWN
        for weight in layer.weights:
            if trainable is None or weight.trainable == trainable:
                total = total + weight.size
    return UNKNOWN if contains_unknown(total) else total
