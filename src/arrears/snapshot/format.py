"""The snapshot format as data: which tables, which columns, what each column holds.

The reader, the checks and the tests all walk these specs instead of naming columns in
code, so the format is stated once (section 1 of the delinquency reference, "Portfolio
snapshot files"). A column's ``kind`` decides how it is parsed and what type it becomes in
the typed table; ``output`` renames amount columns, which become integer counts of the
currency's minor unit (``principal`` -> ``principal_minor``) so nobody downstream mistakes
them for decimals. ``personal`` columns are never quoted in a message.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

# kinds of column: how the text is parsed and what it becomes
TEXT = "text"  # kept as text; empty -> null
CURRENCY = "currency"  # ISO 4217 code
COUNTRY = "country"  # ISO 3166-1 alpha-2
REGION = "region"  # ISO 3166-2 subdivision, CC-XXX, must match the row's country
TIMEZONE = "timezone"  # one or more IANA names separated by ';'
DATE = "date"  # -> date32
AMOUNT = "amount"  # -> int64 minor units of the row's currency
SEQ = "seq"  # positive integer -> int64
RATE = "rate"  # non-negative decimal fraction, kept as text

_OUTPUT_TYPES = {DATE: pa.date32(), AMOUNT: pa.int64(), SEQ: pa.int64()}


@dataclass(frozen=True)
class Column:
    """One column of a snapshot table."""

    name: str
    kind: str = TEXT
    required: bool = False
    output: str | None = None  # name in the typed table, when it differs
    positive: bool = False  # amounts: must be > 0 (zero is refused, not just negatives)
    personal: bool = False  # personal data: its value never appears in a message

    @property
    def out_name(self) -> str:
        return self.output or self.name

    @property
    def out_type(self) -> pa.DataType:
        return _OUTPUT_TYPES.get(self.kind, pa.string())


@dataclass(frozen=True)
class Table:
    """One snapshot table: ``NAME.csv`` or ``NAME.parquet``."""

    name: str
    columns: tuple[Column, ...]
    key: str | None  # the column whose values must be unique
    owner: str  # the column naming the account (or customer) a row belongs to, for rejection

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def reserved(self) -> frozenset[str]:
        """Output names that no input column may use (they are computed)."""
        return frozenset(c.out_name for c in self.columns if c.output) - {c.name for c in self.columns}


CUSTOMERS = Table(
    "customers",
    (
        Column("customer_id", required=True),
        Column("full_name", required=True),
        Column("national_id", personal=True),
        Column("phones", personal=True),
        Column("emails", personal=True),
        Column("address", personal=True),
        Column("country", COUNTRY, required=True),
        Column("region", REGION),
        Column("timezone", TIMEZONE),
        Column("language"),
        Column("credit_grade"),
    ),
    key="customer_id",
    owner="customer_id",
)

ACCOUNTS = Table(
    "accounts",
    (
        Column("account_id", required=True),
        Column("customer_id", required=True),
        Column("product", required=True),
        Column("currency", CURRENCY, required=True),
        Column("principal", AMOUNT, required=True, output="principal_minor", positive=True),
        Column("opened_on", DATE, required=True),
        Column("annual_rate", RATE),
    ),
    key="account_id",
    owner="account_id",
)

INSTALLMENTS = Table(
    "installments",
    (
        Column("account_id", required=True),
        Column("seq", SEQ, required=True),
        Column("due_date", DATE, required=True),
        Column("principal_due", AMOUNT, required=True, output="principal_minor"),
        Column("interest_due", AMOUNT, output="interest_minor"),
        Column("fee_due", AMOUNT, output="fee_minor"),
        Column("penalty_due", AMOUNT, output="penalty_minor"),
    ),
    key=None,
    owner="account_id",
)

PAYMENTS = Table(
    "payments",
    (
        Column("payment_id", required=True),
        Column("account_id", required=True),
        Column("paid_on", DATE, required=True),
        Column("amount", AMOUNT, required=True, output="amount_minor", positive=True),
        Column("reverses"),
    ),
    key="payment_id",
    owner="account_id",
)

TABLES: tuple[Table, ...] = (CUSTOMERS, ACCOUNTS, INSTALLMENTS, PAYMENTS)
MANIFEST = "manifest.json"
