"""LoRA (``lora_rank=``) as Dense, EinsumDense and Embedding enable it while building.

Keras freezes the full kernel and adds two trainable low-rank factors, so the
parameter count grows while the trainable count shrinks.
"""

from __future__ import annotations

from typing import Any

from kerasparam_lint.libraries.keras.layer_spec import WeightRow


def with_lora(rows: list[WeightRow], rank: Any, prefix: str = "lora_kernel") -> list[WeightRow]:
    """``enable_lora``: the first row (the kernel) becomes non-trainable, plus ``a`` and ``b``."""
    if not rank:
        return rows
    name, shape, _ = rows[0]
    return [
        (name, shape, False),
        *rows[1:],
        (f"{prefix}_a", (*shape[:-1], rank), True),
        (f"{prefix}_b", (rank, shape[-1]), True),
    ]
