"""export --tag and --annotator: what a per-tag or per-annotator training set
gets, in every format, through the real command on real library files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.model import Annotation, Article
from storage.library import Library
from tui.cli import main

FERRY = Article(id="ferry001", title="Ferry story", body="Fares rose by 14 million crowns.")
BRIDGE = Article(id="bridge01", title="Bridge story", body="The Corran bridge reopened today.")


def _ann(article: Article, ident: str, quote: str, tags: list[str], who: str) -> Annotation:
    start = article.body.index(quote)
    return Annotation(ident, article.id, 0, 0, "", tags=tags, annotator=who).placed_at(
        article.body, start, start + len(quote)
    )


def _rejection(article: Article, text: str, label: str, who: str) -> dict:
    start = article.body.index(text)
    return {"kind": "entity", "label": label, "start": start, "end": start + len(text),
            "text": text, "rejected": "2026-12-05T10:00:00+00:00", "annotator": who}  # fmt: skip


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    library = Library(tmp_path / "lib")
    library.save_articles([FERRY, BRIDGE])
    library.save_annotation(_ann(BRIDGE, "b1", "Corran bridge", ["place"], "ines"))
    library.save_annotation(_ann(FERRY, "f1", "Fares", ["other"], "kwame"))
    library.save_rejected(FERRY.id, _rejection(FERRY, "14 million", "CARDINAL", "kwame"))
    library.save_rejected(BRIDGE.id, _rejection(BRIDGE, "today", "DATE", "ines"))
    library.close()
    return tmp_path / "lib"


def _json(capsys, lib: Path, *args: str) -> dict:
    assert main(["--library", str(lib), "export", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_tag_keeps_the_rejections_of_that_label_only(capsys, lib):
    # A per-tag set gained every other kind's negatives, and (spaCy) a Doc for
    # an article with none of the tag.
    document = _json(capsys, lib, "--tag", "place")
    assert [a["quote"] for a in document["annotations"]] == ["Corran bridge"]
    assert document["rejected_suggestions"] == []
    document = _json(capsys, lib, "--tag", "CARDINAL")
    assert document["annotations"] == []
    assert [r["text"] for r in document["rejected_suggestions"]] == ["14 million"]


def test_tag_filter_in_the_spacy_export(capsys, lib, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    out = tmp_path / "place.spacy"
    assert main(["--library", str(lib), "export", "--tag", "place", "--format", "spacy",
                 "-o", str(out)]) == 0  # fmt: skip
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
    assert [d.user_data["newsread_article"]["title"] for d in docs] == ["Bridge story"]
    assert [s.text for s in docs[0].spans["newsread"]] == ["Corran bridge"]
    assert list(docs[0].spans["newsread_rejected"]) == []


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_annotator_keeps_their_annotations_and_rejections(capsys, lib, fmt):
    assert main(["--library", str(lib), "export", "--format", fmt, "--annotator", "kwame"]) == 0
    out = capsys.readouterr().out
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.splitlines()]
    else:
        document = json.loads(out)
        records = [{"type": "annotation", **a} for a in document["annotations"]]
        records += [{"type": "rejected_suggestion", **r} for r in document["rejected_suggestions"]]
    assert {(r["type"], r.get("quote") or r.get("text")) for r in records} == {
        ("annotation", "Fares"),
        ("rejected_suggestion", "14 million"),
    }
    assert all(r["annotator"] == "kwame" for r in records)


def test_an_annotator_who_made_nothing_is_refused_naming_those_who_did(capsys, lib):
    # "Ines" is ines (names are compared without case); "Inez" is a typo.
    code = main(["--library", str(lib), "export", "--annotator", "Inez"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "newsread: error: --annotator Inez: nothing in the library is by that annotator "
        "(annotators: ines, kwame)"
    )


def test_tag_chooses_every_spelling_of_the_tag(capsys, lib):
    # By the tag rule "Place " and "PLACE" are the tag place (and "cardinal"
    # the label CARDINAL): the filter once found nothing and refused the name.
    document = _json(capsys, lib, "--tag", "Place ", "--tag", "cardinal")
    assert [a["quote"] for a in document["annotations"]] == ["Corran bridge"]
    assert [r["text"] for r in document["rejected_suggestions"]] == ["14 million"]
