"""Pronoun speakers ("he said", "it said") resolved to the name they stand for.

A pronoun takes the reporter of the clause it sits in ("X said she ..."),
else the nearest previous speaker that fits it, or the nearest fitting named
entity, preferring that entity's longest full form ("Wang" -> "Wang Wentao").
A described person ("The lead inspector said ...") fits "he" and "she"
unless its noun tells the other gender ("a spokeswoman" is no "he"); when
such a one, or a speaker whose noun may be a person's or a body's ("the
chief surveyor", "the operator"), stands between the pronoun and a named
person, the pronoun stays unresolved (unless the named person carries that
description: "Sen. X ... the senator ... he"). "I" and "we" stay as
written, except in an interview's answers, where they are the interviewee.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from newsread.analysis.attributions.words import (
    NON_PERSON_LABELS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPEAKER_PRONOUNS,
)
from newsread.analysis.interviews import find_interview
from newsread.analysis.records import ATTRIBUTED

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsread.analysis.records import ClaimDraft, Entity, SpanIndex

_RESOLVE_WINDOW = 2000  # characters back that a pronoun speaker may reach


def _entities_in(entities: list[Entity], starts: list[int], rng: tuple[int, int]) -> list[Entity]:
    i = bisect_right(starts, rng[0] - 1)
    out = []
    while i < len(entities) and entities[i].start < rng[1]:
        if entities[i].end <= rng[1]:
            out.append(entities[i])
        i += 1
    return out


def _full_form(entities: list[Entity], ent: Entity) -> tuple[int, int]:
    """The longest PERSON mention sharing a word with ``ent`` ("Wang" -> "Wang Wentao")."""
    words = set(ent.text.split())
    best = ent
    for other in entities:
        if other.label == ent.label and len(other.text) > len(best.text):
            other_words = other.text.split()
            if words & {other_words[0], other_words[-1]}:
                best = other
    return best.start, best.end


def _fits(pronoun: str, labels: set[str]) -> bool:
    if pronoun in PERSON_PRONOUNS:
        return "PERSON" in labels
    if pronoun == "it":
        return bool(labels) and "PERSON" not in labels
    return True


def _subject_entities(
    doc: Doc, entities: list[Entity]
) -> list[tuple[int, tuple[int, int], set[str]]]:
    """Entities that are the subject of their clause: the likeliest antecedents."""
    out = []
    for ent in entities:
        span = doc.char_span(ent.start, ent.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in ("nsubj", "nsubjpass"):
            out.append((ent.start, (ent.start, ent.end), {ent.label}))
    return out


# Common nouns for a single person who may be "he" or "she": "The mayor said ... she told".
_PERSON_WORDS = """
    spokesman spokeswoman spokesperson official representative lawmaker legislator
    leader president candidate nominee senator congressman congresswoman governor
    mayor minister aide adviser advisor expert analyst economist scientist researcher
    activist advocate prosecutor judge lawyer attorney chairman chairwoman director
    executive ceo founder owner manager resident chief secretary ambassador officer
    commissioner professor teacher doctor physician host moderator anchor author
    writer editor reporter columnist historian strategist consultant lobbyist
    woman man mother father wife husband son daughter widow veteran student worker
    inspector engineer auditor commuter passenger nurse witness victim survivor
    pilot captain skipper driver farmer tenant landlord neighbour neighbor
    councillor councilor trustee coach player priest pastor bishop detective
    sergeant constable diplomat negotiator envoy surgeon paramedic firefighter
    soldier commander sheriff coroner clerk treasurer accountant planner architect
    entrepreneur shopkeeper trader fisherman fisherwoman girl boy sister brother
    grandmother grandfather aunt uncle niece nephew actor actress singer artist
    musician poet novelist photographer campaigner protester organiser organizer
    volunteer employee miner dockworker parent patient customer shopper voter
    businessman businesswoman policeman policewoman councilman councilwoman widower
"""
_PERSON_NOUNS = frozenset(_PERSON_WORDS.split())
_NOMINAL = "PERSON_NOUN"
# What a described person's noun says of "he" or "she": "a spokeswoman ...
# she" fits, "a spokeswoman ... he" does not.
_FEMALE_NOUNS = frozenset(
    [
        "spokeswoman",
        "congresswoman",
        "chairwoman",
        "woman",
        "mother",
        "wife",
        "daughter",
        "widow",
        "girl",
        "sister",
        "grandmother",
        "aunt",
        "niece",
        "actress",
        "businesswoman",
        "policewoman",
        "councilwoman",
        "fisherwoman",
    ]
)
_MALE_NOUNS = frozenset(
    [
        "spokesman",
        "congressman",
        "chairman",
        "man",
        "father",
        "husband",
        "son",
        "widower",
        "boy",
        "brother",
        "grandfather",
        "uncle",
        "nephew",
        "businessman",
        "policeman",
        "councilman",
        "fisherman",
    ]
)
_FEMALE = "FEMALE"
_MALE = "MALE"
_GENDER_OF_PRONOUN = {"she": _FEMALE, "he": _MALE}


def _nominal_person(doc: Doc, text: str, span: tuple[int, int]) -> bool:
    """ "The mayor", "a Pentagon spokeswoman": a described person, no name."""
    return _nominal_noun(doc, span) is not None


def _nominal_noun(doc: Doc, span: tuple[int, int]) -> str | None:
    """The person noun heading a described person ("spokeswoman" of "a
    spokeswoman for the company"), or None when the phrase is no such one."""
    lemma = _singular_head(doc, span)
    return lemma if lemma in _PERSON_NOUNS else None


def _singular_head(doc: Doc, span: tuple[int, int]) -> str | None:
    """The lemma of a short phrase's head when that is a singular common noun
    (a described person or body names one), else None."""
    if span[1] - span[0] > 60:
        return None
    phrase = doc.char_span(span[0], span[1], alignment_mode="expand")
    if phrase is None:
        return None
    root = phrase.root
    return root.lemma_.lower() if root.pos_ == "NOUN" and root.tag_ == "NN" else None


# A described speaker whose noun may name a person or a body ("the chief
# surveyor", "the operator", "the regulator"): for "he"/"she" it leaves the
# answer open.
_AGENT_ENDINGS = ("or", "er", "ist", "ian", "ant", "ent", "eer")
_MAYBE_PERSON = "MAYBE_PERSON"


def _maybe_person(doc: Doc, span: tuple[int, int]) -> bool:
    lemma = _singular_head(doc, span)
    return lemma is not None and len(lemma) > 4 and lemma.endswith(_AGENT_ENDINGS)


_NOUN_IS = "noun="
# A title's short form before a name: "Sen. Bernie Sanders" is "the senator".
_TITLE_FORMS = {
    "senator": ("sen.",),
    "governor": ("gov.",),
    "representative": ("rep.",),
    "congressman": ("rep.",),
    "congresswoman": ("rep.",),
    "secretary": ("sec.",),
    "professor": ("prof.",),
    "doctor": ("dr.",),
    "sergeant": ("sgt.",),
    "commissioner": ("commr.",),
}


def _described_as(text: str, entities: list[Entity], person: tuple[int, int], noun: str) -> bool:
    """Whether a mention of ``person`` carries ``noun`` as its title or
    apposition ("Vermont Sen. Bernie Sanders", "Hart, the port director"):
    then "the senator" after it is that person, not someone else."""
    last = text[person[0] : person[1]].split()[-1:]
    forms = "|".join(re.escape(f) for f in (noun, *_TITLE_FORMS.get(noun, ())))
    # Right before the name ("Sen. Bernie Sanders", "port director Ellen
    # Hart"), or in the apposition right after it ("Hart, the port director,").
    title = re.compile(rf"(?<![\w.])(?:{forms})\s+$", re.IGNORECASE)
    apposition = re.compile(rf",\s[^,.;:\n]*?(?<![\w.])(?:{forms})(?!\w)", re.IGNORECASE)
    for ent in entities:
        if ent.label != "PERSON" or ent.text.split()[-1:] != last:
            continue
        if title.search(text, max(0, ent.start - 40), ent.start) or apposition.match(
            text, ent.end, ent.end + 80
        ):
            return True
    return False


def _nominal_labels(noun: str) -> set[str]:
    """A described person's labels: nominal, with its gender when the noun tells it."""
    labels = {"NOUN", _NOMINAL, _NOUN_IS + noun}
    if noun in _FEMALE_NOUNS:
        labels.add(_FEMALE)
    elif noun in _MALE_NOUNS:
        labels.add(_MALE)
    return labels


def _previous_paragraph_start(paragraphs: SpanIndex, text: str, at: int) -> int:
    """Start of the paragraph before the one holding ``at`` (skipping blank lines)."""
    start = paragraphs.covering(at, at + 1)[0]
    j = start - 1
    while j > 0 and text[j].isspace():
        j -= 1
    return paragraphs.covering(j, j + 1)[0] if j > 0 else 0


def resolve_pronouns(
    doc: Doc, text: str, drafts: list[ClaimDraft], entities: list[Entity], paragraphs: SpanIndex
) -> None:
    """Resolve "he said" / "it said" to the nearest fitting speaker or subject entity.

    Earlier claim speakers and named subjects compete by distance: "Wilbur
    Turner described it as X. '...,' he said" is Turner even when another
    person spoke two paragraphs before.
    """
    starts = [e.start for e in entities]
    subjects = _subject_entities(doc, entities)
    interview = find_interview(doc, text, entities)
    unspoken: list[ClaimDraft] = []
    previous: list[tuple[int, tuple[int, int], set[str]]] = []  # (offset, span, labels)
    for d in drafts:
        if d.speaker is None:
            continue
        word = text[d.speaker[0] : d.speaker[1]].lower()
        if d.resolved is not None:  # a relative pronoun, resolved from the parse
            labels = {e.label for e in _entities_in(entities, starts, d.resolved)} or {"NOUN"}
            previous.append((d.speaker[0], d.resolved, labels))
            continue
        if word not in SPEAKER_PRONOUNS:
            ents = _entities_in(entities, starts, d.speaker)
            labels = {e.label for e in ents}
            cue = text[d.cue[0] : d.cue[1]] if d.cue else ""
            if labels or cue in (":", "according to"):
                pass
            elif (noun := _nominal_noun(doc, d.speaker)) is not None:
                labels = _nominal_labels(noun)  # "The mayor": "she", if nobody named fits
            elif not text[d.speaker[0]].islower():
                labels = {"ORG"}  # capitalised but unlabelled: an organisation-like name
            if not labels:
                labels = {"NOUN"}  # "the report", "officials": fits "it"/"they"
            if labels <= {"NOUN", "ORG"} and _maybe_person(doc, d.speaker):
                labels = labels | {_MAYBE_PERSON}
            persons = [e for e in ents if e.label == "PERSON"]
            span = _full_form(entities, persons[0]) if persons else d.speaker
            previous.append((d.speaker[0], span, labels))
            continue
        if word in ("i", "we"):
            if interview is not None and interview.answering(d.speaker[0]):
                # "A: We approved the plan": the interviewee answers. A bare
                # "We" nobody can be told from names no speaker.
                if interview.interviewee is None:
                    d.speaker = None
                    if d.content is None:
                        unspoken.append(d)  # a cue alone would say nothing
                else:
                    d.resolved = interview.interviewee
            continue
        d.resolved = _reporter_of_clause(doc, text, d, drafts, entities, starts)
        if d.resolved is not None:
            labels = {e.label for e in _entities_in(entities, starts, d.resolved)} or {"NOUN"}
            previous.append((d.speaker[0], d.resolved, labels))
            continue
        candidates = sorted(
            previous + [c for c in subjects if c[0] < d.speaker[0]], key=lambda c: c[0]
        )
        since = _previous_paragraph_start(paragraphs, text, d.speaker[0])
        d.resolved = _resolve_one(
            word, d.speaker[0], candidates, entities, starts, d.content, since, text
        )
        if d.resolved is not None:
            labels = {e.label for e in _entities_in(entities, starts, d.resolved)} or {"NOUN"}
            previous.append((d.speaker[0], d.resolved, labels))
    for d in unspoken:
        drafts.remove(d)


_BIND_REACH = 250  # characters between a reporter and a pronoun in its own clause


def _reporter_of_clause(
    doc: Doc,
    text: str,
    d: ClaimDraft,
    drafts: list[ClaimDraft],
    entities: list[Entity],
    starts: list[int],
) -> tuple[int, int] | None:
    """ "Mayor Hart said she expects X": a pronoun heading a claim inside what
    another speaker in the same sentence reports is that speaker, as written."""
    at = d.speaker[0]
    outer = None
    for o in drafts:
        if o is d or o.kind != ATTRIBUTED or o.speaker is None or o.content is None:
            continue
        if not o.content[0] <= at < o.content[1] or o.content[0] <= o.speaker[0] < o.content[1]:
            continue
        near = o.speaker[1] <= at and at - o.speaker[1] <= _BIND_REACH
        if (
            near
            and "\n" not in text[o.speaker[1] : at]
            and (outer is None or o.start > outer.start)
        ):
            outer = o
    if outer is None:
        return None
    pronoun = text[d.speaker[0] : d.speaker[1]].lower()
    word = text[outer.speaker[0] : outer.speaker[1]].lower()
    if word in RELATIVE_PRONOUNS and outer.resolved is not None:
        # "Hart, who said she ...": what the relative pronoun stands for.
        labels = {e.label for e in _entities_in(entities, starts, outer.resolved)}
        return outer.resolved if not labels or _fits(pronoun, labels) else None
    if word in SPEAKER_PRONOUNS:
        # "He said he ...": the same person, however the outer one resolved.
        return outer.resolved if word == pronoun else None
    labels = {e.label for e in _entities_in(entities, starts, outer.speaker)}
    if labels:
        return outer.speaker if _fits(pronoun, labels) else None
    phrase = doc.char_span(*outer.speaker, alignment_mode="expand")
    if phrase is None or phrase.root.pos_ != "NOUN":
        return None
    # "The agency said it ...", "Officials said they ...": a described speaker.
    plural = phrase.root.tag_ == "NNS"
    person = _nominal_person(doc, text, outer.speaker)
    fits = {"they": plural, "it": not plural and not person}.get(pronoun, person)
    return outer.speaker if fits else None


def _resolve_one(
    pronoun: str,
    at: int,
    previous: list[tuple[int, tuple[int, int], set[str]]],
    entities: list[Entity],
    starts: list[int],
    content: tuple[int, int] | None = None,
    since: int | None = None,
    text: str = "",
) -> tuple[int, int] | None:
    # "The mayor said ... she told reporters" is the mayor, when the mayor
    # spoke in this paragraph or the one before: the nearest described
    # person whose noun does not say otherwise ("a spokeswoman" is no "he").
    nominal = None
    nominal_noun = ""
    gender = _GENDER_OF_PRONOUN.get(pronoun)
    for offset, span, labels in reversed(previous):
        if at - offset > _RESOLVE_WINDOW:
            break
        if content is not None and content[0] <= offset < content[1]:
            continue  # "X had found ..., it said": X is reported, not the reporter
        recent = since is not None and offset >= since
        if gender is not None and _NOMINAL in labels:
            if nominal is None and recent and not labels & {_FEMALE, _MALE} - {gender}:
                nominal = span
                nominal_noun = next(x for x in labels if x.startswith(_NOUN_IS))[len(_NOUN_IS) :]
            continue
        if gender is not None and _MAYBE_PERSON in labels and recent and nominal is None:
            # "The chief surveyor said A. She added B": perhaps the surveyor,
            # but no earlier speaker more surely than that one.
            return None
        if _fits(pronoun, labels):
            found = span
            if "PERSON" in labels and span[1] - span[0] < 40:
                person = _entities_in(entities, starts, span)
                if person:
                    found = _full_form(entities, person[0])
            if nominal is not None and not _described_as(text, entities, found, nominal_noun):
                # "Ellen Hart said A. The port director said B. She added C":
                # either may be "she"; crediting C to the wrong one is worse
                # than naming nobody. ("Sen. Bernie Sanders said A. The
                # senator said B. He added C" is Sanders.)
                return None
            return found
    if nominal is not None:
        return nominal
    wanted = {"PERSON"} if pronoun in PERSON_PRONOUNS else NON_PERSON_LABELS
    i = bisect_right(starts, at) - 1
    while i >= 0 and at - entities[i].start <= _RESOLVE_WINDOW:
        ent = entities[i]
        if ent.label in wanted and ent.end <= at:
            return _full_form(entities, ent) if ent.label == "PERSON" else (ent.start, ent.end)
        i -= 1
    return None
