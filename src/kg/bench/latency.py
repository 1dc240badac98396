"""p50/p95 latency of every saved query, in-process (``kg query``'s own path) and over HTTP (``kg serve``).

Why a worker process for the in-process timings: pyoxigraph cannot cancel a running query, and one
pathological saved query (a cross product, say) would otherwise hang the whole bench. The worker reports
each query as it goes; a query that overruns its time budget is reported as timed out, the worker is
killed, and a new one carries on with the remaining queries. Over HTTP the client's socket timeout does
the same. A query slower than a second is timed a few times only, not ``repeat`` times.
"""

from __future__ import annotations

import multiprocessing as mp
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty

from kg.bench.http import Endpoint, SparqlClient
from kg.bench.load import percentile, saved_query_texts

SLOW_S = 1.0  # a query slower than this on its first run is repeated only FEW_REPEATS times
FEW_REPEATS = 3
START_BUDGET_S = 60.0  # a worker's start: interpreter, imports, opening the store


def repeats_for(first_seconds: float, repeat: int) -> int:
    return repeat if first_seconds < SLOW_S else min(repeat, FEW_REPEATS)


def time_one(run: Callable[[], object], repeat: int, on_warm: Callable[[int], None] | None = None) -> dict:
    """One warm-up run (timed as ``first_ms``), then the repeats; p50/p95/max over the repeats."""
    t0 = time.perf_counter()
    run()
    first = time.perf_counter() - t0
    n = repeats_for(first, repeat)
    if on_warm is not None:
        on_warm(n)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return {
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 95) * 1000, 2),
        "max_ms": round(max(times) * 1000, 2),
        "first_ms": round(first * 1000, 2),
        "runs": n,
    }


def http_latencies(endpoint: Endpoint, repeat: int, timeout: float = 10.0) -> dict[str, dict]:
    """Over HTTP: one keep-alive connection, SPARQL JSON results read in full; errors reported per query."""
    out: dict[str, dict] = {}
    client = SparqlClient(endpoint, timeout=timeout)
    try:
        for name, text in saved_query_texts().items():
            try:
                out[name] = time_one(lambda text=text: client.query(text), repeat)
            except Exception as e:  # a timeout or an HTTP error is this query's result, not the bench's end
                out[name] = {"error": f"{type(e).__name__}: {e}"[:300]}
    finally:
        client.close()
    return out


def _local_worker(store: str, items: list[tuple[str, str]], repeat: int, queue) -> None:
    """Worker process: open the store as ``kg query`` does, time each query, report as it goes."""
    from kg.query.run import open_store, run_local

    opened = open_store(Path(store))
    queue.put(("ready",))
    for name, text in items:
        try:
            stats = time_one(lambda text=text: run_local(opened, text), repeat, lambda n: queue.put(("warm", n)))
            queue.put(("done", name, stats))
        except Exception as e:  # reported for this query; the next ones still run
            queue.put(("error", name, f"{type(e).__name__}: {e}"[:300]))
    queue.put(("end",))


def _run_worker(store: Path, items: list[tuple[str, str]], repeat: int, timeout: float, out: dict) -> int:
    """Run one worker over ``items``; returns how many items it finished (the next one timed out, if any)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_local_worker, args=(str(store), items, repeat, queue), daemon=True)
    proc.start()
    done, ready = 0, False
    deadline = time.monotonic() + START_BUDGET_S
    try:
        while done < len(items):
            try:
                msg = queue.get(timeout=0.2)
            except Empty:
                if time.monotonic() < deadline and proc.is_alive():
                    continue
                if not ready:
                    raise RuntimeError(f"the query worker could not open {store} (exit code {proc.exitcode})") from None
                why = f"timed out (over {timeout:g} s)" if proc.is_alive() else f"worker died ({proc.exitcode})"
                out[items[done][0]] = {"error": why}
                return done + 1
            kind = msg[0]
            if kind == "ready":
                ready = True
            elif kind == "warm":
                deadline = time.monotonic() + timeout * msg[1]
                continue
            elif kind in ("done", "error"):
                out[msg[1]] = msg[2] if kind == "done" else {"error": msg[2]}
                done += 1
            elif kind == "end":
                break
            deadline = time.monotonic() + timeout
        return len(items)
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=10)


def local_latencies(store: Path, repeat: int, timeout: float = 10.0) -> dict[str, dict]:
    """In-process timings of every saved query, each bounded by ``timeout`` seconds per run."""
    pending = list(saved_query_texts().items())
    out: dict[str, dict] = {}
    while pending:
        pending = pending[_run_worker(store, pending, repeat, timeout, out) :]
    return {name: out[name] for name in sorted(out)}
