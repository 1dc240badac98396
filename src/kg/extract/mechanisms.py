"""Recognise named policy mechanisms (共富工坊, 消薄飞地, 贷款码 …) in case text, and harvest new candidates.

The curated SKOS scheme ``data/lexicons/mechanisms.ttl`` names each mechanism once (its prefLabel) and lists
the forms documents write it in (altLabels, hiddenLabels for known misspellings such as 拆股量化). Matching is
one left-to-right scan over a character trie of all labels, taking the longest label at each position, so
消薄飞地 is found as 消薄飞地 and not as 飞地.

What real text does to a name, and how the matcher copes:
- a page break or a stray space inside it ("云\\n认购", "e 商贷"): whitespace inside a term is skipped;
- quotation marks around a part of it ("“助共体”服务平台", "“两山”合作社"): quote marks inside a term are
  skipped, so one label covers the quoted and unquoted forms; the span is widened to keep quotes balanced;
- short slogan-like names that are only names when quoted (“三带”, “德文化”): a label written entirely
  inside quotes in the scheme matches only when the text quotes it too.

Top concepts of the scheme (区域协作, 社会救助 …) are categories for browsing, not names: they are never
matched in text. Names that are not in the scheme but look like instruments (“…模式”, “…码”, 「…」工程) are
returned separately by :func:`find_candidates`, so that a curator can promote them instead of losing them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from kg.paths import lexicon_dir
from kg.rdf.namespaces import DCT, GF, RDF, SKOS

OPEN_QUOTES = frozenset('“‘「『"')
CLOSE_QUOTES = frozenset('”’」』"')
_QUOTES = OPEN_QUOTES | CLOSE_QUOTES
_SPACES = frozenset(" \t\r\n\u3000")
_SKIPPABLE = _QUOTES | _SPACES
_MAX_SKIP_RUN = 4  # a page break leaves at most a few blank characters inside a term
_FORMULA_MAX = 10
# a quoted formula of digits, letters and plus signs (“1+X”, “2+N”, “135”) ending right where a name starts
_FORMULA_BEFORE = re.compile(r"[“\"「](?=[^”\"」]*\d)([0-9A-Za-z]+(?:[+＋][0-9A-Za-z]+)*)[”\"」]$")

# Candidate harvesting: closed sets of the words that make a quoted name an instrument's name.
_INNER_SUFFIXES = ("模式", "码", "工程", "平台", "机制", "贷", "工坊")
_AFTER_SUFFIXES = ("模式", "工程", "机制", "品牌", "应用", "平台", "行动", "计划")
# “政校企”新合作模式, “AI工会·爱玉环”职工服务品牌: a few modifier characters may sit between name and suffix
_AFTER = re.compile(r"([\u4e00-\u9fff]{0,4}?)(" + "|".join(_AFTER_SUFFIXES) + ")")
_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"\n]{1,16})[”」』\"]")
_SLOGAN_PUNCT = re.compile(r"[，,、。；;：:！!？?…—\s（）()《》+＋]")  # phrases and formulas (“A+B”)
_NUMBERS_ONLY = re.compile(r"[\d一二三四五六七八九十百千万两零〇xXnN×·.\-%]+")  # “135”, “三十”
_ENUMERATION = re.compile(r"^[\d一二三四五六七八九十两]+[大项个张条类种级]")  # “三大工程”: refers back to a list
_PHRASE_WORDS = re.compile(r"的|了|怎么|什么|如何|哪里")  # a clause, not a name
_LIST_WORDS = re.compile(r"的|等|和|与|及|或")  # “A”等平台, “A”和B模式: the suffix is not A's
_COMMON_CODE_WORDS = ("密码", "号码", "编码", "代码", "条码", "页码", "筹码", "价码", "数码", "解码", "扫码", "赋码")
_CANDIDATE_LEN = (2, 12)


@dataclass(frozen=True)
class MechanismConcept:
    """One concept of the scheme. ``broader`` holds IRIs of the directly broader concepts."""

    iri: str
    label: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]
    kind: str  # model | platform | institution | program | fund | product | other
    hidden_labels: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # IRIs of the documents the concept was curated from
    top: bool = False  # a category at the top of the hierarchy, never matched in text

    @property
    def labels(self) -> tuple[str, ...]:
        """Every form the concept is written in: prefLabel first, then alt and hidden labels."""
        return (self.label, *self.alt_labels, *self.hidden_labels)


@dataclass(frozen=True)
class MechanismMention:
    """A scheme mechanism named in text; ``concept`` is its IRI."""

    start: int
    end: int
    surface: str
    concept: str


@dataclass(frozen=True)
class CandidateMention:
    """A quoted name that looks like an instrument but is not in the scheme; ``label`` has no quotes."""

    start: int
    end: int
    surface: str
    label: str


@dataclass(frozen=True)
class _Entry:
    iri: str
    quoted_only: bool


def label_key(label: str) -> str:
    """The form labels are compared in: no whitespace or quote marks, ASCII letters in lower case."""
    return "".join(_fold(ch) for ch in _strip(label))


def _strip(label: str) -> str:
    """A label without whitespace and quote marks, as a candidate's display label."""
    return "".join(ch for ch in label if ch not in _SKIPPABLE)


def _fold(ch: str) -> str:
    return ch.lower() if ch.isascii() else ch


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_quoted_label(label: str) -> bool:
    """True for a label written entirely inside quotes (“三带”): it names the concept only when quoted."""
    s = label.strip()
    return len(s) > 2 and s[0] in OPEN_QUOTES and s[-1] in CLOSE_QUOTES and not any(c in _QUOTES for c in s[1:-1])


class _Trie:
    """A character trie over label keys; a node's ``None`` entry holds the concepts ending there."""

    def __init__(self) -> None:
        self.root: dict = {}

    def add(self, key: str, entry: _Entry) -> None:
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        ends: dict[str, _Entry] = node.setdefault(None, {})
        known = ends.get(entry.iri)
        if known is None or (known.quoted_only and not entry.quoted_only):
            ends[entry.iri] = entry


class MechanismScheme:
    """The curated mechanism scheme: concepts by IRI, their hierarchy, and a label index for matching."""

    def __init__(self, iri: str, concepts: dict[str, MechanismConcept]) -> None:
        self.iri = iri
        self.concepts = concepts

    def __len__(self) -> int:
        return len(self.concepts)

    @cached_property
    def _narrower(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for c in self.concepts.values():
            for b in c.broader:
                out[b].add(c.iri)
        return out

    def broader_closure(self, iri: str) -> set[str]:
        """All concepts above ``iri`` (transitively), not including itself."""
        return self._closure(iri, lambda i: self.concepts[i].broader if i in self.concepts else ())

    def narrower_closure(self, iri: str) -> set[str]:
        """All concepts below ``iri`` (transitively), not including itself."""
        return self._closure(iri, lambda i: self._narrower.get(i, ()))

    @staticmethod
    def _closure(start: str, step) -> set[str]:
        seen: set[str] = set()
        todo = list(step(start))
        while todo:
            i = todo.pop()
            if i not in seen and i != start:
                seen.add(i)
                todo.extend(step(i))
        return seen

    @property
    def top_concepts(self) -> list[MechanismConcept]:
        return [c for c in self.concepts.values() if c.top]

    @cached_property
    def _by_key(self) -> dict[str, str]:
        """Label key → concept IRI, over every label of every concept (top concepts included)."""
        out: dict[str, str] = {}
        for c in self.concepts.values():
            for label in c.labels:
                out.setdefault(label_key(label), c.iri)
        return out

    def lookup(self, name: str) -> str | None:
        """The IRI of the concept that has ``name`` as one of its labels (quotes and spaces ignored)."""
        return self._by_key.get(label_key(name))

    @cached_property
    def trie(self) -> _Trie:
        """Labels of the matchable (non-top) concepts, built once per scheme."""
        trie = _Trie()
        for c in self.concepts.values():
            if c.top:
                continue
            for label in c.labels:
                key = label_key(label)
                if key:
                    trie.add(key, _Entry(c.iri, _is_quoted_label(label)))
        return trie


# ---------------------------------------------------------------- loading


def default_scheme_path() -> Path:
    return lexicon_dir() / "mechanisms.ttl"


def load_scheme(path: Path | None = None) -> MechanismScheme:
    """Load the scheme (default ``data/lexicons/mechanisms.ttl``); cached per path."""
    return _load_scheme(str((path or default_scheme_path()).resolve()))


@lru_cache(maxsize=8)
def _load_scheme(path: str) -> MechanismScheme:
    props: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    with open(path, "rb") as f:
        for t in parse(f, format=RdfFormat.TURTLE):
            if isinstance(t.subject, NamedNode):
                props[t.subject.value][t.predicate.value].append(t.object)
    scheme_iri = next((s for s, p in props.items() if _has_type(p, SKOS + "ConceptScheme")), "")
    concepts = {s: _concept(s, p) for s, p in props.items() if _has_type(p, GF + "Mechanism")}
    return MechanismScheme(scheme_iri, concepts)


def _has_type(p: dict[str, list], type_iri: str) -> bool:
    return any(isinstance(o, NamedNode) and o.value == type_iri for o in p.get(RDF + "type", ()))


def _texts(objects: list) -> tuple[str, ...]:
    return tuple(o.value for o in objects if isinstance(o, Literal))


def _iris(objects: list) -> tuple[str, ...]:
    return tuple(sorted(o.value for o in objects if isinstance(o, NamedNode)))


def _concept(iri: str, p: dict[str, list]) -> MechanismConcept:
    prefs = _texts(p.get(SKOS + "prefLabel", []))
    kinds = _texts(p.get(GF + "mechanismKind", []))
    return MechanismConcept(
        iri=iri,
        label=prefs[0] if prefs else iri.rsplit("/", 1)[-1],
        alt_labels=_texts(p.get(SKOS + "altLabel", [])),
        broader=_iris(p.get(SKOS + "broader", [])),
        kind=kinds[0] if kinds else "other",
        hidden_labels=_texts(p.get(SKOS + "hiddenLabel", [])),
        related=_iris(p.get(SKOS + "related", [])),
        sources=_iris(p.get(DCT + "source", [])),
        top=bool(p.get(SKOS + "topConceptOf")),
    )


# ---------------------------------------------------------------- matching


def find_mechanisms(text: str, scheme: MechanismScheme) -> list[MechanismMention]:
    """Scheme mechanisms named in ``text``: longest match first, non-overlapping, sorted by start."""
    root = scheme.trie.root
    out: list[MechanismMention] = []
    i, last_end, n = 0, 0, len(text)
    while i < n:
        node = root.get(_fold(text[i]))
        if node is None or (i > 0 and _is_ascii_alnum(text[i]) and _is_ascii_alnum(text[i - 1])):
            i += 1
            continue
        match = _longest_at(text, i, node, last_end)
        if match is None:
            i += 1
            continue
        s, e, iri = match
        s = _formula_prefix(text, s, last_end)
        out.append(MechanismMention(s, e, text[s:e], iri))
        i = last_end = e
    return out


def _formula_prefix(text: str, start: int, last_end: int) -> int:
    """Widen a span over a quoted formula written right before the name (“2+N”校地合作模式, “1+3+N”…模式).

    The formula is part of the name as the document gives it: “2+N”校地合作模式 is that model, not any 校地合作."""
    m = _FORMULA_BEFORE.search(text, max(last_end, start - _FORMULA_MAX - 2), start)
    return m.start() if m else start


def _longest_at(text: str, start: int, node: dict, last_end: int) -> tuple[int, int, str] | None:
    """The longest label starting at ``start`` whose guards hold, as (start, end, IRI) of its span."""
    best: tuple[int, int, str] | None = None
    j, n, skipped = start + 1, len(text), 0
    while True:
        ends = node.get(None)
        if ends and skipped == 0:
            span = _accept(text, start, j, ends, last_end)
            if span is not None:
                best = span
        if j >= n:
            break
        ch = text[j]
        nxt = node.get(_fold(ch))
        if nxt is not None:
            node, j, skipped = nxt, j + 1, 0
        elif ch in _SKIPPABLE and skipped < _MAX_SKIP_RUN:
            j, skipped = j + 1, skipped + 1
        else:
            break
    return best


def _accept(text: str, start: int, end: int, ends: dict[str, _Entry], last_end: int) -> tuple[int, int, str] | None:
    """Check the guards of the labels ending at ``end`` and return the span to report, if any holds."""
    if end < len(text) and _is_ascii_alnum(text[end - 1]) and _is_ascii_alnum(text[end]):
        return None  # "IRS" inside "FIRST"
    for entry in sorted(ends.values(), key=lambda e: (e.quoted_only, e.iri)):
        if not entry.quoted_only:
            s, e = _balance_quotes(text, start, end, last_end)
            return s, e, entry.iri
        if start - 1 >= last_end and text[start - 1] in OPEN_QUOTES and end < len(text) and text[end] in CLOSE_QUOTES:
            return start - 1, end + 1, entry.iri
    return None


def _balance_quotes(text: str, start: int, end: int, last_end: int) -> tuple[int, int]:
    """Widen a span by one character on a side where a quote inside it is left unpaired (“助共体”服务平台)."""
    depth = lowest = 0
    for ch in text[start:end]:
        if ch in OPEN_QUOTES and ch not in CLOSE_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES and ch not in OPEN_QUOTES:
            depth -= 1
            lowest = min(lowest, depth)
    unpaired_close, unpaired_open = -lowest, depth - lowest
    if unpaired_close and start - 1 >= last_end and text[start - 1] in OPEN_QUOTES:
        start -= 1
    if unpaired_open and end < len(text) and text[end] in CLOSE_QUOTES:
        end += 1
    return start, end


# ---------------------------------------------------------------- candidates


def find_candidates(text: str, scheme: MechanismScheme) -> list[CandidateMention]:
    """Quoted names that look like instruments (“…模式”, “…码”, 「…」工程 …) and are not in the scheme."""
    known = find_mechanisms(text, scheme)
    out: list[CandidateMention] = []
    for m in _QUOTED.finditer(text):
        inner = m.group(1)
        label, end = _candidate_label(text, inner, m.end())
        if label is None or not _looks_like_name(inner) or _in_scheme(scheme, inner, label):
            continue
        if any(k.start < end and m.start(1) < k.end for k in known):
            continue  # a quoted name built on a scheme concept is a variant of it, not a new one
        out.append(CandidateMention(m.start(), end, text[m.start() : end], label))
    return out


def _candidate_label(text: str, inner: str, after: int) -> tuple[str | None, int]:
    """The normalised label of a quoted name and the end of its span, or None if it names no instrument."""
    name = _strip(inner)
    if any(name.endswith(s) and len(name) >= len(s) + 2 for s in _INNER_SUFFIXES):
        return (None if name.endswith(_COMMON_CODE_WORDS) else name), after
    m = _AFTER.match(text, after)
    if m and _CANDIDATE_LEN[0] <= len(name) <= _CANDIDATE_LEN[1] and not _LIST_WORDS.search(m.group(1)):
        return name + m.group(0), m.end()
    return None, after


def _looks_like_name(inner: str) -> bool:
    """Not a slogan (a phrase with punctuation), not a bare number or formula (“135”, “1+X”)."""
    return not (
        len(inner) > 14
        or _SLOGAN_PUNCT.search(inner)
        or _NUMBERS_ONLY.fullmatch(inner)
        or _ENUMERATION.match(inner)
        or _PHRASE_WORDS.search(inner)
    )


def _in_scheme(scheme: MechanismScheme, inner: str, label: str) -> bool:
    return scheme.lookup(inner) is not None or scheme.lookup(label) is not None


__all__ = [
    "CandidateMention",
    "MechanismConcept",
    "MechanismMention",
    "MechanismScheme",
    "default_scheme_path",
    "find_candidates",
    "find_mechanisms",
    "label_key",
    "load_scheme",
]
