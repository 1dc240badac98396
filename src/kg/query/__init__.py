"""Saved SPARQL queries (grlc-style ``.rq`` files), typed parameter binding, local and remote execution."""
