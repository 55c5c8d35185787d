"""The demo generator's output, read back as plain CSV and judged by the pure domain.

The generator is vectorised numpy; the domain is the executable statement of the rules.
Reading the files with the stdlib ``csv`` module and classifying every account with
``classify_account`` checks the generator against the rules rather than against itself.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from zoneinfo import available_timezones

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from arrears.demo.generator import generate
from arrears.domain.aging import DEFAULT_BUCKETS
from arrears.domain.allocation import Components, Installment
from arrears.domain.currency import minor_unit
from arrears.domain.delinquency import AccountClassification, ClassificationPolicy, Payment, classify_account
from arrears.domain.money import Money

AS_OF = date(2026, 3, 31)  # a month end, so billing days 29-31 get clamped in shorter months
N = 2000
SEED = 20260331
LOCALES = ("zh_CN", "en_US")
TABLES = ("customers", "accounts", "installments", "payments")
AMOUNT_COLUMNS = {
    "accounts": ("principal",),
    "installments": ("principal_due", "interest_due", "fee_due", "penalty_due"),
    "payments": ("amount",),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass
class Book:
    """One generated snapshot, read back into domain objects."""

    folder: Path
    locale: str
    counts: dict
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, locale: str, counts: dict) -> Book:
        return cls(folder, locale, counts, {name: read_csv(folder / f"{name}.csv") for name in TABLES})

    @cached_property
    def currency(self) -> dict[str, str]:
        return {a["account_id"]: a["currency"] for a in self.tables["accounts"]}

    @cached_property
    def installments(self) -> dict[str, list[Installment]]:
        by_account = defaultdict(list)
        for r in self.tables["installments"]:
            due = Components.of(
                self.currency[r["account_id"]],
                principal=r["principal_due"],
                interest=r["interest_due"],
                fee=r["fee_due"],
                penalty=r["penalty_due"],
            )
            by_account[r["account_id"]].append(Installment(int(r["seq"]), date.fromisoformat(r["due_date"]), due))
        return by_account

    @cached_property
    def payments(self) -> dict[str, list[Payment]]:
        by_account = defaultdict(list)
        for r in self.tables["payments"]:
            amount = Money.of(r["amount"], self.currency[r["account_id"]])
            by_account[r["account_id"]].append(
                Payment(r["payment_id"], date.fromisoformat(r["paid_on"]), amount, r["reverses"] or None)
            )
        return by_account

    def classify(self, as_of: date) -> dict[str, AccountClassification]:
        policy = ClassificationPolicy()
        return {
            a: classify_account(a, c, self.installments[a], self.payments[a], as_of=as_of, policy=policy)
            for a, c in self.currency.items()
        }

    @cached_property
    def classified(self) -> dict[str, AccountClassification]:
        return self.classify(AS_OF)


@pytest.fixture(scope="module", params=LOCALES)
def book(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Book:
    folder = tmp_path_factory.mktemp(request.param)
    return Book.load(folder, request.param, generate(folder, N, SEED, request.param, AS_OF))


def test_unknown_locale_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown locale 'fr_FR'.*zh_CN, en_US"):
        generate(tmp_path, 10, 1, "fr_FR", AS_OF)
    assert not any(tmp_path.iterdir())


def test_returned_counts_are_the_rows_written(book: Book) -> None:
    assert book.counts == {name: len(book.tables[name]) for name in TABLES}
    assert book.counts["accounts"] == N
    assert 8 * N < book.counts["installments"] < 20 * N


def test_manifest_marks_the_end_of_the_business_date(book: Book) -> None:
    manifest = json.loads((book.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extracted_at"] == "2026-03-31T23:59:59"
    assert manifest["snapshot_id"]


def test_columns_are_exactly_those_of_the_reference(book: Book) -> None:
    assert list(book.tables["customers"][0]) == [
        "customer_id", "full_name", "national_id", "phones", "emails", "address",
        "country", "region", "timezone", "language", "credit_grade",
    ]  # fmt: skip
    assert list(book.tables["accounts"][0]) == [
        "account_id", "customer_id", "product", "currency", "principal", "opened_on", "annual_rate",
    ]  # fmt: skip
    assert list(book.tables["installments"][0]) == [
        "account_id", "seq", "due_date", "principal_due", "interest_due", "fee_due", "penalty_due",
    ]  # fmt: skip
    assert list(book.tables["payments"][0]) == ["payment_id", "account_id", "paid_on", "amount", "reverses"]


def test_ids_are_unique_fixed_width_and_every_reference_resolves(book: Book) -> None:
    for table, column, pattern in (
        ("customers", "customer_id", r"C\d{7}"),
        ("accounts", "account_id", r"A\d{7}"),
        ("payments", "payment_id", r"P\d{8}"),
    ):
        ids = [r[column] for r in book.tables[table]]
        assert all(re.fullmatch(pattern, i) for i in ids)
        assert ids == sorted(set(ids))  # unique, and text order is numeric order
    customers = {c["customer_id"] for c in book.tables["customers"]}
    assert {a["customer_id"] for a in book.tables["accounts"]} == customers  # no customer without an account
    assert {r["account_id"] for r in book.tables["installments"]} == set(book.currency)
    assert {r["account_id"] for r in book.tables["payments"]} <= set(book.currency)


def test_schedules_are_monthly_and_split_the_principal_exactly(book: Book) -> None:
    opened = {a["account_id"]: date.fromisoformat(a["opened_on"]) for a in book.tables["accounts"]}
    for a in book.tables["accounts"]:
        schedule = book.installments[a["account_id"]]
        assert [i.seq for i in schedule] == list(range(1, len(schedule) + 1))
        assert 3 <= len(schedule) <= 36
        dues = [opened[a["account_id"]]] + [i.due_date for i in schedule]
        assert all(28 <= (later - earlier).days <= 31 for earlier, later in pairwise(dues))
        principal = sum((i.due.principal for i in schedule), Money.zero(a["currency"]))
        assert principal == Money.of(a["principal"], a["currency"])
        assert a["product"] in {"cash_loan", "consumer_loan", "credit_card", "auto_loan"}
        assert re.fullmatch(r"0\.\d{4}", a["annual_rate"])
        assert opened[a["account_id"]] <= AS_OF


def test_most_accounts_have_instalments_due_both_before_and_after_as_of(book: Book) -> None:
    straddling = sum(1 for schedule in book.installments.values() if schedule[0].due_date < AS_OF < schedule[-1].due_date)
    assert straddling > N / 2


def test_amounts_have_exactly_the_minor_unit_decimals_of_their_currency(book: Book) -> None:
    seen_places = set()
    for table, columns in AMOUNT_COLUMNS.items():
        for r in book.tables[table]:
            places = minor_unit(book.currency[r["account_id"]])
            seen_places.add(places)
            pattern = r"\d+" if places == 0 else rf"\d+\.\d{{{places}}}"
            for column in columns:
                assert re.fullmatch(pattern, r[column]), (table, column, r)
    assert seen_places == ({2} if book.locale == "zh_CN" else {0, 2})  # en_US includes JPY


def test_some_instalments_carry_late_fees_and_penalty_interest(book: Book) -> None:
    rows = book.tables["installments"]
    assert sum(Decimal(r["fee_due"]) > 0 for r in rows) > N / 10
    assert sum(Decimal(r["penalty_due"]) > 0 for r in rows) > N / 10


def test_every_default_bucket_is_populated(book: Book) -> None:
    buckets = Counter(c.bucket for c in book.classified.values())
    assert set(buckets) == set(DEFAULT_BUCKETS.names), buckets
    assert buckets["M0"] > N / 2  # a book is mostly current


def test_some_accounts_hold_a_small_credit_balance(book: Book) -> None:
    credits = [c for c in book.classified.values() if c.credit_balance]
    assert credits
    assert all(c.bucket == "M0" and c.outstanding_total.amount == 0 for c in credits)


def test_no_payment_is_dated_after_as_of_and_some_on_as_of_itself(book: Book) -> None:
    paid_on = [date.fromisoformat(r["paid_on"]) for r in book.tables["payments"]]
    assert max(paid_on) == AS_OF
    assert all(Decimal(r["amount"]) > 0 for r in book.tables["payments"])


def test_reversals_cancel_one_earlier_payment_of_the_same_account(book: Book) -> None:
    by_id = {r["payment_id"]: r for r in book.tables["payments"]}
    reversals = [r for r in book.tables["payments"] if r["reverses"]]
    assert len(reversals) >= 10
    targets = [r["reverses"] for r in reversals]
    assert len(targets) == len(set(targets))  # never reversed twice
    for r in reversals:
        target = by_id[r["reverses"]]
        assert not target["reverses"]  # a reversal is never itself reversed
        assert target["payment_id"] not in {x["reverses"] for x in reversals if x is not r}
        assert target["account_id"] == r["account_id"]
        assert target["amount"] == r["amount"]
        assert target["paid_on"] <= r["paid_on"]
        assert target["payment_id"] < r["payment_id"]
    assert not {r["payment_id"] for r in reversals} & set(targets)


def test_partially_paid_overdue_instalments_exist(book: Book) -> None:
    partial = 0
    for account, c in book.classified.items():
        if c.oldest_overdue_due_date is None:
            continue
        overdue_due = [i.due.total for i in book.installments[account] if c.oldest_overdue_due_date <= i.due_date < AS_OF]
        partial += c.overdue_total < sum(overdue_due, Money.zero(c.currency))
    assert partial >= 10


def test_cured_accounts_were_a_month_behind_a_fortnight_ago(book: Book) -> None:
    before = book.classify(AS_OF - timedelta(days=14))
    cured = [a for a, c in book.classified.items() if c.bucket == "M0" and before[a].dpd > 30]
    assert len(cured) >= 5


def test_long_delinquent_accounts_stopped_paying_many_months_ago(book: Book) -> None:
    worst = [a for a, c in book.classified.items() if c.bucket == "M6+"]
    silent = [a for a in worst if all((AS_OF - p.paid_on).days > 180 for p in book.payments[a])]
    assert len(silent) >= len(worst) / 2 > 10


def test_customers_look_like_the_locale(book: Book) -> None:
    zones = available_timezones()
    customers = book.tables["customers"]
    countries = Counter(c["country"] for c in customers)
    currency_of_country = {"CN": {"CNY", "USD", "HKD"}, "US": {"USD"}, "GB": {"GBP"}, "JP": {"JPY"}}
    country = {c["customer_id"]: c["country"] for c in customers}
    for a in book.tables["accounts"]:
        assert a["currency"] in currency_of_country[country[a["customer_id"]]]
    for c in customers:
        assert c["full_name"] and c["credit_grade"] in "ABCDE"
        assert re.fullmatch(rf"{c['country']}-[A-Z0-9]{{2,3}}", c["region"])
        assert c["timezone"] == "" or c["timezone"] in zones
        assert all(re.fullmatch(r"\+[1-9]\d{9,13}", p) for p in c["phones"].split(";") if c["phones"])
        assert all(re.fullmatch(r"[a-z0-9._]+@[a-z0-9.]+\.[a-z]+", e) for e in c["emails"].split(";") if c["emails"])
    phone_counts = Counter(len(c["phones"].split(";")) if c["phones"] else 0 for c in customers)
    assert set(phone_counts) == {0, 1, 2}
    if book.locale == "zh_CN":
        assert set(countries) == {"CN"}
        assert {c["language"] for c in customers} == {"zh-CN"}
        assert {c["timezone"] for c in customers} == {"", "Asia/Shanghai"}
        assert all(c["phones"].startswith("+861") for c in customers if c["phones"])
        assert all(_valid_resident_id(c["national_id"]) for c in customers)
        assert Counter(a["currency"] for a in book.tables["accounts"]).most_common(1)[0][0] == "CNY"
    else:
        assert countries["US"] > countries["GB"] > countries["JP"] > 0
        assert {c["language"] for c in customers} == {"en-US", "en-GB", "ja-JP"}
        us = [c for c in customers if c["country"] == "US"]
        assert all(re.fullmatch(r"\d{3}-\d{2}-\d{4}", c["national_id"]) for c in us if c["national_id"])
        assert any(not c["national_id"] for c in us) and any(not c["timezone"] for c in us)
        assert {c["timezone"] for c in customers if c["country"] == "JP"} <= {"", "Asia/Tokyo"}
        texas = {c["timezone"] for c in us if c["region"] == "US-TX" and c["timezone"]}
        assert texas == {"America/Chicago", "America/Denver"}  # El Paso keeps Mountain time


def _valid_resident_id(number: str) -> bool:
    """GB 11643: 17 digits and an ISO 7064 MOD 11-2 check character."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * (2 ** (17 - k) % 11) for k, d in enumerate(number[:17]))
    return number[17] == "10X98765432"[total % 11]


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_same_seed_gives_identical_bytes_and_another_seed_different_ones(tmp_path: Path, fmt: str) -> None:
    generate(tmp_path / "a", 300, 5, "en_US", AS_OF, fmt)
    generate(tmp_path / "b", 300, 5, "en_US", AS_OF, fmt)
    generate(tmp_path / "c", 300, 6, "en_US", AS_OF, fmt)
    a, b, c = (_bytes(tmp_path / x) for x in "abc")
    assert sorted(a) == sorted(["manifest.json", *(f"{t}.{fmt}" for t in TABLES)])
    assert a == b
    assert all(a[name] != c[name] for name in a if name != "manifest.json")


def test_parquet_holds_amounts_as_decimals_and_dates_as_dates(tmp_path: Path) -> None:
    generate(tmp_path / "csv", 300, 9, "en_US", AS_OF, "csv")
    generate(tmp_path / "pq", 300, 9, "en_US", AS_OF, "parquet")
    for table, columns in AMOUNT_COLUMNS.items():
        parquet = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        for column in columns:
            kind = parquet.schema.field(column).type
            assert pa.types.is_decimal(kind) and kind.scale == 2, (table, column, kind)  # JPY rows share the scale
            from_csv = [Decimal(r[column]) for r in read_csv(tmp_path / "csv" / f"{table}.csv")]
            assert parquet.column(column).to_pylist() == from_csv  # same seed, same money
    dates = {"accounts": "opened_on", "installments": "due_date", "payments": "paid_on"}
    for table, column in dates.items():
        assert pq.read_schema(tmp_path / "pq" / f"{table}.parquet").field(column).type == pa.date32()
    generate(tmp_path / "zh", 50, 9, "zh_CN", AS_OF, "parquet")
    assert pq.read_schema(tmp_path / "zh" / "payments.parquet").field("amount").type == pa.decimal128(18, 2)
