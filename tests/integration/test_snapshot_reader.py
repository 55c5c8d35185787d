"""Reading whole snapshots from disk: every rule of reference section 1 reported as
``file:line:column: message``, encodings, line numbers, Parquet, the cap, and reject mode.

Each test starts from one small valid snapshot and breaks one thing, so the expected
problem list is exact.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from arrears.snapshot import Manifest, Problem, ReadResult, Snapshot, SnapshotInvalid, read_snapshot

CUSTOMERS = """\
customer_id,full_name,national_id,phones,country,region,timezone,segment
C1,张三,110101199001011234,+8613800000000,CN,CN-GD,Asia/Shanghai,vip
C2,Alice Smith,,+14155550100,US,US-CA,America/Los_Angeles;America/New_York,
C3,Fatima Al-Sabah,,,KW,,,
"""

ACCOUNTS = """\
account_id,customer_id,product,currency,principal,opened_on,annual_rate
A1,C1,cash_loan,CNY,"12,000.50",2026-01-05,0.24
A2,C2,credit_card,USD,1500,2026/1/5,
A3,C3,consumer_loan,KWD,100.125,2026/02/01 00:00:00,0.1
A4,C1,cash_loan,JPY,120000,2026-03-01,
"""

INSTALLMENTS = """\
account_id,seq,due_date,principal_due,interest_due,fee_due,penalty_due
A1,1,2026-02-05,6000.25,120.00,0,
A1,2,2026-03-05,6000.25,60.00,,
A2,1,2026-02-05,1500,,,
A3,1,2026-03-01,100.125,1.5,0.001,
A4,1,2026-04-01,"120,000",1200,,
"""

PAYMENTS = """\
payment_id,account_id,paid_on,amount,reverses
P1,A1,2026-02-05,6120.25,
P2,A1,2026-02-10,6120.25,P1
P3,A4,2026-04-01,1200,
"""

TABLES = {"customers": CUSTOMERS, "accounts": ACCOUNTS, "installments": INSTALLMENTS, "payments": PAYMENTS}


def write(folder: Path, encoding: str = "utf-8", **tables: str | None) -> Path:
    """A snapshot folder: the valid tables above, with ``tables`` replaced (None: left out)."""
    folder.mkdir(exist_ok=True)
    for name, text in {**TABLES, **tables}.items():
        if text is not None:
            (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def problems(folder: Path, **kwargs) -> list[str]:
    with pytest.raises(SnapshotInvalid) as e:
        read_snapshot(folder, **kwargs)
    return [str(p) for p in e.value.problems]


def one_problem(folder: Path, **kwargs) -> str:
    found = problems(folder, **kwargs)
    assert len(found) == 1, found
    return found[0]


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


# -- a valid snapshot ---------------------------------------------------------------------------


def test_a_valid_snapshot_yields_typed_tables_with_exact_minor_units(tmp_path):
    snap = read_snapshot(write(tmp_path))
    assert isinstance(snap, Snapshot)
    assert snap.accounts.schema.field("principal_minor").type == pa.int64()
    assert snap.accounts.column("principal_minor").to_pylist() == [1200050, 150000, 100125, 120000]
    assert snap.accounts.column("opened_on").to_pylist() == [
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 5),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
    ]
    assert snap.accounts.column("annual_rate").to_pylist() == ["0.24", None, "0.1", None]
    inst = snap.installments
    assert inst.column_names == [
        "account_id",
        "seq",
        "due_date",
        "principal_minor",
        "interest_minor",
        "fee_minor",
        "penalty_minor",
    ]
    assert inst.column("principal_minor").to_pylist() == [600025, 600025, 150000, 100125, 120000]
    assert inst.column("interest_minor").to_pylist() == [12000, 6000, 0, 1500, 1200]
    assert inst.column("fee_minor").to_pylist() == [0, 0, 0, 1, 0]
    assert inst.column("penalty_minor").to_pylist() == [0, 0, 0, 0, 0]
    assert inst.column("seq").type == pa.int64() and inst.column("due_date").type == pa.date32()
    assert snap.payments.column("amount_minor").to_pylist() == [612025, 612025, 1200]
    assert snap.payments.column("reverses").to_pylist() == [None, "P1", None]
    assert snap.currencies() == {"CNY", "USD", "KWD", "JPY"}
    assert snap.manifest is None


def test_customers_keep_every_spec_column_as_text_and_extra_columns_too(tmp_path):
    customers = read_snapshot(write(tmp_path)).customers
    assert customers.column_names == [
        "customer_id",
        "full_name",
        "national_id",
        "phones",
        "emails",
        "address",
        "country",
        "region",
        "timezone",
        "language",
        "credit_grade",
        "segment",
    ]
    assert all(f.type == pa.string() for f in customers.schema)
    assert customers.column("full_name").to_pylist() == ["张三", "Alice Smith", "Fatima Al-Sabah"]
    assert customers.column("emails").to_pylist() == [None, None, None]
    assert customers.column("national_id").to_pylist() == ["110101199001011234", None, None]
    assert customers.column("segment").to_pylist() == ["vip", None, None]


def test_texts_such_as_na_and_null_are_kept_literally(tmp_path):
    folder = write(tmp_path, customers=replace(CUSTOMERS, "Alice Smith", "NA").replace(",,+14155550100", ",null,+14155550100"))
    customers = read_snapshot(folder).customers
    assert customers.column("full_name").to_pylist()[1] == "NA"
    assert customers.column("national_id").to_pylist()[1] == "null"


def test_the_manifest_is_read_when_present(tmp_path):
    folder = write(tmp_path)
    (folder / "manifest.json").write_text(json.dumps({"snapshot_id": "2026-11-01", "extracted_at": "2026-11-01T06:00:00+08:00"}))
    manifest = read_snapshot(folder).manifest
    assert manifest == Manifest("2026-11-01", dt.datetime.fromisoformat("2026-11-01T06:00:00+08:00"))


# -- files and columns --------------------------------------------------------------------------


def test_a_missing_table_is_named(tmp_path):
    folder = write(tmp_path, payments=None)
    assert (
        one_problem(folder) == f"{folder}/payments.csv:0:: table payments is missing: expected payments.csv or payments.parquet"
    )


def test_a_table_present_as_both_csv_and_parquet_is_a_problem(tmp_path):
    folder = write(tmp_path)
    pq.write_table(pa.table({"payment_id": ["P9"]}), folder / "payments.parquet")
    assert one_problem(folder) == (
        f"{folder}/payments.parquet:0:: both payments.csv and payments.parquet are present; keep exactly one"
    )


def test_a_missing_required_column_is_reported_once_on_the_header_line(tmp_path):
    folder = write(
        tmp_path,
        accounts=ACCOUNTS.replace(",product", "")
        .replace(",cash_loan", "")
        .replace(",credit_card", "")
        .replace(",consumer_loan", ""),
    )
    assert one_problem(folder) == f"{folder}/accounts.csv:1:product: required column product is missing"


def test_a_misspelt_column_gets_a_hint_because_names_are_exact(tmp_path):
    folder = write(tmp_path, accounts=replace(ACCOUNTS, "product", "Product"))
    assert (
        one_problem(folder)
        == f"{folder}/accounts.csv:1:product: required column product is missing (found 'Product'; column names are exact)"
    )


def test_a_missing_optional_column_is_filled(tmp_path):
    without_penalty = "".join(line.rsplit(",", 1)[0] + "\n" for line in INSTALLMENTS.splitlines())
    folder = write(tmp_path, installments=without_penalty)
    assert read_snapshot(folder).installments.column("penalty_minor").to_pylist() == [0, 0, 0, 0, 0]


def test_a_record_with_the_wrong_number_of_fields_is_reported_at_its_line(tmp_path):
    folder = write(tmp_path, payments=replace(PAYMENTS, "P3,A4,2026-04-01,1200,", "P3,A4,2026-04-01,1200,,extra"))
    assert one_problem(folder) == f"{folder}/payments.csv:4:: record has 6 fields; the header has 5"


def test_a_duplicate_header_column_is_a_problem(tmp_path):
    folder = write(tmp_path, payments=replace(PAYMENTS, "amount,reverses", "amount,amount"))
    assert one_problem(folder) == f"{folder}/payments.csv:1:amount: column amount appears more than once in the header"


def test_columns_without_a_name_are_ignored(tmp_path):
    trailing = "".join(line + ",,\n" for line in PAYMENTS.splitlines())
    payments = read_snapshot(write(tmp_path, payments=trailing)).payments
    assert payments.column_names == ["payment_id", "account_id", "paid_on", "amount_minor", "reverses"]
    assert payments.column("amount_minor").to_pylist() == [612025, 612025, 1200]


def test_an_empty_file_is_a_problem(tmp_path):
    folder = write(tmp_path, payments="")
    assert one_problem(folder) == f"{folder}/payments.csv:1:: file is empty; expected a header line"


def test_a_header_only_table_is_a_valid_empty_table(tmp_path):
    folder = write(tmp_path, payments="payment_id,account_id,paid_on,amount,reverses\n")
    snap = read_snapshot(folder)
    assert snap.payments.num_rows == 0
    assert snap.payments.schema.field("amount_minor").type == pa.int64()


# -- encodings ----------------------------------------------------------------------------------


def test_a_gb18030_file_is_detected_and_chinese_names_survive(tmp_path):
    folder = write(tmp_path, customers=replace(CUSTOMERS, "Alice Smith", "李四·欧阳"))
    (folder / "customers.csv").write_bytes(replace(CUSTOMERS, "Alice Smith", "李四·欧阳").encode("gb18030"))
    names = read_snapshot(folder).customers.column("full_name").to_pylist()
    assert names == ["张三", "李四·欧阳", "Fatima Al-Sabah"]


def test_a_gbk_file_reads_when_the_encoding_is_forced(tmp_path):
    folder = write(tmp_path, encoding="gbk")
    assert read_snapshot(folder, encoding="GBK").customers.column("full_name").to_pylist()[0] == "张三"


def test_a_utf8_file_with_a_bom_reads_with_its_first_column_intact(tmp_path):
    folder = write(tmp_path, encoding="utf-8-sig")
    customers = read_snapshot(folder).customers
    assert customers.column("customer_id").to_pylist() == ["C1", "C2", "C3"]
    assert customers.column("full_name").to_pylist()[0] == "张三"
    assert read_snapshot(folder, encoding="utf-8").customers.column("customer_id").to_pylist() == ["C1", "C2", "C3"]


def test_a_file_undecodable_in_the_forced_encoding_is_a_problem_at_the_bad_line(tmp_path):
    folder = write(tmp_path)
    (folder / "customers.csv").write_bytes(CUSTOMERS.encode("gb18030"))
    assert one_problem(folder, encoding="utf-8") == (
        f"{folder}/customers.csv:2:: cannot be decoded as utf-8 (bytes d5); re-export as UTF-8 or pass the file's encoding"
    )


def test_a_file_in_neither_encoding_is_a_problem_not_a_traceback(tmp_path):
    folder = write(tmp_path)
    (folder / "payments.csv").write_bytes(PAYMENTS.encode() + b"P4,A1,2026-02-05,\xff\xff,\n")
    assert one_problem(folder) == (
        f"{folder}/payments.csv:5:: cannot be decoded as UTF-8 (line 5) or GB18030 (bytes ff); "
        "re-export as UTF-8 or pass the file's encoding"
    )


def test_an_unknown_encoding_name_is_a_problem(tmp_path):
    folder = write(tmp_path)
    assert one_problem(folder, encoding="klingon") == f"{folder}:0:: unknown encoding 'klingon'; e.g. utf-8, gb18030"


def test_a_missing_folder_is_a_problem(tmp_path):
    assert one_problem(tmp_path / "nowhere") == f"{tmp_path}/nowhere:0:: snapshot folder not found"


def test_an_unclosed_quote_is_reported_where_the_record_starts(tmp_path):
    folder = write(tmp_path, payments=PAYMENTS + 'P4,A1,"2026-02-05,1,\nP5,A1,2026-02-06,1,\n')
    assert one_problem(folder) == (
        f"{folder}/payments.csv:5:: record has 3 fields; the header has 5; it runs to line 6: is a quote left open?"
    )


# -- line numbers -------------------------------------------------------------------------------


def test_a_value_with_embedded_newlines_shifts_the_lines_of_later_records(tmp_path):
    customers = replace(CUSTOMERS, "C1,张三,110101199001011234,", 'C1,"张三\nZhang\r\nSan",110101199001011234,')
    customers = replace(customers, "KW,,,", "XX,,,")
    folder = write(tmp_path, customers=customers)
    assert one_problem(folder) == (
        f"{folder}/customers.csv:6:country: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, GB)"
    )
    (folder / "customers.csv").write_text(replace(customers, "XX", "KW"))
    assert read_snapshot(folder).customers.column("full_name").to_pylist()[0] == "张三\nZhang\r\nSan"


def test_a_problem_in_a_record_with_embedded_newlines_points_at_its_first_line(tmp_path):
    customers = replace(
        CUSTOMERS, "C1,张三,110101199001011234,+8613800000000,CN,", 'C1,"张三\nZhang",110101199001011234,+8613800000000,XX,'
    )
    folder = write(tmp_path, customers=customers)
    assert one_problem(folder) == (
        f"{folder}/customers.csv:2:country: 'XX' is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, GB)"
    )


def test_blank_lines_and_a_missing_final_newline_keep_line_numbers_right(tmp_path):
    payments = PAYMENTS.replace("P2,", "\nP2,").replace("P3,A4,2026-04-01,1200,\n", "\n\nP3,A4,2026-04-01,-1200,")
    folder = write(tmp_path, payments=payments)
    assert one_problem(folder) == f"{folder}/payments.csv:7:amount: '-1200' is negative; expected an amount >= 0"


def test_a_record_after_an_embedded_newline_and_a_blank_line_is_found(tmp_path):
    payments = replace(PAYMENTS, "P1,A1,", '"P\n1",A1,') + "\nP4,A1,2026-02-30,1,\n"
    payments = payments.replace(",P1\n", ',"P\n1"\n')
    folder = write(tmp_path, payments=payments)
    assert one_problem(folder) == f"{folder}/payments.csv:8:paid_on: '2026-02-30' is not a calendar date"


# -- field rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "old", "new", "expected"),
    [
        ("customers", "C2,Alice Smith,", "C2,,", "customers.csv:3:full_name: required value is missing"),
        (
            "customers",
            ",US,US-CA,",
            ",UK,GB-LND,",
            "customers.csv:3:country: 'UK' is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, GB) "
            "(the United Kingdom is GB)",
        ),
        (
            "customers",
            ",US,US-CA,",
            ",US,CA,",
            "customers.csv:3:region: 'CA' is not an ISO 3166-2 subdivision code; expected e.g. CN-GD",
        ),
        ("customers", ",US,US-CA,", ",US,CN-GD,", "customers.csv:3:region: 'CN-GD' is not a subdivision of country US"),
        (
            "customers",
            "America/Los_Angeles;America/New_York",
            "America/Los_Angeles;America/NewYork",
            "customers.csv:3:timezone: 'America/NewYork' is not an IANA time zone "
            "(e.g. Asia/Shanghai; separate several with ';')",
        ),
        ("accounts", "A2,C2,credit_card,USD", "A2,C2,,USD", "accounts.csv:3:product: required value is missing"),
        (
            "accounts",
            "A2,C2,credit_card,USD",
            "A2,C2,credit_card,RMB",
            "accounts.csv:3:currency: 'RMB' is not an ISO 4217 currency code (e.g. CNY, USD, JPY)",
        ),
        (
            "accounts",
            "JPY,120000,",
            "JPY,100.5,",
            "accounts.csv:5:principal: '100.5' has more decimal places than JPY allows (0)",
        ),
        ("accounts", "USD,1500,", "USD,0.00,", "accounts.csv:3:principal: '0.00' is zero; expected an amount > 0"),
        ("accounts", "USD,1500,", "USD,-1500,", "accounts.csv:3:principal: '-1500' is negative; expected an amount >= 0"),
        (
            "accounts",
            "USD,1500,",
            'USD,"1,50,0",',
            "accounts.csv:3:principal: '1,50,0' is not an amount; expected a plain decimal such as 1234.56 or 1,234.56",
        ),
        (
            "accounts",
            "2026/1/5",
            "05/01/2026",
            "accounts.csv:3:opened_on: '05/01/2026' is not a date; expected YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D",
        ),
        ("accounts", "2026/1/5", "2026-02-30", "accounts.csv:3:opened_on: '2026-02-30' is not a calendar date"),
        (
            "accounts",
            ",0.24\n",
            ",24%\n",
            "accounts.csv:2:annual_rate: '24%' is not a rate; expected a non-negative fraction such as 0.12",
        ),
        ("installments", "A1,2,", "A1,0,", "installments.csv:3:seq: '0' is not a positive integer; expected 1, 2, 3 ..."),
        ("installments", "A1,2,", "A1,1.5,", "installments.csv:3:seq: '1.5' is not a positive integer; expected 1, 2, 3 ..."),
        ("installments", "A1,2,2026-03-05", "A1,2,", "installments.csv:3:due_date: required value is missing"),
        (
            "installments",
            "1500,,,",
            "1500,-0.01,,",
            "installments.csv:4:interest_due: '-0.01' is negative; expected an amount >= 0",
        ),
        (
            "installments",
            "100.125,1.5,0.001,",
            "100.125,1.5,0.0001,",
            "installments.csv:5:fee_due: '0.0001' has more decimal places than KWD allows (3)",
        ),
        (
            "installments",
            "A3,1,2026-03-01,100.125",
            "A3,1,2026-03-01,",
            "installments.csv:5:principal_due: required value is missing",
        ),
        (
            "payments",
            "P3,A4,2026-04-01,1200,",
            "P3,A4,2026-04-01,0,",
            "payments.csv:4:amount: '0' is zero; expected an amount > 0",
        ),
        (
            "payments",
            "P3,A4,2026-04-01,1200,",
            "P3,A4,2026-04-01,1200.5,",
            "payments.csv:4:amount: '1200.5' has more decimal places than JPY allows (0)",
        ),
        (
            "payments",
            "P3,A4,2026-04-01,",
            "P3,A4,2026-4-1,",
            "payments.csv:4:paid_on: '2026-4-1' is not a date; expected YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D",
        ),
    ],
)
def test_each_field_rule_is_reported_at_its_file_line_and_column(tmp_path, table, old, new, expected):
    folder = write(tmp_path, **{table: replace(TABLES[table], old, new)})
    assert one_problem(folder) == f"{folder}/{expected}"


def test_a_whitespace_only_id_is_missing(tmp_path):
    folder = write(tmp_path, customers=replace(CUSTOMERS, "C2,Alice Smith,", " \u3000,Alice Smith,"))
    assert problems(folder) == [
        f"{folder}/customers.csv:3:customer_id: required value is missing",
        f"{folder}/accounts.csv:3:customer_id: 'C2' does not match any customer_id in customers",
    ]


def test_long_values_are_cut_in_messages(tmp_path):
    folder = write(tmp_path, accounts=replace(ACCOUNTS, "USD,1500,", "USD," + "9x" * 40 + ","))
    assert one_problem(folder).endswith(
        "principal: '9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x9x…' is not an amount; "
        "expected a plain decimal such as 1234.56 or 1,234.56"
    )


def test_personal_data_never_appears_in_messages(tmp_path):
    customers = replace(CUSTOMERS, "C1,张三,110101199001011234,+8613800000000,CN", "C1,,110101199001011234,+8613800000000,XX")
    folder = write(tmp_path, customers=customers)
    text = "\n".join(problems(folder))
    assert "full_name: required value is missing" in text
    assert "110101199001011234" not in text and "8613800000000" not in text


# -- rules across rows and tables ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "text", "expected"),
    [
        (
            "customers",
            CUSTOMERS + "C2,Bob,,,US,,,\n",
            "customers.csv:5:customer_id: customer_id 'C2' is a duplicate; first seen on line 3",
        ),
        (
            "accounts",
            ACCOUNTS + "A1,C2,cash_loan,USD,10,2026-01-01,\n",
            "accounts.csv:6:account_id: account_id 'A1' is a duplicate; first seen on line 2",
        ),
        (
            "payments",
            PAYMENTS + "P1,A4,2026-04-02,5,\n",
            "payments.csv:5:payment_id: payment_id 'P1' is a duplicate; first seen on line 2",
        ),
        (
            "accounts",
            replace(ACCOUNTS, "A2,C2,", "A2,C9,"),
            "accounts.csv:3:customer_id: 'C9' does not match any customer_id in customers",
        ),
        (
            "installments",
            INSTALLMENTS + "A9,1,2026-02-05,5.555,,,\n",
            "installments.csv:7:account_id: 'A9' does not match any account_id in accounts",
        ),
        (
            "payments",
            PAYMENTS + "P4,A9,2026-04-02,5,\n",
            "payments.csv:5:account_id: 'A9' does not match any account_id in accounts",
        ),
        (
            "installments",
            INSTALLMENTS + "A1,2,2026-04-05,1.00,,,\n",
            "installments.csv:7:seq: seq 2 is repeated for account 'A1'; first seen on line 3",
        ),
        (
            "payments",
            PAYMENTS + "P4,A4,2026-04-02,1200,P9\n",
            "payments.csv:5:reverses: 'P9' does not match any payment_id in payments",
        ),
        (
            "payments",
            PAYMENTS + "P4,A1,2026-02-11,6120.25,P2\n",
            "payments.csv:5:reverses: 'P2' is itself a reversal; a reversal cannot be reversed",
        ),
        (
            "payments",
            PAYMENTS + "P4,A1,2026-02-11,6120.25,P1\n",
            "payments.csv:5:reverses: 'P1' is already reversed on line 3; a payment can be reversed once",
        ),
        (
            "payments",
            PAYMENTS + "P4,A4,2026-03-31,1200,P3\n",
            "payments.csv:5:reverses: reversal dated 2026-03-31 is before the payment 'P3' it reverses (2026-04-01)",
        ),
        (
            "payments",
            PAYMENTS + "P4,A1,2026-04-02,1200,P3\n",
            "payments.csv:5:reverses: 'P3' is a payment of account 'A4'; a reversal must be on the same account ('A1')",
        ),
        (
            "payments",
            PAYMENTS + "P4,A4,2026-04-02,1000,P3\n",
            "payments.csv:5:reverses: amount 1000 differs from the amount of the reversed payment 'P3' (1200); "
            "a reversal cancels the whole payment",
        ),
        (
            "payments",
            PAYMENTS + "P4,A4,2026-04-02,1200,P4\n",
            "payments.csv:5:reverses: 'P4' is the payment's own id; a payment cannot reverse itself",
        ),
    ],
)
def test_each_rule_across_rows_and_tables_is_reported(tmp_path, table, text, expected):
    folder = write(tmp_path, **{table: text})
    assert one_problem(folder) == f"{folder}/{expected}"


def test_a_reversal_amount_difference_is_shown_in_the_currency_decimals(tmp_path):
    folder = write(tmp_path, payments=replace(PAYMENTS, "2026-02-10,6120.25,P1", "2026-02-10,6120.20,P1"))
    assert one_problem(folder) == (
        f"{folder}/payments.csv:3:reverses: amount 6120.20 differs from the amount of the reversed payment 'P1' (6120.25); "
        "a reversal cancels the whole payment"
    )


def test_every_later_duplicate_is_reported_against_the_first(tmp_path):
    folder = write(tmp_path, payments=PAYMENTS + "P3,A4,2026-04-02,5,\nP3,A4,2026-04-03,5,\n")
    assert problems(folder) == [
        f"{folder}/payments.csv:5:payment_id: payment_id 'P3' is a duplicate; first seen on line 4",
        f"{folder}/payments.csv:6:payment_id: payment_id 'P3' is a duplicate; first seen on line 4",
    ]


def test_a_customer_problem_taints_all_the_customers_accounts(tmp_path):
    folder = write(tmp_path, customers=replace(CUSTOMERS, ",CN,CN-GD,", ",ZZ,,"))
    with pytest.raises(SnapshotInvalid) as e:
        read_snapshot(folder)
    (problem,) = e.value.problems
    assert problem == Problem(
        f"{folder}/customers.csv", 2, "country", "'ZZ' is not an ISO 3166-1 alpha-2 country code (e.g. CN, US, GB)", ("A1", "A4")
    )


def test_a_reversal_on_another_account_taints_both_accounts(tmp_path):
    folder = write(tmp_path, payments=PAYMENTS + "P4,A1,2026-04-02,1200,P3\n")
    with pytest.raises(SnapshotInvalid) as e:
        read_snapshot(folder)
    assert e.value.problems[0].account_ids == ("A1", "A4")


# -- ordering, cap and total --------------------------------------------------------------------


def test_problems_are_listed_in_file_then_line_order(tmp_path):
    folder = write(
        tmp_path,
        customers=replace(CUSTOMERS, ",KW,", ",XX,"),
        accounts=replace(replace(ACCOUNTS, "2026-03-01", "2026-03-32"), "USD,1500", "USD,x"),
        payments=replace(PAYMENTS, "P1,A1,2026-02-05,6120.25", "P1,A1,2026-02-05,-1"),
    )
    found = problems(folder)
    assert [p.split(": ")[0] for p in found] == [
        f"{folder}/customers.csv:4:country",
        f"{folder}/accounts.csv:3:principal",
        f"{folder}/accounts.csv:5:opened_on",
        f"{folder}/payments.csv:2:amount",
    ]


def test_problems_are_capped_and_the_total_still_counted(tmp_path):
    rows = "".join(f"A1,{n},2026-13-01,1.00,,,\n" for n in range(3, 503))
    folder = write(tmp_path, installments=INSTALLMENTS + rows)
    with pytest.raises(SnapshotInvalid) as e:
        read_snapshot(folder, max_problems=3)
    assert e.value.total == 500
    assert [p.line for p in e.value.problems] == [7, 8, 9]
    assert str(e.value).splitlines()[-1] == "... and 497 more (total 500)"
    assert len(str(e.value).splitlines()) == 4


def test_no_cap_lists_every_problem(tmp_path):
    rows = "".join(f"A1,{n},2026-13-01,1.00,,,\n" for n in range(3, 203))
    with pytest.raises(SnapshotInvalid) as e:
        read_snapshot(write(tmp_path, installments=INSTALLMENTS + rows), max_problems=None)
    assert (len(e.value.problems), e.value.total) == (200, 200)


def test_the_default_cap_is_one_hundred(tmp_path):
    rows = "".join(f"A1,{n},2026-13-01,1.00,,,\n" for n in range(3, 203))
    with pytest.raises(SnapshotInvalid) as e:
        read_snapshot(write(tmp_path, installments=INSTALLMENTS + rows))
    assert (len(e.value.problems), e.value.total) == (100, 200)


# -- manifest -----------------------------------------------------------------------------------


def test_a_malformed_manifest_is_a_problem(tmp_path):
    folder = write(tmp_path)
    (folder / "manifest.json").write_text('{"snapshot_id": "x",\n "extracted_at": }')
    assert one_problem(folder) == f"{folder}/manifest.json:2:: is not valid JSON: Expecting value (column 18)"


def test_a_manifest_date_time_that_does_not_parse_is_a_problem(tmp_path):
    folder = write(tmp_path)
    (folder / "manifest.json").write_text('{"snapshot_id": "x",\n "extracted_at": "yesterday"}')
    assert one_problem(folder) == (
        f"{folder}/manifest.json:2:extracted_at: 'yesterday' is not an ISO date-time; expected e.g. 2026-11-01T06:00:00+08:00"
    )


# -- Parquet ------------------------------------------------------------------------------------


def parquet_snapshot(folder: Path, **overrides: pa.Table) -> Path:
    """The valid snapshot, with some tables as Parquet."""
    write(folder, **dict.fromkeys(overrides))
    for name, table in overrides.items():
        pq.write_table(table, folder / f"{name}.parquet")
    return folder


def parquet_payments(amount: pa.Array, paid_on: pa.Array | None = None) -> pa.Table:
    return pa.table(
        {
            "payment_id": ["P1", "P2", "P3"],
            "account_id": ["A1", "A1", "A4"],
            "paid_on": paid_on
            if paid_on is not None
            else pa.array([dt.date(2026, 2, 5), dt.date(2026, 2, 10), dt.date(2026, 4, 1)]),
            "amount": amount,
            "reverses": [None, "P1", None],
        }
    )


def test_parquet_decimal_and_integer_amounts_and_date_types_are_accepted(tmp_path):
    decimals = pa.array([Decimal("6120.25"), Decimal("6120.25"), Decimal("1200.00")], pa.decimal128(12, 2))
    midnight = pa.array([dt.datetime(2026, 2, 5), dt.datetime(2026, 2, 10), dt.datetime(2026, 4, 1)], pa.timestamp("ms"))
    folder = parquet_snapshot(tmp_path, payments=parquet_payments(decimals, midnight))
    payments = read_snapshot(folder).payments
    assert payments.column("amount_minor").to_pylist() == [612025, 612025, 120000 // 100]
    assert payments.column("paid_on").to_pylist() == [dt.date(2026, 2, 5), dt.date(2026, 2, 10), dt.date(2026, 4, 1)]

    accounts = pa.table(
        {
            "account_id": ["A1", "A2", "A3", "A4"],
            "customer_id": ["C1", "C2", "C3", "C1"],
            "product": ["cash_loan"] * 4,
            "currency": ["CNY", "USD", "KWD", "JPY"],
            "principal": pa.array([1200050, 150000, 100125, 120000], pa.int64()),
            "opened_on": ["2026-01-05", "2026/1/5", "2026-02-01", "2026-03-01"],
        }
    )
    (tmp_path / "accounts.csv").unlink()
    pq.write_table(accounts, tmp_path / "accounts.parquet")
    snap = read_snapshot(tmp_path)
    assert snap.accounts.column("principal_minor").to_pylist() == [120005000, 15000000, 100125000, 120000]
    assert snap.accounts.column("opened_on").to_pylist()[1] == dt.date(2026, 1, 5)


def test_parquet_float_amounts_are_refused_for_the_whole_column(tmp_path):
    folder = parquet_snapshot(tmp_path, payments=parquet_payments(pa.array([6120.25, 6120.25, 1200.0])))
    assert one_problem(folder) == (
        f"{folder}/payments.parquet:0:amount: is a floating-point column (double); "
        "floats cannot hold money exactly; use a decimal column"
    )


def test_parquet_problems_are_named_by_row_number(tmp_path):
    decimals = pa.array([Decimal("6120.25"), Decimal("6120.25"), Decimal("1200.50")], pa.decimal128(12, 2))
    not_midnight = pa.array(
        [dt.datetime(2026, 2, 5), dt.datetime(2026, 2, 10, 9, 30), dt.datetime(2026, 4, 1)], pa.timestamp("s")
    )
    folder = parquet_snapshot(tmp_path, payments=parquet_payments(decimals, not_midnight))
    assert problems(folder) == [
        f"{folder}/payments.parquet:2:paid_on: '2026-02-10 09:30:00.000' is not a date; "
        "expected YYYY-MM-DD, YYYY/MM/DD or YYYY/M/D",
        f"{folder}/payments.parquet:3:amount: '1200.50' has more decimal places than JPY allows (0)",
    ]


def test_parquet_columns_of_the_wrong_type_are_refused_once(tmp_path):
    installments = pa.table(
        {
            "account_id": ["A1", "A1", "A2", "A3", "A4"],
            "seq": pa.array([1.0, 2.0, 1.0, 1.0, 1.0]),
            "due_date": pa.array([dt.date(2026, 2, 5)] * 5),
            "principal_due": pa.array([600025, 600025, 150000, 100125, 120000], pa.int64()),
        }
    )
    folder = parquet_snapshot(tmp_path, installments=installments)
    assert one_problem(folder) == f"{folder}/installments.parquet:0:seq: is a double column; expected an integer column"


def test_parquet_zoned_timestamps_at_local_midnight_are_dates(tmp_path):
    midnight_in_shanghai = pa.array(
        [dt.datetime(2026, 2, 4, 16), dt.datetime(2026, 2, 9, 16), dt.datetime(2026, 3, 31, 16)],
        pa.timestamp("us", tz="Asia/Shanghai"),
    )
    folder = parquet_snapshot(tmp_path, payments=parquet_payments(pa.array([612025, 612025, 1200]), midnight_in_shanghai))
    paid_on = read_snapshot(folder).payments.column("paid_on").to_pylist()
    assert paid_on == [dt.date(2026, 2, 5), dt.date(2026, 2, 10), dt.date(2026, 4, 1)]


def test_parquet_duplicates_point_at_the_first_row(tmp_path):
    table = parquet_payments(pa.array([612025, 612025, 1200], pa.int64()))
    table = table.set_column(0, "payment_id", pa.array(["P1", "P2", "P1"]))
    folder = parquet_snapshot(tmp_path, payments=table)
    found = problems(folder)
    assert f"{folder}/payments.parquet:3:payment_id: payment_id 'P1' is a duplicate; first seen on row 1" in found


# -- reject mode --------------------------------------------------------------------------------


def test_reject_mode_drops_whole_accounts_with_all_their_rows(tmp_path):
    folder = write(
        tmp_path,
        installments=replace(INSTALLMENTS, "A1,2,2026-03-05", "A1,2,2026-03-35"),  # A1 has one bad installment
        payments=PAYMENTS + "P4,A9,2026-04-02,5,\n",  # a payment of an account that does not exist
    )
    result = read_snapshot(folder, reject_bad_accounts=True)
    assert isinstance(result, ReadResult)
    assert result.rejected_account_ids == frozenset({"A1"})
    assert result.total_problems == 2
    assert [p.account_ids for p in result.problems] == [("A1",), ("A9",)]
    snap = result.snapshot
    assert snap.accounts.column("account_id").to_pylist() == ["A2", "A3", "A4"]
    assert snap.installments.column("account_id").to_pylist() == ["A2", "A3", "A4"]
    assert snap.payments.column("payment_id").to_pylist() == ["P3"]
    assert snap.customers.num_rows == 3


def test_reject_mode_drops_every_account_of_a_bad_customer(tmp_path):
    folder = write(tmp_path, customers=replace(CUSTOMERS, ",CN,CN-GD,", ",ZZ,,"))
    result = read_snapshot(folder, reject_bad_accounts=True)
    assert result.rejected_account_ids == frozenset({"A1", "A4"})
    assert result.snapshot.customers.column("customer_id").to_pylist() == ["C2", "C3"]
    assert result.snapshot.accounts.column("account_id").to_pylist() == ["A2", "A3"]
    assert result.snapshot.payments.num_rows == 0


def test_reject_mode_drops_both_accounts_sharing_a_payment_id(tmp_path):
    result = read_snapshot(write(tmp_path, payments=PAYMENTS + "P3,A2,2026-04-02,5,\n"), reject_bad_accounts=True)
    assert result.rejected_account_ids == frozenset({"A2", "A4"})
    assert result.snapshot.payments.column("payment_id").to_pylist() == ["P1", "P2"]
    assert result.snapshot.installments.column("account_id").to_pylist() == ["A1", "A1", "A3"]


def test_reject_mode_with_nothing_wrong_returns_everything(tmp_path):
    result = read_snapshot(write(tmp_path), reject_bad_accounts=True)
    assert (result.total_problems, result.rejected_account_ids) == (0, frozenset())
    assert result.snapshot.installments.num_rows == 5


def test_reject_mode_still_refuses_problems_no_account_can_be_blamed_for(tmp_path):
    folder = write(tmp_path, payments=None)
    with pytest.raises(SnapshotInvalid):
        read_snapshot(folder, reject_bad_accounts=True)
