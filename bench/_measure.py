"""Run a piece of work in a fresh interpreter and report its wall time and peak memory.

A subprocess per measurement isolates peak RSS (``ru_maxrss`` of the child) and keeps one
run's caches from flattering the next. Timings are medians of several runs.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import textwrap


def measure(code: str, runs: int) -> dict:
    """Median seconds and max peak RSS (MiB) of ``code`` run ``runs`` times.

    ``code`` must set a variable ``seconds`` (the timed part); imports and setup outside
    that part are not counted in the time, but they are in the memory. When ``code`` runs
    a command as a subprocess, the peak is the larger of the two processes' peaks.
    """
    wrapper = textwrap.dedent(
        """
        import json, resource, sys
        {code}
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
        print(json.dumps({{"seconds": seconds, "peak_mib": peak}}))
        """
    ).format(code=textwrap.indent(textwrap.dedent(code), ""))
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", wrapper], check=True, capture_output=True, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    times = [r["seconds"] for r in results]
    return {"median_s": statistics.median(times), "runs": times, "peak_mib": max(r["peak_mib"] for r in results)}
