"""Where the analysis and the similar-cases report read the graph from: the built store (in-process) or a
remote SPARQL endpoint.

Every graph the analysis builds comes from one saved query (``queries/analysis-*.rq``), so the same
analysis runs unchanged on Oxigraph, Virtuoso, QLever or ``kg serve`` through ``--endpoint``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Store

from kg.query.bind import bind
from kg.query.run import Result
from kg.query.saved import load_query


@dataclass
class Rows:
    """The rows of a SELECT result as dicts keyed by column name (values are plain strings or None)."""

    columns: list[str]
    rows: list[dict[str, str | None]]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class Source:
    """A SPARQL source: a local store directory or an endpoint URL (exactly one of the two)."""

    store: Path | None = None
    endpoint: str | None = None
    memory: Store | None = None  # an open pyoxigraph store (e.g. built in memory from a build's quads)
    timeout: float = 60.0
    _cache: dict[str, Rows] = field(default_factory=dict, repr=False)

    def select(self, name: str) -> Rows:
        """Run the saved query ``name`` (memoised per source: each analysis query runs once)."""
        if name not in self._cache:
            self._cache[name] = _rows(self._run(bind(load_query(name), {})))
        return self._cache[name]

    def _run(self, text: str) -> Result:
        if self.endpoint:
            from kg.query.remote import run_remote

            return run_remote(self.endpoint, text, timeout=self.timeout)
        from kg.query.run import open_store, run_local

        if self.memory is not None:
            return run_local(self.memory, text)
        if self.store is None:
            raise ValueError("a Source needs a store directory, an endpoint or an open store")
        return run_local(open_store(self.store), text)

    def fingerprint(self) -> str | None:
        """sha256 of the build's ``kg.nq`` next to the store (what a cache is keyed by), if there is one."""
        if self.store is None:
            return None
        dump = self.store.resolve().parent / "kg.nq"
        if not dump.exists():
            return None
        h = hashlib.sha256()
        with dump.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()


def _rows(result: Result) -> Rows:
    cols = result.columns
    return Rows(cols, [dict(zip(cols, r, strict=True)) for r in result.rows])


def local_name(iri: str) -> str:
    """The last path segment of an instance IRI (``…/case/003-020`` → ``003-020``)."""
    return iri.rsplit("/", 1)[-1]


def truthy(value: str | None) -> bool:
    """A flag column of the analysis queries: the strings "true"/"false" (portable: Virtuoso 7 writes every
    boolean as 0/1); "1" is still read as true, for a boolean column from such an engine."""
    return value in ("true", "1")
