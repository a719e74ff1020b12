"""Interviews printed as questions and answers: where the answers are, and who gives them.

A Q&A ("Q: Did the board approve it?" / "A: We approved the plan in May.")
follows an introduction that names the person interviewed ("The magazine
spoke to Dr Lena Varga ..."). The "I" and "we" of an answer are that person
speaking, however far back the introduction is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsread.analysis.records import Entity

# A turn's label opens its line: "Q:", "A.", "Question:", "Answer -".
_TURN = re.compile(r"^[ \t\"“]*(Q|A|Question|Answer)[ \t]*[:.\-–—][ \t]", re.MULTILINE)

# Verbs (with the preposition that brings the one interviewed) of an interview.
_MET_WITH = {
    "speak": {"to", "with"},
    "talk": {"to", "with"},
    "chat": {"with"},
    "sit": {"with"},
    "meet": {"with"},
}
_INTERVIEWING = frozenset({"interview", "ask", "question"})


@dataclass(frozen=True)
class Interview:
    """The answers' character ranges, and the interviewee's name where the
    introduction gives one."""

    answers: list[tuple[int, int]]
    interviewee: tuple[int, int] | None

    def answering(self, at: int) -> bool:
        """Whether the character at ``at`` lies in an answer."""
        i = bisect_right([s for s, _ in self.answers], at) - 1
        return i >= 0 and at < self.answers[i][1]


def find_interview(doc: Doc, text: str, entities: list[Entity]) -> Interview | None:
    """The text's Q&A, or None when it has no question turn followed by an answer turn."""
    turns = [(m.start(), m.group(1)[0]) for m in _TURN.finditer(text)]
    first_q = next((at for at, kind in turns if kind == "Q"), None)
    if first_q is None:
        return None
    answers = []
    for k, (at, kind) in enumerate(turns):
        if kind != "A" or at < first_q:
            continue
        # An answer runs over its paragraphs to the next turn.
        end = turns[k + 1][0] if k + 1 < len(turns) else len(text)
        answers.append((at, end))
    if not answers:
        return None
    return Interview(answers, _interviewee(doc, entities, first_q))


def _interviewee(doc: Doc, entities: list[Entity], intro_end: int) -> tuple[int, int] | None:
    """The person the introduction says was interviewed ("spoke to X",
    "interviewed X"), else the one person it names; None when it names
    several and none as interviewed, or nobody."""
    people = [e for e in entities if e.label == "PERSON" and e.end <= intro_end]
    for ent in people:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        verb = root.head.head if root.dep_ == "pobj" else root.head
        if root.dep_ == "pobj" and root.head.lower_ in _MET_WITH.get(verb.lemma_, ()):
            return _longest(people, ent)
        if root.dep_ == "dobj" and verb.lemma_ in _INTERVIEWING:
            return _longest(people, ent)
    names = {_longest(people, e) for e in people}
    return names.pop() if len(names) == 1 else None


def _longest(people: list[Entity], ent: Entity) -> tuple[int, int]:
    """The longest mention sharing a word with ``ent`` ("Varga" -> "Lena Varga")."""
    words = set(ent.text.split())
    best = max(
        (p for p in people if words & set(p.text.split())),
        key=lambda p: (len(p.text), -p.start),
        default=ent,
    )
    return best.start, best.end
