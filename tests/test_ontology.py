"""The ontology (ontology/gongfu.ttl) and the SHACL shapes (ontology/shapes.ttl).

The ontology is the contract with the mapping code and with outside tools: the terms the build writes must
be declared, labelled in Chinese and English and explained. The shapes are what every build is validated
against, without inference: a hand-made graph shaped like the build's output conforms, and each kind of
broken data fails with its own message on its own path, and with nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import owlrl
import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SH

from kg.paths import lexicon_dir, ontology_dir, queries_dir

GF = Namespace("https://w3id.org/gongfu/ontology#")
GFSH = Namespace("https://w3id.org/gongfu/shapes#")
ID = Namespace("https://w3id.org/gongfu/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
XSD_GYEARMONTH = URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")
ONTOLOGY_IRI = URIRef("https://w3id.org/gongfu/ontology")
SRC = Path(__file__).resolve().parents[1] / "src" / "kg"

# The terms the mapping code writes (the brief it was written from): they must exist under these names.
CONTRACT_CLASSES = {
    "Document", "Case", "Region", "Province", "City", "County", "Township", "Village", "Department",
    "Mechanism", "MechanismScheme", "Category", "Indicator", "LeaderEndorsement", "Person", "Recognition",
    "Evidence", "RegionRole", "DepartmentRole", "MechanismUse",
}  # fmt: skip
CONTRACT_PROPERTIES = {
    "issuer", "fileName", "sha256", "layout", "sourceFormat", "sourceDocument", "ordinal", "number",
    "starred", "category", "startOffset", "endOffset", "primaryRegion", "partnerRegion", "mentionedRegion",
    "involvesRegion", "regionRole", "involvesDepartment", "departmentRole", "usesMechanism", "mechanismUse",
    "hasIndicator", "hasEndorsement", "hasRecognition", "reformMeasures", "mainTargets", "landmarkResults",
    "responsibleUnits", "region", "role", "surface", "department", "mechanism", "adcode", "level",
    "officialName", "partOf", "directlyPartOf", "jurisdiction", "departmentType", "mechanismKind",
    "candidate", "metric", "valueAsPrinted", "value", "unit", "baseValue", "baseUnit", "qualifier",
    "period", "indicatorKind", "leader", "leaderTitle", "action", "quote", "recognitionKind", "by", "what",
}  # fmt: skip


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "gongfu.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def gf_terms(g: Graph, *types: URIRef) -> set[URIRef]:
    """The gf: terms declared in ``g`` with one of ``types``."""
    return {s for t in types for s in g.subjects(RDF.type, t) if isinstance(s, URIRef) and s.startswith(GF)}


def all_gf_terms(g: Graph) -> set[URIRef]:
    return gf_terms(g, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


def languages(g: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


# ---------------------------------------------------------------------------------------------------------
# The ontology
# ---------------------------------------------------------------------------------------------------------


def test_header_has_title_description_version_and_license(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert {"zh", "en"} <= languages(ontology, ONTOLOGY_IRI, DCTERMS.title)
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert isinstance(ontology.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)


def test_header_comment_names_every_reused_vocabulary(ontology):
    comment = str(ontology.value(ONTOLOGY_IRI, RDFS.comment))
    for vocabulary in ("SKOS", "Dublin Core", "ORG", "PROV-O", "VoID", "DCAT", "XSD"):
        assert vocabulary in comment, vocabulary


def test_every_contract_class_is_an_owl_class(ontology):
    declared = {t.removeprefix(str(GF)) for t in gf_terms(ontology, OWL.Class)}
    assert sorted(CONTRACT_CLASSES - declared) == []


def test_every_contract_property_is_an_object_or_datatype_property(ontology):
    declared = {t.removeprefix(str(GF)) for t in gf_terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)}
    assert sorted(CONTRACT_PROPERTIES - declared) == []


def test_every_gf_term_has_a_chinese_and_an_english_label(ontology):
    missing = [t for t in all_gf_terms(ontology) if not {"zh", "en"} <= languages(ontology, t, RDFS.label)]
    assert sorted(missing) == []


def test_every_gf_term_has_an_english_comment(ontology):
    missing = [t for t in all_gf_terms(ontology) if "en" not in languages(ontology, t, RDFS.comment)]
    assert sorted(missing) == []


def test_every_gf_property_has_a_range_except_members_of_mixed_kind(ontology):
    props = gf_terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert sorted(p for p in props if ontology.value(p, RDFS.range) is None) == [GF.hasMember]


def test_no_gf_local_name_contains_a_slash_or_punctuation(ontology):
    bad = [t for t in all_gf_terms(ontology) if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", t.removeprefix(str(GF)))]
    assert bad == []


def test_reused_superclasses_are_declared(ontology):
    assert (GF.Department, RDFS.subClassOf, ORG.Organization) in ontology
    assert (GF.Mechanism, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (GF.MechanismScheme, RDFS.subClassOf, SKOS.ConceptScheme) in ontology
    assert (GF.Category, RDFS.subClassOf, SKOS.Concept) in ontology
    assert (GF.Person, RDFS.subClassOf, PROV.Agent) in ontology
    for level in (GF.Province, GF.City, GF.County, GF.Township, GF.Village):
        assert (level, RDFS.subClassOf, GF.Region) in ontology


def test_source_document_is_functional_and_specialises_is_part_of(ontology):
    assert (GF.sourceDocument, RDF.type, OWL.FunctionalProperty) in ontology
    assert (GF.sourceDocument, RDFS.subPropertyOf, DCTERMS.isPartOf) in ontology


def test_the_three_region_roles_specialise_involves_region(ontology):
    for p in (GF.primaryRegion, GF.partnerRegion, GF.mentionedRegion):
        assert (p, RDFS.subPropertyOf, GF.involvesRegion) in ontology


def test_part_of_is_transitive_and_directly_part_of_is_its_functional_sub_property(ontology):
    assert (GF.partOf, RDF.type, OWL.TransitiveProperty) in ontology
    assert (GF.directlyPartOf, RDF.type, OWL.FunctionalProperty) in ontology
    assert (GF.directlyPartOf, RDFS.subPropertyOf, GF.partOf) in ontology


def test_every_gf_term_the_code_queries_and_scheme_use_is_declared(ontology):
    """The mapping, analysis and VoID code, the saved queries and the mechanism scheme use no gf: term that
    the ontology does not declare (a typo there would silently produce an unlabelled, unvalidated term)."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r"""\bgf\(\s*["']([A-Za-z]\w*)["']\s*\)""", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"""\bGF\s*\+\s*["']([A-Za-z]\w*)["']""", path.read_text(encoding="utf-8")))
    for path in [*queries_dir().glob("*.rq"), *lexicon_dir().glob("*.ttl")]:
        used |= set(re.findall(r"\bgf:([A-Za-z]\w*)", path.read_text(encoding="utf-8")))
    declared = {t.removeprefix(str(GF)) for t in ontology.subjects(RDF.type, None) if t.startswith(GF)}
    assert used, "the scan found no gf: terms at all"
    assert sorted(used - declared) == []


# ---------------------------------------------------------------------------------------------------------
# What the axioms mean, under OWL-RL reasoning (one closure for the module: it takes about a second)
# ---------------------------------------------------------------------------------------------------------

VILLAGE, TOWNSHIP, COUNTY, CITY = ID["region/v1"], ID["region/t1"], ID["region/331022"], ID["region/331000"]
ADOPTION, EVIDENCE, CASE, DOC = ID["adoption/a1"], ID["evidence/003-0-10"], ID["case/003-001"], ID["doc/003"]


@pytest.fixture(scope="module")
def inferred(ontology) -> Graph:
    g = Graph()
    g += ontology
    g.add((VILLAGE, GF.directlyPartOf, TOWNSHIP))
    g.add((TOWNSHIP, GF.directlyPartOf, COUNTY))
    g.add((COUNTY, GF.directlyPartOf, CITY))
    g.add((ADOPTION, RDF.type, GF.Adoption))
    g.add((ADOPTION, GF.region, COUNTY))
    g.add((ADOPTION, GF.mechanism, ID["mechanism/强村公司"]))
    g.add((EVIDENCE, GF.startOffset, Literal(0)))
    g.add((EVIDENCE, GF.quote, Literal("三门县")))
    g.add((CASE, GF.sourceDocument, DOC))
    g.add((CASE, GF.primaryRegion, COUNTY))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def test_part_of_follows_the_parent_chain_to_any_distance(inferred):
    assert (VILLAGE, GF.partOf, CITY) in inferred


def test_has_part_is_the_inverse_of_part_of(inferred):
    assert (CITY, GF.hasPart, VILLAGE) in inferred
    assert (CITY, GF.hasDirectPart, COUNTY) in inferred


def test_a_document_has_the_cases_read_from_it(inferred):
    assert (DOC, GF.hasCase, CASE) in inferred
    assert (CASE, DCTERMS.isPartOf, DOC) in inferred


def test_a_primary_region_is_an_involved_region(inferred):
    assert (CASE, GF.involvesRegion, COUNTY) in inferred


def test_an_adoption_naming_a_region_is_not_inferred_to_be_a_region_role(inferred):
    assert (ADOPTION, RDF.type, GF.RegionRole) not in inferred
    assert (ADOPTION, RDF.type, GF.MechanismUse) not in inferred
    assert (COUNTY, RDF.type, GF.Region) in inferred


def test_evidence_with_offsets_and_quote_is_not_inferred_to_be_a_case_or_endorsement(inferred):
    assert (EVIDENCE, RDF.type, GF.Case) not in inferred
    assert (EVIDENCE, RDF.type, GF.LeaderEndorsement) not in inferred


# ---------------------------------------------------------------------------------------------------------
# The shapes
# ---------------------------------------------------------------------------------------------------------


def test_every_node_shape_is_named_in_the_shapes_namespace_and_targets_a_declared_class(shapes, ontology):
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 15
    assert all(isinstance(s, URIRef) and s.startswith(GFSH) for s in node_shapes)
    declared = set(ontology.subjects(RDF.type, OWL.Class))
    for s in node_shapes:
        targets = set(shapes.objects(s, SH.targetClass))
        assert targets and targets <= declared, s


def test_every_property_shape_has_a_message(shapes):
    property_shapes = set(shapes.objects(None, SH.property))
    assert property_shapes
    assert [p for p in property_shapes if shapes.value(p, SH.message) is None] == []


def _add_region(g: Graph, node: URIRef, cls: URIRef, level: str, name: str, adcode: str | None, parent=None):
    g.add((node, RDF.type, GF.Region))
    g.add((node, RDF.type, cls))
    g.add((node, GF.level, Literal(level)))
    g.add((node, SKOS.prefLabel, Literal(name, lang="zh")))
    if adcode is not None:
        g.add((node, GF.adcode, Literal(adcode)))
    if parent is not None:
        g.add((node, GF.directlyPartOf, parent))
        g.add((node, GF.partOf, parent))


def _add_evidence(g: Graph, node: URIRef, start: int, end: int, quote: str) -> URIRef:
    g.add((node, RDF.type, GF.Evidence))
    g.add((node, DCTERMS.source, DOC))
    g.add((node, GF.startOffset, Literal(start)))
    g.add((node, GF.endOffset, Literal(end)))
    g.add((node, GF.quote, Literal(quote)))
    return node


def conforming_graph() -> Graph:
    """One compilation case with every kind of node the build writes, shaped as the mapping writes it."""
    g = Graph()
    g.add((DOC, RDF.type, GF.Document))
    g.add((DOC, GF.fileName, Literal("003_1001a0cc11561e98.txt")))
    g.add((DOC, GF.sha256, Literal("ab" * 32)))
    g.add((DOC, GF.layout, Literal("compilation")))
    g.add((DOC, GF.sourceFormat, Literal("txt")))
    g.add((DOC, DCTERMS.issued, Literal("2022-12", datatype=XSD_GYEARMONTH)))

    province = ID["region/330000"]
    _add_region(g, province, GF.Province, "province", "浙江省", "330000")
    _add_region(g, CITY, GF.City, "city", "台州市", "331000", province)
    _add_region(g, COUNTY, GF.County, "county", "台州市三门县", "331022", CITY)
    _add_region(g, TOWNSHIP, GF.Township, "township", "台州市三门县海游街道", None, COUNTY)
    _add_region(g, VILLAGE, GF.Village, "village", "台州市三门县海游街道城西村", None, TOWNSHIP)

    category, scheme, mechanism = ID["category/c1"], ID["scheme/mechanisms"], ID["mechanism/强村公司"]
    g.add((category, RDF.type, GF.Category))
    g.add((category, SKOS.prefLabel, Literal("经济高质量发展先行示范", lang="zh")))
    g.add((category, SKOS.inScheme, ID["scheme/categories"]))
    g.add((mechanism, RDF.type, GF.Mechanism))
    g.add((mechanism, SKOS.prefLabel, Literal("强村公司", lang="zh")))
    g.add((mechanism, SKOS.inScheme, scheme))
    g.add((mechanism, GF.mechanismKind, Literal("institution")))
    department = ID["department/三门县民政局"]
    g.add((department, RDF.type, GF.Department))
    g.add((department, SKOS.prefLabel, Literal("三门县民政局", lang="zh")))
    g.add((department, GF.departmentType, Literal("government department")))
    g.add((department, GF.jurisdiction, COUNTY))

    span = _add_evidence(g, ID["evidence/003-0-500"], 0, 500, "三门县强村公司……")
    sentence = _add_evidence(g, EVIDENCE, 10, 60, "县民政局牵头组建强村公司，村集体增收276万元")
    g.add((CASE, RDF.type, GF.Case))
    g.add((CASE, GF.sourceDocument, DOC))
    g.add((CASE, GF.ordinal, Literal(1)))
    g.add((CASE, GF.number, Literal("1")))
    g.add((CASE, GF.starred, Literal(False)))
    g.add((CASE, DCTERMS.title, Literal("三门县：强村公司助力共同富裕", lang="zh")))
    g.add((CASE, GF.category, category))
    g.add((CASE, GF.startOffset, Literal(0)))
    g.add((CASE, GF.endOffset, Literal(500)))
    g.add((CASE, PROV.wasDerivedFrom, span))
    g.add((CASE, GF.primaryRegion, COUNTY))
    g.add((CASE, GF.mentionedRegion, VILLAGE))

    region_role = ID["case/003-001-region-331022"]
    g.add((CASE, GF.regionRole, region_role))
    g.add((region_role, RDF.type, GF.RegionRole))
    g.add((region_role, GF.region, COUNTY))
    g.add((region_role, GF.role, Literal("primary")))
    g.add((region_role, GF.surface, Literal("三门县", lang="zh")))
    g.add((region_role, PROV.wasDerivedFrom, sentence))
    department_role = ID["case/003-001-department-三门县民政局"]
    g.add((CASE, GF.involvesDepartment, department))
    g.add((CASE, GF.departmentRole, department_role))
    g.add((department_role, RDF.type, GF.DepartmentRole))
    g.add((department_role, GF.department, department))
    g.add((department_role, GF.surface, Literal("县民政局", lang="zh")))
    g.add((department_role, PROV.wasDerivedFrom, sentence))
    use = ID["case/003-001-mechanism-强村公司"]
    g.add((CASE, GF.usesMechanism, mechanism))
    g.add((CASE, GF.mechanismUse, use))
    g.add((use, RDF.type, GF.MechanismUse))
    g.add((use, GF.mechanism, mechanism))
    g.add((use, GF.surface, Literal("强村公司", lang="zh")))
    g.add((use, PROV.wasDerivedFrom, sentence))

    indicator = ID["indicator/003-50-56-万元"]
    g.add((CASE, GF.hasIndicator, indicator))
    g.add((indicator, RDF.type, GF.Indicator))
    g.add((indicator, GF.metric, Literal("村集体增收", lang="zh")))
    g.add((indicator, GF.valueAsPrinted, Literal("276万元")))
    g.add((indicator, GF.value, Literal(Decimal("276"))))
    g.add((indicator, GF.unit, Literal("万元")))
    g.add((indicator, GF.baseValue, Literal(Decimal("2760000"))))
    g.add((indicator, GF.baseUnit, Literal("元")))
    g.add((indicator, GF.indicatorKind, Literal("outcome")))
    g.add((indicator, PROV.wasDerivedFrom, sentence))

    person, endorsement, recognition = ID["person/p1"], ID["endorsement/e1"], ID["recognition/r1"]
    g.add((person, RDF.type, GF.Person))
    g.add((person, SKOS.prefLabel, Literal("某某", lang="zh")))
    g.add((CASE, GF.hasEndorsement, endorsement))
    g.add((endorsement, RDF.type, GF.LeaderEndorsement))
    g.add((endorsement, GF.leader, person))
    g.add((endorsement, GF.leaderTitle, Literal("省委书记", lang="zh")))
    g.add((endorsement, GF.action, Literal("批示", lang="zh")))
    g.add((endorsement, PROV.wasDerivedFrom, sentence))
    g.add((CASE, GF.hasRecognition, recognition))
    g.add((recognition, RDF.type, GF.Recognition))
    g.add((recognition, GF.recognitionKind, Literal("selection")))
    g.add((recognition, GF.what, Literal("全国乡村振兴典型案例", lang="zh")))
    g.add((recognition, PROV.wasDerivedFrom, sentence))
    return g


def violations(data: Graph, shapes: Graph) -> set[tuple[URIRef | None, str]]:
    """(result path, message) of every violation; empty when the graph conforms."""
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = {
        (report.value(r, SH.resultPath), str(report.value(r, SH.resultMessage)))
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    }
    assert conforms == (not found)
    return found


def test_a_graph_shaped_like_the_build_output_conforms(shapes):
    assert violations(conforming_graph(), shapes) == set()


def _replace(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    return lambda g: g.set((s, p, o))


def _remove(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, None))


def _add(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _only_typed_county(g: Graph) -> None:
    """A county typed only gf:County (no gf:Region) and without its name: still checked as a region."""
    node = ID["region/331081"]
    g.add((node, RDF.type, GF.County))
    g.add((node, GF.level, Literal("county")))
    g.add((node, GF.adcode, Literal("331081")))


BROKEN = {
    "case without primary region": (
        _remove(CASE, GF.primaryRegion), GF.primaryRegion, "at least one primary region"),
    "case with two source documents": (
        _add(CASE, GF.sourceDocument, ID["doc/004"]), GF.sourceDocument, "exactly one source document"),
    "case with ordinal 0": (
        _replace(CASE, GF.ordinal, Literal(0)), GF.ordinal, "ordinal, an xsd:integer ≥ 1"),
    "case with ordinal as a string": (
        _replace(CASE, GF.ordinal, Literal("1")), GF.ordinal, "ordinal, an xsd:integer ≥ 1"),
    "case with a blank title": (
        _replace(CASE, DCTERMS.title, Literal("  ", lang="zh")), DCTERMS.title, "non-empty title"),
    "county with a 4-digit adcode": (
        _replace(COUNTY, GF.adcode, Literal("3310")), GF.adcode, "six-digit adcode not ending in 00"),
    "county with a city's adcode": (
        _replace(COUNTY, GF.adcode, Literal("331000")), GF.adcode, "six-digit adcode not ending in 00"),
    "city with a province's adcode": (
        _replace(CITY, GF.adcode, Literal("330000")), GF.adcode, "not ending in 0000"),
    "region with an unknown level": (
        _replace(VILLAGE, GF.level, Literal("hamlet")), GF.level, "province, city, county, township or village"),
    "region with two preferred labels": (
        _add(CITY, SKOS.prefLabel, Literal("台州", lang="zh")), SKOS.prefLabel, "exactly one skos:prefLabel"),
    "county typed only as gf:County, without name": (
        _only_typed_county, SKOS.prefLabel, "exactly one skos:prefLabel"),
    "township without parent": (
        _remove(TOWNSHIP, GF.directlyPartOf), GF.directlyPartOf, "township is directly part of a region"),
    "evidence with start after end": (
        _replace(EVIDENCE, GF.startOffset, Literal(61)), GF.startOffset, "not after its end offset"),
    "evidence with an empty quote": (
        _replace(EVIDENCE, GF.quote, Literal("")), GF.quote, "non-empty quote"),
    "evidence without source document": (
        _remove(EVIDENCE, DCTERMS.source), DCTERMS.source, "exactly one dcterms:source"),
    "indicator of kind maybe": (
        _replace(ID["indicator/003-50-56-万元"], GF.indicatorKind, Literal("maybe")), GF.indicatorKind,
        "outcome or target"),
    "indicator value as a string": (
        _replace(ID["indicator/003-50-56-万元"], GF.value, Literal("276")), GF.value, "an xsd:decimal"),
    "indicator without evidence": (
        _remove(ID["indicator/003-50-56-万元"], PROV.wasDerivedFrom), PROV.wasDerivedFrom,
        "indicator is derived from"),
    "region role of an unknown role": (
        _replace(ID["case/003-001-region-331022"], GF.role, Literal("host")), GF.role,
        "primary, partner or mentioned"),
    "department role without department": (
        _remove(ID["case/003-001-department-三门县民政局"], GF.department), GF.department,
        "exactly one department"),
    "mechanism use naming an untyped mechanism": (
        _replace(ID["case/003-001-mechanism-强村公司"], GF.mechanism, ID["mechanism/未知"]), GF.mechanism,
        "exactly one mechanism"),
    "endorsement without action": (
        _remove(ID["endorsement/e1"], GF.action), GF.action, "has an action"),
    "recognition of an unknown kind": (
        _replace(ID["recognition/r1"], GF.recognitionKind, Literal("prize")), GF.recognitionKind,
        "award, selection, media, pilot or other"),
    "mechanism outside any scheme": (
        _remove(ID["mechanism/强村公司"], SKOS.inScheme), SKOS.inScheme, "in a scheme"),
    "department without type": (
        _remove(ID["department/三门县民政局"], GF.departmentType), GF.departmentType, "gf:departmentType"),
    "document of an unknown layout": (
        _replace(DOC, GF.layout, Literal("poster")), GF.layout, "exactly one layout"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_graph_fails_with_its_own_message_on_its_own_path(name, shapes):
    break_it, path, message = BROKEN[name]
    g = conforming_graph()
    break_it(g)
    found = violations(g, shapes)
    assert {p for p, _ in found} == {path}, found
    assert any(message in m for _, m in found), found


def test_a_region_referenced_by_a_case_must_itself_be_typed_gf_region(shapes):
    """No inference: being a gf:County does not make a node a gf:Region for sh:class, so the build types both."""
    g = conforming_graph()
    g.remove((COUNTY, RDF.type, GF.Region))
    assert (GF.primaryRegion, "a case has at least one primary region (a gf:Region)") in violations(g, shapes)


def test_two_categories_on_a_case_are_reported_as_at_most_one_category(shapes):
    g = conforming_graph()
    second = ID["category/c2"]
    g.add((second, RDF.type, GF.Category))
    g.add((second, SKOS.prefLabel, Literal("公共服务优质共享先行示范", lang="zh")))
    g.add((second, SKOS.inScheme, ID["scheme/categories"]))
    g.add((CASE, GF.category, second))
    assert violations(g, shapes) == {(GF.category, "a case sits under at most one category (a gf:Category)")}


def test_a_blank_node_region_role_is_checked_like_a_named_one(shapes):
    g = conforming_graph()
    role = BNode()
    g.add((CASE, GF.regionRole, role))
    g.add((role, RDF.type, GF.RegionRole))
    g.add((role, GF.region, COUNTY))
    g.add((role, GF.role, Literal("partner")))
    assert violations(g, shapes) == {(PROV.wasDerivedFrom, "a region role is derived from at least one gf:Evidence")}
