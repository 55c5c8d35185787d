"""Finding a snapshot's files and turning each into an all-text Arrow table.

Lenders export CSV from whatever their core system runs on: UTF-8 with or without a BOM,
or GB18030/GBK from Chinese systems. Guessing wrong turns names into mojibake silently, so
detection is strict: a BOM means UTF-8; bytes that decode as UTF-8 are UTF-8 (GBK text
almost never does); anything else is tried as GB18030; a file that decodes as neither, or
not in the encoding the caller forced, is a problem naming the line of the first bad byte,
not a traceback.

Every CSV column is read as text (no type inference: ``00123`` stays ``00123``, ``NA`` stays
``NA``); the checks decide what each column means. Parquet columns are brought to the
same text form (decimals and integers print exactly), except types that cannot carry the
column's meaning, floats for money above all, which are refused for the whole column.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from arrears.snapshot import format as fmt
from arrears.snapshot.lines import Source, count_value_newlines, vectorised_starts, walk_records
from arrears.snapshot.problems import ProblemLog

_CHUNK = 1 << 24
_UTF8 = ("utf-8", "utf-8-sig")


@dataclass
class RawTable:
    """One table as read: every column as text, data rows only, and where each row came from."""

    spec: fmt.Table
    source: Source
    data: pa.Table


def resolve_encoding(name: str | None) -> str | None:
    """The codec's canonical name (``GBK`` -> ``gbk``), or None to detect; ``LookupError`` when unknown."""
    return None if name is None else codecs.lookup(name).name


def locate(directory: Path, spec: fmt.Table, rank: int, log: ProblemLog) -> tuple[Path | None, Source]:
    """The table's file, or a problem when it is missing or present twice."""
    csv_path, parquet_path = directory / f"{spec.name}.csv", directory / f"{spec.name}.parquet"
    spec_columns = tuple(c.name for c in spec.columns)
    if parquet_path.is_file():
        source = Source(spec.name, str(parquet_path), rank, header_line=0, noun="row", first_line=1, spec_columns=spec_columns)
        if csv_path.is_file():
            log.fatal(source, "", f"both {spec.name}.csv and {spec.name}.parquet are present; keep exactly one")
            return None, source
        return parquet_path, source
    source = Source(spec.name, str(csv_path), rank, spec_columns=spec_columns)
    if not csv_path.is_file():
        log.fatal(source, "", f"table {spec.name} is missing: expected {spec.name}.csv or {spec.name}.parquet", line=0)
        return None, source
    return csv_path, source


def read_table(directory: Path, spec: fmt.Table, rank: int, encoding: str | None, log: ProblemLog) -> RawTable | None:
    """Locate and read one table; None when it cannot be read at all (the problem is logged)."""
    path, source = locate(directory, spec, rank, log)
    if path is None:
        return None
    data = _read_parquet(path, spec, source, log) if path.suffix == ".parquet" else _read_csv(path, spec, source, encoding, log)
    if data is None:
        return None
    source.columns = tuple(data.column_names)
    if path.suffix == ".parquet":
        data = _drop_refused(data, spec, source, log)
    for name in spec.required:
        if name not in source.columns:
            log.fatal(source, name, f"required column {name} is missing{_near_miss(name, data.column_names)}")
    for name in sorted(spec.reserved & set(data.column_names)):
        log.fatal(source, name, f"column name {name} is reserved for a computed column; rename it")
    return RawTable(spec, source, data)


def _near_miss(name: str, columns: list[str]) -> str:
    """A hint when the column is there but spelled differently (names are exact)."""
    for c in columns:
        if c.lstrip("\ufeff").strip().lower() == name:
            return f" (found {c!r}; column names are exact)"
    return ""


# -- CSV ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scan:
    encoding: str
    newlines: int
    ends_with_newline: bool
    size: int


class _Undecodable(Exception):
    def __init__(self, encoding: str, line: int, bad: bytes):
        super().__init__(f"{encoding}: line {line}")
        self.encoding, self.line, self.bad = encoding, line, bad


def _scan(path: Path, encoding: str) -> _Scan:
    """One streaming pass: decode (to validate) and count newlines; raises ``_Undecodable``."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    newlines = 0
    size = 0
    last = b""
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                at = max(0, e.start - len(pending))
                raise _Undecodable(encoding, newlines + chunk[:at].count(b"\n") + 1, e.object[e.start : e.end]) from None
            newlines += chunk.count(b"\n")
            size += len(chunk)
            last = chunk[-1:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as e:
            raise _Undecodable(encoding, newlines + (1 if last != b"\n" else 0), e.object[e.start : e.end]) from None
    return _Scan(encoding, newlines, last == b"\n", size)


def _has_bom(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(3) == codecs.BOM_UTF8


def detect(path: Path, forced: str | None) -> _Scan:
    """The file's encoding (validated) and newline count; raises ``_Undecodable``."""
    bom = _has_bom(path)
    if forced is not None:
        return _scan(path, "utf-8-sig" if forced in _UTF8 and bom else forced)
    if bom:
        return _scan(path, "utf-8-sig")
    try:
        return _scan(path, "utf-8")
    except _Undecodable as as_utf8:
        try:
            return _scan(path, "gb18030")
        except _Undecodable as as_gb:
            raise _Undecodable(f"UTF-8 (line {as_utf8.line}) or GB18030", as_gb.line, as_gb.bad) from None


def _read_csv(path: Path, spec: fmt.Table, source: Source, encoding: str | None, log: ProblemLog) -> pa.Table | None:
    try:
        scan = detect(path, encoding)
    except _Undecodable as e:
        log.fatal(
            source,
            "",
            f"cannot be decoded as {e.encoding} (bytes {e.bad.hex(' ')}); re-export as UTF-8 or pass the file's encoding",
            line=e.line,
        )
        return None
    if scan.size == 0:
        log.fatal(source, "", "file is empty; expected a header line")
        return None
    with open(path, encoding=scan.encoding, newline="") as f:
        try:
            header = next(csv.reader(f), None)
        except csv.Error as e:
            log.fatal(source, "", f"cannot read the header: {e}")
            return None
    if not header:
        log.fatal(source, "", "the first line is blank; expected the header")
        return None
    seen: set[str] = set()
    repeated = False
    for name in header:
        if name in seen and name:
            log.fatal(source, name, f"column {name} appears more than once in the header")
            repeated = True
        seen.add(name)
    if repeated:
        return None

    invalid: list[int | None] = []

    def skip_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append(row.number)
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8" if scan.encoding in _UTF8 else scan.encoding),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        walk = walk_records(path, scan.encoding, len(header))
        line = walk.error[0] if walk.error else 0
        log.fatal(source, "", f"cannot parse the CSV: {str(e).splitlines()[0]}", line=line)
        return None
    if table.column_names != header:  # Arrow and the csv module read the header differently: do not guess
        log.fatal(source, "", "cannot read the header consistently; check its quoting")
        return None
    _map_lines(path, source, scan, header, table, bool(invalid), log)
    # a trailing separator in the header (common in spreadsheet exports) names no column: nothing can refer to it
    return table.select([i for i, name in enumerate(header) if name]) if "" in header else table


def _map_lines(
    path: Path, source: Source, scan: _Scan, header: list[str], table: pa.Table, skipped: bool, log: ProblemLog
) -> None:
    """Set where each data row starts (see ``lines``); report records Arrow had to skip."""
    header_lines = 1 + sum(name.count("\n") for name in header)
    rows = table.num_rows
    expected = header_lines + rows - (0 if scan.ends_with_newline else 1)
    source.first_line = header_lines + 1
    if not skipped:
        if scan.newlines == expected:
            return
        extra = count_value_newlines(table)
        if extra is not None and scan.newlines == expected + pc.sum(extra).as_py():
            source.starts = vectorised_starts(header_lines, extra)
            return
    walk = walk_records(path, scan.encoding, len(header))
    for line, end, width in walk.malformed:
        spans = f"; it runs to line {end}: is a quote left open?" if end > line else ""
        log.fatal(source, "", f"record has {width} fields; the header has {len(header)}{spans}", line=line)
    if walk.error:
        log.fatal(source, "", f"cannot parse the CSV: {walk.error[1]}", line=walk.error[0])
    if len(walk.starts) == rows:
        source.starts = walk.starts
    elif not walk.error:
        log.fatal(source, "", "records could not be matched to lines; check the quoting of values", line=0)


# -- Parquet ------------------------------------------------------------------------------


def _read_parquet(path: Path, spec: fmt.Table, source: Source, log: ProblemLog) -> pa.Table | None:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as e:
        log.fatal(source, "", f"cannot read the Parquet file: {str(e).splitlines()[0]}", line=0)
        return None
    return table


def _drop_refused(table: pa.Table, spec: fmt.Table, source: Source, log: ProblemLog) -> pa.Table:
    """Parquet columns in text form; a column whose type is refused is reported once and left out."""
    kinds = {c.name: c.kind for c in spec.columns}
    names, columns = [], []
    for name, column in zip(table.column_names, table.columns, strict=True):
        text, refusal = as_text(column, kinds.get(name))
        if refusal:
            log.fatal(source, name, refusal)
            continue
        names.append(name)
        columns.append(text)
    return pa.table(columns, names=names)


def as_text(column: pa.ChunkedArray, kind: str | None) -> tuple[pa.ChunkedArray, str | None]:
    """A Parquet column in the text form the checks read, or why its type cannot be accepted.

    ``kind`` None is an extra column: kept as text when possible, as it is otherwise.
    """
    t = column.type
    if pa.types.is_dictionary(t):
        column, t = column.cast(t.value_type), t.value_type
    refuse = {
        fmt.AMOUNT: "a decimal column",
        fmt.DATE: "a date column",
        fmt.SEQ: "an integer column",
    }.get(kind or "", "a text column")
    if pa.types.is_floating(t) and kind == fmt.AMOUNT:
        return column, f"is a floating-point column ({t}); floats cannot hold money exactly; use a decimal column"
    stringy = pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t) or pa.types.is_null(t)
    if stringy:
        return column.cast(pa.string()), None
    if kind == fmt.DATE:
        if pa.types.is_date(t):
            return column.cast(pa.date32()).cast(pa.string()), None
        if pa.types.is_timestamp(t):
            return _timestamp_text(column), None
    elif kind == fmt.AMOUNT:
        if pa.types.is_integer(t) or pa.types.is_decimal(t):
            return column.cast(pa.string()), None
    elif kind == fmt.SEQ:
        if pa.types.is_integer(t):
            return column.cast(pa.string()), None
    elif kind == fmt.RATE:
        if pa.types.is_integer(t) or pa.types.is_decimal(t) or pa.types.is_floating(t):
            return column.cast(pa.string()), None
    elif kind is not None:
        if pa.types.is_integer(t):
            return column.cast(pa.string()), None
    else:
        try:
            return column.cast(pa.string()), None
        except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
            return column, None
    return column, f"is a {t} column; expected {refuse}"


def _timestamp_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Timestamps at midnight (wall clock of their zone) become dates; others stay visible as timestamps."""
    if column.type.tz is not None:
        column = pc.local_timestamp(column)
    day = pc.cast(column, pa.date32())
    midnight = pc.equal(pc.cast(day, column.type), column)
    return pc.if_else(midnight, pc.cast(day, pa.string()), pc.cast(column, pa.string()))
