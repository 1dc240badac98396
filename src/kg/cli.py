"""The ``kg`` command: a thin shell over the Python API (build, query, queries, serve, …)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.errors import KgError
from kg.paths import default_build_dir, raw_dir


def _cmd_build(args: argparse.Namespace) -> int:
    from kg.store.build import build

    inputs = [Path(p) for p in args.input] if args.input else [raw_dir()]
    out = Path(args.out) if args.out else default_build_dir()
    progress = None
    if sys.stdout.isatty() and not args.quiet:
        def progress(name: str) -> None:
            print(f"  processed {name}", flush=True)
    report = build(inputs, out, progress=progress, workers=args.workers)
    if args.quiet:
        return 0
    s = report.summary
    print(f"Built {out} in {report.seconds['total']:.2f} s")
    print(f"  documents: {len(s['documents'])}")
    for d in s["documents"]:
        print(f"    {d['doc']:<36} {d['layout']:<13} {d['cases']:>4} cases  {d['title'] or ''}")
    counts = s["counts"]
    print("  entities: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"  triples: {s['triples']}")
    timing = ", ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items() if k != "total")
    print(f"  time: {timing}")
    if s["warnings"]:
        print(f"  warnings ({len(s['warnings'])}):")
        for w in s["warnings"]:
            print(f"    - {w}")
    return 0


def _store_path(args: argparse.Namespace) -> Path:
    return Path(args.store) if args.store else default_build_dir() / "store"


def _cmd_queries(args: argparse.Namespace) -> int:
    from kg.query.saved import list_queries

    queries = list_queries()
    if args.format == "json":
        print(json.dumps([q.to_dict() for q in queries], ensure_ascii=False, indent=2))
        return 0
    for q in queries:
        params = ", ".join(
            f"{p.name}:{p.type}{'@' + p.lang if p.lang else ''}"
            + (f"={p.default}" if p.default is not None else ("" if p.required else "?"))
            for p in q.parameters
        )
        print(f"{q.name:<28} {q.summary}")
        if params:
            print(f"{'':<28}   params: {params}")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.query.bind import bind, parse_params
    from kg.query.run import SELECT_FORMATS, format_delimited, format_table, open_store, run_local, sparql_json
    from kg.query.saved import load_query, parse_query

    if sum(x is not None for x in (args.name, args.file, args.sparql)) != 1:
        raise KgError("give exactly one of: a saved query NAME, --file FILE.rq, --sparql 'QUERY'")
    if args.file:
        path = Path(args.file)
        if not path.exists():
            raise KgError(f"{path}: no such file")
        query = parse_query(path.stem, path.read_text(encoding="utf-8"), path)
    elif args.sparql:
        query = parse_query("adhoc", args.sparql)
    else:
        query = load_query(args.name)
    text = bind(query, parse_params(query, args.param or []))
    if args.endpoint:
        from kg.query.remote import run_remote

        result = run_remote(args.endpoint, text, timeout=args.timeout)
    else:
        result = run_local(open_store(_store_path(args)), text)
    fmt = args.format
    if result.kind == "graph":
        fmt = fmt if fmt in ("turtle", "jsonld", "ntriples") else "turtle"
        sys.stdout.write(result.payload[fmt].decode("utf-8"))
        return 0
    if fmt not in SELECT_FORMATS:
        raise KgError(f"--format {fmt} is for CONSTRUCT/DESCRIBE results; use one of {', '.join(SELECT_FORMATS)}")
    if fmt == "table":
        sys.stdout.write(format_table(result))
    elif fmt == "csv":
        sys.stdout.write(format_delimited(result, ","))
    elif fmt == "tsv":
        sys.stdout.write(format_delimited(result, "\t"))
    else:
        sys.stdout.write(sparql_json(result) + "\n")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import serve

    return serve(_store_path(args), host=args.host, port=args.port)


def _cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_scores

    scores = evaluate(_store_path(args), Path(args.gold))
    if args.format == "json":
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        print(format_scores(scores))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kg", description="Knowledge graph of common-prosperity practice cases.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the graph from documents into build/")
    b.add_argument("--input", "-i", nargs="+", metavar="PATH", help="files or directories (default: data/raw)")
    b.add_argument("--out", "-o", metavar="DIR", help="output directory (default: build/)")
    b.add_argument("--workers", type=int, default=None, help="worker processes (default: automatic)")
    b.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")
    b.set_defaults(func=_cmd_build)

    qs = sub.add_parser("queries", help="list the saved queries")
    qs.add_argument("--format", choices=("text", "json"), default="text")
    qs.set_defaults(func=_cmd_queries)

    q = sub.add_parser("query", help="run a saved query, a .rq file or a SPARQL string")
    q.add_argument("name", nargs="?", help="saved query name (queries/NAME.rq)")
    q.add_argument("--file", metavar="FILE.rq")
    q.add_argument("--sparql", metavar="QUERY")
    q.add_argument("--param", "-p", action="append", metavar="NAME=VALUE", help="bind a parameter (repeatable)")
    q.add_argument("--format", "-f", default="table",
                   choices=("table", "csv", "tsv", "json", "turtle", "jsonld", "ntriples"))
    q.add_argument("--store", metavar="DIR", help="a built Oxigraph store (default: build/store)")
    q.add_argument("--endpoint", metavar="URL", help="run on a remote SPARQL 1.1 endpoint instead")
    q.add_argument("--timeout", type=float, default=30.0, help="remote timeout in seconds (default 30)")
    q.set_defaults(func=_cmd_query)

    ev = sub.add_parser("eval", help="score the built graph against gold annotation files")
    ev.add_argument("--gold", required=True, metavar="DIR", help="folder of <doc>.json annotation files")
    ev.add_argument("--store", metavar="DIR")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.set_defaults(func=_cmd_eval)

    s = sub.add_parser("serve", help="serve the store over SPARQL with a query page (oxigraph)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--store", metavar="DIR")
    s.set_defaults(func=_cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KgError as e:
        print(f"kg: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
