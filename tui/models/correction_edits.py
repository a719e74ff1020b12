"""Building the reader's corrections (its E and K keys): the annotation
changes that relabel an entity, give a claim a role or mark it wrong. How they
are stored and applied over an analysis is in ``newsread.analysis.corrections``; this
half needs the reader model, which itself applies them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsread.analysis import Claim, Entity, Span
from newsread.analysis.attributions.words import RELATIVE_PRONOUNS, SPEAKER_PRONOUNS
from newsread.analysis.corrections import (
    CORRECTION,
    NOT_A_CLAIM,
    ROLES,
    correction_of,
    model_cue,
    overlap,
    same_claim,
    stored_role,
    suggested_label,
)
from newsread.analysis.records import ATTRIBUTED, FACTUAL, STATISTIC
from newsread.annotations.tagnames import existing_spelling, tag_key
from newsread.model import Annotation, now_iso, same_hand
from tui.models.reader import Change, ReaderModel, span_record

_SPEAKERLESS_KINDS = (FACTUAL, STATISTIC)


def claim_with_role(claim: Claim, role: str, span: Span | None) -> Claim:
    """The claim with one role replaced (or removed with None)."""
    changed = replace(claim, **{role: span})
    if role == "content":
        # The parts were the model's content's; the user's is one run of words.
        changed = replace(changed, content_parts=None)
    if role == "speaker":
        # It resolved the old speaker's pronoun, not the new one's.
        changed = replace(changed, speaker_resolved=None)
        if span is not None and claim.kind in _SPEAKERLESS_KINDS:
            changed = replace(changed, kind=ATTRIBUTED)
    return changed


def _entity_record(entity: Entity) -> dict[str, Any]:
    return {"start": entity.start, "end": entity.end, "text": entity.text, "label": entity.label}


def _suggestion_kind(ann: Annotation) -> str | None:
    suggestion = ann.data.get("suggestion")
    return suggestion.get("kind") if isinstance(suggestion, dict) else None


def _mine_on(model: ReaderModel, span: tuple[int, int], kind: str) -> Annotation | None:
    """This annotator's accepted or corrected suggestion of ``kind`` on exactly
    ``span``: a correction replaces it instead of being stacked on it."""
    return next(
        (
            a
            for a in model.annotations
            if (a.start, a.end) == span
            and not a.orphan
            and same_hand(a, model.annotator)
            and (_suggestion_kind(a) == kind or (correction_of(a) or {}).get("kind") == kind)
        ),
        None,
    )


def _claim_annotations(model: ReaderModel, claim: Claim) -> tuple[list[Annotation], bool]:
    """This annotator's accepted or corrected claims on ``claim``'s span, and
    whether that span (a sentence) holds more than one claim."""
    where = (claim.start, claim.end)
    mine = [
        a
        for a in model.annotations
        if (a.start, a.end) == where
        and not a.orphan
        and same_hand(a, model.annotator)
        and (_suggestion_kind(a) == "claim" or (correction_of(a) or {}).get("kind") == "claim")
    ]
    raw = model.analysis.claims if model.analysis else []
    shared = max(
        sum((c.start, c.end) == where for c in raw),
        sum((c.start, c.end) == where for c in model.visible_claims()),
    )
    return mine, shared > 1


def _claim_annotation(model: ReaderModel, claim: Claim) -> Annotation | None:
    """This annotator's accepted or corrected claim on ``claim``'s span that is
    about this claim: when the sentence holds several claims (the same span),
    the one with its cue, so correcting one never rewrites the other's."""
    mine, shared = _claim_annotations(model, claim)
    if not shared:
        return mine[0] if mine else None
    cue = None if claim.cue is None else (claim.cue.start, claim.cue.end)
    for ann in mine:
        # Its cue as shown now, or the model's it was about.
        known = [stored_role(ann, "cue", model.body), model_cue(ann, model.body)]
        if cue is None:
            if not any(known) and not (correction_of(ann) or {}).get("wrong"):
                return ann
        elif any(k is not None and overlap(cue, (k.start, k.end)) for k in known):
            return ann
    return None


def _model_claim(model: ReaderModel, claim: Claim, old: Annotation | None) -> Claim:
    """The model's claim ``claim`` is (as shown, it may be corrected): the one
    on its span with the model's cue when the sentence holds several."""
    raw = model.analysis.claims if model.analysis else []
    where = (claim.start, claim.end)
    here = [c for c in raw if (c.start, c.end) == where]
    cue = model_cue(old, model.body) if old is not None else claim.cue
    for candidate in here:
        if (
            cue is not None
            and candidate.cue is not None
            and overlap((cue.start, cue.end), (candidate.cue.start, candidate.cue.end))
        ):
            return candidate
    return here[0] if here else claim


def _model_label(model: ReaderModel, span: tuple[int, int]) -> str | None:
    raw = model.analysis.entities if model.analysis else []
    return next((e.label for e in raw if (e.start, e.end) == span), None)


def _rewritten(
    model: ReaderModel,
    old: Annotation | None,
    span: tuple[int, int],
    drop: set[str],
    label: str,
    data: dict[str, Any],
) -> Change:
    """A change putting ``label`` and ``data`` on ``span``: a new annotation, or
    ``old`` with its label tag swapped (its note and other tags kept). The tag
    is spelled as the library spells it, as an accepted suggestion's is;
    ``data`` keeps the model's label."""
    tag = _spelled(model, label)
    if old is None:
        return None, model.make_annotation(span, [tag], data=data)
    model.ensure_tags([tag])
    return old, replace(
        old, tags=_swapped(old.tags, drop, tag), data={**_kept_data(old), **data}, updated=now_iso()
    )


def _spelled(model: ReaderModel, label: str) -> str:
    """``label`` as the library spells that tag (a hand-made ``person`` for the
    model's ``PERSON``): one tag, not two beside each other."""
    return existing_spelling(model.tags, label) or label


def _swapped(tags: list[str], drop: set[str], tag: str) -> list[str]:
    """``tags`` without any spelling of ``drop``'s and ``tag``, then ``tag``."""
    gone = {tag_key(t) for t in (*drop, tag)}
    return [*(t for t in tags if tag_key(t) not in gone), tag]


def _kept_data(old: Annotation) -> dict[str, Any]:
    return {k: v for k, v in old.data.items() if k not in (*ROLES, "speaker_resolved")}


def entity_label_changes(
    model: ReaderModel,
    mentions: list[Entity],
    label: str,
    same_as: str | None = None,
    replaces: list[Entity] | None = None,
) -> list[Change]:
    """Each mention labelled ``label`` (and, with ``same_as``, said to be that
    entity), one annotation per mention: each is a training example."""
    changes: list[Change] = []
    for entity in mentions:
        span = (entity.start, entity.end)
        old = _mine_on(model, span, "entity")
        previous = correction_of(old) if old is not None else None
        if previous is not None and previous.get("kind") == "entity":
            was = previous.get("was")  # the model's, however often it was corrected
        else:
            was = _model_label(model, span)
        correction: dict[str, Any] = {"kind": "entity", "label": label, "was": was}
        if same_as:
            correction["same_as"] = same_as
        if replaces:
            correction["replaces"] = [_entity_record(e) for e in replaces]
        data = {"suggestion": {"kind": "entity", "label": label}, CORRECTION: correction}
        drop = {entity.label, suggested_label(old) or ""} if old is not None else set()
        changes.append(_rewritten(model, old, span, drop, label, data))
    return changes


def stale_entity_annotations(model: ReaderModel, span: tuple[int, int]) -> list[Change]:
    """This annotator's entity acceptances and corrections overlapping ``span``
    but not on it: a new span for the same words replaces them, or the export
    would hold both."""
    return [
        (a, None)
        for a in model.annotations
        if not a.orphan
        and same_hand(a, model.annotator)
        and (a.start, a.end) != span
        and overlap((a.start, a.end), span)
        and (_suggestion_kind(a) == "entity" or (correction_of(a) or {}).get("kind") == "entity")
    ]


def claim_role_changes(
    model: ReaderModel, claim: Claim, role: str, span: Span | None, new: bool = False
) -> list[Change]:
    """The claim with ``role`` set to ``span`` (None: no such role), kept as one
    annotation on the claim's span. ``new``: a claim the model did not find."""
    where = (claim.start, claim.end)
    old = _claim_annotation(model, claim)
    previous = correction_of(old) if old is not None else None
    changed = claim_with_role(claim, role, span)
    fields = list(previous.get("fields", [])) if previous else []
    was = previous.get("was") if previous is not None else ({} if not new else None)
    if isinstance(was, dict) and role not in was:
        # The model's, the first time this role is corrected.
        was = {**was, role: span_record(getattr(claim, role))}
    if role not in fields:
        fields.append(role)
    record = changed.to_dict()
    data: dict[str, Any] = {
        "suggestion": {"kind": "claim", "label": changed.kind, "score": changed.score}
    }
    kept = (*ROLES, "speaker_resolved", "content_parts")
    data.update({k: record[k] for k in kept if record.get(k) is not None})
    data[CORRECTION] = {"kind": "claim", "fields": fields, "was": was}
    drop = {claim.kind, NOT_A_CLAIM, suggested_label(old) or ""} if old is not None else set()
    return [_rewritten(model, old, where, drop, changed.kind, data)]


def wrong_claim_changes(model: ReaderModel, claim: Claim) -> list[Change]:
    """The claim marked as no claim; a claim only the user had added is simply
    taken back."""
    where = (claim.start, claim.end)
    old = _claim_annotation(model, claim)
    previous = correction_of(old) if old is not None else None
    raw = model.analysis.claims if model.analysis else []
    only_the_users = previous is not None and previous.get("was") is None
    if old is not None and only_the_users and not any(same_claim(c, where) >= 0.5 for c in raw):
        return [(old, None)]
    model_claim = _model_claim(model, claim, old)
    data = {CORRECTION: {"kind": "claim", "wrong": True, "was": model_claim.to_dict()}}
    tag = _spelled(model, NOT_A_CLAIM)
    if old is None:
        return [(None, model.make_annotation(where, [tag], data=data))]
    drop = {claim.kind, suggested_label(old) or ""}
    model.ensure_tags([tag])
    return [(old, replace(old, tags=_swapped(old.tags, drop, tag), data=data, updated=now_iso()))]


#: The most earlier speakers and people ``antecedents`` offers.
ANTECEDENTS = 12


def is_pronoun_speaker(claim: Claim) -> bool:
    """Whether the claim's speaker is a pronoun ("She added ...") that the
    analysis resolves (or could) to someone named before."""
    return claim.speaker is not None and claim.speaker.text.lower() in SPEAKER_PRONOUNS


def antecedents(claim: Claim, claims: list[Claim], entities: list[Entity]) -> list[Span]:
    """Who a pronoun speaker may stand for, nearest first: the speakers of the
    claims before it (a name or a description, "The lead inspector") and the
    people named before it, each text once."""
    found: list[Span] = []
    for other in claims:
        if other.end > claim.start or other is claim:
            continue
        who = other.speaker
        if who is not None and is_pronoun_speaker(other):
            who = other.speaker_resolved
        if who is not None and who.text.lower() not in RELATIVE_PRONOUNS:
            found.append(who)
    found += [
        Span(e.start, e.end, e.text)
        for e in entities
        if e.label == "PERSON" and e.end <= (claim.speaker or claim).start
    ]
    found.sort(key=lambda s: -s.start)
    seen: set[str] = set()
    out: list[Span] = []
    for span in found:
        if span.text not in seen:
            seen.add(span.text)
            out.append(span)
    return out[:ANTECEDENTS]
