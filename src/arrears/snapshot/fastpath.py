"""A Parquet snapshot checked inside DuckDB: clean, or "ask the precise reader".

``read_snapshot`` checks every value in Arrow and can say exactly what is wrong and where,
but it turns every Parquet column into text first (so that CSV and Parquet share one set
of checks): for a million accounts that is most of the time of ``arrears classify``.
Typed Parquet needs far less. A decimal column cannot hold ``1e5`` or ``12,3``, a date
column cannot hold ``2026-02-30``, so what remains of the format's rules is a handful of
aggregate SQL passes that count violations, read straight from the files by DuckDB:

- per table, one pass over the rows: required values present, amounts >= 0 (> 0 where
  the format says so), not too large, no more decimal places than the currency allows,
  known currency, country, region of that country, IANA time zones, positive ``seq``;
- per table, one grouped pass per account joined to the accounts: dangling references,
  repeated ``seq`` (a bit set per account and block of 63 numbers: the number of
  distinct bits equals the number of rows exactly when no number repeats);
- ids: strictly ascending in file order (one streaming comparison, the usual export) or,
  failing that, counted distinct by DuckDB;
- reversals (few rows) joined to the payments they name: every reversal rule.

The fast path may only ever be *more* suspicious than the reader, never less: anything it
does not handle exactly (a type other than string, date32, decimal or integer; a value
starting with white space, which the reader would trim or treat as blank; dates outside
years 1000-9999; amounts of a trillion or more; any DuckDB error) counts as "not clean",
and the caller then runs ``read_snapshot``, which reports the real problems, with file,
line and column, or finds none and returns the tables itself. A clean result comes with
the SQL that yields the reader's typed tables (amounts in minor units, dates as dates,
blank optional values as null), with no copy through Python.

The tests corrupt valid snapshots in every way the reader refuses and require this module
never to call one of them clean.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from arrears.domain.countries import COUNTRIES
from arrears.domain.currency import MINOR_UNITS
from arrears.snapshot import fields
from arrears.snapshot import format as fmt
from arrears.snapshot.manifest import read_manifest
from arrears.snapshot.problems import ProblemLog

_MAX_AMOUNT = 10**12  # at or above: left to the reader (its limit is 14 whole digits and 18 digits in all)
_MAX_SCALE = 6  # decimal columns with more places are left to the reader (18 digits in all)
_MAX_SEQ = 10**9  # the reader accepts at most nine digits
_DATES = ("1000-01-01", "9999-12-31")  # dates whose text form is YYYY-MM-DD
_MAX_DISTINCT = 100_000  # distinct code combinations checked in Python
_TEXT_KINDS = {fmt.TEXT, fmt.CURRENCY, fmt.COUNTRY, fmt.REGION, fmt.TIMEZONE, fmt.RATE}
_REGION = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
# first characters that may make a value blank or be trimmed by the reader: controls, spaces, Unicode spaces
_WS_CODES = (133, 160, 5760, 6158, 8232, 8233, 8239, 8287, 8288, 12288, 65279)


@dataclass
class FastCheck:
    """What the DuckDB checks found: ``selects`` when clean, else why not (``reason``, ``counts``)."""

    selects: dict[str, str] = field(default_factory=dict)  # table -> SELECT giving the reader's typed table
    currencies: frozenset[str] = frozenset()
    counts: dict[str, int] = field(default_factory=dict)  # rule -> violations found (all 0 when clean)
    reason: str = ""  # why the snapshot is left to the reader; empty when clean

    @property
    def clean(self) -> bool:
        return not self.reason


class _NotEligible(Exception):
    """The snapshot is not one this module can vouch for; the reader decides."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in_list(values) -> str:
    return "(" + ", ".join(_lit(v) for v in sorted(values)) + ")"


def _ws_first(x: str) -> str:
    """The value is empty or starts with a character the reader may trim or call blank."""
    u = f"unicode({x})"
    return f"({u} <= 32 OR {u} BETWEEN 127 AND 160 OR {u} BETWEEN 8192 AND 8203 OR {u} IN {tuple(_WS_CODES)})"


def _missing_text(x: str) -> str:
    return f"({x} IS NULL OR {_ws_first(x)})"


def _odd_optional_text(x: str) -> str:
    """An optional text value the reader might read differently: blank but not empty, or padded."""
    return f"({x} <> '' AND {_ws_first(x)})"


def _is_text(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


@dataclass(frozen=True)
class _Amount:
    """How an amount column is stored: decimal places of the column (0 for integers)."""

    scale: int


@dataclass
class _Table:
    spec: fmt.Table
    path: Path
    types: dict[str, pa.DataType]
    extras: list[str]

    @property
    def src(self) -> str:
        return f"read_parquet({_lit(str(self.path))})"

    def has(self, name: str) -> bool:
        return name in self.types

    def amount(self, name: str) -> _Amount:
        t = self.types[name]
        return _Amount(t.scale if pa.types.is_decimal(t) else 0)


def _inspect(directory: Path, spec: fmt.Table) -> _Table:
    parquet, csv = directory / f"{spec.name}.parquet", directory / f"{spec.name}.csv"
    if not parquet.is_file() or csv.exists():
        raise _NotEligible(f"{spec.name}: not a single Parquet file")
    try:
        schema = pq.read_schema(parquet)
    except (pa.ArrowException, OSError) as e:
        raise _NotEligible(f"{spec.name}: unreadable schema ({e})") from None
    names = schema.names
    if len(set(names)) != len(names):
        raise _NotEligible(f"{spec.name}: repeated column names")
    if spec.reserved & set(names):
        raise _NotEligible(f"{spec.name}: a reserved column name")
    types = {f.name: f.type for f in schema}
    for name in spec.required:
        if name not in types:
            raise _NotEligible(f"{spec.name}: required column {name} missing")
    kinds = {c.name: c.kind for c in spec.columns}
    for name, t in types.items():
        kind = kinds.get(name)
        ok = (
            _is_text(t)
            if kind is None or kind in _TEXT_KINDS
            else pa.types.is_date32(t)
            if kind == fmt.DATE
            else pa.types.is_integer(t)
            if kind == fmt.SEQ
            else (pa.types.is_integer(t) or (pa.types.is_decimal(t) and t.scale <= _MAX_SCALE and t.scale >= 0))
        )
        if not ok:
            raise _NotEligible(f"{spec.name}.{name}: type {t} is left to the reader")
    extras = [n for n in names if n not in kinds]
    return _Table(spec, parquet, types, extras)


def _places_case(currency: str, places: set[int]) -> str:
    """The number of decimal places of the row's currency, as SQL (null when unknown)."""
    by_places = {p: [c for c, m in MINOR_UNITS.items() if m == p] for p in sorted(places)}
    whens = " ".join(f"WHEN {currency} IN {_in_list(codes)} THEN {p}" for p, codes in by_places.items())
    return f"CASE {whens} END"


def _amount_bad(x: str, amount: _Amount, *, required: bool, positive: bool) -> str:
    """Missing (when required), negative, zero (when ``positive``) or too large for the fast path."""
    parts = [f"{x} IS NULL" if required else "FALSE", f"{x} < 0", f"abs({x}) >= {_MAX_AMOUNT}"]
    if positive:
        parts.append(f"{x} = 0")
    return "(" + " OR ".join(parts) + ")"


def _wide(x: str, amount: _Amount) -> str:
    """The value in a type where times ``10**4`` cannot overflow.

    DuckDB keeps ``DECIMAL(18, s) * integer`` at width 18; below a trillion and with at most
    two places, times ``10**4`` (the largest minor unit) still fits. Finer columns are
    widened first (slower, and rare).
    """
    return x if amount.scale <= 2 else f"CAST({x} AS DECIMAL(38, {amount.scale}))"


def _needed_places(x: str, amount: _Amount) -> str:
    """Decimal places a value actually uses (0 for integers): ``1.50`` uses 1, ``100.00`` none."""
    if amount.scale == 0:
        return "0"
    x = _wide(x, amount)
    whens = " ".join(f"WHEN {x} * {10**k} = floor({x} * {10**k}) THEN {k}" for k in range(amount.scale))
    return f"CASE WHEN {x} IS NULL THEN 0 {whens} ELSE {amount.scale} END"


def _minor(x: str, amount: _Amount, places: str | int) -> str:
    """Minor units of a checked amount: exact, the value has no more places than its currency."""
    if isinstance(places, int):
        factor = str(10**places)
    else:
        factor = "CASE " + " ".join(f"WHEN {places} = {p} THEN {10**p}" for p in sorted(set(MINOR_UNITS.values()))) + " END"
    if amount.scale == 0:
        return f"CAST({x} AS BIGINT) * {factor}"
    return f"CAST({_wide(x, amount)} * {factor} AS BIGINT)"


def _date_bad(x: str, required: bool) -> str:
    missing = f"{x} IS NULL OR " if required else ""
    return f"({missing}{x} < DATE {_lit(_DATES[0])} OR {x} > DATE {_lit(_DATES[1])})"


def _text_value(x: str, required: bool) -> str:
    return x if required else f"NULLIF({x}, '')"


class _Checker:
    def __init__(self, con, directory: Path):
        self.con = con
        self.directory = directory
        self.counts: dict[str, int] = {}

    def one(self, sql: str) -> tuple:
        """One query on a cursor of its own, so that passes can run side by side from several threads."""
        cursor = self.con.cursor()
        try:
            return cursor.execute(sql).fetchone()
        finally:
            cursor.close()

    def count(self, table: str, sql: str, names: list[str]) -> None:
        """Run one aggregate pass; each output column is a violation count named in ``names``."""
        row = self.one(sql)
        for name, value in zip(names, row, strict=True):
            self.counts[f"{table}.{name}"] = int(value or 0)


def _filters(rules: dict[str, str]) -> str:
    return ", ".join(f"count(*) FILTER (WHERE {cond})" for cond in rules.values())


def check_parquet(con, directory: Path) -> FastCheck:
    """Check the Parquet snapshot in ``directory`` with the DuckDB connection ``con``.

    Returns a ``FastCheck``; when ``clean`` its ``selects`` give the typed tables. Any
    reason to doubt (including an error inside DuckDB) makes it not clean, never a raise.
    """
    import duckdb

    try:
        return _check(con, Path(directory))
    except _NotEligible as e:
        return FastCheck(reason=str(e))
    except duckdb.Error as e:  # e.g. an amount so large that the arithmetic overflows
        return FastCheck(reason=f"DuckDB: {str(e).splitlines()[0]}")
    except pa.ArrowException as e:  # e.g. a seq that does not fit 64 bits
        return FastCheck(reason=f"Arrow: {str(e).splitlines()[0]}")


def _check(con, directory: Path) -> FastCheck:
    log = ProblemLog()
    read_manifest(directory, len(fmt.TABLES), log)
    if log:
        raise _NotEligible("manifest")
    customers, accounts, installments, payments = (_inspect(directory, spec) for spec in fmt.TABLES)
    check = _Checker(con, directory)
    # The passes run side by side, each on a cursor of its own (DuckDB reads a file of one row
    # group with one thread, so one pass at a time would leave a core idle), together with the
    # streaming comparisons (Arrow, one thread).
    with ThreadPoolExecutor(max_workers=5) as pool:
        ordered = pool.submit(_streamed, customers, accounts, installments, payments)
        passes = [
            pool.submit(_check_customers, check, customers),
            pool.submit(_check_row_rules, check, installments),
            pool.submit(_check_row_rules, check, payments),
            pool.submit(_check_reversals, check, payments),
        ]
        currencies = _check_accounts(check, accounts, customers)
        if not currencies and check.one(f"SELECT count(*) FROM {accounts.src}")[0]:
            raise _NotEligible("accounts without a known currency")
        places = {MINOR_UNITS[c] for c in currencies} or {2}
        for done in passes:
            done.result()
        unique, in_order = ordered.result()
    for table in (customers, accounts, payments):
        _check_unique(check, table, table.spec.key, unique[table.spec.name])
    _check_owned(check, installments, accounts, places, in_order["installments"])
    _check_owned(check, payments, accounts, places, in_order["payments"])
    bad = {k: v for k, v in check.counts.items() if v}
    if bad:
        return FastCheck(counts=check.counts, reason="violations: " + ", ".join(f"{k}={v}" for k, v in sorted(bad.items())))
    single = next(iter(places)) if len(places) == 1 else None
    selects = {
        "customers": _select(customers, None),
        "accounts": _select(accounts, single, own_currency=True),
        "installments": _select(installments, single, accounts=accounts),
        "payments": _select(payments, single, accounts=accounts),
    }
    return FastCheck(selects=selects, currencies=frozenset(currencies), counts=check.counts)


def _optional_text_rules(table: _Table, skip: set[str]) -> dict[str, str]:
    """Optional and extra text columns: a value the reader could read as blank or trim."""
    rules = {}
    for col in table.spec.columns:
        if col.name in skip or not table.has(col.name) or col.required or col.kind not in (fmt.TEXT, fmt.RATE):
            continue
        rules[f"{col.name}.padded"] = _odd_optional_text(_q(col.name))
    for name in table.extras:
        rules[f"{name}.padded"] = _odd_optional_text(_q(name))
    return rules


def _required_text_rules(table: _Table, names: list[str]) -> dict[str, str]:
    return {f"{n}.missing": _missing_text(_q(n)) for n in names}


def _distinct(check: _Checker, t: _Table, columns: list[str]) -> list[tuple]:
    """The distinct combinations of a few low-cardinality columns (codes), checked in Python."""
    cols = ", ".join(_q(c) for c in columns)
    cursor = check.con.cursor()
    try:
        rows = cursor.execute(f"SELECT DISTINCT {cols} FROM {t.src} LIMIT {_MAX_DISTINCT + 1}").fetchall()
    finally:
        cursor.close()
    if len(rows) > _MAX_DISTINCT:
        raise _NotEligible(f"{t.spec.name}: too many distinct {cols}")
    return rows


def _check_customers(check: _Checker, t: _Table) -> None:
    """Codes are checked once per distinct value, with the reader's own rules; ids and names per row."""
    rules = _required_text_rules(t, ["customer_id", "full_name"])
    rules.update(_optional_text_rules(t, skip=set()))
    check.count("customers", f"SELECT {_filters(rules)} FROM {t.src}", list(rules))
    codes = [c for c in ("country", "region", "timezone") if t.has(c)]
    bad = {c: 0 for c in codes}
    for row in _distinct(check, t, codes):
        value = dict(zip(codes, row, strict=True))
        country = value["country"]
        if country is None or country not in COUNTRIES:
            bad["country"] += 1
        region = value.get("region")
        if region and not (_REGION.fullmatch(region) and region[:2] == country):
            bad["region"] += 1
        zone = value.get("timezone")
        if zone and (zone.strip() != zone or fields._unknown_zones(zone)):
            bad["timezone"] += 1
    check.counts.update({f"customers.{c}.bad": n for c, n in bad.items()})


def _check_accounts(check: _Checker, t: _Table, customers: _Table) -> set[str]:
    """Field rules of accounts, and whose customers exist; returns the currencies used."""
    found = {c for (c,) in _distinct(check, t, ["currency"])}
    check.counts["accounts.currency.unknown"] = len({c for c in found if c not in MINOR_UNITS})
    currencies = found & set(MINOR_UNITS)
    places = {MINOR_UNITS[c] for c in currencies} or {2}
    rules = _required_text_rules(t, ["account_id", "customer_id", "product"])
    principal = t.amount("principal")
    rules["principal.bad"] = _amount_bad("principal", principal, required=True, positive=True)
    if principal.scale > min(places):  # otherwise no value can have more places than its currency
        place = _places_case("currency", places)
        rules["principal.places"] = f"{_needed_places('principal', principal)} > {place}"
    rules["opened_on.bad"] = _date_bad("opened_on", required=True)
    if t.has("annual_rate"):
        rules["annual_rate.bad"] = r"annual_rate <> '' AND NOT regexp_full_match(annual_rate, '[0-9]+(\.[0-9]+)?')"
    rules.update(_optional_text_rules(t, skip={"annual_rate"}))
    names = [*rules, "customer_id.dangling"]
    dangling = (
        f"(SELECT count(*) FROM {t.src} a WHERE NOT EXISTS (SELECT 1 FROM {customers.src} c WHERE c.customer_id = a.customer_id))"
    )
    check.count("accounts", f"SELECT {_filters(rules)}, {dangling} FROM {t.src}", names)
    return currencies


def _row_groups(path: Path, columns: list[str]):
    """A Parquet file's columns one row group at a time (bounded memory whatever the file's size)."""
    f = pq.ParquetFile(path)
    for i in range(f.num_row_groups):
        table = f.read_row_group(i, columns=columns)
        yield [_plain(table[c]) for c in columns]


def _plain(values: pa.ChunkedArray) -> pa.Array:
    values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if pa.types.is_dictionary(values.type):
        values = values.cast(values.type.value_type)
    if pa.types.is_large_string(values.type) or pa.types.is_string_view(values.type):
        values = values.cast(pa.string())
    return values


def _sorted_unique(path: Path, column: str) -> bool:
    """Whether ``column`` is strictly ascending in file order (so unique): one streaming comparison."""
    last = None
    for (values,) in _row_groups(path, [column]):
        if not len(values):
            continue
        if values.null_count:
            return False
        if last is not None and not pc.less(last, values[0]).as_py():
            return False
        if len(values) > 1 and not pc.all(pc.less(values[:-1], values[1:])).as_py():
            return False
        last = values[-1]
    return True


def _streamed(customers: _Table, accounts: _Table, installments: _Table, payments: _Table):
    """The checks that stream the files in order: ids ascending, rows grouped by account."""
    unique = {t.spec.name: _sorted_unique(t.path, t.spec.key) for t in (customers, accounts, payments)}
    account_ids = pa.concat_arrays([ids for (ids,) in _row_groups(accounts.path, ["account_id"])] or [pa.array([], pa.string())])
    in_order = {t.spec.name: _grouped_in_order(t, account_ids) for t in (installments, payments)}
    return unique, in_order


def _check_unique(check: _Checker, t: _Table, key: str | None, ascending: bool) -> None:
    if key is None:
        return
    if ascending:
        check.counts[f"{t.spec.name}.{key}.duplicate"] = 0
        return
    q = _q(key)
    check.count(t.spec.name, f"SELECT count({q}) - count(DISTINCT {q}) FROM {t.src}", [f"{key}.duplicate"])


def _text(values: pa.Array) -> pa.Array:
    return values if pa.types.is_string(values.type) else values.cast(pa.string())


def _grouped_in_order(t: _Table, account_ids: pa.Array) -> bool:
    """The usual export, checked by streaming: rows grouped by account (ascending), ``seq`` ascending within one.

    Then every account's rows are one run, ``seq`` cannot repeat inside a run, and the
    accounts named are the runs' first ids, looked up once at the end. False when the file
    is not in that order (or names an account the snapshot lacks): the grouped SQL pass decides.

    The account ids are read dictionary-encoded, so rows compare as integers: a run is rows
    with the same dictionary index, and only the first id of each run is compared as text
    (strictly greater than the previous run's, so equal ids under two indices fail).
    """
    with_seq = t.spec.name == "installments"
    columns = ["account_id", "seq"] if with_seq else ["account_id"]
    f = pq.ParquetFile(t.path, read_dictionary=["account_id"])
    last_id: str | None = None
    last_seq: int | None = None
    starts = []
    for i in range(f.num_row_groups):
        table = f.read_row_group(i, columns=columns)
        ids = table["account_id"]
        seqs = table["seq"] if with_seq else None
        if with_seq and (seqs.null_count or not pa.types.is_integer(seqs.type)):
            return False
        offset = 0
        for chunk in ids.chunks:
            n = len(chunk)
            if not n:
                continue
            if chunk.null_count or not pa.types.is_dictionary(chunk.type):
                return False
            index = chunk.indices.to_numpy()
            new = index[1:] != index[:-1]  # row k + 1 starts a run
            if with_seq:
                seq = seqs.slice(offset, n).to_numpy()
                offset += n
                if (seq[1:] <= seq[:-1])[~new].any():
                    return False
            positions = np.concatenate(([0], np.flatnonzero(new) + 1))
            firsts = _text(chunk.dictionary.take(pa.array(index[positions])))
            if len(firsts) > 1 and not pc.all(pc.less(firsts[:-1], firsts[1:])).as_py():
                return False
            first = firsts[0].as_py()
            if last_id is not None and first < last_id:  # code point order is UTF-8 byte order, as Arrow compares
                return False
            if first == last_id:  # the previous chunk's account goes on
                if with_seq and not last_seq < int(seq[0]):
                    return False
                firsts = firsts[1:]
            starts.append(firsts)
            last_id = chunk.dictionary[int(index[-1])].as_py()
            last_seq = int(seq[-1]) if with_seq else None
    if not starts:
        return True
    named = pa.concat_arrays(starts)
    if len(named) == len(account_ids) and pc.all(pc.equal(named, account_ids)).as_py():
        return True  # the usual case: every account has rows, in the accounts' order
    return pc.all(pc.is_in(named, value_set=account_ids)).as_py() is not False


def _owned_row_rules(t: _Table) -> dict[str, str]:
    """Row rules of installments or payments (their account's currency comes from the join)."""
    rules: dict[str, str] = {}
    for col in t.spec.columns:
        q = _q(col.name)
        if not t.has(col.name):
            continue
        if col.kind == fmt.AMOUNT:
            rules[f"{col.name}.bad"] = _amount_bad(q, t.amount(col.name), required=col.required, positive=col.positive)
        elif col.kind == fmt.DATE:
            rules[f"{col.name}.bad"] = _date_bad(q, col.required)
        elif col.kind == fmt.SEQ:
            rules[f"{col.name}.bad"] = f"{q} IS NULL OR {q} <= 0 OR {q} >= {_MAX_SEQ}"
        elif col.required and col.name != "account_id":  # account_id: the reference check covers it
            rules[f"{col.name}.missing"] = _missing_text(q)
    rules.update(_optional_text_rules(t, skip=set()))
    return rules


def _check_owned(check: _Checker, t: _Table, accounts: _Table, places: set[int], in_order: bool) -> None:
    """Installments or payments, per account: accounts named, repeated seq, decimal places.

    The per-account rules need the rows grouped by account: streamed in file order when
    the file is already grouped (``_grouped_in_order``), by a grouped SQL pass otherwise.
    Decimal places need each row's currency, so they join the accounts, unless the amount
    columns have no more places than the coarsest currency present.
    """
    amounts = [c.name for c in t.spec.columns if c.kind == fmt.AMOUNT and t.has(c.name)]
    fine = [a for a in amounts if t.amount(a).scale > min(places)]
    seq = t.spec.name == "installments"
    if in_order and not fine:
        check.counts.update({f"{t.spec.name}.{n}": 0 for n in ("account_id.dangling", "places", "seq.duplicate")})
        return
    need = "greatest(" + ", ".join(_needed_places(_q(a), t.amount(a)) for a in fine) + ")" if fine else "0"
    group = ["account_id"]
    aggregates = [f"max({need}) AS need"]
    if seq:
        group.append("CASE WHEN seq > 0 THEN seq // 63 END")
        aggregates += [
            "count(*) FILTER (WHERE seq > 0) AS n",
            "bit_count(bit_or(CASE WHEN seq > 0 THEN 1::BIGINT << CAST(seq % 63 AS INTEGER) END)) AS distinct_seq",
        ]
    grouped = f"SELECT {', '.join(group)}, {', '.join(aggregates)} FROM {t.src} GROUP BY ALL"
    place = _places_case("a.currency", places)
    outer = [
        "count(*) FILTER (WHERE a.account_id IS NULL)",
        f"count(*) FILTER (WHERE g.need > {place})",
        "sum(g.n - g.distinct_seq)" if seq else "0",
    ]
    sql = (
        f"SELECT {', '.join(outer)} FROM ({grouped}) g "
        f"LEFT JOIN (SELECT account_id, currency FROM {accounts.src}) a ON g.account_id = a.account_id"
    )
    check.count(t.spec.name, sql, ["account_id.dangling", "places", "seq.duplicate"])


def _check_row_rules(check: _Checker, t: _Table) -> None:
    rules = _owned_row_rules(t)
    check.count(t.spec.name, f"SELECT {_filters(rules)} FROM {t.src}", list(rules))


def _check_reversals(check: _Checker, t: _Table) -> None:
    """Every reversal names an ordinary payment of the same account, not later, same amount, once.

    Reversals are few, but reading their rows where they lie decodes every column of the file
    (each block of rows holds some), so the file is read in full once: the reversals' ids
    first (two columns), then every column of just the payments they name or are, which serve
    as both the reversals (joined by their own id) and the payments reversed. A repeated
    payment id only adds rows to the join, so counts grow, never shrink.
    """
    if not t.has("reverses"):
        return
    columns = "payment_id, account_id, paid_on, amount, reverses"
    ids = f"SELECT payment_id, reverses FROM {t.src} WHERE reverses IS NOT NULL AND reverses <> ''"
    named = f"SELECT {columns} FROM {t.src} WHERE payment_id IN (SELECT payment_id FROM ids UNION ALL SELECT reverses FROM ids)"
    r = (
        "(SELECT ids.reverses, n.payment_id, n.account_id, n.paid_on, n.amount "
        "FROM ids LEFT JOIN named n ON n.payment_id = ids.payment_id)"
    )
    rules = {
        "reverses.missing": "p.payment_id IS NULL",
        "reverses.itself": "r.reverses = r.payment_id",
        "reverses.of_reversal": "p.reverses IS NOT NULL AND p.reverses <> ''",
        "reverses.elsewhere": "p.account_id IS DISTINCT FROM r.account_id",
        "reverses.before": "r.paid_on < p.paid_on",
        "reverses.amount": "r.amount <> p.amount",
    }
    sql = (
        f"WITH ids AS MATERIALIZED ({ids}), named AS MATERIALIZED ({named}) "
        f"SELECT {_filters(rules)}, count(*) - count(DISTINCT r.reverses) FROM {r} r "
        "LEFT JOIN named p ON p.payment_id = r.reverses"
    )
    check.count("payments", sql, [*rules, "reverses.again"])


def _select(t: _Table, single_places: int | None, *, own_currency: bool = False, accounts: _Table | None = None) -> str:
    """The reader's typed table as SQL: spec columns in order (absent optional ones filled), then extras."""
    joined = single_places is None and (own_currency or accounts is not None)
    prefix = "t."
    places: str | int
    if single_places is not None:
        places = single_places
    elif own_currency:
        places = _places_case("t.currency", set(MINOR_UNITS.values()))
    else:
        places = _places_case("a.currency", set(MINOR_UNITS.values()))
    out = []
    for col in t.spec.columns:
        q = prefix + _q(col.name)
        name = _q(col.out_name)
        if not t.has(col.name):
            value = (
                "CAST(0 AS BIGINT)"
                if col.kind == fmt.AMOUNT
                else ("CAST(NULL AS DATE)" if col.kind == fmt.DATE else "CAST(NULL AS VARCHAR)")
            )
        elif col.kind == fmt.AMOUNT:
            value = (
                f"COALESCE({_minor(q, t.amount(col.name), places)}, 0)"
                if not col.required
                else _minor(q, t.amount(col.name), places)
            )
        elif col.kind == fmt.SEQ:
            value = f"CAST({q} AS BIGINT)"
        elif col.kind == fmt.DATE:
            value = q
        else:
            value = f"CAST({_text_value(q, col.required)} AS VARCHAR)"
        out.append(f"{value} AS {name}")
    out += [f"CAST(NULLIF({prefix}{_q(n)}, '') AS VARCHAR) AS {_q(n)}" for n in t.extras]
    source = f"{t.src} t"
    if joined and not own_currency and accounts is not None:
        source += f" JOIN (SELECT account_id, currency FROM {accounts.src}) a ON t.account_id = a.account_id"
    return f"SELECT {', '.join(out)} FROM {source}"
