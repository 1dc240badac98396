"""The ``kg`` command: a thin shell over the Python API (build, query, queries, serve, …)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kg.errors import KgError
from kg.paths import default_build_dir, raw_dir


def _build_with_progress_bar(build, inputs: list[Path], out: Path, workers: int | None):
    """``kg build`` on a terminal: a bar over the documents, then a spinner while it validates and writes."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from kg.pipeline import collect_inputs

    total = len(collect_inputs(inputs))  # a bad path fails here with the message the build would give
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("reading and extracting", total=total)

        def advance(name: str) -> None:
            bar.update(task, advance=1, description=f"extracted {name}")
            if bar.tasks[task].completed >= total:
                bar.update(task, description="validating and writing")

        return build(inputs, out, progress=advance, workers=workers)


def _cmd_build(args: argparse.Namespace) -> int:
    from kg.store.build import build

    inputs = [Path(p) for p in args.input] if args.input else [raw_dir()]
    out = Path(args.out) if args.out else default_build_dir()
    if sys.stdout.isatty() and not args.quiet:
        report = _build_with_progress_bar(build, inputs, out, args.workers)
    else:
        report = build(inputs, out, workers=args.workers)
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
            + (f" (one of {'|'.join(p.enum)})" if p.enum else "")
            for p in q.parameters
        )
        print(f"{q.name:<28} {q.summary}")
        if params:
            print(f"{'':<28}   params: {params}")
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.query.bind import bind, parse_params
    from kg.query.run import (
        GRAPH_FORMATS,
        SELECT_FORMATS,
        format_delimited,
        format_table,
        open_store,
        run_local,
        sparql_json,
    )
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
        result = run_local(open_store(_store_path(args)), text, results_json=args.format == "json")
    fmt = args.format
    if result.kind == "graph":
        fmt = fmt if fmt in GRAPH_FORMATS else "turtle"
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

    return serve(_store_path(args), host=args.host, port=args.port, timeout_s=args.timeout)


def _cmd_mechanisms(args: argparse.Namespace) -> int:
    from kg.query.bind import bind
    from kg.query.run import format_delimited, format_table, open_store, run_local
    from kg.query.saved import load_query

    name = "mechanism-candidates" if args.candidates else "mechanism-regions"
    result = run_local(open_store(_store_path(args)), bind(load_query(name), {}))
    sys.stdout.write(format_delimited(result, ",") if args.format == "csv" else format_table(result))
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate, format_details, format_scores

    scores = evaluate(_store_path(args), Path(args.gold), details=args.details)
    if args.format == "json":
        print(json.dumps(scores, ensure_ascii=False, indent=2))
    else:
        print(format_scores(scores))
        if args.details:
            print(format_details(scores))
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from kg.bench.report import markdown, write_report
    from kg.bench.run import run_bench

    try:
        scales = sorted({int(x) for x in args.scale.split(",") if x.strip()})
    except ValueError:
        raise KgError(f"--scale expects comma-separated whole numbers such as 1,10,100; got {args.scale!r}") from None
    if not scales or scales[0] < 1:
        raise KgError(f"--scale expects scales of at least 1; got {args.scale!r}")

    def progress(msg: str) -> None:
        print(f"bench: {msg}", file=sys.stderr, flush=True)

    report = run_bench(
        scales,
        serve=args.serve,
        repeat=args.repeat,
        build_repeat=args.build_repeat,
        clients=args.clients,
        duration=args.duration,
        validate_max_scale=args.validate_max_scale,
        timeout=args.timeout,
        progress=progress,
    )
    if args.out:
        json_path, md_path = write_report(report, Path(args.out))
        progress(f"wrote {json_path} and {md_path}")
    sys.stdout.write(markdown(report))
    return 0


def _analysis_source(args: argparse.Namespace):
    """The SPARQL source of analyze/similar/eval-similar: --endpoint URL, else the local store."""
    from kg.analysis.source import Source

    if args.endpoint:
        return Source(endpoint=args.endpoint, timeout=args.timeout)
    from kg.query.run import open_store

    store = _store_path(args)
    open_store(store)  # fail early, with the store's own explanation, if it is missing or broken
    return Source(store=store)


def _cmd_analyze(args: argparse.Namespace) -> int:
    import time

    from kg.analysis.report import write_analysis
    from kg.analysis.run import analyze

    t0 = time.perf_counter()
    out = Path(args.out) if args.out else default_build_dir() / "analysis"
    result = analyze(_analysis_source(args), seed=args.seed)
    paths = write_analysis(result, out)
    figures = sum(1 for p in paths.values() if p.suffix == ".png")
    graphs = sum(1 for p in paths.values() if p.suffix in (".graphml", ".gexf"))
    print(
        f"Wrote {out} in {time.perf_counter() - t0:.2f} s: analysis.md, analysis.html, {figures} figures, "
        f"{graphs} graph files, analysis.nq"
    )
    print(
        f"  mechanisms ranked: {len(result.ranks)}; region communities: {len(result.region_communities)}; "
        f"mechanism communities: {len(result.mechanism_communities)}"
    )
    if not args.endpoint and not args.no_store:
        _store_analysis(paths["analysis.nq"], _store_path(args).parent)
    return 0


def _store_analysis(analysis_nq: Path, build_dir: Path) -> None:
    """Put the analysis graph (the analysis.nq just written) into the build whose store was analysed, so that
    SPARQL (`kg query`, `kg serve`) sees communities and centralities; a store outside a build is left alone."""
    from kg.rdf.namespaces import ANALYSIS_GRAPH
    from kg.store.amend import replace_graph

    if not (build_dir / "build.json").exists():
        print(f"  {build_dir} is not a kg build directory: the analysis graph is only in analysis.nq")
        return
    nquads = analysis_nq.read_bytes()
    replace_graph(build_dir, ANALYSIS_GRAPH, nquads)
    n = nquads.count(b"\n")
    print(f"  added {n} quads to {build_dir} as the graph <{ANALYSIS_GRAPH.value}> (kg query, kg serve)")


def _cmd_similar(args: argparse.Namespace) -> int:
    from kg.report.run import similar_report

    if args.top < 1:
        raise KgError("--top must be at least 1")
    report = similar_report(
        _analysis_source(args), " ".join(args.query), top=args.top, as_text=args.text, include_plans=args.include_plans
    )
    text = report.render(args.format)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cmd_eval_similar(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg.report.evaluate import evaluate, format_scores, load_judgments, summary
    from kg.report.profiles import load_corpus

    judgments = load_judgments(Path(args.judgments))
    scores = evaluate(load_corpus(_analysis_source(args)), judgments)
    if args.format == "json":
        print(
            json.dumps(
                {"queries": [asdict(s) for s in scores], "summary": summary(scores)}, ensure_ascii=False, indent=2
            )
        )
    else:
        sys.stdout.write(format_scores(scores))
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
    q.add_argument(
        "--format", "-f", default="table", choices=("table", "csv", "tsv", "json", "turtle", "jsonld", "ntriples")
    )
    q.add_argument("--store", metavar="DIR", help="a built Oxigraph store (default: build/store)")
    q.add_argument("--endpoint", metavar="URL", help="run on a remote SPARQL 1.1 endpoint instead")
    q.add_argument("--timeout", type=float, default=30.0, help="remote timeout in seconds (default 30)")
    q.set_defaults(func=_cmd_query)

    me = sub.add_parser("mechanisms", help="mechanisms by number of regions, or --candidates to curate")
    me.add_argument("--candidates", action="store_true", help="list harvested names not yet in the scheme")
    me.add_argument("--store", metavar="DIR")
    me.add_argument("--format", choices=("table", "csv"), default="table")
    me.set_defaults(func=_cmd_mechanisms)

    ev = sub.add_parser("eval", help="score the built graph against gold annotation files")
    ev.add_argument("--gold", required=True, metavar="DIR", help="folder of <doc>.json annotation files")
    ev.add_argument("--store", metavar="DIR")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--details", action="store_true", help="also list every missed (fn) and wrong (fp) item")
    ev.set_defaults(func=_cmd_eval)

    s = sub.add_parser("serve", help="serve the store over SPARQL with a query page (oxigraph)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--store", metavar="DIR")
    s.add_argument(
        "--timeout", type=int, default=60, metavar="SECONDS", help="stop a query after this long (0: never; default 60)"
    )
    s.set_defaults(func=_cmd_serve)

    be = sub.add_parser("bench", help="time every stage at 1×/10×/100× the seed corpus, queries, load test")
    be.add_argument("--scale", default="1,10,100", help="corpus scales, comma-separated (default 1,10,100)")
    be.add_argument("--out", metavar="FILE", help="write the report as JSON to FILE and Markdown to FILE.md")
    be.add_argument("--serve", action="store_true", help="also time queries over HTTP and run the load test")
    be.add_argument("--repeat", type=int, default=30, help="runs per saved query for p50/p95 (default 30)")
    be.add_argument("--build-repeat", type=int, default=3, help="cold seed builds to time (default 3)")
    be.add_argument("--clients", type=int, default=20, help="load test: concurrent clients (default 20)")
    be.add_argument("--duration", type=float, default=30.0, help="load test: seconds (default 30)")
    be.add_argument("--timeout", type=float, default=10.0, help="seconds a saved query may take per run (default 10)")
    be.add_argument(
        "--validate-max-scale",
        type=int,
        default=None,
        metavar="N",
        help="skip SHACL validation above scale N (default: validate every scale)",
    )
    be.set_defaults(func=_cmd_bench)

    an = sub.add_parser(
        "analyze",
        help="cross-region mechanism analysis: rankings, communities, centrality, "
        "diffusion, figures, GraphML/GEXF, RDF",
    )
    an.add_argument("--out", "-o", metavar="DIR", help="output directory (default: build/analysis)")
    an.add_argument("--store", metavar="DIR", help="a built Oxigraph store (default: build/store)")
    an.add_argument("--endpoint", metavar="URL", help="read the graph from a remote SPARQL 1.1 endpoint instead")
    an.add_argument("--timeout", type=float, default=60.0, help="remote timeout in seconds (default 60)")
    an.add_argument("--seed", type=int, default=42, help="Louvain random seed (default 42)")
    an.add_argument(
        "--no-store",
        action="store_true",
        help="do not add the analysis graph to the build's store and dumps (they are replaced in a new generation)",
    )
    an.set_defaults(func=_cmd_analyze)

    si = sub.add_parser("similar", help="cases similar to a case (003-020, title fragment) or to a description")
    si.add_argument("query", nargs="+", help="case id (003-020), doc#ordinal, a title fragment, or free text")
    si.add_argument("--top", "-k", type=int, default=5, help="number of similar cases (default 5)")
    si.add_argument("--format", "-f", choices=("md", "html", "json"), default="md")
    si.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    si.add_argument("--text", action="store_true", help="treat QUERY as free text even if it matches a title")
    si.add_argument(
        "--include-plans",
        action="store_true",
        help="also rank rows of reform/plan tables (left out by default: they are plans, not practices)",
    )
    si.add_argument("--store", metavar="DIR", help="a built Oxigraph store (default: build/store)")
    si.add_argument("--endpoint", metavar="URL", help="read the graph from a remote SPARQL 1.1 endpoint instead")
    si.add_argument("--timeout", type=float, default=60.0, help="remote timeout in seconds (default 60)")
    si.set_defaults(func=_cmd_similar)

    es = sub.add_parser("eval-similar", help="nDCG@5 and P@5 of `kg similar` and of a text-only baseline")
    es.add_argument("--judgments", required=True, metavar="FILE", help="graded judgments (similar.json format)")
    es.add_argument("--format", choices=("text", "json"), default="text")
    es.add_argument("--store", metavar="DIR", help="a built Oxigraph store (default: build/store)")
    es.add_argument("--endpoint", metavar="URL", help="read the graph from a remote SPARQL 1.1 endpoint instead")
    es.add_argument("--timeout", type=float, default=60.0, help="remote timeout in seconds (default 60)")
    es.set_defaults(func=_cmd_eval_similar)
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
