"""``kg bench``: per-stage timings, throughput and memory at several corpus scales, against references.

For each scale (1× = the seed documents; 10×, 100× = synthetic copies, see ``kg.bench.synth``) the bench
runs the stages the build runs — read, segment, extract, map, validate, load, dump — and reports wall time,
throughput (MB/s of text, triples/s) and peak memory (RSS high-water mark of a fresh worker process per
scale, so scales do not inherit each other's peak). References measured on the same text in the same run:
``jieba.lcut`` (the limit for any Chinese text processing) and loading the same triples into rdflib. Saved
queries are timed in-process (p50/p95 over repeated runs) and, with ``--serve``, over HTTP against
``kg serve``.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path

from kg.paths import raw_dir


def _machine() -> dict:
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) // 1024
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": mem, "python": platform.python_version(),
            "platform": platform.platform()}


def _stage_run(files: list[str], out: str, queue) -> None:
    """One scale in a fresh process: stage timings and the peak RSS of this process."""
    from pyoxigraph import RdfFormat, Store

    from kg.pipeline import collect_inputs, process_document, read_all
    from kg.rdf.mapping import category_quads
    from kg.rdf.reference import reference_quads
    from kg.store.validate import validate
    from kg.store.writer import sorted_nquads

    t = {}
    t0 = time.perf_counter()
    docs, _ = read_all(collect_inputs([Path(f) for f in files]))
    t["read"] = time.perf_counter() - t0
    nbytes = sum(len(d.text.encode("utf-8")) for d in docs)
    workers = min(os.cpu_count() or 1, 4) if nbytes >= 2_000_000 else 1
    t0 = time.perf_counter()
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        from kg.pipeline import _process_path_worker

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_process_path_worker, docs, chunksize=max(1, len(docs) // (workers * 4))))
    else:
        results = [process_document(d) for d in docs]
    wall_process = time.perf_counter() - t0
    for k in ("segment", "extract", "map"):
        t[k] = sum(r.seconds[k] for r in results)
    quads = list(reference_quads()) + list(category_quads({c.case.category for r in results for c in r.cases
                                                           if c.case.category}))
    for r in results:
        quads.extend(r.quads)
    t0 = time.perf_counter()
    validate(quads)
    t["validate"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    nq = sorted_nquads(quads)
    t["dump"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    store = Store(os.path.join(out, "store"))
    store.bulk_load(nq, format=RdfFormat.N_QUADS)
    store.flush()
    t["load"] = time.perf_counter() - t0
    triples = len(nq.splitlines())
    queue.put({"seconds": t, "process_wall": wall_process, "workers": workers, "bytes": nbytes,
               "documents": len(docs), "cases": sum(len(r.cases) for r in results), "quads": triples,
               "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "nq": nq})


def _measure_scale(files: list[Path]) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    with tempfile.TemporaryDirectory() as out:
        p = ctx.Process(target=_stage_run, args=([str(f) for f in files], out, q))
        p.start()
        res = q.get()
        p.join()
    return res


def _jieba_seconds(files: list[Path]) -> float:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    texts = [f.read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return time.perf_counter() - t0


def _rdflib_seconds(nq: bytes) -> float:
    from rdflib import Dataset

    t0 = time.perf_counter()
    Dataset().parse(data=nq, format="nquads")
    return time.perf_counter() - t0


def _oxigraph_load_seconds(nq: bytes) -> float:
    from pyoxigraph import RdfFormat, Store

    t0 = time.perf_counter()
    Store().load(nq, format=RdfFormat.N_QUADS)
    return time.perf_counter() - t0


def query_latencies(store_path: Path, *, repeat: int = 30, endpoint: str | None = None) -> dict[str, dict]:
    from kg.query.bind import bind
    from kg.query.run import open_store, run_local
    from kg.query.saved import list_queries

    out = {}
    store = None if endpoint else open_store(store_path)
    for q in list_queries():
        try:
            text = bind(q, {})
        except Exception as e:  # a query that needs a parameter without default is reported, not timed
            out[q.name] = {"skipped": str(e)}
            continue
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            if endpoint:
                from kg.query.remote import run_remote

                run_remote(endpoint, text, timeout=30)
            else:
                run_local(store, text)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        out[q.name] = {"p50_ms": round(statistics.median(times), 2),
                       "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2)}
    return out


def run_bench(scales: list[int], *, serve: bool = False, repeat: int = 30) -> dict:
    from kg.bench.synth import write_corpus

    seeds = sorted(raw_dir().glob("*.txt"))
    report: dict = {"machine": _machine(), "scales": []}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in scales:
            files = write_corpus(seeds, scale, Path(tmp) / f"x{scale}")
            res = _measure_scale(files)
            nq = res.pop("nq")
            mb = res["bytes"] / 1e6
            t = res["seconds"]
            jieba_s = _jieba_seconds(files)
            rdflib_s = _rdflib_seconds(nq) if scale <= 10 else None
            ox_s = _oxigraph_load_seconds(nq)
            total = sum(t.values())
            row = {
                "scale": scale, **{k: v for k, v in res.items() if k != "seconds"},
                "seconds": {k: round(v, 3) for k, v in t.items()},
                "total_seconds": round(total, 3),
                "text_mb": round(mb, 3),
                "extract_mb_per_s": round(mb / res["process_wall"], 3),
                "jieba_seconds": round(jieba_s, 3),
                "jieba_mb_per_s": round(mb / jieba_s, 3),
                "extract_vs_jieba": round(jieba_s / res["process_wall"], 3),
                "triples_per_s": round(res["quads"] / total, 1),
                "load_triples_per_s": round(res["quads"] / t["load"], 1),
                "rdflib_parse_seconds": None if rdflib_s is None else round(rdflib_s, 3),
                "oxigraph_memory_load_seconds": round(ox_s, 3),
                "load_speedup_vs_rdflib": None if rdflib_s is None else round(rdflib_s / ox_s, 2),
            }
            report["scales"].append(row)
    base = report["scales"][0]
    for row in report["scales"]:
        f = row["text_mb"] / base["text_mb"]
        row["time_per_unit_vs_1x"] = round((row["total_seconds"] / f) / base["total_seconds"], 3)
    return report


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_mb']} MB RAM, Python {m['python']}", "",
             "| scale | docs | cases | text MB | read | segment | extract | map | validate | load | dump | total s | "
             "extract MB/s | jieba MB/s | extract/jieba | triples | triples/s | peak RSS MB | load ×rdflib | time/unit vs 1× |",
             "|---" * 20 + "|"]
    for r in report["scales"]:
        s = r["seconds"]
        lines.append(
            f"| {r['scale']}× | {r['documents']} | {r['cases']} | {r['text_mb']} | {s['read']} | {s['segment']} | "
            f"{s['extract']} | {s['map']} | {s['validate']} | {s['load']} | {s['dump']} | {r['total_seconds']} | "
            f"{r['extract_mb_per_s']} | {r['jieba_mb_per_s']} | {r['extract_vs_jieba']} | {r['quads']} | "
            f"{r['triples_per_s']} | {round(r['peak_rss_mb'])} | {r['load_speedup_vs_rdflib'] or '–'} | "
            f"{r['time_per_unit_vs_1x']} |")
    if "queries" in report:
        lines += ["", "| query | p50 ms (local) | p95 ms (local) | p50 ms (HTTP) | p95 ms (HTTP) |", "|---|---|---|---|---|"]
        for name, v in report["queries"].items():
            h = report.get("queries_http", {}).get(name, {})
            lines.append(f"| {name} | {v.get('p50_ms', '–')} | {v.get('p95_ms', '–')} | {h.get('p50_ms', '–')} | "
                         f"{h.get('p95_ms', '–')} |")
    return "\n".join(lines) + "\n"


def write_report(report: dict, out: Path) -> None:
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
