"""analyze_texts: output contract and round trip."""

from __future__ import annotations

import json
from pathlib import Path

from newsread.analysis import Analysis, analyze_texts, pipeline_version

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
KINDS = {"quote", "attributed", "statistic", "factual"}


def test_contract_shape_and_round_trip(pipeline) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
    analyses = list(analyze_texts(texts, pipeline, batch_size=2))
    assert len(analyses) == len(texts)
    for text, analysis in zip(texts, analyses, strict=True):
        data = json.loads(json.dumps(analysis.to_dict()))
        assert data["pipeline"] == {"name": pipeline.name, "version": pipeline_version(pipeline)}
        assert set(data) == {"pipeline", "sentences", "entities", "claims"}
        for ent in data["entities"]:
            assert set(ent) == {"start", "end", "label", "text"}
            assert text[ent["start"] : ent["end"]] == ent["text"]
        for claim in data["claims"]:
            assert claim["kind"] in KINDS
            assert 0.0 <= claim["score"] <= 1.0
            assert {"start", "end", "kind", "score", "speaker", "cue", "content"} <= set(claim)
        assert Analysis.from_dict(data).to_dict() == data
