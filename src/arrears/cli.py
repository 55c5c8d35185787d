"""The ``arrears`` command: one entry point for every job.

Start-up is kept light on purpose: this module imports only the standard library, and
each sub-command imports what it needs (Ibis, DuckDB, Arrow) when it runs, so that
``arrears --help`` and quick commands answer at once.

Exit codes: 0 done, 1 the input or settings were refused (every problem printed), 2 the
command line itself was wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from arrears import __version__

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _business_date(text: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else date.fromisoformat("invalid")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _today() -> date:
    """The only place the CLI reads the clock: the default business date at the edge."""
    return date.today()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="arrears", description="Arrears: debt collection, from the ledger to the lawful contact."
    )
    parser.add_argument("--version", action="version", version=f"arrears {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="generate a demo portfolio, load and classify it, start the console")
    demo.add_argument("--accounts", type=_positive, default=10_000)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--locale", choices=["zh_CN", "en_US"], default="zh_CN")
    demo.add_argument("--as-of", type=_business_date, help="business date (default: today)")
    demo.add_argument("--out", help="folder for the snapshot and the result (default var/demo)")
    demo.add_argument("--port", type=int, default=8000, help="console port on 127.0.0.1 (default 8000)")
    demo.add_argument("--password", help="password for the demo users (default: random, printed)")
    demo.add_argument("--no-serve", action="store_true", help="build everything but do not start the console")
    demo.add_argument("--json", action="store_true", help="print the summary as JSON")
    demo.set_defaults(handler=_demo)

    data = sub.add_parser("demo-data", help="write a realistic demo portfolio snapshot")
    data.add_argument("--accounts", type=_positive, required=True)
    data.add_argument("--seed", type=int, default=42)
    data.add_argument("--locale", choices=["zh_CN", "en_US"], default="zh_CN")
    data.add_argument("--as-of", type=_business_date, help="snapshot date (default: today); same seed and date, same files")
    data.add_argument("--format", choices=["csv", "parquet"], default="csv")
    data.add_argument("--out", type=Path, required=True)
    data.set_defaults(handler=_demo_data)

    classify = sub.add_parser("classify", help="classify every account of a snapshot as of a business date")
    classify.add_argument(
        "--portfolio", type=Path, required=True, help="snapshot folder (customers, accounts, installments, payments)"
    )
    classify.add_argument("--as-of", type=_business_date, required=True)
    classify.add_argument("--out", type=Path, help="result file, .csv or .parquet")
    classify.add_argument(
        "--settings", type=Path, help="TOML settings (buckets, allocation, tolerance, grace days, amount bands)"
    )
    classify.add_argument("--encoding", help="force the CSV encoding (default: detect UTF-8, UTF-8 with BOM, GB18030)")
    classify.add_argument("--max-errors", type=_positive, default=100, help="problems to print before summarising (default 100)")
    classify.add_argument("--json", action="store_true", help="print the summary as JSON")
    classify.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb", help="where to run (default duckdb)")
    classify.set_defaults(handler=_classify)

    cycle = sub.add_parser("cycle", help="the daily cycle: classify, compare with the previous day, keep history, write back")
    cycle.add_argument("--as-of", type=_business_date, required=True, help="the business date")
    cycle.add_argument("--portfolio", type=Path, help="snapshot folder (default: the portfolio in the store)")
    cycle.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    cycle.add_argument("--settings", type=Path, help="TOML settings (classification)")
    cycle.add_argument("--history", type=Path, help="history folder (default: $ARREARS_HISTORY_DIR or var/history)")
    cycle.add_argument("--no-write-back", action="store_true", help="keep the history only; leave the store's positions")
    cycle.add_argument("--json", action="store_true", help="print the summary as JSON")
    cycle.set_defaults(handler=_cycle)

    load = sub.add_parser("import", help="validate a snapshot and load it into the store (idempotent)")
    load.add_argument("snapshot_dir")
    load.add_argument("--reject-file", help="load the valid accounts; write the rejected ones with their reasons here")
    load.add_argument("--encoding", help="force the CSV encoding")
    load.set_defaults(handler=_import)

    migrate = sub.add_parser("migrate", help="create or update the database tables")
    migrate.set_defaults(handler=lambda args: _django(["migrate", "--no-input"]))

    rollrates = sub.add_parser("rollrates", help="roll-rate matrix between two business dates of the cycle's history")
    rollrates.add_argument("--from", dest="start", type=_business_date, required=True, help="start date (rows: bucket then)")
    rollrates.add_argument("--to", dest="end", type=_business_date, required=True, help="end date (columns: bucket or exit)")
    rollrates.add_argument("--by", choices=["count", "balance"], default="count", help="shares of accounts or of start balance")
    rollrates.add_argument("--currency", help="only this currency (default: one matrix per currency)")
    rollrates.add_argument("--settings", type=Path, help="TOML settings whose buckets give the row and column order")
    rollrates.add_argument("--json", action="store_true", help="print the matrices as JSON")
    rollrates.set_defaults(handler=_rollrates)

    worker = sub.add_parser("worker", help="run the daily cycle every business day at the configured time; catch up missed days")
    worker.add_argument("--settings", type=Path, help="TOML settings with a [worker] table (time, time zone, country, holidays)")
    worker.add_argument("--portfolio", type=Path, help="snapshot folder for every cycle (default: the portfolio in the store)")
    worker.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    worker.add_argument("--once", action="store_true", help="run what is owed now and exit (for cron); exit 1 if a cycle failed")
    worker.set_defaults(handler=_worker)

    manage = sub.add_parser("manage", help="any Django management command (createsuperuser, runserver, ...)")
    manage.add_argument("django_args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=lambda args: _django(args.django_args))
    return parser


def _django(argv: list[str]) -> int:
    """Run a Django management command: the path for everything that needs the database."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["arrears", *argv])
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    argv = ["import_snapshot", args.snapshot_dir]
    if args.reject_file:
        argv += ["--reject-file", args.reject_file]
    if args.encoding:
        argv += ["--encoding", args.encoding]
    return _django(argv)


def _print_summary(run, bucket_order, as_json: bool, header: str) -> None:
    from arrears.reporting import summary_json, summary_table

    if as_json:
        print(json.dumps(summary_json(run.summary, bucket_order), ensure_ascii=False, indent=2))
    else:
        print(header)
        print(summary_table(run.summary, bucket_order))


def _demo(args: argparse.Namespace) -> int:
    argv = ["demo", "--accounts", str(args.accounts), "--seed", str(args.seed), "--locale", args.locale, "--port", str(args.port)]
    argv += ["--as-of", (args.as_of or _today()).isoformat()]
    for flag, value in (("--out", args.out), ("--password", args.password)):
        if value:
            argv += [flag, value]
    argv += [flag for flag, on in (("--no-serve", args.no_serve), ("--json", args.json)) if on]
    return _django(argv)


def _demo_data(args: argparse.Namespace) -> int:
    from arrears.demo.generator import generate

    as_of = args.as_of or _today()
    counts = generate(args.out, accounts=args.accounts, seed=args.seed, locale=args.locale, as_of=as_of, fmt=args.format)
    print(f"Wrote {args.out}: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))
    return EXIT_OK


def _classify(args: argparse.Namespace) -> int:
    from arrears.jobs.classify import classify_snapshot
    from arrears.settings import load_policy

    policy = load_policy(args.settings)
    run = classify_snapshot(args.portfolio, args.as_of, policy, args.out, args.encoding, args.max_errors, args.engine)
    where = f" -> {args.out}" if args.out else ""
    _print_summary(run, policy.buckets.names, args.json, f"{args.portfolio} as of {args.as_of}{where}\n")
    return EXIT_OK


def _rollrates(args: argparse.Namespace) -> int:
    """Roll rates over the history folder (``ARREARS_HISTORY_DIR``, else ``$ARREARS_HOME/var/history``)."""
    from arrears.cycle.history import History, history_root
    from arrears.cycle.rollrates import RollRateError, matrix_text, roll_rates
    from arrears.settings import load_policy

    policy = load_policy(args.settings)
    try:
        rates = roll_rates(History(history_root()), args.start, args.end, policy.buckets.names, args.currency)
    except RollRateError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print(json.dumps(rates.to_json(args.by), ensure_ascii=False, indent=2))
    else:
        print(matrix_text(rates, args.by))
    return EXIT_OK


def _cycle(args: argparse.Namespace) -> int:
    import logging
    import os

    from arrears.cycle.run import ensure_django, run_cycle

    if args.no_write_back:
        logging.basicConfig(
            level=os.environ.get("ARREARS_LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    else:
        ensure_django()  # its logging settings apply from the first step on
    report = run_cycle(
        args.as_of,
        portfolio=args.portfolio,
        engine=args.engine,
        settings=args.settings,
        history=args.history,
        write_back=not args.no_write_back,
    )
    recomputed = [d.isoformat() for d in report.recomputed]
    if args.json:
        print(
            json.dumps(
                {"as_of": args.as_of.isoformat(), **report.summary.as_json(), "recomputed": recomputed}, ensure_ascii=False
            )
        )
    else:
        print(f"cycle as of {args.as_of}" + (f"; recomputed later dates: {', '.join(recomputed)}" if recomputed else "") + "\n")
        print(report.summary.as_text())
    return EXIT_OK


def _worker(args: argparse.Namespace) -> int:
    """The scheduler (``arrears.jobs.worker``) wired to the daily cycle; the clock is read here, at the edge."""
    from datetime import datetime

    from arrears.cycle.history import completed_dates
    from arrears.cycle.run import ensure_django, run_cycle
    from arrears.jobs.worker import Worker
    from arrears.jobs.worker_settings import load_worker_settings

    config = load_worker_settings(args.settings)  # refused before anything runs
    ensure_django()  # the store for the write-back, and the logging settings (ARREARS_LOG_LEVEL)
    worker = Worker(
        config.calendar,
        config.at,
        config.timezone,
        run=lambda as_of: run_cycle(as_of, portfolio=args.portfolio, engine=args.engine, settings=args.settings),
        completed=lambda: completed_dates(args.settings),
        start=config.start,
        clock=lambda: datetime.now(config.timezone),
    )
    if not args.once:
        worker.run_forever()
        return EXIT_OK
    ran = worker.run_pending()
    print("daily cycle run for: " + ", ".join(d.isoformat() for d in ran) if ran else "daily cycle: nothing owed")
    if worker.last_error is not None:
        print(f"error: {worker.last_error}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except Exception as error:  # turn known refusals into messages, never a traceback
        message = _refusal(error)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return EXIT_REFUSED


def _refusal(error: Exception) -> str | None:
    """The user-facing text for an expected refusal, or None for a real bug."""
    from arrears.domain.errors import DomainError
    from arrears.settings import SettingsError

    refusals: tuple[type[Exception], ...] = (DomainError, SettingsError, OSError)
    try:
        from arrears.snapshot import SnapshotInvalid

        if isinstance(error, SnapshotInvalid):
            return f"error: the snapshot was refused; nothing was written.\n{error}"
    except ImportError:  # pragma: no cover - the snapshot package is part of the install
        pass
    if isinstance(error, refusals):
        return f"error: {error}"
    return None
