"""The parser's sentences end at blank lines: a paragraph run into the next
one takes the subject of that one's reporting verb."""

from __future__ import annotations

from newsread.analysis.paragraph_breaks import COMPONENT, add_paragraph_breaks
from tests.analysis_helpers import cued_claims as _claims


def test_the_component_sits_before_the_parser(pipeline) -> None:
    names = pipeline.nlp.pipe_names
    assert names.index(COMPONENT) < names.index("parser")


def test_no_parsed_sentence_crosses_a_blank_line(pipeline) -> None:
    doc = pipeline.nlp("Fares will rise in March.\n\nWASHINGTON -- Senator Hale spoke.\n \nHe left")
    for sent in doc.sents:
        assert "\n" not in sent.text.strip()


def test_a_reporting_verb_keeps_its_subject_after_a_paragraph(pipeline) -> None:
    text = (
        "Fares will rise in March.\n\n"
        "WASHINGTON -- Senator Hale, visiting the port on Monday, said the plan would fail.\n"
    )
    assert _claims(pipeline, text) == [
        ("Senator Hale, visiting the port on Monday", "said", "the plan would fail")
    ]


def test_added_once_and_only_before_a_parser() -> None:
    from newsread.spacy_import import import_spacy

    spacy = import_spacy()
    blank = spacy.blank("en")
    add_paragraph_breaks(blank)
    assert COMPONENT not in blank.pipe_names  # nothing to keep apart without a parser
    blank.add_pipe("sentencizer")
    blank.add_pipe("parser")
    add_paragraph_breaks(blank)
    add_paragraph_breaks(blank)
    assert blank.pipe_names == ["sentencizer", COMPONENT, "parser"]
