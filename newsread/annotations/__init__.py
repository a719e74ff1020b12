"""Annotations against article text: anchoring, fuzzy matching, text spans, export.

- ``anchoring``: TextQuoteSelector / position selectors and re-anchoring after a body changes.
- ``fuzzy``: fuzzy ranking of names (tags, articles).
- ``textspans``: paragraph, rough sentence and word spans of plain text.
- ``export``: the JSON export of every annotation and its schema.

May import ``newsread.model``, ``newsread.sanitize``, the standard library and
third-party packages; never ``newsread.ingest`` or ``newsread.analysis``.
"""
