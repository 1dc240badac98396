"""Where the project's data, ontology and queries live.

The package is installed in editable mode from the repository, so the repository root is found relative
to this file. ``KG_HOME`` overrides it (for a notebook or a copy of the data elsewhere).
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: the folder holding ``data/``, ``ontology/`` and ``queries/``."""
    env = os.environ.get("KG_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return project_root() / "data"


def raw_dir() -> Path:
    """The default input documents (``kg build`` with no ``--input``)."""
    return data_dir() / "raw"


def lexicon_dir() -> Path:
    return data_dir() / "lexicons"


def ontology_dir() -> Path:
    return project_root() / "ontology"


def queries_dir() -> Path:
    return project_root() / "queries"


def default_build_dir() -> Path:
    return project_root() / "build"
