"""``kg bench``: synthetic corpora, per-stage measurements, references, query latency and load tests.

Modules: ``synth`` (deterministic synthetic corpora), ``stages`` (one scale in a fresh process), ``refs``
(jieba and rdflib on the same inputs), ``http`` and ``load`` (saved-query latency and the load test against
``kg serve``), ``run`` (the whole bench), ``report`` (targets, Markdown, JSON).
"""
