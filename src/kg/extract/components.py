"""The extraction components run on every case, in order (spaCy-style: small, named, pure).

Each component takes the case's facts so far (for context such as the jurisdiction) and its normalised
parts, and returns new facts located in the original document. Regions run last, inside
``extract_case``, because names inside department names are not region mentions.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.case import CaseFacts, Fact, Part, _fact
from kg.extract.departments import find_departments, resolve_unit, split_responsible_units
from kg.extract.endorsements import find_endorsements
from kg.extract.indicators import find_indicators
from kg.extract.mechanisms import find_candidates, find_mechanisms, load_scheme
from kg.extract.recognitions import find_recognitions
from kg.normalize import normalize


def departments(cf: CaseFacts, parts: list[Part]) -> list[Fact]:
    doc = cf.case.doc
    out: list[Fact] = []
    units = cf.case.fields.get("units")
    for part in parts:
        for m in find_departments(part.norm.text, cf.jurisdiction):
            f = _fact(doc, part, "department", m)
            if units and units[0] <= f.start < units[1]:
                continue  # the 责任单位 column is read unit by unit below
            out.append(f)
    if units:
        # 004: every unit of the 责任单位 column is a department of the row (towns are regions, not units)
        cell = Part(units[0], units[1], normalize(doc.text[units[0] : units[1]]))
        for s, e, surface in split_responsible_units(cell.norm.text):
            m = resolve_unit(surface, cf.jurisdiction)
            if m is not None:
                out.append(_fact(doc, cell, "department", replace(m, start=s, end=e, surface=surface)))
    return out


def mechanisms(cf: CaseFacts, parts: list[Part]) -> list[Fact]:
    scheme = load_scheme()
    doc = cf.case.doc
    out: list[Fact] = []
    for part in parts:
        out.extend(_fact(doc, part, "mechanism", m) for m in find_mechanisms(part.norm.text, scheme))
        out.extend(_fact(doc, part, "candidate", m) for m in find_candidates(part.norm.text, scheme))
    return out


def indicators(cf: CaseFacts, parts: list[Part]) -> list[Fact]:
    doc = cf.case.doc
    out: list[Fact] = []
    targets = cf.case.fields.get("targets")
    for part in parts:
        if targets and part.start <= targets[0] < part.end:
            # reform table: the 主要目标 column holds targets, the rest outcomes
            for s, e, kind in (
                (part.start, targets[0], "outcome"),
                (targets[0], targets[1], "target"),
                (targets[1], part.end, "outcome"),
            ):
                if e <= s:
                    continue
                sub = Part(s, e, normalize(doc.text[s:e]))
                out.extend(_fact(doc, sub, "indicator", m) for m in find_indicators(sub.norm.text, default_kind=kind))
        else:
            out.extend(_fact(doc, part, "indicator", m) for m in find_indicators(part.norm.text))
    return out


def endorsements(cf: CaseFacts, parts: list[Part]) -> list[Fact]:
    doc = cf.case.doc
    return [_fact(doc, p, "endorsement", m) for p in parts for m in find_endorsements(p.norm.text)]


def recognitions(cf: CaseFacts, parts: list[Part]) -> list[Fact]:
    doc = cf.case.doc
    return [_fact(doc, p, "recognition", m) for p in parts for m in find_recognitions(p.norm.text)]


def default_components() -> tuple:
    return (departments, mechanisms, indicators, endorsements, recognitions)
