"""The library screen's rules without a terminal: filter, sort, cells, columns, status."""

from __future__ import annotations

from typing import Any

from tui.models.library import SORTS, LibraryModel, column_plan


def meta(article_id: str, title: str, **fields: Any) -> dict[str, Any]:
    return {"id": article_id, "title": title, **fields}


def loaded() -> LibraryModel:
    model = LibraryModel()
    model.load(
        [
            meta("a", "Harbour crane", source="Wire", published="2026-03-01", story_group="g"),
            meta("b", "budget vote", source="Gazette", imported="2026-04-02T10:00:00"),
            meta("c", "Crane copy", source="Review", published="2026-01-05", story_group="g"),
            meta("d", "Zoo opens", source="", published="2026-02-01", entities=4, claims=0),
        ],
        {"a": 2, "b": 5, "c": 0},
        {},
    )
    return model


def ids(model: LibraryModel) -> list[str]:
    return [row.id for row in model.rows()]


def test_sorts_cycle_date_title_source_annotations():
    model = loaded()
    assert model.sort == "date" and ids(model) == ["b", "a", "d", "c"]  # newest first
    assert model.next_sort() == "title" and ids(model) == ["b", "c", "a", "d"]  # ignoring case
    # By source, then title; a missing source sorts first.
    assert model.next_sort() == "source" and ids(model) == ["d", "b", "c", "a"]
    assert model.next_sort() == "annotations" and ids(model) == ["b", "a", "c", "d"]
    assert model.next_sort() == "date"
    assert SORTS == ("date", "title", "source", "annotations")


def test_the_filter_matches_title_or_source_ignoring_case():
    model = loaded()
    model.filter_text = "CRANE"
    assert sorted(ids(model)) == ["a", "c"]
    model.filter_text = "gaz"
    assert ids(model) == ["b"]
    model.filter_text = "nothing like it"
    assert ids(model) == []


def test_cells_of_a_row():
    model = loaded()
    rows = {row.id: row for row in model.rows()}
    a, b, d = rows["a"], rows["b"], rows["d"]
    assert a.cells["date"] == "2026-03-01" and not a.date_is_imported
    # Without a published date the import day stands in, marked to be dimmed.
    assert b.cells["date"] == "2026-04-02" and b.date_is_imported
    assert a.cells["annotations"] == "2" and d.cells["annotations"] == "0"
    assert a.copies == 1 and a.cells["copies"] == "1" and d.cells["copies"] == ""
    assert d.cells["source"] == "—"
    assert d.cells["entities"] == "4" and d.cells["claims"] == "0"
    assert a.cells["entities"] == "" and a.cells["claims"] == ""  # never analysed


def test_unreadable_annotations_show_as_a_mark_and_in_the_status():
    model = loaded()
    model.damaged = {"a": "annotations/a.json: not JSON"}
    assert {row.id: row.cells["annotations"] for row in model.rows()}["a"] == "!"
    assert model.summary(4).endswith(" · annotations of 1 article unreadable (!): newsread doctor")


def test_status_counts_and_filter():
    model = loaded()
    assert model.summary(4) == "4 articles · 7 annotations · 4 unread · sorted by date"
    model.filter_text = "crane"
    # A narrowed list is described: the 2 listed (a, c) hold 2 annotations.
    assert model.summary(2) == (
        "2 of 4 articles · filter: 'crane' · 2 annotations · 2 unread · sorted by date"
    )
    model.set_read("a", True)
    assert " · 2 annotations · 1 unread · " in model.summary(2)


def test_status_of_a_feed_filter_listing_nothing_counts_nothing():
    # It went on counting the library's 7 annotations beside "0 of 4 articles".
    model = loaded()
    model.load(
        [meta(m.id, m.cells["title"]) for m in model.rows()],
        {"a": 2, "b": 5, "c": 0},
        {},
        feeds={"http://127.0.0.1:1/a.xml": "Alpha"},
    )
    model.feed_choice = "http://127.0.0.1:1/a.xml"
    assert model.visible_rows() == []
    assert model.summary(0) == (
        "0 of 4 articles · feed: Alpha · 0 annotations · 0 unread · sorted by date"
        " · 1 feed subscribed: R refreshes"
    )


def test_status_of_an_empty_or_unreadable_library():
    model = LibraryModel()
    model.load([], {}, {})
    assert model.summary(0) == "The library is empty. Add articles with: newsread import PATH..."
    model.load([], {}, {}, error="library.json: not JSON")
    assert model.summary(0) == "cannot read the library: library.json: not JSON"


def test_copies_are_named_in_the_status_only_without_their_column():
    narrow, wide = column_plan(80), column_plan(160)
    assert LibraryModel.copies_note(narrow, 2) == " · this story has 2 other copies"
    assert LibraryModel.copies_note(narrow, 1) == " · this story has 1 other copy"
    assert LibraryModel.copies_note(narrow, 0) == ""
    assert LibraryModel.copies_note(wide, 2) == ""


def test_forgetting_a_deleted_article_and_the_question_before():
    model = loaded()
    assert model.delete_question("b") == (
        "Delete “budget vote” from the library? Its 5 annotations will be deleted too."
    )
    assert model.delete_question("d") == "Delete “Zoo opens” from the library?"
    model.forget("b")
    assert "b" not in ids(model) and "b" not in model.counts
    assert model.meta("b") is None and model.meta("a")["title"] == "Harbour crane"


def test_column_plan_by_width():
    assert [key for key, _, _ in column_plan(80)] == ["title", "source", "date", "annotations"]
    assert dict((k, w) for k, _, w in column_plan(80))["source"] == 12  # narrow source
    assert dict((k, w) for k, _, w in column_plan(120))["source"] == 18
    assert [key for key, _, _ in column_plan(200)] == [
        "title",
        "source",
        "date",
        "entities",
        "claims",
        "annotations",
        "copies",
    ]
    # Too narrow for any column but the title: the title still gets its room.
    assert column_plan(40) == [("title", "Title", 34)]
    assert column_plan(10)[0][2] == 12


def test_the_copies_of_a_story_oldest_first_and_none_for_a_lone_article():
    model = LibraryModel()
    model.load(
        [
            meta("a", "Harbour crane", published="2026-03-01", story_group="g"),
            meta("b", "Budget vote", published="2026-04-02"),
            meta("c", "Crane copy", published="2026-01-05", story_group="g"),
            meta("e", "Crane again", published="2026-02-09", story_group="g"),
            meta("f", "Other story", published="2026-02-10", story_group="h"),
        ],
        {},
        {},
    )
    assert [m["id"] for m in model.story_copies("a")] == ["c", "e"]
    assert [m["id"] for m in model.story_copies("e")] == ["c", "a"]
    assert model.story_copies("b") == []
    assert model.story_copies("f") == []  # a group of one
    assert model.story_copies("nowhere") == []
    model.forget("c")
    assert [m["id"] for m in model.story_copies("a")] == ["e"]


def _answer(model: LibraryModel, text: str, scores: dict[str, float], total: int | None = None):
    from storage.search_index import Hit
    from tui.models.library import SearchResult

    model.filter_text = text
    hits = {aid: Hit(aid, aid, score, None, []) for aid, score in scores.items()}
    assert model.set_search_result(SearchResult(text, hits, total))


def test_a_capped_search_is_counted_as_the_first_of_more_never_as_articles():
    model = loaded()
    # "crane" is in two titles; the index gave two hits of 40 (d's body, b's).
    _answer(model, "crane", {"d": 2.0, "b": 1.0}, total=40)
    assert ids(model) == ["d", "b"]  # the title matches past the hits are left out
    status = model.summary(len(ids(model)))
    assert status.startswith("first 2 of 40 matches — refine the search")
    assert "of 4 articles" not in status and "found by search" not in status
    model.unread_only = True
    model.set_read("b", True)
    status = model.summary(len(ids(model)))
    assert status.startswith("1 of the first 2 of 40 matches — refine the search")


def test_s_while_a_search_is_listed_orders_its_hits_then_comes_back_to_rank():
    model = loaded()
    _answer(model, "crane", {"d": 2.0, "b": 1.0, "a": 0.5, "c": 0.2})
    assert ids(model) == ["d", "b", "a", "c"]  # hits best first
    assert model.shown_order() == "rank" and " · by rank ·" in model.summary(4) + " ·"
    assert model.next_sort() == "date" and ids(model) == ["b", "a", "d", "c"]
    assert model.next_sort() == "title" and ids(model) == ["b", "c", "a", "d"]
    assert model.next_sort() == "source" and model.next_sort() == "annotations"
    assert model.next_sort() == "rank" and ids(model) == ["d", "b", "a", "c"]
    model.toggle_reverse()
    assert ids(model) == ["c", "a", "b", "d"] and " · by rank (reversed)" in model.summary(4)
    # No search: the sorts alone, from the library's own (date, never moved
    # by the search's s and S); rank is never remembered as the sort.
    model.filter_text = ""
    model.clear_search()
    assert model.shown_order() == "date" and not model.shown_reverse()
    assert model.next_sort() == "title" and model.view().sort in SORTS


def test_a_feed_filter_naming_no_feed_says_so_with_the_feeds_there_are():
    model = LibraryModel()
    model.load(
        [meta("a", "Harbour crane", feed="https://ledger.example/rss")],
        {},
        {},
        feeds={"https://ledger.example/rss": "Valley Ledger", "https://p.example/x": "Post"},
    )
    model.filter_text = "feed:nothing"
    assert ids(model) == []
    assert 'no feed is called "nothing" (feeds: Post, Valley Ledger)' in model.summary(0)
    model.filter_text = "feed:post"  # a feed that exists, with no article here
    assert ids(model) == [] and "no feed is called" not in model.summary(0)
    model.filter_text = "feed:ledger.example"  # part of a URL
    assert ids(model) == ["a"]


def test_titles_and_sources_sort_with_accents_folded():
    # "Éclair" and "Élysée Post" came after "Zebra" and "Zeitung".
    model = LibraryModel()
    model.load(
        [
            meta("z", "Zebra crossing", source="Zeitung"),
            meta("e", "Éclair sales", source="Élysée Post"),
            meta("a", "apple harvest", source="Avis"),
            meta("o", "Ölmühle opens", source="ﬁne Print"),
        ],
        {},
        {},
    )
    model.sort_index = SORTS.index("title")
    assert ids(model) == ["a", "e", "o", "z"]
    model.sort_index = SORTS.index("source")
    assert ids(model) == ["a", "e", "o", "z"]
