"""``kg serve``: the real SPARQL server (``oxigraph serve-read-only``) on the built store.

The server speaks the SPARQL 1.1 protocol at /query (and /sparql), serves the YASGUI query page at /,
uses the union of the named graphs as default graph, and refuses every write with HTTP 403.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.errors import StoreError


def oxigraph_binary() -> str:
    """The ``oxigraph`` CLI installed by the ``oxigraph`` PyPI package (in the venv's bin/)."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise StoreError("the oxigraph server is not installed (pip install oxigraph)")


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


DEFAULT_TIMEOUT_S = 60  # a runaway query must not hold a server thread forever


def server_command(store: Path, host: str, port: int, timeout_s: int = DEFAULT_TIMEOUT_S) -> list[str]:
    """The oxigraph command line; ``timeout_s`` 0 lets a query run as long as it takes."""
    cmd = [
        oxigraph_binary(),
        "serve-read-only",
        "--location",
        str(store),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
        "--cors",
    ]
    return [*cmd, "--timeout-s", str(timeout_s)] if timeout_s > 0 else cmd


def check_store(store: Path) -> None:
    if not store.exists():
        raise StoreError(f"no store at {store}: run `kg build` first")
    if not (store / "CURRENT").exists():
        raise StoreError(f"{store} is not a built Oxigraph store (no CURRENT file): run `kg build`")


def start(
    store: Path, *, host: str = "127.0.0.1", port: int = 7878, wait: float = 10.0, timeout_s: int = DEFAULT_TIMEOUT_S
) -> subprocess.Popen:
    """Start the server and wait until it answers; raises StoreError with the server's message if not."""
    check_store(store)
    if not port_free(host, port):
        raise StoreError(f"port {port} on {host} is already in use; choose another with --port")
    # The server's messages go to a temporary file, not a pipe: nobody reads a pipe while it serves, and a
    # server that logs a failed request now and then would block once the pipe's buffer was full. The child
    # keeps its own descriptor of the (unlinked) file after ours is closed.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(server_command(store, host, port, timeout_s), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                err = log.read()[-2000:].decode("utf-8", "replace").strip()
                raise StoreError(
                    f"the SPARQL server stopped at once: {err or 'no message'}. "
                    "If the store is corrupted, rebuild it with `kg build`"
                )
            try:
                with socket.create_connection((host, port), timeout=0.2):
                    return proc
            except OSError:
                time.sleep(0.05)
    proc.terminate()
    raise StoreError(f"the SPARQL server did not start listening on {host}:{port} within {wait:g} s")


def stop(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(store: Path, *, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = DEFAULT_TIMEOUT_S) -> int:
    """Run until Ctrl-C or SIGTERM; prints the query page URL."""
    proc = start(store, host=host, port=port, timeout_s=timeout_s)
    url = f"http://{host}:{port}/"

    def on_term(_signum, _frame):
        raise KeyboardInterrupt

    # SIGINT too: a process started in the background by a non-interactive shell inherits SIGINT ignored
    previous = {sig: signal.signal(sig, on_term) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        # printed inside the try: a client that waits for the URL and then sends Ctrl-C or SIGTERM at once
        # must find the handler in place (before, such a signal could end the process with status 130)
        print(f"SPARQL query page: {url}")
        print(f"SPARQL endpoint:   {url}query   (read-only: updates get HTTP 403)")
        print("Press Ctrl-C to stop.", flush=True)
        while proc.poll() is None:
            time.sleep(0.2)
        return proc.returncode or 0
    except KeyboardInterrupt:
        print("stopping the server", flush=True)
        return 0
    finally:
        stop(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
