"""Load test: concurrent clients run the saved queries against ``kg serve`` on 127.0.0.1.

    .venv/bin/python tests/load/run_load.py                      # 20 clients × 30 s on a fresh seed build
    .venv/bin/python tests/load/run_load.py --store build/store  # on an existing store
    .venv/bin/python tests/load/run_load.py --clients 4 --duration 3 --json out.json

Bounded in time (``--duration``) and in requests (``--max-requests``), it stops by itself, stops the server
it started, and exits 1 if any request failed. Not part of the default pytest run (it takes 30 s);
``tests/test_bench.py`` runs a short version (4 clients × 3 s).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from kg.bench.http import serving
from kg.bench.load import load_test
from kg.paths import raw_dir
from kg.store.build import build


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--store", type=Path, help="a built store (default: build the seed corpus into a temp dir)")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--duration", type=float, default=30.0, help="seconds")
    p.add_argument("--max-requests", type=int, default=1_000_000)
    p.add_argument("--json", type=Path, help="also write the result as JSON")
    return p.parse_args(argv)


def summary(result: dict) -> str:
    lines = [
        f"{result['clients']} clients for {result['duration_seconds']} s: {result['requests']} requests, "
        f"{result['throughput_per_s']} req/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"{result['errors']} errors"
    ]
    lines += [
        f"  {name:<24} {v['requests']:>6} req  p50 {v['p50_ms']:>8} ms  p99 {v['p99_ms']:>8} ms"
        for name, v in result["per_query"].items()
    ]
    lines += [f"  error: {e}" for e in result["error_examples"]]
    return "\n".join(lines)


def run(store: Path, args: argparse.Namespace) -> dict:
    with serving(store) as endpoint:
        print(f"load test against {endpoint.url}", file=sys.stderr, flush=True)
        return load_test(endpoint, clients=args.clients, duration=args.duration, max_requests=args.max_requests)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.store:
        result = run(args.store, args)
    else:
        with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
            print("building the seed corpus", file=sys.stderr, flush=True)
            build([raw_dir()], Path(tmp))
            result = run(Path(tmp) / "store", args)
    print(summary(result))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
