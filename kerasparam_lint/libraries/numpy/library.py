"""The NumPy library: ``numpy`` names, and what Python syntax does to arrays."""

from __future__ import annotations

from typing import Any

from kerasparam_lint.evaluator import arrays
from kerasparam_lint.evaluator.arrays import ArrayValue
from kerasparam_lint.evaluator.library import NOT_MINE, Library
from kerasparam_lint.evaluator.values import CallSite, member_path
from kerasparam_lint.libraries.numpy.functions import NUMPY

_ROOTS = {"numpy": NUMPY}


class NumpyLibrary(Library):
    """Arrays of known shape and dtype; their values only when small and literal."""

    def resolve(self, dotted: str) -> Any:
        found = member_path(_ROOTS, dotted)
        return NOT_MINE if found is None else found

    def attribute(self, receiver: Any, name: str) -> Any:
        return arrays.attribute(receiver, name) if isinstance(receiver, ArrayValue) else NOT_MINE

    def set_attribute(self, receiver: Any, name: str, value: Any) -> bool:
        if not isinstance(receiver, ArrayValue):
            return False
        arrays.set_attribute(receiver, name, value)
        return True

    def subscript(self, container: Any, key: Any) -> Any:
        return arrays.index(container, key) if isinstance(container, ArrayValue) else NOT_MINE

    def binary(self, op_name: str, left: Any, right: Any, site: CallSite) -> Any:
        if isinstance(left, ArrayValue) or isinstance(right, ArrayValue):
            return arrays.arithmetic(op_name, left, right)
        return NOT_MINE
