"""The classification result as files: decimal text in CSV, decimals in Parquet.

The engine computes in integer minor units; this module turns them into what the
reference promises: amounts fixed to the currency's minor unit (``1234.50`` CNY, ``1200``
JPY). Files are written to a temporary name in the target folder and renamed into place,
so a failure never leaves a half-written result where the old one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from arrears.domain.currency import MINOR_UNITS
from arrears.domain.delinquency import AMOUNT_COLUMNS, OUTPUT_COLUMNS


def _scale(currency: ir.StringValue, scales: set[int]) -> ir.IntegerValue:
    expr = ibis.literal(2, type="int64")
    for s in sorted(scales - {2}):
        expr = ibis.ifelse(currency.isin([c for c, m in MINOR_UNITS.items() if m == s]), s, expr)
    return expr


def _as_text(minor: ir.IntegerValue, scale: ir.IntegerValue, scales: set[int]) -> ir.StringValue:
    """Non-negative minor units as decimal text with exactly ``scale`` places."""
    cases = []
    for s in sorted(scales):
        if s == 0:
            cases.append((scale == 0, minor.cast("string")))
        else:
            unit = 10**s
            text = (minor // unit).cast("string") + "." + (minor % unit).cast("string").lpad(s, "0")
            cases.append((scale == s, text))
    return ibis.cases(*cases)


def with_decimal_text(result: ir.Table, currencies: set[str]) -> ir.Table:
    """Replace the minor-unit amount columns by decimal text fixed to each row's currency."""
    scales = {MINOR_UNITS[c] for c in currencies} or {2}
    scale = _scale(result.currency, scales)
    return result.mutate(**{c: _as_text(result[c], scale, scales) for c in AMOUNT_COLUMNS}).select(*OUTPUT_COLUMNS)


def _atomic_target(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(tmp)


def _write_csv(table: pa.Table, path: Path) -> None:
    """Plain CSV as spreadsheets and loan systems expect; quotes only if a value needs them."""
    import pyarrow.csv as pcsv

    for style in ("none", "needed"):
        try:
            with path.open("wb") as f:
                f.write((",".join(table.column_names) + "\n").encode("utf-8"))
                pcsv.write_csv(table, f, pcsv.WriteOptions(include_header=False, quoting_style=style))
            return
        except pa.ArrowInvalid:  # a value holds a comma, a quote or a line break
            continue


def write_result(table: pa.Table, path: Path, currencies: set[str]) -> None:
    """Write CSV (decimal text) or Parquet (decimal columns) by the file's suffix, atomically."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise ValueError(f"{path}: the output must end in .csv or .parquet")
    tmp = _atomic_target(path)
    try:
        if suffix == ".csv":
            _write_csv(table, tmp)
        else:
            import pyarrow.parquet as pq

            places = max((MINOR_UNITS[c] for c in currencies), default=2)
            decimal = pa.decimal128(38, places)
            for name in AMOUNT_COLUMNS:
                table = table.set_column(table.schema.get_field_index(name), name, pc.cast(table[name], decimal))
            pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
