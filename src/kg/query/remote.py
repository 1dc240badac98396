"""Run a query on a remote SPARQL 1.1 endpoint with SPARQLWrapper (Virtuoso, QLever, Fuseki, kg serve)."""

from __future__ import annotations

import json
import re
import socket
import urllib.error

from kg.errors import QueryError
from kg.query.run import Result, graph_result


def run_remote(endpoint: str, query_text: str, *, timeout: float = 30.0) -> Result:
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    form = _form(query_text)
    is_graph = form in ("CONSTRUCT", "DESCRIBE")
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query_text)
    # SPARQLWrapper guesses the form from the text and strips only every other line of a comment block, so a
    # word such as "copy" or "padding" (COPY, ADD) in a comment makes it send the query as an update (HTTP
    # 400 from a query endpoint); the form read here ignores every comment line.
    sw.queryType = form
    sw.setMethod(POST)
    sw.setTimeout(int(max(1, timeout)))
    sw.setReturnFormat(TURTLE if is_graph else JSON)
    raw: bytes | None = None
    try:
        response = sw.query()
        if is_graph:
            data = response.convert()
        else:
            # the body as the server sent it is the JSON results (`kg query --format json` passes it on);
            # SPARQLWrapper's convert() would parse the same bytes
            raw = response.response.read()
            data = json.loads(raw.decode("utf-8"))
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")[:300] if hasattr(e, "read") else ""
        raise QueryError(f"{endpoint} answered HTTP {e.code} {e.reason}: {body.strip()}") from e
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, ConnectionRefusedError):
            raise QueryError(f"cannot connect to {endpoint}: connection refused (is the server running?)") from e
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise QueryError(f"{endpoint} did not answer within {timeout:g} s") from e
        raise QueryError(f"cannot reach {endpoint}: {reason}") from e
    except TimeoutError as e:
        raise QueryError(f"{endpoint} did not answer within {timeout:g} s") from e
    except SPARQLWrapperException as e:
        # SPARQLWrapper turns 400/401/404/414/500 into its own exceptions; keep the status in the message
        text = str(e)
        m = re.search(r"HTTP status code (\d+)", text)
        body = text.split("Response:", 1)[1].strip() if "Response:" in text else ""
        status = f"answered HTTP {m.group(1)}" if m else "rejected the query"
        raise QueryError(f"{endpoint} {status}: {type(e).__name__} {body[:300]}".rstrip()) from e
    except ValueError as e:  # also a body that is not UTF-8 JSON
        raise QueryError(f"{endpoint} returned malformed results: {e}{_cut_short(raw)}") from e
    if is_graph:
        return _graph(endpoint, data if isinstance(data, bytes) else str(data).encode("utf-8"))
    if not isinstance(data, dict) or "head" not in data:
        raise QueryError(f"{endpoint} returned malformed results (no SPARQL JSON head)")
    if "boolean" in data:
        value = bool(data["boolean"])
        return Result("boolean", ["boolean"], [[str(value).lower()]], boolean=value, json=raw)
    try:
        columns = list(data["head"]["vars"])
        rows = [[(b.get(c) or {}).get("value") for c in columns] for b in data["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as e:
        raise QueryError(f"{endpoint} returned malformed SPARQL JSON results: {e}") from e
    return Result("select", columns, rows, json=raw)


def _cut_short(body: bytes | None) -> str:
    """What a server wrote after it began a 200 response and then failed (oxigraph appends "The SPARQL operation
    has been cancelled" when a query runs past its --timeout-s): the reason is at the end of the body."""
    if not body:
        return ""
    tail = body[-200:].decode("utf-8", "replace")
    if "cancelled" in tail:
        return " (the server cancelled the query: it ran past the server's timeout)"
    return f" (the body ends: …{tail[-80:]!r})"


def _graph(endpoint: str, turtle: bytes) -> Result:
    """Parse the endpoint's Turtle so that --format jsonld/ntriples get those formats, not Turtle."""
    from pyoxigraph import RdfFormat, parse

    try:
        triples = [q.triple for q in parse(turtle, format=RdfFormat.TURTLE)]
    except SyntaxError as e:
        raise QueryError(f"{endpoint} returned malformed Turtle: {e}") from e
    return graph_result(triples)


def _form(text: str) -> str:
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    m = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", body, flags=re.I)
    return m.group(1).upper() if m else "SELECT"
