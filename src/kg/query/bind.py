"""Bind parameters as typed RDF terms — never by pasting user text into the query.

Each value is parsed into a pyoxigraph term (NamedNode, Literal with datatype or language) and written
in N-Triples syntax, which escapes quotes, braces and newlines, into a ``VALUES`` block placed at the
start of the query's WHERE group. A VALUES block is standard SPARQL 1.1, so the bound query runs the same
on Oxigraph, Virtuoso, QLever or Fuseki, and FILTERs in the group see the bound values.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode

from kg.errors import QueryError
from kg.query.saved import Parameter, SavedQuery

XSD = "http://www.w3.org/2001/XMLSchema#"
_IRI_BAD = re.compile(r'[\s<>"{}|\\^`]')
_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def to_term(p: Parameter, value: str) -> NamedNode | Literal:
    """Parse ``value`` as the parameter's type, or raise QueryError saying what was expected."""

    def bad(expected: str) -> QueryError:
        shown = value if len(value) <= 60 else value[:57] + "..."
        return QueryError(f"parameter '{p.name}' expects {expected}, got {shown!r}")

    if p.enum and value not in p.enum:
        raise QueryError(f"parameter '{p.name}' must be one of {', '.join(p.enum)}; got {value!r}")
    if p.type == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or _IRI_BAD.search(value):
            raise bad('an absolute IRI without spaces or <>"{}|\\^` (e.g. https://w3id.org/gongfu/id/region/331082)')
        try:
            return NamedNode(value)
        except ValueError as e:
            raise bad("a valid IRI") from e
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise bad("an integer")
        return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
    if p.type == "decimal":
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            raise bad("a decimal number (e.g. 1000000 or 2.5)") from None
        if not d.is_finite():
            raise bad("a finite decimal number")
        text = format(d, "f")
        return Literal(text if "." in text else text + ".0", datatype=NamedNode(XSD + "decimal"))
    if p.type == "date":
        try:
            dt.date.fromisoformat(value.strip())
        except ValueError:
            raise bad("a date YYYY-MM-DD") from None
        return Literal(value.strip(), datatype=NamedNode(XSD + "date"))
    if p.type == "boolean":
        v = value.strip().lower()
        if v not in ("true", "false", "1", "0"):
            raise bad("true or false")
        return Literal("true" if v in ("true", "1") else "false", datatype=NamedNode(XSD + "boolean"))
    if p.lang:
        return Literal(value, language=p.lang)
    return Literal(value)


def parse_params(query: SavedQuery, pairs: list[str]) -> dict[str, list[str]]:
    """``["k=v", "k=w"]`` → {"k": ["v", "w"]}; unknown names are an error."""
    known = {p.name: p for p in query.parameters}
    out: dict[str, list[str]] = {}
    for pair in pairs:
        k, sep, v = pair.partition("=")
        k = k.strip()
        if not sep:
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        if k not in known:
            names = ", ".join(sorted(known)) or "none"
            raise QueryError(f"query '{query.name}' has no parameter '{k}' (its parameters: {names})")
        out.setdefault(k, []).append(v)
    return out


def _where_brace(text: str) -> int:
    """Index just after the '{' that opens the top-level WHERE group (skipping comments, strings, IRIs)."""
    i, n = 0, len(text)
    seen_where = False
    depth = 0
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in "\"'":
            q3 = text[i : i + 3]
            if q3 in ('"""', "'''"):
                j = text.find(q3, i + 3)
                i = n if j < 0 else j + 3
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            if m:
                i += m.end()
                continue
        if depth == 0 and text[i : i + 5].upper() == "WHERE" and (i == 0 or not text[i - 1].isalnum()):
            seen_where = True
            i += 5
            continue
        if c == "{":
            if seen_where and depth == 0:
                return i + 1
            depth += 1
        elif c == "}":
            depth -= 1
        i += 1
    raise QueryError("the query has no WHERE { … } group to bind parameters into (write WHERE explicitly)")


def _blank_out(text: str) -> str:
    """``text`` with comments, string literals and IRIs replaced by spaces (offsets kept), for brace counting."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        j = i + 1
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif c in "\"'":
            q3 = text[i : i + 3]
            if q3 in ('"""', "'''"):
                j = text.find(q3, i + 3)
                j = n if j < 0 else j + 3
            else:
                while j < n and text[j] != c:
                    j += 2 if text[j] == "\\" else 1
                j += 1
        elif c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            if not m:
                i += 1
                continue
            j = i + m.end()
        else:
            i += 1
            continue
        for k in range(i, min(j, n)):
            if out[k] != "\n":
                out[k] = " "
        i = j
    return "".join(out)


def nested_parameter_uses(query: SavedQuery) -> list[str]:
    """Parameters used inside a nested group of WHERE (a UNION branch, an OPTIONAL, a sub-query …).

    The VALUES block joins at the top level of WHERE. SPARQL evaluates a nested group before that join,
    so a FILTER or BIND there, or a sub-query that does not project the variable, would see the
    parameter unbound: the query would silently ignore it. Saved queries must use parameters only in
    the top-level WHERE group (or in HAVING / the projection, which see the joined rows).
    """
    if not query.parameters:  # nothing to check (and ASK { … } without WHERE is valid SPARQL)
        return []
    text = _blank_out(query.text)
    start = _where_brace(query.text)
    depth = 1
    problems: list[str] = []
    names = {p.variable for p in query.parameters}
    for m in re.finditer(r"[{}]|\?(__?[A-Za-z][A-Za-z0-9_]*)", text[start:]):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif m.group(1) in names and depth >= 2:
            line = query.text.count("\n", 0, start + m.start()) + 1
            problems.append(f"?{m.group(1)} (line {line})")
    return problems


def bind(query: SavedQuery, values: dict[str, list[str]]) -> str:
    """The query text with its parameters bound (defaults applied; required ones checked)."""
    nested = nested_parameter_uses(query)
    if nested:
        raise QueryError(
            f"query '{query.name}' uses parameters inside a nested group ({', '.join(nested)}), where the "
            "VALUES binding cannot reach them; use parameters only in the top-level WHERE group"
        )
    rows: list[tuple[str, list[str]]] = []
    for p in query.parameters:
        given = values.get(p.name)
        if not given and p.default is not None:
            given = [p.default]
        if not given:
            if p.required:
                raise QueryError(f"query '{query.name}' needs --param {p.name}=… ({p.type})")
            continue
        rows.append((p.variable, [str(to_term(p, v)) for v in given]))
    if not rows:
        return query.text
    block = "".join(f"\n  VALUES ?{var} {{ {' '.join(terms)} }}" for var, terms in rows) + "\n"
    at = _where_brace(query.text)
    return query.text[:at] + block + query.text[at:]
