"""The built artefacts: Oxigraph store, dumps, dataset description; written atomically."""
