"""``kg build``: run the pipeline, validate, write a new generation and switch to it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.pipeline import PipelineResult, run_pipeline
from kg.store.validate import validate
from kg.store.void import void_turtle
from kg.store.writer import build_lock, prune, switch_to, write_generation


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
    quads = result.quads
    t1 = time.perf_counter()
    validate(quads)
    t2 = time.perf_counter()
    docs = [(d.doc.doc_id, d.doc.name, len(d.cases)) for d in result.documents]
    dates = sorted(d.doc.date for d in result.documents if d.doc.date)
    void = void_turtle(quads, documents=docs, modified=dates[-1] if dates else None)
    counts = result.counts()
    summary = {
        "documents": [
            {"doc": d.doc.name, "id": d.doc.doc_id, "layout": d.doc.layout, "title": d.doc.title, "cases": len(d.cases)}
            for d in result.documents
        ],
        "counts": counts,
        "triples": len({q.triple for q in quads}),
        "quads": len(quads),
        "warnings": result.warnings,
    }
    gen = write_generation(out, quads, void, summary)
    switch_to(out, gen)
    prune(out, gen)
    t3 = time.perf_counter()
    seconds = {**result.seconds, "pipeline": t1 - t0, "validate": t2 - t1, "write": t3 - t2, "total": t3 - t0}
    return BuildReport(out, result, summary["triples"], seconds, summary)
