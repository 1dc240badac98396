"""GraphML and GEXF files of the analysis graphs, for Gephi, Cytoscape or yEd.

Both formats take only scalar attributes, so lists and sets become 、-joined strings and missing values
empty strings; each node also carries its community number (0 = none) so Gephi can colour by it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.analysis.communities import Community, membership


def scalar_copy(g: nx.Graph, communities: list[Community] = ()) -> nx.Graph:
    """A copy of ``g`` whose attributes are all str, int, float or bool."""
    member = membership(list(communities))
    h = g.__class__()
    for n, d in g.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in d.items()}
        attrs["community"] = member[n].index if n in member else 0
        h.add_node(n, **attrs)
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, **{k: _scalar(v) for k, v in d.items()})
    return h


def _scalar(v):
    if v is None:
        return ""
    if isinstance(v, (set, frozenset, list, tuple)):
        return "、".join(sorted(str(x) for x in v))
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def write_graph(g: nx.Graph, directory: Path, name: str, communities: list[Community] = ()) -> list[Path]:
    """Write ``name.graphml`` and ``name.gexf`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    h = scalar_copy(g, communities)
    graphml, gexf = directory / f"{name}.graphml", directory / f"{name}.gexf"
    nx.write_graphml(h, graphml, encoding="utf-8")
    nx.write_gexf(h, gexf, encoding="utf-8")
    return [graphml, gexf]
