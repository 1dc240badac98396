"""The similar-cases report as Markdown, HTML (same content, from one block model) or JSON.

Every quoted sentence is followed by its position: document file name and character offsets, linked with
an RFC 5147 fragment (``file.txt#char=120,186``) to the seed file when it is in data/raw, so a reader can
open the source at that place.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from kg.paths import raw_dir
from kg.report.blocks import (
    Block,
    Bullets,
    Heading,
    Inline,
    Item,
    Link,
    Quote,
    Strong,
    item,
    para,
    to_html,
    to_markdown,
)
from kg.report.explain import Reason
from kg.report.profiles import CaseProfile, Corpus, IndicatorFact, Span
from kg.report.similar import WEIGHTS, Match, Query

SIGNAL_NAMES = {
    "text": "文本",
    "mechanisms": "机制",
    "groups": "对象/问题",
    "departments": "部门",
    "category": "领域",
    "region": "地区",
}
TITLE = "相似案例报告"


@dataclass
class SimilarReport:
    corpus: Corpus
    query: Query
    matches: list[Match]  # with .reasons filled

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return to_json(self)
        blocks = report_blocks(self)
        return to_markdown(blocks) if fmt == "md" else to_html(blocks, title=TITLE)


# ---------------------------------------------------------------- positions


def position_link(span: Span) -> Inline:
    """``003_….txt 字符 120–186`` linked to the source (RFC 5147 ``#char=`` fragment), or 查询描述."""
    if span.doc is None:
        return f"查询描述 字符 {span.start}–{span.end}"
    text = f"{span.doc} 字符 {span.start}–{span.end}"
    path = raw_dir() / span.doc
    base = path.as_uri() if path.exists() else span.doc
    return Link(text, f"{base}#char={span.start},{span.end}")


def _evidence_items(label: str, spans: tuple[Span, ...]) -> list[Item]:
    return [item(f"{label}：", Quote(s.quote), "（", position_link(s), "）") for s in spans]


# ---------------------------------------------------------------- profile


def _names(values: list[str], limit: int = 12) -> str:
    unique = list(dict.fromkeys(values))
    return "、".join(unique[:limit]) + ("等" if len(unique) > limit else "") if unique else "（无）"


def profile_items(corpus: Corpus, p: CaseProfile) -> list[Item]:
    """Region, category, mechanisms, departments, key indicators, endorsements of a case."""
    primary = _names([r.name for r in p.primary_regions()])
    partners = [r.name for r in p.partner_regions()]
    mechs = sorted(p.mechanisms, key=lambda m: -len(p.mechanisms[m]))
    depts = [u.label for uses in p.departments.values() for u in uses]
    items = [item(Strong("地区："), primary + (f"；合作地区：{_names(partners)}" if partners else ""))]
    if not p.is_query_text:
        items.append(item(Strong("领域："), p.category or "（未分类）"))
    items.append(item(Strong("机制："), _names([corpus.label(m) for m in mechs])))
    items.append(item(Strong("参与部门："), _names(depts)))
    if p.groups:
        items.append(item(Strong("服务对象/问题："), _names(list(p.groups))))
    key = key_indicators(p)
    if key:
        items.append(
            item(
                Strong("主要指标："),
                children=[item(Quote(indicator_clause(i)), "（", position_link(i.span), "）") for i in key],
            )
        )
    if p.endorsements:
        items.append(
            item(
                Strong("领导肯定："),
                children=[
                    item(
                        f"{e.title}{e.leader}{e.action}",
                        *((f"：“{e.words}”",) if e.words else ()),
                        "（",
                        position_link(e.span),
                        "）",
                    )
                    for e in p.endorsements[:5]
                ],
            )
        )
    return items


_RESULTS_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、\s*\S{0,4}成效", re.M)


def key_indicators(p: CaseProfile, n: int = 5) -> list[IndicatorFact]:
    """Up to ``n`` outcome indicators (one per clause), those of the case's results section (三、实施成效)
    first: that is where a case reports what the practice achieved; figures in 基本情况/主要做法 are often
    inputs or context."""
    heading = _RESULTS_HEADING.search(p.text)
    results_from = p.start + heading.start() if heading else None
    outcomes = sorted(
        (i for i in p.indicators if i.metric and i.kind == "outcome"),
        key=lambda i: (
            results_from is not None and i.span.start < results_from,
            i.span.start,
            i.span.quote.find(indicator_clause(i)),
        ),
    )
    by_clause: dict[str, IndicatorFact] = {}
    for i in outcomes:
        by_clause.setdefault(indicator_clause(i), i)  # two figures of one clause are shown once
    return list(by_clause.values())[:n]


_CLAUSE_END = "，,；;。：:！？!?"


def indicator_clause(i: IndicatorFact) -> str:
    """The clause of the indicator's sentence that states the figure (“全县43所乡村学校全部与城区学校组建
    “教共体””), verbatim: it says what was measured better than a short metric label can. Falls back to
    ``metric：value`` when the figure is not found in the sentence as printed."""
    q = i.span.quote
    m = re.search(r"\s*".join(map(re.escape, "".join(i.printed.split()))), q) if i.printed.strip() else None
    if m is None:
        return f"{i.metric}：{i.printed}"
    a = max((q.rfind(ch, 0, m.start()) for ch in _CLAUSE_END), default=-1) + 1
    ends = [e for e in (q.find(ch, m.end()) for ch in _CLAUSE_END) if e >= 0]
    b = min(ends) if ends else len(q)
    return q[a:b].strip()


def _source_line(p: CaseProfile) -> Inline:
    span = Span(p.doc, p.start, p.start + len(p.text), "")
    return position_link(span)


# ---------------------------------------------------------------- report


def _reason_item(r: Reason) -> Item:
    children = _evidence_items("查询", r.query_evidence) + _evidence_items("本案例", r.case_evidence)
    return item(r.summary, children=children)


def _signals(m: Match) -> str:
    """The signals as they enter the score (each relative to the best candidate of this query)."""
    values = m.scaled or m.signals
    return " · ".join(f"{SIGNAL_NAMES[k]} {v:.2f}" for k, v in values.items())


def report_blocks(report: SimilarReport) -> list[Block]:
    corpus, q = report.corpus, report.query
    p = q.profile
    blocks: list[Block] = [Heading(1, TITLE)]
    if q.is_case:
        blocks += [
            Heading(2, f"查询案例：{p.title}"),
            para(f"案例 {p.case_id}（第 {p.ordinal} 篇），来源：", _source_line(p)),
        ]
    else:
        blocks += [
            Heading(2, "查询：拟开展的做法"),
            para(Quote(p.text)),
            para("以下为从描述中识别到的要素（与建库时使用相同的抽取规则）。"),
        ]
    if q.note:
        blocks.append(para(q.note))
    blocks.append(Bullets(tuple(profile_items(corpus, p))))
    blocks.append(Heading(2, f"最相似的 {len(report.matches)} 个案例"))
    if not report.matches:
        blocks.append(para("（没有可比较的案例）"))
    for rank, m in enumerate(report.matches, start=1):
        c = m.profile
        blocks += [
            Heading(3, f"{rank}. {c.title}"),
            para(Strong(f"相似度 {m.score:.2f}"), f"（各信号：{_signals(m)}）"),
            para(
                f"案例 {c.case_id}（第 {c.ordinal} 篇）；地区：{_names([r.name for r in c.primary_regions()])}；"
                f"领域：{c.category or '（未分类）'}；来源：",
                _source_line(c),
            ),
            Bullets(tuple(_reason_item(r) for r in m.reasons)) if m.reasons else para("（无可引用的共同点）"),
        ]
    weights = "，".join(f"{SIGNAL_NAMES[k]} {w:.2f}" for k, w in WEIGHTS.items())
    blocks += [
        Heading(2, "评分说明"),
        para(
            f"相似度为各信号的加权平均，权重：{weights}；查询缺少的信号不计入。"
            "文本、机制、对象/问题、部门四项先除以本次查询中全部候选的最大值（各案例下方所列即折算后的值，"
            "最相近的候选为 1.00）。机制相似度按机制体系的上下位关系计算：相同机制计 1，"
            "同属一个上位机制（如“消薄飞地”与“产业飞地”同属“飞地”）按上位机制的稀有程度部分计入；"
            "文本相似度为 jieba 分词后的 TF-IDF 余弦（地名不计入，复合词同时计入其中的词）。"
            "改革/计划表的条目默认不参与排名。详见 docs/similar.md。"
        ),
    ]
    return blocks


def to_json(report: SimilarReport) -> str:
    q = report.query
    p = q.profile
    data = {
        "query": {
            "kind": "case" if q.is_case else "text",
            **({"note": q.note} if q.note else {}),
            **(
                {"case_id": p.case_id, "doc": p.doc, "ordinal": p.ordinal, "title": p.title}
                if q.is_case
                else {"text": p.text}
            ),
            "mechanisms": [report.corpus.label(m) for m in p.mechanisms],
            "groups": list(p.groups),
            "regions": [r.name for r in p.primary_regions()],
        },
        "results": [
            {
                "rank": i,
                "doc": m.profile.doc,
                "ordinal": m.profile.ordinal,
                "case_id": m.profile.case_id,
                "title": m.profile.title,
                "score": m.score,
                "signals": {k: round(v, 4) for k, v in m.signals.items()},
                "scaled": {k: round(v, 4) for k, v in m.scaled.items()},
                "reasons": [r.to_dict() for r in m.reasons],
            }
            for i, m in enumerate(report.matches, start=1)
        ],
        "weights": WEIGHTS,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
