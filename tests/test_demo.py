from __future__ import annotations

from pathlib import Path

from newsread.ingest.demo import DEMO_SOURCES, write_demo_sources
from newsread.ingest.dumps import parse_dump
from newsread.ingest.sources import InputText, iter_inputs


def test_writes_demo_files_that_import_cleanly(tmp_path: Path) -> None:
    paths = write_demo_sources(tmp_path / "demo")
    assert 5 <= len(paths) <= 6
    assert all(p.is_file() and p.parent == tmp_path / "demo" for p in paths)
    results = list(iter_inputs([str(tmp_path / "demo")], None))
    assert all(isinstance(r, InputText) for r in results)
    articles = [a for r in results if isinstance(r, InputText) for a in parse_dump(r.text)]
    assert len(articles) == 7
    assert all(a.title and a.body for a in articles)


def test_rewriting_is_idempotent(tmp_path: Path) -> None:
    first = write_demo_sources(tmp_path)
    second = write_demo_sources(tmp_path)
    assert first == second
    assert [p.read_text(encoding="utf-8") for p in second] == list(DEMO_SOURCES.values())


def test_demo_covers_the_dump_styles() -> None:
    texts = list(DEMO_SOURCES.values())
    assert any("Related Articles" in t and "minutes ago" in t for t in texts)
    assert any(t.startswith("Share this") and "Copyright" in t and "\u201c" in t for t in texts)
    assert sum("said" in t for t in texts) == len(texts)


# -- the demo feed: a subscription that needs no network ---------------------------------------


def test_the_demo_feed_is_a_feed_of_invented_stories(tmp_path: Path) -> None:
    from newsread.ingest.demo import DEMO_FEED_STORIES, DEMO_FEED_TITLE, write_demo_feed
    from newsread.ingest.feeds import parse_feed

    path = write_demo_feed(tmp_path / "demo")
    assert path.is_absolute() and path.parent == (tmp_path / "demo").resolve()
    parsed = parse_feed(path.read_bytes())
    assert parsed.title == DEMO_FEED_TITLE and not parsed.problem
    assert [e.title for e in parsed.entries] == [title for _, title, _ in DEMO_FEED_STORIES]
    assert all(e.guid and e.content and e.published for e in parsed.entries)
    assert sum("said" in e.content for e in parsed.entries) == len(parsed.entries)


def test_a_feed_file_subscribed_by_path_refreshes_without_network(tmp_path: Path) -> None:
    """The refresh reads a subscription to a feed file in the library folder
    from disk; each story (they have guids but no links) is an article of its
    own; a refresh of an unchanged file adds nothing, an edited story updates
    its article, and a missing file is a failure with a reason, not a crash.
    A feed file outside the library is never read (a subscription list from
    elsewhere could name any file)."""
    from newsread.ingest.demo import write_demo_feed
    from storage.feeds import Feed, add_feeds, remove_feed
    from storage.library import Library
    from storage.refresh import refresh_feeds

    library = Library(tmp_path / "lib")
    outside = write_demo_feed(tmp_path / "elsewhere")
    add_feeds(library, [Feed(url=str(outside), name="outside")])
    [refused] = refresh_feeds(library).feeds
    assert refused.status == "failed" and "only http:// and https://" in refused.reason
    assert library.article_metas() == []
    remove_feed(library, "outside")
    path = write_demo_feed(library.root / "demo-sources")
    add_feeds(library, [Feed(url=str(path), name="demo")])
    [first] = refresh_feeds(library).feeds
    assert first.status == "new" and len(first.added) == 4
    assert len({m["id"] for m in library.article_metas()}) == 4
    assert {m["feed"] for m in library.article_metas()} == {str(path)}
    [again] = refresh_feeds(library).feeds
    assert again.status == "unchanged" and len(again.unchanged) == 4 and not again.added
    path.write_text(
        path.read_text(encoding="utf-8").replace("About 400 visitors", "About 450 visitors"),
        encoding="utf-8",
    )
    [edited] = refresh_feeds(library).feeds
    assert edited.status == "updated" and len(edited.updated) == 1
    path.unlink()
    [gone] = refresh_feeds(library).feeds
    assert gone.status == "failed" and "no such file" in gone.reason


def test_newsread_demo_subscribes_to_its_feed(tmp_path: Path, capsys, pipeline) -> None:
    from storage.feeds import list_feeds
    from storage.library import Library
    from tui.cli import main

    root = tmp_path / "lib"
    assert main(["demo", "--library", str(root)]) == 0
    out = capsys.readouterr().out
    assert "subscribed to the demo feed" in out and "R in the app" in out
    [feed] = list_feeds(Library(root))
    assert feed.url == str((root / "demo-sources" / "demo-feed.xml").resolve())
    # Run again (make demo twice): still one subscription, said once.
    assert main(["demo", "--library", str(root)]) == 0
    assert "subscribed" not in capsys.readouterr().out
    assert len(list_feeds(Library(root))) == 1
