"""QA's steps: a tag, a correction and a feed entry's tag placed on changed
words cover the new words whole ("48 million pounds" become "52 million
pounds" was exported as " million pounds")."""

from __future__ import annotations

import json

from newsread.model import REQUOTED_FROM, new_annotation
from storage.imports import import_paths
from storage.library import Library
from storage.refresh import refresh_feeds, subscribe
from tests.http_server import (
    STORIES,
    Entry,
    Server,
    http_server_fixture,  # noqa: F401
    rss,
)
from tui.cli import main

TEXT = (
    "Budget plan questioned\n\n"
    "The mayor said the firm would invest 48 million pounds over five years. "
    "Critics disagreed.\n"
)


def test_a_tag_on_a_changed_figure_is_exported_on_the_whole_new_figure(tmp_path, capsys):
    lib, source = tmp_path / "lib", tmp_path / "b.txt"
    source.write_text(TEXT, encoding="utf-8")
    base = ["--library", str(lib)]
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    [meta] = Library(lib).article_metas()
    assert main([*base, "tag", meta["id"], "--quote", "48 million pounds", "--tag", "check"]) == 0
    source.write_text(TEXT.replace("48 million", "52 million"), encoding="utf-8")
    capsys.readouterr()
    assert main([*base, "import", "--no-analyze", str(source)]) == 0
    assert "1 annotation placed on changed words" in capsys.readouterr().out
    assert main([*base, "export"]) == 0
    [exported] = json.loads(capsys.readouterr().out)["annotations"]
    assert exported["quote"] == "52 million pounds"
    assert exported["data"][REQUOTED_FROM] == "48 million pounds"
    body = Library(lib).get_article(meta["id"]).body
    assert body[exported["start"] : exported["end"]] == "52 million pounds"


def test_an_entity_correction_moves_onto_the_whole_new_amount(tmp_path):
    source = tmp_path / "b.txt"
    source.write_text(TEXT, encoding="utf-8")
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    start = article.body.index("48 million pounds")
    end = start + len("48 million pounds")
    money = new_annotation(
        article,
        start,
        end,
        ["MONEY"],
        data={
            "suggestion": {"kind": "entity", "label": "MONEY"},
            "correction": {
                "kind": "entity",
                "label": "MONEY",
                "was": None,
                "replaces": [
                    {"start": start, "end": end, "text": "48 million pounds", "label": "CARDINAL"}
                ],
            },
        },
    )
    library.save_annotation(money)
    source.write_text(TEXT.replace("48 million", "52 million"), encoding="utf-8")
    summary, _ = import_paths(library, [str(source)])
    assert summary.requoted == 1 and summary.orphaned == 0
    [moved] = library.annotations(article.id)
    assert moved.quote == "52 million pounds"
    assert moved.data["correction"]["replaces"][0]["text"] == "52 million pounds"


def test_a_feed_entry_s_tag_covers_the_changed_number(http_server: Server, tmp_path):
    library = Library(tmp_path / "lib")
    entries = [Entry("bridge", http_server.url("/bridge"), guid="g-bridge")]
    headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
    url = http_server.route("/feed", body=rss(entries).encode(), headers=headers)
    subscribe(library, url)
    refresh_feeds(library)
    [meta] = library.article_metas()
    assert meta["title"] == STORIES["bridge"][0]
    article = library.get_article(meta["id"])
    quote = "ten minutes to the trip"
    start = article.body.index(quote)
    library.save_annotation(new_annotation(article, start, start + len(quote), ["check"]))

    changed = rss(entries).replace("about ten minutes", "about 20 minutes")
    http_server.route("/feed", body=changed.encode(), headers=headers)
    refresh_feeds(library)
    [moved] = library.annotations(meta["id"])
    assert moved.quote == "20 minutes to the trip"
    assert moved.data[REQUOTED_FROM] == quote
