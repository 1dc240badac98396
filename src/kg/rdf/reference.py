"""The reference graph: ontology, mechanism scheme and Zhejiang's units (plus all provinces)."""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import Quad, RdfFormat, parse

from kg.lexicons.gazetteer import load_gazetteer
from kg.paths import lexicon_dir, ontology_dir
from kg.rdf.mapping import QuadSink, region_triples
from kg.rdf.namespaces import REFERENCE_GRAPH


def _ttl(path) -> list[Quad]:
    if not path.exists():
        return []
    with path.open("rb") as f:
        return [Quad(t.subject, t.predicate, t.object, REFERENCE_GRAPH) for t in parse(f, format=RdfFormat.TURTLE)]


@lru_cache(maxsize=1)
def reference_quads() -> tuple[Quad, ...]:
    sink = QuadSink(REFERENCE_GRAPH)
    gaz = load_gazetteer()
    for r in sorted(gaz.regions.values(), key=lambda r: r.adcode):
        if r.in_zhejiang or r.level == "province":
            region_triples(sink, r, gaz)
    quads = _ttl(ontology_dir() / "gongfu.ttl") + _ttl(lexicon_dir() / "mechanisms.ttl") + sink.quads
    return tuple(quads)
