"""Cross-region analysis on the seed build: graphs through SPARQL, rankings, communities, centrality,
diffusion, and the files `kg analyze` writes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import networkx as nx
import pytest
from pyoxigraph import RdfFormat, Store, parse

from kg.analysis.communities import region_communities
from kg.analysis.rdf import analysis_quads, analysis_quads_for
from kg.analysis.report import write_analysis
from kg.analysis.run import analyze
from kg.analysis.source import Source
from kg.cli import main
from kg.rdf.namespaces import ANALYSIS_GRAPH

ID = "https://w3id.org/gongfu/id/"
M = ID + "mechanism/"
WENLING, SANMEN, JINGNING = ID + "region/331081", ID + "region/331022", ID + "region/331127"


@pytest.fixture(scope="module")
def source(seed_build) -> Source:
    return Source(store=seed_build / "store")


@pytest.fixture(scope="module")
def timed_run(source, tmp_path_factory):
    """The analysis of the seed build written to a temporary directory: (result, directory). How long it
    takes is measured by `kg bench` (target ≤ 10 s), not here."""
    out = tmp_path_factory.mktemp("analysis")
    result = analyze(source)
    write_analysis(result, out)
    return result, out


@pytest.fixture(scope="module")
def result(timed_run):
    return timed_run[0]


@pytest.fixture(scope="module")
def written(timed_run) -> Path:
    return timed_run[1]


def test_a_case_naming_a_narrower_mechanism_is_linked_to_the_broader_one_too(result):
    cm = result.graphs.case_mechanism
    users = set(cm[M + "消薄飞地"])
    assert users and users <= set(cm[M + "飞地"])
    assert any(not cm.edges[c, M + "飞地"]["direct"] for c in users)  # 003-027 names only 消薄飞地


def test_ranking_counts_the_regions_of_narrower_uses_for_the_broader_mechanism(result):
    rank = {r.label: r for r in result.ranks}
    assert set(rank["消薄飞地"].region_names) <= set(rank["飞地"].region_names)
    assert rank["飞地"].regions > rank["消薄飞地"].regions


def test_mechanisms_are_ranked_by_regions_then_cases(result):
    keys = [(-r.regions, -r.cases) for r in result.ranks]
    assert keys == sorted(keys)


def test_top_concepts_are_not_ranked_as_mechanisms(result):
    top = {n for n, d in result.graphs.case_mechanism.nodes(data=True) if d.get("top")}
    assert top and not top & {r.iri for r in result.ranks}


def test_in_000_wenling_cooperates_with_sanmen_and_jingning(result):
    coop = result.graphs.cooperation
    assert {JINGNING, SANMEN} <= set(coop.successors(WENLING))
    assert "000-001" in coop.edges[WENLING, SANMEN]["cases"]


def test_region_projection_links_regions_that_share_a_mechanism(result):
    rs = result.graphs.region_similarity
    assert rs.has_edge(WENLING, ID + "region/330600")  # 温岭 and 绍兴 both report 飞地 cases
    assert "飞地" in rs.edges[WENLING, ID + "region/330600"]["shared"]


def test_mechanism_cooccurrence_leaves_out_pairs_linked_by_the_hierarchy(result):
    assert not result.graphs.mechanism_cooccurrence.has_edge(M + "消薄飞地", M + "飞地")


def test_case_department_graph_carries_department_types(result):
    cd = result.graphs.case_department
    deps = {cd.nodes[d]["label"]: cd.nodes[d]["type"] for d in cd[ID + "case/003-001"]}
    assert deps["浙江省市场监督管理局"] == "government department"


def test_region_communities_do_not_depend_on_the_order_the_graph_was_built_in(result):
    g = result.graphs.region_similarity
    reversed_graph = nx.Graph()
    reversed_graph.add_nodes_from(reversed(list(g.nodes(data=True))))
    reversed_graph.add_edges_from(reversed(list(g.edges(data=True))))
    again = region_communities(dataclasses.replace(result.graphs, region_similarity=reversed_graph))
    assert [c.members for c in again] == [c.members for c in result.region_communities]


def test_each_community_is_named_by_mechanisms_that_several_of_its_regions_use(result):
    rm = result.graphs.region_mechanism
    for c in result.region_communities:
        for m in c.characteristic_iris[:3]:
            users = {r for r in rm[m] if rm.edges[r, m]["cases"] > 0}
            assert len(users & set(c.members)) >= 2, (c.name, m)


def test_the_most_bridging_mechanism_spans_several_categories(result):
    top = result.mechanism_centrality[0]
    assert top.betweenness > 0 and top.categories >= 2


def test_diffusion_of_feidi_starts_with_the_2021_brief(result):
    feidi = next(d for d in result.diffusion if d.label == "飞地")
    assert feidi.adoptions[0].first == "2021-09-30"
    firsts = [a.first for a in feidi.adoptions if a.first]
    assert firsts == sorted(firsts)


def test_analyze_writes_report_figures_graph_files_and_quads(written):
    for name in (
        "analysis.md",
        "analysis.html",
        "analysis.nq",
        "figures/mechanisms.png",
        "figures/region-network.png",
        "figures/mechanism-network.png",
        "figures/cooperation.png",
        "figures/diffusion.png",
        "graphs/region_mechanism.graphml",
        "graphs/cooperation.gexf",
    ):
        assert (written / name).stat().st_size > 0, name


def test_the_html_report_shows_every_figure(written):
    page = (written / "analysis.html").read_text(encoding="utf-8")
    for png in (written / "figures").glob("*.png"):
        assert f'src="figures/{png.name}"' in page


def test_graphml_files_load_back_with_labels_and_communities(written):
    g = nx.read_graphml(written / "graphs" / "region_similarity.graphml")
    assert g.nodes[WENLING]["label"] == "台州市温岭市" and g.nodes[WENLING]["community"] >= 1


def test_analysis_quads_are_all_in_the_analysis_graph(written):
    with (written / "analysis.nq").open("rb") as f:
        graphs = {q.graph_name for q in parse(f, format=RdfFormat.N_QUADS)}
    assert graphs == {ANALYSIS_GRAPH}


def test_sparql_over_the_analysis_quads_finds_wenlings_community(written):
    store = Store()
    with (written / "analysis.nq").open("rb") as f:
        store.load(f, format=RdfFormat.N_QUADS)
    rows = list(
        store.query(
            "PREFIX gf: <https://w3id.org/gongfu/ontology#> SELECT ?c WHERE { ?c a gf:Community ; "
            f"gf:communityKind 'region' ; gf:hasMember <{WENLING}> }}",
            use_default_graph_as_union=True,
        )
    )
    assert len(rows) == 1


def test_analysis_quads_from_a_builds_quads_equal_those_from_its_store(seed_build, result):
    with (seed_build / "kg.nq").open("rb") as f:
        quads = list(parse(f, format=RdfFormat.N_QUADS))
    assert set(analysis_quads_for(quads)) == set(analysis_quads(result))


def test_wenlings_cooperation_with_sanmen_is_about_shanhai_cooperation(result):
    edge = result.graphs.cooperation.edges[WENLING, SANMEN]
    assert "山海协作" in edge["cooperation_mechanisms"] <= edge["mechanisms"]


def test_the_report_lists_regions_of_the_same_report_date_together(written):
    text = (written / "analysis.md").read_text(encoding="utf-8")
    feidi = next(line for line in text.splitlines() if line.startswith("- 飞地（"))
    assert "2021-09-30：" in feidi and feidi.count("2021-09-30") == 1


def test_kg_analyze_explains_a_missing_store(tmp_path, capsys):
    assert main(["analyze", "--store", str(tmp_path / "nowhere"), "--out", str(tmp_path / "a")]) != 0
    assert "kg build" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()
