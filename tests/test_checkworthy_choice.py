"""The check-worthiness model a config chooses: the light linear model by
default, or blended with the sentence encoder. The choice reaches every place
that scores (this process, the pool's workers, the CLI, the app) and is part
of the cache key, so one model's scores are never read back as the other's."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsread.analysis import checkworthy, parallel
from newsread.analysis.checkworthy_choice import choose_model, chosen_model, model_suffix
from newsread.analysis.run import RULES_VERSION, analyze_texts, rules_version
from newsread.config import Config, read_config
from tui.cli import main

TEXTS = [
    "The harbour board said on Monday that the new cranes would cost $40 million.",
    "Unemployment in Dunmore fell to 4.1 percent last year, the lowest in a decade.",
    '"We are ready," said Mayor Ana Silva. Police said 14 people were arrested.',
    "The ferry company spent twice as much on fuel in 2024 as it did in 2019.",
]


def write_config(text: str) -> Path:
    path = Path(os.environ["NEWSREAD_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_config_names_the_model_and_refuses_others(tmp_path: Path) -> None:
    assert Config().checkworthiness == "linear"
    good = tmp_path / "good.toml"
    good.write_text('[pipeline]\ncheckworthiness = "encoder"\n', encoding="utf-8")
    config, problems = read_config(good)
    assert (config.checkworthiness, problems) == ("encoder", [])
    bad = tmp_path / "bad.toml"
    bad.write_text('[pipeline]\ncheckworthiness = "bert"\n', encoding="utf-8")
    config, problems = read_config(bad)
    assert config.checkworthiness == "linear"
    assert problems == [
        f"{bad}: [pipeline] checkworthiness must be one of 'linear', 'encoder', not 'bert'"
    ]


def test_an_unknown_model_cannot_be_chosen() -> None:
    with pytest.raises(ValueError, match="unknown check-worthiness model 'bert'"):
        choose_model("bert")
    assert chosen_model() == "linear"


def test_the_default_keeps_the_cache_keys_of_existing_libraries() -> None:
    assert (model_suffix(), rules_version()) == ("", RULES_VERSION)
    choose_model("encoder")
    assert rules_version() == f"{RULES_VERSION}+cw.encoder.2"


def test_the_pipeline_is_described_with_a_chosen_encoder(pipeline) -> None:
    assert pipeline.describe() == f"{pipeline.name} {pipeline.version}"
    choose_model("encoder")
    assert pipeline.describe() == f"{pipeline.name} {pipeline.version} + check-worthiness encoder"


def test_the_encoder_blends_its_scores_with_the_linear_model(pipeline) -> None:
    linear = list(analyze_texts(TEXTS, pipeline))
    choose_model("encoder")
    blended = list(analyze_texts(TEXTS, pipeline))
    assert all(a.pipeline_version.endswith("+cw.encoder.2") for a in blended)
    assert not any(a.pipeline_version.endswith("+cw.encoder.2") for a in linear)
    pairs = [
        (old, new)
        for a, b in zip(linear, blended, strict=True)
        for old, new in zip(a.claims, b.claims, strict=False)
        if (old.start, old.end, old.kind) == (new.start, new.end, new.kind)
    ]
    assert len(pairs) >= 4
    assert any(abs(old.score - new.score) > 0.01 for old, new in pairs)
    # Each score is the cascade's for its sentence: the two models' log-odds
    # averaged where the linear model is unsure, its stand-in elsewhere.
    for text, analysis in zip(TEXTS, blended, strict=True):
        doc = pipeline.nlp(text)
        for claim in analysis.claims:
            sent = doc.char_span(claim.start, claim.end, alignment_mode="expand").sent
            margin = checkworthy.blend_scorer().margin(sent.text, sent)
            logit = checkworthy._encoder_logit(sent.text) if checkworthy.unsure(margin) else None
            assert claim.score == pytest.approx(checkworthy.cascade(margin, logit), abs=2e-4)


def test_the_cascade_asks_the_encoder_only_about_unsure_sentences(pipeline) -> None:
    choose_model("encoder")
    checkworthy.forget_scores()
    asked: list[str] = []
    prime = checkworthy.prime
    try:
        checkworthy.prime = lambda sentences: (asked.extend(sentences), prime(sentences))[1]
        analyses = list(analyze_texts(TEXTS, pipeline))
    finally:
        checkworthy.prime = prime
    margins = {}
    for text, analysis in zip(TEXTS, analyses, strict=True):
        doc = pipeline.nlp(text)
        for claim in analysis.claims:
            sent = doc.char_span(claim.start, claim.end, alignment_mode="expand").sent
            margins[sent.text] = checkworthy.blend_scorer().margin(sent.text, sent)
    sure = {s for s, m in margins.items() if not checkworthy.unsure(m)}
    # Both kinds are among these sentences, so the test can tell them apart.
    assert sure and len(sure) < len(margins)
    assert set(asked) == set(margins) - sure


def test_a_sure_sentence_keeps_the_linear_models_score(pipeline) -> None:
    text = TEXTS[1]
    linear = list(analyze_texts([text], pipeline))[0]
    choose_model("encoder")
    cascaded = list(analyze_texts([text], pipeline))[0]
    doc = pipeline.nlp(text)
    assert not checkworthy.unsure(checkworthy.blend_scorer().margin(text, doc[:]))
    # The cascade's own linear model, learnt from the labels alone; the
    # default's learnt from the encoder too, so its score differs.
    alone = round(checkworthy.blend_scorer().score(text, doc[:]), 4)
    assert [c.score for c in cascaded.claims] == [alone] * len(cascaded.claims)
    assert [c.score for c in linear.claims] != [alone] * len(linear.claims)
    assert linear.claims


def test_a_cached_analysis_of_the_other_model_is_not_read(tmp_path: Path, pipeline) -> None:
    from newsread.model import Article
    from storage.analyses import analysis_for, cached
    from storage.library import Library

    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="rates01", title="Rates", body=TEXTS[1], source="t.txt")])
    article = library.get_article("rates01")
    first = analysis_for(library, article, pipeline)
    identity = (pipeline.name, pipeline.version)
    choose_model("encoder")
    assert cached(library, article, identity) is None
    second = analysis_for(library, article, pipeline)
    assert second.pipeline_version == first.pipeline_version + "+cw.encoder.2"
    assert cached(library, article, identity) is not None
    # An article keeps one cached analysis: back on the default, the encoder's
    # is not taken for the linear model's, and the analysis is made again.
    choose_model("linear")
    assert cached(library, article, identity) is None
    assert analysis_for(library, article, pipeline).to_dict() == first.to_dict()


def test_an_analysis_cached_before_the_cascade_is_made_again(
    tmp_path: Path, pipeline, monkeypatch
) -> None:
    from newsread.analysis import checkworthy_choice
    from newsread.model import Article
    from storage.analyses import analysis_for, cached
    from storage.library import Library

    library = Library(tmp_path / "lib")
    library.save_articles([Article(id="ready01", title="Ready", body=TEXTS[2], source="t.txt")])
    article = library.get_article("ready01")
    identity = (pipeline.name, pipeline.version)
    choose_model("encoder")
    # The encoder on every sentence was cached under its bare name.
    with monkeypatch.context() as m:
        m.setattr(checkworthy_choice, "_KEY_NAMES", {})
        assert analysis_for(library, article, pipeline).pipeline_version.endswith("+cw.encoder")
        assert cached(library, article, identity) is not None
    assert cached(library, article, identity) is None
    assert analysis_for(library, article, pipeline).pipeline_version.endswith("+cw.encoder.2")


def test_pool_workers_score_with_the_parents_model_on_one_blas_thread(pipeline, monkeypatch):
    monkeypatch.setattr(parallel, "start_method", lambda grace=0.5: "fork")
    choose_model("encoder")
    single = [a.to_dict() for a in analyze_texts(TEXTS, pipeline)]
    checkworthy.forget_scores()  # the forked workers must compute, not inherit, the scores
    pooled = [a.to_dict() for a in parallel.analyze_parallel(TEXTS, pipeline, workers=2)]
    assert pooled == single


def test_a_worker_chooses_the_model_and_one_blas_thread(pipeline, monkeypatch) -> None:
    from newsread.analysis import blas

    before = blas.threads()
    if before is None:
        pytest.skip("numpy here does not use OpenBLAS")
    monkeypatch.setattr(parallel, "_worker_loaded", pipeline)
    try:
        parallel._init_worker(None, (pipeline.name, pipeline.version), None, "encoder")
        assert (chosen_model(), blas.threads()) == ("encoder", 1)
    finally:
        blas.set_threads(before)


def test_the_cli_analyses_with_the_configured_model(tmp_path: Path, capsys, pipeline) -> None:
    # The quote's sentence is one the linear model is unsure of: the cascade
    # asks the encoder about it (the other texts' are too sure to be asked).
    path = tmp_path / "ready.txt"
    path.write_text(TEXTS[2], encoding="utf-8")
    assert main(["analyze", "--json", str(path)]) == 0
    linear = json.loads(capsys.readouterr().out)
    write_config('[pipeline]\ncheckworthiness = "encoder"\n')
    assert main(["analyze", "--json", str(path)]) == 0
    encoder = json.loads(capsys.readouterr().out)
    assert encoder["pipeline"]["version"] == linear["pipeline"]["version"] + "+cw.encoder.2"
    assert encoder["claims"][0]["score"] != linear["claims"][0]["score"]


def test_the_app_applies_its_config(tmp_path: Path) -> None:
    from storage.library import Library
    from tui.app import NewsreadApp

    NewsreadApp(Library(tmp_path / "lib"), Config(checkworthiness="encoder"))
    assert chosen_model() == "encoder"
