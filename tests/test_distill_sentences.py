"""The unlabelled sentences the check-worthiness teacher reads
(benchmarks/distill_sentences.py): CoNLL tokens rejoined as text, and altered
copies that each name the labelled sentence they came from."""

from __future__ import annotations

from pathlib import Path

from benchmarks.distill_sentences import conll_sentences, variants


def test_conll_tokens_are_rejoined_and_headlines_left_out(tmp_path: Path) -> None:
    folder = tmp_path / "eval-dev" / "conll2003-dev"
    folder.mkdir(parents=True)
    lines = [
        "-DOCSTART- -X- O O",
        "",
        "SOCCER NN I-NP O",
        "- : O O",
        "RESULTS NNS I-NP O",
        "",
        "The DT I-NP O",
        "club NN I-NP O",
        "'s POS B-NP O",
        "profit NN I-NP O",
        "rose VBD I-VP O",
        "12 CD I-NP O",
        "% NN I-NP O",
        "( ( O O",
        "$ $ I-NP O",
        "4 CD I-NP O",
        "million CD I-NP O",
        ") ) O O",
        ", , O O",
        "it PRP I-NP O",
        "did VBD I-VP O",
        "n't RB I-VP O",
        "say VB I-VP O",
        ". . O O",
    ]
    (folder / "eng.testa").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert conll_sentences(tmp_path) == ["The club's profit rose 12% ($4 million), it didn't say."]


def test_altered_copies_name_their_source_and_keep_punctuation(
    pipeline, tmp_path: Path, monkeypatch
) -> None:
    # The module the script itself imports (it puts benchmarks/ on the path).
    import train_checkworthy as training

    monkeypatch.setattr(training, "CACHE", tmp_path)  # the parses' cache, not the repository's
    texts = [
        "The city spent 40 million dollars on new roads last year.",
        "We will cut taxes for every family in this country.",
    ]
    copies = variants(texts, 2)
    assert copies, "no copy was made"
    assert {source for _, source in copies} <= {0, 1}
    for text, source in copies:
        assert text != texts[source]
        assert text.endswith(".")
    # The same seed gives the same copies: a rerun of the bench reads the same data.
    assert variants(texts, 2) == copies
