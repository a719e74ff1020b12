"""Annotators sharing a library decide on suggestions each for themselves:
rejections record who made them, an accept takes back only the accepting
annotator's own rejection, each annotator's queue leaves out only what they
decided, the reader applies the corrections of the annotators it shows, and
the queue's undo says when there was nothing left to take back. Rejections
and annotations naming nobody (made before annotators were recorded) count
as everyone's."""

from __future__ import annotations

import orjson

from newsread.analysis import Analysis, Entity
from newsread.annotations.export import build_export
from newsread.annotations.formats.reading import parse_annotation_file
from newsread.model import Annotation, Article, new_annotation
from storage.edits import apply_edits
from storage.history import History
from tests.pilot_helpers import make_library
from tests.test_export import assert_valid
from tui.models.queue import QueueFilter, SuggestionQueue, article_suggestions
from tui.models.queue_writes import save_accept, save_reject, take_back_accept, take_back_reject
from tui.models.reader import ReaderModel, rejection_key

TEXT = "Prices rose 12% last year. The fund holds 14 million in bonds."


def article(body: str = TEXT, article_id: str = "fund0001") -> Article:
    return Article(id=article_id, title="Fund report", body=body, source="Wire")


def at(text: str, body: str = TEXT) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def entity(text: str, label: str, body: str = TEXT) -> Entity:
    return Entity(*at(text, body), label, text)


def analysis(body: str = TEXT) -> Analysis:
    return Analysis(
        "test",
        "1",
        sentences=[(0, body.index(".") + 1), (body.index("The fund"), len(body))],
        entities=[
            entity("12%", "PERCENT", body),
            entity("last year", "DATE", body),
            entity("14 million", "CARDINAL", body),
        ],
        claims=[],
    )


def reader(annotator: str, annotations=(), rejected=()) -> ReaderModel:
    model = ReaderModel(article(), list(annotations), [], list(rejected), annotator)
    model.set_analysis(analysis(), "test")
    return model


def percent() -> Entity:
    return entity("12%", "PERCENT")


def rejection(annotator: str) -> dict:
    return reader(annotator).reject("entity", percent())


def correction(annotator: str, label: str, was: str, updated: str) -> Annotation:
    """A relabelling of "14 million", as the reader's E makes it."""
    made = new_annotation(
        article(),
        *at("14 million"),
        [label],
        data={
            "suggestion": {"kind": "entity", "label": label},
            "correction": {"kind": "entity", "label": label, "was": was},
        },
        annotator=annotator,
    )
    return Annotation(**{**made.to_dict(), "updated": updated, "created": updated})


# -- D2: rejections record who made them; an accept takes back only one's own -----------------


def test_a_rejection_records_its_annotator() -> None:
    assert rejection("alice")["annotator"] == "alice"
    # No annotator known (one user, tests): no field, as before.
    assert "annotator" not in rejection("")


def test_accepting_keeps_another_annotators_rejection(tmp_path) -> None:
    library = make_library(tmp_path / "lib", [article()])
    library.save_rejected("fund0001", rejection("alice"))
    bob = reader("bob", rejected=library.rejected("fund0001"))
    # Bob's reader shows the suggestion alice rejected: each decides for themselves.
    assert bob.is_rejected("entity", percent()) is False
    accepted = bob.suggestion_annotation(percent())
    keys = bob.unreject([("entity", percent())])
    apply_edits(
        library,
        History(library),
        "fund0001",
        "accepted",
        [(None, accepted)],
        unreject=keys,
        annotator="bob",
    )
    assert [r.get("annotator") for r in library.rejected("fund0001")] == ["alice"]
    assert [a.annotator for a in library.annotations("fund0001")] == ["bob"]


def test_accepting_takes_back_ones_own_and_an_unattributed_rejection(tmp_path) -> None:
    library = make_library(tmp_path / "lib", [article()])
    library.save_rejected("fund0001", rejection("alice"))
    library.save_rejected("fund0001", rejection("bob"))
    legacy = {k: v for k, v in rejection("").items() if k != "annotator"}
    library.save_rejected(
        "fund0001", {**legacy, "start": at("last year")[0], "end": at("last year")[1]}
    )
    date = rejection_key("entity", entity("last year", "DATE"))
    key = rejection_key("entity", percent())
    assert library.unreject("fund0001", [key, date], "bob") == 2
    assert [r.get("annotator") for r in library.rejected("fund0001")] == ["alice"]


def test_two_annotators_rejections_of_one_suggestion_are_two(tmp_path) -> None:
    library = make_library(tmp_path / "lib", [article()])
    library.save_rejected("fund0001", rejection("alice"))
    library.save_rejected("fund0001", rejection("bob"))
    library.save_rejected("fund0001", rejection("bob"))  # bob's again replaces his own
    assert sorted(r["annotator"] for r in library.rejected("fund0001")) == ["alice", "bob"]


def test_the_readers_accept_in_memory_keeps_a_teammates_rejection() -> None:
    model = reader("bob", rejected=[rejection("alice"), rejection("bob")])
    model.unreject([("entity", percent())])
    assert [r["annotator"] for r in model.rejected] == ["alice"]


def test_an_unattributed_rejection_hides_the_suggestion_from_everyone() -> None:
    legacy = {k: v for k, v in rejection("").items() if k != "annotator"}
    assert reader("alice", rejected=[legacy]).is_rejected("entity", percent())
    assert reader("bob", rejected=[legacy]).is_rejected("entity", percent())


def test_the_export_carries_a_rejections_annotator_and_reads_it_back() -> None:
    legacy = {**rejection(""), "start": at("last year")[0], "end": at("last year")[1]}
    document = build_export([], [(article(), [rejection("alice"), legacy])])
    assert_valid(document)
    by = [r.get("annotator") for r in document["rejected_suggestions"]]
    assert by == ["alice", None]  # absent for one made before annotators were recorded
    parsed = parse_annotation_file(orjson.dumps(document))
    assert [r.item.get("annotator") for r in parsed.rejected] == ["alice", None]


# -- W4: each annotator's queue ---------------------------------------------------------------


def queued(annotator: str, annotations=(), rejected=()) -> list[str]:
    found = article_suggestions(
        article(), analysis(), list(annotations), list(rejected), QueueFilter(), annotator
    )
    return [item.quote for item in found]


def test_the_queue_leaves_out_what_its_own_annotator_decided_only() -> None:
    accepted = reader("alice").suggestion_annotation(entity("last year", "DATE"))
    rejected = [rejection("alice")]
    assert queued("alice", [accepted], rejected) == ["14 million"]
    assert queued("bob", [accepted], rejected) == ["12%", "last year", "14 million"]


def test_in_the_queue_what_names_no_annotator_is_everyones() -> None:
    accepted = reader("").suggestion_annotation(entity("last year", "DATE"))
    rejected = [{k: v for k, v in rejection("").items() if k != "annotator"}]
    assert queued("bob", [accepted], rejected) == ["14 million"]


def test_the_queue_applies_its_own_annotators_corrections_only() -> None:
    bobs = correction("bob", "PERCENT", "CARDINAL", "2026-01-02T00:00:00+00:00")
    # Bob's relabelling is not alice's answer: she is offered the model's label.
    found = article_suggestions(article(), analysis(), [bobs], [], QueueFilter(), "alice")
    assert [(i.quote, i.label) for i in found][-1] == ("14 million", "CARDINAL")


def test_the_readers_marks_follow_the_same_rule() -> None:
    accepted = reader("alice").suggestion_annotation(entity("last year", "DATE"))
    bob = reader("bob", [accepted], [rejection("alice")])
    assert [e.text for e in bob.visible_entities()] == ["12%", "last year", "14 million"]
    assert not bob.already_accepted(entity("last year", "DATE"), "DATE")
    alice = reader("alice", [accepted], [rejection("alice")])
    assert [e.text for e in alice.visible_entities()] == ["last year", "14 million"]
    assert alice.already_accepted(entity("last year", "DATE"), "DATE")


# -- W5: the corrections the reader applies -------------------------------------------------


def labels_of_14_million(model: ReaderModel) -> list[str]:
    return [e.label for e in model.visible_entities() if e.text == "14 million"]


def test_the_reader_applies_the_corrections_of_the_annotators_shown() -> None:
    alices = correction("alice", "MONEY", "CARDINAL", "2026-01-01T00:00:00+00:00")
    bobs = correction("bob", "PERCENT", "CARDINAL", "2026-01-02T00:00:00+00:00")
    model = reader("alice", [alices, bobs])
    # Everyone's shown: they disagree, and the reader's own annotator wins
    # though bob's is later.
    assert labels_of_14_million(model) == ["MONEY"]
    order = []
    for _ in range(3):
        order.append((model.cycle_annotator_filter(), labels_of_14_million(model)))
    assert order == [("alice", ["MONEY"]), ("bob", ["PERCENT"]), (None, ["MONEY"])]
    assert labels_of_14_million(reader("carol", [alices, bobs])) == ["PERCENT"]


def test_the_export_keeps_each_annotators_correction() -> None:
    alices = correction("alice", "MONEY", "CARDINAL", "2026-01-01T00:00:00+00:00")
    bobs = correction("bob", "PERCENT", "CARDINAL", "2026-01-02T00:00:00+00:00")
    document = build_export([(article(), [alices, bobs])])
    found = sorted((a["annotator"], a["tags"]) for a in document["annotations"])
    assert found == [("alice", ["MONEY"]), ("bob", ["PERCENT"])]


# -- C1: the queue's undo says when there was nothing to take back ----------------------------


def test_undoing_an_accept_whose_annotation_was_deleted_meanwhile_takes_back_nothing(
    tmp_path,
) -> None:
    library = make_library(tmp_path / "lib", [article()])
    history = History(library)
    queue = SuggestionQueue()
    queue.annotator = "alice"
    queue.add(article_suggestions(article(), analysis(), [], [], QueueFilter(), "alice"))
    annotation, unreject, tags = queue.accept_changes(queue.current)
    decision = queue.decide("accept")
    save_accept(library, history, decision, annotation, unreject, tags, "alice")
    # Bob deletes it (the annotations list's x), a step of his own.
    apply_edits(library, History(library), "fund0001", "deleted", [(annotation, None)])
    assert queue.undo() is decision
    assert take_back_accept(library, history, decision) is False
    assert library.annotations("fund0001") == []


def test_undoing_an_accept_still_there_takes_it_back(tmp_path) -> None:
    library = make_library(tmp_path / "lib", [article()])
    history = History(library)
    queue = SuggestionQueue()
    queue.add(article_suggestions(article(), analysis(), [], [], QueueFilter(), "alice"))
    annotation, unreject, tags = queue.accept_changes(queue.current)
    decision = queue.decide("accept")
    save_accept(library, history, decision, annotation, unreject, tags, "alice")
    assert take_back_accept(library, history, decision) is True
    assert library.annotations("fund0001") == []


def test_undoing_a_rejection_gone_meanwhile_takes_back_nothing(tmp_path) -> None:
    library = make_library(tmp_path / "lib", [article()])
    queue = SuggestionQueue()
    queue.annotator = "alice"
    queue.add(article_suggestions(article(), analysis(), [], [], QueueFilter(), "alice"))
    decision = queue.decide("reject")
    save_reject(library, decision, queue.reject_record(decision.item))
    library.save_rejected("fund0001", rejection("bob"))
    assert take_back_reject(library, decision, "alice") is True
    assert [r["annotator"] for r in library.rejected("fund0001")] == ["bob"]
    assert take_back_reject(library, decision, "alice") is False


# -- C3: the queue follows a changed text ---------------------------------------------------


def test_a_changed_text_replaces_the_articles_open_suggestions_in_place() -> None:
    other_body = "Ida Brandt spoke on Monday."
    other = Article(id="other001", title="Other", body=other_body, source="Wire")
    other_analysis = Analysis(
        "test",
        "1",
        sentences=[(0, len(other_body))],
        entities=[entity("Monday", "DATE", other_body)],
    )
    queue = SuggestionQueue()
    queue.add(article_suggestions(article(), analysis(), [], [], QueueFilter()))
    queue.add(article_suggestions(other, other_analysis, [], [], QueueFilter()))
    queue.decide("accept")  # 12%
    assert queue.current.quote == "last year"
    new_body = "Prices rose 12% over the last year. The fund holds 14 million in bonds."
    fresh = article_suggestions(article(new_body), analysis(new_body), [], [], QueueFilter())
    gone = queue.text_changed("fund0001", article(new_body).content_hash, fresh)
    assert gone == 2
    # The decision stays where it was; the open ones are the new text's, and
    # the user is on the same suggestion of the new text.
    assert [i.quote for i in queue.items] == ["12%", "12%", "last year", "14 million", "Monday"]
    assert queue.decided == {0: "accept"}
    assert queue.decisions[0].index == 0
    assert queue.current.article.body == new_body
    assert queue.current.quote == "12%"
    assert queue.open_texts() == {
        "fund0001": article(new_body).content_hash,
        "other001": other.content_hash,
    }


def test_a_changed_text_elsewhere_keeps_the_current_suggestion() -> None:
    other_body = "Ida Brandt spoke on Monday."
    other = Article(id="other001", title="Other", body=other_body, source="Wire")
    other_analysis = Analysis(
        "test",
        "1",
        sentences=[(0, len(other_body))],
        entities=[entity("Monday", "DATE", other_body)],
    )
    queue = SuggestionQueue()
    queue.add(article_suggestions(other, other_analysis, [], [], QueueFilter()))
    queue.add(article_suggestions(article(), analysis(), [], [], QueueFilter()))
    new_body = "Prices rose by 12% last year. The fund holds 14 million in bonds."
    fresh = article_suggestions(article(new_body), analysis(new_body), [], [], QueueFilter())
    assert queue.text_changed("fund0001", article(new_body).content_hash, fresh) == 3
    assert queue.current.quote == "Monday"
    assert [i.quote for i in queue.items] == ["Monday", "12%", "last year", "14 million"]
    assert {i.article.body for i in queue.items[1:]} == {new_body}
