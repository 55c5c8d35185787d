"""Where a row is in its file, as the person fixing the export will look for it.

Problems name a record's first physical line as a text editor shows it: the header is line
1, the first record line 2. A quoted value with embedded newlines pushes every later record
further down, and Arrow's reader does not say where records start. So:

1. When the file's newline count matches one line per record (the common case), row ``i``
   is on line ``header_lines + 1 + i``: arithmetic, nothing stored.
2. Otherwise, when the newlines inside values account exactly for the difference, the start
   lines are a cumulative sum over the per-row count of newlines in values: still
   vectorised.
3. Otherwise (blank lines, records Arrow skipped as malformed, ``\\r``-only line ends), the
   stdlib ``csv`` reader walks that one file and records where each record starts; it also
   reports records with the wrong number of fields, which Arrow only skips.

Parquet has no lines: a row is named by its 1-based row number, and column-level problems by
row 0.
"""

from __future__ import annotations

import csv
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


@dataclass
class Source:
    """One file of the snapshot, and how to name a place in it."""

    table: str
    path: str
    rank: int  # position of the table in the snapshot, for ordering problems
    header_line: int = 1  # where column-level problems point: 1 for CSV, 0 for Parquet and JSON
    noun: str = "line"  # "line" (CSV) or "row" (Parquet)
    columns: tuple[str, ...] = ()
    spec_columns: tuple[str, ...] = ()
    first_line: int = 2  # line (or row number) of data row 0 when no starts are stored
    starts: pa.Array | None = field(default=None, repr=False)  # per data row start line, when irregular

    def lines_of(self, rows: Sequence[int]) -> list[int]:
        if self.starts is None:
            return [self.first_line + r for r in rows]
        return self.starts.take(pa.array(rows, pa.int64())).to_pylist()

    def where(self, row: int) -> str:
        return f"{self.noun} {self.lines_of([row])[0]}"

    def column_rank(self, column: str) -> int:
        """Problems on one line are listed in the file's column order."""
        if column in self.columns:
            return self.columns.index(column)
        if column in self.spec_columns:
            return 1000 + self.spec_columns.index(column)
        return -1


def count_value_newlines(table: pa.Table) -> pa.Array | None:
    """Per row, the newlines inside its values; None when there are none at all."""
    total = None
    for column in table.columns:
        if not pa.types.is_string(column.type):
            continue
        counts = pc.count_substring(column, "\n")
        if pc.max(counts).as_py():
            total = counts if total is None else pc.add(total, counts)
    if total is None:
        return None
    return total.combine_chunks() if isinstance(total, pa.ChunkedArray) else total


def vectorised_starts(header_lines: int, extra: pa.Array) -> pa.Array:
    """Start lines when newlines inside values are the only irregularity."""
    extra = extra.cast(pa.int64())
    before = pc.subtract(pc.cumulative_sum(extra), extra)
    return pc.add(pa.array(np.arange(header_lines + 1, header_lines + 1 + len(extra), dtype=np.int64)), before)


@dataclass(frozen=True)
class Walk:
    """What the stdlib csv reader saw: record start lines and records with a wrong field count."""

    starts: pa.Array  # start line of each well-formed data record, in order
    malformed: list[tuple[int, int, int]]  # (start line, end line, number of fields)
    error: tuple[int, str] | None  # (line, csv error) when the walk stopped early


def walk_records(path: Path, encoding: str, width: int) -> Walk:
    """Record start lines via the stdlib csv reader, for the one file that needs it."""
    starts = array("q")
    malformed: list[tuple[int, int, int]] = []
    error = None
    limit = csv.field_size_limit(_FIELD_LIMIT)  # Arrow reads fields of any size; so must the walk
    try:
        _walk(path, encoding, width, starts, malformed)
    except _Stopped as e:
        error = (e.line, e.message)
    finally:
        csv.field_size_limit(limit)
    return Walk(pa.array(starts, pa.int64()), malformed, error)


_FIELD_LIMIT = 2**31 - 1


class _Stopped(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _walk(path: Path, encoding: str, width: int, starts: array, malformed: list) -> None:
    with open(path, encoding=encoding, newline="") as f:
        reader = csv.reader(f)
        previous = 0
        first = True
        try:
            for record in reader:
                start, previous = previous + 1, reader.line_num
                if not record:  # blank line: Arrow skips it too
                    continue
                if first:  # the header
                    first = False
                    continue
                if len(record) == width:
                    starts.append(start)
                else:
                    malformed.append((start, previous, len(record)))
        except csv.Error as e:
            raise _Stopped(previous + 1, str(e)) from None
