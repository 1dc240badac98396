"""Property tests (hypothesis): hostile parameter values never change a query's meaning, and every
segmenter and extractor, given random or truncated text, returns a result or raises KgError — never
another exception.

Runs derandomized (the same examples every run, as CI needs). ``KG_FUZZ_EXAMPLES=10000`` makes the full
run (default 2000 for the binding properties; text properties run a twentieth of that, their examples
cost more); ``KG_FUZZ_SEED=N`` explores other examples with seed N.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import inspect
import os
import pkgutil
from collections.abc import Callable
from decimal import Decimal
from functools import cache, partial

import pytest
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Store

import kg.extract
import kg.segment
from kg.errors import KgError, QueryError
from kg.model import Document, Jurisdiction
from kg.paths import raw_dir
from kg.query.bind import bind
from kg.query.saved import list_queries, parse_query

BIND_EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "2000"))
TEXT_EXAMPLES = max(50, BIND_EXAMPLES // 20)
FUZZ_SEED = os.environ.get("KG_FUZZ_SEED")
XSD = "http://www.w3.org/2001/XMLSchema#"
MEGABYTE = 1_000_000


def fuzz(examples: int) -> Callable:
    """Derandomized settings (or the seed from KG_FUZZ_SEED), no deadline, no example database."""
    conf = settings(
        max_examples=examples,
        derandomize=FUZZ_SEED is None,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )

    def wrap(test: Callable) -> Callable:
        test = conf(test)
        return seed(int(FUZZ_SEED))(test) if FUZZ_SEED is not None else test

    return wrap


# ---------------------------------------------------------------- hostile values

HOSTILE = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    '\\"',
    "{",
    "}",
    "} ; DROP ALL ; #",
    '"} ; DROP ALL ; #',
    "\n} UNION { ?s ?p ?o }\n",
    "# comment\n",
    "<http://evil.example/>",
    "> ; DROP ALL",
    "?_x",
    "$x",
    "VALUES ?x { 1 }",
    "\r\n",
    "\t",
    "\x00",
    "http://example.org/a b",
    "http://example.org/{x}",
    'http://example.org/">',
    "urn:x:<>",
    "@zh",
    '"@en',
    "^^",
    '"^^<http://www.w3.org/2001/XMLSchema#integer>',
    "1e9999",
    "NaN",
    "-0",
    "2022-02-30",
    "共富工坊",
    "飛地經濟",
    "\u202e",
    "\ufeff",
    "𠀀",
]
hostile_text = st.one_of(
    st.text(),
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=12).map("".join),
)
TYPED = {
    "string": "?_v",
    "zh": "?_v_zh",
    "iri": "?_v_iri",
    "integer": "?_v_integer",
    "decimal": "?_v_decimal",
    "date": "?_v_date",
    "boolean": "?_v_boolean",
}


@cache
def sentinel_store() -> Store:
    """One triple: a bound query must count exactly it, and nothing may remove it."""
    s = Store()
    s.add(Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("o")))
    return s


def probe_query(var: str) -> str:
    """Selects the bound value and counts the store: a changed meaning shows as other rows or counts."""
    return f"# probe\nSELECT {var} (COUNT(?s) AS ?n)\nWHERE {{\n  ?s ?p ?o .\n}}\nGROUP BY {var}\n"


def expected_term(kind: str, value: str) -> NamedNode | Literal:
    """What the value must come back as when it is accepted (the parameter type's canonical term)."""
    if kind == "string":
        return Literal(value)
    if kind == "zh":
        return Literal(value, language="zh")
    if kind == "iri":
        return NamedNode(value)
    if kind == "integer":
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    if kind == "date":
        return Literal(value.strip(), datatype=NamedNode(XSD + "date"))
    if kind == "boolean":
        v = value.strip().lower()
        return Literal("true" if v in ("true", "1") else "false", datatype=NamedNode(XSD + "boolean"))
    raise AssertionError(kind)


def bound_rows(kind: str, value: str) -> tuple[str, str, list[tuple]]:
    q = parse_query("probe", probe_query(TYPED[kind]))
    text = bind(q, {q.parameters[0].name: [value]})
    rows = [(sol[0], sol[1].value) for sol in sentinel_store().query(text)]
    return q.text, text, rows


def assert_meaning_kept(kind: str, value: str) -> None:
    """Either a QueryError, or: the original text around one VALUES block, one row, the value intact."""
    try:
        original, text, rows = bound_rows(kind, value)
    except QueryError:
        return
    head, tail = original.split("WHERE {", 1)
    assert text.startswith(head + "WHERE {") and text.endswith(tail)
    assert len(rows) == 1 and rows[0][1] == "1", rows
    got = rows[0][0]
    if kind == "decimal":
        assert got.datatype == NamedNode(XSD + "decimal") and Decimal(got.value) == Decimal(value.strip())
    else:
        assert got == expected_term(kind, value)
    assert len(sentinel_store()) == 1


@fuzz(BIND_EXAMPLES)
@given(kind=st.sampled_from(sorted(TYPED)), value=hostile_text)
def test_a_bound_value_is_data_never_query_text(kind, value):
    assert_meaning_kept(kind, value)


@fuzz(BIND_EXAMPLES // 4)
@given(
    value=st.one_of(
        st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1).map(str),
        st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
        st.dates().map(dt.date.isoformat),
        st.sampled_from(["true", "false", "1", "0", " TRUE "]),
    ),
    kind=st.sampled_from(["integer", "decimal", "date", "boolean"]),
)
def test_well_formed_typed_values_round_trip_or_are_refused_clearly(kind, value):
    assert_meaning_kept(kind, value)


@fuzz(BIND_EXAMPLES // 4)
@given(path=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_iris_with_spaces_or_delimiters_are_refused(path):
    value = "http://example.org/" + path
    if any(c in path for c in ' <>"{}|\\^`\n\t'):
        with pytest.raises(QueryError, match="expects an absolute IRI"):
            bound_rows("iri", value)
    else:
        assert_meaning_kept("iri", value)


@pytest.mark.parametrize("kind", ["string", "zh"])
@pytest.mark.parametrize("piece", ['"} ; DROP ALL ; #\n', "'\\\"{", "共富工坊"])
def test_a_one_megabyte_value_is_bound_whole(kind, piece):
    value = (piece * (MEGABYTE // len(piece) + 1))[:MEGABYTE]
    assert_meaning_kept(kind, value)


def test_a_one_megabyte_iri_is_refused_or_kept_whole():
    assert_meaning_kept("iri", "http://example.org/" + "a" * MEGABYTE)
    with pytest.raises(QueryError):
        bound_rows("iri", "http://example.org/" + "a b" * (MEGABYTE // 3))


@fuzz(BIND_EXAMPLES // 4)
@given(data=st.data())
def test_saved_queries_bound_with_hostile_values_still_parse(data):
    """The real queries/*.rq: whatever is bound, the text around the VALUES block is unchanged and the
    query still parses (it runs on an empty store)."""
    queries = [q for q in list_queries() if q.parameters]
    if not queries:
        q = parse_query("fallback", "SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), ?_word)) }")
        queries = [q]
    q = data.draw(st.sampled_from(queries))
    values = {p.name: [data.draw(hostile_text)] for p in q.parameters}
    try:
        text = bind(q, values)
    except QueryError:
        return
    assert Store().query(text) is not None


# ---------------------------------------------------------------- segmenters and extractors

SEEDS = sorted(raw_dir().glob("*.txt"))
# Arguments other than the text, by parameter name (given whenever a function has the parameter, so that
# optional context is exercised too); a function with a required parameter not named here fails the
# meta test below until a value is added.
ARGUMENTS: dict[str, Callable[[str], object]] = {
    "jurisdiction": lambda _text: Jurisdiction(city="台州市", county="三门县", adcode="331022"),
    "scheme": lambda _text: importlib.import_module("kg.extract.mechanisms").load_scheme(),
    "context": lambda _text: ("331022", "330782"),
    "within": lambda _text: "331000",
    "default_kind": lambda _text: "target",
    "parts": lambda text: [(0, len(text) // 2), (len(text) // 2, len(text))],
}


@cache
def seed_texts() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in SEEDS)


@cache
def seed_alphabet() -> str:
    """Every character the seed documents use, plus Traditional and full-width forms and controls."""
    return "".join(sorted(set("".join(seed_texts())) | set("鄉鎮區縣樓產業飛地經濟０１２％（）：；，\r\t\x0b\u3000")))


@st.composite
def truncated_seed(draw) -> str:
    text = draw(st.sampled_from(seed_texts()))
    start = draw(st.integers(0, len(text)))
    return text[start : start + draw(st.integers(0, 3000))]


@st.composite
def shuffled_lines(draw) -> str:
    """Real lines of the seed documents in a random order and number: headings, numbers, names."""
    lines = [ln for t in seed_texts() for ln in t.splitlines() if ln.strip()]
    return "\n".join(draw(st.lists(st.sampled_from(lines), max_size=40)))


def random_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(alphabet=seed_alphabet(), max_size=400),
        st.text(max_size=200),
        truncated_seed(),
        shuffled_lines(),
    )


def _is_text_function(fn: Callable) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    return bool(params) and params[0].annotation in (str, "str")


def _modules(package) -> list:
    return [importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)]


def text_functions(package) -> dict[str, Callable]:
    """Public functions of ``package``'s modules whose first parameter is the text (``str``)."""
    out = {}
    for mod in _modules(package):
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ == mod.__name__ and not name.startswith("_") and _is_text_function(fn):
                out[f"{mod.__name__}.{name}"] = fn
    return out


def required_extras(fn: Callable) -> list[str]:
    params = list(inspect.signature(fn).parameters.values())[1:]
    return [p.name for p in params if p.default is inspect.Parameter.empty]


def call_with_text(fn: Callable, text: str):
    params = list(inspect.signature(fn).parameters)[1:]
    return fn(text, **{name: ARGUMENTS[name](text) for name in params if name in ARGUMENTS})


# Reported, to be fixed by the module's owner: offsets into one comma-separated part of the subject, not
# into the subject (callers use only the regions, not their positions).
OFFSETS_NOT_INTO_THE_TEXT = {"kg.extract.roles.regions_of_subject"}


def check_offsets(name: str, text: str, result) -> None:
    """Mention records (start, end, surface) must point at their surface in the same text."""
    if name in OFFSETS_NOT_INTO_THE_TEXT:
        return
    items = result if isinstance(result, list | tuple) else [result]
    for m in items:
        if all(hasattr(m, a) for a in ("start", "end", "surface")) and isinstance(m.surface, str):
            assert text[m.start : m.end] == m.surface, f"{name}: {m} but the text there is {text[m.start : m.end]!r}"


def test_every_extractor_and_segment_helper_can_be_called_by_the_fuzzer():
    functions = {**text_functions(kg.extract), **text_functions(kg.segment)}
    missing = {name: [a for a in required_extras(fn) if a not in ARGUMENTS] for name, fn in functions.items()}
    missing = {k: v for k, v in missing.items() if v}
    assert not missing, f"add a value for these parameters to ARGUMENTS in {__file__}: {missing}"


def test_the_fuzzer_finds_the_extractors_and_the_segmenters():
    assert "kg.extract.regions.find_regions" in text_functions(kg.extract)
    assert "kg.segment.lines.split_lines" in text_functions(kg.segment)
    layouts = {name.rsplit(".", 1)[1] for name in segmenters()}
    assert {"brief", "compilation", "generic", "newspaper", "reform_table"} <= layouts


# Boundaries every run tries, whatever the random draw: empty text, a lone half-width punctuation mark
# at either end (normalize looks at its neighbours), a lone newline, a number at the very end.
EDGES = ("", ")", "a)", "(a", ",", "1:", "\n", "第", "276万", "一、", "\u3000")


def with_edges(test: Callable, **extra) -> Callable:
    for text in EDGES:
        test = example(text=text, **extra)(test)
    return test


@fuzz(TEXT_EXAMPLES)
@given(text=random_text(), normalised=st.booleans())
@partial(with_edges, normalised=True)
def test_extractors_return_mentions_or_a_kg_error(text, normalised):
    from kg.normalize import normalize

    if normalised:
        text = normalize(text).text
    for name, fn in text_functions(kg.extract).items():
        try:
            result = call_with_text(fn, text)
        except KgError:
            continue
        check_offsets(name, text, result)


@fuzz(TEXT_EXAMPLES)
@given(text=random_text())
@with_edges
def test_segment_helpers_return_a_result_or_a_kg_error(text):
    for fn in text_functions(kg.segment).values():
        try:
            call_with_text(fn, text)
        except KgError:
            continue


def fuzz_document(text: str) -> Document:
    import hashlib

    return Document(
        name="fuzz.txt", doc_id="fuzz", text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), source_format="txt"
    )


def segmenters() -> dict[str, Callable]:
    out = {"kg.segment.segment": kg.segment.segment}
    for mod in _modules(kg.segment):
        if callable(getattr(mod, "segment", None)) and callable(getattr(mod, "matches", None)):
            out[mod.__name__] = mod.segment
    return out


def check_cases(doc: Document, cases) -> None:
    for c in cases:
        assert 0 <= c.start <= c.end <= len(doc.text)
        for s, e in c.parts:
            assert 0 <= s <= e <= len(doc.text)


@fuzz(TEXT_EXAMPLES)
@given(text=random_text())
@with_edges
def test_every_segmenter_returns_cases_inside_the_text_or_a_kg_error(text):
    for fn in segmenters().values():
        doc = fuzz_document(text)
        try:
            cases = fn(doc)
        except KgError:
            continue
        check_cases(doc, cases)


@fuzz(max(20, TEXT_EXAMPLES // 4))
@given(text=random_text())
@with_edges
def test_a_whole_document_goes_through_the_pipeline_or_fails_with_a_kg_error(text):
    from kg.pipeline import process_document

    with contextlib.suppress(KgError):
        process_document(fuzz_document(text))


# ---------------------------------------------------------------- the number/unit parser

MAGNITUDE_FACTORS = {"": 1, "千": 1000, "万": 10**4, "亿": 10**8}


@cache
def count_units() -> list:
    from kg.extract.numbers import load_units

    return sorted((u for u in load_units().values() if u.use in ("count", "both")), key=lambda u: u.name)


@fuzz(BIND_EXAMPLES // 4)
@given(
    number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
    magnitude=st.sampled_from(sorted(MAGNITUDE_FACTORS)),
    data=st.data(),
)
def test_a_printed_quantity_round_trips_through_the_parser(number, magnitude, data):
    from kg.extract.numbers import format_quantity, parse_quantity

    unit = data.draw(st.sampled_from(count_units()))
    printed = f"{format(number, 'f')}{magnitude}{unit.name}"
    q = parse_quantity(printed)
    assert q is not None, printed
    assert format_quantity(q) == printed
    assert q.base_value == number * MAGNITUDE_FACTORS[magnitude] * unit.factor


@fuzz(TEXT_EXAMPLES)
@given(text=random_text())
def test_the_quantity_parser_reads_any_text_without_crashing(text):
    from kg.extract.numbers import parse_quantity

    assert parse_quantity(text) is None or parse_quantity(text).unit is not None
