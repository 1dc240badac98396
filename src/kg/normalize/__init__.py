"""Text normalisation that keeps a map back to the original offsets."""

from kg.normalize.text import NormalizedText, normalize

__all__ = ["NormalizedText", "normalize"]
