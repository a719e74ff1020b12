"""The one walk over the tokens of a parsed ``Doc`` that tries each kind of rule in turn."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from newsread.analysis.attributions.nouns import (
    _INTENT_NOUNS,
    RECEIVED_NOUNS,
    _criticism_received,
    _intent_noun,
    _noun_cue,
)
from newsread.analysis.attributions.passives import _passive_report, _passive_stance, with_works
from newsread.analysis.attributions.phrasal import PHRASAL_LEMMAS, _phrasal_cue
from newsread.analysis.attributions.phrases import _according_to, _source_phrase
from newsread.analysis.attributions.quotes import (
    _VOICE_VERBS,
    _colon_speaker,
    _label_colon,
    _named_before_colon,
    _voice_speaker,
)
from newsread.analysis.attributions.stance import (
    _SEEM_VERBS,
    STIRRING_VERBS,
    _certainty,
    _light_verb,
    _seems,
    _stance_phrase,
    _stirs,
)
from newsread.analysis.attributions.subjects import _agent_like, _antecedent, _speaker_of, _subject
from newsread.analysis.attributions.tokens import _cue_range, _line_of, _long_enough
from newsread.analysis.attributions.verbs import (
    _HEADLINE_WORDS,
    _as_put_it,
    _asked_about,
    _content_of,
    _decides,
    _is_reporting,
    _parenthetical_content,
    _publishes,
    _verb_tagged_noun,
    asks_anonymity,
)
from newsread.analysis.attributions.words import (
    _CLAIM_NOUNS,
    _CUE_LEMMAS,
    CLAUSE_VERBS,
    DECIDING_VERBS,
    PUBLISHING_VERBS,
)
from newsread.analysis.doc_cache import doc_data, root_of, sent_start_of, text_of
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def find_attributions(doc: Doc) -> list[Attribution]:
    """Reporting cues with speaker and content, in text order."""
    found: list[Attribution] = []
    asked: set[int] = set()
    data = doc_data(doc)
    # The tests below read a token's words and tags from the Doc's
    # columns: a Token builds a new string at each attribute access.
    for tok, text, lower, dep, tag, pos, lemma in zip(
        data.tokens,
        data.texts,
        data.lowers,
        data.deps,
        data.tags,
        data.pos,
        data.lemmas,
        strict=True,
    ):
        if tok.i in asked:
            continue
        if text == ":" and 0 < tok.i < len(doc) - 3:
            att = _label_colon(tok) or _colon_speaker(tok) or _named_before_colon(tok)
            if att is not None:
                found.append(att)
            continue
        if lower == "according":
            att = _according_to(tok)
            if att is not None:
                found.append(att)
            continue
        if dep == "ROOT" and tag in ("NNS", "NNPS"):
            att = _verb_tagged_noun(tok)
            if att is not None:
                found.append(att)
                continue
        if pos == "NOUN" and lemma in RECEIVED_NOUNS:
            att = _criticism_received(tok)
            if att is not None:
                found.append(att)
                continue
        if pos == "NOUN" and lemma in _INTENT_NOUNS:
            att = _intent_noun(tok)
            if att is not None:
                found.append(att)
                continue
        if pos == "NOUN" and lemma in _CLAIM_NOUNS:
            att = _noun_cue(tok)
            if att is not None:
                found.append(att)
            continue
        if dep == "prep" and lower in ("in", "by"):
            att = _source_phrase(tok)
            if att is not None:
                found.append(att)
            continue
        if lemma in ("be", "make") and pos in ("VERB", "AUX"):
            att = (
                _stance_phrase(tok)
                or (lemma == "be" and _certainty(tok))
                or (lemma == "make" and _light_verb(tok))
                or None
            )
            if att is not None:
                found.append(att)
                continue
        if lemma in _SEEM_VERBS and pos in ("VERB", "AUX"):
            att = _seems(tok)
            if att is not None:
                found.append(att)
            continue
        if pos == "VERB" and lemma in STIRRING_VERBS:
            att = _stirs(tok)
            if att is not None:
                found.append(att)
                continue
        if pos == "VERB" and lemma not in _CUE_LEMMAS:
            att = (
                _passive_stance(tok)
                or (lemma in _VOICE_VERBS and _voice_speaker(tok))
                or (lemma == "put" and _as_put_it(tok))
                or (lemma in PUBLISHING_VERBS and _publishes(tok))
                or (lemma in DECIDING_VERBS and _decides(tok))
                or (lemma in PHRASAL_LEMMAS and _phrasal_cue(tok))
                or None
            )
            if att is not None:
                found.append(att)
            continue
        if pos != "VERB" or lemma not in _CUE_LEMMAS:
            continue
        if dep == "ccomp" and tok.head.lemma_ == "let":
            # "Let's say X", "won't let critics tell them Y": what is allowed
            # or supposed, not what anyone said.
            continue
        if lemma == "want" and dep == "ccomp":
            # "It is obvious that voters want to know X", "she said she wanted
            # to Y": a want inside the clause of a report or a stance is that
            # report's wording, and so is what is wanted.
            asked.update(c.i for c in tok.children if c.dep_ == "xcomp")
            continue
        if asks_anonymity(tok):
            # "X, who asked not to be named, said Y": only the saying reports.
            asked.update(c.i for c in tok.children if c.dep_ in ("xcomp", "ccomp"))
            continue
        att = _asked_about(tok)
        if att is not None:
            found.append(att)
            # "Asked to describe X": the question is the report; "describe"
            # inside it is what was asked, said by no one.
            asked.update(c.i for c in tok.children if c.dep_ == "xcomp")
            continue
        speaker = _speaker_of(tok)
        resolved = _antecedent(tok, speaker)
        content = _content_of(tok, resolved or speaker)
        if content is None and speaker is not None:
            content = _headline_verb(tok, speaker)
        if content is None and lemma in PUBLISHING_VERBS:
            # "Mariano wrote a memoir of her time there": writing a document.
            att = _publishes(tok)
            if att is not None:
                found.append(att)
                continue
        if content is None and _is_reporting(tok):
            content = _parenthetical_content(tok)
        if content is None and speaker is None:
            att = _passive_stance(tok) or _passive_report(tok)
            if att is not None:
                found.append(att)
                continue
        if content is None and not (speaker is not None and _is_reporting(tok)):
            continue
        if content is None and _finds_a_thing(tok, speaker):
            continue
        # A speech cue with a speaker but no content of its own ('"...," said
        # X, a physicist who ...') can still name the speaker of a quote.
        if speaker is not None and _asks_the_reader(tok, speaker):
            continue
        cue = _cue_range(tok)
        front = min(cue[0], speaker[0]) if speaker is not None else cue[0]
        if content is not None and content[0] < front - 1 and cue[0] < content[1]:
            # A misparse hangs words before the cue on its complement ("...
            # minerals that it says threaten security, after X and Y agreed
            # to Z"): what the cue reports comes after it. One word before
            # is the content's own ("which he said were", "what X says").
            content = _long_enough(doc, cue[1], content[1], 2)
            if content is None:
                continue
        found.append(Attribution(cue, speaker, content, sent_start_of(doc, tok.i), resolved))
    found = _outside_speakers(doc, _split_run_ons(doc, _objects_of_cues(doc, found)))
    return with_works(doc, found)


def _objects_of_cues(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """ "The ad references the union's criticism of X", "praised the mayor's
    proposals to Y", "expressed concern that Z": an owned claim noun that is
    the object of another cue is what that cue is about, and that cue's
    content already holds it. Read as a report of its own it doubles the one
    report. A that-clause someone else owns ("examined the mayor's claim that
    X") is that owner's proposition, and an unowned noun ("rejected the idea
    that Y", "cited criticism of Z") is nobody's in particular: both stay."""
    speakers = {root_of(doc, *a.cue): a.speaker for a in found}

    def object_of_cue(a: Attribution) -> bool:
        noun = doc[a.cue[0]]
        if noun.pos_ != "NOUN" or noun.dep_ != "dobj" or noun.head.i not in speakers:
            return False
        if a.speaker is None:
            return False
        clause = a.content is not None and doc[a.content[0]].lower_ == "that"
        return not clause or a.speaker == speakers[noun.head.i]

    return [a for a in found if not object_of_cue(a)]


def _split_run_ons(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """ "X said he would do A and warned against B", "X said A, arguing B": the
    parser hangs the second report on the first one's clause, which then runs
    over it. The second is X's own report: the first's content ends before it."""
    out = list(found)
    # Each cue's root, found once: every report is compared with every other.
    cue_roots = [doc[root_of(doc, *a.cue)] for a in found]
    for k, outer in enumerate(found):
        if outer.content is None:
            continue
        lo, hi = outer.content
        head = doc[root_of(doc, lo, hi)]
        if head.head.i != cue_roots[k].i:
            continue
        # (attribution, where its clause starts, whether it names its own speaker)
        inners: list[tuple[int, int, bool]] = []
        for j, v in enumerate(cue_roots):
            if j == k or not (lo <= v.i < hi):
                continue
            if not _is_reporting(v):
                continue  # "..., knowing that X": a thought inside the report
            own = _subject(v) is not None
            if v.head.i == head.i and (v.dep_ == "conj" or (v.dep_ == "advcl" and v.tag_ == "VBG")):
                inners.append((j, v.left_edge.i, own))
            elif v.head.i == head.i and own and found[j].content and _contrast_clause(v):
                # "Police said A, while a witness claimed B", "X said A, though
                # she noted B": a second report, by its own source and of its
                # own content, not part of what the first one says. Not "A
                # while police shout at him".
                inners.append((j, v.left_edge.i, own))
            phrase = _gerund_phrase(v)
            if phrase is not None and phrase.head.i == head.i:
                inners.append((j, phrase.left_edge.i, own))
        if not inners:
            continue
        content = _long_enough(doc, lo, min(cut for _, cut, _ in inners), 2)
        if content is None:
            continue
        out[k] = replace(outer, content=content)
        for j, _, own in inners:
            if own:
                # "X said A, but chemist Y cautioned B": Y speaks.
                continue
            # The parse gives it the reported clause's subject ("he would"):
            # it is the outer speaker's.
            out[j] = replace(out[j], speaker=outer.speaker, resolved=outer.resolved)
    return out


# Contrast and concession: what follows stands beside the first report. A
# clause of time or cause ("because", "after") is part of what is reported:
# cut there too, PolNeAR's odd half lost (source 0.8555 -> 0.8545).
_CONTRAST_MARKS = frozenset({"while", "whereas", "whilst", "although", "though"})


def _contrast_clause(verb: Token) -> bool:
    """ "..., while a witness claimed B", "..., though she noted B": an
    adverbial clause of contrast or concession. Only a finite one: "while
    saying B" is the outer speaker's own aside."""
    if verb.dep_ != "advcl":
        return False
    finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ == "aux" for c in verb.children)
    return finite and any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in verb.children)


def _gerund_phrase(verb: Token) -> Token | None:
    """ "..., aside from saying X", "..., apart from noting Y": the adverb that
    brings a gerund of saying. Not "apologised for saying X" or "by adding
    Y", where the gerund is what the outer report is about."""
    if verb.dep_ != "pcomp" or verb.tag_ != "VBG" or verb.head.dep_ != "prep":
        return None
    adverb = verb.head.head
    return adverb if adverb.pos_ == "ADV" and adverb.dep_ == "advmod" else None


def _outside_speakers(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Drop acts that describe another attribution's speaker: in "Councillor
    Hale, who voted against the measure, said X" the relative clause says who
    Hale is. One that says or thinks something ("X, who argued that Y, said")
    still reports."""
    speakers = [a.speaker for a in found if a.speaker is not None]

    def describes(a: Attribution) -> bool:
        if a.resolved is None or doc[a.cue[1] - 1].lemma_ in CLAUSE_VERBS:
            return False  # not a relative clause's, or a verb of saying or thinking
        return any(s[0] <= a.cue[0] and a.cue[1] <= s[1] and s != a.speaker for s in speakers)

    found = [a for a in found if not describes(a)]
    # "About 2,100 households are expected to be eligible, the department
    # said": the unnamed "are expected" inside what a named source says is
    # that source's wording, not a second claim on the same words.
    named = [a.content for a in found if a.speaker is not None and a.content is not None]
    cues = [a.cue for a in found if a.speaker is not None and a.content is not None]

    def restates(a: Attribution) -> bool:
        # "The ministry, as reported in the Courier, accused X": an unnamed
        # "as" clause on a speaker restates that speaker's claim.
        if a.content is None:
            return False
        return _as_participle(doc[a.cue[1] - 1]) and any(
            a.content[0] <= c[0] and c[1] <= a.content[1] for c in cues
        )

    return [
        a
        for a in found
        if a.speaker is not None
        or a.content is None
        or doc[a.cue[0]].pos_ == "NOUN"  # "rejected the idea that X": an idea of its own
        or not (any(c[0] <= a.content[0] and a.content[1] <= c[1] for c in named) or restates(a))
    ]


def _as_participle(verb: Token) -> bool:
    """ "X, as reported in Y, ...": a participle with no subject brought by
    "as", hung on the speaker or on the verb of the claim it restates."""
    return (
        verb.dep_ in ("advcl", "acl")
        and verb.tag_ == "VBN"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def _headline_verb(verb: Token, speaker: tuple[int, int]) -> tuple[int, int] | None:
    """ "Mayor Speaks 'Directly To Voters' After X", "Leaders weigh plans for
    Y": a title's present-tense cue verb reports the rest of the title, even
    where it takes nothing a report would in running text."""
    doc = verb.doc
    if verb.dep_ != "ROOT" or verb.tag_ not in ("VBZ", "VBP") or "\n" in text_of(doc)[: verb.idx]:
        return None  # a title is the text's first line
    if not _agent_like(doc, speaker):
        return None
    span = doc.char_span(
        verb.idx + len(verb.text), _line_of(doc, verb)[1], alignment_mode="contract"
    )
    if span is None or len(text_of(doc)[: span.end_char].split()) > _HEADLINE_WORDS:
        return None
    return _long_enough(doc, span.start, span.end, 3)


def _finds_a_thing(verb: Token, speaker: tuple[int, int] | None) -> bool:
    """ "They found a way through the act", "they'll need to find $500 a
    month": with no clause and a pronoun for its subject, "find" is getting
    something, not a finding. A study or a body that finds ("the panel found
    little support") still reports."""
    if verb.lemma_ != "find" or speaker is None or speaker[1] - speaker[0] != 1:
        return False
    return verb.doc[speaker[0]].pos_ == "PRON"


def _asks_the_reader(verb: Token, speaker: tuple[int, int]) -> bool:
    """ "Would you vote for X?", "Do you know where Y is?": a question to the
    reader ascribes nothing to anyone."""
    doc = verb.doc
    # The speaker's text from the Doc's text and columns: this is asked of
    # most reported speech, and a Span's text joins a Token's for each word.
    start, end = speaker
    if end <= start:
        return False
    data = doc_data(doc)
    lo, hi = data.idxs[start], data.idxs[end - 1] + len(data.texts[end - 1])
    if text_of(doc)[lo:hi].lower() != "you":
        return False
    return verb.sent.text.rstrip(" \n\"'”’").endswith("?")
