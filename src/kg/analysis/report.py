"""Write an analysis to a directory: analysis.md + analysis.html (tables and figures), PNG figures,
GraphML/GEXF graphs and the analysis quads as N-Quads.

Layout of the output directory::

    analysis.md, analysis.html   the readable report (Chinese)
    analysis.nq                  community membership, centrality, adoptions (analysis named graph)
    figures/*.png                mechanisms, region and mechanism networks, cooperation, diffusion
    graphs/*.graphml, *.gexf     the six graphs, with a community attribute on nodes
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, serialize

from kg.analysis import export, figures
from kg.analysis.diffusion import Diffusion
from kg.analysis.rdf import analysis_quads
from kg.analysis.run import AnalysisResult
from kg.report.blocks import Block, Bullets, Heading, Image, Table, item, para, to_html, to_markdown

TITLE = "共同富裕实践案例：跨地区机制分析"
TOP = 20


def write_analysis(result: AnalysisResult, out: Path) -> dict[str, Path]:
    """Write every output of ``result`` under ``out``; returns {name: path}."""
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    paths.update(_figures(result, out / "figures"))
    paths.update(_graphs(result, out / "graphs"))
    nq = out / "analysis.nq"
    nq.write_bytes(serialize(analysis_quads(result), format=RdfFormat.N_QUADS) or b"")
    paths["analysis.nq"] = nq
    blocks = report_blocks(result, {k: v.relative_to(out).as_posix() for k, v in paths.items()})
    md, page = out / "analysis.md", out / "analysis.html"
    md.write_text(to_markdown(blocks), encoding="utf-8")
    page.write_text(to_html(blocks, title=TITLE), encoding="utf-8")
    paths["analysis.md"], paths["analysis.html"] = md, page
    return paths


def _figures(result: AnalysisResult, d: Path) -> dict[str, Path]:
    g = result.graphs
    return {
        "mechanisms": figures.save(figures.mechanism_bars(result.ranks), d / "mechanisms.png"),
        "region-network": figures.save(
            figures.network(g.region_similarity, result.region_communities, title="地区网络：共享机制（按社区着色）"),
            d / "region-network.png",
        ),
        "mechanism-network": figures.save(
            figures.network(g.mechanism_cooccurrence, result.mechanism_communities, title="机制共现网络（按社区着色）"),
            d / "mechanism-network.png",
        ),
        "cooperation": figures.save(figures.cooperation(g.cooperation), d / "cooperation.png"),
        "diffusion": figures.save(figures.diffusion_timeline(result.diffusion), d / "diffusion.png"),
    }


def _graphs(result: AnalysisResult, d: Path) -> dict[str, Path]:
    g = result.graphs
    comms = {
        "region_similarity": result.region_communities,
        "region_mechanism": result.region_communities,
        "mechanism_cooccurrence": result.mechanism_communities,
        "case_mechanism": result.mechanism_communities,
    }
    paths: dict[str, Path] = {}
    for name in (
        "region_mechanism",
        "case_mechanism",
        "mechanism_cooccurrence",
        "region_similarity",
        "cooperation",
        "case_department",
    ):
        for p in export.write_graph(getattr(g, name), d, name, comms.get(name, [])):
            paths[p.name] = p
    return paths


def _some(names: list[str], limit: int = 8) -> str:
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def report_blocks(result: AnalysisResult, files: dict[str, str]) -> list[Block]:
    """The report as blocks (figures and files referenced by the relative paths in ``files``)."""
    g = result.graphs
    n_regions = sum(1 for _, d in g.region_mechanism.nodes(data=True) if d["kind"] == "region")
    blocks: list[Block] = [
        Heading(1, TITLE),
        para(
            f"案例 {len(g.cases)} 个；有命名机制的地区 {n_regions} 个；已收录机制 {len(result.ranks)} 项"
            f"（下位机制计入上位机制：使用“消薄飞地”的案例也计入“飞地”）。社区划分用 Louvain 算法"
            f"（networkx，随机种子 {result.seed}，结果可复现）。"
        ),
        Heading(2, "一、机制使用排行"),
        para("地区数：以该机制为做法的案例所属主体地区（乡镇、村计入所在县）；合作地区：仅作为合作方出现的地区。"),
        Table(
            ("机制", "地区数", "合作地区", "案例数", "直接提及", "地区"),
            tuple(
                (
                    r.label,
                    str(r.regions),
                    str(r.partner_regions),
                    str(r.cases),
                    str(r.direct_cases),
                    "、".join(r.region_names[:8]) + ("…" if len(r.region_names) > 8 else ""),
                )
                for r in result.ranks[:TOP]
            ),
        ),
        Image(files.get("mechanisms", "figures/mechanisms.png"), "使用最广的机制"),
        Heading(2, "二、地区社区（共享机制的地区群）"),
        para(
            "两地区共享一项机制即相连，权重为该机制的逆地区频率 log(1 + R/使用地区数)；"
            "社区以其最具特色的机制命名（社区内使用比例 × 逆地区频率，类似 TF-IDF）。"
        ),
        Table(
            ("社区", "名称（特色机制）", "地区数", "成员"),
            tuple(
                (str(c.index), c.name, str(len(c.members)), "、".join(c.member_labels))
                for c in result.region_communities
            ),
        ),
        Image(files.get("region-network", "figures/region-network.png"), "地区网络"),
        Heading(2, "三、机制社区（常被一起使用的机制）"),
        para("两机制在同一案例中出现即相连（上下位机制之间不连）；社区以与社区结合最紧的成员命名。"),
        Table(
            ("社区", "名称", "机制数", "成员"),
            tuple(
                (str(c.index), c.name, str(len(c.members)), "、".join(c.member_labels))
                for c in result.mechanism_communities
            ),
        ),
        Image(files.get("mechanism-network", "figures/mechanism-network.png"), "机制共现网络"),
        Heading(2, "四、中心性"),
        Heading(3, "跨领域的桥梁机制"),
        para(
            "中介中心性（机制共现网络，边长 = 1/共同案例数）与类别参与系数（案例在各先行示范领域间分布越均匀越高；"
            "案例均无领域分类时记为“–”）。"
        ),
        Table(
            ("机制", "中介中心性", "共现机制数", "涉及领域数", "参与系数", "主要领域"),
            tuple(
                (
                    m.label,
                    _fmt(m.betweenness),
                    str(m.degree),
                    str(m.categories),
                    _fmt(m.participation) if m.categories else "–",
                    "、".join(m.top_categories),
                )
                for m in result.mechanism_centrality[:TOP]
            ),
        ),
        Heading(3, "枢纽地区"),
        para("PageRank 与共享强度（地区网络的加权度）；机制数为本地案例使用的命名机制数，协作地区数来自协作网络。"),
        Table(
            ("地区", "PageRank", "共享强度", "中介中心性", "机制数", "协作地区数"),
            tuple(
                (
                    r.label,
                    _fmt(r.pagerank),
                    f"{r.strength:.1f}",
                    _fmt(r.betweenness),
                    str(r.mechanisms),
                    str(r.partners),
                )
                for r in result.region_centrality[:TOP]
            ),
        ),
        Heading(2, "五、地区协作网络"),
        para(
            "箭头从案例的主体地区指向其合作地区（山海协作结对、飞地的飞出地与飞入地等），粗细为案例数。"
            "“涉及机制”列出案例中属于“区域协作”类的机制（没有时列出案例的全部机制）。"
        ),
        _cooperation_table(result),
        Image(files.get("cooperation", "figures/cooperation.png"), "地区协作网络"),
        Heading(2, "六、机制扩散"),
        para(
            "每项机制按报告其做法的最早文件日期排列地区（反映“何时被报道”，不一定是开始时间）。"
            "同一日期首次报道的地区列在一起，不分先后；无日期文件（报纸版面、改革清单）排最后。"
        ),
        Bullets(
            tuple(item(f"{d.label}（{len(d.adoptions)} 个地区）：", diffusion_waves(d)) for d in result.diffusion[:TOP])
        ),
        Image(files.get("diffusion", "figures/diffusion.png"), "机制扩散"),
        Heading(2, "七、文件"),
        para(
            "GraphML/GEXF 图文件（可用 Gephi 打开，节点带 community 属性）在 graphs/ 下；"
            "社区成员与中心性等结果以 N-Quads 写在 analysis.nq（命名图 https://w3id.org/gongfu/id/graph/analysis）。"
        ),
    ]
    return blocks


def diffusion_waves(d: Diffusion) -> str:
    """The regions of a mechanism grouped by the date they were first reported: “2021-09-30：温岭市、玉环市 →
    2022-12：…”. Regions first reported on the same date are a tie, listed by name."""
    waves: dict[str | None, list[str]] = {}
    for a in d.adoptions:
        waves.setdefault(a.first, []).append(a.label)
    return " → ".join(f"{date or '日期不详'}：{'、'.join(names)}" for date, names in waves.items())


def _cooperation_table(result: AnalysisResult, limit: int = 40) -> Block:
    coop = result.graphs.cooperation
    if coop.number_of_edges() == 0:
        return para("（无协作关系）")
    label = {n: d["label"] for n, d in coop.nodes(data=True)}
    edges = sorted(coop.edges(data=True), key=lambda e: (-e[2]["weight"], label[e[0]], label[e[1]]))
    return Table(
        ("主体地区", "合作地区", "案例", "涉及机制"),
        tuple(
            (label[a], label[b], "、".join(d["cases"]), _some(sorted(d["cooperation_mechanisms"] or d["mechanisms"])))
            for a, b, d in edges[:limit]
        ),
    )
