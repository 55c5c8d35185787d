"""The database setting from ``ARREARS_DATABASE_URL``.

SQLite by default (a file under ``var/``), PostgreSQL for a team. SQLite gets WAL mode, a
busy timeout and ``IMMEDIATE`` transactions so that the worker and the console can write
at the same time without "database is locked" errors.

>>> database_from_url("sqlite:///tmp/a.sqlite3", default_path="x")["NAME"]
'/tmp/a.sqlite3'
>>> database_from_url("postgresql://arrears:s3cret@127.0.0.1:5433/book", default_path="x")["PORT"]
5433
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def database_from_url(url: str | None, default_path: str | Path) -> dict:
    """Django ``DATABASES['default']`` for a URL; None means the SQLite file at ``default_path``."""
    if not url:
        return _sqlite(Path(default_path))
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path) if not parts.netloc else f"{parts.netloc}{unquote(parts.path)}"
        return _sqlite(Path(path))
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": parts.port or "",
            "CONN_MAX_AGE": 60,
        }
    raise ValueError(f"ARREARS_DATABASE_URL: unsupported scheme {parts.scheme!r} (use sqlite:/// or postgresql://)")


def _sqlite(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
            ),
        },
        "TEST": {"NAME": None},
    }
