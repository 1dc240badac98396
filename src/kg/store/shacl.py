"""SHACL Core shapes compiled to SPARQL and checked on Oxigraph: the build's validator.

Why not pyshacl on every build: it needs the graph copied into rdflib (1–2 s for the seed corpus) and then
evaluates each constraint in Python (2–3 s more); at 10× it takes half a minute and at 100× minutes and
gigabytes. The shapes in ontology/shapes.ttl use a small part of SHACL Core — class targets, property shapes
on a predicate path, and cardinality, class, datatype, value-range, string, list, `sh:or` and
`sh:lessThanOrEquals` constraints — and each such constraint is one SPARQL query over the store, with the
semantics of the SHACL spec (and of pyshacl, which `tests/test_shacl.py` compares it with):

- focus nodes are the SHACL instances of the target classes (``rdf:type/rdfs:subClassOf*`` in the data);
- value nodes are the distinct objects of the path; counts count distinct values;
- ``sh:class`` follows ``rdfs:subClassOf*`` in the data; ``sh:datatype`` also requires a well-formed
  lexical form (for the XSD types SPARQL can cast to); ``sh:in`` and ``sh:hasValue`` compare terms exactly;
  a comparison that cannot be made (``sh:minInclusive`` on a string) is a violation.

Shapes that use anything else raise ``UnsupportedShapes`` naming the construct; the caller then falls back to
pyshacl, so adding a new kind of constraint to shapes.ttl never weakens validation silently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, parse

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

# XSD datatypes SPARQL (Oxigraph) can cast a string to: a value of one of these is well-formed iff the cast
# of its lexical form succeeds. Other datatypes are checked by datatype IRI only.
CASTABLE = frozenset(
    XSD + t
    for t in (
        *("integer", "decimal", "boolean", "double", "float", "date", "dateTime", "time", "duration"),
        *("gYearMonth", "gYear", "gMonthDay", "gDay", "gMonth"),
    )
)
# Properties of a shape that describe it without constraining anything.
DESCRIPTIVE = frozenset(
    [RDF + "type", RDFS + "label", RDFS + "comment", SH + "name", SH + "description", SH + "message", SH + "order"]
)
# Constraint parameters checked per value node (usable inside sh:or too).
VALUE_PARAMS = frozenset(
    SH + p
    for p in (
        *("class", "datatype", "nodeKind", "in", "pattern", "flags", "minLength", "maxLength", "or"),
        *("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"),
    )
)
FOCUS_PARAMS = frozenset(SH + p for p in ("minCount", "maxCount", "hasValue", "lessThanOrEquals", "lessThan"))
NODE_KINDS = {
    SH + "IRI": "isIRI(?v)",
    SH + "BlankNode": "isBlank(?v)",
    SH + "Literal": "isLiteral(?v)",
    SH + "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))",
    SH + "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
    SH + "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
}
COMPARISONS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}


class UnsupportedShapes(Exception):
    """The shapes use a SHACL feature this compiler does not implement (the message names it)."""


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape, as a SELECT that returns its violations (?focus, ?v)."""

    shape: str
    path: str
    component: str  # the SHACL parameter: minCount, class, datatype …
    message: str
    sparql: str


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    path: str
    message: str
    value: str = ""  # the offending value (N-Triples syntax), empty for a count or hasValue violation


class _Graph:
    """The shapes graph as subject → predicate → objects, enough to walk shapes and RDF lists."""

    def __init__(self, turtle: bytes) -> None:
        self.out: dict[object, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for t in parse(turtle, format=RdfFormat.TURTLE):
            self.out[t.subject][t.predicate.value].append(t.object)

    def one(self, node, pred: str):
        values = self.out.get(node, {}).get(pred, [])
        if len(values) > 1:
            raise UnsupportedShapes(f"{_name(node)} has {len(values)} values of {_short(pred)}; expected one")
        return values[0] if values else None

    def items(self, head) -> list:
        """The members of an RDF list."""
        out, node = [], head
        while not (isinstance(node, NamedNode) and node.value == RDF + "nil"):
            first = self.one(node, RDF + "first")
            if first is None:
                raise UnsupportedShapes(f"{_name(head)} is not a well-formed RDF list")
            out.append(first)
            node = self.one(node, RDF + "rest")
        return out


def _short(iri: str) -> str:
    return "sh:" + iri[len(SH) :] if iri.startswith(SH) else f"<{iri}>"


def _name(node) -> str:
    return node.value if isinstance(node, NamedNode) else "a blank-node shape"


def _term(node) -> str:
    """A constant of the shapes graph as SPARQL syntax (N-Triples syntax is valid SPARQL)."""
    if isinstance(node, BlankNode):
        raise UnsupportedShapes("a blank node used as a constraint value")
    return str(node)


def _int(g: _Graph, node, param: str) -> int:
    value = g.one(node, SH + param)
    if not isinstance(value, Literal) or not value.value.isdecimal():
        raise UnsupportedShapes(f"sh:{param} of {_name(node)} is not a non-negative integer")
    return int(value.value)


def _conforms(g: _Graph, shape, where: str) -> str:
    """A SPARQL expression, true when ?v satisfies every value-node constraint of ``shape`` (never an error)."""
    params = {p for p in g.out.get(shape, {}) if p not in DESCRIPTIVE}
    unknown = params - VALUE_PARAMS - FOCUS_PARAMS - {SH + "path", SH + "severity", SH + "deactivated"}
    if unknown:
        raise UnsupportedShapes(f"{where} uses {', '.join(sorted(map(_short, unknown)))}")
    parts = []
    for p in sorted(params & VALUE_PARAMS):
        parts.extend(_value_condition(g, shape, p[len(SH) :], where))
    return " && ".join(parts) if parts else "true"


def _value_condition(g: _Graph, shape, param: str, where: str) -> list[str]:
    value = g.one(shape, SH + param)
    if param == "class":
        return [f"EXISTS {{ ?v <{RDF}type>/<{RDFS}subClassOf>* {_term(value)} }}"]
    if param == "datatype":
        dt = value.value
        well_formed = f" && isLiteral(<{dt}>(STR(?v)))" if dt in CASTABLE else ""
        return [f"COALESCE(isLiteral(?v) && DATATYPE(?v) = <{dt}>{well_formed}, false)"]
    if param == "nodeKind":
        if value.value not in NODE_KINDS:
            raise UnsupportedShapes(f"{where}: unknown sh:nodeKind {value}")
        return [NODE_KINDS[value.value]]
    if param == "in":
        members = g.items(value)
        return ["(" + (" || ".join(f"sameTerm(?v, {_term(m)})" for m in members) or "false") + ")"]
    if param == "pattern":
        flags = g.one(shape, SH + "flags")
        args = f"{_term(Literal(value.value))}" + (f", {_term(Literal(flags.value))}" if flags is not None else "")
        return [f"COALESCE(!isBlank(?v) && REGEX(STR(?v), {args}), false)"]
    if param == "flags":
        return []  # read with sh:pattern
    if param in ("minLength", "maxLength"):
        op = ">=" if param == "minLength" else "<="
        return [f"COALESCE(!isBlank(?v) && STRLEN(STR(?v)) {op} {_int(g, shape, param)}, false)"]
    if param in COMPARISONS:
        return [f"COALESCE(?v {COMPARISONS[param]} {_term(value)}, false)"]
    if param == "or":
        alternatives = [_conforms(g, s, f"{where} (inside sh:or)") for s in g.items(value)]
        return ["(" + " || ".join(f"({a})" for a in alternatives) + ")"]
    raise UnsupportedShapes(f"{where}: sh:{param}")


def _focus(targets: list[str]) -> str:
    values = " ".join(f"<{t}>" for t in targets)
    return (
        f"{{ SELECT DISTINCT ?focus WHERE {{ VALUES ?target {{ {values} }} "
        f"?focus <{RDF}type>/<{RDFS}subClassOf>* ?target }} }}"
    )


def _property_checks(g: _Graph, node_shape, targets: list[str], prop) -> list[Check]:
    path = g.one(prop, SH + "path")
    shape_name = _name(node_shape)
    if not isinstance(path, NamedNode):
        raise UnsupportedShapes(f"{shape_name}: a property shape whose sh:path is not a single predicate IRI")
    deactivated = g.one(prop, SH + "deactivated")
    severity = g.one(prop, SH + "severity")
    if (deactivated is not None and deactivated.value == "true") or (
        severity is not None and severity.value != SH + "Violation"
    ):
        return []  # warnings and infos do not fail a build (pyshacl's allow_warnings)
    p, focus = f"<{path.value}>", _focus(targets)
    where = f"{shape_name} on {_short(path.value)}"
    message = g.one(prop, SH + "message")
    params = {k for k in g.out[prop] if k not in DESCRIPTIVE}
    unknown = params - VALUE_PARAMS - FOCUS_PARAMS - {SH + "path", SH + "severity", SH + "deactivated"}
    if unknown:
        raise UnsupportedShapes(f"{where} uses {', '.join(sorted(map(_short, unknown)))}")

    def check(component: str, sparql: str) -> Check:
        text = message.value if message is not None else f"sh:{component} violated"
        return Check(shape_name, path.value, component, text, sparql)

    checks = []
    if SH + "minCount" in params:
        n = _int(g, prop, "minCount")
        if n == 1:  # the usual case, without counting every focus node's values
            sparql = f"SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?v }} }}"
        else:
            sparql = (
                f"SELECT ?focus WHERE {{ {focus} OPTIONAL {{ ?focus {p} ?v }} }} "
                f"GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) < {n})"
            )
        checks.append(check("minCount", sparql))
    if SH + "maxCount" in params:
        n = _int(g, prop, "maxCount")
        if n == 1:  # two values that are different terms, without counting every focus node's values
            sparql = f"SELECT DISTINCT ?focus WHERE {{ {focus} ?focus {p} ?v , ?w FILTER(!sameTerm(?v, ?w)) }}"
        else:
            sparql = (
                f"SELECT ?focus WHERE {{ {focus} ?focus {p} ?v }} GROUP BY ?focus HAVING (COUNT(DISTINCT ?v) > {n})"
            )
        checks.append(check("maxCount", sparql))
    if SH + "hasValue" in params:
        value = _term(g.one(prop, SH + "hasValue"))
        sparql = f"SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} {value} }} }}"
        checks.append(check("hasValue", sparql))
    for param, op in (("lessThanOrEquals", "<="), ("lessThan", "<")):
        if SH + param in params:
            other = g.one(prop, SH + param)
            checks.append(
                check(
                    param,
                    f"SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus {p} ?v . ?focus {_term(other)} ?w "
                    f"FILTER(!COALESCE(?v {op} ?w, false)) }}",
                )
            )
    for param in sorted(params & VALUE_PARAMS - {SH + "flags"}):
        name = param[len(SH) :]
        if name == "class":  # an anti-join on the class's instances beats an EXISTS per value
            cls = _term(g.one(prop, param))
            sparql = (
                f"SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus {p} ?v "
                f"MINUS {{ ?v <{RDF}type>/<{RDFS}subClassOf>* {cls} }} }}"
            )
        else:
            condition = " && ".join(_value_condition(g, prop, name, where))
            sparql = f"SELECT DISTINCT ?focus ?v WHERE {{ {focus} ?focus {p} ?v FILTER(!({condition})) }}"
        checks.append(check(name, sparql))
    return checks


def compile_shapes(turtle: bytes) -> list[Check]:
    """Every constraint of every node shape in ``turtle`` as a Check; raises UnsupportedShapes."""
    g = _Graph(turtle)
    node_shapes = {s for s, props in g.out.items() if SH + "targetClass" in props}
    node_shapes |= {
        s for s, props in g.out.items() if any(o.value == SH + "NodeShape" for o in props.get(RDF + "type", ()))
    }
    checks: list[Check] = []
    for shape in sorted(node_shapes, key=str):
        props = g.out[shape]
        deactivated = g.one(shape, SH + "deactivated")
        if deactivated is not None and deactivated.value == "true":
            continue
        other = {p for p in props if p not in DESCRIPTIVE} - {SH + "targetClass", SH + "property"}
        if other:
            raise UnsupportedShapes(f"{_name(shape)} uses {', '.join(sorted(map(_short, other)))} on the node shape")
        targets = [t.value for t in props.get(SH + "targetClass", [])]
        if not targets:
            raise UnsupportedShapes(f"{_name(shape)} has no sh:targetClass (other targets are not implemented)")
        for prop in props.get(SH + "property", []):
            checks.extend(_property_checks(g, shape, sorted(targets), prop))
    return checks


@lru_cache(maxsize=4)
def _compiled(path: str, mtime_ns: int) -> tuple[Check, ...]:
    return tuple(compile_shapes(Path(path).read_bytes()))


def load_checks(path: Path) -> tuple[Check, ...]:
    """The checks of a shapes file, compiled once per process (and again if the file changes)."""
    return _compiled(str(path), path.stat().st_mtime_ns)


def _show(term) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, NamedNode) else str(term)


def run_checks(store: Store, checks: tuple[Check, ...] | list[Check]) -> list[Violation]:
    """Run every check on ``store`` (its default graph being the union of all graphs); sorted violations."""
    found: set[Violation] = set()
    for c in checks:
        for row in store.query(c.sparql, use_default_graph_as_union=True):
            values = list(row)
            value = values[1] if len(values) > 1 else None
            found.add(Violation(_show(values[0]), c.path, c.message, "" if value is None else str(value)))
    return sorted(found)
