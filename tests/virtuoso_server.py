"""Start a private Virtuoso 7 (Debian's ``virtuoso-opensource``) on loopback and bulk-load an N-Quads dump.

Used by the portability test (tests/test_virtuoso.py): nothing is installed here, and the system
Virtuoso service (if any) is never touched. Each server gets its own directory with its own
``virtuoso.ini``, database files and free SQL/HTTP ports, and is stopped by its process id.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "virtuoso-t"
ISQL_NAMES = ("isql-vt", "isql")

INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
AllowOSCalls             = 0
DirsAllowed              = ., {load_dir}
NumberOfBuffers          = 20000
MaxDirtyBuffers          = 15000
MaxQueryMem              = 500M
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {d}/vsp
MaxClientConnections        = 10
ServerThreads               = 10
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 120
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binaries() -> tuple[str, str] | None:
    """(virtuoso-t, isql) paths, or None when Virtuoso is not installed."""
    server = shutil.which(VIRTUOSO)
    isql = next((p for p in (shutil.which(n) for n in ISQL_NAMES) if p), None)
    return (server, isql) if server and isql else None


@dataclass
class Virtuoso:
    directory: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen
    isql: str

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def sql(self, statements: str, timeout: float = 300) -> str:
        """Run SQL through isql as dba (the private database keeps the default dba password)."""
        out = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if out.returncode != 0 or "*** Error" in out.stdout or "*** Error" in out.stderr:
            raise RuntimeError(f"isql failed: {out.stdout[-2000:]}\n{out.stderr[-2000:]}")
        return out.stdout

    def load_nquads(self, nq: Path) -> None:
        """Bulk-load an N-Quads file with ld_dir/rdf_loader_run (graphs come from the quads)."""
        target = self.directory / "load"
        target.mkdir(exist_ok=True)
        shutil.copy(nq, target / "kg.nq")
        self.sql(
            f"ld_dir('{target}', 'kg.nq', 'https://w3id.org/gongfu/id/graph/default'); rdf_loader_run(); checkpoint;"
        )
        errors = self.sql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;")
        if "kg.nq" in errors:
            raise RuntimeError(f"Virtuoso could not load {nq}: {errors}")

    def stop(self, timeout: float = 30) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(directory: Path, wait: float = 120) -> Virtuoso:
    """Start virtuoso-t in the foreground (+foreground) with a private ini; wait until SPARQL answers."""
    found = binaries()
    if found is None:
        raise FileNotFoundError("virtuoso-t / isql-vt not found")
    server, isql = found
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vsp").mkdir(exist_ok=True)
    (directory / "load").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(d=directory, sql_port=sql_port, http_port=http_port, load_dir=directory / "load"))
    log = open(directory / "stdout.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [server, "+foreground", "+configfile", str(ini)], cwd=directory, stdout=log, stderr=subprocess.STDOUT
    )
    v = Virtuoso(directory, sql_port, http_port, proc, isql)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            text = (directory / "stdout.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso-t exited with {proc.returncode}: {text}")
        try:
            with urllib.request.urlopen(f"{v.endpoint}?query=ASK%7B%7D", timeout=2) as r:
                if r.status == 200:
                    return v
        except OSError:
            time.sleep(0.5)
    v.stop()
    raise RuntimeError(f"Virtuoso did not answer on {v.endpoint} within {wait:g} s")
