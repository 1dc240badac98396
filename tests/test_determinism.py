"""The same inputs give byte-identical dumps: whatever the order the files are given in, where they lie,
their modification times, the hash seed, the time zone, SOURCE_DATE_EPOCH, the day the build runs on, or
the number of worker processes that extract the cases.

The clock is moved by a small launcher that shifts ``time.time`` (and what reads it) and ``datetime``'s
``now``/``today`` before ``kg`` is imported — faketime needs a system package; this needs nothing.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from kg.paths import raw_dir
from kg.store.writer import sorted_nquads

RAW = raw_dir()
DUMPS = ("kg.nq", "kg.ttl", "kg.jsonld", "void.ttl")
DAY = 86_400

FAKE_CLOCK = """
import datetime as _dt
import sys
import time

SHIFT = float(sys.argv[1])
_time, _time_ns, _localtime, _gmtime, _strftime = time.time, time.time_ns, time.localtime, time.gmtime, time.strftime
time.time = lambda: _time() + SHIFT
time.time_ns = lambda: _time_ns() + int(SHIFT * 1e9)
time.localtime = lambda secs=None: _localtime(time.time() if secs is None else secs)
time.gmtime = lambda secs=None: _gmtime(time.time() if secs is None else secs)
time.strftime = lambda fmt, t=None: _strftime(fmt, time.localtime() if t is None else t)


class _DateTime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(time.time(), tz)

    @classmethod
    def today(cls):
        return cls.fromtimestamp(time.time())


class _Date(_dt.date):
    @classmethod
    def today(cls):
        return cls.fromtimestamp(time.time())


_dt.datetime, _dt.date = _DateTime, _Date
from kg.cli import main  # noqa: E402  (after the clock moved, so that kg sees the moved clock)

sys.exit(main(sys.argv[2:]))
"""

pytestmark = pytest.mark.slow


def start_build(
    tmp: Path, name: str, inputs: list[Path], *, shift_days: float, env: dict[str, str], workers: int | None = None
):
    """Start ``kg build`` in a new process with the clock moved by ``shift_days`` and extra environment."""
    launcher = tmp / "fake_clock.py"
    launcher.write_text(FAKE_CLOCK, encoding="utf-8")
    out = tmp / name
    cmd = [sys.executable, str(launcher), str(shift_days * DAY), "build", "--quiet", "--out", str(out)]
    cmd += ["--workers", str(workers)] if workers else []
    cmd += ["--input"]
    proc = subprocess.Popen([*cmd, *map(str, inputs)], stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
    return out, proc


def finish(started) -> Path:
    out, proc = started
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


def copy_with_other_times(files: list[Path], target: Path) -> list[Path]:
    """The same files elsewhere, with other modification times."""
    target.mkdir()
    out = []
    for k, f in enumerate(files):
        dst = target / f.name
        shutil.copyfile(f, dst)
        os.utime(dst, (1_000_000_000 + k * 7919, 1_000_000_000 + k * 7919))
        out.append(dst)
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("determinism")
    seeds = sorted(RAW.glob("*.txt"))
    first = start_build(
        tmp,
        "first",
        seeds,
        shift_days=0,
        env={"TZ": "UTC", "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1600000000"},
        workers=1,
    )
    moved = copy_with_other_times(seeds, tmp / "elsewhere")
    second = start_build(
        tmp,
        "second",
        list(reversed(moved)),
        shift_days=400.3,
        env={"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "12345", "SOURCE_DATE_EPOCH": "1700000000"},
        workers=2,  # the cases extracted in slices by two forked workers, the first build's in one process
    )
    return finish(first), finish(second)  # the two builds run at once: one per core


@pytest.mark.parametrize("dump", DUMPS)
def test_the_same_inputs_give_byte_identical_dumps(two_builds, dump):
    first, second = two_builds
    assert (first / dump).read_bytes() == (second / dump).read_bytes()


def test_the_builds_really_ran_in_other_conditions(two_builds):
    """Guards the test itself: the two generations carry different build times in their names."""
    first, second = ((b / "current").resolve().name for b in two_builds)
    assert first[:8] != second[:8]


def test_the_nquads_dump_does_not_depend_on_the_order_of_quads():
    quads = [
        Quad(NamedNode(f"http://example.org/s{i % 7}"), NamedNode("http://example.org/p"), Literal(f"值{i}"))
        for i in range(200)
    ]
    shuffled = quads[:]
    random.Random(7).shuffle(shuffled)
    assert sorted_nquads(quads) == sorted_nquads(shuffled + quads[:10])


def test_a_literal_holding_a_unicode_line_separator_stays_on_its_line():
    """The serialiser leaves U+2028, U+0085 … unescaped inside literals: they must not split a dump line."""
    quad = Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("甲\u2028乙\x85丙\x1c丁"))
    assert sorted_nquads([quad]).count(b"\n") == 1
