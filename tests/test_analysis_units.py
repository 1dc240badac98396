"""Analysis building blocks on small hand-made graphs and rows (no build needed)."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest

from kg.analysis.centrality import pagerank
from kg.analysis.communities import Community, canonical, louvain
from kg.analysis.diffusion import diffusion
from kg.analysis.export import scalar_copy
from kg.analysis.figures import mechanism_bars, network, short_label
from kg.analysis.fonts import font_used_for, has_glyphs, use_cjk_font
from kg.analysis.graphs import broader_pairs, cooperation_graph, cooperation_labels
from kg.analysis.ranking import MechanismRank
from kg.analysis.report import diffusion_waves
from kg.analysis.source import Rows

M = "https://w3id.org/gongfu/id/mechanism/"
R = "https://w3id.org/gongfu/id/region/"


def _rows(*dicts: dict) -> Rows:
    return Rows(list(dicts[0]), list(dicts))


def _two_cliques() -> nx.Graph:
    g = nx.Graph()
    for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]:
        g.add_edge(a, b, weight=1.0)
    return g


def test_louvain_finds_two_cliques_joined_by_one_edge():
    assert sorted(sorted(c) for c in louvain(_two_cliques())) == [["a", "b", "c"], ["x", "y", "z"]]


def test_louvain_gives_the_same_communities_whatever_the_insertion_order():
    g = nx.karate_club_graph()
    edges = list(g.edges(data=True))
    random.Random(7).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_edges_from(edges)
    assert louvain(g) == louvain(shuffled)


def test_canonical_copy_keeps_node_labels():
    g = nx.Graph()
    g.add_node("b", label="乙")
    g.add_edge("b", "a", weight=2)
    h = canonical(g)
    assert list(h.nodes) == ["a", "b"] and h.nodes["b"]["label"] == "乙" and h.edges["a", "b"]["weight"] == 2


def test_pagerank_sums_to_one_and_ranks_the_centre_of_a_star_first():
    g = nx.star_graph(4)
    pr = pagerank(g)
    assert sum(pr.values()) == pytest.approx(1.0)
    assert max(pr, key=pr.get) == 0
    assert pr[1] == pytest.approx(pr[2])


def test_broader_pairs_are_transitive():
    rows = _rows(
        {"mechanism": M + "消薄飞地", "broader": M + "飞地"},
        {"mechanism": M + "飞地", "broader": M + "区域协作"},
        {"mechanism": M + "区域协作", "broader": None},
    )
    pairs = broader_pairs(rows)
    assert frozenset((M + "消薄飞地", M + "区域协作")) in pairs
    assert frozenset((M + "消薄飞地", M + "飞地")) in pairs


def _adoption(region: str, name: str, issued: str | None, case: str = "003-001") -> dict:
    return {
        "mechanism": M + "飞地",
        "label": "飞地",
        "region": R + region,
        "rname": name,
        "case": "https://w3id.org/gongfu/id/case/" + case,
        "doc": "d.txt",
        "issued": issued,
    }


def test_diffusion_orders_regions_by_their_earliest_report():
    rows = _rows(
        _adoption("330600", "绍兴市", "2022-12"),
        _adoption("331081", "台州市温岭市", "2021-09-30"),
        _adoption("330600", "绍兴市", "2021-12-01", "001-002"),
    )
    (d,) = diffusion(rows)
    assert [(a.label, a.first) for a in d.adoptions] == [("台州市温岭市", "2021-09-30"), ("绍兴市", "2021-12-01")]


def test_diffusion_puts_regions_reported_only_in_undated_documents_last():
    rows = _rows(_adoption("331022", "台州市三门县", None), _adoption("330600", "绍兴市", "2022-12"))
    (d,) = diffusion(rows)
    assert [a.first for a in d.adoptions] == ["2022-12", None]


def test_graph_export_turns_lists_and_sets_into_strings():
    g = nx.Graph()
    g.add_edge("a", "b", cases=["003-001", "000-002"], mechanisms={"飞地"}, note=None)
    d = scalar_copy(g).edges["a", "b"]
    assert d["cases"] == "000-002、003-001" and d["mechanisms"] == "飞地" and d["note"] == ""


def _has_cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


def test_chinese_figure_labels_are_rendered_in_a_font_with_cjk_glyphs():
    from matplotlib import font_manager
    from matplotlib.text import Text

    fig = mechanism_bars([MechanismRank(M + "消薄飞地", "消薄飞地", 3, 1, 3, 3, ("台州市温岭市",))])
    texts = [t for t in fig.findobj(Text) if _has_cjk(t.get_text())]
    assert {"消薄飞地", "地区数"} <= {t.get_text() for t in texts}
    for t in texts:
        font = Path(font_manager.findfont(t.get_fontproperties()))
        assert "DejaVu" not in font.name
        assert has_glyphs(font, t.get_text()), (font, t.get_text())


def test_matplotlib_default_font_has_no_chinese_glyphs_so_the_check_can_fail():
    import matplotlib

    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert not has_glyphs(dejavu, "飞地")


def test_the_font_chosen_for_chinese_text_is_the_bundled_cjk_font():
    use_cjk_font()
    assert font_used_for("共富工坊").name == "NotoSansCJKsc-Regular.otf"


# ---------------------------------------------------------------- cooperation, diffusion text, figure labels


def _scheme_row(concept: str, broader: str | None) -> dict:
    return {"mechanism": M + concept, "label": concept, "broader": M + broader if broader else None}


def test_the_cooperation_mechanisms_are_those_under_the_cooperation_category():
    rows = _rows(
        _scheme_row("区域协作", None),
        _scheme_row("飞地", "区域协作"),
        _scheme_row("消薄飞地", "飞地"),
        _scheme_row("医疗健康", None),
        _scheme_row("名医工作室", "医疗健康"),
    )
    assert cooperation_labels(rows) == {"飞地", "消薄飞地"}


def test_a_cooperation_edge_keeps_all_mechanisms_and_says_which_are_about_cooperation():
    row = {
        "case": "https://w3id.org/gongfu/id/case/000-001",
        "primary": R + "331081",
        "pname": "台州市温岭市",
        "partner": R + "331022",
        "paname": "台州市三门县",
        "mechanisms": "山海协作、名医工作室",
    }
    d = cooperation_graph(_rows(row), {"山海协作"}).edges[R + "331081", R + "331022"]
    assert d["mechanisms"] == {"山海协作", "名医工作室"} and d["cooperation_mechanisms"] == {"山海协作"}


def test_regions_first_reported_on_the_same_date_are_listed_together():
    rows = _rows(
        _adoption("331081", "台州市温岭市", "2021-09-30"),
        _adoption("331021", "台州市玉环市", "2021-09-30"),
        _adoption("330600", "绍兴市", "2022-12"),
        _adoption("331022", "台州市三门县", None),
    )
    (d,) = diffusion(rows)
    assert diffusion_waves(d) == "2021-09-30：台州市温岭市、台州市玉环市 → 2022-12：绍兴市 → 日期不详：台州市三门县"


def test_the_network_figure_labels_the_mechanisms_that_name_each_community():
    from matplotlib.text import Text

    g = _two_cliques()
    for n in g:
        g.nodes[n]["label"] = f"机制{n}"
    communities = [
        Community("mechanism", 1, ("a", "b", "c"), ("机制a", "机制b", "机制c"), (("机制c", 1.0),), ("c",)),
        Community("mechanism", 2, ("x", "y", "z"), ("机制x", "机制y", "机制z"), (("机制z", 1.0),), ("z",)),
    ]
    fig = network(g, communities, title="t", max_labels=2)
    labels = {t.get_text() for t in fig.findobj(Text)}
    assert {"机制c", "机制z"} <= labels and "机制a" not in labels


@pytest.mark.parametrize(
    ("label", "short"),
    [
        ("台州市温岭市", "温岭市"),
        ("丽水市景宁畲族自治县", "景宁畲族自治县"),
        ("城市书房", "城市书房"),
        ("温州市", "温州市"),
    ],
)
def test_figures_drop_the_city_from_county_names_only(label, short):
    assert short_label(label) == short
