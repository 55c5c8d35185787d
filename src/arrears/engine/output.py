"""The classification result as files: decimal text in CSV, decimals in Parquet.

The engine computes in integer minor units; this module turns them (with
``arrears.money_columns``) into what the reference promises: amounts fixed to the currency's minor unit (``1234.50`` CNY, ``1200``
JPY). Files are written to a temporary name in the target folder and renamed into place,
so a failure never leaves a half-written result where the old one was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from arrears.domain.currency import MINOR_UNITS
from arrears.domain.delinquency import AMOUNT_COLUMNS, OUTPUT_COLUMNS
from arrears.money_columns import decimal_text


def with_decimal_text(result: pa.Table) -> pa.Table:
    """Replace the minor-unit amount columns by decimal text fixed to each row's currency."""
    for name in AMOUNT_COLUMNS:
        result = result.set_column(result.schema.get_field_index(name), name, decimal_text(result[name], result["currency"]))
    return result.select(list(OUTPUT_COLUMNS))


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
