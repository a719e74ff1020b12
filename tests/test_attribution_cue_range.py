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
