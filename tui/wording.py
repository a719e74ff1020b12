"""Counts and quotes in words, shared by the command line and the screens."""

from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``; ``many`` for irregular plurals (copy, copies)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def orphans_line(n: int) -> str:
    """What an import or refresh says of the annotations it could not place
    again, and where to find them: they are kept, not lost."""
    kept = "kept as an orphan" if n == 1 else "kept as orphans"
    return (
        f"  {plural(n, 'annotation')} could not be placed in the new text ({kept}: "
        "newsread search is:orphan lists the articles; o in the reader re-attaches)"
    )


def step_taken(verb: str, label: str, changes: int, skipped: int) -> str:
    """What u or ctrl+r says of the journal step it took (``verb``: undid,
    redid): the step is gone from the journal either way, but changes on an
    article removed since could not be put back, and saying only "undid" would
    promise an annotation that is not there."""
    said = f"{verb}: {label}"
    if not skipped:
        return said
    if skipped >= changes:
        undo = "undo" if verb == "undid" else "redo"
        return f"nothing to {undo} in “{label}”: its article was removed since (the step is passed)"
    return f"{said} · {skipped} of its {changes} changes left out: their articles were removed"
