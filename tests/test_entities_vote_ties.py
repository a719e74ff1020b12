"""A name whose mentions the vote cannot tell apart (as many votes for two
labels) takes its first mention's label everywhere: one name with two labels
in one article reads as two entities (a QA pass saw a surname with a particle
as both PERSON and ORG). On CoNLL testa this rule raised F1 0.8448 -> 0.8460
(halves 0.8391 / 0.8520 -> 0.8406 / 0.8528)."""

from __future__ import annotations

from newsread.analysis.entities.consistency import _vote
from newsread.analysis.entities.mentions import Mention


def _mentions(doc, word: str, labels: list[str]) -> list[Mention]:
    starts = [t.i for t in doc if t.text == word]
    assert len(starts) == len(labels)
    return [Mention(i, i + 1, label) for i, label in zip(starts, labels, strict=True)]


def test_a_tie_gives_every_mention_the_first_mentions_label(pipeline) -> None:
    doc = pipeline.nlp.make_doc("Vance spoke on Monday. Vance left on Tuesday.")
    for labels in (["ORG", "PERSON"], ["PERSON", "ORG"]):
        mentions = _mentions(doc, "Vance", labels)
        _vote(doc, mentions)
        assert [m.label for m in mentions] == [labels[0], labels[0]]


def test_a_majority_still_wins_over_the_first_mention(pipeline) -> None:
    doc = pipeline.nlp.make_doc("Vance spoke. Vance left. Vance returned.")
    mentions = _mentions(doc, "Vance", ["ORG", "PERSON", "PERSON"])
    _vote(doc, mentions)
    assert [m.label for m in mentions] == ["PERSON"] * 3
