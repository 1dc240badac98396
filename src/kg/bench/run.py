"""``kg bench``: per-stage timings, throughput and memory at several corpus scales, against references.

For each scale (1× = the seed documents; 10×, 100× = synthetic copies, see ``kg.bench.synth``) the bench
runs the build's stages — read, segment, extract, map, validate, load, dump — in a fresh process and
reports wall time, throughput (MB/s of text, triples/s) and peak memory. References measured on the same
inputs in the same run: ``jieba.lcut`` (the limit for any Chinese text processing) and loading the same
N-Quads into rdflib. A cold ``kg build`` of the seed corpus is timed end to end as a user runs it. Saved
queries are timed on the seed graph in-process and, with ``serve=True``, over HTTP against ``kg serve``,
followed by a load test of concurrent clients. Results are a JSON-able dict; ``kg.bench.report`` renders
Markdown and checks the targets.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kg.bench.stages import in_fresh_process
from kg.errors import KgError
from kg.paths import raw_dir

RDFLIB_MAX_SCALE = 10  # rdflib needs ~1 GB and minutes per million quads: compared up to 10× only


def machine() -> dict:
    """What the numbers were measured on (CPU model, cores, memory, Python, OS)."""
    mem_mb = None
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            mem_mb = int(f.readline().split()[1]) // 1024
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": mem_mb,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def kg_command() -> list[str]:
    """How to run the ``kg`` CLI of this interpreter (the console script if installed, else ``-m``)."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def cold_build(inputs: list[Path], out: Path, repeat: int) -> dict:
    """Wall time of ``kg build`` run as a user runs it: a new process each time, imports included."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = subprocess.run(
            [*kg_command(), "build", "--quiet", "--out", str(out), "--input", *map(str, inputs)],
            capture_output=True,
            text=True,
            timeout=600,
        )
        times.append(time.perf_counter() - t0)
        if res.returncode != 0:
            raise KgError(f"the seed build failed, so there is nothing to bench: {res.stderr.strip()[-2000:]}")
    return {
        "runs": [round(t, 3) for t in times],
        "median_seconds": round(statistics.median(times), 3),
        "min_seconds": round(min(times), 3),
    }


def _row(scale: int, stages: dict, jieba: dict, load: dict) -> dict:
    """One scale's numbers, derived figures included (MB/s, triples/s, ratios)."""
    s = stages["seconds"]
    mb = stages["text_bytes"] / 1e6
    total = sum(v for v in s.values() if v is not None)
    extract_wall = stages["extract_wall_seconds"]
    rd, ox = load["rdflib_seconds"], load["oxigraph_seconds"]
    return {
        "scale": scale,
        **{k: stages[k] for k in ("documents", "cases", "quads", "workers", "warm_up_seconds")},
        "text_mb": round(mb, 3),
        "seconds": {k: None if v is None else round(v, 3) for k, v in s.items()},
        "cpu_seconds": {k: round(v, 3) for k, v in stages["cpu_seconds"].items()},
        "total_seconds": round(total, 3),
        "extract_wall_seconds": round(extract_wall, 3),
        "extract_mb_per_s": round(mb / extract_wall, 3),
        "jieba_seconds": round(jieba["seconds"], 3),
        "jieba_mb_per_s": round(mb / jieba["seconds"], 3),
        "extract_vs_jieba": round(jieba["seconds"] / extract_wall, 3),
        "triples_per_s": round(stages["quads"] / total, 1),
        "store_load_quads_per_s": round(stages["quads"] / s["load"], 1),
        "baseline_rss_mb": round(stages["baseline_rss_mb"], 1),
        "peak_rss_mb": round(stages["peak_rss_mb"], 1),
        "worker_peak_rss_mb": None if stages["worker_peak_rss_mb"] is None else round(stages["worker_peak_rss_mb"], 1),
        "oxigraph_memory_load_seconds": round(ox, 3),
        "rdflib_parse_seconds": None if rd is None else round(rd, 3),
        "load_speedup_vs_rdflib": None if rd is None else round(rd / ox, 2),
    }


def _comparable_seconds(row: dict, base: dict) -> float:
    """Wall time of the stages measured at both scales (validation may be skipped at large ones)."""
    return sum(v for k, v in row["seconds"].items() if v is not None and base["seconds"].get(k) is not None)


def _growth(rows: list[dict]) -> None:
    """Per-MB time and memory growth of each scale relative to the first (1.0 = exactly linear)."""
    base = rows[0]
    base_mem = max(base["peak_rss_mb"] - base["baseline_rss_mb"], 1.0) / base["text_mb"]
    for r in rows:
        base_time = _comparable_seconds(base, r) / base["text_mb"]
        r["time_per_mb_vs_first"] = round(_comparable_seconds(r, base) / r["text_mb"] / base_time, 3)
        grown = max(r["peak_rss_mb"] - r["baseline_rss_mb"], 1.0)
        r["memory_per_mb_vs_first"] = round(grown / r["text_mb"] / base_mem, 3)


def bench_scale(seeds: list[Path], scale: int, work: Path, *, validate_graph: bool, with_rdflib: bool) -> dict:
    """Write the corpus of ``scale``, measure it (stages, jieba, rdflib/Oxigraph), and remove it again."""
    from kg.bench.synth import write_corpus

    corpus, out = work / f"corpus-x{scale}", work / f"out-x{scale}"
    out.mkdir(parents=True)
    try:
        files = [str(f) for f in write_corpus(seeds, scale, corpus)]
        stages = in_fresh_process("measure", files, str(out), validate_graph)
        refs = in_fresh_process("references", files, str(out / "kg.nq"), with_rdflib)
        return _row(scale, stages, refs["jieba"], refs["load"])
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)


def run_bench(
    scales: list[int],
    *,
    serve: bool = False,
    repeat: int = 30,
    build_repeat: int = 3,
    clients: int = 20,
    duration: float = 30.0,
    validate_max_scale: int | None = None,
    timeout: float = 10.0,
    seeds: list[Path] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Everything ``kg bench`` measures, as a dict (see ``kg.bench.report`` for the table and targets)."""
    from kg.bench.latency import http_latencies, local_latencies
    from kg.bench.load import load_test
    from kg.bench.reports import report_timings

    say = progress or (lambda _msg: None)
    seeds = sorted(seeds or raw_dir().glob("*.txt"))
    if not seeds:
        raise KgError(f"no seed documents (*.txt) in {raw_dir()}")
    report: dict = {"machine": machine(), "seeds": [s.name for s in seeds], "scales": []}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        say(f"cold `kg build` of the seed corpus ×{build_repeat}")
        report["seed_build"] = cold_build(seeds, work / "seed-build", build_repeat)
        say(f"`kg similar` and `kg analyze` on the seed build ×{build_repeat}")
        report["reports"] = report_timings(kg_command(), work / "seed-build" / "store", repeat=build_repeat)
        for scale in scales:
            say(f"scale {scale}×: corpus, stages, jieba, rdflib/Oxigraph")
            validate_graph = validate_max_scale is None or scale <= validate_max_scale
            row = bench_scale(seeds, scale, work, validate_graph=validate_graph, with_rdflib=scale <= RDFLIB_MAX_SCALE)
            report["scales"].append(row)
            say(f"scale {scale}×: {row['total_seconds']} s, {row['quads']} quads, peak {row['peak_rss_mb']} MB")
        _growth(report["scales"])
        store = work / "seed-build" / "store"
        say(f"saved queries in-process ×{repeat}")
        report["queries"] = local_latencies(store, repeat, timeout)
        if serve:
            from kg.bench.http import serving

            with serving(store) as endpoint:
                say(f"saved queries over HTTP ×{repeat} at {endpoint.url}")
                report["queries_http"] = http_latencies(endpoint, repeat, timeout)
                say(f"load test: {clients} clients × {duration:g} s")
                report["load_test"] = load_test(endpoint, clients=clients, duration=duration, timeout=timeout)
    return report
