"""The user's corrections of the analysis: kept as annotations, shown instead of
the model's output, and applied again to whatever analysis comes next.

A correction is an ordinary annotation (so it is saved, undone, re-anchored on
a re-import, exported and merged like any other) whose ``data`` has a
``"correction"`` object saying what was corrected and what the model had:

- an entity's label, or a new entity on words the model missed: tags
  ``[LABEL]``, ``data = {"suggestion": {"kind": "entity", "label": LABEL},
  "correction": {"kind": "entity", "label": LABEL, "was": OLD_LABEL or None}}``
  (the ``suggestion`` is what puts it in the spaCy export's ``doc.ents``); a
  new span over the model's also lists what it replaces
  (``"replaces": [{"start", "end", "text", "label"}]``);
- one entity the same as another ("Carrow" is "Louise Carrow"): the same,
  with ``"same_as": "Louise Carrow"`` and the label of that entity;
- a claim's speaker, cue or content: on the claim's span, tags ``[KIND]``,
  ``data`` as an accepted claim has it (``suggestion``, ``speaker``, ``cue``,
  ``content`` as ``{"start", "end", "text"}``) plus ``"correction": {"kind":
  "claim", "fields": ["speaker", ...], "was": {"speaker": the model's span or
  None, ...}}`` (``"was": None`` for a claim the model did not find);
- a claim that is no claim: tags ``["not-a-claim"]``, ``"correction":
  {"kind": "claim", "wrong": true, "was": the model's claim}``.

``apply_corrections`` matches corrections to the analysis by overlap, not by
exact offsets: a recomputed analysis (new rules, another pipeline) that cuts a
name or a sentence slightly differently still gets the user's answer. Pure
Python: the reader model and the tests use it without a terminal.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsread.analysis import Analysis, Claim, Entity, Span
from newsread.analysis.records import ATTRIBUTED, FACTUAL, STATISTIC
from newsread.model import Annotation, now_iso, same_hand

if TYPE_CHECKING:
    from tui.models.reader import Change, ReaderModel

CORRECTION = "correction"
NOT_A_CLAIM = "not-a-claim"
ROLES = ("speaker", "cue", "content")

#: The labels the entity chooser offers (spaCy's OntoNotes scheme), each with
#: the few words that tell them apart.
ENTITY_LABELS: dict[str, str] = {
    "PERSON": "people, real or fictional",
    "ORG": "companies, agencies, institutions, teams",
    "GPE": "countries, cities, states",
    "LOC": "other places: rivers, mountains, regions",
    "NORP": "nationalities, religious or political groups",
    "FAC": "buildings, airports, ports, bridges, roads",
    "PRODUCT": "objects, vehicles, chips, software",
    "EVENT": "named storms, wars, sports events",
    "WORK_OF_ART": "titles of books, songs, reports",
    "LAW": "named laws and treaties",
    "LANGUAGE": "named languages",
    "DATE": "dates and periods",
    "TIME": "times of day",
    "PERCENT": "percentages",
    "MONEY": "amounts of money",
    "QUANTITY": "measurements: weight, distance",
    "ORDINAL": "first, second, …",
    "CARDINAL": "other numbers",
}

# A claim with someone to say it is attributed: the kinds that name nobody
# become that kind once the user names the speaker.
_SPEAKERLESS_KINDS = (FACTUAL, STATISTIC)
#: What a claim the model missed scores: the user says it is one.
USER_CLAIM_SCORE = 1.0


# -- reading corrections --------------------------------------------------------------


def correction_of(ann: Annotation) -> dict[str, Any] | None:
    """The annotation's correction, when it is one (and well formed enough to use)."""
    found = ann.data.get(CORRECTION) if isinstance(ann.data, dict) else None
    if isinstance(found, dict) and found.get("kind") in ("entity", "claim"):
        return found
    return None


def corrections(annotations: list[Annotation]) -> list[Annotation]:
    """The placed corrections, oldest change first: a later one wins where two
    disagree."""
    found = [a for a in annotations if not a.orphan and correction_of(a) is not None]
    return sorted(found, key=lambda a: (a.updated or a.created, a.created))


def corrections_key(annotations: list[Annotation]) -> tuple[tuple[Any, ...], ...]:
    """Changes whenever the corrections do: what the reader caches on (asked on
    every cursor move, so it only filters, never sorts). The data itself, not
    the time stamp: two changes within a second have the same one."""
    return tuple(
        (a.id, a.start, a.end, a.orphan, a.updated, a.data)
        for a in annotations
        if correction_of(a) is not None
    )


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _same_claim(claim: Claim, span: tuple[int, int]) -> float:
    """How much a claim and a corrected span are the same sentence: the overlap
    over the longer of the two. A sentence split or merged differently by a new
    analysis still scores high; a neighbouring sentence merged in does not
    make the pair count as the same."""
    longest = max(claim.end - claim.start, span[1] - span[0], 1)
    return _overlap((claim.start, claim.end), span) / longest


def _role_span(stored: Any, ann: Annotation, body: str) -> Span | None:
    """A stored role span on the text as it is now: where it was, else its text
    inside the annotation (a re-import re-anchors the annotation, not the
    offsets in its data), else nothing."""
    span = Span.from_dict(stored) if isinstance(stored, dict) else None
    if span is None or not span.text:
        return None
    if body[span.start : span.end] == span.text:
        return span
    at = body.find(span.text, ann.start, ann.end)
    return Span(at, at + len(span.text), span.text) if at >= 0 else None


# -- applying them --------------------------------------------------------------------


def apply_corrections(analysis: Analysis, annotations: list[Annotation], body: str) -> Analysis:
    """The analysis as the user corrected it: entity labels replaced, missed
    entities added, claims' roles replaced, wrong claims dropped."""
    found = corrections(annotations)
    if not found:
        return analysis
    entities = list(analysis.entities)
    claims = list(analysis.claims)
    for ann in found:
        correction = correction_of(ann) or {}
        if correction["kind"] == "entity":
            entities = _corrected_entities(entities, ann, correction)
        else:
            claims = _corrected_claims(claims, ann, correction, body)
    entities.sort(key=lambda e: (e.start, e.end))
    claims.sort(key=lambda c: (c.start, c.end))
    return replace(analysis, entities=entities, claims=claims)


def _corrected_entities(
    entities: list[Entity], ann: Annotation, correction: dict[str, Any]
) -> list[Entity]:
    label = correction.get("label") or _suggested_label(ann)
    if not isinstance(label, str) or not label:
        return entities
    # The user's words win: any entity the model cut over them gives way.
    span = (ann.start, ann.end)
    kept = [e for e in entities if not _overlap((e.start, e.end), span)]
    return [*kept, Entity(ann.start, ann.end, label, ann.quote)]


def _suggested_label(ann: Annotation) -> str | None:
    suggestion = ann.data.get("suggestion")
    return suggestion.get("label") if isinstance(suggestion, dict) else None


def _corrected_claims(
    claims: list[Claim], ann: Annotation, correction: dict[str, Any], body: str
) -> list[Claim]:
    span = (ann.start, ann.end)
    scored = [(_same_claim(c, span), i) for i, c in enumerate(claims)]
    matches = [i for score, i in scored if score >= 0.5]
    if correction.get("wrong"):
        return [c for i, c in enumerate(claims) if i not in matches]
    roles = {role: _role_span(ann.data.get(role), ann, body) for role in ROLES}
    resolved = _role_span(ann.data.get("speaker_resolved"), ann, body)
    suggestion = ann.data.get("suggestion")
    suggestion = suggestion if isinstance(suggestion, dict) else {}
    if not matches:
        kind = suggestion.get("label") or ATTRIBUTED
        score = float(suggestion.get("score", USER_CLAIM_SCORE))
        added = Claim(ann.start, ann.end, kind, score, speaker_resolved=resolved, **roles)
        return [*claims, added]
    best = max(matches, key=lambda i: _same_claim(claims[i], span))
    # The model's span stays: it is the sentence the cursor steps onto.
    claim = replace(
        claims[best],
        kind=suggestion.get("label") or claims[best].kind,
        speaker_resolved=resolved,
        **roles,
    )
    return [claim if i == best else c for i, c in enumerate(claims)]


def entity_aliases(annotations: list[Annotation]) -> dict[str, str]:
    """Mention text → the name of the entity the user said it is ("Carrow" →
    "Louise Carrow"), chains followed ("Lou" → "Carrow" → "Louise Carrow")."""
    direct: dict[str, str] = {}
    for ann in corrections(annotations):
        correction = correction_of(ann) or {}
        target = correction.get("same_as")
        is_name = isinstance(target, str) and bool(target) and target != ann.quote
        if correction["kind"] == "entity" and is_name:
            direct[ann.quote] = str(target)
    resolved: dict[str, str] = {}
    for name in direct:
        seen = {name}
        at = direct[name]
        while at in direct and direct[at] not in seen:
            seen.add(at)
            at = direct[at]
        resolved[name] = at
    return resolved


# -- building them (the reader's E and K) -----------------------------------------------


def claim_with_role(claim: Claim, role: str, span: Span | None) -> Claim:
    """The claim with one role replaced (or removed with None)."""
    changed = replace(claim, **{role: span})
    if role == "speaker":
        # It resolved the old speaker's pronoun, not the new one's.
        changed = replace(changed, speaker_resolved=None)
        if span is not None and claim.kind in _SPEAKERLESS_KINDS:
            changed = replace(changed, kind=ATTRIBUTED)
    return changed


def _span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


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
    ``old`` with its label tag swapped (its note and other tags kept)."""
    if old is None:
        return None, model.make_annotation(span, [label], data=data)
    tags = [t for t in old.tags if t not in drop and t != label]
    model.ensure_tags([label])
    extra = {k: v for k, v in old.data.items() if k not in (*ROLES, "speaker_resolved")}
    return old, replace(old, tags=[*tags, label], data={**extra, **data}, updated=now_iso())


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
        drop = {entity.label, _suggested_label(old) or ""} if old is not None else set()
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
        and _overlap((a.start, a.end), span)
        and (_suggestion_kind(a) == "entity" or (correction_of(a) or {}).get("kind") == "entity")
    ]


def claim_role_changes(
    model: ReaderModel, claim: Claim, role: str, span: Span | None, new: bool = False
) -> list[Change]:
    """The claim with ``role`` set to ``span`` (None: no such role), kept as one
    annotation on the claim's span. ``new``: a claim the model did not find."""
    where = (claim.start, claim.end)
    old = _mine_on(model, where, "claim")
    previous = correction_of(old) if old is not None else None
    changed = claim_with_role(claim, role, span)
    fields = list(previous.get("fields", [])) if previous else []
    was = previous.get("was") if previous is not None else ({} if not new else None)
    if isinstance(was, dict) and role not in was:
        # The model's, the first time this role is corrected.
        was = {**was, role: _span_dict(getattr(claim, role))}
    if role not in fields:
        fields.append(role)
    record = changed.to_dict()
    data: dict[str, Any] = {
        "suggestion": {"kind": "claim", "label": changed.kind, "score": changed.score}
    }
    data.update({k: record[k] for k in (*ROLES, "speaker_resolved") if record.get(k) is not None})
    data[CORRECTION] = {"kind": "claim", "fields": fields, "was": was}
    drop = {claim.kind, NOT_A_CLAIM, _suggested_label(old) or ""} if old is not None else set()
    return [_rewritten(model, old, where, drop, changed.kind, data)]


def wrong_claim_changes(model: ReaderModel, claim: Claim) -> list[Change]:
    """The claim marked as no claim; a claim only the user had added is simply
    taken back."""
    where = (claim.start, claim.end)
    old = _mine_on(model, where, "claim")
    previous = correction_of(old) if old is not None else None
    raw = model.analysis.claims if model.analysis else []
    only_the_users = previous is not None and previous.get("was") is None
    if old is not None and only_the_users and not any(_same_claim(c, where) >= 0.5 for c in raw):
        return [(old, None)]
    model_claim = next((c for c in raw if (c.start, c.end) == where), claim)
    data = {CORRECTION: {"kind": "claim", "wrong": True, "was": model_claim.to_dict()}}
    if old is None:
        return [(None, model.make_annotation(where, [NOT_A_CLAIM], data=data))]
    drop = {claim.kind, _suggested_label(old) or ""}
    tags = [t for t in old.tags if t not in drop and t != NOT_A_CLAIM]
    model.ensure_tags([NOT_A_CLAIM])
    return [(old, replace(old, tags=[*tags, NOT_A_CLAIM], data=data, updated=now_iso()))]
