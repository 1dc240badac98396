"""Analysis results as RDF quads in the analysis named graph, so that SPARQL can use them.

What is written (terms in the gf: namespace, declared with labels in the same graph):

- ``gf:Community`` nodes (``id/community/<kind>-<hash of members>``: the IRI depends on the membership,
  not on run order) with ``skos:prefLabel`` (the name), ``gf:communityKind`` (region | mechanism),
  ``gf:communityRank``, ``gf:hasMember`` and ``gf:characteristicMechanism``; each ``prov:wasGeneratedBy``
  the Louvain activity, which records the seed;
- on mechanisms: ``gf:regionCount``, ``gf:caseCount``, ``gf:betweenness``, ``gf:participationCoefficient``;
- on regions: ``gf:pageRank``, ``gf:betweenness``, ``gf:sharingStrength``;
- ``gf:Adoption`` nodes (mechanism, region, ``dcterms:date`` of first report, ``gf:adoptionRank``).

``analysis_quads(result)`` gives the quads of a finished analysis; ``analysis_quads_for(quads)`` runs the
analysis on a build's quads (an in-memory store), which is what ``kg build`` would call to include them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.analysis.communities import Community
from kg.analysis.run import AnalysisResult, analyze
from kg.analysis.source import Source, local_name
from kg.rdf.namespaces import ANALYSIS_GRAPH, DCT, PROV, RDF, RDFS, SKOS, XSD, gf, iri, slug

G = ANALYSIS_GRAPH
TYPE = NamedNode(RDF + "type")
LOUVAIN = iri("activity", "louvain")

TERMS = {
    "Community": ("class", "社区", "A group of regions or mechanisms found by community detection (Louvain)."),
    "Adoption": ("class", "机制采用", "A region's first reported use of a mechanism (diffusion analysis)."),
    "communityKind": ("property", "社区类型", "What the community groups: region or mechanism."),
    "communityRank": ("property", "社区序号", "Position of the community by decreasing size (1 = largest)."),
    "hasMember": ("property", "成员", "A region or mechanism in the community."),
    "characteristicMechanism": ("property", "特征机制", "A mechanism that names the community (most distinctive)."),
    "regionCount": ("property", "地区数", "Regions whose own cases use the mechanism or a narrower one."),
    "caseCount": ("property", "案例数", "Cases that use the mechanism or a narrower one."),
    "betweenness": (
        "property",
        "中介中心性",
        "Normalised betweenness centrality in the co-occurrence or region-similarity graph.",
    ),
    "participationCoefficient": (
        "property",
        "类别参与系数",
        "1 − Σ (share of the mechanism's cases in each case category)²: how evenly it spans categories.",
    ),
    "pageRank": ("property", "PageRank", "PageRank of the region in the region-similarity graph."),
    "sharingStrength": ("property", "共享强度", "Weighted degree of the region in the region-similarity graph."),
    "adoptionRank": ("property", "采用次序", "Order of the region among the mechanism's adopters (1 = first)."),
}


def _double(x: float) -> Literal:
    return Literal(repr(float(x)), datatype=NamedNode(XSD + "double"))


def _int(n: int) -> Literal:
    return Literal(str(int(n)), datatype=NamedNode(XSD + "integer"))


def _date(d: str) -> Literal:
    return Literal(d, datatype=NamedNode(XSD + ("date" if len(d) == 10 else "gYearMonth")))


def community_iri(c: Community) -> NamedNode:
    digest = hashlib.sha1("\n".join(c.members).encode("utf-8")).hexdigest()[:12]
    return iri("community", f"{c.kind}-{digest}")


def _declarations() -> Iterable[Quad]:
    for name, (kind, zh, comment) in TERMS.items():
        node = gf(name)
        yield Quad(node, TYPE, NamedNode(RDFS + "Class" if kind == "class" else RDF + "Property"), G)
        yield Quad(node, NamedNode(RDFS + "label"), Literal(zh, language="zh"), G)
        yield Quad(node, NamedNode(RDFS + "comment"), Literal(comment, language="en"), G)


def _community_quads(c: Community) -> Iterable[Quad]:
    node = community_iri(c)
    yield Quad(node, TYPE, gf("Community"), G)
    yield Quad(node, NamedNode(SKOS + "prefLabel"), Literal(c.name, language="zh"), G)
    yield Quad(node, gf("communityKind"), Literal(c.kind), G)
    yield Quad(node, gf("communityRank"), _int(c.index), G)
    yield Quad(node, NamedNode(PROV + "wasGeneratedBy"), LOUVAIN, G)
    for m in c.members:
        yield Quad(node, gf("hasMember"), NamedNode(m), G)
    for m in c.characteristic_iris[:3]:
        yield Quad(node, gf("characteristicMechanism"), NamedNode(m), G)


def analysis_quads(result: AnalysisResult) -> list[Quad]:
    """The quads of ``result`` in the analysis graph (deterministic order)."""
    out: list[Quad] = list(_declarations())
    out.append(Quad(LOUVAIN, TYPE, NamedNode(PROV + "Activity"), G))
    out.append(
        Quad(
            LOUVAIN,
            NamedNode(RDFS + "comment"),
            Literal(f"networkx louvain_communities, weight=weight, resolution=1, seed={result.seed}", language="en"),
            G,
        )
    )
    for c in [*result.region_communities, *result.mechanism_communities]:
        out.extend(_community_quads(c))
    for r in result.ranks:
        m = NamedNode(r.iri)
        out.append(Quad(m, gf("regionCount"), _int(r.regions), G))
        out.append(Quad(m, gf("caseCount"), _int(r.cases), G))
    for mc in result.mechanism_centrality:
        m = NamedNode(mc.iri)
        out.append(Quad(m, gf("betweenness"), _double(mc.betweenness), G))
        out.append(Quad(m, gf("participationCoefficient"), _double(mc.participation), G))
    for rc in result.region_centrality:
        r = NamedNode(rc.iri)
        out.append(Quad(r, gf("pageRank"), _double(rc.pagerank), G))
        out.append(Quad(r, gf("betweenness"), _double(rc.betweenness), G))
        out.append(Quad(r, gf("sharingStrength"), _double(rc.strength), G))
    for d in result.diffusion:
        for rank, a in enumerate(d.adoptions, start=1):
            node = iri("adoption", f"{slug(local_name(d.mechanism))}-{local_name(a.region)}")
            out.append(Quad(node, TYPE, gf("Adoption"), G))
            out.append(Quad(node, gf("mechanism"), NamedNode(d.mechanism), G))
            out.append(Quad(node, gf("region"), NamedNode(a.region), G))
            out.append(Quad(node, gf("adoptionRank"), _int(rank), G))
            if a.first:
                out.append(Quad(node, NamedNode(DCT + "date"), _date(a.first), G))
    return out


def analysis_quads_for(quads: Iterable[Quad]) -> list[Quad]:
    """Run the analysis on a build's quads (loaded into an in-memory store) and return its quads."""
    store = Store()
    store.extend(quads)
    return analysis_quads(analyze(Source(memory=store)))
