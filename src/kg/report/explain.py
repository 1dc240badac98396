"""Reasons why a case is similar to the query, each with the quoted sentence from both sides.

A reason is only stated when both quotes exist: the sentence of the query (case or description) and the
sentence of the similar case that show the shared fact. Kinds, in the order a reader gets them:

- ``mechanism``  both name the same mechanism;
- ``narrower`` / ``broader``  one names a narrower concept of the other's (产业飞地 ⊑ 飞地);
- ``sibling``  both name different concepts under the same broader one (消薄飞地, 产业飞地 ⊑ 飞地);
- ``group``  both address the same target group or problem (低收入群体, 融资难);
- ``department``  the same kind of body takes part (民政局 here and there);
- ``region``  same county or city, or one is the other's cooperation partner;
- ``category``  filed under the same 先行示范 heading (the heading is the evidence: no sentence);
- ``indicator``  both report a comparable indicator (same unit, similar metric);
- ``text``  words the two texts share most distinctively, with a sentence containing the strongest one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.evidence import sentence_span
from kg.normalize import normalize
from kg.report.groups import load_group_terms
from kg.report.profiles import CaseProfile, Corpus, IndicatorFact, MechanismUse, Span
from kg.report.similar import Match, Query, region_signal
from kg.text.tfidf import shared_terms

MAX_PER_KIND = 3


@dataclass(frozen=True)
class Reason:
    kind: str
    summary: str  # Chinese, one sentence
    query_evidence: tuple[Span, ...]
    case_evidence: tuple[Span, ...]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "summary": self.summary,
            "query_evidence": [_span_dict(s) for s in self.query_evidence],
            "case_evidence": [_span_dict(s) for s in self.case_evidence],
        }


def _span_dict(s: Span) -> dict:
    return {"doc": s.doc, "start": s.start, "end": s.end, "quote": s.quote}


def explain(corpus: Corpus, query: Query, match: Match) -> list[Reason]:
    """All reasons for ``match``, strongest kinds first."""
    q, c = query.profile, match.profile
    reasons: list[Reason] = []
    reasons += mechanism_reasons(corpus, q, c)
    reasons += group_reasons(corpus, q, c)
    reasons += department_reasons(corpus, q, c)
    reasons += region_reasons(q, c)
    reasons += category_reasons(q, c)
    reasons += indicator_reasons(q, c)
    reasons += text_reasons(query, corpus, c)
    return reasons


# ---------------------------------------------------------------- mechanisms


_QUOTE_MARKS = re.compile(r"[“”\"「」『』‘’\s]")


def plain(surface: str) -> str:
    """A name as written, without quote marks and line breaks (“共富工坊”建设 → 共富工坊建设)."""
    return _QUOTE_MARKS.sub("", surface)


def _first(uses: list[MechanismUse]) -> MechanismUse:
    return min(uses, key=lambda u: u.span.start)


def _narrower_used(corpus: Corpus, used: dict[str, list[MechanismUse]], broader: str) -> list[str]:
    return sorted(m for m in used if broader in corpus.ancestors(m))


def mechanism_reasons(corpus: Corpus, q: CaseProfile, c: CaseProfile) -> list[Reason]:
    """The most specific concepts the two share (directly or through the hierarchy)."""
    eq, ec = corpus.closure(set(q.mechanisms)), corpus.closure(set(c.mechanisms))
    shared = eq & ec
    named = {m for m in shared if not (m in corpus.concepts and corpus.concepts[m].top)}
    pool = named or shared
    specific = [m for m in pool if not any(m in corpus.ancestors(o) for o in pool if o != m)]
    specific.sort(key=lambda m: (-corpus.concept_idf.get(m, 0.0), corpus.label(m)))
    out: list[Reason] = []
    for m in specific[: MAX_PER_KIND + 1]:
        label = corpus.label(m)
        if m in q.mechanisms and m in c.mechanisms:
            qu, cu = _first(q.mechanisms[m]), _first(c.mechanisms[m])
            text = f"共同机制「{label}」：查询写作“{plain(qu.surface)}”，本案例写作“{plain(cu.surface)}”"
            out.append(Reason("mechanism", text, (qu.span,), (cu.span,)))
        elif m in q.mechanisms:
            n = _narrower_used(corpus, c.mechanisms, m)[0]
            qu, cu = _first(q.mechanisms[m]), _first(c.mechanisms[n])
            text = f"本案例的「{corpus.label(n)}」是查询中「{label}」的下位机制"
            out.append(Reason("narrower", text, (qu.span,), (cu.span,)))
        elif m in c.mechanisms:
            n = _narrower_used(corpus, q.mechanisms, m)[0]
            qu, cu = _first(q.mechanisms[n]), _first(c.mechanisms[m])
            text = f"查询中的「{corpus.label(n)}」是本案例「{label}」的下位机制"
            out.append(Reason("broader", text, (qu.span,), (cu.span,)))
        else:
            a, b = _narrower_used(corpus, q.mechanisms, m)[0], _narrower_used(corpus, c.mechanisms, m)[0]
            qu, cu = _first(q.mechanisms[a]), _first(c.mechanisms[b])
            kind = "类" if m in corpus.concepts and corpus.concepts[m].top else ""
            text = f"同属「{label}」{kind}机制：查询为「{corpus.label(a)}」，本案例为「{corpus.label(b)}」"
            out.append(Reason("sibling", text, (qu.span,), (cu.span,)))
    return out


# ---------------------------------------------------------------- groups, departments, regions, category


def _group_kinds() -> dict[str, str]:
    return {t.group: t.kind for t in load_group_terms()}


def group_reasons(corpus: Corpus, q: CaseProfile, c: CaseProfile) -> list[Reason]:
    shared = sorted(set(q.groups) & set(c.groups), key=lambda g: (-corpus.group_idf.get(g, 0.0), g))
    kinds = _group_kinds()
    out = []
    for g in shared[:MAX_PER_KIND]:
        what = "共同针对的问题" if kinds.get(g) == "problem" else "共同服务对象"
        out.append(Reason("group", f"{what}：{g}", (q.groups[g][0],), (c.groups[g][0],)))
    return out


def department_reasons(corpus: Corpus, q: CaseProfile, c: CaseProfile) -> list[Reason]:
    qd_all, cd_all = q.specific_departments(), c.specific_departments()
    shared = sorted(set(qd_all) & set(cd_all), key=lambda k: (-corpus.department_idf.get(k, 0.0), k))
    out = []
    for kind in shared[:MAX_PER_KIND]:
        qd, cd = qd_all[kind][0], cd_all[kind][0]
        text = f"同类部门参与：{kind}（查询：{qd.label}；本案例：{cd.label}）"
        out.append(Reason("department", text, (qd.span,), (cd.span,)))
    return out


def region_reasons(q: CaseProfile, c: CaseProfile) -> list[Reason]:
    if not q.primary_regions() or region_signal(q, c) == 0:
        return []
    qp = {r.county: r for r in q.primary_regions()}
    cp = {r.county: r for r in c.primary_regions()}
    same = sorted(set(qp) & set(cp))
    if same:
        r = same[0]
        return [Reason("region", f"同一地区：{cp[r].name}", (qp[r].span,), (cp[r].span,))]
    for a in q.partner_regions():
        if a.county in cp:
            b = cp[a.county]
            return [Reason("region", f"协作关系：本案例地区{b.name}是查询案例的合作地区", (a.span,), (b.span,))]
    for b in c.partner_regions():
        if b.county in qp:
            a = qp[b.county]
            return [Reason("region", f"协作关系：查询地区{a.name}是本案例的合作地区", (a.span,), (b.span,))]
    qa, ca = next(iter(qp.values())), next(iter(cp.values()), None)
    if ca is None:
        return []
    return [Reason("region", f"同一城市：查询为{qa.name}，本案例为{ca.name}", (qa.span,), (ca.span,))]


def category_reasons(q: CaseProfile, c: CaseProfile) -> list[Reason]:
    if q.category and q.category == c.category:
        return [Reason("category", f"同属“{c.category}”领域（文件的分类标题）", (), ())]
    return []


# ---------------------------------------------------------------- indicators


def _bigrams(s: str) -> set[str]:
    s = "".join(s.split())
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _metric_overlap(a: IndicatorFact, b: IndicatorFact) -> float:
    x, y = _bigrams(a.metric), _bigrams(b.metric)
    return len(x & y) / len(x | y) if x and y else 0.0


def indicator_reasons(q: CaseProfile, c: CaseProfile, *, threshold: float = 0.34) -> list[Reason]:
    """Pairs of indicators in the same base unit whose metrics share most of their wording."""
    pairs = []
    for a in q.indicators:
        for b in c.indicators:
            if a.metric and b.metric and a.base_unit == b.base_unit:
                score = _metric_overlap(a, b)
                if score >= threshold:
                    pairs.append((score, a, b))
    pairs.sort(key=lambda p: (-p[0], p[1].span.start, p[2].span.start))
    out: list[Reason] = []
    used: set[int] = set()
    for _, a, b in pairs:
        if id(a) in used or id(b) in used or len(out) >= 2:
            continue
        used |= {id(a), id(b)}
        text = f"可比指标：查询“{a.metric} {a.printed}”，本案例“{b.metric} {b.printed}”"
        out.append(Reason("indicator", text, (a.span,), (b.span,)))
    return out


# ---------------------------------------------------------------- text


def keyword_sentence(p: CaseProfile, word: str) -> Span | None:
    """The first sentence of ``p`` containing ``word`` (searched in the normalised text), as a Span."""
    norm = normalize(p.text)
    i = norm.text.find(word)
    if i < 0:
        return None
    s, e = norm.orig_span(i, i + len(word))
    a, b = sentence_span(p.text, s, e)
    return Span(p.doc, p.start + a, p.start + b, p.text[a:b])


def text_reasons(query: Query, corpus: Corpus, c: CaseProfile, *, words: int = 6) -> list[Reason]:
    top = shared_terms(query.vectors["text"], corpus.text_vectors[c.case_id], k=words)
    if not top:
        return []
    similarity = sum(w for _, w in shared_terms(query.vectors["text"], corpus.text_vectors[c.case_id], k=10**6))
    for word, _ in top:
        qs, cs = keyword_sentence(query.profile, word), keyword_sentence(c, word)
        if qs and cs:
            listed = "、".join(w for w, _ in top)
            return [
                Reason("text", f"文本相似度 {similarity:.2f}；共同关键词：{listed}（例句含“{word}”）", (qs,), (cs,))
            ]
    return []
