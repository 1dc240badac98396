"""Write a build atomically.

Layout of an output directory ``OUT`` (default ``build/``)::

    OUT/current -> generations/<id>     the only thing a build switches (one atomic rename)
    OUT/store   -> current/store        fixed relative links, created once
    OUT/kg.nq   -> current/kg.nq        (likewise kg.ttl, kg.jsonld, void.ttl, build.json)
    OUT/generations/<id>/…              the files of one build
    OUT/.lock                           held (flock) while a build runs

A build writes a new generation, fsyncs it, then renames a fresh ``current`` link over the old one, so
readers see either the old build or the new one, never a mix; a build that fails or is killed before the
rename leaves the previous build untouched (its half-written generation is removed by the next build).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store, Triple, parse, serialize

from kg.errors import StoreError
from kg.rdf.namespaces import PREFIXES

ARTEFACTS = ("store", "kg.nq", "kg.ttl", "kg.jsonld", "void.ttl", "build.json")


_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    """In a child forked while a build holds its lock (the pipeline's worker pool): close the inherited
    lock descriptor. flock belongs to the open file, which fork shares, so without this a build killed with
    SIGKILL would stay "running" for as long as an orphaned worker lives — and such workers can block
    forever on a result pipe nobody reads — refusing every later build. Closing (not unlocking) leaves the
    parent's lock in place."""
    for fd in list(_HELD_LOCKS):
        with suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold OUT/.lock for the duration of a build; a second concurrent build is refused.

    The lock dies with the build process (the kernel drops it on exit, even on SIGKILL), so a killed
    build never needs a manual clean-up; the pid written into the file only names the holder."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        raise StoreError(f"cannot write to the output directory {out}: {e.strerror or e}") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            raise StoreError(f"another build is writing to {out} (process {holder}); wait for it to finish") from None
        _HELD_LOCKS.add(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)


def sorted_nquads(quads: list[Quad]) -> bytes:
    """N-Quads with lines sorted and deduplicated: byte-identical output for the same set of quads."""
    return sort_nquads(serialize(quads, format=RdfFormat.N_QUADS))


def sort_nquads(text: bytes) -> bytes:
    """The lines of N-Quads ``text`` (as Oxigraph serialises quads: one line per quad) sorted and deduplicated.

    Sorted as bytes (for UTF-8 the same order as by code point) and split on line ends only: the serialiser
    leaves U+2028, U+0085 and the like unescaped inside literals, and ``str.splitlines`` would cut there."""
    lines = sorted(set(text.splitlines()))
    return b"\n".join(lines) + b"\n"


def dump_triples(nq: bytes) -> list[Triple]:
    """The distinct triples of a sorted N-Quads dump, in its order (the Turtle and JSON-LD dumps' order).

    The lines of one triple stated in several graphs are adjacent in a sorted dump, so comparing with the
    previous triple is enough to drop the repeats."""
    out: list[Triple] = []
    for q in parse(nq, format=RdfFormat.N_QUADS):
        t = q.triple
        if not out or out[-1] != t:
            out.append(t)
    return out


def _fsync(path: str | Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    """Files and directories alike: a directory's entries are durable only once the directory is synced."""
    for root, _dirs, files in os.walk(path):
        for name in files:
            _fsync(os.path.join(root, name))
        _fsync(root)


def _generation_name() -> str:
    """Sorts by creation time — in UTC, so that a time-zone or daylight-saving change cannot reorder builds
    (``prune`` keeps the newest by name) — and is unique even for two builds of one process in the same
    second (a second build would otherwise fail to rename onto the first's directory)."""
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 1_000_000_000))
    return f"{stamp}.{now % 1_000_000_000:09d}-{os.getpid()}"


def load_store(path: Path, nq: bytes) -> None:
    """Bulk-load the sorted N-Quads ``nq`` into a new on-disk store at ``path``.

    ``lenient``: Oxigraph skips re-checking IRIs and language tags (a tenth of the load time); the dump was
    serialised from terms it had already checked when they were made."""
    store = Store(str(path))
    store.bulk_load(nq, format=RdfFormat.N_QUADS, lenient=True)
    store.flush()
    del store


def write_generation(
    out: Path,
    nq: bytes,
    void_ttl: bytes,
    summary: dict,
    *,
    triples: list[Triple] | None = None,
    check: Callable[[], object] | None = None,
) -> Path:
    """Write every artefact of the graph whose sorted N-Quads (``sorted_nquads``) are ``nq`` into a new
    generation directory under OUT/generations and return it.

    ``triples`` (``dump_triples(nq)``) may be passed in when the caller already made them. ``check`` is called
    once everything is written and before the generation is made visible: if it raises (the build's
    validation, running meanwhile), the generation is removed.

    The store is loaded in a thread while the dumps are serialised: RocksDB's work runs outside the GIL."""
    gens = out / "generations"
    gens.mkdir(parents=True, exist_ok=True)
    gen = gens / _generation_name()
    tmp = gens / (gen.name + ".partial")
    tmp.mkdir()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            store_loaded = pool.submit(load_store, tmp / "store", nq)
            triples = dump_triples(nq) if triples is None else triples
            (tmp / "kg.nq").write_bytes(nq)
            (tmp / "kg.ttl").write_bytes(serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES))
            (tmp / "kg.jsonld").write_bytes(serialize(triples, format=RdfFormat.JSON_LD))
            (tmp / "void.ttl").write_bytes(void_ttl)
            (tmp / "build.json").write_text(
                json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
            )
            store_loaded.result()
        if check is not None:
            check()
        _fsync_tree(tmp)
        tmp.rename(gen)
        _fsync(gens)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise StoreError(
            f"cannot write the build into {out}: {e.strerror or e} ({e.filename or out}); "
            "the previous build is untouched"
        ) from e
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return gen


def switch_to(out: Path, gen: Path) -> None:
    """Point OUT/current at ``gen`` with one atomic rename; create the fixed artefact links once."""
    tmp_link = out / ".current.new"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(gen, out), tmp_link)
    os.replace(tmp_link, out / "current")
    for name in ARTEFACTS:
        link = out / name
        if link.is_symlink():
            continue
        if link.exists():  # a real file or directory from an older layout: replace it by the link
            if link.is_dir():
                shutil.rmtree(link)
            else:
                link.unlink()
        os.symlink(os.path.join("current", name), link)
    _fsync(out)


def prune(out: Path, keep: Path) -> None:
    """Remove generations other than ``keep`` and the previous one (readers may still use it)."""
    gens = out / "generations"
    if not gens.exists():
        return
    done = sorted((g for g in gens.iterdir() if not g.name.endswith(".partial") and g != keep), reverse=True)
    for g in gens.iterdir():
        if g.name.endswith(".partial"):
            shutil.rmtree(g, ignore_errors=True)
    for g in done[1:]:
        shutil.rmtree(g, ignore_errors=True)


def current_store(out: Path) -> Path:
    return out / "store"
