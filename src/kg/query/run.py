"""Run a query on the built store (in-process) or on a remote SPARQL 1.1 endpoint (SPARQLWrapper).

Results come back as a ``Result``: column names plus rows of plain values (for table/CSV/TSV), and the
serialisation in any W3C format asked for. The SPARQL JSON results keep each term's type (uri, literal with
its datatype or language, bnode), which plain values cannot, so they are the engine's own serialisation:
Oxigraph's for a local query, the server's body for a remote one.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    serialize,
)

from kg.errors import QueryError, StoreError
from kg.rdf.namespaces import PREFIXES

SELECT_FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = ("turtle", "jsonld", "ntriples")


@dataclass
class Result:
    kind: str  # select | graph | boolean
    columns: list[str] = field(default_factory=list)
    rows: list[list[str | None]] = field(default_factory=list)
    payload: dict[str, bytes] = field(default_factory=dict)  # format → serialised bytes
    boolean: bool | None = None
    json: bytes | None = None  # W3C SPARQL 1.1 JSON results (SELECT/ASK), when asked for or sent by a server


def open_store(path: Path) -> Store:
    """Open a built store read-only, or explain why it cannot be used."""
    if not path.exists():
        raise StoreError(f"no store at {path}: run `kg build` first (or pass --store DIR)")
    if not (path / "CURRENT").exists():
        raise StoreError(f"{path} is not an Oxigraph store (no CURRENT file): rebuild it with `kg build`")
    try:
        return _open_cached(str(path.resolve()))
    except (OSError, RuntimeError) as e:  # pyoxigraph reports on-disk corruption as RuntimeError
        raise StoreError(f"cannot open the store at {path}: {e}. It may be corrupted: rebuild with `kg build`") from e


@lru_cache(maxsize=4)
def _open_cached(path: str) -> Store:
    return Store.read_only(path)


def _plain(term) -> str | None:
    return None if term is None else term.value


def graph_result(triples: list) -> Result:
    """A CONSTRUCT/DESCRIBE result in every graph format (local, or parsed from a remote endpoint's Turtle)."""
    return Result(
        "graph",
        payload={
            "turtle": serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES),
            "jsonld": serialize(triples, format=RdfFormat.JSON_LD),
            "ntriples": serialize(triples, format=RdfFormat.N_TRIPLES),
        },
        rows=[[t.subject.value, t.predicate.value, _plain(t.object)] for t in triples],
        columns=["subject", "predicate", "object"],
    )


def run_local(store: Store, query_text: str, *, results_json: bool = False) -> Result:
    """Run ``query_text`` on ``store`` (union default graph).

    With ``results_json`` a SELECT or ASK result also carries Oxigraph's SPARQL 1.1 JSON serialisation, and
    its rows are read back from it (a result can be iterated only once); without it no JSON is built, which
    keeps table/CSV runs (and the in-process latency) free of that cost.
    """
    try:
        res = store.query(query_text, use_default_graph_as_union=True)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except (OSError, RuntimeError) as e:
        raise StoreError(f"the store failed while answering: {e}. It may be corrupted: rebuild with `kg build`") from e
    if isinstance(res, QuerySolutions):
        columns = [v.value for v in res.variables]
        if results_json:
            body = res.serialize(format=QueryResultsFormat.JSON)
            bindings = json.loads(body)["results"]["bindings"]
            rows = [[(b.get(c) or {}).get("value") for c in columns] for b in bindings]
            return Result("select", columns, rows, json=body)
        # A solution iterates over its values in column order (None where unbound): one pass per row instead
        # of a lookup by variable name per cell, which costs as much as the query itself on 10⁴-cell results.
        rows = [[None if t is None else t.value for t in sol] for sol in res]
        return Result("select", columns, rows, payload={})
    if isinstance(res, QueryTriples):
        return graph_result(list(res))
    if isinstance(res, QueryBoolean):
        body = res.serialize(format=QueryResultsFormat.JSON) if results_json else None
        return Result("boolean", ["boolean"], [[str(bool(res)).lower()]], boolean=bool(res), json=body)
    raise QueryError(f"unexpected result type {type(res).__name__}")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def format_table(result: Result, max_width: int = 60) -> str:
    """Aligned columns for a terminal (CJK characters count double)."""

    def cell(v: str | None) -> str:
        s = "" if v is None else str(v).replace("\n", " ")
        if _width(s) > max_width:
            while _width(s) > max_width - 1:
                s = s[:-1]
            s += "…"
        return s

    rows = [[cell(v) for v in r] for r in result.rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(result.columns)]

    def line(vals: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(vals, widths, strict=True)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_delimited(result: Result, delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(result.columns)
    for r in result.rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def sparql_json(result: Result) -> str:
    """The W3C SPARQL 1.1 JSON results of a SELECT or ASK, as the engine wrote them.

    Rows of plain values cannot be turned back into JSON results (an IRI and a string with the same text
    look alike), so the result must carry the engine's serialisation: ``run_local(..., results_json=True)``
    or any ``run_remote`` result.
    """
    if result.json is None:
        raise QueryError("no SPARQL JSON results were kept for this result (run it with results_json=True)")
    return result.json.decode("utf-8")
