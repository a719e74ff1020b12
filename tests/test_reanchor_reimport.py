"""Re-importing a changed file moves rejected suggestions with the text as it
moves annotations, and never moves an annotation off a deleted paragraph onto
another copy of its quote."""

from __future__ import annotations

from pathlib import Path

from newsread.annotations.anchoring import make_selector, reanchor, reanchor_all
from newsread.model import Annotation, new_annotation
from storage.imports import import_paths
from storage.library import Library

TITLE = "Harbour crane approved"
FIRST = "The council met on Monday to approve the crane, which will cost 14 million euros."
SECOND = "Critics noted that the dredging alone adds 14 million euros to the plan."
LAST = "Opponents said the harbour should wait for the spring survey."
INSERTED = "An extra paragraph arrived in the corrected version of the story."


def _write(path: Path, *paragraphs: str) -> str:
    path.write_text("\n\n".join([TITLE, *paragraphs]) + "\n", encoding="utf-8")
    return str(path)


def _imported(tmp_path: Path, *paragraphs: str) -> tuple[Library, str, Path]:
    library = Library(tmp_path / "lib")
    source = tmp_path / "story.txt"
    summary, _ = import_paths(library, [_write(source, *paragraphs)])
    (article_id,) = summary.added
    return library, article_id, source


def _reimport(library: Library, source: Path, *paragraphs: str) -> int:
    summary, _ = import_paths(library, [_write(source, *paragraphs)])
    assert summary.updated, "the changed file must update the article"
    return summary.orphaned


def _span(body: str, text: str, occurrence: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence + 1):
        at = body.index(text, at + 1)
    return at, at + len(text)


def _reject(library: Library, article_id: str, kind: str, label: str, text: str, **more) -> dict:
    body = library.read_body(article_id)
    start, end = _span(body, text)
    record = {"kind": kind, "label": label, "start": start, "end": end, "text": text}
    record.update(rejected="2026-01-01T00:00:00Z", **more)
    library.save_rejected(article_id, record)
    return record


def test_reimport_moves_rejections_with_their_words(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, LAST)
    _reject(library, article_id, "entity", "DATE", "Monday")
    _reject(library, article_id, "entity", "GPE", "harbour")
    _reimport(library, source, INSERTED, FIRST, LAST)

    fresh = Library(library.root)
    body = fresh.read_body(article_id)
    rejected = {r["text"]: r for r in fresh.rejected(article_id)}
    assert set(rejected) == {"Monday", "harbour"}
    for text, record in rejected.items():
        assert body[record["start"] : record["end"]] == text
        assert (record["start"], record["end"]) == _span(body, text)
    assert rejected["Monday"]["label"] == "DATE"
    assert rejected["Monday"]["rejected"] == "2026-01-01T00:00:00Z"


def test_a_claims_rejection_takes_its_cue_along(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, LAST)
    body = library.read_body(article_id)
    cue_start, cue_end = _span(body, "said")
    _reject(
        library,
        article_id,
        "claim",
        "claim",
        LAST,
        cue={"start": cue_start, "end": cue_end, "text": "said"},
    )
    _reimport(library, source, INSERTED, FIRST, LAST)

    fresh = Library(library.root)
    body = fresh.read_body(article_id)
    (record,) = fresh.rejected(article_id)
    assert body[record["start"] : record["end"]] == LAST
    assert body[record["cue"]["start"] : record["cue"]["end"]] == "said"


def test_a_rejection_whose_words_are_gone_is_dropped(tmp_path):
    # Kept at its old offsets it would hide whatever is suggested there now.
    library, article_id, source = _imported(tmp_path, FIRST, LAST)
    _reject(library, article_id, "entity", "DATE", "Monday")
    _reject(library, article_id, "entity", "GPE", "harbour")
    _reimport(library, source, INSERTED, LAST)

    fresh = Library(library.root)
    body = fresh.read_body(article_id)
    (record,) = fresh.rejected(article_id)
    assert record["text"] == "harbour"
    assert body[record["start"] : record["end"]] == "harbour"


def test_an_unchanged_reimport_leaves_rejections_alone(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, LAST)
    record = _reject(library, article_id, "entity", "DATE", "Monday")
    summary, _ = import_paths(library, [_write(source, FIRST, LAST)])
    assert summary.unchanged == [article_id]
    assert Library(library.root).rejected(article_id) == [record]


def _tag(library: Library, article_id: str, text: str, occurrence: int, note: str = "") -> str:
    article = library.get_article(article_id)
    start, end = _span(article.body, text, occurrence)
    ann = new_annotation(article, start, end, ["money"], note=note, annotator="alice")
    library.save_annotation(ann)
    return ann.id


def _by_id(library: Library, article_id: str) -> dict[str, Annotation]:
    return {a.id: a for a in Library(library.root).annotations(article_id)}


def test_an_annotation_on_a_deleted_paragraph_is_not_moved_onto_another_copy(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, SECOND, LAST)
    first = _tag(library, article_id, "14 million euros", 0)
    second = _tag(library, article_id, "14 million euros", 1, note="second one")
    orphans = _reimport(library, source, FIRST, LAST)

    anns = _by_id(library, article_id)
    body = Library(library.root).read_body(article_id)
    assert orphans == 1
    assert not anns[first].orphan
    assert (anns[first].start, anns[first].end) == _span(body, "14 million euros")
    assert anns[second].orphan
    assert anns[second].note == "second one"


def test_the_orphan_stays_one_through_a_later_reimport(tmp_path):
    # Its quote is unique in the text it is now re-anchored from, and that
    # copy is another passage's: the orphan is not placed on it next time.
    library, article_id, source = _imported(tmp_path, FIRST, SECOND, LAST)
    first = _tag(library, article_id, "14 million euros", 0)
    second = _tag(library, article_id, "14 million euros", 1)
    article = library.get_article(article_id)
    start, end = _span(article.body, "14 million euros", 1)
    extra = new_annotation(article, start, end, ["money", "check"], annotator="alice")
    library.save_annotation(extra)
    assert _reimport(library, source, FIRST, LAST) == 2
    # Orphans already: not counted again as lost by this re-import.
    assert _reimport(library, source, INSERTED, FIRST, LAST) == 0
    anns = _by_id(library, article_id)
    assert not anns[first].orphan
    assert anns[second].orphan and anns[extra.id].orphan
    # Its paragraph back, it is found again.
    assert _reimport(library, source, FIRST, SECOND, LAST) == 0
    body = Library(library.root).read_body(article_id)
    anns = _by_id(library, article_id)
    assert (anns[second].start, anns[second].end) == _span(body, "14 million euros", 1)


def test_only_the_annotations_a_reimport_orphans_are_counted(tmp_path):
    """An orphan from an earlier re-import was counted again by each later one:
    2 said when 1 was new, and 1 when none was."""
    library, article_id, source = _imported(tmp_path, FIRST, SECOND, LAST)
    _tag(library, article_id, "dredging", 0)
    _tag(library, article_id, "spring survey", 0)
    assert _reimport(library, source, FIRST, LAST) == 1
    assert _reimport(library, source, INSERTED, FIRST, LAST) == 0
    assert _reimport(library, source, INSERTED, FIRST) == 1
    anns = _by_id(library, article_id)
    assert sorted(a.quote for a in anns.values() if a.orphan) == ["dredging", "spring survey"]


def test_each_copy_still_finds_its_own_paragraph_after_an_insertion(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, SECOND, LAST)
    first = _tag(library, article_id, "14 million euros", 0)
    second = _tag(library, article_id, "14 million euros", 1)
    assert _reimport(library, source, INSERTED, FIRST, SECOND, LAST) == 0

    anns = _by_id(library, article_id)
    body = Library(library.root).read_body(article_id)
    assert (anns[first].start, anns[first].end) == _span(body, "14 million euros", 0)
    assert (anns[second].start, anns[second].end) == _span(body, "14 million euros", 1)


def test_the_copy_whose_paragraph_was_edited_still_follows_it(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, SECOND, LAST)
    second = _tag(library, article_id, "14 million euros", 1)
    edited = "Critics say the dredging work alone adds 14 million euros to the budget."
    assert _reimport(library, source, FIRST, edited, LAST) == 0

    body = Library(library.root).read_body(article_id)
    ann = _by_id(library, article_id)[second]
    assert (ann.start, ann.end) == _span(body, "14 million euros", 1)


def test_reanchoring_never_puts_two_same_marks_on_one_span(tmp_path):
    # Equal context around both copies: the text cannot tell them apart, and
    # the deleted one's annotation must still not double the other's.
    # Under 16 words: a longer paragraph printed twice is cut as repeated on
    # import (newsread.ingest.dumps), and then there would be one copy only.
    twin = (
        "Auditors' consolidated reconciliation puts 14 million euros overall, "
        "notwithstanding subsequent parliamentary clarifications."
    )
    library, article_id, source = _imported(tmp_path, twin, FIRST, twin, LAST)
    body = library.read_body(article_id)
    assert body.count(twin) == 2
    first = _tag(library, article_id, "14 million euros", 0)
    second = _tag(library, article_id, "14 million euros", 2)
    stored = _by_id(library, article_id)
    assert (stored[first].prefix, stored[first].suffix) == (
        stored[second].prefix,
        stored[second].suffix,
    )
    _reimport(library, source, twin, FIRST, LAST)

    anns = _by_id(library, article_id)
    placed = [a for a in anns.values() if not a.orphan]
    assert len(placed) == 1
    assert anns[first] in placed
    assert anns[second].orphan


def test_marks_that_already_shared_a_span_keep_it(tmp_path):
    library, article_id, source = _imported(tmp_path, FIRST, LAST)
    ids = [_tag(library, article_id, "14 million euros", 0) for _ in range(2)]
    assert _reimport(library, source, INSERTED, FIRST, LAST) == 0
    anns = _by_id(library, article_id)
    assert not any(anns[i].orphan for i in ids)


# --- the anchoring itself, given the old body ------------------------------------


def test_a_repeated_quote_is_not_taken_from_another_old_copy() -> None:
    old = f"{FIRST} {SECOND} {LAST}"
    new = f"{FIRST} {LAST}"
    sel = make_selector(old, *_span(old, "14 million euros", 1))
    assert reanchor(sel, new) is not None  # without the old text: a stranger's copy
    assert reanchor(sel, new, old_body=old) is None
    own = make_selector(old, *_span(old, "14 million euros", 0))
    assert reanchor(own, new, old_body=old) is not None


def test_a_unique_quote_with_its_context_rewritten_is_still_found() -> None:
    old = f"{FIRST} {SECOND} {LAST}"
    sel = make_selector(old, *_span(old, "dredging alone"))
    new = f"{FIRST} Nobody disputes that the dredging alone is costly. {LAST}"
    anchor = reanchor(sel, new, old_body=old)
    assert anchor is not None
    assert new[anchor.start : anchor.end] == "dredging alone"


def test_a_selector_stored_without_context_is_not_beaten_by_its_twins() -> None:
    # An imported annotation may carry no prefix or suffix: it cannot be told
    # from its twins, and that is no reason to orphan it.
    from newsread.annotations.anchoring import Selector

    old = f"{FIRST} {SECOND} {LAST}"
    start, end = _span(old, "14 million euros", 1)
    new = f"{INSERTED} {old}"
    (anchor,) = reanchor_all([Selector("14 million euros", "", "", start, end)], new, None, old)
    assert anchor is not None


def test_the_cli_says_only_the_annotations_this_import_could_not_place(tmp_path, capsys):
    from tui.cli import main

    lib, source = tmp_path / "lib", tmp_path / "story.txt"
    args = ["--library", str(lib), "import", "--no-analyze"]
    assert main([*args, _write(source, FIRST, SECOND, LAST)]) == 0
    library = Library(lib)
    [meta] = library.article_metas()
    _tag(library, meta["id"], "dredging", 0)
    capsys.readouterr()
    assert main([*args, _write(source, FIRST, LAST)]) == 0
    assert "1 annotation could not be placed in the new text" in capsys.readouterr().out
    # The orphan is not lost again by the next change of the text.
    assert main([*args, _write(source, INSERTED, FIRST, LAST)]) == 0
    out = capsys.readouterr().out
    assert "updated" in out and "could not be placed" not in out
