"""A sentence starts after every blank line, before the parser reads the text.

A sentence never crosses a paragraph (``sentence_spans`` cuts the parser's
sentences at line breaks, and claims are clipped to their paragraph), but
left to itself the parser runs one paragraph into the next ("Fares will rise.
<blank line> WASHINGTON -- Senator Hale, visiting the port, said ..."), and
the reporting verb of the second loses its subject to the first. Marking
the breaks first keeps each parse inside its paragraph.

Only blank lines: a single line break also ends a sentence in text that
keeps one paragraph per line, but the CoNLL NER texts join their sentences
with single breaks, and a parse cut there moves the entity figures, which
this change is not about.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COMPONENT = "newsread_paragraph_breaks"


def _blank_line(space: str) -> bool:
    return space.count("\n") > 1


def _mark_paragraph_breaks(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if (tok.is_space and _blank_line(tok.text)) or _blank_line(tok.whitespace_):
            doc[tok.i + 1].is_sent_start = True
    return doc


def add_paragraph_breaks(nlp: Language) -> None:
    """Put the component before the parser (once); a pipeline with no parser is left alone."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.component(COMPONENT, func=_mark_paragraph_breaks)
    if COMPONENT not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="parser")
