"""Case profiles for the similar-cases report: what each case is about, with the evidence for every fact.

A profile gathers, from the graph (through the ``analysis-*`` queries, so it works on a remote endpoint
too): title, category, regions, the mechanisms it names (with the sentence each is named in), its
departments and their types, indicators, endorsements, the target groups/problems its text names, and the
word counts of its text. ``Corpus`` holds all profiles plus what the ranking needs across the corpus (IDF of
words, mechanisms, groups and department types; the mechanism hierarchy).

Building a corpus tokenises ~0.5 MB of text with jieba (≈ 2 s with jieba's start-up), so the finished
corpus is pickled under the build directory, ``<build>/cache/similar-<sha256 of kg.nq>.pickle``, together
with the vocabulary dictionary the query tokenizer loads (``similar-<sha>.vocab``). A new build has a new
``kg.nq`` and so a new key; stale files are removed when a new cache is written.
"""

from __future__ import annotations

import hashlib
import json
import math
import pickle
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.analysis.source import Rows, Source, local_name, truthy
from kg.evidence import sentence_span
from kg.normalize import NormalizedText, normalize
from kg.report.groups import find_groups, group_names
from kg.text.tfidf import Vector, document_frequencies, idf_table, soft_dot, soft_normalise, vectorize, weigh
from kg.text.tokenize import CorpusTokenizer, VocabularyTokenizer, expand_compounds, keep, write_vocabulary

CACHE_VERSION = 8
PROFILE_QUERIES = (
    "analysis-cases",
    "analysis-case-texts",
    "analysis-mechanism-scheme",
    "analysis-mechanism-uses",
    "analysis-department-roles",
    "analysis-indicators",
    "analysis-endorsements",
    "analysis-region-roles",
)
PLAN_LAYOUTS = ("reform_table",)
# department types (gf:departmentType) that name a place's government or party committee as a whole: they
# appear in almost every case ("省委省政府部署") and say nothing about what the practice is
GENERIC_DEPARTMENT_TYPES = frozenset({"government", "party committee"})


@dataclass(frozen=True)
class Span:
    """A quoted span: ``doc`` is the source file name, offsets into it; for a free-text query doc is None
    and the offsets are into the query text."""

    doc: str | None
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class MechanismUse:
    concept: str  # IRI
    label: str
    surface: str
    span: Span


@dataclass(frozen=True)
class DepartmentUse:
    iri: str
    label: str
    kind: str  # the kind of body without its place (民政局)
    span: Span
    generic: bool = False  # a place's government or party committee: present almost everywhere


@dataclass(frozen=True)
class IndicatorFact:
    metric: str
    printed: str
    unit: str
    base_value: float | None
    base_unit: str
    kind: str
    span: Span


@dataclass(frozen=True)
class EndorsementFact:
    leader: str
    title: str
    action: str
    words: str
    span: Span


@dataclass(frozen=True)
class RegionFact:
    iri: str
    name: str
    level: str
    role: str
    county: str  # IRI of the county (itself for county level and above)
    span: Span


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str
    broader: tuple[str, ...]
    top: bool
    candidate: bool


@dataclass
class CaseProfile:
    """One case (or a free-text query: ``case_id`` "query", ``doc`` None)."""

    case_id: str
    doc: str | None
    ordinal: int
    title: str
    category: str | None
    issued: str | None
    start: int  # offset of ``text`` in the document
    text: str
    regions: list[RegionFact] = field(default_factory=list)
    mechanisms: dict[str, list[MechanismUse]] = field(default_factory=dict)  # concept IRI → uses
    departments: dict[str, list[DepartmentUse]] = field(default_factory=dict)  # department type → uses
    indicators: list[IndicatorFact] = field(default_factory=list)
    endorsements: list[EndorsementFact] = field(default_factory=list)
    groups: dict[str, list[Span]] = field(default_factory=dict)  # group name → sentences naming it
    token_counts: Counter[str] = field(default_factory=Counter)
    layout: str = ""

    @property
    def is_query_text(self) -> bool:
        return self.doc is None

    @property
    def is_plan(self) -> bool:
        """A row of a reform/plan table: what a place intends to do, not a reported practice."""
        return self.layout in PLAN_LAYOUTS

    def specific_departments(self) -> dict[str, list[DepartmentUse]]:
        """Departments by kind, without the generic ones (a place's government or party committee)."""
        return {k: u for k, u in self.departments.items() if not all(x.generic for x in u)}

    def primary_regions(self) -> list[RegionFact]:
        return [r for r in self.regions if r.role == "primary"]

    def partner_regions(self) -> list[RegionFact]:
        return [r for r in self.regions if r.role == "partner"]


@dataclass
class Corpus:
    profiles: dict[str, CaseProfile]
    concepts: dict[str, Concept]
    token_idf: dict[str, float]
    concept_idf: dict[str, float]
    group_idf: dict[str, float]
    department_idf: dict[str, float]
    fingerprint: str
    vocabulary: Path | None = None
    text_vectors: dict[str, Vector] = field(default_factory=dict)
    mechanism_vectors: dict[str, Vector] = field(default_factory=dict)
    group_vectors: dict[str, Vector] = field(default_factory=dict)
    department_vectors: dict[str, Vector] = field(default_factory=dict)
    _similarity: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    _lineages: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def ancestors(self, iri: str) -> set[str]:
        """Every concept broader than ``iri`` (transitively)."""
        return ancestors(self.concepts, iri)

    def closure(self, direct: set[str]) -> set[str]:
        """The concepts used plus every concept broader than one of them."""
        return closure(self.concepts, direct)

    def label(self, iri: str) -> str:
        c = self.concepts.get(iri)
        return c.label if c else local_name(iri)

    def by_doc_ordinal(self, doc: str, ordinal: int) -> CaseProfile | None:
        for p in self.profiles.values():
            if p.doc == doc and p.ordinal == ordinal:
                return p
        return None

    # -- vectors (cheap: computed after loading, not pickled)

    def vectors_for(self, p: CaseProfile) -> dict[str, Vector]:
        """The four vectors of a profile: text, mechanisms, groups, department types.

        Each is tf × idf with sublinear tf = 1 + ln(number of sentences naming it), so a mechanism a case is
        built around (named in ten sentences) outweighs one it mentions in passing.
        """
        return {
            "text": vectorize(list(p.token_counts.elements()), self.token_idf),
            "mechanisms": self.mechanism_vector({m: len(uses) for m, uses in p.mechanisms.items()}),
            "groups": weigh({g: len(s) for g, s in p.groups.items()}, self.group_idf),
            "departments": weigh({k: len(u) for k, u in p.specific_departments().items()}, self.department_idf),
        }

    def information_content(self, iri: str) -> float:
        """ln(N / cases using the concept or a narrower one): how specific a concept is. A concept no case
        uses (named only in a description) is as specific as one used once."""
        ic = self.concept_idf.get(iri)
        return ic if ic is not None else math.log(max(len(self.profiles), 1))

    def concept_similarity(self, a: str, b: str) -> float:
        """Lin's similarity of two concepts in the scheme: 2·IC(most specific common broader concept) /
        (IC(a) + IC(b)); 1 for the same concept, 0 without a common broader concept.

        消薄飞地 ~ 产业飞地 share 飞地 (≈ 0.6); 道德信贷 ~ 整村授信 share only the category 金融产品 (≈ 0.4);
        a query's 飞地 ~ a case's 消薄飞地 ≈ 0.8. A broad category carries little information, so two
        concepts that only share 综合改革 are barely alike."""
        if a == b:
            return 1.0
        key = (a, b) if a < b else (b, a)
        cached = self._similarity.get(key)
        if cached is None:
            common = self._lineage(a) & self._lineage(b)
            ic = max((self.information_content(c) for c in common), default=0.0)
            total = self.information_content(a) + self.information_content(b)
            cached = self._similarity[key] = 2 * ic / total if total > 0 else 0.0
        return cached

    def _lineage(self, iri: str) -> frozenset[str]:
        lineage = self._lineages.get(iri)
        if lineage is None:
            lineage = self._lineages[iri] = frozenset(self.ancestors(iri) | {iri})
        return lineage

    def mechanism_vector(self, counts: dict[str, int]) -> Vector:
        """The concepts named, each weighted (1 + ln sentences naming it) × IC, scaled to soft norm 1 under
        ``concept_similarity``: the soft cosine of two cases is then the plain sum Σ q_i c_j sim(i, j), and
        a use of 消薄飞地 meets a use of 飞地 or 产业飞地 through the hierarchy instead of not at all."""
        v = {m: (1.0 + math.log(n)) * self.information_content(m) for m, n in counts.items() if n > 0}
        return soft_normalise({m: x for m, x in v.items() if x > 0}, self.concept_similarity)

    def mechanism_similarity(self, a: Vector, b: Vector) -> float:
        """Soft cosine of two mechanism vectors (both from ``mechanism_vector``)."""
        return soft_dot(a, b, self.concept_similarity)

    def prepare(self) -> Corpus:
        for cid, p in self.profiles.items():
            vs = self.vectors_for(p)
            self.text_vectors[cid] = vs["text"]
            self.mechanism_vectors[cid] = vs["mechanisms"]
            self.group_vectors[cid] = vs["groups"]
            self.department_vectors[cid] = vs["departments"]
        return self

    def text_vector(self, text: str) -> Vector:
        """The TF-IDF vector of a description, tokenised like the cases (place names blanked, compounds
        expanded into the corpus's words)."""
        tokens = self.query_tokenizer().tokens(mask_regions(normalize(text).text))
        return vectorize(expand_compounds(tokens, self.token_idf), self.token_idf)

    def query_tokenizer(self) -> VocabularyTokenizer:
        if self.vocabulary is None or not self.vocabulary.exists():
            raise FileNotFoundError("the corpus has no vocabulary file; rebuild the similar-cases cache")
        return VocabularyTokenizer(self.vocabulary)


def ancestors(concepts: dict[str, Concept], iri: str) -> set[str]:
    seen: set[str] = set()
    todo = list(concepts[iri].broader) if iri in concepts else []
    while todo:
        b = todo.pop()
        if b not in seen and b != iri:
            seen.add(b)
            todo.extend(concepts[b].broader if b in concepts else ())
    return seen


def closure(concepts: dict[str, Concept], direct: set[str]) -> set[str]:
    out = set(direct)
    for m in direct:
        out |= ancestors(concepts, m)
    return out


# ---------------------------------------------------------------- building from the graph


def _int(v: str | None) -> int:
    return int(v) if v not in (None, "") else 0


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def _squash(s: str) -> str:
    return "".join(s.split())


def _pick_surface(surfaces: list[str], quote: str) -> str:
    """The surface form that appears in the quoted sentence (a use node may carry several forms)."""
    q = _squash(quote)
    found = [s for s in surfaces if _squash(s) in q]
    return max(found, key=len) if found else surfaces[0]


def concepts_from(rows: Rows) -> dict[str, Concept]:
    broader: dict[str, list[str]] = defaultdict(list)
    info: dict[str, tuple[str, bool, bool]] = {}
    for r in rows:
        m = r["mechanism"] or ""
        info.setdefault(m, (r["label"] or local_name(m), truthy(r["top"]), truthy(r["candidate"])))
        if r["broader"] and r["broader"] not in broader[m]:
            broader[m].append(r["broader"])
    return {m: Concept(m, lab, tuple(sorted(broader.get(m, ()))), top, cand) for m, (lab, top, cand) in info.items()}


def _base_profiles(source: Source) -> dict[str, CaseProfile]:
    texts = {r["case"]: (r["text"] or "", _int(r["start"])) for r in source.select("analysis-case-texts")}
    out: dict[str, CaseProfile] = {}
    for r in source.select("analysis-cases"):
        iri = r["case"] or ""
        text, start = texts.get(iri, (r["title"] or "", _int(r["start"])))
        out[iri] = CaseProfile(
            local_name(iri),
            r["doc"],
            _int(r["ordinal"]),
            r["title"] or "",
            r["category"],
            r["issued"],
            start,
            text,
            layout=r.get("layout") or "",
        )
    return out


def _add_mechanisms(source: Source, profiles: dict[str, CaseProfile]) -> None:
    grouped: dict[tuple[str, str, int, int], tuple[str, list[str], str]] = {}
    for r in source.select("analysis-mechanism-uses"):
        key = (r["case"] or "", r["mechanism"] or "", _int(r["start"]), _int(r["end"]))
        label, surfaces, quote = grouped.setdefault(key, (r["label"] or "", [], r["quote"] or ""))
        if r["surface"] and r["surface"] not in surfaces:
            surfaces.append(r["surface"])
    for (case, m, s, e), (label, surfaces, quote) in sorted(grouped.items()):
        p = profiles.get(case)
        if p is None:
            continue
        surface = _pick_surface(surfaces or [label], quote)
        p.mechanisms.setdefault(m, []).append(MechanismUse(m, label, surface, Span(p.doc, s, e, quote)))


def department_kind(label: str, jurisdiction: str | None) -> str:
    """The kind of body a department is, without its place: 三门县民政局 → 民政局, 中国人民银行三门支行 →
    中国人民银行支行. Provincial 厅 and local 局 of the same function compare equal (浙江省教育厅 → 教育局)."""
    kind = label
    if jurisdiction:
        if kind.startswith(jurisdiction):
            kind = kind[len(jurisdiction) :]
        elif len(jurisdiction) > 2 and jurisdiction[:-1] in kind:
            kind = kind.replace(jurisdiction[:-1], "", 1)  # the place's short name inside: 人民银行三门支行
    if kind.endswith("厅"):
        kind = kind[:-1] + "局"
    return kind or label


def _add_departments(source: Source, profiles: dict[str, CaseProfile]) -> None:
    seen: set[tuple[str, str, int]] = set()
    for r in source.select("analysis-department-roles"):
        p = profiles.get(r["case"] or "")
        key = (r["case"] or "", r["department"] or "", _int(r["start"]))
        if p is None or key in seen:
            continue
        seen.add(key)
        kind = department_kind(r["label"] or "", r["jurisdiction"])
        p.departments.setdefault(kind, []).append(
            DepartmentUse(
                r["department"] or "",
                r["label"] or "",
                kind,
                Span(p.doc, _int(r["start"]), _int(r["end"]), r["quote"] or ""),
                generic=(r["type"] or "") in GENERIC_DEPARTMENT_TYPES,
            )
        )


def _add_indicators(source: Source, profiles: dict[str, CaseProfile]) -> None:
    for r in source.select("analysis-indicators"):
        p = profiles.get(r["case"] or "")
        if p is None:
            continue
        p.indicators.append(
            IndicatorFact(
                r["metric"] or "",
                r["printed"] or f"{r['value'] or ''}{r['unit'] or ''}",  # as printed, unit included
                r["unit"] or "",
                _float(r["base"]),
                r["baseUnit"] or r["unit"] or "",
                r["kind"] or "outcome",
                Span(p.doc, _int(r["start"]), _int(r["end"]), r["quote"] or ""),
            )
        )


def _add_endorsements(source: Source, profiles: dict[str, CaseProfile]) -> None:
    for r in source.select("analysis-endorsements"):
        p = profiles.get(r["case"] or "")
        if p is None:
            continue
        p.endorsements.append(
            EndorsementFact(
                r["leader"] or "",
                r["title"] or "",
                r["action"] or "",
                r["words"] or "",
                Span(p.doc, _int(r["start"]), _int(r["end"]), r["quote"] or ""),
            )
        )


def _add_regions(source: Source, profiles: dict[str, CaseProfile]) -> None:
    for r in source.select("analysis-region-roles"):
        p = profiles.get(r["case"] or "")
        if p is None:
            continue
        p.regions.append(
            RegionFact(
                r["region"] or "",
                r["rname"] or "",
                r["level"] or "",
                r["role"] or "",
                r["county"] or r["region"] or "",
                Span(p.doc, _int(r["start"]), _int(r["end"]), r["quote"] or ""),
            )
        )


_OPEN_END = "，、：,:（(“‘—"  # a line ending in one of these has not finished its sentence
_FINAL = "。！？；!?;"
_CLOSERS = "”’」』）)"
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
_PARAGRAPH_LINE = 30  # a line this long without final punctuation is a paragraph cut by the layout


def _cut_mid_sentence(before: str, after: str) -> bool:
    """True when a blank line between ``before`` and ``after`` cuts a sentence rather than ending one:
    the last line before it does not end a sentence (closing quotes ignored) and is paragraph text, not a
    title — long, or holding an earlier sentence end, or ending in a comma-like mark — and what follows is
    not a numbered heading."""
    line = before.rsplit("\n", 1)[-1].rstrip()
    stem = line.rstrip(_CLOSERS)
    if not stem or stem[-1] in _FINAL or _HEADING.match(after):
        return False
    return line[-1] in _OPEN_END or len(line) >= _PARAGRAPH_LINE or any(ch in _FINAL for ch in stem)


def whole_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """``sentence_span`` of text[start:end], continued across a blank line that cuts a sentence in two.

    The seed documents were converted from print layouts and often break a sentence with an empty line at a
    page or column break (“…推送到省大救助信息系统进行经济⏎⏎状况、资产情况等信息核对，…”); a quote that
    stops at “进行经济” reads as nonsense. See ``_cut_mid_sentence`` for when a blank line does not end a
    sentence; ``sentence_span`` still caps a sentence at about 400 characters."""
    a, b = sentence_span(text, start, end)
    for _ in range(3):
        rest = text[b:]
        gap = len(rest) - len(rest.lstrip())
        if not (gap and "\n\n" in rest[:gap].replace(" ", "") and b + gap < len(text)):
            break
        if not _cut_mid_sentence(text[:b], text[b + gap : b + gap + 12]):
            break
        b = max(b, sentence_span(text, b + gap, b + gap + 1)[1])
    for _ in range(3):
        before = text[:a].rstrip()
        if not (before and "\n\n" in text[len(before) : a].replace(" ", "")):
            break
        if not _cut_mid_sentence(before, text[a : a + 12]):
            break
        a = min(a, sentence_span(text, len(before) - 1, len(before))[0])
    return a, b


def complete_span(p: CaseProfile, span: Span) -> Span:
    """``span`` (a sentence quoted by the build) continued across a blank line that cuts it (see
    ``whole_sentence``); unchanged when it is not inside the case text as quoted."""
    lo, hi = span.start - p.start, span.end - p.start
    if lo < 0 or hi > len(p.text) or p.text[lo:hi] != span.quote:
        return span
    a, b = whole_sentence(p.text, lo, hi)
    return span if (a, b) == (lo, hi) else Span(span.doc, p.start + a, p.start + b, p.text[a:b])


def _complete_quotes(p: CaseProfile) -> None:
    p.mechanisms = {m: [replace(u, span=complete_span(p, u.span)) for u in uses] for m, uses in p.mechanisms.items()}
    p.departments = {k: [replace(u, span=complete_span(p, u.span)) for u in uses] for k, uses in p.departments.items()}
    p.regions = [replace(r, span=complete_span(p, r.span)) for r in p.regions]


def find_group_spans(
    text: str, *, doc: str | None, offset: int, norm: NormalizedText | None = None
) -> dict[str, list[Span]]:
    """Target groups named in ``text`` (original text), each with the sentences naming it (doc offsets);
    ``norm`` is ``normalize(text)`` if the caller has it already."""
    norm = norm or normalize(text)
    out: dict[str, list[Span]] = {}
    for g in find_groups(norm.text):
        s, e = norm.orig_span(g.start, g.end)
        a, b = whole_sentence(text, s, e)
        span = Span(doc, offset + a, offset + b, text[a:b])
        spans = out.setdefault(g.group, [])
        if all(x.start != span.start for x in spans):
            spans.append(span)
    return out


def mask_regions(text: str) -> str:
    """``text`` with every region name blanked out (replaced by a separator of the same length).

    Place names are frequent and rare across the corpus at once (景宁 15 times in one case), so in a TF-IDF
    vector they would outweigh what a case *does*; where a case happens is the region signal's job.
    """
    from kg.extract.regions import find_regions

    chars = list(text)
    for m in find_regions(text):
        chars[m.start : m.end] = "，" * (m.end - m.start)
    return "".join(chars)


def build_corpus(source: Source, *, fingerprint: str, cache_dir: Path | None = None) -> Corpus:
    """Profiles of every case in ``source`` plus the corpus statistics (IDF tables)."""
    by_iri = _base_profiles(source)
    for add in (_add_mechanisms, _add_departments, _add_indicators, _add_endorsements, _add_regions):
        add(source, by_iri)
    concepts = concepts_from(source.select("analysis-mechanism-scheme"))
    tokenizer = CorpusTokenizer([c.label for c in concepts.values()] + list(group_names()))
    vocab: Counter[str] = Counter()
    for p in by_iri.values():
        _complete_quotes(p)
        norm = normalize(p.text)
        p.groups = find_group_spans(p.text, doc=p.doc, offset=p.start, norm=norm)
        raw = tokenizer.raw(mask_regions(norm.text) + "\n" + mask_regions(normalize(p.title).text))
        vocab.update(raw)
        p.token_counts = Counter(t for t in raw if keep(t))
    known = {t for p in by_iri.values() for t in p.token_counts}
    for p in by_iri.values():
        p.token_counts = Counter(expand_compounds(p.token_counts.elements(), known))
    profiles = {p.case_id: p for p in by_iri.values()}
    corpus = Corpus(profiles, concepts, *_idf_tables(profiles, concepts), fingerprint=fingerprint)
    # the query tokenizer's dictionary: next to the cache, or in a temporary folder when nothing is cached
    directory = cache_dir or Path(tempfile.mkdtemp(prefix="kg-similar-"))
    corpus.vocabulary = write_vocabulary(vocab, directory / f"similar-{fingerprint[:16]}.vocab")
    return corpus.prepare()


def _idf_tables(profiles: dict[str, CaseProfile], concepts: dict[str, Concept]):
    n = max(len(profiles), 1)
    token_df, _ = document_frequencies(p.token_counts for p in profiles.values())
    concept_df: Counter[str] = Counter()
    group_df: Counter[str] = Counter()
    dept_df: Counter[str] = Counter()
    for p in profiles.values():
        concept_df.update(closure(concepts, set(p.mechanisms)))
        group_df.update(list(p.groups))
        dept_df.update(list(p.specific_departments()))
    return (
        idf_table(token_df, n),
        {m: math.log(n / c) for m, c in concept_df.items()},
        idf_table(group_df, n),
        idf_table(dept_df, n),
    )


# ---------------------------------------------------------------- cache


def cache_dir_for(source: Source) -> Path | None:
    """``<build>/cache``: next to a local store, or the default build directory's for an endpoint;
    None for an in-memory store."""
    if source.store is not None:
        return source.store.parent / "cache"
    if source.endpoint:
        from kg.paths import default_build_dir

        return default_build_dir() / "cache"
    return None


def source_fingerprint(source: Source) -> str:
    """sha256 of the build's kg.nq; for an endpoint (or a store without a dump), of the profile query rows."""
    fp = source.fingerprint()
    if fp:
        return fp
    h = hashlib.sha256()
    for name in PROFILE_QUERIES:
        h.update(json.dumps(source.select(name).rows, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def load_corpus(source: Source, *, cache_dir: Path | None = None, use_cache: bool = True) -> Corpus:
    """The corpus for ``source``: from the on-disk cache when its key matches, else built (and cached)."""
    fingerprint = source_fingerprint(source)
    directory = cache_dir or cache_dir_for(source)
    path = directory / f"similar-{fingerprint[:16]}.pickle" if directory else None
    if use_cache and path is not None and path.exists():
        try:
            with path.open("rb") as f:
                version, corpus = pickle.load(f)
            if version == CACHE_VERSION and corpus.fingerprint == fingerprint:
                return corpus.prepare()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass  # an unreadable cache is rebuilt
    corpus = build_corpus(source, fingerprint=fingerprint, cache_dir=directory)
    if path is not None:
        _write_cache(corpus, path)
    return corpus


def _write_cache(corpus: Corpus, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keep = {path.name, corpus.vocabulary.name if corpus.vocabulary else ""}
    for old in [*path.parent.glob("similar-*"), *path.parent.glob("jieba.u*.cache")]:
        if old.name not in keep and old.suffix in (".pickle", ".vocab", ".cache"):
            old.unlink(missing_ok=True)  # jieba's prefix cache of an old vocabulary is rebuilt on first use
    slim = Corpus(
        corpus.profiles,
        corpus.concepts,
        corpus.token_idf,
        corpus.concept_idf,
        corpus.group_idf,
        corpus.department_idf,
        corpus.fingerprint,
        corpus.vocabulary,
    )
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump((CACHE_VERSION, slim), f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
