"""Namespaces and IRI minting. IRIs are derived from content (document id, ordinal, adcode, canonical
name, character offsets), never from run order, so the same input always yields the same IRIs."""

from __future__ import annotations

import re
from functools import lru_cache

from pyoxigraph import NamedNode

GF = "https://w3id.org/gongfu/ontology#"
ID = "https://w3id.org/gongfu/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
OWL = "http://www.w3.org/2002/07/owl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"

# Prefixes used in every serialisation. Each instance namespace ends right before the local name, so no
# prefixed name ever contains "/" (see REFERENCE.md: escaped slashes confuse rdflib and Virtuoso).
PREFIXES = {
    "gf": GF,
    "doc": ID + "doc/",
    "case": ID + "case/",
    "region": ID + "region/",
    "dept": ID + "department/",
    "mech": ID + "mechanism/",
    "ev": ID + "evidence/",
    "ind": ID + "indicator/",
    "end": ID + "endorsement/",
    "rec": ID + "recognition/",
    "person": ID + "person/",
    "cat": ID + "category/",
    "graph": ID + "graph/",
    "skos": SKOS,
    "dcterms": DCT,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "prov": PROV,
    "org": ORG,
    "owl": OWL,
    "void": VOID,
    "dcat": DCAT,
}

_UNSAFE = re.compile(r"[\s<>\"{}|\\^`/#?%\[\]]+")


def slug(name: str) -> str:
    """A name made safe as the last IRI segment (Chinese characters are kept: IRIs allow them)."""
    return _UNSAFE.sub("_", name.strip()).strip("_") or "_"


@lru_cache(maxsize=1024)
def gf(local: str) -> NamedNode:
    """A term of the ontology (cached: the mapping asks for the same few dozen terms 60 000 times a build)."""
    return NamedNode(GF + local)


def iri(kind: str, local: str) -> NamedNode:
    """An instance IRI such as id/case/003-045 or id/region/331082."""
    return NamedNode(f"{ID}{kind}/{slug(local)}")


def ns(prefix: str, local: str) -> NamedNode:
    return NamedNode(PREFIXES[prefix] + local)


def graph_for(doc_id: str) -> NamedNode:
    return iri("graph", doc_id)


REFERENCE_GRAPH = NamedNode(ID + "graph/reference")
ANALYSIS_GRAPH = NamedNode(ID + "graph/analysis")
DATASET = NamedNode(ID + "dataset")
