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
