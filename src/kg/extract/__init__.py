"""Extractors: pure functions from normalised case text to mentions with character offsets."""
