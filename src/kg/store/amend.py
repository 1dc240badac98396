"""Replace one named graph of the current build (the analysis results of `kg analyze`) in a new generation.

The served store is read-only and a build is switched in whole, so adding the analysis graph works like a
build: under the build lock, the current dump minus the old graph plus the new quads is sorted, validated and
written as a new generation, then switched in with one atomic rename. Readers see the old build or the new
one; a failure leaves the current build as it was. `kg build` drops the graph again (its analysis would be of
the previous input).
"""

from __future__ import annotations

import json
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, parse

from kg.errors import StoreError
from kg.store.validate import validate
from kg.store.void import void_turtle
from kg.store.writer import build_lock, dump_triples, prune, sort_nquads, switch_to, write_generation


def replace_graph(out: Path, graph: NamedNode, nquads: bytes) -> Path:
    """Make the N-Quads ``nquads`` (every quad in ``graph``; `kg analyze` passes its analysis.nq) the content of
    ``graph`` in the build at ``out``; returns the new generation. Raises StoreError when ``out`` holds no build."""
    if any(q.graph_name != graph for q in parse(nquads, format=RdfFormat.N_QUADS)):
        raise ValueError(f"every quad must be in the graph {graph}")
    with build_lock(out):
        current, summary_path = out / "kg.nq", out / "build.json"
        if not current.exists() or not summary_path.exists():
            raise StoreError(f"{out} holds no build (no kg.nq and build.json): run `kg build` first")
        marker = f" {graph} .".encode()
        lines = current.read_bytes().splitlines(keepends=True)
        kept = b"".join(line for line in lines if not line.rstrip().endswith(marker))
        nq = sort_nquads(kept + nquads)
        validate(nq)
        triples = dump_triples(nq)
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        summary["triples"] = len(triples)
        summary.setdefault("graphs", {})[graph.value] = nquads.count(b"\n")
        docs = [(d["id"], d["doc"], d["cases"]) for d in summary["documents"]]
        void = void_turtle(triples, documents=docs, modified=summary.get("modified"))
        gen = write_generation(out, nq, void, summary, triples=triples)
        switch_to(out, gen)
        prune(out, gen)
        return gen
