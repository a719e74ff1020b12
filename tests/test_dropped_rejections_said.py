"""A re-import that drops rejected suggestions (their words gone from the new
text) says how many, beside the annotations it could not place: in the CLI's
import and refresh summaries and in the app's refresh notice."""

from __future__ import annotations

from pathlib import Path

from storage.entries import FeedReport
from storage.imports import import_paths
from storage.library import Library
from storage.refresh import RefreshSummary, refresh_feeds, subscribe
from tests.http_server import (  # noqa: F401
    Entry,
    Server,
    http_server_fixture,
    rss,
)
from tui.cli import main
from tui.models.refresh import summary_text
from tui.wording import reanchor_lines

TITLE = "Harbour crane approved"
KEPT = "Opponents said the harbour should wait for the spring survey."
GONE = "The council met on Monday to approve the crane for the eastern quay."
NEW = "The council will vote again after the summer recess."


def _write(path: Path, *paragraphs: str) -> str:
    path.write_text("\n\n".join([TITLE, *paragraphs]) + "\n", encoding="utf-8")
    return str(path)


def _reject(library: Library, article_id: str, text: str) -> None:
    body = library.read_body(article_id)
    start = body.index(text)
    library.save_rejected(
        article_id,
        {"kind": "entity", "label": "X", "start": start, "end": start + len(text), "text": text},
    )


def test_wording_names_dropped_rejections_beside_orphans():
    assert reanchor_lines(0, 0) == []
    assert reanchor_lines(0, 1) == [
        "  1 rejected suggestion dropped: its words are not in the new text"
    ]
    [orphans, dropped] = reanchor_lines(2, 3)
    assert orphans.startswith("  2 annotations could not be placed in the new text")
    assert dropped == "  3 rejected suggestions dropped: their words are not in the new text"


def test_cli_reimport_says_how_many_rejections_it_dropped(tmp_path, capsys):
    lib = tmp_path / "lib"
    source = tmp_path / "story.txt"
    assert main(["--library", str(lib), "import", "--no-analyze", _write(source, GONE, KEPT)]) == 0
    library = Library(lib)
    [meta] = library.article_metas()
    _reject(library, meta["id"], "Monday")
    _reject(library, meta["id"], "eastern quay")
    _reject(library, meta["id"], "harbour")
    capsys.readouterr()

    assert main(["--library", str(lib), "import", "--no-analyze", _write(source, NEW, KEPT)]) == 0
    out = capsys.readouterr().out
    assert "2 rejected suggestions dropped: their words are not in the new text" in out
    assert [r["text"] for r in Library(lib).rejected(meta["id"])] == ["harbour"]


def test_import_summary_counts_dropped_rejections(tmp_path):
    library = Library(tmp_path / "lib")
    source = tmp_path / "story.txt"
    summary, _ = import_paths(library, [_write(source, GONE, KEPT)])
    _reject(library, summary.added[0], "Monday")
    _reject(library, summary.added[0], "harbour")
    again, _ = import_paths(library, [_write(source, NEW, KEPT)])
    assert again.updated and again.rejections_dropped == 1 and again.orphaned == 0


def test_refresh_report_and_the_apps_notice_say_dropped_rejections(http_server: Server, tmp_path):
    library = Library(tmp_path / "lib")
    entry = Entry("bridge", http_server.url("/bridge"), guid="g-bridge")
    url = http_server.route("/feed", body=rss([entry]).encode(), headers=_RSS)
    subscribe(library, url)
    refresh_feeds(library)
    [meta] = library.article_metas()
    _reject(library, meta["id"], "worn bearings")

    changed = rss([entry]).replace("its worn bearings", "its expansion joints")
    assert changed != rss([entry])
    http_server.route("/feed", body=changed.encode(), headers=_RSS)
    summary = refresh_feeds(library)
    [report] = summary.feeds
    assert report.status == "updated" and report.rejections_dropped == 1
    text, _ = summary_text(summary)
    assert "1 rejected suggestion dropped: its words are not in the new text" in text


def test_the_apps_notice_names_orphans_and_dropped_rejections():
    report = FeedReport(
        "Valley Post", "https://valley.example/feed", "updated", updated=["a"], orphaned=1
    )
    report.rejections_dropped = 2
    text, _ = summary_text(RefreshSummary(feeds=[report]))
    assert text.splitlines()[1:] == [line.strip() for line in reanchor_lines(1, 2)]


_RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}
