"""Cross-region analysis of the graph: networkx graphs read through SPARQL (so the same analysis runs on a
remote endpoint), mechanism rankings, Louvain communities, centrality, diffusion, and the report, figures,
GraphML/GEXF files and RDF quads that ``kg analyze`` writes. See docs/analysis.md.

Entry points: ``kg.analysis.run.analyze(Source(...))`` and ``kg.analysis.report.write_analysis(result, dir)``.
"""
