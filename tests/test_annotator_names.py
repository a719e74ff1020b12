"""One annotator, however the name is typed: "Ines", "ines" and " ines " are
compared by their key (spaces dropped, case folded) wherever annotators are
compared (read marks, search --annotator, export filters, agreement, whose
annotation it is), and shown as first written; names already stored that way
apart are taken together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb.table import Document

from newsread.annotations.rejections import applies_to
from newsread.annotators import annotator_key, first_spellings, same_annotator
from newsread.model import Annotation, Article, same_hand
from storage.library import Library
from storage.reading import FILE, ReadState
from tui.cli import main

HARBOUR = Article(
    id="harbour1",
    title="Harbour story",
    body="The board approved the new crane on Monday. Dock workers welcomed the plan.",
)
FERRY = Article(id="ferry001", title="Ferry story", body="Fares rose by a tenth this spring.")


def ann(ident: str, quote: str, tags: list[str], who: str, article: Article = HARBOUR):
    start = article.body.index(quote)
    return Annotation(ident, article.id, 0, 0, "", tags=tags, annotator=who).placed_at(
        article.body, start, start + len(quote)
    )


def test_names_are_compared_by_their_key_and_shown_as_first_written() -> None:
    assert annotator_key(" Ines ") == annotator_key("ines") == "ines"
    assert same_annotator("INES", " ines") and not same_annotator("ines", "inez")
    assert first_spellings(["Ines ", "ines", "kwame", " INES"]) == {
        "ines": "Ines",
        "kwame": "kwame",
    }
    stored = ann("a1", "board", ["check"], "Ines")
    assert same_hand(stored, " ines ") and not same_hand(stored, "kwame")
    assert applies_to({"annotator": "ines "}, "Ines")
    assert not applies_to({"annotator": "kwame"}, "Ines")


def _readers(root: Path) -> list[tuple[str, list[str]]]:
    table = json.loads((root / FILE).read_text(encoding="utf-8"))["read"]
    return [(doc["reader"], doc["ids"]) for doc in table.values() if "reader" in doc]


def test_read_marks_are_one_set_per_annotator(tmp_path: Path) -> None:
    library = Library(tmp_path / "lib")
    library.save_articles([HARBOUR, FERRY])
    ReadState(library, "Ines").mark([HARBOUR.id])
    assert ReadState(library, " ines ").is_read(HARBOUR.id)
    ReadState(library, "ines").mark([FERRY.id])
    assert _readers(library.root) == [("Ines", [FERRY.id, HARBOUR.id])]
    assert not ReadState(library, "kwame").is_read(HARBOUR.id)


def test_read_sets_stored_apart_are_read_together_and_joined_at_the_next_mark(
    tmp_path: Path,
) -> None:
    library = Library(tmp_path / "lib")
    library.save_articles([HARBOUR, FERRY])
    state = ReadState(library, "Ines")
    state.mark([HARBOUR.id])
    # As a release that compared names exactly left it: a second set for "ines".
    with library.transaction():
        state._table.insert(Document({"reader": "ines", "ids": [FERRY.id]}, doc_id=9))
    assert ReadState(library, "INES").read_ids() == {HARBOUR.id, FERRY.id}
    # Marking one unread writes one set, under the name first written.
    ReadState(library, "ines").mark([HARBOUR.id], read=False)
    assert _readers(library.root) == [("Ines", [FERRY.id])]


@pytest.fixture
def team(tmp_path: Path) -> Path:
    library = Library(tmp_path / "lib")
    library.save_articles([HARBOUR, FERRY])
    library.save_annotation(ann("i1", "The board approved", ["claim"], "Ines"))
    library.save_annotation(ann("i2", "Dock workers welcomed", ["claim"], " ines "))
    library.save_annotation(ann("i3", "Fares rose", ["claim"], "ines", FERRY))
    library.save_annotation(ann("k1", "The board approved the new crane", ["claim"], "kwame"))
    library.save_annotation(ann("k2", "Fares rose by a tenth", ["claim"], "kwame", FERRY))
    library.close()
    return tmp_path / "lib"


@pytest.mark.parametrize("given", ["ines", "INES", " Ines "])
def test_export_annotator_filter_takes_every_spelling(capsys, team: Path, given: str) -> None:
    assert main(["--library", str(team), "export", "--annotator", given]) == 0
    document = json.loads(capsys.readouterr().out)
    assert sorted(a["id"] for a in document["annotations"]) == ["i1", "i2", "i3"]


def test_export_refuses_a_name_nobody_made_anything_under(capsys, team: Path) -> None:
    assert main(["--library", str(team), "export", "--annotator", "Inez"]) == 1
    assert "--annotator Inez: nothing in the library is by that annotator" in (
        capsys.readouterr().err
    )


def test_agreement_counts_one_annotator_per_name(capsys, team: Path) -> None:
    assert main(["agreement", "--json", "--library", str(team)]) == 0
    document = json.loads(capsys.readouterr().out)
    # One of her spellings (the first the library lists), never two of them.
    [her, other] = document["annotators"]
    assert her in ("Ines", "ines") and other == "kwame"
    [pair] = document["overall"]["pairs"]
    assert set(pair["annotators"]) == {her, "kwame"}


def test_search_read_marks_follow_the_annotator_however_typed(capsys, team: Path) -> None:
    library = Library(team)
    ReadState(library, "Ines").mark([HARBOUR.id])
    library.close()
    assert (
        main(["search", "is:unread", "--json", "--annotator", " INES ", "--library", str(team)])
        == 0
    )
    assert [hit["article_id"] for hit in json.loads(capsys.readouterr().out)] == [FERRY.id]
