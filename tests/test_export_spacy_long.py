"""``export --format spacy`` of a library holding an article longer than
spaCy's default ``nlp.max_length`` (1,000,000 characters): the training file is
written, that article's annotation included, as are the other articles'."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.model import Annotation, Article
from storage.library import Library
from tui.cli import main

spacy = pytest.importorskip("spacy")

SENTENCE = "The committee said the harbour budget rose again. "
LONG = Article(
    id="a1long",
    title="Harbour budget, every meeting",
    body="Huge line story\n\n" + SENTENCE * 20_500,  # 1,025,017 characters
    source="Gazette",
    url_or_path="/news/long.txt",
)
SHORT = Article(
    id="a2short",
    title="Ferry fares",
    body="Nordlys Ferries will raise its fares by 8 percent.",
    source="Gazette",
    url_or_path="/news/short.txt",
)


def _tagged(article: Article, ident: str, quote: str, nth_from_end: bool = False) -> Annotation:
    start = article.body.rindex(quote) if nth_from_end else article.body.index(quote)
    ann = Annotation(id=ident, article_id=article.id, start=0, end=0, quote="", tags=["big"])
    return ann.placed_at(article.body, start, start + len(quote))


def test_spacy_export_writes_an_article_over_a_million_characters(tmp_path: Path, capsys):
    assert len(LONG.body) > 1_000_000
    root = tmp_path / "lib"
    library = Library(root)
    library.save_articles([LONG, SHORT])
    # The last sentence: past the default limit, where a cut would lose it.
    library.save_annotation(_tagged(LONG, "ann-long", "harbour budget rose again", True))
    library.save_annotation(_tagged(SHORT, "ann-short", "8 percent"))
    library.close()
    target = tmp_path / "out.spacy"

    code = main(["export", "--format", "spacy", "-o", str(target), "--library", str(root)])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Traceback" not in captured.err and "E088" not in captured.err
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(target).get_docs(spacy.blank("en").vocab))
    spans = {
        doc.user_data["newsread_article"]["id"]: [
            (s.start_char, s.text, s.label_) for s in doc.spans["newsread"]
        ]
        for doc in docs
    }
    assert spans == {
        "a1long": [(LONG.body.rindex("harbour"), "harbour budget rose again", "big")],
        "a2short": [(SHORT.body.index("8 percent"), "8 percent", "big")],
    }
