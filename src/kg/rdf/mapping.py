"""Facts → RDF quads.

Each document's facts go into the document's named graph; the ontology, gazetteer units, mechanism scheme
and categories go into the reference graph. Every fact node (region role, department role, mechanism use,
indicator, endorsement, recognition) links with prov:wasDerivedFrom to a gf:Evidence node carrying the
source document, the character offsets and the quoted sentence (PROV's qualified-relation pattern: the
direct shortcut property, e.g. gf:primaryRegion, plus a node with the role and the evidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from kg.extract.case import CaseFacts, Fact
from kg.extract.regions import RegionMention
from kg.lexicons.categories import canonical_category, load_categories
from kg.lexicons.gazetteer import Gazetteer, Region, load_gazetteer
from kg.model import Document, Evidence
from kg.rdf.namespaces import (
    DCT,
    FOAF,
    ORG,
    PROV,
    RDF,
    RDFS,
    REFERENCE_GRAPH,
    SKOS,
    XSD,
    gf,
    graph_for,
    iri,
    slug,
)

TYPE = NamedNode(RDF + "type")
PREF = NamedNode(SKOS + "prefLabel")
ALT = NamedNode(SKOS + "altLabel")
LABEL = NamedNode(RDFS + "label")
DERIVED = NamedNode(PROV + "wasDerivedFrom")
LEVEL_CLASS = {"province": "Province", "city": "City", "county": "County", "township": "Township", "village": "Village"}


def zh(s: str) -> Literal:
    return Literal(s, language="zh")


def lit(s: str) -> Literal:
    return Literal(s)


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(XSD + "integer"))


def decimal(d: Decimal) -> Literal:
    text = format(d.normalize(), "f") if d == d.to_integral() else format(d, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=NamedNode(XSD + "decimal"))


def boolean(b: bool) -> Literal:
    return Literal("true" if b else "false", datatype=NamedNode(XSD + "boolean"))


def date_literal(d: str) -> Literal:
    if len(d) == 10:
        return Literal(d, datatype=NamedNode(XSD + "date"))
    return Literal(d, datatype=NamedNode(XSD + "gYearMonth"))


def region_iri(key: str) -> NamedNode:
    return iri("region", key)


def case_iri(case_id: str) -> NamedNode:
    return iri("case", case_id)


def doc_iri(doc_id: str) -> NamedNode:
    return iri("doc", doc_id)


def evidence_iri(ev: Evidence) -> NamedNode:
    return iri("evidence", f"{ev.doc_id}-{ev.start}-{ev.end}")


class QuadSink:
    """Collects quads for one graph, skipping exact duplicates.

    Descriptions of shared entities (regions, departments, people, candidate mechanisms) go to ``ref``, a
    sink for the reference graph, not to the document's graph: Oxigraph's union default graph does not merge
    a triple stated in two graphs, so a region label written by every document that names the region would
    return one row per document in every query that joins on it.
    """

    def __init__(self, graph: NamedNode, ref: QuadSink | None = None) -> None:
        self.graph = graph
        self._seen: set[Quad] = set()
        self.quads: list[Quad] = []
        self.ref: QuadSink = ref if ref is not None else self
        self.evidence: dict[tuple[str, int, int], NamedNode] = {}  # evidence nodes already described here
        self.regions: set[str] = set()  # adcodes of the gazetteer units already described here

    def add(self, s: NamedNode, p: NamedNode, o) -> None:
        q = Quad(s, p, o, self.graph)
        seen = self._seen
        n = len(seen)
        seen.add(q)  # one hash of the quad, not two (``in`` then ``add``): this runs for every quad
        if len(seen) != n:
            self.quads.append(q)


def _evidence(sink: QuadSink, ev: Evidence) -> NamedNode:
    """The evidence node of ``ev``, described once per sink (a sentence is the evidence of many facts)."""
    key = (ev.doc_id, ev.start, ev.end)
    node = sink.evidence.get(key)
    if node is not None:
        return node
    node = sink.evidence[key] = evidence_iri(ev)
    sink.add(node, TYPE, gf("Evidence"))
    sink.add(node, NamedNode(DCT + "source"), doc_iri(ev.doc_id))
    sink.add(node, gf("startOffset"), integer(ev.start))
    sink.add(node, gf("endOffset"), integer(ev.end))
    sink.add(node, gf("quote"), lit(ev.quote))
    return node


def region_triples(sink: QuadSink, r: Region, gaz: Gazetteer) -> None:
    """A gazetteer unit with its labels, adcode, level and parent chain (once per sink: every case naming a
    region would otherwise state its description, and its parents', again)."""
    if r.adcode in sink.regions:
        return
    sink.regions.add(r.adcode)
    node = region_iri(r.adcode)
    sink.add(node, TYPE, gf("Region"))
    sink.add(node, TYPE, gf(LEVEL_CLASS[r.level]))
    sink.add(node, PREF, zh(r.full_name))
    sink.add(node, gf("officialName"), zh(r.name))
    if r.full_name != r.name:
        sink.add(node, ALT, zh(r.name))
    if r.short_name and r.short_name not in (r.name, r.full_name):
        sink.add(node, ALT, zh(r.short_name))
    sink.add(node, gf("adcode"), lit(r.adcode))
    sink.add(node, gf("level"), lit(r.level))
    parent = gaz.parent(r)
    if parent is not None:
        sink.add(node, gf("directlyPartOf"), region_iri(parent.adcode))
        for a in gaz.ancestors(r):
            sink.add(node, gf("partOf"), region_iri(a.adcode))
        region_triples(sink, parent, gaz)


def _local_region(sink: QuadSink, m: RegionMention, gaz: Gazetteer) -> NamedNode:
    """A township or village (no adcode): part of its township (if known) and county."""
    node = region_iri(m.key)
    county = gaz.get(m.adcode)
    parent = region_iri(county.adcode)
    if m.level == "village" and m.township:
        twp = RegionMention(
            m.start, m.end, m.township, m.adcode, "township", county.full_name + m.township, local_name=m.township
        )
        parent = _local_region(sink, twp, gaz)
    sink.add(node, TYPE, gf("Region"))
    sink.add(node, TYPE, gf(LEVEL_CLASS[m.level]))
    sink.add(node, PREF, zh(m.name))
    sink.add(node, gf("officialName"), zh(m.local_name or m.surface))
    sink.add(node, gf("level"), lit(m.level))
    sink.add(node, gf("directlyPartOf"), parent)
    sink.add(node, gf("partOf"), parent)
    sink.add(node, gf("partOf"), region_iri(county.adcode))
    for a in gaz.ancestors(county):
        sink.add(node, gf("partOf"), region_iri(a.adcode))
    return node


def document_quads(doc: Document, cases: list[CaseFacts], *, header: bool = True) -> tuple[list[Quad], list[Quad]]:
    """The quads of one document's named graph, and the reference-graph descriptions of the entities it
    names (merged across documents by the pipeline). ``header=False`` leaves out the description of the
    document itself: the pipeline maps a large document's cases in slices, and only the first says it."""
    gaz = load_gazetteer()
    sink = QuadSink(graph_for(doc.doc_id), QuadSink(REFERENCE_GRAPH))
    if header:
        _document_header(sink, doc)
    for cf in cases:
        _case_quads(sink, cf, gaz)
    return sink.quads, sink.ref.quads


def _document_header(sink: QuadSink, doc: Document) -> None:
    d = doc_iri(doc.doc_id)
    sink.add(d, TYPE, gf("Document"))
    sink.add(d, gf("fileName"), lit(doc.name))
    sink.add(d, gf("sha256"), lit(doc.sha256))
    sink.add(d, gf("layout"), lit(doc.layout))
    sink.add(d, gf("sourceFormat"), lit(doc.source_format))
    if doc.title:
        sink.add(d, NamedNode(DCT + "title"), zh(doc.title))
    if doc.issuer:
        sink.add(d, gf("issuer"), zh(doc.issuer))
    if doc.date:
        sink.add(d, NamedNode(DCT + "issued"), date_literal(doc.date))


def _case_quads(sink: QuadSink, cf: CaseFacts, gaz: Gazetteer) -> None:
    case = cf.case
    doc = case.doc
    c = case_iri(case.case_id)
    sink.add(c, TYPE, gf("Case"))
    sink.add(c, gf("sourceDocument"), doc_iri(doc.doc_id))
    sink.add(c, gf("ordinal"), integer(case.ordinal))
    if case.number is not None:
        sink.add(c, gf("number"), lit(case.number))
        sink.add(c, gf("starred"), boolean(case.starred))
    sink.add(c, NamedNode(DCT + "title"), zh(case.title))
    if case.category:
        sink.add(c, gf("category"), iri("category", case.category))
    sink.add(c, gf("startOffset"), integer(case.start))
    sink.add(c, gf("endOffset"), integer(case.end))
    span = Evidence(doc.doc_id, case.start, case.end, doc.text[case.start : case.end])
    sink.add(c, DERIVED, _evidence(sink, span))
    for name, pred in (
        ("measures", "reformMeasures"),
        ("targets", "mainTargets"),
        ("results", "landmarkResults"),
        ("units", "responsibleUnits"),
    ):
        value = case.field_text(name)
        if value:
            sink.add(c, gf(pred), zh(value))
    _region_roles(sink, c, cf, gaz)
    for f in cf.facts:
        handler = _HANDLERS.get(f.kind)
        if handler is not None:
            handler(sink, c, case.case_id, f)


_ROLE_RANK = {"primary": 0, "partner": 1, "mentioned": 2}


def _region_roles(sink: QuadSink, c: NamedNode, cf: CaseFacts, gaz: Gazetteer) -> None:
    """One role per region per case (the strongest), with the evidence of its first mention."""
    best: dict[str, Fact] = {}
    for f in cf.of("region"):
        key = f.record.key
        cur = best.get(key)
        if cur is None or (_ROLE_RANK[f.role], f.start) < (_ROLE_RANK[cur.role], cur.start):
            best[key] = f
    for key, f in sorted(best.items()):
        m: RegionMention = f.record
        if m.level in ("township", "village"):
            node = _local_region(sink.ref, m, gaz)
        else:
            region_triples(sink.ref, gaz.get(m.adcode), gaz)
            node = region_iri(m.adcode)
        if f.surface and f.surface != m.name:
            sink.ref.add(node, ALT, zh(f.surface))
        shortcut = {"primary": "primaryRegion", "partner": "partnerRegion", "mentioned": "mentionedRegion"}[f.role]
        sink.add(c, gf(shortcut), node)
        role = iri("case", f"{cf.case.case_id}-region-{key}")
        sink.add(c, gf("regionRole"), role)
        sink.add(role, TYPE, gf("RegionRole"))
        sink.add(role, gf("region"), node)
        sink.add(role, gf("role"), lit(f.role))
        if f.surface:
            sink.add(role, gf("surface"), zh(f.surface))
        sink.add(role, DERIVED, _evidence(sink, f.evidence))


def _department(sink: QuadSink, c: NamedNode, case_id: str, f: Fact) -> None:
    m = f.record
    node = iri("department", m.canonical)
    ref = sink.ref
    ref.add(node, TYPE, gf("Department"))
    ref.add(node, TYPE, NamedNode(ORG + "Organization"))
    ref.add(node, PREF, zh(m.canonical))
    ref.add(node, gf("departmentType"), lit(m.department_type))
    if m.surface != m.canonical:
        ref.add(node, ALT, zh(m.surface))
    if m.jurisdiction:
        ref.add(node, gf("jurisdiction"), region_iri(m.jurisdiction))
    sink.add(c, gf("involvesDepartment"), node)
    role = iri("case", f"{case_id}-department-{m.canonical}")
    sink.add(c, gf("departmentRole"), role)
    sink.add(role, TYPE, gf("DepartmentRole"))
    sink.add(role, gf("department"), node)
    sink.add(role, gf("surface"), zh(f.surface))
    sink.add(role, DERIVED, _evidence(sink, f.evidence))


def _mechanism(sink: QuadSink, c: NamedNode, case_id: str, f: Fact) -> None:
    _mechanism_use(sink, c, case_id, NamedNode(f.record.concept), f)


def _mechanism_use(sink: QuadSink, c: NamedNode, case_id: str, node: NamedNode, f: Fact) -> None:
    sink.add(c, gf("usesMechanism"), node)
    use = iri("case", f"{case_id}-mechanism-{node.value.rsplit('/', 1)[-1]}")
    sink.add(c, gf("mechanismUse"), use)
    sink.add(use, TYPE, gf("MechanismUse"))
    sink.add(use, gf("mechanism"), node)
    sink.add(use, gf("surface"), zh(f.surface))
    sink.add(use, DERIVED, _evidence(sink, f.evidence))


def _candidate(sink: QuadSink, c: NamedNode, case_id: str, f: Fact) -> None:
    m = f.record
    node = iri("mechanism", m.label)
    ref = sink.ref
    ref.add(node, TYPE, gf("Mechanism"))
    ref.add(node, TYPE, NamedNode(SKOS + "Concept"))
    ref.add(node, PREF, zh(m.label))
    ref.add(node, gf("candidate"), boolean(True))
    ref.add(node, NamedNode(SKOS + "inScheme"), iri("scheme", "candidates"))
    ref.add(node, gf("mechanismKind"), lit("other"))
    _mechanism_use(sink, c, case_id, node, f)


def _indicator(sink: QuadSink, c: NamedNode, case_id: str, f: Fact) -> None:
    m = f.record
    node = iri("indicator", f"{f.evidence.doc_id}-{f.start}-{f.end}-{slug(m.unit)}")
    sink.add(c, gf("hasIndicator"), node)
    sink.add(node, TYPE, gf("Indicator"))
    if m.metric:
        sink.add(node, gf("metric"), zh(m.metric))
    sink.add(node, gf("valueAsPrinted"), lit(m.value_as_printed))
    sink.add(node, gf("value"), decimal(m.value))
    sink.add(node, gf("unit"), lit(m.unit))
    sink.add(node, gf("baseValue"), decimal(m.base_value))
    sink.add(node, gf("baseUnit"), lit(m.base_unit))
    if m.qualifier:
        sink.add(node, gf("qualifier"), zh(m.qualifier))
    if m.period:
        sink.add(node, gf("period"), zh(m.period))
    sink.add(node, gf("indicatorKind"), lit(m.kind))
    sink.add(node, DERIVED, _evidence(sink, f.evidence))


def _endorsement(sink: QuadSink, c: NamedNode, case_id: str, f: Fact) -> None:
    m = f.record
    who = m.leader or m.title
    node = iri("endorsement", f"{f.evidence.doc_id}-{f.start}-{who}-{m.action}")
    sink.add(c, gf("hasEndorsement"), node)
    sink.add(node, TYPE, gf("LeaderEndorsement"))
    if m.leader:
        person = iri("person", m.leader)
        sink.ref.add(person, TYPE, gf("Person"))
        sink.ref.add(person, TYPE, NamedNode(FOAF + "Person"))
        sink.ref.add(person, LABEL, zh(m.leader))
        sink.ref.add(person, PREF, zh(m.leader))
        sink.add(node, gf("leader"), person)
    if m.title:
        sink.add(node, gf("leaderTitle"), zh(m.title))
    sink.add(node, gf("action"), zh(m.action))
    if m.quote:
        sink.add(node, gf("quote"), zh(m.quote))
    sink.add(node, DERIVED, _evidence(sink, f.evidence))


def _recognition(sink: QuadSink, c: NamedNode, case_id: str, f: Fact) -> None:
    m = f.record
    node = iri("recognition", f"{f.evidence.doc_id}-{f.start}-{f.end}")
    sink.add(c, gf("hasRecognition"), node)
    sink.add(node, TYPE, gf("Recognition"))
    sink.add(node, gf("recognitionKind"), lit(m.kind))
    if m.by:
        sink.add(node, gf("by"), zh(m.by))
    if m.what:
        sink.add(node, gf("what"), zh(m.what))
    sink.add(node, DERIVED, _evidence(sink, f.evidence))


_HANDLERS = {
    "department": _department,
    "mechanism": _mechanism,
    "candidate": _candidate,
    "indicator": _indicator,
    "endorsement": _endorsement,
    "recognition": _recognition,
}


def category_quads(printed: Iterable[str]) -> Iterator[Quad]:
    """The category concepts for the headings printed in the documents (reference graph)."""
    scheme = iri("scheme", "categories")
    g = REFERENCE_GRAPH
    yield Quad(scheme, TYPE, NamedNode(SKOS + "ConceptScheme"), g)
    yield Quad(scheme, PREF, zh("共同富裕示范区先行示范领域"), g)
    names = sorted(set(printed) | {c.name for c in load_categories()})
    for name in names:
        node = iri("category", name)
        yield Quad(node, TYPE, gf("Category"), g)
        yield Quad(node, TYPE, NamedNode(SKOS + "Concept"), g)
        yield Quad(node, PREF, zh(name), g)
        yield Quad(node, NamedNode(SKOS + "inScheme"), scheme, g)
        info = canonical_category(name)
        if info is not None:
            yield Quad(node, LABEL, Literal(info.en, language="en"), g)
            if info.name != name:
                yield Quad(node, NamedNode(SKOS + "exactMatch"), iri("category", info.name), g)
