"""The suggestion queue's model without a terminal: which suggestions it holds,
deciding and undoing, progress, resuming, gathering, and the remembered state."""

from __future__ import annotations

import json

from newsread.analysis import Analysis, Claim, Entity, Span
from newsread.model import Annotation, Article
from storage.analyses import analysis_for
from tests.pilot_helpers import BODY, make_library
from tui.models.queue import (
    CONTEXT_CHARS,
    QueueFilter,
    QueueItem,
    SuggestionKey,
    SuggestionQueue,
    article_suggestions,
    context_span,
    resume_order,
)
from tui.models.queue_gather import gather
from tui.screens.queue_restrict import check_filter
from tui.state import LibraryView, QueueView, load_queue, load_view, save_queue, save_view

TEXT = "Mara Quist met Ida Brandt in Port Ellis. “It is late,” said Mara Quist."


def article() -> Article:
    return Article(id="art00001", title="Meeting", body=TEXT, source="Wire")


def span(text: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(text, after)
    return start, start + len(text)


def entity(text: str, label: str, after: int = 0) -> Entity:
    return Entity(*span(text, after), label, text)


def analysis() -> Analysis:
    quote_start, quote_end = span("“It is late,” said Mara Quist")
    speaker = span("Mara Quist", quote_start)
    cue = span("said")
    return Analysis(
        "test",
        "1",
        sentences=[span("Mara Quist met Ida Brandt in Port Ellis."), (quote_start, len(TEXT))],
        entities=[
            entity("Mara Quist", "PERSON"),
            entity("Ida Brandt", "PERSON"),
            entity("Port Ellis", "GPE"),
            entity("Mara Quist", "PERSON", quote_start),
        ],
        claims=[
            Claim(
                quote_start,
                quote_end,
                "quote",
                0.8,
                speaker=Span(*speaker, "Mara Quist"),
                cue=Span(*cue, "said"),
                content=Span(*span("It is late"), "It is late"),
            )
        ],
    )


def items(wanted: QueueFilter | None = None, **kwargs) -> list[QueueItem]:
    return article_suggestions(
        article(),
        analysis(),
        kwargs.get("annotations", []),
        kwargs.get("rejected", []),
        wanted or QueueFilter(),
    )


def quotes(found: list[QueueItem]) -> list[str]:
    return [i.quote for i in found]


def test_suggestions_in_text_order_without_accepted_or_rejected():
    everything = items()
    assert [(i.kind, i.label) for i in everything] == [
        ("entity", "PERSON"),
        ("entity", "PERSON"),
        ("entity", "GPE"),
        ("claim", "quote"),
        ("entity", "PERSON"),
    ]
    first = everything[0]
    accepted = Annotation(
        id="x", article_id="art00001", start=first.start, end=first.end, quote="Mara Quist",
        tags=["PERSON", "check"],
    )  # fmt: skip
    tagged_otherwise = Annotation(
        id="y", article_id="art00001", start=everything[1].start, end=everything[1].end,
        quote="Ida Brandt", tags=["check"],
    )  # fmt: skip
    place = everything[2]
    rejected = [{"kind": "entity", "start": place.start, "end": place.end, "label": "GPE"}]
    left = items(annotations=[accepted, tagged_otherwise], rejected=rejected)
    # An annotation without the label does not count as accepting it.
    assert [(i.quote, i.label) for i in left] == [
        ("Ida Brandt", "PERSON"),
        ("“It is late,” said Mara Quist", "quote"),
        ("Mara Quist", "PERSON"),
    ]


def test_the_filter_by_label_kind_any_case():
    assert quotes(items(QueueFilter(label="person"))) == ["Mara Quist", "Ida Brandt", "Mara Quist"]
    assert [i.kind for i in items(QueueFilter(kind="claim"))] == ["claim"]
    assert quotes(items(QueueFilter(label="QUOTE", kind="claim"))) == [
        "“It is late,” said Mara Quist"
    ]
    assert items(QueueFilter(label="PERSON", kind="claim")) == []
    assert QueueFilter().describe() == "every suggestion"
    assert QueueFilter("PERSON", "entity", "harbour").describe() == (
        "PERSON · entities · articles matching harbour"
    )


def test_decide_undo_and_progress_while_gathering():
    queue = SuggestionQueue()
    assert queue.current is None and queue.progress() == "0 / 0+"
    found = items()
    queue.add(found[:3])
    assert queue.current == found[0] and queue.progress() == "1 / 3+"
    queue.decide("accept")
    queue.decide("reject")
    queue.decide("skip")
    assert queue.current is None and not queue.finished
    assert queue.progress() == "3 / 3+"
    queue.add(found[3:])  # more arrive: the queue goes on with them
    assert queue.current == found[3] and queue.progress() == "4 / 5+"
    queue.finish()
    assert queue.progress() == "4 / 5"
    assert (queue.count("accept"), queue.count("reject"), queue.count("skip")) == (1, 1, 1)
    assert found[2].key in queue.skipped

    undone = queue.undo()
    assert undone.action == "skip" and queue.current == found[2]
    assert found[2].key not in queue.skipped
    assert queue.undo().action == "reject" and queue.current == found[1]
    queue.decide("skip")  # decided again, differently: on to the first open one
    assert queue.current == found[2]
    assert [d.action for d in queue.decisions] == ["accept", "skip"]
    queue.add(found)  # gathered twice: queued once
    assert queue.total == 5


def test_a_failed_save_takes_the_decision_back():
    queue = SuggestionQueue()
    found = items()
    queue.add(found)
    first = queue.decide("accept")
    queue.decide("skip")
    assert queue.unsaved(first)
    assert queue.current == found[0] and queue.count("accept") == 0
    assert [d.action for d in queue.decisions] == ["skip"]
    assert not queue.unsaved(first)  # only once


def test_accept_and_reject_make_what_the_reader_makes():
    from tui.models.reader import ReaderModel

    queue = SuggestionQueue()
    queue.annotator = "ines"
    claim = items(QueueFilter(kind="claim"))[0]
    annotation, unreject, tags = queue.accept_changes(claim)
    reader = ReaderModel(claim.article, [], [], [], "ines")
    expected = reader.suggestion_annotation(claim.suggestion)
    skip = {"id", "created", "updated"}
    mine = {k: v for k, v in annotation.to_dict().items() if k not in skip}
    assert mine == {k: v for k, v in expected.to_dict().items() if k not in skip}
    assert annotation.data["speaker"]["text"] == "Mara Quist"
    assert annotation.annotator == "ines"
    cue = claim.suggestion.cue
    assert unreject == [("claim", claim.start, claim.end, (cue.start, cue.end))]
    assert [t.name for t in tags] == ["quote"]
    # The new tag keeps its colour for the next accept.
    assert queue.tags["quote"].color == tags[0].color
    record = queue.reject_record(claim)
    assert {k: record[k] for k in ("kind", "label", "start", "end", "text")} == {
        "kind": "claim",
        "label": "quote",
        "start": claim.start,
        "end": claim.end,
        "text": claim.quote,
    }
    assert record["cue"] == {"start": cue.start, "end": cue.end, "text": cue.text}


def test_resume_starts_where_the_queue_stopped():
    assert resume_order(["a", "b", "c", "d"], None) == ["a", "b", "c", "d"]
    found = items(QueueFilter(kind="entity"))
    where = found[2].key
    moved = SuggestionKey("c", "h", "entity", 0, 1, "PERSON")
    assert resume_order(["a", "b", "c", "d"], moved) == ["c", "d", "a", "b"]
    queue = SuggestionQueue(resume=where)
    queue.add(found)
    # Those before the position come after everything else, when gathering ends.
    assert queue.current == found[2] and queue.total == 4
    assert [i.key for i in queue.items] == [found[2].key, found[3].key]
    queue.finish()
    assert [i.key for i in queue.items] == [k.key for k in (found[2], found[3], *found[:2])]


def test_suggestion_keys_from_a_state_file():
    key = SuggestionKey("art00001", "abc", "entity", 3, 9, "PERSON")
    assert SuggestionKey.from_list(key.to_list()) == key
    for junk in (None, [], ["a"] * 6, ["a", "b", "c", "3", 9, "L"], [1, "b", "c", 3, 9, "L"]):
        assert SuggestionKey.from_list(junk) is None
    assert SuggestionKey.from_list(["a", "b", "c", True, 9, "L"]) is None


def test_context_is_the_paragraph_or_the_sentences_around():
    body = "First paragraph.\n\nOne. Two here. Three.\n\nLast."
    start = body.index("Two")
    assert body[slice(*context_span(body, [], start, start + 3))] == "One. Two here. Three."
    sentences = [(i * 10, i * 10 + 10) for i in range(200)]
    long_body = "x" * 2000
    lo, hi = context_span(long_body, sentences, 1005, 1008)
    assert (lo, hi) == (990, 1020) and hi - lo < CONTEXT_CHARS


def test_gather_reads_the_cache_analyses_the_rest_and_honours_skips(tmp_path, pipeline):
    library = make_library(
        tmp_path / "lib",
        [
            Article(id="harbour01", title="Harbour", body=BODY, source="Wire"),
            Article(id="meeting01", title="Meeting", body=TEXT, source="Wire"),
        ],
    )
    analysis_for(library, library.get_article("harbour01"), pipeline)  # the other is not
    wanted = QueueFilter(label="PERSON")
    batches = list(gather(library, wanted))
    assert batches[-1].finished and not any(b.finished for b in batches[:-1])
    found = [i for b in batches for i in b.items]
    assert {i.quote for i in found} == {"Mara Quist", "Ida Brandt"}
    assert {i.article.id for i in found} == {"harbour01", "meeting01"}
    assert batches[0].tags is not None and batches[-1].done == batches[-1].total == 2

    skipped = {found[0].key}
    again = list(gather(library, wanted, skipped=skipped))
    assert sum(b.left_out for b in again) == 1
    assert found[0].key not in {i.key for b in again for i in b.items}

    searched = [i for b in gather(library, QueueFilter(query="Ellis")) for i in b.items]
    assert searched and {i.article.id for i in searched} == {"meeting01"}

    bad = list(gather(library, QueueFilter(query="after:someday")))
    assert bad[-1].finished and "means nothing" in bad[-1].problems[0]


def test_gather_stops_when_told(tmp_path, pipeline):
    library = make_library(tmp_path / "lib")
    for article_id in ("harbour01", "second002"):
        analysis_for(library, library.get_article(article_id), pipeline)
    asked: list[int] = []

    def go_on(gathered: int) -> bool:
        asked.append(gathered)
        return len(asked) < 2

    batches = list(gather(library, QueueFilter(), go_on=go_on))
    assert len(asked) == 2 and not any(b.finished for b in batches)


def test_check_filter_names_labels_as_the_analysis_writes_them():
    assert check_filter("person", "", "") == QueueFilter(label="PERSON")
    assert check_filter(" Quote ", "claim", "") == QueueFilter(label="quote", kind="claim")
    assert check_filter("", "", ' "harbour crane" ') == QueueFilter(query='"harbour crane"')
    assert "no label PERSN" in check_filter("PERSN", "", "")
    assert check_filter("CUSTOM", "", "", seen=["CUSTOM"]) == QueueFilter(label="CUSTOM")
    assert "PERSON is an entity label" in check_filter("PERSON", "claim", "")
    assert check_filter("", "", "after:someday").startswith("search:")


def test_queue_state_beside_the_library_view(tmp_path):
    path, root = tmp_path / "state.json", tmp_path / "lib"
    save_view(path, root, LibraryView(sort="title"))
    key = SuggestionKey("art00001", "abc", "entity", 3, 9, "PERSON").to_list()
    save_queue(path, root, QueueView(label="PERSON", position=key, skipped=[key]))
    assert load_view(path, root).sort == "title"  # the library's section untouched
    queue = load_queue(path, root)
    assert (queue.label, queue.position, queue.skipped) == ("PERSON", key, [key])
    save_view(path, root, LibraryView(sort="date"))
    assert load_queue(path, root).label == "PERSON"
    assert set(json.loads(path.read_text())["libraries"][str(root.resolve())]) == {
        "library",
        "queue",
    }
    # Another library's queue starts afresh.
    assert load_queue(path, tmp_path / "other") == QueueView()
    bad = {"label": 3, "kind": "claim", "position": "x", "skipped": [1, ["a"]]}
    path.write_text(json.dumps({"libraries": {str(root.resolve()): {"queue": bad}}}))
    assert load_queue(path, root) == QueueView(kind="claim", skipped=[["a"]])
    path.write_text("{not json")
    assert load_queue(path, root) == QueueView()
    assert load_queue(None, root) == QueueView()


def test_what_the_user_corrected_is_not_offered_again():
    everything = items()
    person = everything[1]  # "Ida Brandt", PERSON in the model's analysis
    corrected = Annotation(
        id="c1", article_id="art00001", start=person.start, end=person.end, quote=person.quote,
        tags=["ORG"],
        data={
            "suggestion": {"kind": "entity", "label": "ORG"},
            "correction": {"kind": "entity", "label": "ORG", "was": "PERSON"},
        },
    )  # fmt: skip
    claim = next(i for i in everything if i.kind == "claim")
    wrong = Annotation(
        id="c2", article_id="art00001", start=claim.start, end=claim.end, quote=claim.quote,
        tags=["not-a-claim"], data={"correction": {"kind": "claim", "wrong": True, "was": None}},
    )  # fmt: skip
    left = items(annotations=[corrected, wrong])
    assert (person.quote, "PERSON") not in [(i.quote, i.label) for i in left]
    assert (person.quote, "ORG") not in [(i.quote, i.label) for i in left]  # accepted as ORG
    assert all(i.kind != "claim" for i in left)


class _Counted(list):
    """A list that counts the items read from it."""

    reads = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        _Counted.reads += 1
        return super().__getitem__(index)


def test_context_of_a_suggestion_in_a_huge_paragraph_bisects_its_sentences():
    # One 3 MB line of 60,000 sentences: each suggestion scanned every sentence
    # (an hour of gathering); looked up by bisection, a few reads each.
    from tui.models.ordered_spans import OrderedSpans

    count, size = 60_000, 50
    body = "x" * (count * size)
    sentences = OrderedSpans([(i * size, i * size + size - 1) for i in range(count)])
    paragraphs = OrderedSpans([(0, len(body))])
    sentences.starts, sentences.ends = _Counted(sentences.starts), _Counted(sentences.ends)
    _Counted.reads = 0
    start = 31_234 * size + 5
    lo, hi = context_span(body, sentences, start, start + 10, paragraphs)
    assert (lo, hi) == (31_233 * size, 31_235 * size + size - 1)
    assert _Counted.reads <= 4 * 17  # four bisections of log2(60,000) < 16 steps


def _scanned_context(body, sentences, start, end, paragraphs):
    """context_span as it was, scanning every paragraph and sentence."""
    paragraph = next(((lo, hi) for lo, hi in paragraphs if lo <= start < hi), (start, end))
    lo, hi = min(paragraph[0], start), max(paragraph[1], end)
    if hi - lo <= CONTEXT_CHARS:
        return lo, hi
    inside = [s for s in sentences if s[0] < hi and lo < s[1]]
    touching = [i for i, s in enumerate(inside) if s[0] < end and start < s[1]]
    if not touching:
        return max(lo, start - CONTEXT_CHARS // 2), min(hi, end + CONTEXT_CHARS // 2)
    first, last = max(0, touching[0] - 1), min(len(inside) - 1, touching[-1] + 1)
    return min(inside[first][0], start), max(inside[last][1], end)


def test_context_by_bisection_is_what_a_scan_gives():
    import random

    from tui.models.ordered_spans import OrderedSpans

    rnd = random.Random(7)
    body = "Word " * 800
    cuts = sorted(rnd.sample(range(1, len(body)), 300))
    sentences = list(zip([0, *cuts], [*cuts, len(body)], strict=True))
    sentences = [(a, b - rnd.randint(0, 1)) for a, b in sentences if b - a > 1]
    paragraphs = [(0, 1500), (1502, 3000), (3002, len(body))]
    for _ in range(300):
        start = rnd.randrange(len(body) - 20)
        end = start + rnd.randint(1, 20)
        scanned = context_span(body, sentences, start, end, paragraphs)
        assert (
            context_span(body, OrderedSpans(sentences), start, end, OrderedSpans(paragraphs))
            == scanned
        )
        # Overlapping spans cannot be bisected: scanned, with the same answer.
        overlapping = sorted([*sentences, (0, len(body))])
        assert OrderedSpans(overlapping).disjoint is False
        assert context_span(body, OrderedSpans(overlapping), start, end, paragraphs) == (
            _scanned_context(body, overlapping, start, end, paragraphs)
        )


def test_an_article_with_very_many_suggestions_is_read_after_the_others(
    tmp_path, pipeline, monkeypatch
):
    from tui.models import queue_gather

    library = make_library(
        tmp_path / "lib",
        [
            # The newest: read first, as the queue goes newest first.
            Article(id="bigstory01", title="Big story", body=BODY * 3, published="2026-03-01"),
            Article(id="meeting001", title="Meeting", body=TEXT, published="2026-02-01"),
            Article(id="harbour001", title="Harbour", body=BODY, published="2026-01-01"),
        ],
    )
    for entry in library.listed_entries():
        analysis_for(library, library.get_article(entry["id"]), pipeline)
    counts = {e["id"]: e["entities"] + e["claims"] for e in library.listed_entries()}
    assert counts["bigstory01"] > max(counts["meeting001"], counts["harbour001"])
    monkeypatch.setattr(queue_gather, "HEAVY_SUGGESTIONS", counts["harbour001"])

    batches = list(gather(library, QueueFilter()))
    order = list(dict.fromkeys(i.article.id for b in batches for i in b.items))
    assert order == ["meeting001", "harbour001", "bigstory01"]
    # While it is read, the progress line names it; once read, it does not.
    [naming] = [b for b in batches if "Big story" in b.stage]
    assert naming.stage == (
        f"reading “Big story”, {counts['bigstory01']:,} entities and claims, 2 of 3 articles read"
    )
    after = batches[batches.index(naming) + 1]
    assert after.stage == "" and {i.article.id for i in after.items} == {"bigstory01"}
    assert batches[-1].finished and batches[-1].done == 3

    # Its suggestions reach the event loop a bounded number at a time.
    monkeypatch.setattr(queue_gather, "BATCH_ITEMS", 4)
    pieces = list(gather(library, QueueFilter()))
    assert max(len(b.items) for b in pieces) == 4
    assert [i.key for b in pieces for i in b.items] == [i.key for b in batches for i in b.items]

    # Resumed inside it, the queue starts there: where the user was.
    resume = next(i for b in batches for i in b.items if i.article.id == "bigstory01").key
    again = [i.article.id for b in gather(library, QueueFilter(), resume=resume) for i in b.items]
    assert list(dict.fromkeys(again)) == ["bigstory01", "meeting001", "harbour001"]
