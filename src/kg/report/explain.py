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

from kg.normalize import normalize
from kg.report.groups import find_groups, load_group_terms
from kg.report.profiles import CaseProfile, Corpus, DepartmentUse, IndicatorFact, MechanismUse, Span, whole_sentence
from kg.report.similar import Match, Query, city_of, local_regions, region_signal
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
    used = {s for r in reasons for s in (*r.query_evidence, *r.case_evidence)}
    reasons += text_reasons(query, corpus, c, used=used)
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


def _best_pair(corpus: Corpus, q: CaseProfile, c: CaseProfile, broader: str) -> tuple[str, str, float]:
    """The concepts under ``broader`` named on each side that are most alike, and their similarity; among
    equally alike pairs, the concepts each side names most often (what the case is about)."""
    pairs = [
        (x, y, corpus.concept_similarity(x, y))
        for x in _narrower_used(corpus, q.mechanisms, broader)
        for y in _narrower_used(corpus, c.mechanisms, broader)
    ]
    best = max(pairs, key=lambda p: (round(p[2], 6), len(q.mechanisms[p[0]]) + len(c.mechanisms[p[1]])))
    return best


def mechanism_reasons(corpus: Corpus, q: CaseProfile, c: CaseProfile) -> list[Reason]:
    """The most specific concepts the two share (directly or through the hierarchy)."""
    eq, ec = corpus.closure(set(q.mechanisms)), corpus.closure(set(c.mechanisms))
    shared = eq & ec
    named = {m for m in shared if not (m in corpus.concepts and corpus.concepts[m].top)}
    if named:
        specific = [m for m in named if not any(m in corpus.ancestors(o) for o in named if o != m)]
        specific.sort(key=lambda m: (-corpus.concept_idf.get(m, 0.0), corpus.label(m)))
    else:
        # only browsing categories in common (金融产品, 乡村建设 …): one reason, the category whose members on
        # the two sides are most alike; more would list every category both happen to touch
        specific = sorted(shared, key=lambda m: (-_best_pair(corpus, q, c, m)[2], corpus.label(m)))[:1]
    out: list[Reason] = []
    for m in specific[: MAX_PER_KIND + 1]:
        label = corpus.label(m)
        if m in q.mechanisms and m in c.mechanisms:
            qu, cu = _first(q.mechanisms[m]), _first(c.mechanisms[m])
            text = f"共同机制「{label}」：查询写作“{plain(qu.surface)}”，本案例写作“{plain(cu.surface)}”"
            out.append(Reason("mechanism", text, (qu.span,), (cu.span,)))
        elif m in q.mechanisms:
            n = max(_narrower_used(corpus, c.mechanisms, m), key=lambda x: corpus.concept_similarity(m, x))
            qu, cu = _first(q.mechanisms[m]), _first(c.mechanisms[n])
            text = f"本案例的「{corpus.label(n)}」是查询中「{label}」的下位机制"
            out.append(Reason("narrower", text, (qu.span,), (cu.span,)))
        elif m in c.mechanisms:
            n = max(_narrower_used(corpus, q.mechanisms, m), key=lambda x: corpus.concept_similarity(m, x))
            qu, cu = _first(q.mechanisms[n]), _first(c.mechanisms[m])
            text = f"查询中的「{corpus.label(n)}」是本案例「{label}」的下位机制"
            out.append(Reason("broader", text, (qu.span,), (cu.span,)))
        else:
            a, b, _ = _best_pair(corpus, q, c, m)
            qu, cu = _first(q.mechanisms[a]), _first(c.mechanisms[b])
            kind = "类" if m in corpus.concepts and corpus.concepts[m].top else ""
            text = f"同属「{label}」{kind}机制：查询为「{corpus.label(a)}」，本案例为「{corpus.label(b)}」"
            out.append(Reason("sibling", text, (qu.span,), (cu.span,)))
    return out


# ---------------------------------------------------------------- groups, departments, regions, category


def _group_kinds() -> dict[str, str]:
    return {t.group: t.kind for t in load_group_terms()}


def _words_in(span: Span, groups: set[str]) -> list[str]:
    """The target-group words of ``groups`` as written in ``span`` (overlapping matches joined:
    村集体经济 + 集体经济薄弱 → 村集体经济薄弱)."""
    norm = normalize(span.quote)
    found = sorted(norm.orig_span(g.start, g.end) for g in find_groups(norm.text) if g.group in groups)
    merged: list[list[int]] = []
    for a, b in found:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return list(dict.fromkeys(plain(span.quote[a:b]) for a, b in merged))


def _group_evidence(qs: list[Span], cs: list[Span], group: str) -> tuple[Span, Span]:
    """A sentence on each side naming ``group``, preferring a pair that uses the same word for it."""
    for a in qs[:8]:
        wa = set(_words_in(a, {group}))
        for b in cs[:8]:
            if wa & set(_words_in(b, {group})):
                return a, b
    return qs[0], cs[0]


def group_reasons(corpus: Corpus, q: CaseProfile, c: CaseProfile) -> list[Reason]:
    """Shared target groups/problems, rarest first; groups shown by the same pair of sentences are one
    reason, and the summary gives the words as each side writes them."""
    shared = sorted(set(q.groups) & set(c.groups), key=lambda g: (-corpus.group_idf.get(g, 0.0), g))
    kinds = _group_kinds()
    by_pair: dict[tuple[Span, Span], list[str]] = {}
    for g in shared[:MAX_PER_KIND]:
        by_pair.setdefault(_group_evidence(q.groups[g], c.groups[g], g), []).append(g)
    out = []
    for (qs, cs), groups in by_pair.items():
        problem = {kinds.get(g) == "problem" for g in groups}
        what = "共同针对的问题" if problem == {True} else "共同服务对象" if problem == {False} else "共同服务对象/问题"
        qw, cw = "、".join(_words_in(qs, set(groups))), "、".join(_words_in(cs, set(groups)))
        summary = f"{what}：{'、'.join(groups)}（查询写作“{qw}”，本案例写作“{cw}”）"
        out.append(Reason("group", summary, (qs,), (cs,)))
    return out


def department_reasons(corpus: Corpus, q: CaseProfile, c: CaseProfile) -> list[Reason]:
    """One reason naming the kinds of body both sides involve (rarest first), with the sentences naming
    them (each sentence quoted once)."""
    qd_all, cd_all = q.specific_departments(), c.specific_departments()
    shared = sorted(set(qd_all) & set(cd_all), key=lambda k: (-corpus.department_idf.get(k, 0.0), k))
    if not shared:
        return []
    parts, q_spans, c_spans = [], [], []
    for kind in shared[:MAX_PER_KIND]:
        qd, cd = _first_use(qd_all[kind]), _first_use(cd_all[kind])
        parts.append(kind if qd.label == cd.label else f"{kind}（查询：{qd.label}；本案例：{cd.label}）")
        q_spans.append(qd.span)
        c_spans.append(cd.span)
    more = f"等 {len(shared)} 类" if len(shared) > MAX_PER_KIND else ""
    summary = "同类部门参与：" + "、".join(parts) + more
    return [Reason("department", summary, tuple(dict.fromkeys(q_spans)), tuple(dict.fromkeys(c_spans)))]


def _first_use(uses: list) -> DepartmentUse:
    return min(uses, key=lambda u: u.span.start)


def region_reasons(q: CaseProfile, c: CaseProfile) -> list[Reason]:
    if region_signal(q, c) == 0:
        return []
    qp = {r.county: r for r in local_regions(q.primary_regions())}
    cp = {r.county: r for r in local_regions(c.primary_regions())}
    same = sorted(set(qp) & set(cp))
    if same:
        r = same[0]
        return [Reason("region", f"同一地区：{cp[r].name}", (qp[r].span,), (cp[r].span,))]
    for a in local_regions(q.partner_regions()):
        if a.county in cp:
            b = cp[a.county]
            return [Reason("region", f"协作关系：本案例地区{b.name}是查询案例的合作地区", (a.span,), (b.span,))]
    for b in local_regions(c.partner_regions()):
        if b.county in qp:
            a = qp[b.county]
            return [Reason("region", f"协作关系：查询地区{a.name}是本案例的合作地区", (a.span,), (b.span,))]
    for qa in qp.values():
        for ca in cp.values():
            if city_of(qa.county) is not None and city_of(qa.county) == city_of(ca.county):
                return [Reason("region", f"同一城市：查询为{qa.name}，本案例为{ca.name}", (qa.span,), (ca.span,))]
    return []


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


def _sentences_with(p: CaseProfile, words: dict[str, float], *, per_word: int = 6) -> list[tuple[float, Span]]:
    """Sentences of ``p`` containing any of ``words``, each with the summed weight of the words it
    contains, best first (earlier first among equals)."""
    norm = normalize(p.text)
    found: dict[int, tuple[float, Span]] = {}
    for word in words:
        i = norm.text.find(word)
        for _ in range(per_word):
            if i < 0:
                break
            s, e = norm.orig_span(i, i + len(word))
            a, b = whole_sentence(p.text, s, e)
            if a not in found:
                inside = normalize(p.text[a:b]).text
                score = sum(w for x, w in words.items() if x in inside)
                found[a] = (score, Span(p.doc, p.start + a, p.start + b, p.text[a:b]))
            i = norm.text.find(word, i + len(word))
    return sorted(found.values(), key=lambda x: (-x[0], x[1].start))


def distinctive_words(pairs: list[tuple[str, float]], k: int) -> list[tuple[str, float]]:
    """The ``k`` strongest shared words, each shown in the longest shared form that contains it: the text
    vectors also count the words inside compounds (山区县 → 山区, 区县), and a reader should see 山区县
    once rather than 山区、区县. Weights are summed per shown word; best first."""
    shared = [w for w, _ in pairs]
    weight: dict[str, float] = {}
    for w, x in pairs:
        head = max((o for o in shared if w in o), key=lambda o: (len(o), o))
        weight[head] = weight.get(head, 0.0) + x
    return sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def text_reasons(
    query: Query, corpus: Corpus, c: CaseProfile, *, words: int = 6, used: set | None = None
) -> list[Reason]:
    """The words the two texts share most distinctively, and a sentence on each side that contains the
    most of them (one not quoted by another reason when there is one)."""
    qv, cv = query.vectors["text"], corpus.text_vectors[c.case_id]
    contributions = shared_terms(qv, cv, k=10**6)
    top = distinctive_words(contributions, words)
    if not top:
        return []
    used = used or set()
    weights = dict(top)
    for _, cs in sorted(_sentences_with(c, weights), key=lambda x: (x[1] in used, -x[0], x[1].start))[:5]:
        inside = normalize(cs.quote).text
        common = {w: x for w, x in weights.items() if w in inside}
        candidates = _sentences_with(query.profile, common)
        if not candidates:
            continue
        qs = sorted(candidates, key=lambda x: (x[1] in used, -x[0], x[1].start))[0][1]
        both = [w for w in common if w in normalize(qs.quote).text]
        similarity = sum(x for _, x in contributions)
        listed = "、".join(w for w, _ in top)
        example = "”“".join(both)
        summary = f"文本相似度 {similarity:.2f}；共同关键词：{listed}（例句同含“{example}”）"
        return [Reason("text", summary, (qs,), (cs,))]
    return []
