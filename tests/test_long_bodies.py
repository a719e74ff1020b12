"""Texts longer than spaCy's ``nlp.max_length`` (issue 7): analysed in pieces,
with every offset into the whole text, on the real pipeline.

The texts are generated: invented people, places and sentences, and blocks of
made-up long words standing in for the inline data blobs scraped pages carry
(they keep a 1.2-million-character text cheap enough to parse in a test).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from newsread.analysis.run import analyze_texts, split_for_pipeline
from newsread.ingest.dumps import parse_dump
from tests.analysis_helpers import analyse

NEWSREAD = Path(sys.executable).with_name("newsread")
PLACES = ("Lowmarsh", "Kettering Vale", "Port Ebberly")
OPENING = "Transport minister Felix Marchbank spoke in Lowmarsh on Monday."
# Alone, the pipeline takes this "Marchbank" for an organisation; the full name
# in the opening paragraph makes it a person.
LATER = (
    "Marchbank rejected the timetable on Friday. The ferry board will meet again, Marchbank added."
)
QUOTE = '"We will not accept another delay," Marchbank said on Tuesday.'


def _filler(rnd: random.Random) -> str:
    sentences = []
    for _ in range(rnd.randint(3, 6)):
        place = rnd.choice(PLACES)
        sentences.append(
            rnd.choice(
                [
                    f"Crossings from {place} ran {rnd.randint(5, 90)} minutes late "
                    f"on {rnd.randint(2, 27)} March.",
                    f"The harbour board in {place} said repairs to the pier would take "
                    "another week.",
                    "Passengers waited on the quay while the crew checked the mooring lines.",
                ]
            )
        )
    return " ".join(sentences)


def article(paragraphs: int = 40, seed: int = 5) -> str:
    """A ferry story of ``paragraphs`` filler paragraphs between the full name and
    the later mentions, so they land in different pieces under a low limit."""
    rnd = random.Random(seed)
    paras = ["Ferry timetable dispute drags into winter", OPENING]
    paras += [_filler(rnd) for _ in range(paragraphs)]
    paras += [LATER, QUOTE]
    paras += [_filler(rnd) for _ in range(3)]
    return "\n\n".join(paras) + "\n"


def huge_article(chars: int = 1_200_000) -> str:
    """Over a million characters: the story's paragraphs recur between blocks of
    sentences of made-up 40-letter words, and the last ones come after 1,000,000."""
    rnd = random.Random(3)

    def blob_sentence() -> str:
        words = ("".join(rnd.choices("abcdefghijklmnopqrstuvwxyz", k=40)) for _ in range(8))
        return "The " + " ".join(words) + "."

    paras = ["Ferry timetable dispute drags into winter", OPENING]
    size = 0
    while size < chars:
        paras += [" ".join(blob_sentence() for _ in range(30)) for _ in range(8)]
        paras += [LATER, QUOTE]
        size = sum(len(p) + 2 for p in paras)
    return "\n\n".join(paras) + "\n"


def assert_offsets(text: str, data: dict) -> None:
    """Every span of an analysis (as ``to_dict`` or ``analyze --json`` gives it)
    points at its own text in ``text``."""
    for sent in data["sentences"]:
        assert 0 <= sent["start"] < sent["end"] <= len(text)
    for ent in data["entities"]:
        assert text[ent["start"] : ent["end"]] == ent["text"]
    for claim in data["claims"]:
        assert 0 <= claim["start"] < claim["end"] <= len(text)
        for role in ("speaker", "cue", "content", "speaker_resolved"):
            span = claim.get(role)
            assert span is None or text[span["start"] : span["end"]] == span["text"], role


def test_pieces_join_back_and_are_cut_at_the_best_break() -> None:
    text = "First paragraph here.\n\nSecond one, a bit longer.\nA new line. Then more words"
    for size in range(1, len(text) + 2):
        pieces = split_for_pipeline(text, size)
        assert "".join(pieces) == text
        assert all(0 < len(p) <= size for p in pieces)
    # A paragraph break beats a line break, a line break beats a sentence end,
    # a sentence end beats a space, and a space beats a hard cut.
    assert split_for_pipeline(text, 40)[0] == "First paragraph here.\n\n"
    assert split_for_pipeline("aaaa bbbb.\ncccc. dddd eeee", 20)[0] == "aaaa bbbb.\n"
    assert split_for_pipeline("aaaa bbbbbb. cccc dddd eeee", 20)[0] == "aaaa bbbbbb. "
    assert split_for_pipeline("aaaa bbbb cccc dddd eeee", 20)[0] == "aaaa bbbb cccc dddd "
    assert split_for_pipeline("x" * 50, 20) == ["x" * 20, "x" * 20, "x" * 10]


def test_a_text_over_the_limit_gives_the_analysis_of_the_whole(
    pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = article()
    whole = analyse(pipeline, text).to_dict()
    # The pipeline's own limit, lowered: the text no longer fits (spaCy's E088).
    monkeypatch.setattr(pipeline.nlp, "max_length", 3000)
    assert len(split_for_pipeline(text, 3000)) >= 5
    pieces = analyse(pipeline, text).to_dict()
    assert_offsets(text, pieces)
    # Cut at paragraph breaks, this story analyses exactly as in one piece:
    # sentences, entities and claims, offsets and all.
    assert pieces == whole
    # The entity rules saw the whole text: the full name five pieces earlier
    # makes the later "Marchbank" a person.
    alone = analyse(pipeline, LATER + "\n")
    assert {e.label for e in alone.entities if e.text == "Marchbank"} == {"ORG"}
    later = [e for e in pieces["entities"] if e["text"] == "Marchbank"]
    assert len(later) == 3 and {e["label"] for e in later} == {"PERSON"}
    assert all(e["start"] > 3000 for e in later)
    quote = next(c for c in pieces["claims"] if c["kind"] == "quote")
    assert quote["speaker"]["text"] == "Marchbank" and quote["start"] > 3000


def test_a_batch_mixing_long_and_short_texts_keeps_its_order(
    pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    short_one = "Felix Marchbank spoke in Lowmarsh on Monday.\n"
    short_two = QUOTE + "\n"
    expected = [analyse(pipeline, t).to_dict() for t in (short_one, short_two)]
    monkeypatch.setattr(pipeline.nlp, "max_length", 2000)
    long_text = article(paragraphs=20)
    results = [a.to_dict() for a in analyze_texts([short_one, long_text, short_two], pipeline)]
    assert [results[0], results[2]] == expected
    assert_offsets(long_text, results[1])
    assert len(results[1]["sentences"]) > 40


def test_the_piece_size_can_be_set_below_the_limit(pipeline) -> None:
    text = article(paragraphs=10)
    small = next(analyze_texts([text], pipeline, max_length=1000, chunk_chars=500)).to_dict()
    assert_offsets(text, small)
    assert {e["label"] for e in small["entities"] if e["text"] == "Marchbank"} == {"PERSON"}


@pytest.mark.skipif(not NEWSREAD.exists(), reason=f"{NEWSREAD} is not installed")
def test_analyze_json_of_a_text_over_a_million_characters(tmp_path: Path) -> None:
    text = huge_article()
    assert len(text) > 1_100_000
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [str(NEWSREAD), "analyze", "--json", str(path)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert b"Traceback" not in proc.stderr
    [line] = proc.stdout.decode("utf-8").splitlines()
    data = json.loads(line)
    assert_offsets(text, data)
    people = [e for e in data["entities"] if e["text"] == "Marchbank"]
    assert {e["label"] for e in people} == {"PERSON"}
    assert max(e["start"] for e in people) > 1_000_000
    quotes = [c for c in data["claims"] if c["kind"] == "quote"]
    assert max(c["start"] for c in quotes) > 1_000_000
    assert all(c["speaker"]["text"] == "Marchbank" for c in quotes)


@pytest.mark.skipif(not NEWSREAD.exists(), reason=f"{NEWSREAD} is not installed")
def test_import_analyses_a_batch_holding_a_body_over_the_limit(tmp_path: Path) -> None:
    text = huge_article()
    # The cleaner keeps the blob sentences: the body to analyse is over the limit too.
    assert all(len(a.body) > 1_000_000 for a in parse_dump(text))
    huge = tmp_path / "huge.txt"
    huge.write_text(text, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(article(paragraphs=3), encoding="utf-8")
    proc = subprocess.run(
        [str(NEWSREAD), "import", "--library", str(tmp_path / "lib"), str(huge), str(other)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "not analysed" not in err
    assert "2 added" in proc.stdout.decode("utf-8")
    assert "2/2" in err  # the progress bar reached both articles
