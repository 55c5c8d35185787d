"""Vectorised column builders shared by the demo generator.

A million accounts means tens of millions of cells, so nothing here loops over rows: text
is assembled with Arrow compute kernels from small vocabularies, and money stays in
integer minor units (numpy ``int64``) until the very end, where it becomes either exact
decimal text fixed to each row's currency (CSV) or a ``decimal128`` column (Parquet).
Floats never touch an amount.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NULL_STR = pa.scalar(None, pa.string())


def pick(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """Indices into a vocabulary of ``len(weights)`` entries, drawn with those weights."""
    w = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(w), size=n, p=w / w.sum())


def take(values: Sequence[str], idx: np.ndarray) -> pa.Array:
    """``values[idx]`` as an Arrow string array."""
    return pa.array(list(values), pa.string()).take(pa.array(idx))


def cat(*parts: pa.Array | str) -> pa.Array:
    """Concatenate string arrays and literals element-wise; a null part gives a null."""
    return pc.binary_join_element_wise(*parts, "")


def digits(values: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded decimal text of at least ``width`` digits."""
    return pc.utf8_lpad(pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string()), width, "0")


def where(mask: np.ndarray, yes: pa.Array, no: pa.Array | pa.Scalar = NULL_STR) -> pa.Array:
    """Element-wise ``yes if mask else no`` (null by default: an absent optional field)."""
    return pc.if_else(pa.array(mask, pa.bool_()), yes, no)


def join_some(first: pa.Array, second: pa.Array, count: np.ndarray) -> pa.Array:
    """A ``;``-separated list of 0, 1 or 2 values per row (0 gives null, the absent field)."""
    both = cat(first, ";", second)
    return where(count >= 1, where(count >= 2, both, first))


def fixed_ids(prefix: str, count: int, min_width: int) -> pa.Array:
    """``prefix`` + 1-based number, fixed width so that text order is numeric order."""
    width = max(min_width, len(str(count)))
    return cat(prefix, digits(np.arange(1, count + 1), width))


def dates(days: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 as an Arrow ``date32`` column (written ``YYYY-MM-DD``)."""
    return pa.array(np.asarray(days, dtype=np.int32), pa.int32()).cast(pa.date32())


def _decimal(minor: np.ndarray, scale: int) -> pa.Array:
    """Integer minor units as ``decimal128(18, scale)`` without passing through floats."""
    minor = np.asarray(minor, dtype=np.int64)
    words = np.empty((len(minor), 2), dtype=np.int64)
    words[:, 0] = minor
    words[:, 1] = np.where(minor < 0, -1, 0)  # two's complement high word
    return pa.Array.from_buffers(pa.decimal128(18, scale), len(minor), [None, pa.py_buffer(words)])


def decimal_amounts(minor: np.ndarray, scales: np.ndarray) -> pa.Array:
    """Parquet amounts: one decimal column at the largest scale present in the table.

    A table can mix currencies (CNY with two decimals, JPY with none); a column has one
    scale, so smaller-scale rows are multiplied up, which is exact (1200 JPY -> 1200.00).
    """
    top = int(scales.max()) if len(scales) else 2
    return _decimal(np.asarray(minor, dtype=np.int64) * 10 ** (top - scales.astype(np.int64)), top)


def text_amounts(minor: np.ndarray, scales: np.ndarray) -> pa.Array:
    """CSV amounts: each row fixed to its own currency's minor unit (``1234.50``, ``1200``)."""
    result: pa.Array | None = None
    for scale in np.unique(scales):
        text = pc.cast(_decimal(minor, int(scale)), pa.string())
        result = text if result is None else where(scales == scale, text, result)
    return result if result is not None else pa.array([], pa.string())
