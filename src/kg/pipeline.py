"""read → segment → extract → map: documents in, quads and a summary out (no files written here).

``run_pipeline`` is what ``kg build`` and ``kg bench`` call; a notebook can call it too. Extraction is a
pure function per case, so when the corpus is large enough to pay for it the cases are extracted and mapped
in worker processes, in slices of about equal length (one document of the seed corpus holds 70 % of its
text, so splitting by document would leave a core idle). The workers are forked once the parent has loaded
the lexicons (by processing the first slice itself), so they share them instead of loading them again, and
they send their quads back as N-Quads text, which is 20 times cheaper to pass between processes than
pickled quad objects. The parent keeps that text as it is (``DocResult.nquads``): the build sorts, writes and
validates N-Quads text, so parsing it into quad objects in the parent (2–3 s of the 8 s pipeline at 10× the
seed corpus, on the cores the workers were using) was undone by serialising them again for the dump.
``PipelineResult.quads`` still parses it for a caller that wants quad objects.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse, serialize

from kg.errors import InputError
from kg.extract.case import CaseFacts, document_region, extract_case
from kg.model import Case, Document
from kg.rdf.mapping import category_quads, document_quads
from kg.rdf.reference import reference_quads
from kg.read import SUPPORTED_SUFFIXES, read_document
from kg.segment import segment

PARALLEL_MIN_BYTES = 300_000  # UTF-8 text; below this, forking and passing results back cost about what they save
SLICES_PER_WORKER = 4  # slices of about equal length per worker, so that no worker waits long for the last


@dataclass
class DocResult:
    doc: Document
    cases: list[CaseFacts]
    quads: list[Quad]
    entity_quads: list[Quad]  # reference-graph descriptions of the regions, departments … it names
    seconds: dict[str, float]
    nquads: bytes = b""  # more quads of the document, as N-Quads lines (the parallel path's, see the docstring)


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
            if d.nquads:
                out.extend(parse(d.nquads, format=RdfFormat.N_QUADS))
        return out

    def nquads(self) -> bytes:
        """Every quad of ``quads`` as an N-Quads line, in no particular order (what the dumps are sorted from)."""
        serial = list(self.reference)
        for d in self.documents:
            serial.extend(d.quads)
        return b"".join([serialize(serial, format=RdfFormat.N_QUADS), *(d.nquads for d in self.documents)])

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
    """Segment, extract and map one document (the serial path; large corpora go through ``_run_parallel``)."""
    global _WARM
    if components is None:
        from kg.extract.components import default_components

        components = default_components()
    comps = components
    t0 = time.perf_counter()
    cases = segment(doc)
    t1 = time.perf_counter()
    region = document_region(doc)
    facts = [extract_case(c, region, comps) for c in cases]
    _WARM = True
    t2 = time.perf_counter()
    quads, entity_quads = document_quads(doc, facts)
    t3 = time.perf_counter()
    return DocResult(doc, facts, quads, entity_quads, {"segment": t1 - t0, "extract": t2 - t1, "map": t3 - t2})


@dataclass
class _Slice:
    """Cases [start, stop) of document ``doc``, extracted and mapped; quads as N-Quads text."""

    doc: int
    start: int
    stop: int
    facts: list[tuple] = field(default_factory=list)  # (primary, jurisdiction, facts) per case, in order
    quads: bytes = b""
    entity_quads: bytes = b""
    seconds: dict[str, float] = field(default_factory=dict)


# What the forked workers read: set by the parent before it starts the pool (fork copies it, nothing is pickled).
_WORK: tuple[list[Document], list[list[Case]], list] = ([], [], [])
_WARM = False  # set once this process has extracted a case: its lexicons are loaded


def _process_slice(task: tuple[int, int, int]) -> _Slice:
    """Extract and map one slice of one document's cases (in a worker, or in the parent for the first)."""
    from kg.extract.components import default_components

    global _WARM
    docs, cases, regions = _WORK
    i, start, stop = task
    doc = docs[i]
    comps = default_components()
    t0 = time.perf_counter()
    facts = [extract_case(c, regions[i], comps) for c in cases[i][start:stop]]
    _WARM = True
    t1 = time.perf_counter()
    quads, entity_quads = document_quads(doc, facts, header=start == 0)
    t2 = time.perf_counter()
    return _Slice(
        i,
        start,
        stop,
        [(cf.primary, cf.jurisdiction, cf.facts) for cf in facts],  # without the Case: it holds the whole text
        serialize(quads, format=RdfFormat.N_QUADS),
        serialize(entity_quads, format=RdfFormat.N_QUADS),
        {"extract": t1 - t0, "map": t2 - t1},
    )


def _slices(cases: list[list[Case]], n_workers: int) -> list[tuple[int, int, int]]:
    """(document, first case, end case) tasks of about equal text length, in document and case order."""
    sizes = [[max(c.end - c.start, 1) for c in doc_cases] for doc_cases in cases]
    target = max(1, sum(map(sum, sizes)) // (n_workers * SLICES_PER_WORKER))
    tasks = []
    for i, doc_sizes in enumerate(sizes):
        start, acc = 0, 0
        for j, size in enumerate(doc_sizes):
            acc += size
            if acc >= target or j == len(doc_sizes) - 1:
                tasks.append((i, start, j + 1))
                start, acc = j + 1, 0
    return tasks


def _die_with_parent(parent: int) -> None:
    """Pool worker initialiser: end when the build that forked it ends, even if it is SIGKILLed (otherwise an
    orphaned worker blocks for ever writing to a result pipe nobody reads)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class _DocMerge:
    """One document's results, put together slice by slice in case order (as process_document makes them)."""

    def __init__(self, doc: Document, cases: list[Case], segment_seconds: float) -> None:
        self.doc, self.cases = doc, cases
        self.facts: list[CaseFacts] = []
        self.lines: list[bytes] = []  # the document's quads as N-Quads lines, each once, in case order
        self.entity_quads: list[Quad] = []
        self._seen: set[bytes] = set()
        self._seen_entities: set[Quad] = set()
        self.seconds = {"segment": segment_seconds, "extract": 0.0, "map": 0.0}

    def add(self, part: _Slice) -> None:
        for case, (primary, jurisdiction, found) in zip(self.cases[part.start : part.stop], part.facts, strict=True):
            self.facts.append(CaseFacts(case, primary, jurisdiction, found))
        # A quad's N-Quads line is one and the same for equal quads, so the lines are deduplicated as bytes.
        # Split on line ends only: the serialiser leaves U+2028 and the like unescaped inside literals.
        seen, lines = self._seen, self.lines
        for line in part.quads.splitlines():
            n = len(seen)
            seen.add(line)
            if len(seen) != n:
                lines.append(line)
        for q in parse(part.entity_quads, format=RdfFormat.N_QUADS):  # few: the reference graph merges them
            n = len(self._seen_entities)
            self._seen_entities.add(q)
            if len(self._seen_entities) != n:
                self.entity_quads.append(q)
        for key, value in part.seconds.items():
            self.seconds[key] += value

    def result(self) -> DocResult:
        text = b"\n".join(self.lines) + b"\n" if self.lines else b""
        return DocResult(self.doc, self.facts, [], self.entity_quads, self.seconds, nquads=text)


def _run_parallel(docs: list[Document], n_workers: int, progress: Callable[[str], None] | None) -> list[DocResult]:
    """The cases of all documents in slices over ``n_workers`` forked processes; the same results, in the
    same order, as ``process_document`` on each document. Slices are merged as they come back, while the
    workers go on with the next ones."""
    global _WORK
    t0 = time.perf_counter()
    cases = [segment(d) for d in docs]
    regions = [document_region(d) for d in docs]
    t_segment = time.perf_counter() - t0
    total_chars = max(1, sum(len(d.text) for d in docs))
    merges = [_DocMerge(d, c, t_segment * len(d.text) / total_chars) for d, c in zip(docs, cases, strict=True)]
    tasks = _slices(cases, n_workers)
    _WORK = (docs, cases, regions)
    try:
        # A process that has not extracted anything yet does its smallest slice itself first: that loads the
        # lexicons, which the workers then inherit instead of each loading them again.
        first = None if _WARM or not tasks else min(range(len(tasks)), key=lambda k: tasks[k][2] - tasks[k][1])
        own = _process_slice(tasks[first]) if first is not None else None
        # Frozen objects are left alone by the collector, so the workers' collections do not write to (and so
        # copy) every page of the lexicons they share with the parent.
        gc.freeze()
        with ProcessPoolExecutor(
            max_workers=n_workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            theirs = pool.map(_process_slice, [t for k, t in enumerate(tasks) if k != first])
            for k, task in enumerate(tasks):
                merges[task[0]].add(own if k == first else next(theirs))
                if progress and task[2] == len(cases[task[0]]):
                    progress(docs[task[0]].name)
    finally:
        gc.unfreeze()
        _WORK = ([], [], [])
    return [m.result() for m in merges]


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
    if n_workers > 1 and components is None and docs:
        results = _run_parallel(docs, n_workers, progress)
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
