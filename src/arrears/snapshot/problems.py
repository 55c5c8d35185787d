"""What is wrong with a snapshot, and where: the problem type every check reports through.

A lender fixes an export by opening the file at the line we name, so a problem carries the
file (as the caller named the folder), the record's first physical line (or Parquet row)
and the column: ``file:line:column: message``.

Checks find bad rows in bulk: a ``Violation`` is one rule's failing rows as an Arrow array
plus a message template. Only the first few are ever turned into ``Problem`` objects, so a
snapshot with ten million bad rows costs ten million integers, not ten million objects, to
count and to reject.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from arrears.snapshot.lines import Source

_SHOWN = 40  # characters of an offending value shown in a message


@dataclass(frozen=True)
class Problem:
    """One violated rule at one place."""

    file: str
    line: int
    column: str
    message: str
    account_ids: tuple[str, ...] = ()  # the accounts this problem taints (for rejecting whole accounts)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class SnapshotInvalid(Exception):
    """The snapshot breaks the format; ``problems`` holds the first ones, ``total`` counts all."""

    def __init__(self, problems: Iterable[Problem], total: int | None = None):
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            lines.append(f"... and {self.total - len(self.problems)} more (total {self.total})")
        return "\n".join(lines)


def show(value: object) -> str:
    """An offending value as it appears in a message: quoted, escaped, and cut when long."""
    text = str(value)
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + "…"
    return repr(text)


Message = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Violation:
    """The rows of one table that break one rule, still in Arrow form.

    ``rows`` are 0-based data-row indices, ascending. ``details`` are arrays aligned with
    ``rows`` that the message needs (``value``; ``first_row`` becomes ``first_at``, e.g.
    "line 7"; ``other_account`` is a second account the problem taints).
    """

    source: Source
    column: str
    rows: pa.Array
    message: Message
    details: Mapping[str, pa.Array] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)


class ProblemLog:
    """Collects everything wrong with one snapshot, in bulk, and orders it for people.

    Structural problems (a missing table or column, an undecodable file, a broken CSV
    record) cannot be pinned on an account, so they stay fatal even when bad accounts are
    rejected; row violations can be.
    """

    def __init__(self) -> None:
        self.structural: list[tuple[tuple, Problem]] = []
        self.violations: list[Violation] = []
        self.owners: dict[str, pa.ChunkedArray | pa.Array] = {}  # table -> the owning id of each row
        self._seq = 0

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def fatal(self, source: Source, column: str, message: str, *, line: int | None = None) -> None:
        where = source.header_line if line is None else line
        key = (source.rank, where, source.column_rank(column), self._next())
        self.structural.append((key, Problem(source.path, where, column, message)))

    def add(self, violation: Violation) -> None:
        if len(violation):
            self.violations.append(violation)

    @property
    def total(self) -> int:
        return len(self.structural) + sum(len(v) for v in self.violations)

    def __bool__(self) -> bool:
        return self.total > 0

    def bad_rows(self, table: str) -> pa.Array:
        """Every row of ``table`` that broke any rule (unsorted, may repeat)."""
        parts = [v.rows for v in self.violations if v.source.table == table]
        return pa.concat_arrays([p.cast(pa.int64()) for p in parts]) if parts else pa.array([], pa.int64())

    def tainted_ids(self, table: str) -> pa.Array:
        """The owning ids (account or customer) of the bad rows of ``table``, plus other accounts named."""
        ids: list[pa.Array] = []
        owner = self.owners.get(table)
        for v in self.violations:
            if v.source.table != table:
                continue
            if owner is not None:
                ids.append(_as_array(owner.take(v.rows)))
            if "other_account" in v.details:
                ids.append(_as_array(v.details["other_account"]))
        if not ids:
            return pa.array([], pa.string())
        return pc.unique(pa.concat_arrays([a.cast(pa.string()) for a in ids])).drop_null()

    def problems(self, limit: int | None, accounts_of: Callable[[list[str]], Mapping[str, tuple[str, ...]]]) -> list[Problem]:
        """The first ``limit`` problems in file, line and column order.

        Each violation's rows are ascending, so only its first ``limit`` rows can make the
        cut: that bounds the objects built whatever the number of bad rows.
        """
        keyed: list[tuple[tuple, Problem]] = list(self.structural)
        for order, v in enumerate(self.violations):
            keyed.extend(self._materialize(v, order, limit, accounts_of))
        chosen = heapq.nsmallest(limit, keyed, key=lambda kp: kp[0]) if limit is not None else sorted(keyed, key=lambda kp: kp[0])
        return [p for _, p in chosen]

    def _materialize(self, v: Violation, order: int, limit: int | None, accounts_of) -> list[tuple[tuple, Problem]]:
        n = len(v) if limit is None else min(limit, len(v))
        rows = v.rows.slice(0, n)
        row_list = rows.to_pylist()
        lines = v.source.lines_of(row_list)
        details = {name: _as_array(arr).slice(0, n).to_pylist() for name, arr in v.details.items()}
        owner = self.owners.get(v.source.table)
        owner_ids = _as_array(owner.take(rows)).to_pylist() if owner is not None else [None] * n
        customers = v.source.table == "customers"
        by_customer = accounts_of([c for c in owner_ids if c is not None]) if customers else {}
        column_rank = v.source.column_rank(v.column)
        out = []
        for i in range(n):
            d = {name: values[i] for name, values in details.items()}
            if d.get("first_row") is not None:
                d["first_at"] = v.source.where(d["first_row"])
            if customers:
                accounts = by_customer.get(owner_ids[i], ()) if owner_ids[i] is not None else ()
            else:
                accounts = tuple(dict.fromkeys(a for a in (owner_ids[i], d.get("other_account")) if a))
            problem = Problem(v.source.path, lines[i], v.column, v.message(d), accounts)
            out.append(((v.source.rank, lines[i], column_rank, order, row_list[i]), problem))
        return out


def _as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(values, pa.ChunkedArray):
        return values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    return values
