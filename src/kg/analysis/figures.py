"""PNG figures of the analysis (matplotlib, Agg backend, Chinese labels in Noto Sans CJK SC).

Each function draws one figure and returns the matplotlib Figure (so a test can inspect the fonts its
labels use); ``save`` writes it and closes it.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx

from kg.analysis.communities import Community, canonical, membership
from kg.analysis.diffusion import Diffusion
from kg.analysis.fonts import use_cjk_font
from kg.analysis.ranking import MechanismRank

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
OTHER = "#d0d0d0"
SEED = 42


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    use_cjk_font()
    return plt


def save(fig, path: Path) -> Path:
    """Write ``fig`` as PNG and release it."""
    import matplotlib.pyplot as plt

    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=130, bbox_inches="tight")
    plt.close(fig)
    return path


def mechanism_bars(ranks: list[MechanismRank], *, top: int = 20):
    """Horizontal bars: regions and cases per mechanism, the most widespread at the top."""
    plt = _pyplot()
    rows = ranks[:top][::-1]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rows) + 1.2))
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], [r.regions for r in rows], height=0.4, color=PALETTE[0], label="地区数")
    ax.barh([i - 0.2 for i in y], [r.cases for r in rows], height=0.4, color=PALETTE[1], label="案例数")
    ax.set_yticks(list(y), [r.label for r in rows])
    ax.set_xlabel("数量")
    ax.set_title(f"使用最广的{len(rows)}项机制（含下位机制）")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


def network(g: nx.Graph, communities: list[Community], *, title: str, max_labels: int = 20):
    """A spring layout of ``g``, nodes coloured by community, sized by weighted degree."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(12, 9))
    core = g.subgraph([n for n in g if g.degree(n) > 0])
    if core.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "（无数据）", ha="center", va="center")
        ax.set_axis_off()
        return fig
    core = canonical(core)  # the layout, like Louvain, depends on node order
    member = membership(communities)
    pos = _community_layout(core, member)
    colours = [PALETTE[(member[n].index - 1) % len(PALETTE)] if n in member else OTHER for n in core]
    strength = dict(core.degree(weight="weight"))
    top = max(strength.values()) or 1.0
    sizes = [60 + 600 * strength[n] / top for n in core]
    nx.draw_networkx_edges(core, pos, ax=ax, alpha=0.15, width=0.6)
    nx.draw_networkx_nodes(core, pos, ax=ax, node_color=colours, node_size=sizes, linewidths=0)
    # label the members that name a community (the legend's names, so a reader can find them), then the
    # strongest nodes, on a light box: unboxed labels in the dense centre ran into one another
    naming = [m for c in communities[: len(PALETTE)] for m in c.characteristic_iris[:3] if m in core]
    shown = list(dict.fromkeys([*naming, *sorted(core, key=lambda n: (-strength[n], str(n)))]))[:max_labels]
    nx.draw_networkx_labels(
        core,
        pos,
        ax=ax,
        labels={n: short_label(core.nodes[n].get("label", n)) for n in shown},
        font_size=8,
        font_family=use_cjk_font(),
        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
    )
    for c in communities[: len(PALETTE)]:
        ax.scatter([], [], color=PALETTE[(c.index - 1) % len(PALETTE)], label=f"{c.index}. {c.name}")
    if communities:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9, frameon=False, title="社区")
    ax.set_title(title)
    ax.set_axis_off()
    return fig


def _community_layout(g: nx.Graph, member: dict[str, Community]) -> dict:
    """A spring layout in which a community holds together: springs inside a community pull with weight 1,
    springs between communities with 0.05. Co-use weights are left out (they pull the hubs into one
    unreadable knot), and so, mostly, are the links between communities, which otherwise pile every
    community's members on top of each other in the centre."""
    h = nx.Graph()
    h.add_nodes_from(g)
    for a, b in g.edges():
        same = a in member and b in member and member[a].index == member[b].index
        h.add_edge(a, b, layout=1.0 if same else 0.05)
    return nx.spring_layout(h, weight="layout", seed=SEED, k=4.0 / max(len(h), 1) ** 0.5, iterations=150)


def cooperation(g: nx.DiGraph, *, title: str = "地区协作网络（主体地区 → 合作地区）"):
    """The cooperation graph: arrows from the reporting region to its partners, width = cases."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(10, 8))
    if g.number_of_edges() == 0:
        ax.text(0.5, 0.5, "（无协作关系）", ha="center", va="center")
        ax.set_axis_off()
        return fig
    pos = nx.spring_layout(g.to_undirected(), seed=SEED, k=1.5 / max(len(g), 1) ** 0.5)
    out_deg = dict(g.out_degree(weight="weight"))
    colours = [PALETTE[1] if out_deg[n] else PALETTE[0] for n in g]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=260, linewidths=0)
    nx.draw_networkx_edges(
        g,
        pos,
        ax=ax,
        width=[0.8 + d["weight"] for _, _, d in g.edges(data=True)],
        alpha=0.5,
        arrows=True,
        arrowsize=12,
        connectionstyle="arc3,rad=0.08",
    )
    nx.draw_networkx_labels(
        g,
        pos,
        ax=ax,
        labels={n: short_label(g.nodes[n].get("label", n)) for n in g},
        font_size=8,
        font_family=use_cjk_font(),
    )
    ax.scatter([], [], color=PALETTE[1], label="报告协作的地区")
    ax.scatter([], [], color=PALETTE[0], label="仅作为合作方")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    ax.set_title(title)
    ax.set_axis_off()
    return fig


def diffusion_timeline(items: list[Diffusion], *, top: int = 12):
    """One row per mechanism: a dot per report date, sized by the regions first reported then."""
    plt = _pyplot()
    rows = items[:top][::-1]
    dates = sorted({a.first for d in rows for a in d.adoptions if a.first})
    undated = any(a.first is None for d in rows for a in d.adoptions)
    columns = [*dates, *(["日期不详"] if undated else [])]
    fig, ax = plt.subplots(figsize=(2 + 1.4 * max(len(columns), 1), 0.4 * len(rows) + 1.4))
    for y, d in enumerate(rows):
        counts: dict[str, int] = {}
        for a in d.adoptions:
            key = a.first or "日期不详"
            counts[key] = counts.get(key, 0) + 1
        xs = [columns.index(k) for k in counts]
        areas = [40 + 40 * v for v in counts.values()]
        ax.scatter(xs, [y] * len(xs), s=areas, color=PALETTE[0], alpha=0.8)
        for x, v, area in zip(xs, counts.values(), areas, strict=True):
            radius = (area / math.pi) ** 0.5  # points: the label goes just right of the bubble, not onto it
            ax.annotate(str(v), (x, y), xytext=(radius + 2, -3), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(rows)), [d.label for d in rows])
    ax.set_xticks(range(len(columns)), columns)
    ax.set_xlim(-0.6, max(len(columns) - 0.4, 0.6))
    ax.set_title("机制扩散：各报告日期首次出现的地区数")
    fig.tight_layout()
    return fig


def short_label(label: str) -> str:
    """台州市温岭市 → 温岭市: the county part of a full region name, for crowded plots. Only a label that
    starts with a city name is cut (市 within the first four characters, a county-level name after it):
    a mechanism such as 城市书房 or 市场化改革 is left whole."""
    i = label.find("市")
    if 1 < i <= 3 and len(label) - i > 2 and label[-1] in "市县区":
        return label[i + 1 :]
    return label
