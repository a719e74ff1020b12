"""The library's figures (storage.stats) on a real library built with the
project's API and analysed by the real pipeline, and ``newsread stats`` as
text and as JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsread.model import Article, new_annotation
from storage.analyses import analyze_missing
from storage.library import Library
from storage.stats import annotator_of, library_stats, timeline
from tests.pilot_helpers import BODY
from tui.cli import main

FERRY = (
    "The island ferry will run again from Friday, the transport minister Ana Lind said. "
    "\u201cThe repairs are finished,\u201d said Ana Lind. Repairs cost 4 million euros."
)


def stamp(day: str) -> str:
    return f"{day}T10:00:00+00:00"


def build(root: Path, pipeline) -> Library:
    """Three articles over three November weeks (one never annotated), five
    annotations (one by a named annotator, one not placed), all analysed; then
    one article's body changes, so its analysis no longer counts."""
    library = Library(root)
    harbour = Article(
        id="harbour01", title="Harbour crane", body=BODY, source="Wire", published="2026-11-02"
    )
    ferry = Article(
        id="ferry0001", title="Ferry back", body=FERRY, source="Gazette", published="2026-11-10"
    )
    quiet = Article(
        id="quiet0001", title="Quiet day", body="Nothing happened.", imported="2026-11-20T08:00:00"
    )
    library.save_articles([harbour, ferry, quiet])
    analyze_missing(library, [harbour, ferry, quiet], pipeline)

    def ann(article: Article, word: str, tags: list[str], day: str, **data: str):
        start = article.body.index(word)
        made = new_annotation(article, start, start + len(word), tags, data=dict(data))
        return replace(made, created=stamp(day))

    library.save_annotation(ann(harbour, "crane", ["check", "source"], "2026-11-03"))
    library.save_annotation(ann(harbour, "Mara Quist", ["source"], "2026-11-03"))
    library.save_annotation(ann(harbour, "dredging", ["check"], "2026-11-04", annotator="ines"))
    library.save_annotation(ann(ferry, "Friday", ["check"], "2026-11-11"))
    lost = ann(ferry, "minister", ["verify"], "2026-11-12")
    library.save_annotation(replace(lost, orphan=True))
    library.ensure_tag("unused")
    # An edited quiet article: its cached analysis was of the old body.
    library.save_articles([replace(quiet, body="Nothing happened at all.", content_hash="")])
    return library


@pytest.fixture
def lib(tmp_path, pipeline) -> Path:
    build(tmp_path / "lib", pipeline).close()
    return tmp_path / "lib"


def test_figures_of_a_real_library(lib):
    stats = library_stats(Library(lib))
    assert (stats.articles, stats.annotated_articles, stats.annotations) == (3, 2, 5)
    assert stats.orphans == 1
    assert stats.annotated_share == pytest.approx(2 / 3)
    assert stats.per_tag == [("check", 3), ("source", 2), ("verify", 1), ("unused", 0)]
    assert stats.per_annotator == [("unknown", 4), ("ines", 1)]
    # Only analyses of the current bodies: the edited article's is left out.
    assert stats.analysed_articles == 2
    people = {(r.text, r.label): r for r in stats.top_entities}
    assert people[("Mara Quist", "PERSON")].articles == 1
    assert people[("Ana Lind", "PERSON")].mentions == 2
    assert all(r.label not in ("DATE", "MONEY", "CARDINAL") for r in stats.top_entities)
    assert ("DATE", 0) not in stats.entities_by_label
    assert dict(stats.entities_by_label)["PERSON"] >= 3
    speakers = {r.key: r for r in stats.top_speakers}
    assert speakers["ana lind"].mentions >= 1
    kinds = dict(stats.claims_by_kind)
    assert kinds.get("quote", 0) >= 2 and stats.claims == sum(kinds.values())
    assert not stats.damaged


def test_time_line_of_a_real_library(lib):
    stats = library_stats(Library(lib))
    # 2 to 20 November: within a month of days.
    assert stats.grain == "day"
    assert stats.timeline[0].label == "2026-11-02" and stats.timeline[-1].label == "2026-11-20"
    assert len(stats.timeline) == 19  # the quiet days are kept, at zero
    by_day = {
        b.label: (b.articles, b.annotations) for b in stats.timeline if b.articles or b.annotations
    }
    assert by_day == {
        "2026-11-02": (1, 0),
        "2026-11-03": (0, 2),
        "2026-11-04": (0, 1),
        "2026-11-10": (1, 0),
        "2026-11-11": (0, 1),
        "2026-11-12": (0, 1),
        "2026-11-20": (1, 0),  # the import day stands in for a missing published day
    }
    assert (stats.undated_articles, stats.undated_annotations) == (0, 0)


def test_the_bucket_follows_the_span():
    start = date(2026, 1, 5)  # a Monday

    def grain(days: int) -> tuple[str, int]:
        found, buckets = timeline([start, start + timedelta(days=days)], [])
        return found, len(buckets)

    assert grain(0) == ("day", 1)
    assert grain(30) == ("day", 31)
    assert grain(31) == ("week", 5)
    assert grain(7 * 25) == ("week", 26)
    assert grain(7 * 26) == ("month", 7)
    assert grain(365 * 3) == ("month", 37)  # January 2026 to January 2029
    assert grain(365 * 5) == ("year", 6)
    found, buckets = timeline([date(2026, 1, 7)], [date(2026, 2, 28)])
    assert found == "week" and buckets[0].label == "2026-W02"
    assert buckets[0].start == date(2026, 1, 5)
    assert (buckets[0].articles, buckets[-1].annotations) == (1, 1)
    found, buckets = timeline([date(2025, 11, 30)], [date(2026, 9, 1)])
    assert found == "month" and [b.label for b in buckets][:3] == ["2025-11", "2025-12", "2026-01"]
    assert timeline([], []) == ("day", [])


def test_damaged_and_stray_files_do_not_stop_the_count(lib):
    (lib / "annotations" / "quiet0001.json").write_text("{not json")
    # Files of an article no longer in the index, and a broken analysis: not counted.
    (lib / "annotations" / "gone00001.json").write_text('{"annotations": {"1": {"tags": ["x"]}}}')
    (lib / "analysis" / "ferry0001.json").write_text("[")
    stats = library_stats(Library(lib))
    assert stats.annotations == 5 and "x" not in dict(stats.per_tag)
    assert len(stats.damaged) == 1 and "quiet0001.json" in stats.damaged[0]
    assert stats.analysed_articles == 1


def test_default_annotator():
    assert annotator_of(None) == "unknown"
    assert annotator_of(SimpleNamespace(annotator=" ana ")) == "ana"
    assert annotator_of(SimpleNamespace(annotator="")) == "unknown"


def test_empty_library(tmp_path):
    stats = library_stats(Library(tmp_path / "lib"))
    assert (stats.articles, stats.annotations, stats.annotated_share) == (0, 0, 0.0)
    assert stats.timeline == [] and stats.top_entities == []


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_json_is_the_same_figures(capsys, lib):
    code, out, _ = run(capsys, "stats", "--json", "--library", str(lib))
    assert code == 0
    data = json.loads(out)
    assert data == library_stats(Library(lib)).to_json()
    assert data["articles"] == 3 and data["annotated_share"] == pytest.approx(0.6667)
    assert data["per_tag"][0] == {"tag": "check", "annotations": 3}
    assert data["per_annotator"] == [
        {"annotator": "unknown", "annotations": 4},
        {"annotator": "ines", "annotations": 1},
    ]
    assert data["timeline"]["bucket"] == "day"
    assert data["timeline"]["series"][0] == {
        "start": "2026-11-02",
        "label": "2026-11-02",
        "articles": 1,
        "annotations": 0,
    }
    entity = next(e for e in data["top_entities"] if e["text"] == "Ana Lind")
    assert entity == {
        "text": "Ana Lind",
        "key": "ana lind",
        "label": "PERSON",
        "mentions": 2,
        "articles": 1,
    }
    assert set(data["top_speakers"][0]) == {"text", "key", "claims", "articles"}
    assert data["claims"] == sum(data["claims_by_kind"].values())


def test_cli_tables(capsys, lib):
    code, out, err = run(capsys, "stats", "--library", str(lib))
    assert code == 0 and not err
    assert "3 articles, 2 annotated (67%), 5 annotations (1 not placed), 2 analysed" in out
    for heading in (
        "Annotations per tag",
        "Annotations per annotator",
        "Articles and annotations per day",
        "Claims by kind",
        "Top entities",
        "Top speakers",
        "Entities by label",
    ):
        assert heading in out
    assert "Mara Quist" in out and "ines" in out and "unused" in out
    # The time line's rows run from the first to the last step with anything in it.
    assert "2026-11-02" in out and "2026-11-20" in out and "█" in out


def test_cli_prints_hostile_names_literally(capsys, tmp_path):
    library = Library(tmp_path / "lib")
    article = Article(id="evil00001", title="t", body="Some text here.", published="2026-11-02")
    library.save_articles([article])
    hostile = ["[red]loud[/red]", "bell\x07\x1b[2Jgone"]
    library.save_annotation(
        new_annotation(article, 0, 4, hostile, data={"annotator": "\x1b]0;x\x07"})
    )
    library.close()
    code, out, _ = run(capsys, "stats", "--library", str(tmp_path / "lib"))
    assert code == 0
    assert "[red]loud[/red]" in out  # not taken as markup
    assert "\x1b" not in out and "\x07" not in out
    code, out, _ = run(capsys, "stats", "--json", "--library", str(tmp_path / "lib"))
    assert "\x1b" not in out and "\x07" not in out
    data = json.loads(out)
    assert {t["tag"] for t in data["per_tag"]} == set(hostile)
    assert data["per_annotator"] == [{"annotator": "\x1b]0;x\x07", "annotations": 1}]


def test_cli_reports_a_damaged_file_and_goes_on(capsys, lib):
    (lib / "annotations" / "quiet0001.json").write_text("{not json")
    code, out, err = run(capsys, "stats", "--library", str(lib))
    assert code == 0 and "5 annotations" in out
    assert "skipped" in err and "quiet0001.json" in err


def test_cli_says_why_no_names_are_listed(capsys, tmp_path):
    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="plain0001", title="t", body="Ana Lind said so.")])
    library.close()
    code, out, _ = run(capsys, "stats", "--library", str(tmp_path / "lib"))
    assert code == 0 and "No article has a current analysis yet" in out
    assert "Top entities" not in out


def test_entities_and_speakers_are_counted_as_the_user_corrected_them(tmp_path):
    """A relabelled entity counts under its new label, a claim marked wrong
    loses its speaker and its kind, a named speaker counts (storage.corrected)."""
    from newsread.model import Annotation
    from storage.analysis_cache import analysis_key

    library = Library(tmp_path / "lib")
    article = Article(id="harbour01", title="Harbour", body=BODY)
    library.save_articles([article])
    quist = BODY.index("Mara Quist")
    analysis = {
        "pipeline": {"name": "test", "version": "1"},
        "sentences": [],
        "entities": [
            {"start": quist, "end": quist + 10, "text": "Mara Quist", "label": "ORG"},
            {"start": 4, "end": 17, "text": "harbour board", "label": "ORG"},
        ],
        "claims": [
            {"start": 0, "end": 60, "kind": "attributed", "score": 0.9,
             "speaker": {"start": 4, "end": 17, "text": "harbour board"}},
            {"start": quist - 40, "end": quist + 11, "kind": "quote", "score": 1.0,
             "speaker": {"start": quist, "end": quist + 10, "text": "Mara Quist"}},
        ],
    }  # fmt: skip
    library.store_analysis(article.id, analysis_key(article.content_hash, "test", "1"), analysis)
    before = library_stats(library)
    assert ("Mara Quist", "ORG") in [(r.text, r.label) for r in before.top_entities]

    library.save_annotation(
        Annotation(
            id="c1", article_id=article.id, start=quist, end=quist + 10, quote="Mara Quist",
            tags=["PERSON"],
            data={"correction": {"kind": "entity", "label": "PERSON", "was": "ORG"}},
        )
    )  # fmt: skip
    library.save_annotation(
        Annotation(
            id="c2", article_id=article.id, start=0, end=60, quote=BODY[:60],
            tags=["not-a-claim"], data={"correction": {"kind": "claim", "wrong": True}},
        )
    )  # fmt: skip
    after = library_stats(library)
    ranked = [(r.text, r.label) for r in after.top_entities]
    assert ("Mara Quist", "PERSON") in ranked and ("Mara Quist", "ORG") not in ranked
    assert [r.text for r in after.top_speakers] == ["Mara Quist"]
    assert dict(after.claims_by_kind) == {"quote": 1}


def test_cli_time_line_keeps_its_counts_at_80_columns_and_one_scale():
    # At 80 columns the month table lost its headers and counts (two 30-cell
    # bars took the room), and each bar was scaled to its own series: 25
    # annotations drew a bar as long as 140 articles.
    from datetime import date

    from rich.console import Console

    from storage.stats import Bucket, LibraryStats
    from tui.cli.stats_command import tables

    months = [(140, 25), (70, 10), (35, 0)]
    stats = LibraryStats(
        articles=245,
        annotations=35,
        grain="month",
        timeline=[
            Bucket(date(2026, m, 1), f"2026-{m:02}", a, n) for m, (a, n) in enumerate(months, 9)
        ],
    )
    for width in (80, 100, 60):
        console = Console(width=width, record=True, color_system=None)
        for table in tables(stats, bars=True, width=width):
            console.print(table)
        lines = console.export_text().splitlines()
        assert all(len(line) <= width for line in lines), (width, lines)
        header = next(line for line in lines if line.split()[:1] == ["month"])
        assert header.split() == ["month", "articles", "annotations"], (width, header)
        rows = {line.split()[0]: line for line in lines if line.startswith(" 2026-")}
        first = rows["2026-09"].split()
        assert first[0:2] == ["2026-09", "140"] and "25" in first, (width, first)
        # One scale: the 25 annotations' bar is about 25/140 of the articles' bar.
        article_bar, annotation_bar = (part for part in first if "█" in part or "▏" in part)
        assert len(annotation_bar) <= len(article_bar) * 25 // 140 + 1, (width, first)
        assert any("one scale for both bars" in line for line in lines), width
