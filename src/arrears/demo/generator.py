"""The demo portfolio generator: a realistic, reproducible snapshot folder in seconds.

Demos, tests and benchmarks all need a book that looks like a lender's export: several
products and currencies, debtors in more than one country, and payment histories that
fill every aging bucket. ``generate`` writes one in the snapshot format of the reference
(section 1), entirely from ``numpy.random.default_rng(seed)``: the same arguments give
byte-identical files, on any machine with the same library versions, and nothing is
fetched from the network.

Everything is vectorised (numpy for numbers and dates, Arrow kernels for text) because
the point of a demo book is also to be large: a million accounts takes well under the two
minutes we allow.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from numbers import Integral
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from arrears.demo.behaviour import plan
from arrears.demo.columns import cat, dates, decimal_amounts, digits, fixed_ids, take, text_amounts, where
from arrears.demo.loans import PRODUCTS, draw_loans
from arrears.demo.payments import payments
from arrears.demo.people import SEGMENTS, customers

__all__ = ["FORMATS", "LOCALES", "generate"]

LOCALES: tuple[str, ...] = tuple(SEGMENTS)
FORMATS = ("csv", "parquet")
ACCOUNTS_PER_CUSTOMER = 1.18
EPOCH = date(1970, 1, 1)


def generate(out_dir: Path, accounts: int, seed: int, locale: str, as_of: date, fmt: str = "csv") -> dict:
    """Write a demo snapshot of ``accounts`` accounts into ``out_dir``; return rows per table.

    ``locale`` is ``zh_CN`` (Chinese debtors, mostly CNY) or ``en_US`` (US debtors in USD,
    a minority in Great Britain in GBP and a few in Japan in JPY); ``fmt`` is ``csv`` or
    ``parquet``. A table file of the other format with the same name is removed, so the
    folder never holds two disagreeing copies of one table.
    """
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}: the demo generator supports {', '.join(LOCALES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if isinstance(accounts, bool) or not isinstance(accounts, Integral) or accounts < 1:
        raise ValueError(f"accounts must be a whole number >= 1, not {accounts!r}")
    accounts = int(accounts)
    as_of = as_of.date() if isinstance(as_of, datetime) else as_of

    rng = np.random.default_rng(seed)
    as_of_days = (as_of - EPOCH).days
    people, segment, grade = customers(rng, max(1, round(accounts / ACCOUNTS_PER_CUSTOMER)), locale, as_of_days)
    loans = draw_loans(rng, accounts, segment, tuple(c for c, *_ in SEGMENTS[locale]), grade, locale)
    laid_out = plan(rng, loans, grade, as_of_days)
    paid = payments(rng, laid_out, as_of_days)

    amounts = text_amounts if fmt == "csv" else decimal_amounts
    account_ids = fixed_ids("A", accounts, 7)
    rows = laid_out.rows
    row_scale = loans.scale[rows.account]
    payment_ids = fixed_ids("P", len(paid.account), 8)
    tables = {
        "customers": people,
        "accounts": pa.table(
            {
                "account_id": account_ids,
                "customer_id": people.column("customer_id").take(pa.array(loans.customer)),
                "product": take(PRODUCTS, loans.product),
                "currency": take(loans.currencies, loans.currency),
                "principal": amounts(loans.principal, loans.scale),
                "opened_on": dates(laid_out.opened),
                "annual_rate": cat("0.", digits(loans.rate_bp, 4)),
            }
        ),
        "installments": pa.table(
            {
                "account_id": account_ids.take(pa.array(rows.account)),
                "seq": pa.array(rows.seq.astype(np.int32)),
                "due_date": dates(rows.due),
                "principal_due": amounts(rows.principal, row_scale),
                "interest_due": amounts(rows.interest, row_scale),
                "fee_due": amounts(laid_out.fee, row_scale),
                "penalty_due": amounts(laid_out.penalty, row_scale),
            }
        ),
        "payments": pa.table(
            {
                "payment_id": payment_ids,
                "account_id": account_ids.take(pa.array(paid.account)),
                "paid_on": dates(paid.paid_on),
                "amount": amounts(paid.amount, loans.scale[paid.account]),
                "reverses": where(paid.reverses >= 0, payment_ids.take(pa.array(np.maximum(paid.reverses, 0)))),
            }
        ),
    }
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        _write(table, out_dir, name, fmt)
    manifest = {"snapshot_id": f"demo-{locale}-{seed}-{accounts}-{as_of:%Y%m%d}", "extracted_at": f"{as_of.isoformat()}T23:59:59"}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {name: table.num_rows for name, table in tables.items()}


def _write(table: pa.Table, out_dir: Path, name: str, fmt: str) -> None:
    for other in FORMATS:
        if other != fmt:
            (out_dir / f"{name}.{other}").unlink(missing_ok=True)
    path = out_dir / f"{name}.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, path)
        return
    # Only customers hold free text (names, addresses with commas); the other tables are
    # ids, dates and numbers, written unquoted as lenders' exports usually are.
    quoting = "needed" if name == "customers" else "none"
    pcsv.write_csv(table, path, pcsv.WriteOptions(quoting_style=quoting))
