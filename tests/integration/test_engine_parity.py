"""The engine (Ibis on DuckDB) and the domain functions agree on every account."""

from datetime import date

from hypothesis import HealthCheck, given, settings

from arrears.domain.allocation import Components, Installment
from arrears.domain.delinquency import ClassificationPolicy, Payment
from arrears.domain.money import Money
from tests.support.portfolios import LedgerAccount, domain_rows, engine_rows
from tests.support.strategies import as_of_dates, policies, portfolios


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(portfolio=portfolios(), as_of=as_of_dates(), policy=policies())
def test_engine_matches_domain_on_generated_portfolios(portfolio, as_of, policy):
    assert engine_rows(portfolio, as_of, policy) == domain_rows(portfolio, as_of, policy)


def test_engine_matches_domain_on_named_edge_cases():
    cny = "CNY"
    as_of = date(2028, 3, 1)

    def inst(seq, due, **amounts):
        return Installment(seq, due, Components.of(cny, **amounts))

    def pay(pid, on, amount, reverses=None):
        return Payment(pid, on, Money.of(amount, cny), reverses)

    cases = [
        # leap day due date, partially paid, two installments on one date
        LedgerAccount(
            "E1",
            cny,
            (inst(1, date(2028, 2, 29), principal="100"), inst(2, date(2028, 2, 29), interest="10")),
            (pay("E1-1", date(2028, 2, 29), "60"),),
        ),
        # payment on the business date counts; payment after does not
        LedgerAccount(
            "E2",
            cny,
            (inst(1, date(2028, 2, 1), principal="100"),),
            (pay("E2-1", as_of, "100"), pay("E2-2", date(2028, 3, 2), "5")),
        ),
        # reversal before as_of cancels; reversal after as_of does not yet
        LedgerAccount(
            "E3",
            cny,
            (inst(1, date(2028, 1, 1), principal="100"),),
            (pay("E3-1", date(2028, 1, 1), "100"), pay("E3-R", date(2028, 1, 20), "100", "E3-1")),
        ),
        LedgerAccount(
            "E4",
            cny,
            (inst(1, date(2028, 1, 1), principal="100"),),
            (pay("E4-1", date(2028, 1, 1), "100"), pay("E4-R", date(2028, 3, 5), "100", "E4-1")),
        ),
        # overpayment leaves a credit balance
        LedgerAccount("E5", cny, (inst(1, date(2028, 1, 1), principal="100"),), (pay("E5-1", date(2028, 1, 1), "150.25"),)),
        # installment due on as_of is not overdue
        LedgerAccount("E6", cny, (inst(1, as_of, principal="100"),)),
        # JPY, zero decimals
        LedgerAccount(
            "E7",
            "JPY",
            (Installment(1, date(2027, 6, 1), Components.of("JPY", principal="12000", fee="500")),),
            (Payment("E7-1", date(2027, 6, 3), Money.of("700", "JPY")),),
        ),
    ]
    policy = ClassificationPolicy(tolerance_minor={"CNY": 100}, grace_days=3)
    assert engine_rows(cases, as_of, policy) == domain_rows(cases, as_of, policy)
    by_id = {r["account_id"]: r for r in engine_rows(cases, as_of, policy)}
    assert by_id["E1"]["dpd"] == "1" and by_id["E1"]["overdue_total"] == "50.00"
    assert by_id["E2"]["bucket"] == "M0"
    assert by_id["E3"]["dpd"] == "60" and by_id["E3"]["delinquent_days"] == "57"
    assert by_id["E4"]["dpd"] == "0"
    assert by_id["E5"]["credit_balance"] == "50.25"
    assert by_id["E6"]["overdue_total"] == "0.00" and by_id["E6"]["outstanding_total"] == "100.00"
    assert by_id["E7"]["overdue_principal"] == "11800" and by_id["E7"]["overdue_fee"] == "0"
