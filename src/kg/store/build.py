"""``kg build``: run the pipeline, write a new generation while validating the graph, and switch to it."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kg.pipeline import PipelineResult, run_pipeline
from kg.store.validate import validate
from kg.store.void import void_turtle
from kg.store.writer import build_lock, dump_triples, prune, sort_nquads, switch_to, write_generation


@dataclass
class BuildReport:
    out: Path
    result: PipelineResult
    triples: int
    seconds: dict[str, float]
    summary: dict


def build(
    inputs: list[Path],
    out: Path,
    *,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Build the graph from ``inputs`` into ``out``; on any error the previous build stays in place."""
    with build_lock(out):
        return _build_locked(inputs, out, progress=progress, workers=workers)


def _build_locked(
    inputs: list[Path], out: Path, *, progress: Callable[[str], None] | None, workers: int | None
) -> BuildReport:
    t0 = time.perf_counter()
    result = run_pipeline(inputs, progress=progress, workers=workers)
    text = result.nquads()
    t1 = time.perf_counter()
    # The pipeline's results live to the end of the build: frozen, they are not scanned again by every full
    # collection while the dumps are made (a tenth of the dump time at 10× the seed corpus).
    gc.freeze()
    try:
        nq, n_quads = sort_nquads(text), text.count(b"\n")  # one line per quad
        del text
        with ThreadPoolExecutor(max_workers=1) as pool:
            # Validation (SPARQL on Oxigraph, outside the GIL) of the dump runs while the generation is written;
            # the generation is made visible only if it passes: write_generation calls ``check`` before its rename.
            validation = pool.submit(_timed, validate, nq)
            gen, summary = _write(out, result, n_quads, nq, check=validation.result)
    finally:
        gc.unfreeze()
    switch_to(out, gen)
    prune(out, gen)
    t2 = time.perf_counter()
    seconds = {
        **result.seconds,
        "pipeline": t1 - t0,
        "validate": validation.result(),  # alongside the write, not after it
        "write": t2 - t1,
        "total": t2 - t0,
    }
    return BuildReport(out, result, summary["triples"], seconds, summary)


def _timed(fn: Callable, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def _write(
    out: Path, result: PipelineResult, n_quads: int, nq: bytes, *, check: Callable[[], object]
) -> tuple[Path, dict]:
    """The dumps (``nq``: the sorted N-Quads), the dataset description and the build summary, written as a new
    (not yet current) generation. ``n_quads``: the pipeline's quads, before the union's repeats are dropped."""
    triples = dump_triples(nq)
    docs = [(d.doc.doc_id, d.doc.name, len(d.cases)) for d in result.documents]
    dates = sorted(d.doc.date for d in result.documents if d.doc.date)
    void = void_turtle(triples, documents=docs, modified=dates[-1] if dates else None)
    summary = {
        "documents": [
            {"doc": d.doc.name, "id": d.doc.doc_id, "layout": d.doc.layout, "title": d.doc.title, "cases": len(d.cases)}
            for d in result.documents
        ],
        "counts": result.counts(),
        "modified": dates[-1] if dates else None,  # VoID's dcterms:modified, kept for kg.store.amend
        "triples": len(triples),
        "quads": n_quads,
        "warnings": result.warnings,
    }
    return write_generation(out, nq, void, summary, triples=triples, check=check), summary
