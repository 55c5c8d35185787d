"""Named crash points, so tests can kill the cycle at exactly the worst moments.

``ARREARS_CRASH_AT=history.before_swap arrears cycle ...`` ends the process abruptly
(``os._exit``: no cleanup, no ``finally``, no flush, as a kill -9 or a power cut would) when
it reaches that point. The crash-safety tests run the cycle in a subprocess once per point
and check that nothing was lost or mixed. Unset, a crash point costs one dictionary lookup.
"""

from __future__ import annotations

import os

EXIT_CODE = 137  # what a shell reports for a process killed by SIGKILL

#: Every crash point in the cycle, in the order a run reaches them.
POINTS = (
    "cycle.stale_marked",
    "cycle.classified",
    "writeback.half_written",
    "writeback.before_commit",
    "history.before_swap",
    "history.after_swap",
    "cycle.later_date_done",
)


def crashpoint(name: str) -> None:
    if os.environ.get("ARREARS_CRASH_AT") == name:
        os._exit(EXIT_CODE)
