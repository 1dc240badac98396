"""`kg analyze` puts its results into the build it analysed (kg.store.amend.replace_graph): a new generation
holding the build's graphs plus the analysis graph, switched in atomically, so SPARQL sees communities and
centralities. A bad graph or a directory without a build leaves everything as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from kg.cli import main
from kg.errors import StoreError, ValidationError
from kg.paths import raw_dir
from kg.rdf.namespaces import ANALYSIS_GRAPH
from kg.store.amend import replace_graph
from kg.store.build import build

GRAPH = f"<{ANALYSIS_GRAPH.value}>"
COMMUNITIES = (
    "PREFIX gf: <https://w3id.org/gongfu/ontology#> "
    'SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a gf:Community ; gf:communityKind "region" }'
)


@pytest.fixture()
def small_build(tmp_path) -> Path:
    out = tmp_path / "build"
    build([raw_dir() / "001_9759aca1b68797ff.txt"], out)
    return out


def nquads(quads: list[Quad]) -> bytes:
    return serialize(quads, format=RdfFormat.N_QUADS)


def count_communities(capsys, store: Path) -> int:
    capsys.readouterr()
    assert main(["query", "--sparql", COMMUNITIES, "--format", "csv", "--store", str(store)]) == 0
    return int(capsys.readouterr().out.splitlines()[1])


def analysis_lines(build_dir: Path) -> list[bytes]:
    return [ln for ln in (build_dir / "kg.nq").read_bytes().splitlines() if ln.endswith(f" {GRAPH} .".encode())]


def test_kg_analyze_adds_its_graph_to_the_store_and_the_dumps(small_build, tmp_path, capsys):
    assert count_communities(capsys, small_build / "store") == 0
    assert main(["analyze", "--store", str(small_build / "store"), "--out", str(tmp_path / "a")]) == 0
    assert count_communities(capsys, small_build / "store") > 0
    assert analysis_lines(small_build)
    assert b"Community" in (small_build / "kg.ttl").read_bytes()


def test_analysing_again_gives_byte_identical_dumps(small_build, tmp_path):
    main(["analyze", "--store", str(small_build / "store"), "--out", str(tmp_path / "a")])
    first = (small_build / "kg.nq").read_bytes()
    main(["analyze", "--store", str(small_build / "store"), "--out", str(tmp_path / "b")])
    assert (small_build / "kg.nq").read_bytes() == first


def test_no_store_leaves_the_build_as_it_was(small_build, tmp_path):
    before = (small_build / "kg.nq").read_bytes()
    assert main(["analyze", "--no-store", "--store", str(small_build / "store"), "--out", str(tmp_path / "a")]) == 0
    assert (small_build / "kg.nq").read_bytes() == before


def test_a_new_build_drops_the_analysis_of_the_old_input(small_build, tmp_path):
    main(["analyze", "--store", str(small_build / "store"), "--out", str(tmp_path / "a")])
    build([raw_dir() / "001_9759aca1b68797ff.txt"], small_build)
    assert analysis_lines(small_build) == []


def test_a_graph_that_breaks_the_shapes_is_refused_and_the_build_stays(small_build):
    before = (small_build / "kg.nq").read_bytes()
    bad_case = NamedNode("https://w3id.org/gongfu/id/case/999-001")  # a case without document, title, region
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    quads = [Quad(bad_case, rdf_type, NamedNode("https://w3id.org/gongfu/ontology#Case"), ANALYSIS_GRAPH)]
    with pytest.raises(ValidationError):
        replace_graph(small_build, ANALYSIS_GRAPH, nquads(quads))
    assert (small_build / "kg.nq").read_bytes() == before


def test_a_directory_without_a_build_is_an_error(tmp_path):
    quad = Quad(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"), Literal("o"), ANALYSIS_GRAPH)
    with pytest.raises(StoreError, match="no build"):
        replace_graph(tmp_path, ANALYSIS_GRAPH, nquads([quad]))


def test_quads_outside_the_graph_are_refused(small_build):
    quad = Quad(NamedNode("https://example.org/s"), NamedNode("https://example.org/p"), Literal("o"))
    with pytest.raises(ValueError, match="every quad"):
        replace_graph(small_build, ANALYSIS_GRAPH, nquads([quad]))
