"""The methods of a model the evaluator follows: ``add``, ``build``, ``get_layer``,
``compile`` and the data checks of ``fit``/``evaluate``/``predict``."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator.values import CallSite
from kerasparam_lint.graph.model import Model, Tensor, flatten_tensors
from kerasparam_lint.graph.unknown import UNKNOWN, CannotKnow
from kerasparam_lint.libraries.keras import data_fit
from kerasparam_lint.libraries.keras.removed_api import (
    GENERATOR_METHODS,
    METHOD_KEYWORDS,
    PREDICTION_METHODS,
    generator_method_message,
    prediction_method_message,
    renamed_keyword_message,
)
from kerasparam_lint.libraries.keras.structures import is_dim


class ModelMethods:
    """A model's own methods: ``add``/``build``, ``count_params``, ``compile``, ``fit``..."""

    def _model_method(
        self, model: Model, method: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> Any:
        if model.class_name in data_fit.KERAS_MODELS or model.user_state is not None:
            self._removed_method(model, method, kwargs, site)
        if method == "build" and model.class_name == "Sequential" and model.inputs is None:
            shape = args[0] if args else kwargs.get("input_shape")
            if isinstance(shape, (tuple, list)) and all(is_dim(d) for d in shape):
                self._sequential_build_on_call(model, Tensor(tuple(shape)), site)
            else:
                model.layers, model.complete = UNKNOWN, False
            return None
        if method == "add" and model.class_name == "Sequential" and args:
            model.add_sites[id(args[0])] = site  # type: ignore[attr-defined]
            self._sequential_add(model, args[0], site)
            self._sequential_rebuild(model, site)
            return None
        if method == "count_params":
            params = model.counts()[0]
            return UNKNOWN if params is None else params
        if method == "get_layer" and model.layers is not UNKNOWN:
            wanted = args[0] if args else kwargs.get("name")
            for layer in model.layers:
                if layer.name == wanted:
                    return layer
            return UNKNOWN
        if method == "compile":
            loss = args[1] if len(args) > 1 else kwargs.get("loss")
            self.losses[model] = loss
        if method in data_fit.DATA_METHODS:
            if model.class_name == "Sequential" and model.inputs is None:
                shape = data_fit.build_shape(args[0] if args else kwargs.get("x"), kwargs)
                if shape is not None:  # Keras builds it on the first batch
                    self._sequential_build_on_call(model, Tensor(shape), site)
            self._check_data(model, method, args, kwargs, site)
        if method in _INERT_MODEL_METHODS:
            return None
        return UNKNOWN

    def _removed_method(
        self, model: Model, method: str, kwargs: dict[str, Any], site: CallSite
    ) -> None:
        """A Keras 1/2 method or keyword of a Keras model that Keras 3 no longer has."""
        if method in GENERATOR_METHODS:
            self.shared.problem("KPL308", generator_method_message(method), site)
        elif method in PREDICTION_METHODS:
            units = _last_axis(model.outputs)
            self.shared.problem("KPL309", prediction_method_message(method, units), site)
        renamed = METHOD_KEYWORDS.get(method, {})
        self._removed_keywords("KPL306", f"{method}()", renamed, kwargs, site)

    def _removed_keywords(
        self,
        code: str,
        callee: str,
        renamed: dict[str, str],
        kwargs: dict[str, Any],
        site: CallSite,
    ) -> None:
        for old, new in renamed.items():
            if old in kwargs:
                self.shared.problem(code, renamed_keyword_message(callee, old, new), site)

    def _check_data(
        self, model: Model, method: str, args: list[Any], kwargs: dict[str, Any], site: CallSite
    ) -> None:
        """``fit``/``evaluate``/``predict``...: data shapes that Keras would reject."""
        if any(t.misread for t in flatten_tensors(model.outputs)):
            return  # the data meets shapes its author did not mean (KPL305 says why)
        loss = self.losses.get(model)
        position = (site.line, site.col)
        self.shared.data_calls.append(
            data_fit.data_call(model, method, data_fit.loss_name(loss), args, kwargs, position)
        )
        try:
            data_fit.check_call(model, method, loss, args, kwargs)
        except data_fit.Rejected as rejected:
            self.shared.problem(rejected.code, str(rejected), site)
        except CannotKnow:
            return


_INERT_MODEL_METHODS = {
    "summary",
    "compile",
    "fit",
    "evaluate",
    "predict",
    "save",
    "save_weights",
    "load_weights",
    "build",
}


def _last_axis(outputs: Any) -> Any:
    """The size of a single output's last axis, or None."""
    if isinstance(outputs, list) and len(outputs) == 1:
        outputs = outputs[0]
    if isinstance(outputs, Tensor) and isinstance(outputs.shape, tuple) and outputs.shape:
        return outputs.shape[-1]
    return None
