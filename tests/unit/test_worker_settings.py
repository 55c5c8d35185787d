"""The ``[worker]`` table becomes a calendar, a run time and a zone, or a message naming the file and the key."""

from datetime import date, time
from pathlib import Path

import pytest

from arrears.jobs.worker_settings import load_worker_settings
from arrears.settings import SettingsError, load_policy


def settings(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_worker_setting_is_read(tmp_path):
    loaded = load_worker_settings(
        settings(
            tmp_path,
            """
[worker]
at = "05:30"
timezone = "America/Los_Angeles"
country = "US"
subdivision = "CA"
weekend = ["fri", "sat"]
extra_holidays = ["2026-12-24", 2026-12-31]
extra_workdays = [2026-12-27]
start = "2026-11-02"
""",
        )
    )
    assert loaded.at == time(5, 30)
    assert loaded.timezone.key == "America/Los_Angeles"
    assert loaded.start == date(2026, 11, 2)
    cal = loaded.calendar
    assert (cal.country, cal.subdivision, cal.weekend) == ("US", "CA", {4, 5})
    assert cal.extra_holidays == {date(2026, 12, 24), date(2026, 12, 31)}
    assert cal.extra_workdays == {date(2026, 12, 27)}
    assert not cal.is_business_day(date(2026, 3, 31))  # California's Cesar Chavez Day


def test_only_country_and_timezone_are_required(tmp_path):
    loaded = load_worker_settings(settings(tmp_path, '[worker]\ncountry = "CN"\ntimezone = "Asia/Shanghai"\n'))
    assert loaded.at == time(6, 0)
    assert loaded.start is None
    assert loaded.calendar.weekend == {5, 6}
    assert loaded.calendar.subdivision is None
    assert loaded.calendar.is_business_day(date(2025, 9, 28))  # CN make-up Sunday comes with the country


def test_the_same_file_carries_the_classification_settings(tmp_path):
    path = settings(
        tmp_path, '[classification]\ngrace_days = 3\n[worker]\ncountry = "CN"\ntimezone = "Asia/Shanghai"\nat = 07:15:00\n'
    )
    assert load_policy(path).grace_days == 3
    assert load_worker_settings(path).at == time(7, 15)  # a TOML local time works too


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('timezone = "Asia/Shanghai"', "worker.country: required"),
        ('country = "CN"', "worker.timezone: required"),
        ('country = "XX"\ntimezone = "Asia/Shanghai"', "worker.country: unknown country 'XX'"),
        ('country = "CN"\nsubdivision = "ZZ"\ntimezone = "Asia/Shanghai"', "worker.subdivision: unknown subdivision 'ZZ' of CN"),
        ('country = "CN"\ntimezone = "Mars/Olympus"', "worker.timezone: unknown time zone 'Mars/Olympus'"),
        (
            'country = "CN"\ntimezone = "Asia/Shanghai"\nat = "6am"',
            "worker.at: expected a local time of day such as \"06:00\", got '6am'",
        ),
        ('country = "CN"\ntimezone = "Asia/Shanghai"\nat = "25:00"', "worker.at: expected a local time"),
        ('country = "CN"\ntimezone = "Asia/Shanghai"\nweekend = ["caturday"]', "worker.weekend: unknown weekday 'caturday'"),
        ('country = "CN"\ntimezone = "Asia/Shanghai"\nweekend = "sun"', "worker.weekend: expected a list"),
        (
            'country = "CN"\ntimezone = "Asia/Shanghai"\nextra_holidays = ["2026-13-01"]',
            "worker.extra_holidays[1]: expected a date",
        ),
        ('country = "CN"\ntimezone = "Asia/Shanghai"\nextra_workdays = "2026-01-03"', "worker.extra_workdays: expected a list"),
        (
            'country = "CN"\ntimezone = "Asia/Shanghai"\nextra_holidays = [2026-01-05]\nextra_workdays = [2026-01-05]',
            "worker.extra_workdays: 2026-01-05 is both an extra holiday and an extra working day",
        ),
        ('country = "CN"\ntimezone = "Asia/Shanghai"\nstart = 2026-11-02T06:00:00', "worker.start: expected a date"),
        ('country = "CN"\ntimezone = "Asia/Shanghai"\nrun_at = "06:00"', "worker.run_at: unknown setting (known: at, country"),
    ],
)
def test_a_bad_value_is_refused_naming_the_file_and_the_key(tmp_path, table, message):
    path = settings(tmp_path, "[worker]\n" + table + "\n")
    with pytest.raises(SettingsError) as refused:
        load_worker_settings(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert message in str(refused.value)


def test_the_worker_needs_a_file_with_a_worker_table(tmp_path):
    with pytest.raises(SettingsError, match="pass --settings FILE"):
        load_worker_settings(None)
    with pytest.raises(SettingsError, match="no such settings file"):
        load_worker_settings(tmp_path / "missing.toml")
    with pytest.raises(SettingsError, match=r"worker: no \[worker\] table"):
        load_worker_settings(settings(tmp_path, "[classification]\ngrace_days = 1\n"))
    with pytest.raises(SettingsError, match="worker: expected a table"):
        load_worker_settings(settings(tmp_path, 'worker = "daily"\n'))
