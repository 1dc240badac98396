"""SHACL validation of the built graph with pyshacl (every build runs it and fails on a violation)."""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Quad, RdfFormat, serialize

from kg.errors import ValidationError
from kg.paths import ontology_dir

MAX_REPORTED = 20


def validate(quads: Iterable[Quad]) -> int:
    """Validate the union of ``quads`` against ontology/shapes.ttl; returns the number of focus triples.

    Raises ValidationError listing the first violations (focus node, path, message)."""
    import pyshacl
    from rdflib import Graph

    data = Graph()
    triples = [q.triple for q in quads]
    data.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    if conforms:
        return len(data)
    sh = "http://www.w3.org/ns/shacl#"
    rows = []
    from rdflib import URIRef

    for result in report.subjects(URIRef(sh + "resultSeverity"), URIRef(sh + "Violation")):
        focus = report.value(result, URIRef(sh + "focusNode"))
        path = report.value(result, URIRef(sh + "resultPath"))
        msg = report.value(result, URIRef(sh + "resultMessage"))
        rows.append(f"  - {focus} {path or ''}: {msg}")
    rows.sort()
    more = f"\n  … and {len(rows) - MAX_REPORTED} more" if len(rows) > MAX_REPORTED else ""
    raise ValidationError(
        f"the graph does not conform to ontology/shapes.ttl ({len(rows)} violations):\n"
        + "\n".join(rows[:MAX_REPORTED])
        + more
    )
