"""The scheduler behind ``arrears worker``: run the daily cycle once per business day.

The worker knows nothing about what the cycle does. It is given a business calendar, a
local time of day and its time zone, a ``run(as_of)`` function and a ``completed()``
function (the dates whose cycle already finished), and keeps one rule:

    At any moment the worker owes every business date from the day after the last
    completed one (or from ``start``) up to the latest business date whose run time
    (``run_at`` in ``timezone`` on that date) has passed.

Why this rule rather than "run at 06:00 every day": a worker that was down over a
weekend, a holiday or a crash owes the days it missed, and the cycle compares each date
with the previous business date, so missed dates are caught up one by one, oldest first,
and a date is never skipped. If a run raises, the catch-up stops at that date (the later
dates wait, since they would be compared with a missing day) and the date is retried
after a back-off. Asking ``completed()`` each time (rather than trusting memory) lets a
cycle run by hand, or by another host, count.

The first start with no history and no ``start`` runs only the latest owed date: a new
installation should not replay years of business days it never had snapshots for.

Time is injected (``clock`` returns an aware ``datetime``, ``sleep`` waits), so tests
drive whole weeks in milliseconds with a clock they advance themselves. Every decision is
logged on the ``arrears.worker`` logger.

Stopping: ``run_forever`` turns SIGTERM and SIGINT into "stop after the current run"; the
worker never interrupts a cycle itself (the cycle's own lock and atomic writes make a
killed cycle safe, but a clean stop is cheaper). A second Ctrl-C interrupts as usual.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from arrears.business_calendar import BusinessCalendar

log = logging.getLogger("arrears.worker")


class Worker:
    """Runs ``run(as_of)`` for every owed business date, in order; see the module docstring.

    ``retry_after`` is the first back-off after a failed run, doubled at each further
    failure up to ``retry_max`` (seconds). ``max_nap`` bounds one sleep so that the
    clock is read again regularly (a suspended host or a corrected clock is noticed).
    """

    def __init__(
        self,
        calendar: BusinessCalendar,
        run_at: time,
        timezone: ZoneInfo,
        run: Callable[[date], object],
        completed: Callable[[], Iterable[date]],
        *,
        start: date | None = None,
        clock: Callable[[], datetime],
        sleep: Callable[[float], object] | None = None,
        retry_after: float = 60.0,
        retry_max: float = 3600.0,
        max_nap: float = 900.0,
    ):
        if run_at.tzinfo is not None:
            raise ValueError("run_at is a local time of day; pass its time zone as timezone")
        if retry_after <= 0 or retry_max < retry_after or max_nap <= 0:
            raise ValueError("retry_after and max_nap must be positive and retry_max at least retry_after")
        self.calendar = calendar
        self.run_at = run_at
        self.timezone = timezone
        self.start = start
        self._run = run
        self._completed = completed
        self._clock = clock
        self._wake = threading.Event()
        self._sleep = sleep if sleep is not None else self._wake.wait
        self._retry_after, self._retry_max, self._max_nap = retry_after, retry_max, max_nap
        self._stopping = False
        self._last_ran: date | None = None  # a run that returned counts even if completed() lags behind
        self._floor: date | None = start  # no date before this one is ever owed
        self._failures = 0
        self._retry_at: datetime | None = None
        #: The date whose last attempt failed (None when healthy), and that failure.
        self.failing: date | None = None
        self.last_error: BaseException | None = None

    # -- the rule ---------------------------------------------------------------------------

    def now(self) -> datetime:
        """The injected clock, in the worker's time zone."""
        current = self._clock()
        if current.tzinfo is None or current.utcoffset() is None:
            raise ValueError("the worker's clock must return an aware datetime (with a time zone)")
        return current.astimezone(self.timezone)

    def run_time(self, as_of: date) -> datetime:
        """When the cycle of ``as_of`` becomes due: ``run_at`` on that date, in the worker's time zone."""
        return datetime.combine(as_of, self.run_at, tzinfo=self.timezone)

    def latest_due(self, now: datetime) -> date:
        """The latest business date whose run time is at or before ``now``."""
        today = now.astimezone(self.timezone).date()
        if self.calendar.is_business_day(today) and self.run_time(today) <= now:
            return today
        return self.calendar.previous_business_day(today)

    def next_run_time(self, now: datetime) -> datetime:
        """The first run time strictly after ``now`` (and not before ``start``): when the next date becomes due."""
        day = now.astimezone(self.timezone).date()
        if self._floor is not None and self._floor > day:
            day = self._floor - timedelta(days=1)
        elif self.calendar.is_business_day(day) and self.run_time(day) > now:
            return self.run_time(day)
        return self.run_time(self.calendar.next_business_day(day))

    def last_completed(self) -> date | None:
        """The latest date done: per ``completed()``, or run by this worker."""
        done = [*self._completed(), *([self._last_ran] if self._last_ran else [])]
        return max(done) if done else None

    def owed(self, now: datetime | None = None) -> list[date]:
        """The business dates owed at ``now`` (default: the clock), oldest first."""
        return self._owed(self.now() if now is None else now)[0]

    def _owed(self, now: datetime) -> tuple[list[date], bool]:
        """The owed dates, and whether this is a first start (no history, no ``start``)."""
        latest = self.latest_due(now)
        last = self.last_completed()
        first = self.calendar.next_business_day(last) if last is not None else None
        if self._floor is not None:
            first = self._floor if first is None else max(first, self._floor)
        if first is None:  # first start, nothing to go by: only the latest date
            return [latest], True
        return self.calendar.business_days(first, latest), False

    # -- running ----------------------------------------------------------------------------

    def run_pending(self) -> list[date]:
        """Run every owed date in order, stopping at the first failure or a stop request.

        Returns the dates that ran successfully. A failure is logged, not raised: it is
        kept in ``failing``/``last_error`` and the date is retried at the next wake-up.
        """
        ran: list[date] = []
        while not self._stopping:
            now = self.now()
            try:
                owed, first_start = self._owed(now)
            except Exception as error:
                self._failed(None, now, error)
                break
            if not owed:
                if not ran:
                    log.info("nothing owed at %s; last completed: %s", _at(now), self._describe_last())
                break
            if first_start:  # pinned, so that a failure of this date is retried, never skipped
                self._floor = owed[0]
                log.info("first start with no completed cycle and no start date: running %s only", owed[0])
            if not ran:
                log.info("owed at %s: %s", _at(now), _dates(owed))
            as_of = owed[0]
            log.info("running the daily cycle for %s", as_of)
            try:
                self._run(as_of)
            except Exception as error:
                self._failed(as_of, now, error)
                break
            finished = self.now()
            log.info("daily cycle for %s done in %s", as_of, _duration((finished - now).total_seconds()))
            self._last_ran = as_of
            self._failures, self._retry_at, self.failing, self.last_error = 0, None, None, None
            ran.append(as_of)
        return ran

    def _failed(self, as_of: date | None, now: datetime, error: Exception) -> None:
        self._failures += 1
        delay = min(self._retry_after * 2 ** (self._failures - 1), self._retry_max)
        self._retry_at = self.now() + timedelta(seconds=delay)
        self.failing, self.last_error = as_of, error
        what = f"the daily cycle for {as_of}" if as_of else "reading the completed dates"
        log.error(
            "%s failed (attempt %d): %s; the catch-up stops here and later dates wait; retry at %s (in %s)",
            what,
            self._failures,
            error,
            _at(self._retry_at),
            _duration(delay),
            exc_info=error,
        )

    def next_wake(self, now: datetime) -> datetime:
        """When to look again: the next run time, or the retry time after a failure if sooner."""
        wake = self.next_run_time(now)
        if self._retry_at is not None:
            wake = min(wake, max(self._retry_at, now))
        return wake

    def run_forever(self) -> None:
        """Run what is owed, sleep until the next run time, repeat, until SIGTERM/SIGINT or ``stop()``."""
        restore = self._install_signal_handlers()
        try:
            log.info(
                "worker started: cycles at %s %s on business days of %s%s",
                self.run_at.strftime("%H:%M"),
                self.timezone.key,
                self.calendar.describe(),
                f", from {self.start}" if self.start else "",
            )
            while not self._stopping:
                self.run_pending()
                if self._stopping:
                    break
                now = self.now()
                wake = self.next_wake(now)
                log.info("sleeping until %s (in %s)", _at(wake), _duration((wake - now).total_seconds()))
                self._sleep_until(wake)
        finally:
            restore()
        log.info("worker stopped")

    def stop(self) -> None:
        """Ask the worker to stop after the current run (safe from a signal handler)."""
        self._stopping = True
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def _sleep_until(self, wake: datetime) -> None:
        while not self._stopping:
            remaining = (wake - self.now()).total_seconds()
            if remaining <= 0:
                return
            self._sleep(min(remaining, self._max_nap))

    def _install_signal_handlers(self) -> Callable[[], None]:
        """SIGTERM/SIGINT -> stop after the current run; returns a function restoring the old handlers."""
        if threading.current_thread() is not threading.main_thread():
            log.debug("not on the main thread: signals left alone, call stop() to end the worker")
            return lambda: None

        def on_signal(signum: int, frame: object) -> None:
            name = signal.Signals(signum).name
            log.info("%s received: stopping (a running cycle is finished first, never interrupted)", name)
            self.stop()
            if signum == signal.SIGINT:  # a second Ctrl-C is the operator insisting
                signal.signal(signal.SIGINT, signal.default_int_handler)

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}

        def restore() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        return restore

    def _describe_last(self) -> str:
        last = self.last_completed()
        return "none" if last is None else last.isoformat()


def _at(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z")


def _dates(dates: list[date]) -> str:
    if len(dates) <= 5:
        return ", ".join(d.isoformat() for d in dates)
    return f"{len(dates)} business dates, {dates[0]} to {dates[-1]}"


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else "", f"{minutes}m" if minutes else ""]
    return " ".join(p for p in parts if p) or f"{secs}s"
