"""Reading the times newsread stores and exports (ISO 8601 text)."""

from __future__ import annotations

from datetime import UTC, datetime


def moment(stamp: object) -> datetime | None:
    """A stored or exported time as an aware datetime; None when missing or
    unreadable (records written before times were kept hold "")."""
    if not isinstance(stamp, str) or not stamp.strip():
        return None
    try:
        when = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return None
    # newsread always writes aware UTC times; a time without a zone was written
    # by hand or elsewhere, and UTC is the least surprising reading.
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
