"""A SPARQL-protocol client small enough to measure the server rather than itself, and ``kg serve`` on a
free loopback port for the duration of a measurement.

Why not SPARQLWrapper (what ``kg query --endpoint`` uses): it opens a new connection and builds a parser
per request, which would put the client's own overhead into every latency; here each client keeps one
HTTP/1.1 connection alive and only checks the status and the shape of the body.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"  # what a CONSTRUCT or DESCRIBE query is asked to return


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port on ``host`` that nothing listens on right now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    path: str = "/query"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"


class SparqlClient:
    """One keep-alive connection to an endpoint; reconnects after any connection error."""

    def __init__(self, endpoint: Endpoint, timeout: float = 30.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.endpoint.host, self.endpoint.port, timeout=self.timeout)
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def query(self, text: str) -> bytes:
        """POST the query; returns the body, or raises RuntimeError/OSError saying what went wrong."""
        conn = self._connection()
        try:
            conn.request(
                "POST",
                self.endpoint.path,
                body=text.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query", "Accept": f"{RESULTS_JSON}, {N_TRIPLES}"},
            )
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {body[:200].decode('utf-8', 'replace')}")
        if (response.getheader("Content-Type") or "").startswith(N_TRIPLES):
            if body and not body.endswith(b"\n"):
                raise RuntimeError(f"not N-Triples: {body[:200].decode('utf-8', 'replace')}")
            return body
        if not body.lstrip().startswith(b"{") or (b'"results"' not in body and b'"boolean"' not in body):
            raise RuntimeError(f"not SPARQL JSON results: {body[:200].decode('utf-8', 'replace')}")
        return body


@contextmanager
def serving(store: Path, host: str = LOOPBACK) -> Iterator[Endpoint]:
    """``kg serve``'s server (oxigraph serve-read-only) on ``store`` at a free loopback port; always stopped."""
    from kg.serve import start, stop

    port = free_port(host)
    proc = start(store, host=host, port=port)
    try:
        yield Endpoint(host, port)
    finally:
        stop(proc)
