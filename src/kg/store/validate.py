"""SHACL validation of the built graph (every build runs it and fails on a violation).

The shapes in ontology/shapes.ttl are compiled to SPARQL checks (``kg.store.shacl``) and run on an in-memory
Oxigraph copy of the graph: about 0.25 s for the seed corpus, where pyshacl took 3–5 s. Should the shapes
ever use a SHACL feature the compiler does not implement, validation falls back to pyshacl rather than
check less.

What is validated is the sorted N-Quads dump the build writes (``kg.store.writer.sort_nquads``), loaded into
the in-memory store by Oxigraph's parser. Why the dump and not the pipeline's quad objects: Oxigraph's
in-memory store is a set of linked lists (per subject, predicate, object, graph), so every check is a chain
of memory reads, and no check here is worse than linear in the nodes it looks at (a shape whose focus nodes
do not grow with the corpus, like the counties', takes the same time at 1× and 100×). What grew faster than
the graph was the cost of each read: filled from the pipeline's quad objects, the store's nodes lay
scattered in memory, and at 100× the seed corpus (4.4 M quads, far beyond the CPU caches) a check read each
quad 3 times slower than at 1×; validation took 47 s there, 1.9 times its per-MB time at 1×. Parsed from
the sorted dump, each subject's quads are allocated one after the other, in the order the checks walk them:
at 100× the checks take 16 s instead of 30 s and the load 13 s instead of 17 s (``lenient`` parsing, safe
here: the dump was serialised from terms Oxigraph had already checked).
"""

from __future__ import annotations

from pyoxigraph import RdfFormat, Store, parse, serialize

from kg.errors import ValidationError
from kg.paths import ontology_dir
from kg.store.shacl import UnsupportedShapes, load_checks, run_checks

MAX_REPORTED = 20


def validate(nquads: bytes) -> int:
    """Validate the graph whose sorted N-Quads dump is ``nquads`` (its default graph being the union of its
    graphs) against ontology/shapes.ttl; returns the number of constraint checks run.

    Raises ValidationError listing the first violations (focus node, path, message)."""
    shapes = ontology_dir() / "shapes.ttl"
    try:
        checks = load_checks(shapes)
    except UnsupportedShapes:
        return _validate_with_pyshacl(nquads)
    found = run_checks(checked_store(nquads), checks)
    if found:
        _fail([f"  - {v.focus} {v.path}: {v.message}" for v in found])
    return len(checks)


def checked_store(nquads: bytes) -> Store:
    """The in-memory store the checks run on, loaded from N-Quads (see the module docstring for why)."""
    store = Store()
    store.load(nquads, format=RdfFormat.N_QUADS, lenient=True)
    return store


def _fail(rows: list[str]) -> None:
    rows = sorted(rows)
    more = f"\n  … and {len(rows) - MAX_REPORTED} more" if len(rows) > MAX_REPORTED else ""
    raise ValidationError(
        f"the graph does not conform to ontology/shapes.ttl ({len(rows)} violations):\n"
        + "\n".join(rows[:MAX_REPORTED])
        + more
    )


def _validate_with_pyshacl(nquads: bytes) -> int:
    """The general path: any SHACL the shapes may use, at pyshacl's speed."""
    import pyshacl
    from rdflib import Graph, URIRef

    data = Graph()
    triples = (q.triple for q in parse(nquads, format=RdfFormat.N_QUADS))
    data.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
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
