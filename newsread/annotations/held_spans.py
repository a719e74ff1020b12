"""The spans an annotation holds in its ``data`` (an accepted or corrected
claim's speaker, cue and content, the model's spans a correction replaced, the
entities a new entity span replaces: each ``{"start", "end", "text", …}``),
moved onto a new text with their annotation.

They are found again by the mechanism that places the annotation itself
(newsread.annotations.anchoring: position, then the exact words with their
context, then a fuzzy match), each expected where it stood relative to its
annotation. One that cannot be found makes the whole annotation an orphan:
left at its old offsets it would name other words (a claim's content pointing
at the paragraph inserted above it), and a correction applied with a missing
role would say less than the user did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from newsread.annotations.anchoring import Selector, reanchor_all
from newsread.model import Annotation, quote_context

#: A span's place in ``data``: the keys and list indices leading to it.
Path = tuple[Any, ...]


def _is_span(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    start, end = item.get("start"), item.get("end")
    ints = all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))
    return ints and start <= end


def held_spans(data: Any, path: Path = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every span ``data`` holds, outermost first, with its path."""
    if isinstance(data, dict):
        if path and _is_span(data):
            yield path, data
        for key, value in data.items():
            yield from held_spans(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from held_spans(value, (*path, index))


def has_text(span: dict[str, Any]) -> bool:
    text = span.get("text")
    return isinstance(text, str) and bool(text)


def stale_spans(data: Any, body: str) -> list[tuple[Path, dict[str, Any]]]:
    """The spans with text whose text is not the body's at their offsets."""
    return [
        (path, span)
        for path, span in held_spans(data)
        if has_text(span) and body[span["start"] : span["end"]] != span["text"]
    ]


def _updated(data: Any, path: Path, changes: dict[Path, dict[str, Any]]) -> Any:
    if path in changes:
        data = changes[path]
    if isinstance(data, dict):
        return {k: _updated(v, (*path, k), changes) for k, v in data.items()}
    if isinstance(data, list):
        return [_updated(v, (*path, i), changes) for i, v in enumerate(data)]
    return data


def placed_with_spans(
    ann: Annotation, body: str, start: int, end: int, old_body: str | None = None
) -> Annotation:
    """``ann`` anchored on ``body[start:end]`` with the spans its data holds;
    an orphan copy (its old position and quote kept) when one of those cannot
    be placed. ``old_body``: the text they were on, when known."""
    data = place_held_spans(ann.data, (ann.start, ann.end), (start, end), body, old_body)
    if data is None:
        return replace(ann, orphan=True)
    return ann.placed_at(body, start, end, data)


def place_held_spans(
    data: dict[str, Any],
    old: tuple[int, int],
    new: tuple[int, int],
    body: str,
    old_body: str | None = None,
) -> dict[str, Any] | None:
    """``data`` with every span it holds placed on ``body``, its annotation
    moved from ``old`` to ``new``; None when one of them cannot be placed.

    A span that lay inside its annotation must be found inside it again: the
    same word elsewhere in the text ("said" in another paragraph) is not its
    word. ``old_body``, the text the spans were placed on when known, gives
    each its context to be told from its twins by.
    """
    return _placed(data, old, new, body, old_body)[0]


def unplaced_span(
    data: dict[str, Any], old: tuple[int, int], new: tuple[int, int], body: str
) -> str | None:
    """The words of the first span ``data`` holds that cannot be placed with
    its annotation moved from ``old`` to ``new`` (None: all can), for saying
    why an annotation cannot go there."""
    return _placed(data, old, new, body, None)[1]


def _placed(
    data: dict[str, Any],
    old: tuple[int, int],
    new: tuple[int, int],
    body: str,
    old_body: str | None,
) -> tuple[dict[str, Any] | None, str | None]:
    found = list(held_spans(data))
    if not found:
        return data, None
    shift = new[0] - old[0]
    changes: dict[Path, dict[str, Any]] = {}
    texts = [(path, span) for path, span in found if has_text(span)]
    selectors = []
    for _, span in texts:
        start, end, text = span["start"], span["end"], span["text"]
        prefix = suffix = ""
        if old_body is not None and old_body[start:end] == text:
            prefix, suffix = quote_context(old_body, start, end)
        at = start + shift
        selectors.append(Selector(text, prefix, suffix, at, at + len(text)))
    anchors = reanchor_all(selectors, body) if selectors else []
    for (path, span), anchor in zip(texts, anchors, strict=True):
        inside = old[0] <= span["start"] and span["end"] <= old[1]
        if anchor is None or (inside and not (new[0] <= anchor.start and anchor.end <= new[1])):
            return None, span["text"]
        changes[path] = {
            **span,
            "start": anchor.start,
            "end": anchor.end,
            "text": body[anchor.start : anchor.end],
        }
    for path, span in found:
        if has_text(span):
            continue
        # No words to look for (a wrong claim's record of the model's claim):
        # its annotation's span when it was that, else shifted with it.
        if (span["start"], span["end"]) == old:
            start, end = new
        else:
            start = min(max(span["start"] + shift, 0), len(body))
            end = min(max(span["end"] + shift, start), len(body))
        changes[path] = {**span, "start": start, "end": end}
    return _updated(data, (), changes), None
