"""Reports for people: the similar-cases report (``kg similar``) and its evaluation (``kg eval-similar``).

``kg.report.run.similar_report`` is the Python entry point; see docs/similar.md for the ranking formula.
"""
