"""SHACL validation of the built graph (every build runs it and fails on a violation).

The shapes in ontology/shapes.ttl are compiled to SPARQL checks (``kg.store.shacl``) and run on an in-memory
Oxigraph copy of the graph: about 0.3 s for the seed corpus, where pyshacl took 3–5 s. Should the shapes
ever use a SHACL feature the compiler does not implement, validation falls back to pyshacl rather than
check less.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Quad, RdfFormat, Store, serialize

from kg.errors import ValidationError
from kg.paths import ontology_dir
from kg.store.shacl import UnsupportedShapes, load_checks, run_checks

MAX_REPORTED = 20


def validate(quads: Iterable[Quad]) -> int:
    """Validate the union of ``quads`` against ontology/shapes.ttl; returns the number of constraints checked.

    Raises ValidationError listing the first violations (focus node, path, message)."""
    quads = list(quads)
    shapes = ontology_dir() / "shapes.ttl"
    try:
        checks = load_checks(shapes)
    except UnsupportedShapes:
        return _validate_with_pyshacl(quads)
    store = Store()
    store.extend(quads)
    found = run_checks(store, checks)
    if found:
        _fail([f"  - {v.focus} {v.path}: {v.message}" for v in found])
    return len(checks)


def _fail(rows: list[str]) -> None:
    rows = sorted(rows)
    more = f"\n  … and {len(rows) - MAX_REPORTED} more" if len(rows) > MAX_REPORTED else ""
    raise ValidationError(
        f"the graph does not conform to ontology/shapes.ttl ({len(rows)} violations):\n"
        + "\n".join(rows[:MAX_REPORTED])
        + more
    )


def _validate_with_pyshacl(quads: list[Quad]) -> int:
    """The general path: any SHACL the shapes may use, at pyshacl's speed."""
    import pyshacl
    from rdflib import Graph, URIRef

    data = Graph()
    data.parse(data=serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    if conforms:
        return len(data)
    sh = "http://www.w3.org/ns/shacl#"
    rows = []
    for result in report.subjects(URIRef(sh + "resultSeverity"), URIRef(sh + "Violation")):
        focus = report.value(result, URIRef(sh + "focusNode"))
        path = report.value(result, URIRef(sh + "resultPath"))
        msg = report.value(result, URIRef(sh + "resultMessage"))
        rows.append(f"  - {focus} {path or ''}: {msg}")
    _fail(rows)
    return 0  # not reached: _fail raises
