"""``analyze``: every analysis of the graph in one call (no files written here; see ``report``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from kg.analysis.centrality import MechanismCentrality, RegionCentrality, mechanism_centrality, region_centrality
from kg.analysis.communities import SEED, Community, mechanism_communities, region_communities
from kg.analysis.diffusion import Diffusion, diffusion
from kg.analysis.graphs import AnalysisGraphs, load_graphs
from kg.analysis.ranking import MechanismRank, rank_mechanisms
from kg.analysis.source import Source


@dataclass
class AnalysisResult:
    graphs: AnalysisGraphs
    ranks: list[MechanismRank]
    region_communities: list[Community]
    mechanism_communities: list[Community]
    mechanism_centrality: list[MechanismCentrality]
    region_centrality: list[RegionCentrality]
    diffusion: list[Diffusion]
    seed: int = SEED
    seconds: dict[str, float] = field(default_factory=dict)


def analyze(source: Source, *, seed: int = SEED) -> AnalysisResult:
    """Graphs from ``source`` (through the analysis queries), then rankings, communities, centrality and
    diffusion. Deterministic: Louvain runs with ``seed``."""
    t0 = time.perf_counter()
    graphs = load_graphs(source)
    t1 = time.perf_counter()
    result = AnalysisResult(
        graphs=graphs,
        ranks=rank_mechanisms(graphs),
        region_communities=region_communities(graphs, seed=seed),
        mechanism_communities=mechanism_communities(graphs, seed=seed),
        mechanism_centrality=mechanism_centrality(graphs),
        region_centrality=region_centrality(graphs),
        diffusion=diffusion(source.select("analysis-diffusion")),
        seed=seed,
    )
    result.seconds = {"queries+graphs": t1 - t0, "algorithms": time.perf_counter() - t1}
    return result
