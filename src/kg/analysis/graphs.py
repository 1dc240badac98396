"""networkx graphs built from the analysis queries (``queries/analysis-*.rq``).

Nodes are IRIs (stable across builds) with a ``label`` (the Chinese name) and a ``kind`` attribute, so the
graphs can be written to GraphML/GEXF as they are. The mechanism hierarchy is respected where the data is
read: the queries close every use under ``skos:broader*``, so a case that names 消薄飞地 is linked to 飞地
(and to 飞地's top concept) as well, with ``direct=False`` on the inherited edges.

The graphs:

- ``case_mechanism`` — bipartite, case — mechanism (every concept, flagged ``top``/``candidate``);
- ``region_mechanism`` — bipartite, region — curated mechanism; ``cases`` = cases where the region is the
  primary region, ``partner_cases`` = cases where it is a partner;
- ``mechanism_cooccurrence`` — projection of ``case_mechanism`` onto the named mechanisms used by at least
  two cases: weight = number of cases using both (pairs where one concept is broader than the other are
  left out: they co-occur by construction). A mechanism named in a single case forms a clique with that
  case's other mechanisms and shows no pattern; it stays in the bipartite graphs and the ranking;
- ``region_similarity`` — projection of ``region_mechanism`` onto regions: weight = sum over shared
  mechanisms of their inverse region frequency, so sharing a rare mechanism counts more than sharing 飞地;
- ``cooperation`` — directed, primary region → partner region of the same case (山海协作 pairs, 飞地
  host/beneficiary), with the cases and the mechanisms they name;
- ``case_department`` — bipartite, case — department (with the department type).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.analysis.source import Rows, Source, local_name, truthy

CASE, MECHANISM, REGION, DEPARTMENT = "case", "mechanism", "region", "department"


@dataclass(frozen=True)
class CaseInfo:
    """What the analysis needs to know about a case besides its graph edges."""

    iri: str
    case_id: str
    doc: str
    ordinal: int
    title: str
    category: str | None
    issued: str | None


@dataclass
class AnalysisGraphs:
    cases: dict[str, CaseInfo]
    case_mechanism: nx.Graph
    region_mechanism: nx.Graph
    mechanism_cooccurrence: nx.Graph
    region_similarity: nx.Graph
    cooperation: nx.DiGraph
    case_department: nx.Graph


def load_graphs(source: Source) -> AnalysisGraphs:
    """Run the analysis queries on ``source`` and build every graph."""
    cases = case_infos(source.select("analysis-cases"))
    scheme = source.select("analysis-mechanism-scheme")
    cm = case_mechanism_graph(cases, source.select("analysis-case-mechanisms"))
    rm = region_mechanism_graph(source.select("analysis-region-mechanisms"))
    return AnalysisGraphs(
        cases=cases,
        case_mechanism=cm,
        region_mechanism=rm,
        mechanism_cooccurrence=mechanism_cooccurrence(cm, broader_pairs(scheme)),
        region_similarity=region_similarity(rm),
        cooperation=cooperation_graph(source.select("analysis-cooperation"), cooperation_labels(scheme)),
        case_department=case_department_graph(cases, source.select("analysis-case-departments")),
    )


def case_infos(rows: Rows) -> dict[str, CaseInfo]:
    out: dict[str, CaseInfo] = {}
    for r in rows:
        iri = r["case"] or ""
        out[iri] = CaseInfo(
            iri, local_name(iri), r["doc"] or "", int(r["ordinal"] or 0), r["title"] or "", r["category"], r["issued"]
        )
    return out


def _add_case(g: nx.Graph, info: CaseInfo) -> None:
    g.add_node(
        info.iri,
        kind=CASE,
        label=info.title,
        case_id=info.case_id,
        doc=info.doc,
        ordinal=info.ordinal,
        category=info.category or "",
    )


def case_mechanism_graph(cases: dict[str, CaseInfo], rows: Rows) -> nx.Graph:
    """Bipartite case — mechanism graph; an edge is ``direct`` if the case names the concept itself."""
    g = nx.Graph()
    for info in cases.values():
        _add_case(g, info)
    for r in rows:
        case, m = r["case"], r["mechanism"]
        if case not in cases:
            continue
        if m not in g:
            g.add_node(m, kind=MECHANISM, label=r["label"], top=truthy(r["top"]), candidate=truthy(r["candidate"]))
        # a case naming both 飞地 and 消薄飞地 yields two rows for 飞地; the edge is direct if either is
        direct = truthy(r["direct"]) or (g.has_edge(case, m) and g.edges[case, m]["direct"])
        g.add_edge(case, m, direct=direct, weight=1)
    return g


def region_mechanism_graph(rows: Rows) -> nx.Graph:
    """Bipartite region — curated mechanism graph (top concepts kept, flagged), weighted by primary cases."""
    g = nx.Graph()
    for r in rows:
        region, m = r["region"], r["mechanism"]
        g.add_node(region, kind=REGION, label=r["rname"], level=r["level"] or "")
        g.add_node(m, kind=MECHANISM, label=r["label"], top=truthy(r["top"]), candidate=False)
        if not g.has_edge(region, m):
            g.add_edge(region, m, cases=0, partner_cases=0, weight=0)
        e = g.edges[region, m]
        n = int(r["cases"] or 0)
        if r["role"] == "primary":
            e["cases"] += n
        else:
            e["partner_cases"] += n
        e["weight"] = e["cases"] + e["partner_cases"]
    return g


def broader_pairs(rows: Rows) -> set[frozenset[str]]:
    """Every pair of concepts where one is (transitively) broader than the other."""
    parents: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["broader"]:
            parents[r["mechanism"] or ""].add(r["broader"])
    pairs: set[frozenset[str]] = set()
    for m in list(parents):
        seen: set[str] = set()
        todo = list(parents[m])
        while todo:
            b = todo.pop()
            if b in seen or b == m:
                continue
            seen.add(b)
            pairs.add(frozenset((m, b)))
            todo.extend(parents.get(b, ()))
    return pairs


def mechanism_cooccurrence(case_mechanism: nx.Graph, hierarchy: set[frozenset[str]], *, min_cases: int = 2) -> nx.Graph:
    """Named mechanisms (used by ``min_cases`` cases or more) linked by the number of cases that use both
    (hierarchy pairs left out)."""
    g = nx.Graph()
    named = {
        n
        for n, d in case_mechanism.nodes(data=True)
        if d["kind"] == MECHANISM and not d["top"] and not d["candidate"] and case_mechanism.degree(n) >= min_cases
    }
    for m in sorted(named):
        d = case_mechanism.nodes[m]
        g.add_node(m, kind=MECHANISM, label=d["label"], cases=case_mechanism.degree(m))
    for case, d in case_mechanism.nodes(data=True):
        if d["kind"] != CASE:
            continue
        ms = sorted(m for m in case_mechanism[case] if m in named)
        for i, a in enumerate(ms):
            for b in ms[i + 1 :]:
                if frozenset((a, b)) in hierarchy:
                    continue
                if g.has_edge(a, b):
                    g.edges[a, b]["weight"] += 1
                else:
                    g.add_edge(a, b, weight=1)
    return g


def region_similarity(region_mechanism: nx.Graph) -> nx.Graph:
    """Regions linked by the named mechanisms they share, each weighted by log(1 + R / regions using it)."""
    g = nx.Graph()
    regions = [n for n, d in region_mechanism.nodes(data=True) if d["kind"] == REGION]
    mechs = [n for n, d in region_mechanism.nodes(data=True) if d["kind"] == MECHANISM and not d["top"]]
    for r in regions:
        g.add_node(r, **region_mechanism.nodes[r])
    total = max(len(regions), 1)
    for m in mechs:
        users = sorted(r for r in region_mechanism[m] if region_mechanism.edges[r, m]["cases"] > 0)
        w = math.log(1 + total / len(users)) if users else 0.0
        label = region_mechanism.nodes[m]["label"]
        for i, a in enumerate(users):
            for b in users[i + 1 :]:
                if g.has_edge(a, b):
                    e = g.edges[a, b]
                    e["weight"] += w
                    e["shared"].append(label)
                else:
                    g.add_edge(a, b, weight=w, shared=[label])
    return g


COOPERATION_CATEGORY = "区域协作"  # the scheme's top concept for cooperation between regions (山海协作, 飞地 …)


def cooperation_labels(rows: Rows, category: str = COOPERATION_CATEGORY) -> set[str]:
    """Labels of the concepts under the scheme's cooperation category (transitively), the category itself
    excluded: what an edge of the cooperation graph is about (山海协作, 消薄飞地, 结对帮扶 …)."""
    parents: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for r in rows:
        m = r["mechanism"] or ""
        labels.setdefault(m, r["label"] or "")
        if r["broader"]:
            parents[m].add(r["broader"])
    roots = {m for m, lab in labels.items() if lab == category}
    out: set[str] = set()
    for m in labels:
        seen: set[str] = set()
        todo = list(parents.get(m, ()))
        while todo:
            b = todo.pop()
            if b in roots:
                out.add(labels[m])
                break
            if b not in seen:
                seen.add(b)
                todo.extend(parents.get(b, ()))
    return out


def cooperation_graph(rows: Rows, cooperation: set[str] | None = None) -> nx.DiGraph:
    """Primary region → partner region, one edge per pair, with the cases and mechanisms behind it;
    ``cooperation_mechanisms`` are those of the scheme's cooperation category (see ``cooperation_labels``):
    what the pairing is about, where ``mechanisms`` lists everything the cases name."""
    cooperation = cooperation or set()
    g = nx.DiGraph()
    for r in rows:
        a, b = r["primary"], r["partner"]
        g.add_node(a, kind=REGION, label=r["pname"])
        g.add_node(b, kind=REGION, label=r["paname"])
        if not g.has_edge(a, b):
            g.add_edge(a, b, weight=0, cases=[], mechanisms=set(), cooperation_mechanisms=set())
        e = g.edges[a, b]
        case_id = local_name(r["case"] or "")
        if case_id not in e["cases"]:
            e["cases"].append(case_id)
            e["weight"] += 1
        named = {x for x in (r["mechanisms"] or "").split("、") if x}
        e["mechanisms"].update(named)
        e["cooperation_mechanisms"].update(named & cooperation)
    return g


def case_department_graph(cases: dict[str, CaseInfo], rows: Rows) -> nx.Graph:
    """Bipartite case — department graph; departments carry their type (民政局, 人力社保局 …)."""
    g = nx.Graph()
    for r in rows:
        case, dep = r["case"], r["department"]
        if case not in cases:
            continue
        if case not in g:
            _add_case(g, cases[case])
        g.add_node(dep, kind=DEPARTMENT, label=r["label"], type=r["type"] or "")
        g.add_edge(case, dep, weight=1)
    return g
