"""The worker owes every business date since the last completed one, runs them in order, and never skips one.

Real calendars, a clock the test sets and a ``sleep`` that advances it, and a ``run`` that
records the dates (and fails on demand): whole weeks pass in milliseconds.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time as wall
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from arrears.business_calendar import BusinessCalendar
from arrears.jobs.worker import Worker

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
CN = BusinessCalendar("CN")


class Clock:
    """The time the test sets; ``sleep`` advances it, and stops the worker once ``until`` is reached."""

    def __init__(self, now: datetime):
        self.now = now
        self.until: datetime | None = None
        self.on_until = None
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def set(self, zone: ZoneInfo, *args: int) -> None:
        self.now = datetime(*args, tzinfo=zone)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += timedelta(seconds=seconds)
        if self.until is not None and self.now >= self.until:
            self.on_until()


class Cycle:
    """Records the dates it runs and when; fails for the dates in ``failing`` (a real exception)."""

    def __init__(self, clock: Clock, completed=(), record=True):
        self.clock = clock
        self.done = set(completed)
        self.ran: list[date] = []
        self.ran_at: list[datetime] = []
        self.failing: set[date] = set()
        self.record = record
        self.during = None

    def run(self, as_of: date) -> None:
        self.ran.append(as_of)
        self.ran_at.append(self.clock.now)
        if self.during:
            self.during(as_of)
        if as_of in self.failing:
            raise RuntimeError(f"snapshot for {as_of} not delivered yet")
        if self.record:
            self.done.add(as_of)

    def completed(self) -> set[date]:
        return set(self.done)


def make(clock: Clock, cycle: Cycle, calendar=CN, zone=SHANGHAI, **options) -> Worker:
    return Worker(calendar, time(6, 0), zone, cycle.run, cycle.completed, clock=clock, sleep=clock.sleep, **options)


def run_until(worker: Worker, clock: Clock, until: datetime) -> None:
    clock.until, clock.on_until = until, worker.stop
    worker.run_forever()


def test_a_missed_friday_is_caught_up_before_monday():
    clock = Clock(datetime(2025, 12, 8, 7, 0, tzinfo=SHANGHAI))  # Monday 07:00; the worker was down since Thursday
    cycle = Cycle(clock, completed={date(2025, 12, 4)})
    assert make(clock, cycle).run_pending() == [date(2025, 12, 5), date(2025, 12, 8)]
    assert cycle.ran == [date(2025, 12, 5), date(2025, 12, 8)]


def test_today_is_owed_only_once_its_run_time_has_passed():
    clock = Clock(datetime(2025, 12, 8, 5, 59, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 5)})
    worker = make(clock, cycle)
    assert worker.run_pending() == []
    clock.set(SHANGHAI, 2025, 12, 8, 6, 0)
    assert worker.run_pending() == [date(2025, 12, 8)]
    assert worker.run_pending() == []  # done once, not again


def test_the_run_time_is_read_in_the_configured_time_zone():
    clock = Clock(datetime(2025, 12, 7, 22, 0, tzinfo=UTC))  # Monday 06:00 in Shanghai
    cycle = Cycle(clock, completed={date(2025, 12, 5)})
    assert make(clock, cycle).run_pending() == [date(2025, 12, 8)]


def test_a_failing_run_is_retried_and_the_next_date_waits():
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))  # Friday; Thursday and Friday owed
    cycle = Cycle(clock, completed={date(2025, 12, 3)})
    cycle.failing = {date(2025, 12, 4)}
    worker = make(clock, cycle)
    assert worker.run_pending() == []
    assert cycle.ran == [date(2025, 12, 4)]  # Friday never started
    assert worker.failing == date(2025, 12, 4)
    assert isinstance(worker.last_error, RuntimeError)
    cycle.failing.clear()
    assert worker.run_pending() == [date(2025, 12, 4), date(2025, 12, 5)]
    assert worker.failing is None and worker.last_error is None


def test_retries_back_off_doubling_then_the_catch_up_resumes_in_order():
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 3)})
    cycle.failing = {date(2025, 12, 4)}
    worker = make(clock, cycle, retry_after=60, retry_max=600)

    def heal_after_four_attempts(as_of: date) -> None:
        if cycle.ran.count(date(2025, 12, 4)) == 4:
            cycle.failing.clear()

    cycle.during = heal_after_four_attempts
    run_until(worker, clock, datetime(2025, 12, 5, 8, 0, tzinfo=SHANGHAI))
    assert cycle.ran == [date(2025, 12, 4)] * 4 + [date(2025, 12, 5)]
    assert clock.slept[:3] == [60, 120, 240]
    assert [t - cycle.ran_at[0] for t in cycle.ran_at[1:4]] == [timedelta(seconds=s) for s in (60, 180, 420)]


def test_the_back_off_is_capped():
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 4)})
    cycle.failing = {date(2025, 12, 5)}
    worker = make(clock, cycle, retry_after=60, retry_max=300)
    run_until(worker, clock, datetime(2025, 12, 5, 7, 30, tzinfo=SHANGHAI))
    assert clock.slept[:6] == [60, 120, 240, 300, 300, 300]


def test_the_worker_sleeps_through_the_golden_week_and_runs_the_make_up_saturday():
    clock = Clock(datetime(2025, 9, 30, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 9, 30)})
    run_until(make(clock, cycle), clock, datetime(2025, 10, 12, 23, 0, tzinfo=SHANGHAI))
    assert cycle.ran == [date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11)]
    assert cycle.ran_at == [datetime(2025, 10, d, 6, 0, tzinfo=SHANGHAI) for d in (9, 10, 11)]  # on time, not late


def test_the_run_time_follows_local_time_across_daylight_saving():
    clock = Clock(datetime(2026, 3, 6, 12, 0, tzinfo=NEW_YORK))  # Friday; clocks go forward on Sunday 8 March
    cycle = Cycle(clock, completed={date(2026, 3, 6)})
    run_until(make(clock, cycle, calendar=BusinessCalendar("US"), zone=NEW_YORK), clock, datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    assert cycle.ran == [date(2026, 3, 9), date(2026, 3, 10)]
    assert [t.astimezone(NEW_YORK).time() for t in cycle.ran_at] == [time(6, 0), time(6, 0)]
    assert cycle.ran_at[0].astimezone(UTC).hour == 10  # 06:00 EDT, no longer 11:00 UTC (EST)


def test_a_first_start_without_history_runs_only_the_latest_owed_date():
    clock = Clock(datetime(2025, 12, 10, 10, 0, tzinfo=SHANGHAI))  # Wednesday
    cycle = Cycle(clock)
    assert make(clock, cycle).run_pending() == [date(2025, 12, 10)]

    early = Clock(datetime(2025, 12, 10, 5, 0, tzinfo=SHANGHAI))  # before today's run time: yesterday is the latest owed
    assert make(early, Cycle(early)).run_pending() == [date(2025, 12, 9)]


def test_a_failed_first_date_is_retried_on_a_later_day_not_skipped():
    clock = Clock(datetime(2025, 12, 10, 10, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock)
    cycle.failing = {date(2025, 12, 10)}
    worker = make(clock, cycle)
    assert worker.run_pending() == []
    cycle.failing.clear()
    clock.set(SHANGHAI, 2025, 12, 11, 7, 0)
    assert worker.run_pending() == [date(2025, 12, 10), date(2025, 12, 11)]


def test_a_start_date_makes_every_business_date_since_then_owed():
    clock = Clock(datetime(2025, 12, 3, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock)
    assert make(clock, cycle, start=date(2025, 11, 29)).run_pending() == [date(2025, 12, d) for d in (1, 2, 3)]


def test_a_start_date_after_the_history_skips_the_older_gap():
    clock = Clock(datetime(2025, 12, 3, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 11, 14)})
    assert make(clock, cycle, start=date(2025, 12, 2)).run_pending() == [date(2025, 12, 2), date(2025, 12, 3)]


def test_a_future_start_date_is_waited_for():
    clock = Clock(datetime(2025, 12, 3, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock)
    worker = make(clock, cycle, start=date(2025, 12, 6))  # a Saturday: the first owed date is Monday 8th
    assert worker.run_pending() == []
    assert worker.next_wake(clock.now) == datetime(2025, 12, 8, 6, 0, tzinfo=SHANGHAI)
    run_until(worker, clock, datetime(2025, 12, 8, 12, 0, tzinfo=SHANGHAI))
    assert cycle.ran == [date(2025, 12, 8)]
    assert cycle.ran_at == [datetime(2025, 12, 8, 6, 0, tzinfo=SHANGHAI)]


def test_a_cycle_completed_elsewhere_is_not_run_again():
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 3)})
    worker = make(clock, cycle)
    cycle.done.add(date(2025, 12, 4))  # run by hand with `arrears cycle` before the worker woke up
    assert worker.run_pending() == [date(2025, 12, 5)]


def test_a_run_that_returned_is_not_repeated_even_if_history_lags():
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 4)}, record=False)
    worker = make(clock, cycle)
    assert worker.run_pending() == [date(2025, 12, 5)]
    assert worker.run_pending() == []
    assert cycle.ran == [date(2025, 12, 5)]


def test_a_failure_to_read_the_history_is_retried_like_a_failed_run(caplog):
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 4)})
    broken = True

    def completed() -> set[date]:
        if broken:
            raise OSError("history folder unreadable")
        return cycle.completed()

    worker = Worker(CN, time(6, 0), SHANGHAI, cycle.run, completed, clock=clock, sleep=clock.sleep)
    with caplog.at_level(logging.ERROR, logger="arrears.worker"):
        assert worker.run_pending() == []
    assert "reading the completed dates failed" in caplog.text
    broken = False
    assert worker.run_pending() == [date(2025, 12, 5)]


def test_each_decision_is_logged(caplog):
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 3)})
    cycle.failing = {date(2025, 12, 4)}
    worker = make(clock, cycle)
    with caplog.at_level(logging.INFO, logger="arrears.worker"):
        worker.run_pending()
        cycle.failing.clear()
        worker.run_pending()
        worker.run_pending()
    text = caplog.text
    assert "owed at 2025-12-05 07:00 CST: 2025-12-04, 2025-12-05" in text
    assert "the daily cycle for 2025-12-04 failed (attempt 1): snapshot for 2025-12-04 not delivered yet" in text
    assert "later dates wait; retry at 2025-12-05 07:01 CST (in 1m)" in text
    assert "daily cycle for 2025-12-05 done" in text
    assert "nothing owed at 2025-12-05 07:00 CST; last completed: 2025-12-05" in text


def test_sigterm_during_a_run_lets_it_finish_and_stops_before_the_next_date():
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 3)})
    received = []
    previous = signal.signal(signal.SIGTERM, lambda *_: received.append("test handler"))
    try:
        cycle.during = lambda as_of: os.kill(os.getpid(), signal.SIGTERM)
        make(clock, cycle).run_forever()
        assert cycle.ran == [date(2025, 12, 4)]
        assert cycle.done == {date(2025, 12, 3), date(2025, 12, 4)}  # the run was not interrupted
        assert received == []  # the worker handled it...
        os.kill(os.getpid(), signal.SIGTERM)
        assert received == ["test handler"]  # ...and put the previous handler back
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_sigterm_wakes_an_idle_worker_at_once():
    """The real default sleep: a worker waiting hours for the next run time stops within moments."""
    clock = Clock(datetime(2025, 12, 5, 7, 0, tzinfo=SHANGHAI))
    cycle = Cycle(clock, completed={date(2025, 12, 5)})
    worker = Worker(CN, time(6, 0), SHANGHAI, cycle.run, cycle.completed, clock=clock)  # sleeps for real
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)  # never kill the test run, whatever happens
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM))
    try:
        started = wall.monotonic()
        timer.start()
        worker.run_forever()
        assert wall.monotonic() - started < 5
        assert cycle.ran == [] and worker.stopping
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous)


def test_a_naive_clock_or_a_zoned_run_time_is_refused():
    naive = Clock(datetime(2025, 12, 5, 7, 0))
    cycle = Cycle(naive)
    with pytest.raises(ValueError, match="aware datetime"):
        make(naive, cycle).run_pending()
    with pytest.raises(ValueError, match="local time of day"):
        Worker(CN, time(6, 0, tzinfo=SHANGHAI), SHANGHAI, cycle.run, cycle.completed, clock=naive)
