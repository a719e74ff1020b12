"""The user's corrections of the analysis: kept as annotations, shown instead of
the model's output, and applied again to whatever analysis comes next.

A correction is an ordinary annotation (so it is saved, undone, re-anchored on
a re-import with the spans its data holds, exported like any other) whose
``data`` has a ``"correction"`` object saying what was corrected and what the
model had. It is never merged with a tag on the same words, nor a tag into it
(``kept_apart``): x on the tag would delete it unsaid.

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
  ``content`` as ``{"start", "end", "text"}``, and ``content_parts``, a list of
  such spans, when the content is a quote split by its attribution) plus ``"correction": {"kind":
  "claim", "fields": ["speaker", ...], "was": {"speaker": the model's span or
  None, ...}}`` (``"was": None`` for a claim the model did not find);
- a claim that is no claim: tags ``["not-a-claim"]``, ``"correction":
  {"kind": "claim", "wrong": true, "was": the model's claim}``.

Each tag is spelled as the library spells it (a hand-made ``person`` for
``PERSON``, as an accepted suggestion is tagged); the data keeps the model's
label.

``apply_corrections`` matches corrections to the analysis by overlap, not by
exact offsets: a recomputed analysis (new rules, another pipeline) that cuts a
name or a sentence slightly differently still gets the user's answer. Pure
Python in the core: the reader and the suggestion queue show the analysis
through it, and the search index and the statistics count it so
(storage.corrected).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsread.analysis import Analysis, Claim, Entity, Span
from newsread.analysis.records import ATTRIBUTED
from newsread.model import Annotation, now_iso, same_hand
from newsread.tagkey import tag_key

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
#: What a claim the model missed scores: the user says it is one.
USER_CLAIM_SCORE = 1.0


# -- reading corrections --------------------------------------------------------------


def correction_of(ann: Annotation) -> dict[str, Any] | None:
    """The annotation's correction, when it is one (and well formed enough to use)."""
    found = ann.data.get(CORRECTION) if isinstance(ann.data, dict) else None
    if isinstance(found, dict) and found.get("kind") in ("entity", "claim"):
        return found
    return None


def corrections(annotations: list[Annotation], preferred: str = "") -> list[Annotation]:
    """The placed corrections, in the order they are applied: a later one wins
    where two disagree. ``preferred``'s own (and those naming nobody) come
    after everyone else's, whatever their times: where annotators disagree,
    the one looking sees their own answer; else the oldest change first."""
    found = [a for a in annotations if not a.orphan and correction_of(a) is not None]
    return sorted(found, key=lambda a: (same_hand(a, preferred), a.updated or a.created, a.created))


def corrections_key(annotations: list[Annotation]) -> tuple[tuple[Any, ...], ...]:
    """Changes whenever the corrections do: what the reader caches on (asked on
    every cursor move, so it only filters, never sorts). The data itself, not
    the time stamp: two changes within a second have the same one."""
    return tuple(
        (a.id, a.start, a.end, a.orphan, a.updated, a.data)
        for a in annotations
        if correction_of(a) is not None
    )


def correction_tags(ann: Annotation) -> list[str]:
    """The tags that say what a correction is (its label, or ``not-a-claim``),
    as the annotation spells them; none for an annotation that is no
    correction."""
    correction = correction_of(ann)
    if correction is None:
        return []
    if correction.get("wrong"):
        label: Any = NOT_A_CLAIM
    else:
        label = correction.get("label") if correction["kind"] == "entity" else None
        label = label or suggested_label(ann)
    if not isinstance(label, str) or not label:
        return []
    # The tag is spelled as the library spelled it (a hand-made "person" for
    # the model's PERSON), the data keeps the model's label.
    spelled = [t for t in ann.tags if tag_key(t) == tag_key(label)]
    return spelled[:1] or [label]


def stacked_tags(ann: Annotation) -> list[str]:
    """A correction's tags that are not its own: the user's tags on the same
    words, which were merged into it before corrections were kept apart."""
    own = {tag_key(t) for t in correction_tags(ann)}
    return [t for t in ann.tags if tag_key(t) not in own] if own else []


def left_by_delete(ann: Annotation) -> Annotation | None:
    """What deleting ``ann`` (x) leaves: nothing, or of a correction holding
    the user's tags too (an old library's, see ``stacked_tags``) the
    correction alone. x on a tag once took the correction with it, unsaid."""
    if not stacked_tags(ann):
        return None
    return replace(ann, tags=correction_tags(ann), updated=now_iso())


def kept_apart(stored: Annotation, new: Annotation, body: str) -> bool:
    """Whether ``new``, made on ``stored``'s words by the same annotator, stays
    an annotation of its own instead of being merged into ``stored``: a
    correction and a tag (or an accepted suggestion) are each deleted, undone
    and exported as themselves; two corrections of different kinds, or of two
    claims of one sentence, are two as well."""
    first, second = correction_of(stored), correction_of(new)
    if (first is None) != (second is None):
        return True
    if first is not None and second is not None and first["kind"] != second["kind"]:
        return True
    return about_other_claims(stored, new, body)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def same_claim(claim: Claim, span: tuple[int, int]) -> float:
    """How much a claim and a corrected span are the same sentence: the overlap
    over the longer of the two. A sentence split or merged differently by a new
    analysis still scores high; a neighbouring sentence merged in does not
    make the pair count as the same."""
    longest = max(claim.end - claim.start, span[1] - span[0], 1)
    return overlap((claim.start, claim.end), span) / longest


def _role_span(stored: Any, ann: Annotation, body: str) -> Span | None:
    """A stored role span on the text as it is now: where it was, else its text
    inside the annotation (a library re-imported before a re-import placed the
    spans in data with their annotation; ``newsread doctor --restore`` places
    them), else nothing."""
    span = Span.from_dict(stored) if isinstance(stored, dict) else None
    if span is None or not span.text:
        return None
    if body[span.start : span.end] == span.text:
        return span
    at = body.find(span.text, ann.start, ann.end)
    return Span(at, at + len(span.text), span.text) if at >= 0 else None


def _parts_span(stored: Any, ann: Annotation, body: str) -> list[Span] | None:
    """A split content's stored parts on the text as it is now; None when
    there are none, or one of them is lost (the content itself still shows)."""
    if not isinstance(stored, list) or len(stored) < 2:
        return None
    found = []
    for part in stored:
        span = _role_span(part, ann, body)
        if span is None:
            return None
        found.append(span)
    return found


def stored_role(ann: Annotation, role: str, body: str) -> Span | None:
    """The ``role`` span (speaker, cue, content) an accepted or corrected claim
    keeps in its data, on the text as it is now."""
    return _role_span(ann.data.get(role), ann, body)


# -- applying them --------------------------------------------------------------------


def apply_corrections(
    analysis: Analysis, annotations: list[Annotation], body: str, preferred: str = ""
) -> Analysis:
    """The analysis as the user corrected it: entity labels replaced, missed
    entities added, claims' roles replaced, wrong claims dropped. Where two
    annotators' corrections disagree, ``preferred``'s win (see corrections);
    the caller chooses whose corrections ``annotations`` holds."""
    found = corrections(annotations, preferred)
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
    label = correction.get("label") or suggested_label(ann)
    if not isinstance(label, str) or not label:
        return entities
    # The user's words win: any entity the model cut over them gives way.
    span = (ann.start, ann.end)
    kept = [e for e in entities if not overlap((e.start, e.end), span)]
    return [*kept, Entity(ann.start, ann.end, label, ann.quote)]


def suggested_label(ann: Annotation) -> str | None:
    suggestion = ann.data.get("suggestion")
    return suggestion.get("label") if isinstance(suggestion, dict) else None


def model_cue(ann: Annotation, body: str) -> Span | None:
    """The cue of the model's claim a claim correction (or an accepted claim)
    is about, on the text as it is now: what tells two claims in one sentence
    apart ("The company disputes the figure and says ..."), whose spans are
    the same."""
    correction = correction_of(ann) or {}
    was = correction.get("was")
    if correction.get("wrong"):
        stored = was.get("cue") if isinstance(was, dict) else None
    elif isinstance(was, dict) and "cue" in was:
        stored = was["cue"]  # the user changed or removed the model's cue
    else:
        stored = ann.data.get("cue")
    return _role_span(stored, ann, body)


def is_claim_annotation(ann: Annotation) -> bool:
    """An accepted claim, or a correction of one."""
    suggestion = ann.data.get("suggestion") if isinstance(ann.data, dict) else None
    accepted = isinstance(suggestion, dict) and suggestion.get("kind") == "claim"
    return accepted or (correction_of(ann) or {}).get("kind") == "claim"


#: A claim's cue as offsets, or None for a claim without one.
CueKey = tuple[int, int] | None


def same_cue(a: CueKey, b: CueKey) -> bool:
    """Both without a cue, or with overlapping cues (an analysis made anew may
    cut a cue a word wider). newsread.annotations.rejections tells rejected
    claims apart the same way."""
    if a is None or b is None:
        return a is None and b is None
    return overlap(a, b) > 0


def claim_cues(ann: Annotation, body: str) -> list[CueKey] | None:
    """Which of its span's claims an accepted or corrected claim is about (a
    sentence can hold two, see ``model_cue``): the cue it keeps and the
    model's cue it was about, on the text as it is now; ``[None]`` for a claim
    without a cue; None when ``ann`` is not a claim's."""
    if not is_claim_annotation(ann):
        return None
    found = [s for s in (stored_role(ann, "cue", body), model_cue(ann, body)) if s is not None]
    return [(s.start, s.end) for s in found] or [None]


def about_claim(ann: Annotation, claim: Claim, body: str) -> bool:
    """Whether ``ann`` (on ``claim``'s span) is about ``claim`` rather than
    another claim of that span; any annotation not a claim's is about all."""
    cues = claim_cues(ann, body)
    cue = None if claim.cue is None else (claim.cue.start, claim.cue.end)
    return cues is None or any(same_cue(c, cue) for c in cues)


def about_other_claims(a: Annotation, b: Annotation, body: str) -> bool:
    """Whether two annotations on one span are about two different claims of
    it: each is then kept as it is, neither merged into the other."""
    first, second = claim_cues(a, body), claim_cues(b, body)
    if first is None or second is None:
        return False
    return not any(same_cue(x, y) for x in first for y in second)


def _corrected_claims(
    claims: list[Claim], ann: Annotation, correction: dict[str, Any], body: str
) -> list[Claim]:
    span = (ann.start, ann.end)
    scored = [(same_claim(c, span), i) for i, c in enumerate(claims)]
    matches = [i for score, i in scored if score >= 0.5]
    if len(matches) > 1:
        # Several claims in the sentence: the one with the model's cue is meant.
        cue = model_cue(ann, body)
        fitting = [
            i
            for i in matches
            if cue is not None
            and claims[i].cue is not None
            and overlap((claims[i].cue.start, claims[i].cue.end), (cue.start, cue.end))
        ]
        matches = fitting or matches
    if correction.get("wrong"):
        return [c for i, c in enumerate(claims) if i not in matches]
    roles = {role: _role_span(ann.data.get(role), ann, body) for role in ROLES}
    resolved = _role_span(ann.data.get("speaker_resolved"), ann, body)
    parts = _parts_span(ann.data.get("content_parts"), ann, body)
    suggestion = ann.data.get("suggestion")
    suggestion = suggestion if isinstance(suggestion, dict) else {}
    if not matches:
        kind = suggestion.get("label") or ATTRIBUTED
        score = float(suggestion.get("score", USER_CLAIM_SCORE))
        added = Claim(
            ann.start, ann.end, kind, score, speaker_resolved=resolved, content_parts=parts, **roles
        )
        return [*claims, added]
    best = max(matches, key=lambda i: same_claim(claims[i], span))
    # The model's span stays: it is the sentence the cursor steps onto.
    claim = replace(
        claims[best],
        kind=suggestion.get("label") or claims[best].kind,
        speaker_resolved=resolved,
        content_parts=parts,
        **roles,
    )
    return [claim if i == best else c for i, c in enumerate(claims)]


def entity_aliases(annotations: list[Annotation], preferred: str = "") -> dict[str, str]:
    """Mention text → the name of the entity the user said it is ("Carrow" →
    "Louise Carrow"), chains followed ("Lou" → "Carrow" → "Louise Carrow");
    ``preferred``'s answer where annotators disagree."""
    direct: dict[str, str] = {}
    for ann in corrections(annotations, preferred):
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
