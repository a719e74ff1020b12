"""The cue's own words: auxiliaries cut off from the verb by punctuation stay out."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsread.analysis.attributions.tokens import _cue_range


def test_auxiliary_across_a_quote_is_not_the_cues() -> None:
    # A misparse hangs the quote's "will" on the "said" after it.
    words = ['"', "it", "will", ",", "soon", ",", '"', "said", "Roe", "."]
    heads = [7, 7, 7, 7, 7, 7, 7, 7, 7, 7]
    deps = ["punct", "nsubj", "aux", "punct", "advmod", "punct", "punct", "ROOT", "nsubj", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert doc[slice(*_cue_range(doc[7]))].text == "said"


def test_auxiliaries_next_to_the_verb_are_kept() -> None:
    words = ["Roe", "has", "not", "said", "."]
    heads = [3, 3, 3, 3, 3]
    deps = ["nsubj", "aux", "neg", "ROOT", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert doc[slice(*_cue_range(doc[3]))].text == "has not said"


def test_speaker_between_a_quotes_not_and_said_is_not_the_cue() -> None:
    words = ["Probably", "not", ",", '"', "Ms.", "Lund", "said", "."]
    heads = [1, 6, 6, 6, 5, 6, 6, 6]
    deps = ["advmod", "neg", "punct", "punct", "compound", "nsubj", "ROOT", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert doc[slice(*_cue_range(doc[6]))].text == "said"


def test_adverb_inside_the_auxiliaries_is_kept() -> None:
    words = ["Lund", "has", "also", "said", "so", "."]
    heads = [3, 3, 3, 3, 3, 3]
    deps = ["nsubj", "aux", "advmod", "ROOT", "advmod", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert doc[slice(*_cue_range(doc[3]))].text == "has also said"
