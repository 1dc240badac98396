"""read → segment → extract → map: documents in, quads and a summary out (no files written here).

``run_pipeline`` is what ``kg build`` and ``kg bench`` call; a notebook can call it too. Extraction is a
pure function per document, so documents are processed in parallel worker processes when the corpus is
large enough to pay for the start-up.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad

from kg.errors import InputError
from kg.extract.case import CaseFacts, document_region, extract_case
from kg.model import Document
from kg.rdf.mapping import category_quads, document_quads
from kg.rdf.reference import reference_quads
from kg.read import SUPPORTED_SUFFIXES, read_document
from kg.segment import segment

PARALLEL_MIN_BYTES = 2_000_000  # below this, process start-up costs more than it saves


@dataclass
class DocResult:
    doc: Document
    cases: list[CaseFacts]
    quads: list[Quad]
    entity_quads: list[Quad]  # reference-graph descriptions of the regions, departments … it names
    seconds: dict[str, float]


@dataclass
class PipelineResult:
    documents: list[DocResult]
    reference: list[Quad]
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def quads(self) -> list[Quad]:
        out = list(self.reference)
        for d in self.documents:
            out.extend(d.quads)
        return out

    def counts(self) -> dict[str, int]:
        c: Counter[str] = Counter()
        for d in self.documents:
            c["cases"] += len(d.cases)
            for cf in d.cases:
                for f in cf.facts:
                    c[f.kind] += 1
        return dict(c)


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The document files named by ``paths`` (files, or directories searched one level deep), sorted by
    name so that the build does not depend on the order the inputs were given in."""
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or directory")
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
            if not found:
                raise InputError(
                    f"{p}: no readable documents in this directory; expected files ending in "
                    + ", ".join(sorted(SUPPORTED_SUFFIXES))
                )
            files.extend(found)
        else:
            files.append(p)
    return sorted(set(files), key=lambda f: (f.name, str(f)))


def process_document(doc: Document, components: tuple[Callable, ...] | None = None) -> DocResult:
    """Segment, extract and map one document (pure: runs in a worker process for big corpora)."""
    if components is None:
        from kg.extract.components import default_components

        components = default_components()
    comps = components
    t0 = time.perf_counter()
    cases = segment(doc)
    t1 = time.perf_counter()
    region = document_region(doc)
    facts = [extract_case(c, region, comps) for c in cases]
    t2 = time.perf_counter()
    quads, entity_quads = document_quads(doc, facts)
    t3 = time.perf_counter()
    return DocResult(doc, facts, quads, entity_quads, {"segment": t1 - t0, "extract": t2 - t1, "map": t3 - t2})


def _process_path_worker(doc: Document) -> DocResult:
    return process_document(doc)


def _merge_reference(static: list[Quad], results: list[DocResult]) -> list[Quad]:
    """The reference graph: the static reference data, then each entity description the documents add,
    once (a region named by three documents is described once, not three times)."""
    seen = set(static)
    merged = list(static)
    for r in results:
        for q in r.entity_quads:
            if q not in seen:
                seen.add(q)
                merged.append(q)
    return merged


def read_all(files: list[Path]) -> tuple[list[Document], list[str]]:
    """Read every file; identical contents are kept once (with a warning); ids must be unique."""
    docs: list[Document] = []
    warnings: list[str] = []
    by_hash: dict[str, str] = {}
    by_id: dict[str, str] = {}
    for f in files:
        doc = read_document(f)
        if doc.sha256 in by_hash:
            warnings.append(f"{f}: same content as {by_hash[doc.sha256]}; kept only the first")
            continue
        if doc.doc_id in by_id:
            raise InputError(
                f"{f}: its document id '{doc.doc_id}' (from the file name) is already used by {by_id[doc.doc_id]}; "
                "rename one of them so that case IRIs stay unique"
            )
        by_hash[doc.sha256] = f.name
        by_id[doc.doc_id] = f.name
        warnings.extend(doc.warnings)
        docs.append(doc)
    return docs, warnings


def run_pipeline(
    inputs: Iterable[Path],
    *,
    components: tuple[Callable, ...] | None = None,
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> PipelineResult:
    t0 = time.perf_counter()
    files = collect_inputs(inputs)
    docs, warnings = read_all(files)
    t_read = time.perf_counter() - t0
    total = sum(len(d.text.encode("utf-8")) for d in docs)
    n_workers = workers if workers is not None else (min(os.cpu_count() or 1, 4) if total >= PARALLEL_MIN_BYTES else 1)
    results: list[DocResult] = []
    if n_workers > 1 and components is None and len(docs) > 1:
        with ProcessPoolExecutor(max_workers=n_workers) as pool:
            for r in pool.map(_process_path_worker, docs, chunksize=max(1, len(docs) // (n_workers * 4))):
                results.append(r)
                if progress:
                    progress(r.doc.name)
    else:
        for d in docs:
            results.append(process_document(d, components))
            if progress:
                progress(d.name)
    for r in results:
        if not r.cases:
            raise InputError(f"{r.doc.name}: no case could be read from this document")
        warnings.extend(w for w in r.doc.warnings if w not in warnings)
    printed = {cf.case.category for r in results for cf in r.cases if cf.case.category}
    reference = _merge_reference([*reference_quads(), *category_quads(printed)], results)
    seconds = {"read": t_read}
    for key in ("segment", "extract", "map"):
        seconds[key] = sum(r.seconds[key] for r in results)
    return PipelineResult(results, reference, warnings, seconds)
