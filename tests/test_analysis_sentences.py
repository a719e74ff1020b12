"""Sentence spans: cut at paragraph breaks, never a lone punctuation 'sentence'."""

from __future__ import annotations

from newsread.analysis import analyze_texts


def test_closing_quote_stays_with_its_sentence(pipeline):
    text = (
        '"We did not expect this," the chemist said. "It digested a film in nine days '
        'where the reference enzyme needed fifteen."\n\nThe next paragraph starts here.'
    )
    analysis = next(analyze_texts([text], pipeline))
    sentences = [text[s:e] for s, e in analysis.sentences]
    assert all(any(ch.isalnum() for ch in sentence) for sentence in sentences)
    assert any(sentence.endswith('fifteen."') for sentence in sentences)
    assert sentences[-1] == "The next paragraph starts here."


def test_sentences_never_cross_a_paragraph(pipeline):
    text = "A heading without a stop\nThe body sentence follows here. And another one."
    analysis = next(analyze_texts([text], pipeline))
    for start, end in analysis.sentences:
        assert "\n" not in text[start:end]


def test_a_numbers_no_opens_no_sentence_the_one_before_has_not_ended(pipeline):
    """The parser opens a sentence at "No. 2" as at the word "No"; the split
    made a claim of "No. 2 last spring." and cut the figure from its verb."""
    text = (
        "The miners rode the elevator 700 feet down to the shafts of Federal mine"
        " No. 2 last spring. At the bottom, they boarded trains.\n"
        "No. 10 Downing Street said nothing. The mine was closed. No. 3 shaft stayed open."
    )
    analysis = next(analyze_texts([text], pipeline))
    sentences = [text[s:e] for s, e in analysis.sentences]
    assert sentences == [
        "The miners rode the elevator 700 feet down to the shafts of Federal mine"
        " No. 2 last spring.",
        "At the bottom, they boarded trains.",
        # A line's first sentence, and one after a full stop, keep their "No.".
        "No. 10 Downing Street said nothing.",
        "The mine was closed.",
        "No. 3 shaft stayed open.",
    ]
    claims = [text[c.start : c.end] for c in analysis.claims]
    assert not any(claim.startswith("No. 2") for claim in claims)
