"""ImportSummary.add: one summary counted into another, field by field."""

from __future__ import annotations

from dataclasses import fields

from storage.imports import ImportSummary


def _filled(tag: str) -> ImportSummary:
    summary = ImportSummary()
    for f in fields(ImportSummary):
        value = getattr(summary, f.name)
        setattr(summary, f.name, 3 if isinstance(value, int) else [(tag, f.name)])
    return summary


def test_add_counts_in_every_field_of_the_other_summary():
    summary, more = _filled("a"), _filled("b")
    handed_out = summary.added
    summary.add(more)
    # Grown in place, as += grows it: a caller holding the list sees the rest.
    assert summary.added is handed_out
    for f in fields(ImportSummary):
        got = getattr(summary, f.name)
        assert got == (6 if isinstance(got, int) else [("a", f.name), ("b", f.name)]), f.name
    assert more == _filled("b")
