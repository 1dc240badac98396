"""Map extracted facts to RDF quads (pyoxigraph terms), with stable, content-derived IRIs."""
