"""Run the extractors over one case and map every mention back to document offsets with its evidence.

Like a spaCy pipeline, extraction is a sequence of small components, each a pure function of the case
text. This module is the glue: it normalises each case part (keeping the offset map), calls the
components, maps their offsets back to the original document, attaches the evidence sentence, and decides
region roles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.evidence import evidence_for
from kg.extract import roles
from kg.extract.regions import RegionMention, find_regions
from kg.lexicons.gazetteer import load_gazetteer
from kg.model import Case, Document, Evidence, Jurisdiction
from kg.normalize import NormalizedText, normalize


@dataclass(frozen=True)
class Fact:
    """A mention found in a case, located in the original document, with the sentence it came from."""

    kind: str  # region | department | mechanism | candidate | indicator | endorsement | recognition
    start: int
    end: int
    surface: str
    evidence: Evidence
    record: Any  # the extractor's mention record (its offsets are into the normalised part text)
    role: str | None = None  # for regions: primary | partner | mentioned


@dataclass
class CaseFacts:
    case: Case
    primary: list[RegionMention]
    jurisdiction: Jurisdiction
    facts: list[Fact] = field(default_factory=list)

    def of(self, kind: str) -> list[Fact]:
        return [f for f in self.facts if f.kind == kind]


@dataclass(frozen=True)
class Part:
    """One case part: its document span and its normalised text."""

    start: int
    end: int
    norm: NormalizedText

    def to_doc(self, s: int, e: int) -> tuple[int, int]:
        a, b = self.norm.orig_span(s, e)
        return self.start + a, self.start + b


def _parts(case: Case) -> list[Part]:
    return [Part(s, e, normalize(case.doc.text[s:e])) for s, e in case.parts]


def _fact(doc: Document, part: Part, kind: str, rec: Any, role: str | None = None) -> Fact:
    s, e = part.to_doc(rec.start, rec.end)
    return Fact(kind, s, e, doc.text[s:e], evidence_for(doc, s, e, part=(part.start, part.end)), rec, role)


def document_region(doc: Document) -> RegionMention | None:
    """The region a document as a whole is about (三门县 for its reform table, 温州 for the newspaper page)."""
    for text in (doc.title or "", doc.issuer or ""):
        opening = roles.region_opening(normalize(text).text)
        if opening:
            return opening[0]
    return None


def jurisdiction_of(primary: list[RegionMention]) -> Jurisdiction:
    gaz = load_gazetteer()
    if not primary:
        return Jurisdiction()
    r = gaz.get(primary[0].adcode)
    if r.level == "county":
        city = gaz.city_of(r)
        return Jurisdiction(city=city.name if city else None, county=r.name, adcode=r.adcode)
    if r.level == "city":
        return Jurisdiction(city=r.name, adcode=r.adcode)
    return Jurisdiction(adcode=r.adcode)


def primary_regions(case: Case, parts: list[Part], doc_region: RegionMention | None) -> list[RegionMention]:
    """See ``kg.extract.roles``: layout subject > reform-table document region > title opening > body actor."""
    if case.region_hint:
        found = roles.regions_of_subject(normalize(case.region_hint).text)
        if found:
            return found
    if case.doc.layout == "reform_table" and doc_region is not None:
        return [doc_region]  # every row of a county's reform table is that county's (争创浙江省…示范区 too)
    found = roles.region_opening(normalize(case.title).text)
    if found:
        return found
    body = "\n".join(p.norm.text for p in parts)
    title_len = len(normalize(case.title).text)
    within = doc_region.adcode if doc_region is not None else None
    found = roles.actor_region(body[title_len:], within=within)
    if found:
        return found
    if doc_region is not None:
        return [doc_region]
    return roles.actor_region(body) or find_regions("浙江省")


def _prefer_specific_partners(cf: CaseFacts, gaz) -> None:
    """A city is no partner when one of its counties is (赴衢州、丽水对接 … 开化): the county is the party."""
    partner_counties = [
        gaz.get(f.record.adcode)
        for f in cf.facts
        if f.kind == "region" and f.role == "partner" and f.record.level == "county"
    ]
    cities_of = {city.adcode for city in map(gaz.city_of, partner_counties) if city is not None}
    for i, f in enumerate(cf.facts):
        if f.kind == "region" and f.role == "partner" and f.record.level == "city" and f.record.adcode in cities_of:
            cf.facts[i] = Fact(f.kind, f.start, f.end, f.surface, f.evidence, f.record, "mentioned")


def extract_case(case: Case, doc_region: RegionMention | None, components: tuple = ()) -> CaseFacts:
    """All facts of ``case``. ``components`` are extra extractors: callables (case_facts, parts) -> facts."""
    doc = case.doc
    parts = _parts(case)
    primary = primary_regions(case, parts, doc_region)
    cf = CaseFacts(case, primary, jurisdiction_of(primary))
    for comp in components:
        cf.facts.extend(comp(cf, parts))
    # regions last: names inside organisation names found by other components are not region mentions
    org_spans = [(f.start, f.end) for f in cf.facts if f.kind == "department"]
    context = tuple(sorted({m.adcode for m in primary if m.level == "county"}))
    primary_keys = {m.key for m in primary}
    primary_codes = {m.adcode for m in primary if m.level in ("province", "city", "county")}
    gaz = load_gazetteer()
    ancestors = {a.adcode for m in primary for a in gaz.ancestors(gaz.get(m.adcode))}
    for part in parts:
        for m in find_regions(part.norm.text, context=context):
            fact = _fact(doc, part, "region", m)
            if any(s <= fact.start and fact.end <= e for s, e in org_spans):
                continue
            if m.key in primary_keys:
                role = "primary"
            elif (
                m.level in ("city", "county")
                and m.adcode not in ancestors
                and not primary_codes & {a.adcode for a in gaz.ancestors(gaz.get(m.adcode))}
                and roles.is_partner_sentence(fact.evidence.quote)
            ):
                role = "partner"  # a unit inside a primary region is on the primary's side, not a partner
            else:
                role = "mentioned"
            cf.facts.append(Fact(fact.kind, fact.start, fact.end, fact.surface, fact.evidence, m, role))
    _prefer_specific_partners(cf, gaz)
    # every primary region has a fact, even when named only by the layout (TOC prefix, document title)
    named = {f.record.key for f in cf.facts if f.kind == "region" and f.role == "primary"}
    for m in primary:
        if m.key not in named:
            s, e = case.title_span
            ev = Evidence(doc.doc_id, s, e, doc.text[s:e]) if e > s else evidence_for(doc, case.start, case.start + 1)
            # the surface is the name as the layout wrote it (document title, TOC prefix), not the case title
            cf.facts.append(Fact("region", s, e, m.surface, ev, m, "primary"))
    return cf
