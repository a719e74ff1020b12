"""The search index on real libraries: kept current through imports, tags,
notes, removals and analyses made by this process or another; rebuilt when
missing, of another format or damaged; the query language's errors.

No mocks: real Library files, a real SQLite file, real subprocesses.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from unittest import mock

import pytest

from newsread.model import Annotation, Article, new_annotation
from newsread.search import QueryError, parse_query
from storage.library import Library, analysis_key
from storage.search_index import FILE, SearchIndex

ROOT = Path(__file__).resolve().parents[1]

HARBOUR = Article(
    id="harbour",
    title="Harbour crane contract signed",
    body=(
        "PORT ELLIS — The harbour board signed a deal for two new cranes on Monday.\n\n"
        "\u201cThe cranes will double what the quay can move,\u201d "
        "said board chair Mara Quint.\n\n"
        "Commerce Minister Wang Wentao welcomed the deal in Zürich."
    ),
    source="Port Ellis Gazette",
    published="2026-11-03",
)
FERRY = Article(
    id="ferry",
    title="Ferry timetable changes for winter",
    body="The island ferry will sail twice a day from November, the operator said.",
    source="Island Times",
    published="2026-10-01",
    feed="https://island.example/feed.xml",
)
SCHOOL = Article(
    id="school",
    title="School roof repaired before term",
    body="Builders finished the school roof on Friday; the board paid for it.",
    source="Port Ellis Gazette",
    published="2026-09-15",
)


def make_library(root: Path, articles: list[Article] | None = None) -> Library:
    library = Library(root)
    library.save_articles(articles or [HARBOUR, FERRY, SCHOOL])
    return library


def store_analysis(
    library: Library,
    article: Article,
    entities: list[tuple[str, str]],
    speakers: list[str] = (),  # type: ignore[assignment]
) -> None:
    """A cached analysis as storage.analyses stores it (the pipeline is not run:
    what the index reads is the file)."""

    def span(text: str) -> dict[str, object]:
        start = max(article.body.find(text), 0)
        return {"start": start, "end": start + len(text), "text": text}

    analysis = {
        "pipeline": {"name": "test", "version": "1"},
        "sentences": [],
        "entities": [{**span(text), "label": label} for text, label in entities],
        "claims": [
            {"start": 0, "end": 1, "kind": "quote", "score": 1.0, "speaker": span(name)}
            for name in speakers
        ],
    }
    library.store_analysis(article.id, analysis_key(article.content_hash, "test", "1"), analysis)


def ids(index: SearchIndex, query: str) -> list[str]:
    return sorted(hit.article_id for hit in index.search(query, limit=100))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path / "lib")


def test_words_phrases_prefixes_and_ranking(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "board") == ["harbour", "school"]
    assert ids(index, '"board chair"') == ["harbour"]
    assert ids(index, '"chair board"') == []
    assert ids(index, "ferr*") == ["ferry"]
    assert ids(index, "zurich") == ["harbour"]  # accents folded
    assert ids(index, "CRANES harbour") == ["harbour"]
    # A title word outranks the same word in a body.
    hits = index.search("school board")
    assert [h.article_id for h in hits] == ["school"]
    assert index.search("harbour")[0].score > 0


def test_a_minus_leaves_out_words_and_phrases(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "board -crane") == ["school"]
    assert ids(index, 'board -"board chair"') == ["school"]
    assert ids(index, "board -crane -roof") == []
    # Alone, newest first: everything else.
    assert ids(index, "-ferry") == ["harbour", "school"]
    assert ids(index, "-ferr* tag:nothing") == []
    # A minus inside a word, or on its own, is no negation.
    q = parse_query("well-known - harbour")
    assert [t.tokens for t in q.terms] == [("well", "known"), ("harbour",)] and not q.excluded


def test_match_offsets_point_at_the_words(library: Library) -> None:
    index = SearchIndex(library)
    [hit] = index.search('"board chair" cranes')
    body, title = HARBOUR.body, HARBOUR.title
    found = {
        (m.field, (body if m.field == "body" else title)[m.start : m.end]) for m in hit.matches
    }
    assert found == {("body", "board chair"), ("body", "cranes")}
    snippet = hit.snippet
    assert snippet.field == "body"
    marked = {snippet.text[s:e] for s, e in snippet.highlights}
    assert marked <= {"board chair", "cranes"} and marked
    assert "\n" not in snippet.text
    as_json = hit.to_json()
    assert set(as_json) >= {"article_id", "title", "score", "snippet", "matches"}
    assert all(set(m) == {"start", "end", "field"} for m in as_json["matches"])


def test_filters(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "source:gazette") == ["harbour", "school"]
    assert ids(index, "after:2026-10-01") == ["ferry", "harbour"]
    assert ids(index, "before:2026-10-01") == ["school"]
    assert ids(index, "after:2026-10 before:2026-11") == ["ferry"]
    assert ids(index, "feed:island.example") == ["ferry"]
    assert ids(index, "is:unannotated") == ["ferry", "harbour", "school"]
    # Filters alone list newest first.
    assert [h.article_id for h in index.search("source:gazette")] == ["harbour", "school"]


def test_feed_by_name(library: Library) -> None:
    from storage.feeds import Feed, add_feed

    add_feed(library, Feed(url=FERRY.feed, name="Island News"))
    assert ids(SearchIndex(library), 'feed:"island news"') == ["ferry"]
    # Part of the name, any case, as source: takes part of a source.
    assert ids(SearchIndex(library), "feed:island") == ["ferry"]
    assert ids(SearchIndex(library), "feed:NEWS") == ["ferry"]
    assert ids(SearchIndex(library), "feed:gazette") == []


def test_a_removed_feed_is_found_by_the_name_it_had(library: Library) -> None:
    # Its articles stay, listed as "island news (removed)"; feed:"island news"
    # found nothing, as its name is in none of its URLs.
    from storage.feeds import Feed, add_feed, remove_feed

    add_feed(library, Feed(url=FERRY.feed, name="Island News"))
    remove_feed(library, "Island News")
    assert ids(SearchIndex(library), 'feed:"island news"') == ["ferry"]
    assert ids(SearchIndex(library), "feed:NEWS") == ["ferry"]
    # Subscribed again under another name: that name is the one that counts.
    add_feed(library, Feed(url=FERRY.feed, name="Ferry Desk"))
    assert ids(SearchIndex(library), 'feed:"ferry desk"') == ["ferry"]
    assert ids(SearchIndex(library), 'feed:"island news"') == []


def test_is_read_and_unread(library: Library) -> None:
    from storage.reading import ReadState

    state = ReadState(library)
    state.mark(["ferry"])
    state.close()
    index = SearchIndex(library)
    assert ids(index, "is:read") == ["ferry"]
    assert ids(index, "is:unread") == ["harbour", "school"]


def test_incremental_tag_note_remove_import(library: Library) -> None:
    index = SearchIndex(library)
    assert index.sync().rebuilt
    assert ids(index, "tag:check") == []

    start = HARBOUR.body.index("two new cranes")
    ann = new_annotation(HARBOUR, start, start + 14, ["check"], note="verify the tender price")
    library.save_annotation(ann)
    # The commit re-indexed the article (storage.search_index.following): the
    # next sync finds nothing to do.
    assert [h.article_id for h in index.search("tag:check", sync=False)] == ["harbour"]
    assert index.sync().changed == 0
    assert ids(index, "tag:check") == ["harbour"]
    assert ids(index, "tender") == ["harbour"]  # the note
    assert ids(index, "is:annotated") == ["harbour"]

    # The note changes: the old word goes, the new one comes.
    library.save_annotation(
        type(ann)(**{**ann.to_dict(), "note": "ask the port about the invoice"})
    )
    assert ids(index, "tender") == []
    assert ids(index, "invoice") == ["harbour"]

    # An orphan.
    library.save_annotation(type(ann)(**{**ann.to_dict(), "id": "o1", "orphan": True}))
    assert ids(index, "is:orphan") == ["harbour"]

    library.delete_articles(["ferry"])
    assert ids(index, "ferry") == []
    assert index.stats()["articles"] == 2

    extra = Article(id="bridge", title="Bridge reopens", body="The river bridge reopened.")
    library.save_articles([extra])
    assert ids(index, "bridge") == ["bridge"]

    # A re-imported article with a new body.
    library.save_articles([Article(id="school", title=SCHOOL.title, body="Painters came.")])
    assert ids(index, "builders") == []
    assert ids(index, "painters") == ["school"]

    # Nothing changed: nothing re-indexed.
    assert index.sync().changed == 0


def test_two_quick_writes_are_both_seen(library: Library) -> None:
    """Folder mtimes may not move for two renames in one clock tick: the second
    write must be found all the same."""
    index = SearchIndex(library)
    index.sync()
    for n, tag in enumerate(["first", "second", "third"]):
        start = HARBOUR.body.index("cranes")
        library.save_annotation(new_annotation(HARBOUR, start, start + 6, [tag], note=f"note{n}"))
        assert ids(index, f"tag:{tag}") == ["harbour"]


def test_entities_labels_and_speakers(library: Library) -> None:
    store_analysis(
        library,
        HARBOUR,
        [("Wang Wentao", "PERSON"), ("Port Ellis", "GPE"), ("Zürich", "GPE")],
        speakers=["Mara Quint"],
    )
    store_analysis(library, SCHOOL, [("Port Ellis Gazette", "ORG")])
    index = SearchIndex(library)
    assert ids(index, 'entity:"Wang Wentao"') == ["harbour"]
    assert ids(index, "entity:wentao") == ["harbour"]  # part of an entity's words
    assert ids(index, 'entity:"Wentao Wang"') == []
    assert ids(index, "entity:zurich") == ["harbour"]
    assert ids(index, 'entity:"Port Ellis"') == ["harbour", "school"]
    assert ids(index, 'entity:"Port Ellis" label:ORG') == ["school"]  # that entity's label
    assert ids(index, "label:PERSON") == ["harbour"]
    assert ids(index, "label:gpe") == ["harbour"]
    assert ids(index, "speaker:quint") == ["harbour"]
    assert ids(index, 'speaker:"Mara Quint" cranes') == ["harbour"]
    assert ids(index, "speaker:wang") == []
    # An analysis made for another body is not the article's.
    library.save_articles([replace(HARBOUR, body="Rewritten.", content_hash="")])
    assert ids(index, 'entity:"Wang Wentao"') == []


def test_a_label_no_entity_has_is_named_with_the_labels_there_are(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    store_analysis(library, HARBOUR, [("Mara Quint", "PERSON"), ("Zürich", "GPE")])
    store_analysis(library, FERRY, [("November", "DATE")])
    index = SearchIndex(library)
    assert index.unknown_names("label:PERSON crane label:FOO") == [
        "FOO is not a label of any entity in the library (labels: DATE, GPE, PERSON)"
    ]
    assert index.unknown_names("label:gpe") == []
    code, out, err = _cli(capsys, library.root, "search", "label:FOO")
    assert code == 0 and "No article matches" in out
    assert (
        err.strip() == "FOO is not a label of any entity in the library (labels: DATE, GPE, PERSON)"
    )


def test_a_tag_no_annotation_can_carry_is_named_with_the_tags_there_are(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    library.ensure_tag("Check")
    library.ensure_tag("follow-up")
    index = SearchIndex(library)
    assert index.unknown_names("tag:check crane") == []
    assert index.unknown_names("tag:chek") == ['no tag is called "chek" (tags: Check, follow-up)']
    code, out, err = _cli(capsys, library.root, "search", "tag:chek")
    assert code == 0 and "No article matches" in out
    assert err.strip().splitlines()[-1] == 'no tag is called "chek" (tags: Check, follow-up)'


def test_changes_by_another_process_are_seen(library: Library) -> None:
    index = SearchIndex(library)
    index.sync()
    code = (
        "from pathlib import Path\n"
        "from newsread.model import new_annotation\n"
        "from storage.library import Library\n"
        f"lib = Library(Path({str(library.root)!r}))\n"
        "art = lib.get_article('ferry')\n"
        "lib.save_annotation(new_annotation(art, 4, 10, ['elsewhere'], note='from afar'))\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
    assert ids(index, "tag:elsewhere") == ["ferry"]
    assert ids(index, "afar") == ["ferry"]


def test_incremental_equals_rebuild(library: Library, tmp_path: Path) -> None:
    index = SearchIndex(library)
    index.sync()
    start = HARBOUR.body.index("quay")
    library.save_annotation(new_annotation(HARBOUR, start, start + 4, ["place"], note="pier"))
    library.delete_articles(["school"])
    library.save_articles([Article(id="late", title="Late board news", body="The board met.")])
    queries = ["board", "tag:place", "pier", "is:annotated", "source:gazette", "quay"]
    before = {q: [(h.article_id, round(h.score, 6)) for h in index.search(q)] for q in queries}
    index.rebuild()
    after = {q: [(h.article_id, round(h.score, 6)) for h in index.search(q)] for q in queries}
    assert before == after


def test_a_full_build_uses_a_small_page_cache_and_searches_the_large_one(library: Library) -> None:
    """A build writes its pages once: a small cache keeps the build process
    (which runs beside the app) small; searches read pages again and again."""
    from storage.search_rows import BUILD_CACHE_KB, SEARCH_CACHE_KB

    index = SearchIndex(library)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(index._connection().execute("PRAGMA cache_size").fetchone()[0])

    statements: list[str] = []
    index._connection().set_trace_callback(statements.append)
    index.rebuild(progress)
    assert seen and set(seen) == {-BUILD_CACHE_KB}
    # FTS5's merge after the build reads every segment once: still the small
    # cache (the large one grew the build process by 45 MB at 100,000 articles).
    merge = next(i for i, s in enumerate(statements) if "'optimize'" in s)
    sizes = [(i, s) for i, s in enumerate(statements) if "cache_size=" in s]
    assert [s for i, s in sizes if i < merge][-1].endswith(f"-{BUILD_CACHE_KB}")
    assert [s for i, s in sizes if i > merge] == [f"PRAGMA cache_size=-{SEARCH_CACHE_KB}"]
    assert BUILD_CACHE_KB < SEARCH_CACHE_KB
    assert index._connection().execute("PRAGMA cache_size").fetchone()[0] == -SEARCH_CACHE_KB
    assert ids(index, "board") == ["harbour", "school"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"this is not a database at all" * 100),
        lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3]),
        lambda path: path.write_bytes(
            path.read_bytes()[:4096] + b"\x00\xff" * 20000 + path.read_bytes()[44096:]
        ),
    ],
    ids=["garbage", "truncated", "pages-overwritten"],
)
def test_damaged_index_is_rebuilt_with_a_message(library: Library, damage) -> None:
    index = SearchIndex(library)
    index.sync()
    index.close()
    path = library.root / FILE
    with sqlite3.connect(path) as conn:  # everything in the main file, no WAL left
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)
    notices: list[str] = []
    index = SearchIndex(library, on_notice=notices.append)
    assert ids(index, "board") == ["harbour", "school"]
    assert ids(index, '"board chair"') == ["harbour"]
    if notices:  # a damaged page the queries never touched may go unnoticed
        assert "damaged" in notices[0] and str(path) in notices[0]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok" or notices


def test_garbage_index_says_so(library: Library) -> None:
    (library.root / FILE).write_bytes(b"garbage" * 1000)
    notices: list[str] = []
    index = SearchIndex(library, on_notice=notices.append)
    assert ids(index, "ferry") == ["ferry"]
    assert len(notices) == 1 and "damaged" in notices[0]


def test_missing_and_old_format_are_rebuilt(library: Library) -> None:
    index = SearchIndex(library)
    assert ids(index, "ferry") == ["ferry"]
    index.close()
    (library.root / FILE).unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{library.root / FILE}{suffix}").unlink(missing_ok=True)
    index = SearchIndex(library)
    assert ids(index, "ferry") == ["ferry"]
    with sqlite3.connect(library.root / FILE) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    report = index.sync()
    assert report.rebuilt
    assert ids(index, "ferry") == ["ferry"]


def test_busy_index_is_searched_as_it_is(library: Library) -> None:
    index = SearchIndex(library, wait=0.1)
    index.sync()
    other = sqlite3.connect(library.root / FILE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        library.save_articles([Article(id="late", title="Late ferry", body="Late.")])
        notices: list[str] = []
        index.on_notice = notices.append
        assert ids(index, "ferry") == ["ferry"]  # not yet the new one, but no wait
        assert notices and "another process" in notices[0]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert ids(index, "ferry") == ["ferry", "late"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tga:check", "tga: is not a filter"),
        ("after:2026-13-01", "after:2026-13-01: not a date"),
        ("before:yesterday", "before:yesterday: not a date"),
        ("is:starred", "is:starred: unknown"),
        ("tag:", "tag: needs a tag name"),
        ('entity:"—"', "has no letters or digits"),
        ("is:annotated is:unannotated", "match nothing"),
        ("harbour -tag:check", "-tag: a filter cannot be negated"),
    ],
)
def test_query_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_query_parsing() -> None:
    q = parse_query('Harbour "Board  chair" tag:Check entity:"Wang Wentao" after:2026-11 x* "open')
    assert [t.tokens for t in q.terms] == [("harbour",), ("board", "chair"), ("x",), ("open",)]
    assert q.terms[2].prefix and not q.terms[1].prefix
    assert q.tags == ("check",)
    assert q.entities == (("wang", "wentao"),)
    assert q.after == "2026-11-01"
    # Text that looks like FTS5 syntax is searched as text.
    q = parse_query('NEAR(a b) "x" OR -y {title}')
    assert q.fts_expression() is not None and "NEAR(" not in q.fts_expression()
    assert parse_query("10:30 https://example.org").terms  # not letters before ':'


def test_fts_syntax_in_a_query_is_harmless(library: Library) -> None:
    index = SearchIndex(library)
    for text in ["NEAR(board chair)", '"', "AND OR NOT", "board^", "{title}: board", "*", "-"]:
        index.search(text)  # no sqlite3.OperationalError


# -- the command line -----------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    from tui.cli import main

    code = main([*args, "--library", str(root)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_search_json(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, out, _ = _cli(capsys, library.root, "search", '"board chair"', "cranes", "--json")
    assert code == 0
    [hit] = json.loads(out)
    assert hit["article_id"] == "harbour" and hit["title"] == HARBOUR.title
    assert isinstance(hit["score"], float) and hit["snippet"]
    for m in hit["matches"]:
        assert m["field"] in ("title", "body")
        text = HARBOUR.body if m["field"] == "body" else HARBOUR.title
        assert text[m["start"] : m["end"]].lower() in ("board chair", "cranes")
    code, out, _ = _cli(capsys, library.root, "search", "board", "--json", "--limit", "1")
    assert len(json.loads(out)) == 1


def test_cli_is_unread_follows_the_annotators_own_marks(
    library: Library, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from storage.reading import ReadState

    ReadState(library, "ines").mark(["ferry"])
    ReadState(library, "kwame").mark(["harbour", "school"])

    def unread(*extra: str) -> list[str]:
        code, out, err = _cli(capsys, library.root, "search", "is:unread", "--json", *extra)
        assert code == 0, err
        return sorted(hit["article_id"] for hit in json.loads(out))

    assert unread("--annotator", "ines") == ["harbour", "school"]
    assert unread("--annotator", "kwame") == ["ferry"]
    # Without --annotator: the config's annotator, as the app reads them.
    config = library.root.parent / "kwame.toml"
    config.write_text('annotator = "kwame"\n', "utf-8")
    monkeypatch.setenv("NEWSREAD_CONFIG", str(config))
    assert unread() == ["ferry"]


def test_cli_says_when_read_marks_hide_every_match(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    # qa37 F2: "No article matches" alone, though the words are there.
    from storage.reading import ReadState

    ReadState(library, "ines").mark(["ferry", "harbour"])

    def search(*words: str) -> tuple[str, str]:
        code, out, err = _cli(capsys, library.root, "search", *words, "--annotator", "ines")
        assert code == 0, err
        return out, err

    out, err = search("ferry", "is:unread")
    assert out.startswith("No article matches")
    assert "1 article found without is:unread, you have read it" in err
    out, err = search("board", "is:read")
    assert "Harbour crane" in out and "without" not in err  # one of two found: no note
    out, err = search("school", "is:read")
    assert "1 article found without is:read, not read yet" in err
    out, err = search("ferr*", "cranes", "is:unread")
    assert "without" not in err  # no article has both words


def test_cli_plain_output_is_literal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hostile = Article(
        id="hostile",
        title="[red]Board[/red] \x1b]0;owned\x07 meeting",
        body="The board \x1b[2J met [bold]today[/bold].\u202e",
    )
    root = tmp_path / "lib"
    make_library(root, [hostile])
    code, out, err = _cli(capsys, root, "search", "board")
    assert code == 0
    assert "[red]Board[/red]" in out and "[bold]today[/bold]" in out  # no markup
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\u241b" in out  # ␛ stands in for ESC
    assert "building the search index" in err


def test_cli_errors_are_one_line(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    for args, words in [
        (("search", "tga:check"), "tga: is not a filter"),
        (("search", "after:2026-02-30"), "not a date"),
        (("search", "is:nothing"), "is:nothing: unknown"),
        (("search", "board", "--limit", "0"), "--limit 0"),
        (("search", " "), "nothing to search for"),
        # Punctuation or an emoji alone is no query, not "every article".
        (("search", "\U0001f6a2"), "\U0001f6a2: nothing to search for"),
        (("search", "...", "("), "... (: nothing to search for"),
    ]:
        code, out, err = _cli(capsys, library.root, *args)
        assert code == 1 and not out
        assert err.count("\n") == 1 and words in err, err


def test_cli_index(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, library.root, "index")
    assert code == 0 and "built: 3 articles" in out
    code, out, _ = _cli(capsys, library.root, "index")
    assert "up to date (3 articles)" in out
    library.delete_articles(["ferry"])
    # The removal's commit took it out of the index already.
    code, out, _ = _cli(capsys, library.root, "index")
    assert "up to date (2 articles)" in out
    code, out, _ = _cli(capsys, library.root, "index", "--rebuild")
    assert code == 0 and "built: 2 articles" in out
    code, out, _ = _cli(capsys, library.root, "search", "nothingmatchesthis")
    assert code == 0 and "No article matches" in out


def test_a_background_index_build_runs_at_a_lower_priority(library: Library) -> None:
    # In a process of its own: the niceness it takes cannot be given back.
    script = (
        "import os, sys\n"
        "from tui.cli import main\n"
        "before = os.nice(0)\n"
        "code = main(['index', '--background', '--library', sys.argv[1]])\n"
        "print(code, os.nice(0) - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(library.root)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    code, raised = done.stdout.split()[-2:]
    # Raised by 10, or less when the limit (19) is near.
    assert code == "0" and (int(raised) == 10 or os.nice(0) + int(raised) == 19)
    assert SearchIndex(library).search("ferry")


def test_search_does_not_wait_for_a_writer(library: Library) -> None:
    """Another process holds the library lock (a long import): a search brings
    the index up to date without the lock instead of waiting, and a later
    one, with the lock free, finishes the job with exact stamps."""
    index = SearchIndex(library)
    index.sync()
    start = HARBOUR.body.index("cranes")
    with patch_follower_off(library):
        library.save_annotation(new_annotation(HARBOUR, start, start + 6, ["held"]))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom pathlib import Path\nfrom storage.lock import LibraryLock\n"
            f"with LibraryLock(Path({str(library.root / '.lock')!r})).hold():\n"
            "    print('held', flush=True)\n    sys.stdin.read()\n",
        ],
        cwd=Path(__file__).resolve().parents[1],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert ids(index, "tag:held") == ["harbour"]
    finally:
        holder.communicate("")
    assert ids(index, "tag:held") == ["harbour"]
    assert index.sync().changed == 0


def patch_follower_off(library: Library):
    """A commit that does not index itself, as a newsread before the follower
    wrote (or one whose follower found the index busy)."""
    return mock.patch.object(type(library), "_followed", lambda self, txn: contextlib.nullcontext())


def test_the_users_corrections_are_what_is_searched(library: Library) -> None:
    """An entity the user relabelled (or added), a speaker the user named and a
    claim the user marked wrong (newsread.analysis.corrections) are indexed as the
    reader shows them, not as the model had them."""
    store_analysis(
        library,
        HARBOUR,
        [("Wang Wentao", "PERSON"), ("Port Ellis", "GPE")],
        speakers=["Mara Quint"],
    )
    index = SearchIndex(library)
    assert ids(index, 'entity:"Port Ellis" label:GPE') == ["harbour"]
    assert ids(index, "speaker:quint") == ["harbour"]

    def correction(ann_id: str, text: str, tags: list[str], data: dict) -> Annotation:
        start = HARBOUR.body.index(text)
        return Annotation(
            id=ann_id, article_id="harbour", start=start, end=start + len(text), quote=text,
            tags=tags, data=data,
        )  # fmt: skip

    library.save_annotation(
        correction(
            "c1", "PORT ELLIS", ["ORG"],
            {"correction": {"kind": "entity", "label": "ORG", "was": "GPE"}},
        )
    )  # fmt: skip
    library.save_annotation(
        correction(
            "c2", "harbour board", ["ORG"],
            {"correction": {"kind": "entity", "label": "ORG", "was": None}},
        )
    )  # fmt: skip
    assert ids(index, 'entity:"Port Ellis" label:GPE') == []
    assert ids(index, 'entity:"Port Ellis" label:ORG') == ["harbour"]
    assert ids(index, 'entity:"harbour board"') == ["harbour"]
    assert ids(index, 'entity:"Wang Wentao" label:PERSON') == ["harbour"]  # untouched

    # store_analysis gives the claim the span (0, 1): a speaker named over it.
    board = HARBOUR.body.index("The harbour board")
    claim = Annotation(
        id="c3", article_id="harbour", start=0, end=1, quote=HARBOUR.body[:1], tags=["quote"],
        data={
            "speaker": {"start": board, "end": board + 17, "text": "The harbour board"},
            "correction": {"kind": "claim", "fields": ["speaker"], "was": {"speaker": None}},
        },
    )  # fmt: skip
    library.save_annotation(claim)
    assert ids(index, "speaker:quint") == []
    assert ids(index, 'speaker:"harbour board"') == ["harbour"]
    wrong = Annotation(
        **{**claim.to_dict(), "tags": ["not-a-claim"], "data": {
            "correction": {"kind": "claim", "wrong": True, "was": None}}},
    )  # fmt: skip
    library.save_annotation(wrong)
    assert ids(index, 'speaker:"harbour board"') == []
    assert ids(index, "speaker:quint") == []


def _index_as_the_older_release(library: Library, article_id: str) -> None:
    """What the release before Article.feeds (6dcb9ae) leaves after writing
    the library: the article's row made from its first feed alone (its entry
    read without ``feeds``, which that release does not know, gives the same
    row and fingerprint), and the stamps of the library as written, stored as
    'stamps' alone."""
    from storage.search_rows import Folders, index_doc, library_stamps

    path = library.root / "library.json"
    moved = path.with_name("library.json.tmp")
    moved.write_bytes(path.read_bytes())
    os.replace(moved, path)  # a write of the library: a new inode, a new stamp
    entry = {k: v for k, v in library.get_meta(article_id).items() if k != "feeds"}
    conn = sqlite3.connect(library.root / FILE)
    with conn:
        index_doc(conn, Folders(library.root), article_id, entry)
        stamps = library_stamps(library.root, exact=True)
        conn.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('stamps', ?)", (json.dumps(stamps),)
        )
    conn.close()


def test_rows_an_older_release_indexed_are_checked_once(tmp_path: Path) -> None:
    shared = replace(FERRY, feeds=[FERRY.feed, "https://gazette.example/rss"])
    library = make_library(tmp_path / "lib", [HARBOUR, shared, SCHOOL])
    assert ids(SearchIndex(library), "feed:gazette.example") == ["ferry"]
    _index_as_the_older_release(library, "ferry")
    index = SearchIndex(library)
    report = index.sync()
    assert report.updated == 1
    assert ids(index, "feed:gazette.example") == ["ferry"]
    assert ids(index, "feed:island.example") == ["ferry"]
    # Checked once: the next sync of an unchanged library compares no row.
    with mock.patch.object(Library, "index_entries", side_effect=AssertionError("rows read")):
        assert SearchIndex(library).sync().changed == 0


def test_a_commit_after_an_older_release_keeps_its_rows_to_check(tmp_path: Path) -> None:
    # The commit's follower moves the stamps on; the older release's row it
    # did not touch must still be found by the next sync.
    shared = replace(FERRY, feeds=[FERRY.feed, "https://gazette.example/rss"])
    library = make_library(tmp_path / "lib", [HARBOUR, shared, SCHOOL])
    assert ids(SearchIndex(library), "feed:gazette.example") == ["ferry"]
    _index_as_the_older_release(library, "ferry")
    library = Library(library.root)
    library.save_articles([replace(SCHOOL, title="School roof mended before term")])
    assert ids(SearchIndex(library), "feed:gazette.example") == ["ferry"]
