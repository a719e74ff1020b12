"""Every annotation of the library as one list (storage.annotation_list), and
the annotations screen's filters, sorts and wording (tui.models.annotations),
without Textual."""

from __future__ import annotations

from pathlib import Path

from newsread.model import Annotation, Article
from storage import annotation_list
from storage.annotation_list import AnnotationLister, AnnotationListing, ListedAnnotation
from storage.library import Library
from tui.models.annotations import NOBODY, AnnotationsModel, column_plan, prepare


def library_with_annotations(root: Path) -> Library:
    library = Library(root)
    library.save_articles(
        [
            Article(id="art1", title="Budget vote", body="The council voted on the budget."),
            Article(id="art2", title="Harbour crane", body="The crane was approved."),
            Article(id="art3", title="Nothing tagged", body="Quiet day."),
        ]
    )
    library.save_annotation(
        Annotation(
            id="n1",
            article_id="art1",
            start=4,
            end=11,
            quote="council",
            tags=["verify", "verify", "org"],
            note="Who sits on it?",
            created="2026-11-01T10:00:00+00:00",
            updated="2026-11-02T10:00:00+00:00",
            annotator="ines",
        )
    )
    library.save_annotation(
        Annotation(
            id="n2",
            article_id="art2",
            start=4,
            end=9,
            quote="crane",
            tags=["PRODUCT"],
            created="2026-11-03T10:00:00+00:00",
            data={"suggestion": {"kind": "entity", "label": "PRODUCT"}, "annotator": "tool"},
        )
    )
    library.save_annotation(
        Annotation(
            id="n3",
            article_id="art2",
            start=0,
            end=3,
            quote="The",
            note="orphaned",
            orphan=True,
            created="2026-10-30T10:00:00+00:00",
        )
    )
    return library


def by_id(listing: AnnotationListing) -> dict[str, ListedAnnotation]:
    return {row.id: row for row in listing.rows}


def test_listing_reads_every_field_the_screen_shows(tmp_path):
    library = library_with_annotations(tmp_path / "lib")
    listing = AnnotationLister(library.root).listing()
    rows = by_id(listing)
    assert set(rows) == {"n1", "n2", "n3"}
    assert listing.articles == 3 and listing.damaged == []
    assert listing.titles == {"art1": "Budget vote", "art2": "Harbour crane"}
    n1, n2, n3 = rows["n1"], rows["n2"], rows["n3"]
    assert n1.tags == ("verify", "org")  # a tag listed twice is one tag
    assert n1.date == "2026-11-02T10:00:00+00:00"  # updated, else created
    assert (n1.annotator, n1.suggestion, n1.orphan) == ("ines", "", False)
    assert n1.key == "art1/n1" and (n1.start, n1.end, n1.quote) == (4, 11, "council")
    # An annotator kept in data (an import from another tool) counts too.
    assert (n2.annotator, n2.suggestion, n2.date[:10]) == ("tool", "PRODUCT", "2026-11-03")
    assert (n3.annotator, n3.orphan, n3.tags, n3.note) == ("", True, (), "orphaned")


def test_a_correction_is_listed_as_one_not_as_an_accepted_suggestion(tmp_path):
    library = library_with_annotations(tmp_path / "lib")
    correction = {"kind": "entity", "label": "ORG", "was": None}
    library.save_annotation(
        Annotation(
            id="c1",
            article_id="art2",
            start=4,
            end=9,
            quote="crane",
            tags=["ORG"],
            data={"suggestion": {"kind": "entity", "label": "ORG"}, "correction": correction},
        )
    )
    rows = by_id(AnnotationLister(library.root).listing())
    assert (rows["c1"].corrected, rows["c1"].suggestion) == (True, "")
    assert (rows["n2"].corrected, rows["n2"].suggestion) == (False, "PRODUCT")
    model = model_of([rows["c1"], rows["n2"]])
    columns = column_plan(120, annotators=True)
    flags = {model.cells(i, columns)[-1] for i in range(2)}
    assert flags == {("corr.", "magenta"), ("sugg.", "cyan")}


def test_leftover_and_damaged_files(tmp_path):
    library = library_with_annotations(tmp_path / "lib")
    folder = library.root / "annotations"
    # A file left behind by an article since removed is not part of the library.
    (folder / "gone01.json").write_text((folder / "art1.json").read_text())
    (folder / "art2.json").write_text("{not json")
    listing = AnnotationLister(library.root).listing()
    assert [row.id for row in listing.rows] == ["n1"]
    assert len(listing.damaged) == 1 and "art2.json" in listing.damaged[0]
    # An annotation whose tags are not names makes its file unreadable, as in the reader.
    (folder / "art2.json").write_text(
        '{"annotations": {"1": {"id": "z", "start": 0, "end": 1, "quote": "T", "tags": "x"}}}'
    )
    listing = AnnotationLister(library.root).listing()
    assert "malformed" in listing.damaged[0] and [row.id for row in listing.rows] == ["n1"]


def test_listing_again_reads_only_changed_files_and_new_titles(tmp_path, monkeypatch):
    library = library_with_annotations(tmp_path / "lib")
    lister = AnnotationLister(library.root)
    first = lister.listing()
    read: list[str] = []
    docs = annotation_list.annotation_docs

    def counted(path: Path):
        read.append(path.stem)
        return docs(path)

    monkeypatch.setattr(annotation_list, "annotation_docs", counted)
    assert by_id(lister.listing()) == by_id(first) and read == []
    library.delete_annotation("art2", "n3")
    article = library.get_article("art1")
    article.title = "Budget vote, revised"
    library.save_articles([article])
    listing = lister.listing()
    assert read == ["art2"]
    assert set(by_id(listing)) == {"n1", "n2"}
    assert listing.titles["art1"] == "Budget vote, revised"


def test_an_empty_library_lists_nothing(tmp_path):
    listing = AnnotationLister(tmp_path / "nothing").listing()
    assert listing.rows == [] and listing.articles == 0 and listing.damaged == []


# -- the model --------------------------------------------------------------------------


def row(ann_id: str, article_id: str, date: str, **fields) -> ListedAnnotation:
    values = {
        "start": 0,
        "end": 1,
        "quote": "q",
        "tags": (),
        "note": "",
        "annotator": "",
        "orphan": False,
        "suggestion": "",
        **fields,
    }
    return ListedAnnotation(article_id=article_id, id=ann_id, date=date, **values)


def model_of(rows: list[ListedAnnotation], articles: int = 3) -> AnnotationsModel:
    titles = {"x1": "Alpha story", "x2": "beta story"}
    model = AnnotationsModel()
    model.load(prepare(AnnotationListing(rows, titles, articles)))
    return model


def shown_ids(model: AnnotationsModel) -> list[str]:
    return [model.row(i).id for i in range(len(model.shown))]


ROWS = [
    row("r1", "x2", "2026-11-01", tags=("zeta",), note="Call the Mayor", annotator="ines"),
    row("r2", "x1", "2026-11-03", tags=("alpha", "Beta"), start=5, suggestion="ORG"),
    row("r3", "x1", "2026-11-02", note="mayor again", orphan=True, start=2),
    row("r4", "x2", "2026-11-03", tags=("Beta",), annotator="max", start=9),
]


def test_sorts_and_reverse():
    model = model_of(ROWS)
    # Newest first; equal dates in reading order (title, then place in the text).
    assert shown_ids(model) == ["r2", "r4", "r3", "r1"]
    model.next_sort()
    assert model.sort == "article" and shown_ids(model) == ["r3", "r2", "r1", "r4"]
    model.next_sort()
    # By each annotation's first tag in alphabetical order; untagged last.
    assert model.sort == "tag" and shown_ids(model) == ["r2", "r4", "r1", "r3"]
    model.toggle_reverse()
    assert shown_ids(model) == ["r3", "r1", "r4", "r2"]
    model.next_sort()  # a new sort starts in its own direction
    assert model.sort == "date" and not model.reverse
    model.toggle_reverse()
    assert shown_ids(model) == ["r1", "r3", "r4", "r2"] and model.sort_words == "oldest first"


def test_the_article_sort_folds_accents_as_the_library_does():
    # "Éclair" came after "Zebra": its annotations were listed last.
    rows = [row("z", "x2", "2026-11-01"), row("e", "x1", "2026-11-01")]
    model = AnnotationsModel()
    titles = {"x1": "Éclair sales", "x2": "Zebra crossing"}
    model.load(prepare(AnnotationListing(rows, titles, 2)))
    model.next_sort()
    assert model.sort == "article" and shown_ids(model) == ["e", "z"]


def test_each_filter_and_their_combination():
    model = model_of(ROWS)
    model.filter_tag("Beta")
    assert shown_ids(model) == ["r2", "r4"]
    model.filter_annotator("max")
    assert shown_ids(model) == ["r4"]
    model.clear_filters()
    model.filter_annotator(NOBODY)
    assert shown_ids(model) == ["r2", "r3"]
    model.clear_filters()
    model.toggle_orphans()
    assert shown_ids(model) == ["r3"]
    model.clear_filters()
    model.cycle_accepted()
    assert shown_ids(model) == ["r2"]
    model.cycle_accepted()
    assert shown_ids(model) == ["r4", "r3", "r1"]
    model.cycle_accepted()
    assert len(shown_ids(model)) == 4
    model.filter_note("MAYOR")
    assert shown_ids(model) == ["r3", "r1"]
    model.toggle_orphans()
    assert shown_ids(model) == ["r3"]
    assert model.filters.words() == ["orphans only", "note has “MAYOR”"]
    assert model.status().startswith("1 of 4 annotations in 2 articles · orphans only")


def test_choices_cells_and_wording():
    model = model_of(ROWS)
    assert model.tag_counts() == [("alpha", 1), ("Beta", 2), ("zeta", 1)]
    assert model.annotator_counts() == [("ines", 1), ("max", 1), ("", 2)]
    columns = column_plan(120, annotators=True)
    cells = dict(zip([key for key, _, _ in columns], model.cells(0, columns), strict=True))
    assert cells["tags"] == ("alpha, Beta", "bold")
    assert cells["article"] == ("Alpha story", "") and cells["date"][0] == "2026-11-03"
    assert cells["flag"] == ("sugg.", "cyan")
    orphan = model.cells(2, columns)
    assert ("orphan", "bold red") in orphan and ("(note)", "dim") in orphan
    assert model.status() == "4 annotations in 2 articles · newest first"
    assert model.empty_text() == ""
    model.filter_tag("nothing")
    assert model.empty_text().startswith("No annotation matches the filters (tag nothing)")


def test_empty_texts():
    model = AnnotationsModel()
    assert "Reading" in model.empty_text()
    assert "library is empty" in model_of([], articles=0).empty_text()
    assert "No annotations yet" in model_of([], articles=3).empty_text()
    model.fail("library.json: not valid JSON")
    assert model.empty_text() == "The library cannot be read: library.json: not valid JSON"


def test_column_plan_fits_the_width():
    for width in (80, 100, 120, 200):
        for annotators in (False, True):
            plan = column_plan(width, annotators)
            assert sum(size + 2 for _, _, size in plan) + 4 <= width
            keys = [key for key, _, _ in plan]
            assert keys[:5] == ["tags", "quote", "note", "article", "date"]
            assert ("annotator" in keys) == (annotators and width >= 100)
