"""The build's SHACL validator: ontology/shapes.ttl compiled to SPARQL and run on Oxigraph (kg.store.shacl).

It must find exactly what pyshacl finds — the same focus nodes, paths and messages — on a graph shaped like
the build's output and on every kind of broken data, and a build whose graph breaks a shape must fail naming
the violation and leave the previous build in place.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pyshacl
import pytest
from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, Quad
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

import kg.store.build as build_module
from kg.errors import ValidationError
from kg.paths import ontology_dir, raw_dir
from kg.store.build import build
from kg.store.shacl import UnsupportedShapes, compile_shapes, load_checks, run_checks
from kg.store.validate import checked_store
from test_ontology import BROKEN, CASE, COUNTY, DOC, EVIDENCE, GF, ID, conforming_graph

SHAPES = ontology_dir() / "shapes.ttl"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _focus(term) -> str:
    """Blank-node labels differ between rdflib and Oxigraph: compare blank focus nodes as one placeholder."""
    text = str(term)
    return "_:blank" if isinstance(term, BNode) or text.startswith("_:") else text


def by_pyshacl(data: Graph, shapes: Graph) -> set[tuple[str, str, str]]:
    _conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return {
        (
            _focus(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
            str(report.value(r, SH.resultMessage)),
        )
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    }


def by_kg(data: Graph) -> set[tuple[str, str, str]]:
    """As a build validates: the checks on the store ``kg.store.validate`` loads (N-Triples are N-Quads)."""
    store = checked_store(data.serialize(format="nt", encoding="utf-8"))
    return {(_focus(v.focus), v.path, v.message) for v in run_checks(store, load_checks(SHAPES))}


def _set(s, p, o):
    return lambda g: g.set((s, p, o))


def _subclass_only_county(g: Graph) -> None:
    """sh:class follows rdfs:subClassOf in the data: a county typed gf:County only, with the ontology's
    subclass axiom present, is a gf:Region."""
    g.remove((COUNTY, RDF.type, GF.Region))
    g.add((GF.County, RDFS.subClassOf, GF.Region))


# Constraint kinds the ontology tests do not break, one case each.
MORE_BROKEN = {
    "county whose level is city (sh:hasValue)": _set(COUNTY, GF.level, Literal("city")),
    "document issued as a plain string (sh:or of datatypes)": _set(DOC, DCTERMS.issued, Literal("2022-12")),
    "case title that is an IRI (sh:nodeKind)": _set(CASE, DCTERMS.title, ID["title"]),
    "indicator value with an ill-formed decimal (sh:datatype)": _set(
        ID["indicator/003-50-56-万元"], GF.value, Literal("27x6", datatype=URIRef(XSD_NS + "decimal"))
    ),
    "indicator value as an integer (sh:datatype)": _set(ID["indicator/003-50-56-万元"], GF.value, Literal(276)),
    "case start offset as a decimal (sh:datatype and sh:lessThanOrEquals)": _set(
        CASE, GF.startOffset, Literal(Decimal("0.5"))
    ),
    "document sha256 in upper case (sh:pattern)": _set(DOC, GF.sha256, Literal("AB" * 32)),
    "case with two ordinals (sh:maxCount)": lambda g: g.add((CASE, GF.ordinal, Literal(2))),
    "evidence start offset below zero (sh:minInclusive)": _set(EVIDENCE, GF.startOffset, Literal(-1)),
    "candidate flag as a string (sh:datatype boolean)": lambda g: g.add(
        (ID["mechanism/强村公司"], GF.candidate, Literal("true"))
    ),
    "a region only a subclass makes a gf:Region (conforms)": _subclass_only_county,
    "a case region typed nowhere (sh:class)": _set(CASE, GF.primaryRegion, ID["region/000000"]),
}


def test_the_shipped_shapes_compile_so_builds_never_fall_back_to_pyshacl():
    checks = load_checks(SHAPES)
    kinds = {c.component for c in checks}
    assert {"minCount", "maxCount", "class", "datatype", "in", "pattern", "hasValue", "minInclusive"} <= kinds
    assert {"minLength", "lessThanOrEquals", "or", "nodeKind"} <= kinds


def test_a_graph_shaped_like_the_build_output_conforms_for_both_validators(shapes):
    g = conforming_graph()
    assert by_kg(g) == by_pyshacl(g, shapes) == set()


@pytest.mark.parametrize("name", sorted(BROKEN) + sorted(MORE_BROKEN))
def test_each_kind_of_broken_data_gives_the_violations_pyshacl_gives(name, shapes):
    g = conforming_graph()
    (BROKEN[name][0] if name in BROKEN else MORE_BROKEN[name])(g)
    expected = by_pyshacl(g, shapes)
    assert by_kg(g) == expected
    assert bool(expected) == ("(conforms)" not in name)


def test_a_blank_node_focus_is_checked_like_a_named_one(shapes):
    g = conforming_graph()
    role = BNode()
    g.add((CASE, GF.regionRole, role))
    g.add((role, RDF.type, GF.RegionRole))
    g.add((role, GF.region, COUNTY))
    g.add((role, GF.role, Literal("partner")))
    assert by_kg(g) == by_pyshacl(g, shapes) != set()


def test_a_shapes_feature_the_compiler_lacks_is_refused_by_name():
    turtle = b"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] ."""
    with pytest.raises(UnsupportedShapes, match="sh:uniqueLang"):
        compile_shapes(turtle)


def test_a_shapes_path_that_is_not_a_predicate_is_refused():
    turtle = b"""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] ."""
    with pytest.raises(UnsupportedShapes, match="sh:path"):
        compile_shapes(turtle)


# ---------------------------------------------------------------------------------------------------------
# A build that breaks a shape fails, naming the violation, and the previous build stays
# ---------------------------------------------------------------------------------------------------------

SMALL = raw_dir() / "001_9759aca1b68797ff.txt"
TYPE = NamedNode(str(RDF.type))
OX_GF = "https://w3id.org/gongfu/ontology#"


def _first(quads: list[Quad], cls: str):
    return next(q.subject for q in quads if q.predicate == TYPE and q.object == NamedNode(OX_GF + cls))


def _without(cls: str, pred: str):
    def edit(quads: list[Quad]) -> tuple[list[Quad], str]:
        node = _first(quads, cls)
        return [q for q in quads if not (q.subject == node and q.predicate.value == pred)], node.value

    return edit


def _adding(cls: str, pred: str, value):
    def edit(quads: list[Quad]) -> tuple[list[Quad], str]:
        node = _first(quads, cls)
        return [*quads, Quad(node, NamedNode(pred), value, quads[0].graph_name)], node.value

    return edit


def _replacing(cls: str, pred: str, value):
    def edit(quads: list[Quad]) -> tuple[list[Quad], str]:
        kept, node = _without(cls, pred)(quads)
        return [*kept, Quad(NamedNode(node), NamedNode(pred), value, quads[0].graph_name)], node

    return edit


BUILD_BREAKS = {
    "minCount": (_without("Case", str(DCTERMS.title)), "a case has exactly one non-empty title"),
    "maxCount": (
        _adding("Case", OX_GF + "ordinal", OxLiteral("99", datatype=NamedNode(XSD_NS + "integer"))),
        "a case has exactly one ordinal",
    ),
    "class": (
        _replacing("Case", OX_GF + "primaryRegion", NamedNode("https://w3id.org/gongfu/id/region/nowhere")),
        "a case has at least one primary region (a gf:Region)",
    ),
    "datatype": (_replacing("Case", OX_GF + "ordinal", OxLiteral("1")), "ordinal, an xsd:integer"),
    "in": (_replacing("Document", OX_GF + "layout", OxLiteral("poster")), "exactly one layout"),
    "pattern": (_replacing("County", OX_GF + "adcode", OxLiteral("3310")), "six-digit adcode"),
    "hasValue": (_replacing("County", OX_GF + "level", OxLiteral("city")), "a gf:County has level county"),
    "minInclusive": (
        _replacing("Case", OX_GF + "ordinal", OxLiteral("0", datatype=NamedNode(XSD_NS + "integer"))),
        "xsd:integer ≥ 1",
    ),
    "minLength": (_replacing("Evidence", OX_GF + "quote", OxLiteral("")), "non-empty quote"),
    "lessThanOrEquals": (
        _replacing("Evidence", OX_GF + "startOffset", OxLiteral("999999", datatype=NamedNode(XSD_NS + "integer"))),
        "not after its end offset",
    ),
    "or": (_replacing("Document", str(DCTERMS.issued), OxLiteral("2021-12")), "xsd:date or xsd:gYearMonth"),
    "nodeKind": (
        _replacing("Case", str(DCTERMS.title), NamedNode("https://w3id.org/gongfu/id/title")),
        "non-empty title",
    ),
}


@pytest.fixture(scope="module")
def small_result():
    return build_module.run_pipeline([SMALL])


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory, small_result):
    out = tmp_path_factory.mktemp("previous")
    build([SMALL], out)
    return out


@pytest.mark.parametrize("kind", sorted(BUILD_BREAKS))
def test_a_build_breaking_a_shape_fails_naming_it_and_keeps_the_previous_build(
    kind, small_result, previous_build, monkeypatch
):
    edit, message = BUILD_BREAKS[kind]
    quads, focus = edit(small_result.quads)
    broken = dataclasses.replace(
        small_result, reference=quads, documents=[dataclasses.replace(d, quads=[]) for d in small_result.documents]
    )
    monkeypatch.setattr(build_module, "run_pipeline", lambda *a, **k: broken)
    before = (previous_build / "kg.nq").read_bytes()
    with pytest.raises(ValidationError) as err:
        build([SMALL], previous_build)
    assert focus in str(err.value) and message in str(err.value)
    assert (previous_build / "kg.nq").read_bytes() == before
    assert not list((previous_build / "generations").glob("*.partial"))
