"""Reference measurements on the same inputs: raw jieba tokenisation, and rdflib versus Oxigraph loading.

Why these two: ``jieba.lcut`` is the cheapest useful pass any Chinese text processing makes over the text,
so it is the yardstick for extraction throughput; rdflib is what a Python user would otherwise load the
graph into, so it is the yardstick for the store. Both run in a fresh process of their own (see
``kg.bench.stages.in_fresh_process``), apart from the build's stages and their caches.
"""

from __future__ import annotations

import time
from pathlib import Path


def jieba_seconds(files: list[str]) -> dict:
    """Wall time of ``jieba.lcut`` over every file's text, one process, dictionary loaded beforehand."""
    import jieba

    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    jieba.initialize()
    jieba.lcut("浙江省共同富裕示范区建设")  # the first call loads the HMM tables: not part of the text's cost
    init = time.perf_counter() - t0
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    t0 = time.perf_counter()
    tokens = sum(len(jieba.lcut(t)) for t in texts)
    return {"seconds": time.perf_counter() - t0, "init_seconds": init, "tokens": tokens}


def load_comparison(nq_path: str, with_rdflib: bool = True) -> dict:
    """Parse the same N-Quads into an in-memory Oxigraph store and (optionally) into an rdflib Dataset."""
    from pyoxigraph import RdfFormat, Store

    data = Path(nq_path).read_bytes()
    t0 = time.perf_counter()
    store = Store()
    store.bulk_load(data, format=RdfFormat.N_QUADS)
    oxigraph = time.perf_counter() - t0
    n_ox = len(store)
    del store
    out: dict = {"oxigraph_seconds": oxigraph, "oxigraph_quads": n_ox, "rdflib_seconds": None, "rdflib_quads": None}
    if with_rdflib:
        from rdflib import Dataset

        t0 = time.perf_counter()
        ds = Dataset()
        ds.parse(data=data, format="nquads")
        out["rdflib_seconds"] = time.perf_counter() - t0
        out["rdflib_quads"] = sum(1 for _ in ds.quads((None, None, None, None)))
    return out


def references(files: list[str], nq_path: str, with_rdflib: bool = True) -> dict:
    """Both references in one process: jieba first (it needs little memory), then the loaders."""
    return {"jieba": jieba_seconds(files), "load": load_comparison(nq_path, with_rdflib)}
