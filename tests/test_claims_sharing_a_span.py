"""Two claims with one span (a sentence with two reporting cues: "The company
disputes the figure and says ..."): accepting or rejecting one affects that one
only, in the reader's model, in storage, through undo, export and import, and
again over an analysis made anew. Rejections stored before a claim's rejection
kept its cue still hide every claim of their span."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from newsread.analysis import Analysis, Claim, Span
from newsread.annotations.formats.reading import parse_annotation_file
from newsread.model import Article
from storage.annotation_import import import_annotations
from storage.edits import apply_edits
from storage.history import History
from storage.library import Library
from tui.cli import export_document
from tui.models.reader import ReaderModel

BODY = (
    "The union said the operator plans to cut jobs. The company disputes the figure "
    "and says no permanent staff will be made redundant."
)
ARTICLE = Article(id="twocues01", title="Two cues", body=BODY)
SENTENCE = (BODY.index("The company"), len(BODY))


def _span(text: str, after: int = 0) -> Span:
    at = BODY.index(text, after)
    return Span(at, at + len(text), text)


COMPANY = _span("The company")
DISPUTES = Claim(
    *SENTENCE, "attributed", 0.8, COMPANY, _span("disputes"), _span("the figure", SENTENCE[0])
)
SAYS = Claim(
    *SENTENCE,
    "attributed",
    0.7,
    COMPANY,
    _span("says"),
    _span("no permanent staff will be made redundant"),
)


def _analysis(*claims: Claim) -> Analysis:
    sentences = [(0, SENTENCE[0] - 1), SENTENCE]
    return Analysis("test", "1", sentences, [], list(claims))


def _reader(rejected: list | None = None, annotations: list | None = None) -> ReaderModel:
    reader = ReaderModel(ARTICLE, list(annotations or []), [], rejected)
    reader.set_analysis(_analysis(DISPUTES, SAYS), "")
    return reader


def _cues(claims: list[Claim]) -> list[str]:
    return sorted(c.cue.text for c in claims if c.cue is not None)


# -- the reader's model ------------------------------------------------------------------------


def test_rejecting_one_claim_of_a_span_hides_that_one_only():
    reader = _reader()
    record = reader.reject("claim", SAYS)
    assert record["cue"] == {"start": SAYS.cue.start, "end": SAYS.cue.end, "text": "says"}
    assert _cues(reader.visible_claims()) == ["disputes"]
    # Accepting the other takes back no rejection but its own.
    assert reader.unreject([("claim", DISPUTES)]) == [
        ("claim", *SENTENCE, (DISPUTES.cue.start, DISPUTES.cue.end))
    ]
    assert reader.rejected == [record]
    # Taking back the rejection of the one rejected.
    reader.unreject([("claim", SAYS)])
    assert _cues(reader.visible_claims()) == ["disputes", "says"]


def test_a_rejection_stored_before_claims_kept_their_cue_still_hides_the_span():
    old = {"kind": "claim", "label": "attributed", "start": SENTENCE[0], "end": SENTENCE[1]}
    reader = _reader(rejected=[dict(old, text=BODY[SENTENCE[0] :], rejected="")])
    assert reader.visible_claims() == []
    # Accepting either takes it back (it was about both).
    reader.unreject([("claim", SAYS)])
    assert _cues(reader.visible_claims()) == ["disputes", "says"]


def test_accepting_one_claim_of_a_span_leaves_the_other_open():
    reader = _reader()
    accepted = reader.suggestion_annotation(SAYS)
    reader.apply([(None, accepted)])
    assert reader.already_accepted(SAYS, "attributed")
    assert not reader.already_accepted(DISPUTES, "attributed")
    assert [c.cue.text for c in reader.claims_sharing(DISPUTES)] == ["disputes", "says"]


def test_decisions_follow_their_claim_into_an_analysis_made_anew():
    """A new analysis (other rules) cuts the cues a word wider: each decision
    still lands on its own claim."""
    reader = _reader()
    record = reader.reject("claim", SAYS)
    accepted = reader.suggestion_annotation(DISPUTES)
    again = ReaderModel(ARTICLE, [accepted], [], [record])
    wider = Span(DISPUTES.cue.start - len("company "), DISPUTES.cue.end, "company disputes")
    also = Span(SAYS.cue.start - len("and "), SAYS.cue.end, "and says")
    again.set_analysis(_analysis(replace(DISPUTES, cue=wider), replace(SAYS, cue=also)), "")
    (shown,) = again.visible_claims()
    assert shown.cue == wider
    assert again.already_accepted(shown, "attributed")


# -- storage, undo, export and import ---------------------------------------------------------


def _library(root: Path) -> Library:
    library = Library(root)
    library.save_articles([ARTICLE])
    return library


def _claim_cues(library: Library) -> list[str]:
    return sorted(a.data["cue"]["text"] for a in library.annotations(ARTICLE.id))


def test_two_claims_accepted_are_stored_apart_and_undone_one_at_a_time(tmp_path):
    library = _library(tmp_path / "lib")
    history = History(library)
    reader = _reader()
    for claim in (SAYS, DISPUTES):
        ann = reader.suggestion_annotation(claim)
        apply_edits(library, history, ARTICLE.id, f"accepted {claim.cue.text}", [(None, ann)])
    # The second was merged into the first: the first's roles were gone.
    assert _claim_cues(library) == ["disputes", "says"]
    history.undo()
    assert _claim_cues(library) == ["says"]
    # A tag on the sentence still goes onto the annotation there.
    tagged = replace(reader.suggestion_annotation(DISPUTES), tags=["check"], data={})
    apply_edits(library, history, ARTICLE.id, "tagged", [(None, tagged)])
    (only,) = library.annotations(ARTICLE.id)
    assert only.tags == ["attributed", "check"] and only.data["cue"]["text"] == "says"
    library.close()


def test_rejections_of_two_claims_of_a_span_are_stored_apart(tmp_path):
    library = _library(tmp_path / "lib")
    reader = _reader()
    says, disputes = reader.reject("claim", SAYS), reader.reject("claim", DISPUTES)
    library.save_rejected(ARTICLE.id, says)
    library.save_rejected(ARTICLE.id, disputes)
    library.save_rejected(ARTICLE.id, dict(says, rejected="later"))  # the same one again
    stored = library.rejected(ARTICLE.id)
    assert sorted(r["cue"]["text"] for r in stored) == ["disputes", "says"]
    assert next(r for r in stored if r["cue"]["text"] == "says")["rejected"] == "later"
    # Accepting one takes back its own rejection only.
    library.unreject(ARTICLE.id, reader.unreject([("claim", DISPUTES)]))
    assert [r["cue"]["text"] for r in library.rejected(ARTICLE.id)] == ["says"]
    library.close()


def test_export_and_import_keep_two_claims_of_a_span_apart(tmp_path):
    source = _library(tmp_path / "a")
    reader = _reader()
    for claim in (SAYS, DISPUTES):
        ann = reader.suggestion_annotation(claim)
        apply_edits(source, None, ARTICLE.id, "accepted", [(None, ann)])
    source.save_rejected(ARTICLE.id, reader.reject("claim", SAYS))
    document = export_document(source)
    source.close()
    (rejected,) = document["rejected_suggestions"]
    assert rejected["cue"] == {"start": SAYS.cue.start, "end": SAYS.cue.end, "text": "says"}
    assert sorted(a["data"]["cue"]["text"] for a in document["annotations"]) == [
        "disputes",
        "says",
    ]

    path = tmp_path / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    target = _library(tmp_path / "b")
    report = import_annotations(target, [parse_annotation_file(path.read_bytes())])
    assert (report.added, report.merged, report.rejected_added) == (2, 0, 1)
    assert _claim_cues(target) == ["disputes", "says"]
    (kept,) = target.rejected(ARTICLE.id)
    assert kept["cue"]["text"] == "says"
    imported = ReaderModel(ARTICLE, target.annotations(ARTICLE.id), [], [kept])
    imported.set_analysis(_analysis(DISPUTES, SAYS), "")
    assert _cues(imported.visible_claims()) == ["disputes"]
    # Imported again: nothing new.
    report = import_annotations(target, [parse_annotation_file(path.read_bytes())])
    assert (report.added, report.rejected_added, report.rejected_unchanged) == (0, 0, 1)
    target.close()
