"""The user's corrections of the analysis as storage reads them: annotations
whose ``data`` has a ``correction`` (made by the reader's E and K keys, see
tui.models.corrections, which also draws them). The search index and the
statistics count the entities and speakers as the reader shows them, not as
the model had them: a correction replaces every model entity it overlaps, and
a named speaker or a claim marked wrong replaces the speakers of the claims
it overlaps."""

from __future__ import annotations

from typing import Any

#: (start, end) of a span in the article's body
Where = tuple[int, int]


def where_of(item: dict[str, Any]) -> Where:
    try:
        return int(item.get("start", -1)), int(item.get("end", -1))
    except (TypeError, ValueError):
        return -1, -1


def overlaps(a: Where, b: Where) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def is_correction(doc: dict[str, Any]) -> bool:
    data = doc.get("data")
    return isinstance(data, dict) and isinstance(data.get("correction"), dict)


class AnalysisCorrections:
    """One article's corrections, gathered from its annotation records."""

    def __init__(self) -> None:
        #: corrected (or added) entities: (text, label, span)
        self.entities: list[tuple[str, str, Where]] = []
        #: claims whose speaker the user named or that the user marked wrong
        self.claims: list[Where] = []
        #: the speakers the user named
        self.speakers: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.entities or self.claims or self.speakers)

    def add(self, doc: dict[str, Any]) -> None:
        if not is_correction(doc) or doc.get("orphan"):
            return
        data = doc["data"]
        correction = data["correction"]
        where = where_of(doc)
        if correction.get("kind") == "entity" and correction.get("label"):
            self.entities.append((str(doc.get("quote") or ""), str(correction["label"]), where))
        elif correction.get("kind") == "claim":
            wrong = bool(correction.get("wrong"))
            if wrong or "speaker" in (correction.get("fields") or ()):
                self.claims.append(where)
            speaker = data.get("speaker")
            if not wrong and isinstance(speaker, dict) and speaker.get("text"):
                self.speakers.append(str(speaker["text"]))

    def entities_over(self, found: list[tuple[str, str, Where]]) -> list[tuple[str, str, Where]]:
        kept = [e for e in found if not any(overlaps(e[2], c[2]) for c in self.entities)]
        return kept + self.entities

    def speakers_over(self, found: list[tuple[str, Where]]) -> list[str]:
        kept = [name for name, claim in found if not any(overlaps(claim, c) for c in self.claims)]
        return kept + self.speakers

    def drops_claim(self, claim: Where) -> bool:
        """Whether the user named this claim's speaker anew or marked it wrong."""
        return any(overlaps(claim, c) for c in self.claims)
