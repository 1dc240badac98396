"""Mechanisms ranked by how many regions and cases use them (the scheme's hierarchy respected)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.analysis.graphs import CASE, AnalysisGraphs


@dataclass(frozen=True)
class MechanismRank:
    iri: str
    label: str
    regions: int  # regions whose own cases use it (primary role)
    partner_regions: int  # further regions that take part only as partners
    cases: int
    direct_cases: int  # cases that name the concept itself (not only a narrower one)
    region_names: tuple[str, ...]


def rank_mechanisms(graphs: AnalysisGraphs, *, include_top: bool = False) -> list[MechanismRank]:
    """Named mechanisms by number of regions, then cases, then label (deterministic)."""
    cm, rm = graphs.case_mechanism, graphs.region_mechanism
    out: list[MechanismRank] = []
    for m, d in cm.nodes(data=True):
        if d["kind"] == CASE or d["candidate"] or (d["top"] and not include_top):
            continue
        primary = sorted(r for r in rm[m] if rm.edges[r, m]["cases"] > 0) if m in rm else []
        partners = sorted(r for r in rm[m] if rm.edges[r, m]["cases"] == 0) if m in rm else []
        cases = list(cm[m])
        out.append(
            MechanismRank(
                iri=m,
                label=d["label"],
                regions=len(primary),
                partner_regions=len(partners),
                cases=len(cases),
                direct_cases=sum(1 for c in cases if cm.edges[c, m]["direct"]),
                region_names=tuple(sorted(rm.nodes[r]["label"] for r in primary)),
            )
        )
    out.sort(key=lambda x: (-x.regions, -x.cases, x.label))
    return out
