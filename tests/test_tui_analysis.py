"""The reader and the analysis worker: text first, highlights when ready, cache reuse."""

from __future__ import annotations

import threading

import newsread.analysis.pipeline as pipeline_module
import newsread.analysis.run as run_module
import storage.analyses as analyses_module
from newsread.config import Config
from storage.analyses import analysis_for, cached
from storage.library import Library
from tests.pilot_helpers import (
    SIZE,
    make_library,
    open_article,
    open_first_reader,
    wait_until,
)
from tui.app import NewsreadApp


async def test_text_paints_before_the_pipeline_is_ready(tmp_path, pipeline, monkeypatch):
    release = threading.Event()
    real_load = pipeline_module.load_pipeline

    def slow_load(preferred=None):
        release.wait(30)
        return real_load(preferred)

    monkeypatch.setattr(pipeline_module, "load_pipeline", slow_load)
    app = NewsreadApp(make_library(tmp_path / "lib"), Config())
    try:
        async with app.run_test(size=SIZE) as pilot:
            reader = await open_article(pilot, app)
            await pilot.pause()
            # The text is on screen while spaCy is still "loading".
            assert reader.view.cursor is None
            assert "Finding sentences" in str(reader.query_one("#reader-status").render())
            lines = [reader.view.render_line(y).text for y in range(3)]
            assert "The harbour board said on Monday" in " ".join(lines)
            release.set()
            await wait_until(pilot, lambda: reader.view.cursor is not None)
            assert reader.analysis is not None and reader.analysis.entities
    finally:
        release.set()


async def test_cached_article_opens_without_running_spacy(tmp_path, pipeline, monkeypatch):
    root = tmp_path / "lib"
    library = make_library(root)
    article = library.get_article("harbour01")
    analysis_for(library, article, pipeline)  # analysed once, e.g. at import

    def refuse(*_args, **_kwargs):
        raise AssertionError("spaCy must not run for a cached article")

    monkeypatch.setattr(pipeline_module, "load_pipeline", refuse)
    monkeypatch.setattr(analyses_module, "analyze_texts", refuse)
    app = NewsreadApp(Library(root), Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app)
        assert "cached" in reader.analysis_note
        assert reader.analysis is not None and reader.analysis.sentences


def test_a_new_pipeline_or_rules_version_misses_the_cache(tmp_path, pipeline, monkeypatch):
    library = make_library(tmp_path / "lib")
    article = library.get_article("harbour01")
    analysis_for(library, article, pipeline)
    identity = (pipeline.name, pipeline.version)
    assert cached(library, article, identity) is not None
    assert cached(library, article, (pipeline.name, "9.9.9")) is None
    monkeypatch.setattr(run_module, "RULES_VERSION", "next")
    assert cached(library, article, identity) is None
