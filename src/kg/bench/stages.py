"""One scale of the bench, measured stage by stage in a fresh process.

Why a fresh process per scale: peak memory (the RSS high-water mark) can only be read per process, and a
process that already ran a smaller scale would carry its caches and its peak into the next one.

The stages are the build's own code paths (``run_pipeline``, ``validate``, ``sort_nquads`` and the
serialisers of ``write_generation``, ``load_store``), called one after the other so that each can be
timed. Before timing, the process is warmed up on the smallest document (lexicons loaded, SHACL checks compiled):
stage times are the marginal cost of the corpus, which is what "grows linearly" is about. The cold start a
user sees is measured separately, by running ``kg build`` end to end (see ``kg.bench.run``).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
import resource
import time
from pathlib import Path
from queue import Empty

from kg.pipeline import PARALLEL_MIN_BYTES

STAGES = ("read", "segment", "extract", "map", "validate", "load", "dump")


def rss_mb() -> float:
    """Current resident set size of this process in MB (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """High-water mark of the resident set size in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def workers_for(nbytes: int) -> int:
    """The worker count ``run_pipeline`` picks for a corpus of ``nbytes`` (kept in step with it)."""
    return min(os.cpu_count() or 1, 4) if nbytes >= PARALLEL_MIN_BYTES else 1


def _warm_up(files: list[Path]) -> float:
    """Load every lazily built resource once (lexicons, automata, SHACL checks) on the smallest file."""
    from kg.pipeline import run_pipeline
    from kg.store.validate import validate

    t0 = time.perf_counter()
    from kg.store.writer import sort_nquads

    smallest = min(files, key=lambda f: f.stat().st_size)
    result = run_pipeline([smallest], workers=1)
    validate(sort_nquads(result.nquads()))
    return time.perf_counter() - t0


def _dump(result, nq_path: Path) -> bytes:
    """The dumps a build writes (sorted N-Quads, Turtle, JSON-LD) of a ``PipelineResult``, as ``kg build``
    makes them."""
    from pyoxigraph import RdfFormat, serialize

    from kg.rdf.namespaces import PREFIXES
    from kg.store.writer import dump_triples, sort_nquads

    nq = sort_nquads(result.nquads())
    triples = dump_triples(nq)
    serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)
    serialize(triples, format=RdfFormat.JSON_LD)
    nq_path.write_bytes(nq)
    return nq


def _load(nq: bytes, store_dir: Path) -> None:
    from kg.store.writer import load_store

    load_store(store_dir, nq)


def measure(files: list[str], workdir: str, validate_graph: bool = True) -> dict:
    """Run every stage on ``files``; writes ``workdir/kg.nq`` and ``workdir/store`` for later use."""
    from kg.pipeline import run_pipeline
    from kg.store.validate import validate

    paths = [Path(f) for f in files]
    out = Path(workdir)
    warm = _warm_up(paths)
    baseline = rss_mb()
    nbytes = sum(p.stat().st_size for p in paths)
    workers = workers_for(nbytes)

    t0 = time.perf_counter()
    result = run_pipeline(paths, workers=workers)
    pipeline_wall = time.perf_counter() - t0
    gc.freeze()  # as kg build does: the pipeline's results are not scanned again by each full collection
    cpu = {k: result.seconds[k] for k in ("segment", "extract", "map")}
    process_wall = pipeline_wall - result.seconds["read"]
    share = sum(cpu.values()) or 1.0
    seconds = {"read": result.seconds["read"]}
    seconds.update({k: process_wall * v / share for k, v in cpu.items()})

    t0 = time.perf_counter()
    nq = _dump(result, out / "kg.nq")
    seconds["dump"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if validate_graph:
        validate(nq)  # as kg build does: the sorted dump is what is validated
    seconds["validate"] = time.perf_counter() - t0 if validate_graph else None
    t0 = time.perf_counter()
    _load(nq, out / "store")
    seconds["load"] = time.perf_counter() - t0
    gc.unfreeze()
    return {
        "documents": len(result.documents),
        "cases": sum(len(d.cases) for d in result.documents),
        "text_chars": sum(len(d.doc.text) for d in result.documents),
        "text_bytes": sum(len(d.doc.text.encode("utf-8")) for d in result.documents),
        "quads": nq.count(b"\n"),
        "workers": workers,
        "warm_up_seconds": warm,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "extract_wall_seconds": process_wall,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": peak_rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else None,
    }


def _child(fn_name: str, args: tuple, queue) -> None:
    """Entry point of the fresh process: run ``fn_name`` and send back its result or its error."""
    import kg.bench.refs as refs

    fn = globals().get(fn_name) or getattr(refs, fn_name)
    try:
        queue.put(("ok", fn(*args)))
    except BaseException as e:  # reported in the parent, with its type, as a failed measurement
        queue.put(("error", f"{type(e).__name__}: {e}"))


def in_fresh_process(fn_name: str, *args, timeout: float = 3600.0) -> dict:
    """Run ``fn_name(*args)`` (a function of this module or of ``kg.bench.refs``) in a new spawned process.

    The child is not a daemon, so it may itself start the pipeline's worker pool. A child that dies
    without answering (killed for memory, say) is reported instead of waited for."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn_name, args, queue), daemon=False)
    proc.start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                status, value = queue.get(timeout=1.0)
                break
            except Empty:
                if not proc.is_alive() and queue.empty():
                    raise RuntimeError(f"{fn_name} died in its bench process (exit code {proc.exitcode})") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{fn_name} did not finish within {timeout:g} s") from None
    finally:
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()
            proc.join()
    if status != "ok":
        raise RuntimeError(f"{fn_name} failed in its bench process: {value}")
    return value
