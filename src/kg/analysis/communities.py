"""Communities of regions (that share mechanisms) and of mechanisms (that are used together).

Louvain modularity (networkx ``louvain_communities``) with a fixed seed, so the same graph always gives
the same communities. Each community is named by its most characteristic mechanisms, computed the way
TF-IDF picks a document's keywords (no language model involved):

- a region community: for each mechanism, the share of the community's regions that use it times its
  inverse region frequency ``log(R / regions using it)`` — common to the group, rare elsewhere;
- a mechanism community: for each member, its co-occurrence strength inside the community times the
  fraction of its strength that stays inside — the members most bound to the group.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from kg.analysis.graphs import REGION, AnalysisGraphs

SEED = 42
NAME_SIZE = 3


@dataclass(frozen=True)
class Community:
    kind: str  # region | mechanism
    index: int  # 1-based, by decreasing size
    members: tuple[str, ...]  # node IRIs, sorted by label
    member_labels: tuple[str, ...]
    characteristic: tuple[tuple[str, float], ...]  # (mechanism label, score), best first
    characteristic_iris: tuple[str, ...] = ()  # the same mechanisms' IRIs

    @property
    def name(self) -> str:
        """The community's name: its most characteristic mechanisms joined with ·."""
        return "·".join(label for label, _ in self.characteristic[:NAME_SIZE]) or "（无共同机制）"


def louvain(g: nx.Graph, *, seed: int = SEED, resolution: float = 1.0, weight: str = "weight") -> list[set[str]]:
    """Louvain communities of ``g`` (isolated nodes left out), largest first, ties by smallest member."""
    core = canonical(g.subgraph([n for n in g if g.degree(n) > 0]), weight=weight)
    if core.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(core, weight=weight, resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def canonical(g: nx.Graph, *, weight: str = "weight") -> nx.Graph:
    """A copy with nodes and edges inserted in sorted order. Louvain visits nodes in insertion order, so
    without this the same graph built in a different order (set iteration varies between processes) would
    give different communities despite the fixed seed."""
    h = nx.Graph()
    h.add_nodes_from((n, g.nodes[n]) for n in sorted(g.nodes))
    h.add_weighted_edges_from(
        sorted((min(a, b), max(a, b), d.get(weight, 1.0)) for a, b, d in g.edges(data=True)), weight=weight
    )
    return h


def region_communities(graphs: AnalysisGraphs, *, seed: int = SEED, min_size: int = 2) -> list[Community]:
    """Communities of the region-similarity graph, named by their distinctive mechanisms."""
    rm = graphs.region_mechanism
    regions = [n for n, d in rm.nodes(data=True) if d["kind"] == REGION]
    users = _mechanism_users(graphs)
    out: list[Community] = []
    for members in louvain(graphs.region_similarity, seed=seed):
        if len(members) < min_size:
            continue
        scores: dict[str, float] = {}
        for m, who in users.items():
            inside = len(who & members)
            if inside < min(2, len(members)):
                continue
            scores[m] = inside / len(members) * math.log(len(regions) / len(who))
        out.append(_community("region", len(out) + 1, members, rm, scores))
    return out


def mechanism_communities(graphs: AnalysisGraphs, *, seed: int = SEED, min_size: int = 2) -> list[Community]:
    """Communities of the mechanism co-occurrence graph, named by their most bound members."""
    g = graphs.mechanism_cooccurrence
    out: list[Community] = []
    for members in louvain(g, seed=seed):
        if len(members) < min_size:
            continue
        scores: dict[str, float] = {}
        for m in members:
            total = sum(d["weight"] for _, _, d in g.edges(m, data=True))
            inside = sum(d["weight"] for _, v, d in g.edges(m, data=True) if v in members)
            scores[m] = inside * inside / total if total else 0.0
        out.append(_community("mechanism", len(out) + 1, members, g, scores))
    return out


def membership(communities: list[Community]) -> dict[str, Community]:
    """Node IRI → its community."""
    return {m: c for c in communities for m in c.members}


def _mechanism_users(graphs: AnalysisGraphs) -> dict[str, set[str]]:
    """Named mechanism → regions that use it in their own cases."""
    rm = graphs.region_mechanism
    out: dict[str, set[str]] = {}
    for m, d in rm.nodes(data=True):
        if d["kind"] == REGION or d["top"]:
            continue
        who = {r for r in rm[m] if rm.edges[r, m]["cases"] > 0}
        if who:
            out[m] = who
    return out


def _community(kind: str, index: int, members: set[str], g: nx.Graph, scores: dict[str, float]) -> Community:
    labels = {n: _label(g, n) for n in members}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], _label(g, kv[0])))
    order = sorted(members, key=lambda n: labels[n])
    return Community(
        kind=kind,
        index=index,
        members=tuple(order),
        member_labels=tuple(labels[n] for n in order),
        characteristic=tuple((_label(g, m), round(s, 4)) for m, s in ranked if s > 0),
        characteristic_iris=tuple(m for m, s in ranked if s > 0),
    )


def _label(g: nx.Graph, node: str) -> str:
    return g.nodes[node].get("label", node) if node in g else node
