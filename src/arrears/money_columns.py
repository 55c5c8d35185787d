"""Money and date columns in Arrow: minor units to decimal text, dates to ISO text.

The reader and the engine work in integer minor units; result files and the store want
decimal text fixed to each row's currency (``DECIMAL(20, 4)`` columns, CSV output). This
one conversion serves both: exact string work on whole columns, never a float. 123456
minor units of CNY (2 places) become ``"1234.56"``, of JPY ``"123456"``.

>>> import pyarrow as pa
>>> decimal_text(pa.array([123456, 5, 0]), pa.array(["CNY", "JPY", "KWD"])).to_pylist()
['1234.56', '5', '0.000']
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from arrears.domain.currency import MINOR_UNITS


def decimal_text(minor: pa.Array | pa.ChunkedArray, currency: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Non-negative minor units as decimal text fixed to each row's currency minor unit."""
    minor = minor.combine_chunks() if isinstance(minor, pa.ChunkedArray) else minor
    currency = currency.combine_chunks() if isinstance(currency, pa.ChunkedArray) else currency
    scales = (
        pa.array([MINOR_UNITS[c] for c in currency.dictionary.to_pylist()], pa.int8())
        if pa.types.is_dictionary(currency.type)
        else None
    )
    if scales is not None:
        scale = scales.take(currency.indices)
    else:
        codes = pc.unique(currency).to_pylist()
        lookup = pa.array([MINOR_UNITS[c] for c in codes], pa.int8())
        scale = lookup.take(pc.index_in(currency, value_set=pa.array(codes, pa.string())))
    result = pc.cast(minor, pa.string())
    for s in sorted(set(pc.unique(scale).to_pylist()) - {0}):
        unit = 10**s
        whole = pc.cast(pc.divide(minor, unit), pa.string())
        frac = pc.utf8_lpad(pc.cast(pc.subtract(minor, pc.multiply(pc.divide(minor, unit), unit)), pa.string()), s, "0")
        text = pc.binary_join_element_wise(whole, frac, ".")
        result = pc.if_else(pc.equal(scale, s), text, result)
    return result


def iso_dates(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Dates as ``YYYY-MM-DD`` text (SQLite stores dates as text; no adapter needed)."""
    return pc.cast(column, pa.string())
