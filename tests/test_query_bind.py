"""Parameters are bound as typed RDF terms in a VALUES block; hostile text never changes the query."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.errors import QueryError
from kg.query.bind import bind, parse_params
from kg.query.saved import parse_query

Q = """#+ summary: titles containing a word
#+ defaults:
#+   - limit: 5
PREFIX ex: <http://example.org/>
SELECT ?s ?t WHERE {
  ?s ex:title ?t .
  FILTER(CONTAINS(?t, ?_word))
  FILTER(!BOUND(?__exclude_iri) || ?s != ?__exclude_iri)
}
"""


@pytest.fixture()
def store() -> Store:
    s = Store()
    for i, t in enumerate(["共富工坊", "飞地经济", '含"引号"的标题', "} ; DROP ALL ; #"]):
        s.add(Quad(NamedNode(f"http://example.org/c{i}"), NamedNode("http://example.org/title"), Literal(t)))
    return s


def run(store: Store, text: str) -> list[str]:
    return sorted(sol["t"].value for sol in store.query(text))


def test_parameters_are_discovered_with_types_and_optionality():
    q = parse_query("q", Q)
    by_name = {p.name: p for p in q.parameters}
    assert by_name["word"].type == "string" and by_name["word"].required
    assert by_name["exclude"].type == "iri" and not by_name["exclude"].required


def test_a_bound_string_filters_rows(store):
    q = parse_query("q", Q)
    assert run(store, bind(q, {"word": ["飞地"]})) == ["飞地经济"]


@pytest.mark.parametrize(
    "hostile",
    ['"', "'", '"}', "} ; DROP ALL ; #", "\n} UNION { ?s ?p ?o }\n", '"""', "\\", "x" * 100_000, '"引号"'],
)
def test_hostile_strings_are_data_not_syntax(store, hostile):
    q = parse_query("q", Q)
    text = bind(q, {"word": [hostile]})
    rows = run(store, text)
    expected = sorted(t for t in ["共富工坊", "飞地经济", '含"引号"的标题', "} ; DROP ALL ; #"] if hostile in t)
    assert rows == expected


def test_unknown_parameter_is_rejected_with_the_known_ones():
    q = parse_query("q", Q)
    with pytest.raises(QueryError, match=r"has no parameter 'wrod'.*word"):
        parse_params(q, ["wrod=x"])


def test_missing_required_parameter_is_reported():
    with pytest.raises(QueryError, match="needs --param word"):
        bind(parse_query("q", Q), {})


@pytest.mark.parametrize(
    ("var", "value", "message"),
    [
        ("?_n_integer", "12a", "expects an integer"),
        ("?_d_decimal", "lots", "expects a decimal"),
        ("?_day_date", "2022-13-01", "expects a date"),
        ("?_r_iri", "not an iri", "expects an absolute IRI"),
        ("?_r_iri", "http://x.org/a b", "expects an absolute IRI"),
        ("?_b_boolean", "maybe", "expects true or false"),
    ],
)
def test_wrong_types_are_rejected(var, value, message):
    q = parse_query("q", f"SELECT * WHERE {{ ?s ?p {var} }}")
    name = q.parameters[0].name
    with pytest.raises(QueryError, match=message):
        bind(q, {name: [value]})


def test_a_list_of_values_binds_several_rows(store):
    q = parse_query("q", "PREFIX ex: <http://example.org/>\nSELECT ?t WHERE { ?s ex:title ?t . FILTER(?t = ?_t) }")
    assert run(store, bind(q, {"t": ["共富工坊", "飞地经济"]})) == ["共富工坊", "飞地经济"]


def test_where_inside_a_string_or_comment_is_not_the_where_group(store):
    text = '# WHERE { not here\nPREFIX ex: <http://example.org/>\nSELECT ?t WHERE { ?s ex:title ?t . FILTER(?t != "WHERE {") FILTER(?t = ?_t) }'
    assert run(store, bind(parse_query("q", text), {"t": ["共富工坊"]})) == ["共富工坊"]


def test_default_values_apply():
    q = parse_query("q", "#+ defaults:\n#+   - n: 3\nSELECT * WHERE { ?s ?p ?o FILTER(?o = ?_n_integer) }")
    assert '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' in bind(q, {})


def test_enumerated_parameter_rejects_other_values():
    q = parse_query("q", "#+ enumerate:\n#+   - role: primary, partner, mentioned\nSELECT * WHERE { ?s ?p ?_role }")
    with pytest.raises(QueryError, match="must be one of primary, partner, mentioned"):
        bind(q, {"role": ["boss"]})


def test_a_query_without_parameters_is_left_as_written():
    # ASK { … } without the WHERE keyword is valid SPARQL; with nothing to bind there is nothing to place
    q = parse_query("q", "ASK { ?s ?p ?o }")
    assert bind(q, {}) == "ASK { ?s ?p ?o }"
