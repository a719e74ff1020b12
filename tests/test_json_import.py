"""JSON and JSON Lines files of articles: every shape, every field alias, bad records named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsread.ingest.extract import JSON, TEXT, extract_text
from newsread.ingest.jsonfiles import parse_json_articles
from newsread.ingest.sources import InputText, iter_inputs
from storage.imports import import_paths
from storage.library import Library

FERRY = {
    "title": "Island ferry resumes after storm repairs",
    "body": "The island ferry resumed its crossings on Thursday.\n\n"
    "Engineers replaced forty metres of decking, the harbour authority said.",
    "source": "The Port Ellis Gazette",
    "published": "2025-02-06T08:15:00+01:00",
    "url": "https://gazette.example/ferry",
}
TRAM = {
    "title": "Tramline extension approved",
    "text": "The council voted to extend the northern tramline by four stops.",
    "source": {"id": "courier", "name": "The Harrowgate Courier"},
    "published": "April 2, 2025",
    "author": ["Odile Marchetti", "Bram Vennekool"],
}
SEALS = {
    "content": "Swimmers counted 57 grey seals on the sandbanks outside the harbour.",
    "publishedAt": 1743465600,  # 2025-04-01 00:00 UTC
    "byline": "Tomasz Ellery",
}


NO_TEXT = "no article text (expected a body, text or content field)"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(tmp_path: Path, *paths: Path):
    return import_paths(Library(tmp_path / "library"), [str(p) for p in paths])


def test_one_object_list_and_lines_give_the_same_articles(tmp_path: Path) -> None:
    one = _write(tmp_path, "one.json", json.dumps(FERRY))
    many = _write(tmp_path, "many.json", json.dumps([FERRY, TRAM, SEALS], indent=2))
    lines = _write(tmp_path, "lines.jsonl", "\n".join(json.dumps(r) for r in (FERRY, TRAM, SEALS)))
    shapes = {}
    for path in (one, many, lines):
        [item] = list(iter_inputs([str(path)], None))
        assert isinstance(item, InputText)
        shapes[path.name] = extract_text(item.text, item.kind).articles
    assert [a.title for a in shapes["one.json"]] == [FERRY["title"]]
    listed, lined = shapes["many.json"], shapes["lines.jsonl"]
    assert [a.as_json() for a in listed] == [a.as_json() for a in lined]


def test_fields_and_their_aliases() -> None:
    result = parse_json_articles(json.dumps([FERRY, TRAM, SEALS]))
    assert not result.problems
    ferry, tram, seals = (item.article for item in result.articles)
    assert ferry.title == FERRY["title"]
    assert ferry.body == FERRY["body"]
    assert (ferry.source, ferry.published) == ("The Port Ellis Gazette", "2025-02-06")
    assert result.articles[0].url == "https://gazette.example/ferry"
    assert tram.body == TRAM["text"]
    assert (tram.source, tram.published) == ("The Harrowgate Courier", "2025-04-02")
    assert tram.byline == "Odile Marchetti, Bram Vennekool"
    # No title: derived from the text, as for a dump without a headline.
    assert seals.title_derived and seals.title.startswith("Swimmers counted 57 grey seals")
    assert (seals.byline, seals.published) == ("Tomasz Ellery", "2025-04-01")


def test_bad_lines_are_named_and_the_rest_imported(tmp_path: Path) -> None:
    records = [
        json.dumps(FERRY),
        '{"title": "cut off", "body": "no closing',
        "",
        json.dumps({"title": "No text here", "source": "Nowhere"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({**TRAM, "title": {"nested": True}}),
        json.dumps(SEALS),
    ]
    path = _write(tmp_path, "export.jsonl", "\n".join(records) + "\n")
    summary, fresh = _import(tmp_path, path)
    assert [a.title for a in fresh][0] == FERRY["title"] and len(fresh) == 2
    origin = str(path.resolve())
    assert summary.rejected == [
        (f"{origin}:2", "not valid JSON (Unterminated string starting at column 30)"),
        (f"{origin}:4", "no article text (expected a body, text or content field)"),
        (f"{origin}:5", "not an article object (a JSON list)"),
        (f"{origin}:6", "title is not text (a JSON object)"),
    ]


def test_a_broken_list_keeps_the_items_before_the_error(tmp_path: Path) -> None:
    text = "[\n" + json.dumps(FERRY) + ",\n" + json.dumps(TRAM) + ",\n{oops}\n]"
    result = parse_json_articles(text)
    assert [a.article.title for a in result.articles] == [FERRY["title"], TRAM["title"]]
    [(line, why)] = result.problems
    assert line == 4 and why.startswith("not valid JSON") and "rest of the file" in why


def test_json_lines_in_a_json_file_and_json_by_content(tmp_path: Path) -> None:
    lines = "\n".join(json.dumps(r) for r in (FERRY, TRAM))
    for name in ("export.json", "export.txt"):
        path = _write(tmp_path, name, lines)
        [item] = list(iter_inputs([str(path)], None))
        assert isinstance(item, InputText) and item.kind == JSON
        titles = [a.title for a in extract_text(item.text, item.kind).articles]
        assert titles == [FERRY["title"], TRAM["title"]]


def test_a_dump_that_starts_like_json_stays_a_dump(tmp_path: Path) -> None:
    dump = (
        "[Updated] Ferry crossings resume\n\n"
        "The island ferry resumed its daily crossings on Thursday after three weeks of repairs "
        "to the storm-damaged pier, the harbour authority said in a statement on Wednesday.\n"
    )
    [item] = list(iter_inputs([str(_write(tmp_path, "dump.txt", dump))], None))
    assert isinstance(item, InputText) and item.kind == TEXT


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "{not json",
            (1, "not valid JSON (Expecting property name enclosed in double quotes, column 2)"),
        ),
        ("42", (1, "not an article object (a JSON number)")),
        ('{"title": "Only a title"}', (1, NO_TEXT)),
        # A number where the text belongs is a field mapped wrong, not a one-word
        # article; a title may be one ("1984").
        ('[{"body": 7}]', (1, "record 1: body is not text (a JSON number)")),
        ('{"title": "x", "body": 12}', (1, "body is not text (a JSON number)")),
        ('{"title": 1984, "body": "A novel."}', None),
        ('[{"body": ["a"]}]', (1, "record 1: body is not text (a JSON list)")),
    ],
)  # fmt: skip
def test_unusable_json_files_say_why(
    tmp_path: Path, text: str, problem: tuple[int, str] | None
) -> None:
    result = parse_json_articles(text)
    assert result.problems == ([problem] if problem else [])


def test_a_json_file_with_nothing_usable_is_rejected_by_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.json", '{"title": "Only a title"}')
    summary, fresh = _import(tmp_path, path)
    assert not fresh
    assert summary.rejected == [
        (f"{path.resolve()}:1", "no article text (expected a body, text or content field)")
    ]


def test_many_bad_records_are_summed_up(tmp_path: Path) -> None:
    text = "\n".join(["{bad"] * 30 + [json.dumps(FERRY)])
    result = parse_json_articles(text, lines=True)
    assert len(result.articles) == 1
    assert len(result.problems) == 21
    assert result.problems[-1] == (21, "and 10 more records that could not be imported")


def test_reimporting_a_json_file_adds_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "many.json", json.dumps([FERRY, TRAM, SEALS]))
    library = Library(tmp_path / "library")
    first, _ = import_paths(library, [str(path)])
    again, fresh = import_paths(library, [str(path)])
    assert len(first.added) == 3 and not fresh and len(again.unchanged) == 3
    urls = {m["title"]: m["url_or_path"] for m in library.article_metas()}
    assert urls[FERRY["title"]] == FERRY["url"]
    assert urls[TRAM["title"]] == str(path.resolve())  # no url: the file it came from


def _records(count: int, changed: frozenset[int] = frozenset()) -> list[dict]:
    return [
        {
            "title": f"Harbour notice number {k}",
            "body": f"The harbour office posted notice {k} about berth {k % 7} on Monday."
            + (" A correction followed on Tuesday." if k in changed else ""),
            "url": f"https://gazette.example/notices/{k}",
        }
        for k in range(count)
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_changed_corpus_under_another_name_updates_its_articles(
    tmp_path: Path, suffix: str
) -> None:
    from newsread.model import new_annotation

    def write(name: str, records: list[dict]) -> str:
        if suffix == ".jsonl":
            text = "\n".join(json.dumps(r) for r in records) + "\n"
        else:
            text = json.dumps(records)
        return str(_write(tmp_path, name + suffix, text))

    library = Library(tmp_path / "library")
    first, _ = import_paths(library, [write("corpus", _records(6))])
    assert len(first.added) == 6
    by_title = {m["title"]: m["id"] for m in library.article_metas()}
    target = by_title["Harbour notice number 2"]
    article = library.get_article(target)
    start = article.body.index("berth")
    library.save_annotation(new_annotation(article, start, start + len("berth 2"), ["place"]))
    # The same records, two changed, under another name; one address spelt
    # in capitals with a fragment, which is still the same page.
    records = _records(6, frozenset({2, 4}))
    records[3]["url"] = "HTTPS://Gazette.Example:443/notices/3#top"
    again, fresh = import_paths(library, [write("corpus2", records)])
    assert again.added == [] and again.rejected == []
    assert sorted(again.updated) == sorted([target, by_title["Harbour notice number 4"]])
    assert len(again.unchanged) == 4 and len(library.article_metas()) == 6
    [note] = library.annotations(target)
    assert not note.orphan and library.read_body(target)[note.start : note.end] == "berth 2"
    assert "A correction followed" in library.read_body(target)


def test_a_record_whose_url_has_tracking_parameters_updates_the_clean_one(
    tmp_path: Path,
) -> None:
    library = Library(tmp_path / "library")
    first, _ = import_paths(library, [str(_write(tmp_path, "a.jsonl", json.dumps(_records(1)[0])))])
    [record] = _records(1, frozenset({0}))
    record["url"] += "?utm_source=mail&mc_cid=7"
    again, _ = import_paths(library, [str(_write(tmp_path, "b.jsonl", json.dumps(record)))])
    assert (again.added, again.updated) == ([], first.added)
    [meta] = library.article_metas()
    assert meta["url_or_path"] == "https://gazette.example/notices/0"


def test_two_records_of_one_file_with_one_url_keep_the_first_and_say_so(tmp_path: Path) -> None:
    records = _records(2)
    records[1]["url"] = records[0]["url"]
    path = _write(tmp_path, "twice.jsonl", "\n".join(json.dumps(r) for r in records))
    library = Library(tmp_path / "library")
    summary, _ = import_paths(library, [str(path)])
    assert len(summary.added) == 1
    [(where, why)] = summary.rejected
    assert where == str(path.resolve())
    assert why == (
        "'Harbour notice number 1' has the url of an earlier record "
        "(https://gazette.example/notices/0): the first one stands"
    )


@pytest.mark.parametrize(
    "value, published, note",
    [
        (20261120, "2026-11-20", ""),  # YYYYMMDD, as many exports write it: not Unix seconds
        ("20261120", "2026-11-20", ""),
        (1743465600, "2025-04-01", ""),  # Unix seconds
        (1743465600000, "2025-04-01", ""),  # milliseconds, as JavaScript writes them
        ("1743465600", "2025-04-01", ""),
        (20261131, "", "published 20261131 is not a date: stored without one"),
        (0, "", "published 0 is not a date: stored without one"),  # 1970: no news feed's
        (2026, "", "published 2026 is not a date: stored without one"),
        ("not a date", "", "published 'not a date' is not a date: stored without one"),
        ([2025, 4, 1], "", "published (a JSON list) is not a date: stored without one"),
        (True, "", "published (a JSON true/false) is not a date: stored without one"),
        ("", "", ""),
        (None, "", ""),
    ],
)  # fmt: skip
def test_a_date_is_read_when_plausible_and_noted_when_not(
    value: object, published: str, note: str
) -> None:
    record = {"title": "Exports fall", "body": "Exports fell by 3 percent.", "published": value}
    result = parse_json_articles(json.dumps([record]))
    [found] = result.articles
    assert found.article.published == published
    assert result.notes == ([(1, f"record 1: {note}")] if note else [])
    assert not result.problems  # the article is kept


def test_a_later_date_field_stands_in_for_a_bad_one() -> None:
    record = {"body": "Exports fell.", "published": "soon", "date": "2025-04-01"}
    result = parse_json_articles(json.dumps(record))
    assert result.articles[0].article.published == "2025-04-01" and not result.notes


def test_a_long_bad_date_is_quoted_cut_to_one_line() -> None:
    record = {"body": "Exports fell.", "published": "x" * 100 + "\nmore\x1b[31m"}
    [(line, note)] = parse_json_articles(json.dumps(record)).notes
    assert note == f"published '{'x' * 39}…' is not a date: stored without one"


def test_many_bad_dates_are_summed_up() -> None:
    text = "\n".join(json.dumps({**FERRY, "title": f"n{k}", "published": "?"}) for k in range(25))
    result = parse_json_articles(text, lines=True)
    assert len(result.articles) == 25 and len(result.notes) == 21
    assert result.notes[-1] == (21, "and 5 more records stored without the date they gave")


@pytest.mark.parametrize("name", ["dated.json", "dated.jsonl"])
def test_import_names_each_record_stored_without_its_date(tmp_path: Path, name: str) -> None:
    records = [
        {**FERRY, "published": 20261120},
        {**TRAM, "published": "not a date"},
        {**SEALS, "publishedAt": 86400},
    ]
    if name.endswith(".jsonl"):  # streamed line by line
        text, where = "\n".join(json.dumps(r) for r in records), ["2", "3"]
    else:
        text, where = json.dumps(records, indent=None), ["1", "1"]
    path = _write(tmp_path, name, text)
    summary, fresh = _import(tmp_path, path)
    assert [a.published for a in fresh] == ["2026-11-20", "", ""]
    assert not summary.rejected
    which = ["", ""] if name.endswith(".jsonl") else ["record 2: ", "record 3: "]
    origin = str(path.resolve())
    tail = "is not a date: stored without one"
    assert summary.notes == [
        (f"{origin}:{where[0]}", f"{which[0]}published 'not a date' {tail}"),
        (f"{origin}:{where[1]}", f"{which[1]}publishedAt 86400 {tail}"),
    ]


def test_the_cli_says_which_records_were_kept_without_their_date(capsys, tmp_path: Path) -> None:
    from tui.cli import main

    path = _write(tmp_path, "dated.jsonl", json.dumps({**FERRY, "published": "not a date"}))
    code = main(["import", "--no-analyze", "--library", str(tmp_path / "lib"), str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and "1 added" in out
    assert (
        err
        == f"note {path.resolve()}:1: published 'not a date' is not a date: stored without one\n"
    )
    code = main(["extract", "--json", str(path)])
    out, err = capsys.readouterr()
    assert json.loads(out)["articles"][0]["published"] == ""
    assert err == (
        f"newsread: warning: {path}:1: published 'not a date' is not a date: stored without one\n"
    )
