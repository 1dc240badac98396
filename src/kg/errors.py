"""Errors a user can act on. The CLI prints them without a traceback and exits non-zero."""

from __future__ import annotations


class KgError(Exception):
    """A problem with the user's input or environment, with a message that says what to do."""

    exit_code = 1


class InputError(KgError):
    """An input document cannot be read or makes no sense (names the file and the problem)."""


class ValidationError(KgError):
    """The built graph does not conform to the SHACL shapes."""


class StoreError(KgError):
    """The store is missing, locked, unbuilt or corrupted."""


class QueryError(KgError):
    """A saved query or its parameters are wrong."""
