"""``kg bench``: synthetic corpora and per-stage measurements."""
