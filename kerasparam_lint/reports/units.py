"""Units, scaled in one place: bytes as Keras prints them, counts with SI prefixes."""

from __future__ import annotations

# Bytes per scalar of the dtypes ``--dtype`` accepts.
DTYPE_BYTES = {
    "float64": 8,
    "float32": 4,
    "float16": 2,
    "bfloat16": 2,
    "int8": 1,
    "uint8": 1,
}


def readable_bytes(size: float) -> str:
    """Keras' ``readable_memory_size``: 1024-based units, two decimals."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def readable_count(count: int) -> str:
    """MACs and FLOPs: 1000-based prefixes, two decimals (``15.47 G``)."""
    if abs(count) < 1000:
        return str(count)
    value = count / 1000
    for prefix in ("K", "M", "G", "T"):
        if abs(value) < 1000:
            return f"{value:.2f} {prefix}"
        value /= 1000
    return f"{value:.2f} P"
