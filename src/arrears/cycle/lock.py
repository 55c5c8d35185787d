"""One cycle at a time per history: a second start is refused, not queued.

Two cycles writing the same date would race on its partition and on the positions; two
cycles on different dates would race on the stale marks of the dates after them. An
advisory ``flock`` on ``ROOT/.cycle.lock`` is released by the kernel when the holder
exits, however it exits, so a killed cycle never leaves a lock behind. The file holds the
holder's pid and business date, to say who holds it.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import date
from pathlib import Path

from arrears.domain.errors import DomainError


class CycleBusy(DomainError):
    def __init__(self, message: str):
        super().__init__("cycle.busy", message)


class CycleLock:
    def __init__(self, root: Path, as_of: date):
        self.path = Path(root) / ".cycle.lock"
        self.as_of = as_of
        self._fd: int | None = None

    def __enter__(self) -> CycleLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 4096).decode("utf-8", "replace")
            os.close(fd)
            raise CycleBusy(f"a cycle is already running ({_describe(holder)}); not starting another for {self.as_of}") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "as_of": self.as_of.isoformat()}).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _describe(holder: str) -> str:
    try:
        info = json.loads(holder)
        return f"process {info['pid']}, business date {info['as_of']}"
    except (ValueError, KeyError, TypeError):
        return "another process"
