"""Loaders for the reference data in ``data/lexicons`` (gazetteer, aliases, schemes).

Knowledge lives in data files with their source noted; these modules only parse and index them.
"""
