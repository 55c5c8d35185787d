"""From an all-text table to the typed table the engine consumes, checking every field.

The spec in ``format`` drives this: each column is parsed by its kind, every failed rule
becomes a ``Violation`` (rows still in Arrow form), and the typed column keeps a null where
the value was missing or bad, so that the remaining checks can still run on the rest.
Optional amounts default to 0 whether the column or just the value is absent, so the
engine never has to know which components a lender exports.

Columns holding personal data (national_id, phones, e-mails, address) are only ever checked
for presence, whose message carries no value: no rule here may quote them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from arrears.snapshot import fields
from arrears.snapshot import format as fmt
from arrears.snapshot.files import RawTable
from arrears.snapshot.lines import Source
from arrears.snapshot.problems import ProblemLog, Violation

Column = pa.Array | pa.ChunkedArray


@dataclass
class Typed:
    """A table after field checks: typed columns, and where its rows came from."""

    spec: fmt.Table
    source: Source
    table: pa.Table
    read: frozenset[str]  # the input columns that were read (absent optional columns are filled)
    places: Column | None = None  # accounts only: decimal places of each account's currency

    def __getitem__(self, name: str) -> pa.ChunkedArray:
        return self.table[name]

    @property
    def num_rows(self) -> int:
        return self.table.num_rows

    def has(self, name: str) -> bool:
        """Whether the input column ``name`` was read (absent optional columns are filled)."""
        return name in self.read


_REPETITIVE = {fmt.DATE, fmt.TIMEZONE}  # few distinct values, parsed in Python: always per distinct value


def report(log: ProblemLog, source: Source, col: fmt.Column, values: Column, failures: tuple[fields.Failure, ...]) -> None:
    """Turn failed masks into violations: the failing row numbers and what messages need.

    A personal column's values are not even handed to the message: no message can leak them.
    """
    for failure in failures:
        rows = pc.indices_nonzero(pc.fill_null(failure.mask, False)).cast(pa.int64())
        if not len(rows):
            continue
        details = {} if col.personal else {"value": values.take(rows)}
        details.update({name: arr.take(rows) for name, arr in failure.details.items()})
        log.add(Violation(source, col.name, rows, failure.message, details))


def _missing(d: object) -> str:
    return "required value is missing"


def build(raw: RawTable, log: ProblemLog, *, places: Column | None = None, currency: Column | None = None) -> Typed:
    """Check every field of ``raw`` and return its typed table.

    ``places``/``currency`` give the currency of each row for installments and payments
    (from their account); accounts find theirs in their own ``currency`` column.
    """
    spec, data, n = raw.spec, raw.data, raw.data.num_rows
    out: dict[str, Column] = {}
    own_places = None
    for col in spec.columns:
        if col.name not in data.column_names:
            out[col.out_name] = _absent(col, n)
            continue
        values = data[col.name]
        if col.kind == fmt.TEXT:
            missing = fields.blank(values)
            parsed = fields.Parsed(fields.text(values, missing))
        elif col.kind == fmt.CURRENCY:
            cells = fields.Cells.of(values)
            missing = cells.missing
            parsed, own_places = fields.check_currencies(cells)
            places, currency = own_places, parsed.values
        else:
            cells = fields.Cells.of(values, distinct=True if col.kind in _REPETITIVE else None)
            missing = cells.missing
            parsed = _parse(col, cells, out.get("country"), places, currency)
        failures = (fields.Failure(missing, _missing),) if col.required else ()
        report(log, raw.source, col, values, failures + parsed.failures)
        out[col.out_name] = parsed.values
    known = {c.name for c in spec.columns} | spec.reserved
    for name in data.column_names:
        if name not in known:
            column = data[name]
            out[name] = fields.text(column) if pa.types.is_string(column.type) else column
    table = pa.table({name: _chunked(values) for name, values in out.items()})
    table = table.cast(_schema(spec, table))
    log.owners[spec.name] = table[spec.owner]
    return Typed(spec, raw.source, table, frozenset(data.column_names), own_places)


def _parse(col: fmt.Column, cells: fields.Cells, country: Column | None, places: Column | None, currency: Column | None):
    """Parse one column by its kind."""
    if col.kind == fmt.COUNTRY:
        return fields.check_countries(cells)
    if col.kind == fmt.REGION:
        return fields.check_regions(cells, country if country is not None else pa.nulls(len(cells), pa.string()))
    if col.kind == fmt.TIMEZONE:
        return fields.check_timezones(cells)
    if col.kind == fmt.DATE:
        return fields.parse_dates(cells)
    if col.kind == fmt.SEQ:
        return fields.parse_seq(cells)
    if col.kind == fmt.RATE:
        return fields.parse_rates(cells)
    if col.kind == fmt.AMOUNT:
        parsed = fields.parse_amounts(cells, places, currency, positive=col.positive)
        if col.required:
            return parsed
        return fields.Parsed(pc.if_else(cells.missing, 0, parsed.values), parsed.failures)  # absent component: 0
    raise AssertionError(f"no parser for {col.kind}")  # pragma: no cover - a spec error


def _absent(col: fmt.Column, n: int) -> pa.Array:
    if col.kind == fmt.AMOUNT and not col.required:
        return pa.repeat(pa.scalar(0, pa.int64()), n)
    return pa.nulls(n, col.out_type)


def _chunked(values: Column) -> pa.ChunkedArray:
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def _schema(spec: fmt.Table, table: pa.Table) -> pa.Schema:
    types = {c.out_name: c.out_type for c in spec.columns}
    return pa.schema([pa.field(f.name, types.get(f.name, f.type)) for f in table.schema])
