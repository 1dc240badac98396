"""Which mechanisms bridge the demonstration areas, and which regions are hubs.

Bridging mechanisms: betweenness centrality on the mechanism co-occurrence graph (edge length = 1 / number
of shared cases, so paths follow strong co-use), read together with how evenly the mechanism's cases are
spread over the case categories (the participation coefficient ``1 − Σ (k_c / k)²`` of network science:
0 when all its cases sit in one category, towards 1 when they spread over many).

Hub regions: in the region-similarity graph, weighted degree (how much a region shares with others) and
PageRank; plus the number of named mechanisms it uses and its partners in the cooperation graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kg.analysis.graphs import CASE, REGION, AnalysisGraphs


@dataclass(frozen=True)
class MechanismCentrality:
    iri: str
    label: str
    betweenness: float
    degree: int  # other mechanisms it co-occurs with
    categories: int  # distinct case categories among its cases
    participation: float
    top_categories: tuple[str, ...]


@dataclass(frozen=True)
class RegionCentrality:
    iri: str
    label: str
    strength: float  # weighted degree in the region-similarity graph
    pagerank: float
    betweenness: float
    mechanisms: int
    partners: int  # distinct regions it cooperates with (either direction)


def _lengths(g: nx.Graph) -> nx.Graph:
    """A copy with ``length = 1 / weight`` on every edge (strong ties are short)."""
    h = g.copy()
    for _, _, d in h.edges(data=True):
        d["length"] = 1.0 / d["weight"] if d.get("weight") else 1.0
    return h


def pagerank(g: nx.Graph, *, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Weighted PageRank by power iteration (networkx's own needs scipy, which the project does not ship).

    Dangling nodes (no edges) spread their rank uniformly, as in networkx.
    """
    nodes = list(g)
    n = len(nodes)
    if n == 0:
        return {}
    strength = {u: sum(d.get("weight", 1.0) for _, _, d in g.edges(u, data=True)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if strength[u] == 0) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if strength[u]:
                share = alpha * rank[u] / strength[u]
                for v, d in g[u].items():
                    new[v] += share * d.get("weight", 1.0)
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


def mechanism_centrality(graphs: AnalysisGraphs) -> list[MechanismCentrality]:
    """Named mechanisms by betweenness (ties: participation, label)."""
    g = graphs.mechanism_cooccurrence
    btw = nx.betweenness_centrality(_lengths(g), weight="length", normalized=True) if len(g) > 2 else {}
    cm = graphs.case_mechanism
    out: list[MechanismCentrality] = []
    for m, d in g.nodes(data=True):
        cats = Counter(cm.nodes[c].get("category") or "（无类别）" for c in cm[m] if cm.nodes[c]["kind"] == CASE)
        k = sum(cats.values())
        part = 1.0 - sum((v / k) ** 2 for v in cats.values()) if k else 0.0
        named = [c for c, _ in cats.most_common() if c != "（无类别）"]
        out.append(
            MechanismCentrality(
                m, d["label"], round(btw.get(m, 0.0), 6), g.degree(m), len(named), round(part, 4), tuple(named[:3])
            )
        )
    out.sort(key=lambda x: (-x.betweenness, -x.participation, x.label))
    return out


def region_centrality(graphs: AnalysisGraphs) -> list[RegionCentrality]:
    """Regions by PageRank in the region-similarity graph (ties: strength, label)."""
    g = graphs.region_similarity
    pr = pagerank(g) if g.number_of_edges() else {}
    btw = nx.betweenness_centrality(_lengths(g), weight="length", normalized=True) if len(g) > 2 else {}
    rm, coop = graphs.region_mechanism, graphs.cooperation
    out: list[RegionCentrality] = []
    for r, d in rm.nodes(data=True):
        if d["kind"] != REGION:
            continue
        mechs = sum(1 for m in rm[r] if not rm.nodes[m]["top"] and rm.edges[r, m]["cases"] > 0)
        partners = len(set(coop.successors(r)) | set(coop.predecessors(r))) if r in coop else 0
        strength = g.degree(r, weight="weight") if r in g else 0.0
        out.append(
            RegionCentrality(
                r,
                d["label"],
                round(float(strength), 4),
                round(pr.get(r, 0.0), 6),
                round(btw.get(r, 0.0), 6),
                mechs,
                partners,
            )
        )
    out.sort(key=lambda x: (-x.pagerank, -x.strength, x.label))
    return out
