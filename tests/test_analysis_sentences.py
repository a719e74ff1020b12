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
