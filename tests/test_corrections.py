"""The user's corrections of the analysis, without a terminal: stored as
annotations, applied over the model's output (also over a recomputed analysis
that cuts sentences and names differently), and built by the reader's E and K."""

from __future__ import annotations

from dataclasses import replace

from newsread.analysis import Analysis, Claim, Entity, Span
from newsread.analysis.corrections import (
    NOT_A_CLAIM,
    apply_corrections,
    correction_of,
    entity_aliases,
)
from newsread.annotations.held_spans import placed_with_spans
from newsread.model import Annotation, Article, new_annotation
from tui.models.correction_edits import (
    claim_role_changes,
    entity_label_changes,
    stale_entity_annotations,
    wrong_claim_changes,
)
from tui.models.reader import ReaderModel

BODY = (
    "Louise Carrow runs Sellin Terminals in Marlow Bay city. "
    "Carrow said the port will open on Thursday.\n\n"
    "The council approved the plan. Prices rose 4 percent."
)
ARTICLE = Article(id="a1", title="Port", body=BODY)


def at(text: str, start: int = 0) -> tuple[int, int]:
    found = BODY.index(text, start)
    return found, found + len(text)


def entity(text: str, label: str, start: int = 0) -> Entity:
    return Entity(*at(text, start), label, text)


def span(text: str, start: int = 0) -> Span:
    return Span(*at(text, start), text)


S1 = at("Louise Carrow runs Sellin Terminals in Marlow Bay city.")
S2 = at("Carrow said the port will open on Thursday.")
S3 = at("The council approved the plan.")
S4 = at("Prices rose 4 percent.")

LOUISE = entity("Louise Carrow", "PERSON")
SELLIN = entity("Sellin Terminals", "PERSON")
MARLOW = entity("Marlow Bay city", "GPE")
CARROW = entity("Carrow", "ORG", S2[0])
THURSDAY = entity("Thursday", "DATE")
CLAIM = Claim(
    *S2,
    "attributed",
    0.7,
    speaker=span("Carrow", S2[0]),
    cue=span("said"),
    content=span("on Thursday"),
)
FACT = Claim(*S3, "factual", 0.8)
STAT = Claim(*S4, "statistic", 0.9)


def analysis(**changes) -> Analysis:
    base = Analysis(
        "test",
        "0",
        [S1, S2, S3, S4],
        [LOUISE, SELLIN, MARLOW, CARROW, THURSDAY],
        [CLAIM, FACT, STAT],
    )
    return replace(base, **changes)


def correction(
    where: tuple[int, int], tags: list[str], data: dict, updated: str = "2030-01-01T00:00:00"
) -> Annotation:
    ann = new_annotation(ARTICLE, *where, tags, data=data)
    return replace(ann, created=updated, updated=updated)


def label_fix(where: tuple[int, int], label: str, was: str | None, **extra) -> Annotation:
    data = {
        "suggestion": {"kind": "entity", "label": label},
        "correction": {"kind": "entity", "label": label, "was": was, **extra},
    }
    return correction(where, [label], data)


def labels(result: Analysis) -> dict[str, str]:
    return {BODY[e.start : e.end]: e.label for e in result.entities}


# -- applying -----------------------------------------------------------------------------


def test_without_corrections_the_analysis_is_the_models():
    model = analysis()
    plain = new_annotation(ARTICLE, *S3, ["check"])
    accepted = correction(at("Thursday"), ["DATE"], {"suggestion": {"kind": "entity"}})
    assert apply_corrections(model, [plain, accepted], BODY) is model


def test_a_corrected_label_replaces_the_models():
    result = apply_corrections(
        analysis(), [label_fix(at("Sellin Terminals"), "ORG", "PERSON")], BODY
    )
    assert labels(result)["Sellin Terminals"] == "ORG"
    assert labels(result)["Louise Carrow"] == "PERSON"
    assert len(result.entities) == 5


def test_a_missed_entity_is_added_and_a_new_span_replaces_the_overlapping_one():
    fixes = [
        label_fix(at("The council"), "ORG", None),
        label_fix(at("Marlow Bay"), "GPE", None),
    ]
    result = apply_corrections(analysis(), fixes, BODY)
    found = labels(result)
    assert found["The council"] == "ORG"
    assert found["Marlow Bay"] == "GPE"
    assert "Marlow Bay city" not in found
    assert [e.start for e in result.entities] == sorted(e.start for e in result.entities)


def test_the_latest_correction_of_a_span_wins():
    first = label_fix(at("Sellin Terminals"), "ORG", "PERSON")
    second = replace(label_fix(at("Sellin Terminals"), "FAC", "PERSON"), updated="2030-02-01")
    for order in ([first, second], [second, first]):
        assert labels(apply_corrections(analysis(), order, BODY))["Sellin Terminals"] == "FAC"


def test_orphaned_corrections_are_not_applied():
    orphan = replace(label_fix(at("Sellin Terminals"), "ORG", "PERSON"), orphan=True)
    assert labels(apply_corrections(analysis(), [orphan], BODY))["Sellin Terminals"] == "PERSON"


def test_claim_roles_are_replaced():
    data = {
        "suggestion": {"kind": "claim", "label": "attributed", "score": 0.7},
        "speaker": {"start": at("Carrow", S2[0])[0], "end": S2[0] + 6, "text": "Carrow"},
        "cue": {"start": at("said")[0], "end": at("said")[1], "text": "said"},
        "content": {**span("the port will open on Thursday").__dict__},
        "correction": {
            "kind": "claim",
            "fields": ["content"],
            "was": {"content": span("on Thursday").__dict__},
        },
    }
    result = apply_corrections(analysis(), [correction(S2, ["attributed"], data)], BODY)
    claim = next(c for c in result.claims if c.start == S2[0])
    assert claim.content == span("the port will open on Thursday")
    assert claim.speaker == span("Carrow", S2[0])
    assert len(result.claims) == 3


def test_a_wrong_claim_is_dropped():
    data = {"correction": {"kind": "claim", "wrong": True, "was": FACT.to_dict()}}
    result = apply_corrections(analysis(), [correction(S3, [NOT_A_CLAIM], data)], BODY)
    assert [(c.start, c.end) for c in result.claims] == [S2, S4]


def test_of_two_claims_in_one_sentence_a_correction_takes_the_one_with_its_cue():
    """Two claims the model found in one sentence ("Carrow said ... and
    promised ...") have the same span: the cue the correction was about tells
    which one it means, marked wrong or given a role."""
    second = Claim(*S2, "attributed", 0.6, speaker=span("Carrow", S2[0]), cue=span("open"))
    model = analysis(claims=[CLAIM, second, FACT, STAT])
    wrong = {"correction": {"kind": "claim", "wrong": True, "was": second.to_dict()}}
    result = apply_corrections(model, [correction(S2, [NOT_A_CLAIM], wrong)], BODY)
    assert [c.cue for c in result.claims if c.start == S2[0]] == [CLAIM.cue]

    roles = {
        "suggestion": {"kind": "claim", "label": "attributed", "score": 0.6},
        "speaker": span("Louise Carrow").__dict__,
        "cue": span("open").__dict__,
        "correction": {"kind": "claim", "fields": ["speaker"], "was": {"speaker": None}},
    }
    result = apply_corrections(model, [correction(S2, ["attributed"], roles)], BODY)
    speakers = {c.cue.text: c.speaker.text for c in result.claims if c.start == S2[0]}
    assert speakers == {"said": "Carrow", "open": "Louise Carrow"}


def test_corrections_still_apply_when_a_recomputed_analysis_splits_differently():
    """A new analysis cuts the second sentence with its paragraph break and the
    name without "city": the user's corrections still land."""
    wrong = correction(
        S3, [NOT_A_CLAIM], {"correction": {"kind": "claim", "wrong": True, "was": {}}}
    )
    speaker_fix = correction(
        S2,
        ["attributed"],
        {
            "suggestion": {"kind": "claim", "label": "attributed", "score": 0.7},
            "speaker": span("Louise Carrow").__dict__,
            "cue": span("said").__dict__,
            "correction": {"kind": "claim", "fields": ["speaker"], "was": {"speaker": None}},
        },
    )
    city = label_fix(at("Marlow Bay city"), "GPE", "ORG")
    longer_s2 = (S2[0], S2[1] + 2)  # the paragraph break taken in
    shorter_s3 = (S3[0], S3[1] - 1)  # the full stop left out
    recomputed = analysis(
        sentences=[S1, longer_s2, shorter_s3, S4],
        entities=[LOUISE, entity("Marlow Bay", "ORG"), CARROW],
        claims=[
            replace(CLAIM, start=longer_s2[0], end=longer_s2[1], speaker=None),
            Claim(*shorter_s3, "factual", 0.8),
            STAT,
        ],
    )
    result = apply_corrections(recomputed, [wrong, speaker_fix, city], BODY)
    assert [(c.start, c.end) for c in result.claims] == [longer_s2, S4]
    assert result.claims[0].speaker == span("Louise Carrow")
    assert labels(result)["Marlow Bay city"] == "GPE"
    assert "Marlow Bay" not in labels(result)


def test_a_wrong_claim_does_not_take_a_merged_neighbour_with_it():
    """Two sentences merged into one claim by a new analysis: one of them being
    no claim does not remove the claim of both."""
    wrong = correction(S4, [NOT_A_CLAIM], {"correction": {"kind": "claim", "wrong": True}})
    merged = analysis(claims=[CLAIM, Claim(S3[0], S4[1], "factual", 0.8)])
    assert len(apply_corrections(merged, [wrong], BODY).claims) == 2


def test_a_claim_the_model_missed_is_added_and_roles_follow_a_moved_text():
    data = {
        "suggestion": {"kind": "claim", "label": "attributed", "score": 1.0},
        # Offsets from before an edit: found again by their text inside the annotation.
        "speaker": {"start": 0, "end": 11, "text": "The council"},
        "correction": {"kind": "claim", "fields": ["speaker"], "was": None},
    }
    result = apply_corrections(analysis(claims=[]), [correction(S3, ["attributed"], data)], BODY)
    assert [(c.start, c.end, c.kind) for c in result.claims] == [(*S3, "attributed")]
    assert result.claims[0].speaker == span("The council")


def test_same_as_maps_a_mention_to_its_entity_and_follows_chains():
    carrow = label_fix(at("Carrow", S2[0]), "PERSON", "ORG", same_as="Louise Carrow")
    lou = replace(
        label_fix(at("Louise"), "PERSON", None, same_as="Carrow"), quote="Louise", id="lou"
    )
    shorter = replace(label_fix(at("Louise"), "PERSON", None, same_as="Louise"), quote="Lou")
    assert entity_aliases([carrow]) == {"Carrow": "Louise Carrow"}
    assert entity_aliases([carrow, lou])["Louise"] == "Louise Carrow"
    aliases = entity_aliases([carrow, lou, shorter])  # Lou → Louise → Carrow → Louise Carrow
    assert aliases["Lou"] == "Louise Carrow"
    # Said both ways round: still an answer, not a loop.
    back = replace(label_fix(at("Louise Carrow"), "PERSON", None, same_as="Carrow"), id="back")
    assert set(entity_aliases([carrow, back])) == {"Carrow", "Louise Carrow"}
    result = apply_corrections(analysis(), [carrow], BODY)
    assert next(e for e in result.entities if e.start == S2[0]).label == "PERSON"


# -- building them -------------------------------------------------------------------------


def reader(annotations: list[Annotation] | None = None) -> ReaderModel:
    model = ReaderModel(ARTICLE, list(annotations or []), [], annotator="ann")
    model.set_analysis(analysis(), "test")
    return model


def test_relabelling_stores_the_models_label_and_replaces_an_acceptance():
    accepted = new_annotation(
        ARTICLE,
        *at("Sellin Terminals"),
        ["PERSON", "check"],
        note="who owns it?",
        data={"suggestion": {"kind": "entity", "label": "PERSON"}},
        annotator="ann",
    )
    model = reader([accepted])
    ((before, after),) = entity_label_changes(model, [SELLIN], "ORG")
    assert before is accepted and after is not None
    assert after.id == accepted.id and after.note == "who owns it?"
    assert after.tags == ["check", "ORG"]
    assert after.data == {
        "suggestion": {"kind": "entity", "label": "ORG"},
        "correction": {"kind": "entity", "label": "ORG", "was": "PERSON"},
    }
    model.apply([(before, after)])
    # Corrected again: the model's label stays what it was.
    ((_, again),) = entity_label_changes(model, model.visible_entities()[1:2], "FAC")
    assert correction_of(again) == {"kind": "entity", "label": "FAC", "was": "PERSON"}


def test_a_new_span_removes_the_annotators_entities_it_overlaps():
    mine = new_annotation(
        ARTICLE,
        *at("Marlow Bay city"),
        ["GPE"],
        data={"suggestion": {"kind": "entity", "label": "GPE"}},
        annotator="ann",
    )
    theirs = replace(mine, id="theirs", annotator="bob")
    model = reader([mine, theirs])
    assert stale_entity_annotations(model, at("Marlow Bay")) == [(mine, None)]


def test_claim_role_and_wrong_claim_changes():
    model = reader()
    new_speaker = span("Louise Carrow")
    ((_, fixed),) = claim_role_changes(model, CLAIM, "speaker", new_speaker)
    assert fixed.tags == ["attributed"] and (fixed.start, fixed.end) == S2
    assert fixed.data["speaker"] == new_speaker.__dict__
    assert fixed.data["correction"] == {
        "kind": "claim",
        "fields": ["speaker"],
        "was": {"speaker": span("Carrow", S2[0]).__dict__},
    }
    model.apply([(None, fixed)])
    claim = next(c for c in model.visible_claims() if c.start == S2[0])
    assert claim.speaker == new_speaker
    # A second field is added to the same annotation.
    ((before, after),) = claim_role_changes(model, claim, "content", None)
    assert before is fixed and "content" not in after.data
    assert after.data["correction"]["fields"] == ["speaker", "content"]
    assert after.data["correction"]["was"]["content"] == span("on Thursday").__dict__
    # Naming a speaker makes a factual sentence an attributed claim.
    ((_, named),) = claim_role_changes(model, FACT, "speaker", span("The council"))
    assert named.tags == ["attributed"]
    assert named.data["suggestion"]["label"] == "attributed"
    # Wrong: the accepted claim annotation becomes the not-a-claim one.
    model.apply([(before, after)])
    ((gone, wrong),) = wrong_claim_changes(model, claim)
    assert gone is not None and gone.id == wrong.id
    assert wrong.tags == [NOT_A_CLAIM]
    assert wrong.data["correction"]["wrong"] is True
    assert wrong.data["correction"]["was"]["content"] == span("on Thursday").__dict__
    model.apply([(gone, wrong)])
    assert S2 not in [(c.start, c.end) for c in model.visible_claims()]


def test_a_claim_only_the_user_added_is_taken_back_not_marked_wrong():
    model = reader()
    model.analysis = analysis(claims=[])
    new = Claim(*S3, "attributed", 1.0)
    ((_, added),) = claim_role_changes(model, new, "speaker", span("The council"), new=True)
    assert added.data["correction"]["was"] is None
    model.apply([(None, added)])
    assert [(c.start, c.end) for c in model.visible_claims()] == [S3]
    assert wrong_claim_changes(model, model.visible_claims()[0]) == [(added, None)]


# -- the spans in a correction move with it ----------------------------------------------


def _role_spans(data: dict, body: str) -> list[tuple[str, str]]:
    """(stored text, the body's text at the stored offsets) for every span in data."""
    found = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("text"), str) and isinstance(item.get("start"), int):
                found.append((item["text"], body[item["start"] : item["end"]]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _claim_correction(body: str) -> Annotation:
    sentence = "Hale said the plan was rushed, and Hale said so twice."
    start = body.index(sentence)

    def role(text: str, after: int = 0) -> dict:
        at = body.index(text, start + after)
        return {"start": at, "end": at + len(text), "text": text}

    model_content = role("the plan was rushed, and Hale said so twice")
    ann = new_annotation(
        Article(id="a9", title="t", body=body), start, start + len(sentence), ["attributed"]
    )
    ann.data = {
        "suggestion": {"kind": "claim", "label": "attributed", "score": 0.9},
        # The second "Hale" and "said": the same words stand earlier in the claim.
        "speaker": role("Hale", 30),
        "cue": role("said", 30),
        "content": role("the plan was rushed"),
        "correction": {
            "kind": "claim",
            "fields": ["content"],
            "was": {"speaker": role("Hale"), "content": model_content},
        },
    }
    return ann


def test_moving_a_correction_moves_the_spans_in_its_data():
    body = "Intro.\n\nHale said the plan was rushed, and Hale said so twice."
    ann = _claim_correction(body)
    new_body = "A longer intro line.\n\n" + body[len("Intro.\n\n") :]
    shift = len(new_body) - len(body)
    moved = placed_with_spans(ann, new_body, ann.start + shift, ann.end + shift)
    assert [stored for stored, there in _role_spans(moved.data, new_body) if stored != there] == []
    # The repeated words keep their place in the claim, not the first occurrence.
    assert moved.data["speaker"]["start"] == ann.data["speaker"]["start"] + shift
    assert moved.data["cue"]["start"] == ann.data["cue"]["start"] + shift


def test_a_re_import_keeps_a_corrected_claims_spans_on_their_words(tmp_path):
    from storage.imports import import_paths
    from storage.library import Library

    story = (
        "Council delays the vote\n\n"
        "The council met on Tuesday.\n\n"
        "Hale said the plan was rushed, and Hale said so twice.\n"
    )
    source = tmp_path / "story.txt"
    source.write_text(story)
    library = Library(tmp_path / "lib")
    _, [article] = import_paths(library, [str(source)])
    ann = _claim_correction(article.body)
    library.save_annotation(replace(ann, article_id=article.id))
    source.write_text(story.replace("met on Tuesday", "met late on a rainy Tuesday"))
    summary, _ = import_paths(library, [str(source)])
    assert summary.updated == [article.id]
    body = library.get_article(article.id).body
    [stored] = library.annotations(article.id)
    assert not stored.orphan
    assert body[stored.start : stored.end] == stored.quote
    spans = _role_spans(stored.data, body)
    assert len(spans) == 5
    assert [stored for stored, there in spans if stored != there] == []


# -- a correction is its own annotation -----------------------------------------------------


def test_a_tag_and_a_correction_on_one_span_are_stored_apart(tmp_path):
    from newsread.analysis.corrections import kept_apart, left_by_delete, stacked_tags
    from storage.edits import apply_edits, tag_passage
    from storage.library import Library

    library = Library(tmp_path / "lib")
    library.save_articles([ARTICLE])
    where = at("The council approved the plan.")
    fix = new_annotation(
        ARTICLE,
        *where,
        [NOT_A_CLAIM],
        data={"correction": {"kind": "claim", "wrong": True, "was": {"start": 0, "end": 1}}},
    )
    apply_edits(library, None, "a1", "not a claim", [(None, fix)])
    tagged = tag_passage(library, None, "a1", *where, ["figure"])
    assert not tagged.merged
    assert sorted(a.tags for a in library.annotations("a1")) == [["figure"], [NOT_A_CLAIM]]
    # A new correction on a tagged span is not merged into the tag either.
    entity = new_annotation(
        ARTICLE,
        *at("Sellin Terminals"),
        ["ORG"],
        data={"correction": {"kind": "entity", "label": "ORG", "was": None}},
    )
    tag = new_annotation(ARTICLE, *at("Sellin Terminals"), ["check"])
    apply_edits(library, None, "a1", "tag", [(None, tag)])
    apply_edits(library, None, "a1", "entity", [(None, entity)])
    assert len(library.annotations("a1")) == 4
    assert kept_apart(tag, entity, BODY) and not kept_apart(tag, replace(tag, id="x"), BODY)
    # An old library's mixed annotation: x takes the tags, keeps the correction.
    mixed = replace(fix, tags=["figure", NOT_A_CLAIM])
    assert stacked_tags(mixed) == ["figure"]
    left = left_by_delete(mixed)
    assert left is not None and left.tags == [NOT_A_CLAIM] and left.data == fix.data
    assert left_by_delete(fix) is None and left_by_delete(tag) is None
