"""Business days come from the region's real holidays, China's make-up working days and the lender's own exceptions."""

from datetime import date

import pytest

from arrears.business_calendar import BusinessCalendar, CalendarError, weekend_days

CN = BusinessCalendar("CN")


def test_weekdays_are_business_days_and_the_weekend_is_not():
    assert CN.is_business_day(date(2025, 12, 5))  # Friday
    assert not CN.is_business_day(date(2025, 12, 6))  # Saturday
    assert not CN.is_business_day(date(2025, 12, 7))  # Sunday


def test_chinese_public_holidays_and_their_days_off_are_closed():
    assert not CN.is_business_day(date(2025, 10, 1))  # National Day
    assert not CN.is_business_day(date(2025, 10, 6))  # Mid-Autumn Festival
    assert not CN.is_business_day(date(2025, 10, 8))  # day off moved from Saturday 11 October
    assert CN.holiday_name(date(2025, 10, 1)) == "National Day"


def test_chinese_make_up_weekend_working_days_are_business_days():
    """调休: the Sunday before and the Saturday after the 2025 Golden Week are working days."""
    assert CN.is_business_day(date(2025, 9, 28))  # Sunday
    assert CN.is_business_day(date(2025, 10, 11))  # Saturday
    assert CN.is_business_day(date(2026, 2, 14))  # Saturday before the 2026 Spring Festival
    assert not CN.is_business_day(date(2025, 10, 12))  # an ordinary Sunday stays closed


def test_the_golden_week_is_skipped_in_order_with_its_make_up_days():
    assert CN.business_days(date(2025, 9, 26), date(2025, 10, 11)) == [
        date(2025, 9, 26),
        date(2025, 9, 28),
        date(2025, 9, 29),
        date(2025, 9, 30),
        date(2025, 10, 9),
        date(2025, 10, 10),
        date(2025, 10, 11),
    ]


def test_next_and_previous_business_day_jump_over_the_spring_festival():
    assert CN.next_business_day(date(2026, 2, 13)) == date(2026, 2, 14)  # make-up Saturday
    assert CN.next_business_day(date(2026, 2, 14)) == date(2026, 2, 24)
    assert CN.previous_business_day(date(2026, 2, 24)) == date(2026, 2, 14)
    assert CN.previous_business_day(date(2026, 2, 16)) == date(2026, 2, 14)


def test_next_and_previous_are_strict_even_on_a_business_day():
    assert CN.next_business_day(date(2025, 12, 3)) == date(2025, 12, 4)
    assert CN.previous_business_day(date(2025, 12, 3)) == date(2025, 12, 2)
    assert CN.previous_business_day(date(2025, 12, 8)) == date(2025, 12, 5)  # Monday -> Friday


def test_business_days_is_inclusive_and_empty_when_the_range_is_reversed():
    assert CN.business_days(date(2025, 12, 5), date(2025, 12, 8)) == [date(2025, 12, 5), date(2025, 12, 8)]
    assert CN.business_days(date(2025, 12, 8), date(2025, 12, 5)) == []
    assert CN.business_days(date(2025, 12, 6), date(2025, 12, 6)) == []


def test_a_subdivision_adds_its_own_holidays():
    cesar_chavez_day = date(2026, 3, 31)
    assert BusinessCalendar("US").is_business_day(cesar_chavez_day)
    assert not BusinessCalendar("US", "CA").is_business_day(cesar_chavez_day)
    assert not BusinessCalendar("US").is_business_day(date(2025, 11, 27))  # Thanksgiving


def test_configured_extra_holidays_close_and_extra_workdays_open_even_over_a_public_holiday():
    cal = BusinessCalendar.from_names(
        "CN", extra_holidays=[date(2025, 12, 31)], extra_workdays=[date(2025, 12, 6), date(2025, 10, 1)]
    )
    assert not cal.is_business_day(date(2025, 12, 31))
    assert cal.is_business_day(date(2025, 12, 6))  # a working Saturday
    assert cal.is_business_day(date(2025, 10, 1))  # the lender works on National Day
    # 31 Dec closed by the lender, 1-2 Jan New Year, 3 Jan Saturday; Sunday 4 Jan is a make-up working day
    assert cal.next_business_day(date(2025, 12, 30)) == date(2026, 1, 4)


def test_a_configured_weekend_replaces_saturday_and_sunday():
    friday_saturday = BusinessCalendar.from_names("CN", weekend=["fri", "Saturday"])
    assert friday_saturday.is_business_day(date(2025, 12, 7))  # Sunday
    assert not friday_saturday.is_business_day(date(2025, 12, 5))  # Friday
    assert weekend_days(["SUN", "monday"]) == {6, 0}


def test_codes_are_accepted_in_any_case():
    cal = BusinessCalendar("us", "ca")
    assert (cal.country, cal.subdivision) == ("US", "CA")


def test_an_unknown_country_is_refused_naming_it():
    with pytest.raises(CalendarError, match="unknown country 'XX'") as refused:
        BusinessCalendar("XX")
    assert refused.value.setting == "country"


def test_an_unknown_subdivision_is_refused_naming_it_and_the_country():
    with pytest.raises(CalendarError, match="unknown subdivision 'ZZ' of US") as refused:
        BusinessCalendar("US", "ZZ")
    assert refused.value.setting == "subdivision"


def test_impossible_configurations_are_refused():
    with pytest.raises(CalendarError, match="unknown weekday 'caturday'"):
        weekend_days(["caturday"])
    with pytest.raises(CalendarError, match="no business day"):
        BusinessCalendar.from_names("CN", weekend=["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    with pytest.raises(CalendarError, match="2025-12-31 is both an extra holiday and an extra working day"):
        BusinessCalendar("CN", extra_holidays=frozenset({date(2025, 12, 31)}), extra_workdays=frozenset({date(2025, 12, 31)}))
