"""The dataset description (VoID + DCAT): sizes, classes, cases per document, dump locations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from kg.rdf.mapping import TYPE, integer, zh
from kg.rdf.namespaces import DATASET, DCAT, DCT, GF, ID, PREFIXES, VOID, XSD, iri


def void_turtle(triples: Collection[Triple], *, documents: list[tuple[str, str, int]], modified: str | None) -> bytes:
    """``triples``: the distinct triples of the graph (``kg.store.writer.dump_triples``). ``documents``: (doc_id,
    file name, number of cases). ``modified``: latest document date, if any (the build date is not used: the
    same input must give the same bytes)."""
    classes = Counter(t.object.value for t in triples if t.predicate == TYPE)
    props = Counter(t.predicate.value for t in triples)
    subjects = {t.subject for t in triples}
    d = DATASET
    out: list[Triple] = [
        Triple(d, TYPE, NamedNode(VOID + "Dataset")),
        Triple(d, TYPE, NamedNode(DCAT + "Dataset")),
        Triple(d, NamedNode(DCT + "title"), zh("浙江共同富裕实践案例知识图谱")),
        Triple(
            d, NamedNode(DCT + "title"), Literal("gongfu-kg: Zhejiang common-prosperity practice cases", language="en")
        ),
        Triple(d, NamedNode(VOID + "triples"), integer(len(triples))),
        Triple(d, NamedNode(VOID + "entities"), integer(len(subjects))),
        Triple(d, NamedNode(VOID + "classes"), integer(len(classes))),
        Triple(d, NamedNode(VOID + "properties"), integer(len(props))),
        Triple(d, NamedNode(VOID + "uriSpace"), Literal(ID)),
        Triple(d, NamedNode(VOID + "vocabulary"), NamedNode(GF)),
        Triple(d, NamedNode(GF + "caseCount"), integer(classes.get(GF + "Case", 0))),
    ]
    if modified:
        out.append(
            Triple(
                d,
                NamedNode(DCT + "modified"),
                Literal(modified, datatype=NamedNode(XSD + ("date" if len(modified) == 10 else "gYearMonth"))),
            )
        )
    for name, media in (
        ("kg.nq", "application/n-quads"),
        ("kg.ttl", "text/turtle"),
        ("kg.jsonld", "application/ld+json"),
    ):
        dist = iri("distribution", name)
        out += [
            Triple(d, NamedNode(VOID + "dataDump"), NamedNode(f"file:{name}"))
            if name == "kg.nq"
            else Triple(d, NamedNode(DCAT + "distribution"), dist),
            Triple(dist, TYPE, NamedNode(DCAT + "Distribution")),
            Triple(dist, NamedNode(DCAT + "downloadURL"), NamedNode(f"file:{name}")),
            Triple(dist, NamedNode(DCAT + "mediaType"), Literal(media)),
        ]
    out.append(Triple(d, NamedNode(DCAT + "distribution"), iri("distribution", "kg.nq")))
    for cls, n in sorted(classes.items()):
        part = iri("dataset", "class-" + cls.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        out += [
            Triple(d, NamedNode(VOID + "classPartition"), part),
            Triple(part, NamedNode(VOID + "class"), NamedNode(cls)),
            Triple(part, NamedNode(VOID + "entities"), integer(n)),
        ]
    for doc_id, name, n in sorted(documents):
        sub = iri("dataset", "doc-" + doc_id)
        out += [
            Triple(d, NamedNode(VOID + "subset"), sub),
            Triple(sub, TYPE, NamedNode(VOID + "Dataset")),
            Triple(sub, NamedNode(DCT + "source"), iri("doc", doc_id)),
            Triple(sub, NamedNode(DCT + "title"), Literal(name)),
            Triple(sub, NamedNode(GF + "caseCount"), integer(n)),
        ]
    prefixes = {**PREFIXES, "void": VOID, "dcat": DCAT}
    return serialize(sorted(set(out), key=str), format=RdfFormat.TURTLE, prefixes=prefixes)
