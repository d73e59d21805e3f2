"""Model totals at a batch size and dtype: MACs, FLOPs and memory, as torchinfo prints them.

The per-layer values are scaled here once, and every total is the sum of exactly
those values, so a printed column always adds up to its printed total.
"""

from __future__ import annotations

from dataclasses import dataclass

from kerasparam_lint.reports.model_rows import ModelRows
from kerasparam_lint.reports.units import DTYPE_BYTES


@dataclass(frozen=True)
class ModelStatistics:
    batch_size: int
    dtype: str
    dtype_bytes: int
    layer_activations: list[int | None]  # output elements per layer, whole batch
    layer_macs: list[int | None]  # whole batch
    activations: int | None  # the column's sum
    input_elements: int | None
    forward_elements: int | None  # outputs of the layers that are not inputs
    macs: int | None
    params: int | None

    @property
    def layer_flops(self) -> list[int | None]:
        return [None if m is None else 2 * m for m in self.layer_macs]

    @property
    def flops(self) -> int | None:
        return None if self.macs is None else 2 * self.macs

    def _bytes(self, elements: int | None) -> int | None:
        return None if elements is None else elements * self.dtype_bytes

    @property
    def input_bytes(self) -> int | None:
        return self._bytes(self.input_elements)

    @property
    def forward_bytes(self) -> int | None:
        return self._bytes(self.forward_elements)

    @property
    def params_bytes(self) -> int | None:
        return self._bytes(self.params)

    @property
    def total_bytes(self) -> int | None:
        parts = (self.input_bytes, self.forward_bytes, self.params_bytes)
        return None if any(p is None for p in parts) else sum(parts)  # type: ignore[misc]


def _scaled(value: int | None, batch_size: int) -> int | None:
    return None if value is None else value * batch_size


def _sum(values: list[int | None]) -> int | None:
    return None if any(v is None for v in values) else sum(values)  # type: ignore[arg-type]


def model_statistics(
    rows: ModelRows, batch_size: int = 1, dtype: str = "float32"
) -> ModelStatistics:
    layer_activations = [_scaled(r.activations, batch_size) for r in rows.layers]
    layer_macs = [_scaled(r.macs, batch_size) for r in rows.layers]
    return ModelStatistics(
        batch_size=batch_size,
        dtype=dtype,
        dtype_bytes=DTYPE_BYTES[dtype],
        layer_activations=layer_activations,
        layer_macs=layer_macs,
        activations=_sum(layer_activations) if rows.layers else None,
        input_elements=_scaled(rows.input_elements, batch_size),
        forward_elements=_sum(
            [a for a, r in zip(layer_activations, rows.layers, strict=True) if not r.is_input]
        ),
        macs=_sum(layer_macs) if rows.layers else None,
        params=rows.total,
    )
