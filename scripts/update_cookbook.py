"""Re-run the examples of docs/queries.md and write their real output back into it (like cog, for one file).

Each example is a ```bash block holding one `kg query …` line, followed by a ``` block with its output,
trimmed to as many lines as the document shows (then "…" when the real output is longer). A Turtle example
keeps its hand-picked lines while they are all still in the output. tests/test_docs.py runs ``render`` on
the seed build and fails when the document differs, so the cookbook cannot drift from what queries return:

    .venv/bin/python scripts/update_cookbook.py [--store build/store]
"""

from __future__ import annotations

import argparse
import io
import re
import shlex
import sys
from contextlib import redirect_stdout
from pathlib import Path

COOKBOOK = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
ELLIPSIS = "…"
EXAMPLE = re.compile(r"```bash\n(?P<cmd>kg query [^\n]+)\n```\n\n```\n(?P<out>.*?)\n```", re.S)


def run_example(command: str, store: Path) -> str:
    """The output of one `kg query …` line on ``store``, as the command prints it."""
    from kg.cli import main

    argv = [*shlex.split(command)[1:], "--store", str(store)]
    buf = io.StringIO()
    with redirect_stdout(buf):
        code = main(argv)
    if code != 0:
        raise RuntimeError(f"{command}: exit code {code}")
    return buf.getvalue()


def excerpt(output: str, shown: str, *, graph: bool = False) -> str:
    """The first lines of ``output``, as many as ``shown`` has (without its "…"), then "…" if there are more.

    A graph (``graph``: Turtle of a CONSTRUCT) has no defined order, so its excerpt was picked by hand: it
    stays as it is while every line of it is still in the output."""
    lines = [ln for ln in output.rstrip("\n").splitlines() if not ln.startswith("@prefix")]
    picked = [ln for ln in shown.splitlines() if ln != ELLIPSIS]
    if graph and picked and set(picked) <= set(lines):
        return shown
    keep = max(1, len(picked))
    return "\n".join(lines[:keep] + ([ELLIPSIS] if len(lines) > keep else []))


def render(text: str, store: Path) -> str:
    """``text`` with the output of every example replaced by its current real output."""

    def refresh(m: re.Match[str]) -> str:
        graph = "--format turtle" in m.group("cmd")
        out = excerpt(run_example(m.group("cmd"), store), m.group("out"), graph=graph)
        s, e = m.start("out") - m.start(), m.end("out") - m.start()
        return m.group(0)[:s] + out + m.group(0)[e:]

    return EXAMPLE.sub(refresh, text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="build/store", help="a built store (default: build/store)")
    args = parser.parse_args()
    before = COOKBOOK.read_text(encoding="utf-8")
    after = render(before, Path(args.store))
    if after != before:
        COOKBOOK.write_text(after, encoding="utf-8")
        print(f"updated {COOKBOOK}")
    else:
        print(f"{COOKBOOK} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
