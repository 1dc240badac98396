"""Rank the cases most similar to a query: a case (id, doc#ordinal or title fragment) or a free-text
description of a planned practice.

The score (explained in docs/similar.md) is a weighted mean of six signals, each in [0, 1]:

====================  ======  ==========================================================================
signal                weight  what it measures
====================  ======  ==========================================================================
text                  0.40    cosine of TF-IDF vectors of the jieba tokens of the two case texts
mechanisms            0.30    cosine of IDF-weighted mechanism vectors, each case's mechanisms closed
                              under skos:broader (消薄飞地 also counts as 飞地; top concepts at half)
groups                0.15    cosine of IDF-weighted target groups/problems (低收入群体, 薄弱村 …)
departments           0.05    cosine of IDF-weighted department types (民政局, 人力社保局 …)
category              0.05    1 if both cases sit under the same 先行示范 heading
region                0.05    1 same county, 0.5 same city or one is the other's cooperation partner
====================  ======  ==========================================================================

A signal the query has nothing for (a free-text query has no category; a case without named mechanisms
has no mechanism vector) is left out of the mean, so scores stay comparable across queries. The weights
are fixed by design, not fitted to the dev judgments: words carry most of what a practice is about,
named mechanisms are the most precise evidence when both cases have them, target groups say whom it is
for, and the rest break ties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import KgError
from kg.normalize import normalize
from kg.rdf.namespaces import ID
from kg.report.profiles import (
    GENERIC_DEPARTMENT_TYPES,
    CaseProfile,
    Corpus,
    DepartmentUse,
    MechanismUse,
    RegionFact,
    Span,
    department_kind,
    find_group_spans,
)
from kg.text.tfidf import Vector, cosine

WEIGHTS: dict[str, float] = {
    "text": 0.40,
    "mechanisms": 0.30,
    "groups": 0.15,
    "departments": 0.05,
    "category": 0.05,
    "region": 0.05,
}
SCALED = ("text", "mechanisms", "groups", "departments")  # cosines, scaled by their best value per query
_CASE_ID = re.compile(r"^\s*(\d{3})-(\d{1,4})\s*$")
_DOC_ORDINAL = re.compile(r"^\s*(\S+?)#(\d+)\s*$")


@dataclass
class Query:
    """A resolved query: a profile plus its vectors; ``case_id`` is set for a case query."""

    profile: CaseProfile
    vectors: dict[str, Vector]
    case_id: str | None = None
    text: str | None = None
    note: str | None = None  # shown in the report (e.g. a title fragment that matched several cases)

    @property
    def is_case(self) -> bool:
        return self.case_id is not None


@dataclass
class Match:
    profile: CaseProfile
    score: float
    signals: dict[str, float]  # raw values (cosines, 0/1 category, 0/0.5/1 region)
    reasons: list = field(default_factory=list)  # filled by kg.report.explain
    scaled: dict[str, float] = field(default_factory=dict)  # as they enter the weighted mean


def resolve(corpus: Corpus, query: str, *, as_text: bool = False) -> Query:
    """A case id (003-020), a ``doc#ordinal``, a title fragment (if exactly one title contains it), or else
    free text. A fragment found in several titles (共富工坊) is searched as free text, and the report says
    which titles it matched. ``as_text`` forces free text."""
    if as_text:
        return text_query(corpus, query)
    profile = find_case(corpus, query)
    if profile is not None:
        return case_query(corpus, profile)
    q = text_query(corpus, query)
    titles = title_matches(corpus, query)
    if titles:
        q.note = (
            f"{len(titles)} 个案例标题含“{query.strip()}”（"
            + "、".join(p.case_id for p in titles[:10])
            + ("等" if len(titles) > 10 else "")
            + "），按描述检索；如需以某个案例为查询，请给出案例编号。"
        )
    return q


def find_case(corpus: Corpus, query: str) -> CaseProfile | None:
    """The case ``query`` names by id, doc#ordinal or a fragment of exactly one title; None otherwise."""
    if query.strip() in corpus.profiles:
        return corpus.profiles[query.strip()]
    m = _CASE_ID.match(query)
    if m:
        cid = f"{m.group(1)}-{int(m.group(2)):03d}"
        if cid not in corpus.profiles:
            raise KgError(f"no case {cid} in the graph (case ids look like 003-020: document 003, case 20)")
        return corpus.profiles[cid]
    m = _DOC_ORDINAL.match(query)
    if m:
        p = corpus.by_doc_ordinal(m.group(1), int(m.group(2)))
        if p is None:
            raise KgError(f"no case {query} in the graph")
        return p
    return _by_title(corpus, query)


def _by_title(corpus: Corpus, fragment: str) -> CaseProfile | None:
    hits = title_matches(corpus, fragment)
    return hits[0] if len(hits) == 1 else None


def title_matches(corpus: Corpus, fragment: str) -> list[CaseProfile]:
    """Cases whose title contains ``fragment`` (spaces and Traditional/Simplified differences ignored)."""
    key = _title_key(fragment)
    if len(key) < 2:
        return []
    return sorted((p for p in corpus.profiles.values() if key in _title_key(p.title)), key=lambda p: p.case_id)


def _title_key(s: str) -> str:
    return "".join(normalize(s).text.split())


def case_query(corpus: Corpus, profile: CaseProfile) -> Query:
    i = profile.case_id
    vectors = {
        "text": corpus.text_vectors[i],
        "mechanisms": corpus.mechanism_vectors[i],
        "groups": corpus.group_vectors[i],
        "departments": corpus.department_vectors[i],
    }
    return Query(profile, vectors, case_id=i)


def text_query(corpus: Corpus, text: str) -> Query:
    """A profile of a free-text description: its words, the mechanisms, target groups, regions and
    departments it names (found by the same extractors as the build)."""
    profile = CaseProfile("query", None, 0, text.strip(), None, None, 0, text)
    profile.mechanisms = _query_mechanisms(corpus, text)
    profile.groups = find_group_spans(text, doc=None, offset=0)
    profile.regions = _query_regions(text)
    profile.departments = _query_departments(text)
    vectors = corpus.vectors_for(profile)
    vectors["text"] = corpus.text_vector(text)
    return Query(profile, vectors, text=text)


def _query_mechanisms(corpus: Corpus, text: str) -> dict:
    from kg.extract.mechanisms import find_mechanisms, load_scheme

    norm = normalize(text)
    out: dict[str, list] = {}
    for m in find_mechanisms(norm.text, load_scheme()):
        if m.concept not in corpus.concepts:
            continue
        s, e = norm.orig_span(m.start, m.end)
        out.setdefault(m.concept, []).append(
            MechanismUse(m.concept, corpus.label(m.concept), text[s:e], _sentence(text, s, e))
        )
    return out


def _query_regions(text: str) -> list:
    from kg.extract.regions import find_regions

    norm = normalize(text)
    out = []
    for m in find_regions(norm.text):
        if m.level not in ("city", "county"):
            continue
        s, e = norm.orig_span(m.start, m.end)
        iri = f"{ID}region/{m.adcode}"
        out.append(RegionFact(iri, m.name, m.level, "primary", iri, _sentence(text, s, e)))
    return out


_DEPARTMENT_END = re.compile(r"[局厅委办院行会部所站队]")


def _query_departments(text: str) -> dict:
    """Department kinds named in the query. The department extractor compiles its patterns on first use
    (≈ 0.3 s), so it only runs when the text has a character a department name can end with."""
    if not _DEPARTMENT_END.search(text):
        return {}
    try:
        from kg.extract.departments import find_departments
    except ImportError:
        return {}
    from kg.model import Jurisdiction

    norm = normalize(text)
    out: dict[str, list] = {}
    for m in find_departments(norm.text, Jurisdiction()):
        s, e = norm.orig_span(m.start, m.end)
        kind = department_kind(m.canonical, _official_name(m.jurisdiction))
        generic = getattr(m, "department_type", "") in GENERIC_DEPARTMENT_TYPES
        out.setdefault(kind, []).append(DepartmentUse("", m.canonical, kind, _sentence(text, s, e), generic))
    return out


def _official_name(adcode: str | None) -> str | None:
    if not adcode:
        return None
    from kg.lexicons.gazetteer import load_gazetteer

    try:
        return load_gazetteer().get(adcode).name
    except (KeyError, AttributeError):
        return None


def _sentence(text: str, s: int, e: int) -> Span:
    from kg.evidence import sentence_span

    a, b = sentence_span(text, s, e)
    return Span(None, a, b, text[a:b])


# ---------------------------------------------------------------- scoring


def local_regions(regions: list[RegionFact]) -> list[RegionFact]:
    """The regions below the province. Every case is in Zhejiang: two provincial departments' cases
    (浙江省 on both sides) are not "in the same place", so the province never counts for the region signal."""
    return [r for r in regions if r.level != "province"]


def region_signal(q: CaseProfile, c: CaseProfile) -> float:
    """1 same county (or the same city-level region), 0.5 same city or a cooperation partner of the other;
    province-level regions are left out (see ``local_regions``)."""
    qp = {r.county for r in local_regions(q.primary_regions())}
    cp = {r.county for r in local_regions(c.primary_regions())}
    if qp & cp:
        return 1.0
    q_partners = {r.county for r in local_regions(q.partner_regions())}
    c_partners = {r.county for r in local_regions(c.partner_regions())}
    if q_partners & cp or c_partners & qp:
        return 0.5
    if {city_of(x) for x in qp} & {city_of(x) for x in cp} - {None}:
        return 0.5
    return 0.0


def city_of(region_iri: str) -> str | None:
    """The 4-digit city prefix of a region's adcode (3310 for 台州市 and its counties); None for the province."""
    code = region_iri.rsplit("/", 1)[-1][:6]
    if not code.isdecimal() or code.endswith("0000"):
        return None
    return code[:4]


def signals(query: Query, corpus: Corpus, case_id: str) -> dict[str, float]:
    """The value of every signal the query has (see the module docstring)."""
    c = corpus.profiles[case_id]
    q = query.profile
    out = {"text": cosine(query.vectors["text"], corpus.text_vectors[case_id])}
    if query.vectors["mechanisms"]:
        out["mechanisms"] = corpus.mechanism_similarity(query.vectors["mechanisms"], corpus.mechanism_vectors[case_id])
    if query.vectors["groups"]:
        out["groups"] = cosine(query.vectors["groups"], corpus.group_vectors[case_id])
    if query.vectors["departments"]:
        out["departments"] = cosine(query.vectors["departments"], corpus.department_vectors[case_id])
    if q.category:
        out["category"] = 1.0 if c.category == q.category else 0.0
    if local_regions(q.primary_regions()):
        out["region"] = region_signal(q, c)
    return out


def combine(sig: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    total = sum(weights[k] for k in sig)
    return sum(weights[k] * v for k, v in sig.items()) / total if total else 0.0


def rank(
    corpus: Corpus, query: Query, *, top: int = 5, weights: dict[str, float] = WEIGHTS, include_plans: bool = False
) -> list[Match]:
    """The ``top`` most similar cases (the query case itself excluded), best first; ties by case id.

    Rows of reform/plan tables (``CaseProfile.is_plan``) say what a place intends to do; they are left out
    unless ``include_plans``, because the report answers "who has done something like this, and how did it go".

    Each similarity signal is divided by its maximum over the candidates before the weighted mean: cosines
    of long texts are small (≈ 0.1) while those of a few department types are large, and without this the
    noisier signal would dominate whatever the weights say.
    """
    raw = {
        cid: signals(query, corpus, cid)
        for cid, p in corpus.profiles.items()
        if cid != query.case_id and (include_plans or not p.is_plan)
    }
    peak: dict[str, float] = {}
    for sig in raw.values():
        for k, v in sig.items():
            peak[k] = max(peak.get(k, 0.0), v)
    scored = []
    for cid, sig in raw.items():
        scaled = {k: (v / peak[k] if k in SCALED and peak[k] > 0 else v) for k, v in sig.items()}
        scored.append(Match(corpus.profiles[cid], round(combine(scaled, weights), 4), sig, scaled=scaled))
    scored.sort(key=lambda m: (-m.score, m.profile.case_id))
    return scored[:top]


def rank_text_only(corpus: Corpus, query: Query, *, top: int = 5, include_plans: bool = False) -> list[Match]:
    """The baseline: TF-IDF cosine of the texts alone (same candidates as ``rank``)."""
    return rank(
        corpus, query, top=top, weights={k: (1.0 if k == "text" else 0.0) for k in WEIGHTS}, include_plans=include_plans
    )
