"""Timings of the two reports on the seed graph, run as a user runs them (a new ``kg`` process each time):
``kg similar`` — the first run, which builds the similar-cases cache under ``<build>/cache``, then case and
free-text queries that read it — and ``kg analyze``. Targets (issue 5): a similar-cases report ≤ 1 s after
the first; ``kg analyze`` ≤ 10 s.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from kg.errors import KgError

TEXT_QUERIES = ("我县是山区县，村集体经济薄弱，想在发达地区建设飞地项目获取稳定收益",)
_CASE = re.compile(r"/id/case/(\d{3}-\d{3})>")


def case_ids(dump: Path, n: int = 3) -> list[str]:
    """The first ``n`` case ids of a build's ``kg.nq`` (the bench may run on any seed selection)."""
    found: list[str] = []
    with dump.open(encoding="utf-8") as f:
        for line in f:
            m = _CASE.search(line)
            if m and m.group(1) not in found:
                found.append(m.group(1))
                if len(found) == n:
                    break
    return found


def _timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    res = subprocess.run(command, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - t0
    if res.returncode != 0:
        raise KgError(f"`{' '.join(command[-4:])}` failed during the bench: {res.stderr.strip()[-1000:]}")
    return seconds


def _summary(times: list[float]) -> dict:
    return {"runs": [round(t, 3) for t in times], "median_seconds": round(statistics.median(times), 3)}


def report_timings(kg: list[str], store: Path, *, repeat: int = 3) -> dict:
    """Wall seconds of ``kg similar`` (first run, then each query ``repeat`` times) and ``kg analyze``."""
    base = ["--store", str(store)]
    cases = case_ids(store.parent / "kg.nq")
    if not cases:
        raise KgError(f"{store.parent / 'kg.nq'} names no case: nothing to run `kg similar` on")
    with tempfile.TemporaryDirectory(prefix="kg-bench-reports-") as tmp:
        first = _timed([*kg, "similar", cases[0], *base, "--out", f"{tmp}/first.md"])
        case = [_timed([*kg, "similar", q, *base, "--out", f"{tmp}/c.md"]) for q in cases for _ in range(repeat)]
        text = [_timed([*kg, "similar", q, *base, "--out", f"{tmp}/t.md"]) for q in TEXT_QUERIES for _ in range(repeat)]
        analyze = [_timed([*kg, "analyze", *base, "--out", f"{tmp}/analysis"]) for _ in range(repeat)]
    return {
        "similar_first_seconds": round(first, 3),
        "similar_case": _summary(case),
        "similar_text": _summary(text),
        "similar_max_after_first_seconds": round(max(case + text), 3),
        "analyze": _summary(analyze),
    }
