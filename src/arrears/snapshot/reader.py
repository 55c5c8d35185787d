"""``read_snapshot``: one call from a snapshot folder to typed, fully checked tables.

By default a snapshot is all or nothing: one problem anywhere and nothing is returned,
because a loader that applies half a ledger leaves balances nobody can explain. With
``reject_bad_accounts`` the unit of refusal is the account instead: an account with any bad
row is dropped with every row it has in every table (one dropped installment would make its
days past due wrong), and the rest is returned with the problems, for a reject file.
Problems that no account can be blamed for (a missing table or column, an undecodable
file, a malformed manifest) stay fatal in both modes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from arrears.snapshot import format as fmt
from arrears.snapshot import integrity
from arrears.snapshot.files import RawTable, read_table, resolve_encoding
from arrears.snapshot.manifest import Manifest, read_manifest
from arrears.snapshot.problems import Problem, ProblemLog, SnapshotInvalid
from arrears.snapshot.tables import Typed, build


@dataclass(frozen=True)
class Snapshot:
    """A checked snapshot: typed tables (see ``format`` for their columns) and its manifest."""

    directory: Path
    customers: pa.Table
    accounts: pa.Table
    installments: pa.Table
    payments: pa.Table
    manifest: Manifest | None

    def currencies(self) -> set[str]:
        """The currencies the snapshot's accounts are in."""
        return set(pc.unique(self.accounts["currency"]).drop_null().to_pylist())


@dataclass(frozen=True)
class ReadResult:
    """Reject mode: what remains, what was wrong, and which accounts were dropped for it."""

    snapshot: Snapshot
    problems: list[Problem]  # the first ``max_problems``, in file and line order
    total_problems: int
    rejected_account_ids: frozenset[str]


def read_snapshot(
    directory: str | Path,
    *,
    encoding: str | None = None,
    max_problems: int | None = 100,
    reject_bad_accounts: bool = False,
) -> Snapshot | ReadResult:
    """Read and check the snapshot in ``directory``.

    ``encoding`` forces the CSV encoding (default: detect UTF-8, UTF-8 with BOM or
    GB18030). ``max_problems`` caps the problems listed (None: all); the total is always
    counted. Raises ``SnapshotInvalid`` on any problem, unless ``reject_bad_accounts``: then
    returns a ``ReadResult`` (raising only for problems no account can be blamed for).
    """
    if max_problems is not None and max_problems < 1:
        raise ValueError("max_problems must be at least 1 (or None for all)")
    directory = Path(directory)
    if not directory.is_dir():
        raise SnapshotInvalid([Problem(str(directory), 0, "", "snapshot folder not found")])
    try:
        forced = resolve_encoding(encoding)
    except LookupError:
        raise SnapshotInvalid([Problem(str(directory), 0, "", f"unknown encoding {encoding!r}; e.g. utf-8, gb18030")]) from None
    log = ProblemLog()
    manifest = read_manifest(directory, len(fmt.TABLES), log)
    rank = {spec.name: i for i, spec in enumerate(fmt.TABLES)}

    def read(spec: fmt.Table) -> RawTable | None:
        return read_table(directory, spec, rank[spec.name], forced, log)

    typed = _check(read, log)
    tables = {s.name: _empty(s) if typed[s.name] is None else typed[s.name].table for s in fmt.TABLES}

    def accounts_of(customer_ids: list[str]) -> Mapping[str, tuple[str, ...]]:
        return _accounts_of(tables["accounts"], customer_ids)

    if not log:
        snapshot = Snapshot(directory, manifest=manifest, **tables)
        return ReadResult(snapshot, [], 0, frozenset()) if reject_bad_accounts else snapshot
    if not reject_bad_accounts or log.structural:
        raise SnapshotInvalid(log.problems(max_problems, accounts_of), log.total)
    kept, rejected = _reject(tables, log)
    snapshot = Snapshot(directory, manifest=manifest, **kept)
    return ReadResult(snapshot, log.problems(max_problems, accounts_of), log.total, rejected)


def _check(read: Callable[[fmt.Table], RawTable | None], log: ProblemLog) -> dict[str, Typed | None]:
    """Field checks table by table, then the checks across rows and tables.

    Each table is read just before it is typed and its text form dropped right after: the
    text is most of the memory, so only one table's worth is held at a time.
    """
    customers = _build(read(fmt.CUSTOMERS), log)
    accounts = _build(read(fmt.ACCOUNTS), log)
    installments, installment_account, _ = _build_owned(read(fmt.INSTALLMENTS), accounts, log)
    payments, payment_account, payment_places = _build_owned(read(fmt.PAYMENTS), accounts, log)

    for table in (customers, accounts, payments):
        if table is not None:
            integrity.unique_ids(table, log)
    if accounts is not None:
        integrity.references(accounts, "customer_id", customers, "customer_id", log)
    if installments is not None:
        integrity.references(installments, "account_id", accounts, "account_id", log, found=installment_account)
        integrity.unique_seq(installments, installment_account, log)
    if payments is not None:
        integrity.references(payments, "account_id", accounts, "account_id", log, found=payment_account)
        integrity.reversals(payments, payment_places, log)
    return {"customers": customers, "accounts": accounts, "installments": installments, "payments": payments}


def _build(raw: RawTable | None, log: ProblemLog, **currency) -> Typed | None:
    return build(raw, log, **currency) if raw is not None else None


def _build_owned(raw: RawTable | None, accounts: Typed | None, log: ProblemLog):
    """Installments and payments take their currency from their account, found by one hash lookup."""
    if raw is None or accounts is None or "account_id" not in raw.data.column_names or not accounts.has("account_id"):
        return _build(raw, log), None, None
    value_set = accounts["account_id"].combine_chunks()
    at = pc.index_in(raw.data["account_id"], value_set=value_set, skip_nulls=True)
    places = accounts.places.take(at) if accounts.places is not None else None
    currency = accounts["currency"].take(at) if accounts.has("currency") else None
    return _build(raw, log, places=places, currency=currency), at, places


def _empty(spec: fmt.Table) -> pa.Table:
    return pa.table({c.out_name: pa.array([], c.out_type) for c in spec.columns})


def _accounts_of(accounts: pa.Table, customer_ids: list[str]) -> dict[str, tuple[str, ...]]:
    """The accounts of a few customers (for the problems actually listed)."""
    if not customer_ids or accounts.num_rows == 0:
        return {}
    mine = accounts.filter(pc.is_in(accounts["customer_id"], value_set=pa.array(sorted(set(customer_ids)), pa.string())))
    out: dict[str, list[str]] = {}
    for customer, account in zip(mine["customer_id"].to_pylist(), mine["account_id"].to_pylist(), strict=True):
        if account is not None:
            out.setdefault(customer, []).append(account)
    return {c: tuple(dict.fromkeys(a)) for c, a in out.items()}


def _reject(tables: dict[str, pa.Table], log: ProblemLog) -> tuple[dict[str, pa.Table], frozenset[str]]:
    """Drop every bad row and every row of an account that has one (or whose customer has one)."""
    accounts = tables["accounts"]
    bad_customers = log.tainted_ids("customers")
    of_bad_customers = accounts.filter(pc.is_in(accounts["customer_id"], value_set=bad_customers))["account_id"]
    parts = [log.tainted_ids(name) for name in ("accounts", "installments", "payments")]
    parts.append(of_bad_customers.combine_chunks().drop_null().cast(pa.string()))
    tainted = pc.unique(pa.concat_arrays(parts))

    def keep(name: str, key: str, ids: pa.Array) -> pa.Table:
        table = tables[name]
        fine = np.ones(table.num_rows, dtype=bool)
        fine[log.bad_rows(name).to_numpy()] = False
        fine &= ~pc.fill_null(pc.is_in(table[key], value_set=ids), False).to_numpy()
        return table.filter(pa.array(fine))

    kept = {
        "customers": keep("customers", "customer_id", bad_customers),
        "accounts": keep("accounts", "account_id", tainted),
        "installments": keep("installments", "account_id", tainted),
        "payments": keep("payments", "account_id", tainted),
    }
    existing = pc.is_in(tainted, value_set=accounts["account_id"].combine_chunks())
    return kept, frozenset(tainted.filter(existing).to_pylist())
