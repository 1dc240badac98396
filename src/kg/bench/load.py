"""A bounded load test against ``kg serve``, and the saved queries it (and ``kg.bench.latency``) runs.

The load test runs N client threads, each with its own keep-alive connection, cycling through the saved
queries for a fixed time. It is bounded twice — by wall time and by a total request count — so it always
stops by itself, and it only ever talks to a loopback address.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from kg.bench.http import Endpoint, SparqlClient

MAX_ERROR_EXAMPLES = 5


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    xs = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(xs)))
    return xs[rank - 1]


def saved_query_texts() -> dict[str, str]:
    """Every saved query bound with its defaults; a query that needs a value without a default cannot run
    unattended and is left out."""
    from kg.errors import QueryError
    from kg.query.bind import bind
    from kg.query.saved import list_queries

    out: dict[str, str] = {}
    for q in list_queries():
        try:
            out[q.name] = bind(q, {})
        except QueryError:
            continue
    return out


@dataclass
class _Tally:
    """What the client threads share: a request budget and the results (guarded by one lock)."""

    max_requests: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: int = 0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    examples: list[str] = field(default_factory=list)

    def take(self) -> bool:
        with self.lock:
            if self.started >= self.max_requests:
                return False
            self.started += 1
            return True

    def record(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.setdefault(name, []).append(seconds)
                return
            self.errors += 1
            if len(self.examples) < MAX_ERROR_EXAMPLES:
                self.examples.append(f"{name}: {error}")


def _client_loop(
    endpoint: Endpoint, queries: list[tuple[str, str]], offset: int, deadline: float, tally: _Tally, timeout: float
) -> None:
    client = SparqlClient(endpoint, timeout=timeout)
    i = offset
    try:
        while time.monotonic() < deadline and tally.take():
            name, text = queries[i % len(queries)]
            i += 1
            t0 = time.perf_counter()
            try:
                client.query(text)
                error = None
            except Exception as e:  # every failure is counted and a few are shown, none stops the test
                error = f"{type(e).__name__}: {e}"
            tally.record(name, time.perf_counter() - t0, error)
    finally:
        client.close()


def load_test(
    endpoint: Endpoint,
    *,
    clients: int = 20,
    duration: float = 30.0,
    max_requests: int = 1_000_000,
    timeout: float = 30.0,
    texts: dict[str, str] | None = None,
) -> dict:
    """``clients`` concurrent clients running the saved queries for ``duration`` seconds (or until
    ``max_requests`` were sent); returns throughput, p50/p99 latency overall and per query, and errors."""
    if not endpoint.host.startswith("127.") and endpoint.host not in ("localhost", "::1"):
        raise ValueError(f"the load test only targets loopback addresses, not {endpoint.host}")
    queries = sorted((texts or saved_query_texts()).items())
    tally = _Tally(max_requests)
    t0 = time.monotonic()
    deadline = t0 + duration
    threads = [
        threading.Thread(
            target=_client_loop,
            args=(endpoint, queries, k, deadline, tally, timeout),
            name=f"load-client-{k}",
            daemon=True,
        )
        for k in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + timeout + 5)
    elapsed = time.monotonic() - t0
    every = [x for xs in tally.latencies.values() for x in xs]
    ok = len(every)
    out = {
        "clients": clients,
        "duration_seconds": round(elapsed, 2),
        "requests": ok + tally.errors,
        "ok": ok,
        "errors": tally.errors,
        "error_examples": tally.examples,
        "throughput_per_s": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(every, 50) * 1000, 2) if every else None,
        "p99_ms": round(percentile(every, 99) * 1000, 2) if every else None,
        "per_query": {
            name: {
                "requests": len(xs),
                "p50_ms": round(percentile(xs, 50) * 1000, 2),
                "p99_ms": round(percentile(xs, 99) * 1000, 2),
            }
            for name, xs in sorted(tally.latencies.items())
        },
    }
    return out
