"""Attributions read from the dependency parse: who reports what, with which cue.

One walk over the tokens of a parsed ``Doc`` finds reporting cues: a
reporting verb with its subject (the speaker) and its clausal complement or
object (the content), "according to X", stance and certainty phrases,
passives ("it was reported that"), and claim nouns ("the allegation that X").
Ranges here are token ranges; ``claims`` turns them into character offsets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Lemmas of verbs that report speech, writing or findings.
_REPORTING_WORDS = """
    say tell claim announce warn deny accuse report state add note argue insist
    explain write confirm acknowledge suggest predict allege assert declare
    estimate reveal admit concede contend maintain testify urge recall complain
    indicate show find tweet respond reply promise pledge vow stress
    emphasize emphasise observe believe charge blame criticize criticise cite
    disclose conclude predict caution remark comment agree announce estimate
    mention reiterate repeat boast brag joke quip hint imply signal assure
    inform remind tout counter retort object protest acknowledge post ask
    propose demand recommend proclaim affirm project forecast calculate
    describe question wonder
"""
REPORTING_VERBS = frozenset(_REPORTING_WORDS.split())
# Verbs of belief, knowledge and expectation: with a clause they ascribe a
# proposition to their subject just as "say" does ("Clinton believes that ...").
_COGNITION_WORDS = """
    think know believe hope expect feel fear worry doubt realize realise
    understand learn recognize recognise suspect decide guess imagine
    consider figure reckon judge determine discover notice hear see remember
    forget agree accept dispute dismiss reject rule assume hop convince
"""
CLAUSE_VERBS = REPORTING_VERBS | frozenset(_COGNITION_WORDS.split())
# Verbs whose content can be an object rather than a clause: "accused X of Y".
_OBJECT_CONTENT_WORDS = """
    accuse deny announce warn claim blame criticize criticise cite confirm
    reveal promise pledge vow urge disclose admit acknowledge predict
    call propose demand support endorse oppose blast slam condemn
    denounce decry praise applaud commend question defend reject dismiss
    describe mention discuss reference tout promote stress emphasize
    emphasise highlight challenge welcome recommend back echo express
    dispute mock ridicule dub label brand characterize characterise liken
    compare advocate unveil lament tweet suggest note show endorse voice offer
    reiterate repeat concede report attack embrace bemoan despise invoke view
    lambaste castigate assail rebuke scold hail champion favor favour
    want seek detail outline document examine downplay ignore address debate
    indicate proclaim declare accept signal forecast
"""
OBJECT_CONTENT_VERBS = frozenset(_OBJECT_CONTENT_WORDS.split())
# Prepositions whose object is the content: "called for X", "spoke of X".
_CONTENT_PREPS = {
    "call": {"for", "on"},
    "speak": {"of", "about"},
    "talk": {"about"},
    "point": {"to"},
    "refer": {"to"},
    "warn": {"of", "about", "against"},
    "complain": {"about", "of"},
    "comment": {"on"},
    "argue": {"for", "against"},
    "push": {"for"},
    "press": {"for"},
    "campaign": {"for", "against"},
    "testify": {"about"},
    "boast": {"about", "of"},
    "brag": {"about"},
    "joke": {"about"},
    "ask": {"about", "for"},
    "rail": {"against"},
    "respond": {"to", "with", "by"},
    "decide": {"against", "on"},
    "vote": {"for", "against"},
    "agree": {"with", "on"},
    "weigh": {"in", "on"},
    "know": {"about", "of"},
    "hear": {"about", "of"},
    "learn": {"about", "of"},
    "think": {"about", "of"},
    "worry": {"about"},
    "care": {"about"},
    "wonder": {"about"},
    "believe": {"in"},
    "fight": {"for", "against"},
    "advocate": {"for"},
    "lobby": {"for", "against"},
}
# Prepositions that can bring what a verb is about ("warned of X"); others
# ("in", "from", "at") bring only time and place.
_TOPIC_PREPS = frozenset({"of", "about", "for", "against", "on", "over", "to", "with", "as"})
# Verbs of intention and stance whose content is an infinitive: "wants to X".
_XCOMP_WORDS = """
    want plan hope hop expect intend refuse decline promise pledge vow threaten
    agree offer seek ask urge propose demand claim aim vote encourage
    call wish prefer tell order instruct direct advise warn invite challenge
    implore beg persuade
"""
XCOMP_VERBS = frozenset(_XCOMP_WORDS.split())
# Common nouns for people and bodies of people that speak in the news.
_AGENT_WORDS = """
    official spokesman spokeswoman spokesperson representative campaign
    administration government committee commission group critic supporter
    lawmaker legislator leader president candidate nominee senator
    congressman congresswoman governor mayor minister ministry department
    agency company firm bank official aide adviser advisor expert analyst
    economist scientist researcher voter people republican democrat
    conservative liberal activist advocate organization organisation party
    union police prosecutor judge court lawyer attorney source member
    chairman chairwoman chair director executive ceo founder owner manager
    investor resident citizen worker employee union board council panel
    delegation country nation state city team side camp staff writer
    author editor reporter journalist columnist newspaper network poll
    pollster survey report study statement letter memo document filing
    complaint lawsuit ad video tweet post website opponent rival ally
    friend family wife husband mother father son daughter man woman
    host moderator anchor doctor physician mother student teacher
    protester demonstrator voter woman man person everyone someone
"""
_MORE_AGENT_WORDS = """
    authority authorities moderator official officer lawmaker regulator agency
    newspaper paper outlet magazine station channel broadcaster publication
    administration white house congress senate legislature parliament cabinet
    commentator pundit strategist historian scholar professor academic
    economists observer forecaster insider donor backer endorser surrogate
    operative consultant lobbyist industry military army navy officer soldier
    veteran prosecutor investigator regulator inspector auditor
    analysis data average research record figure number polling model
    projection estimate review audit assessment finding result census tally
"""
AGENT_NOUNS = frozenset(_AGENT_WORDS.split()) | frozenset(_MORE_AGENT_WORDS.split())
# Heads that stand for the people they count: "a number of lawmakers", "others".
_QUANTIFIER_WORDS = """
    number majority minority many some most few other others percent dozen dozens
    group half third quarter all none each both hundreds thousands millions
"""
_QUANTIFIERS = frozenset(_QUANTIFIER_WORDS.split())
_AGENT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CUE_LEMMAS = CLAUSE_VERBS | OBJECT_CONTENT_VERBS | XCOMP_VERBS | frozenset(_CONTENT_PREPS)
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
PERSON_PRONOUNS = frozenset({"he", "she"})
NON_PERSON_LABELS = frozenset({"ORG", "GPE", "NORP"})
# Relative pronouns stand for the noun their clause hangs on.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

# Nouns that carry a proposition: "the claim that X", "his remarks about X".
_CLAIM_WORDS = """
    claim statement assertion allegation accusation charge argument suggestion
    insistence warning promise pledge assurance belief view contention notion
    comment remark criticism attack complaint denial admission acknowledgment
    acknowledgement prediction forecast estimate finding conclusion report
    announcement declaration suspicion fear hope concern theory speculation
    rumor rumour message question questions agreement consensus idea sense
    recognition expectation perception impression assumption doubt worry
    realization realisation conviction narrative
"""
_CLAIM_NOUNS = frozenset(_CLAIM_WORDS.split())
# Claim nouns that speak without an owner: "allegations of fraud", "questions about X".
_UNOWNED_CLAIM_WORDS = """
    allegation accusation claim criticism rumor rumour speculation question
    questions warning complaint report
"""
_UNOWNED_CLAIM_NOUNS = frozenset(_UNOWNED_CLAIM_WORDS.split())
_NOUN_CONTENT_PREPS = frozenset({"about", "on", "of", "against", "over", "regarding"})
# Nouns of documents and surveys that, in "In a new poll, ...", speak for themselves.
_SOURCE_WORDS = """
    poll survey study report analysis estimate account statement interview
    memo letter filing data census review audit assessment measure
"""
_SOURCE_NOUNS = frozenset(_SOURCE_WORDS.split())
_SPOKEN_SOURCES = frozenset({"statement", "interview", "letter", "memo", "filing"})


def _is_unit_sign(t: Token) -> bool:
    """A per-cent (or degree) sign after a number belongs to the figure; spaCy
    calls it punctuation."""
    return t.text in "%‰°" and t.i > 0 and t.nbor(-1).like_num


def _edge_trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Drop punctuation (except quote marks that belong to a quote) at both edges."""

    def junk_at_start(t: Token) -> bool:
        return t.is_space or (t.is_punct and t.text not in "“‘\"'")

    def junk_at_end(t: Token) -> bool:
        # A clause cut before its conjunct keeps no dangling "but"/"and".
        return (
            t.is_space
            or t.pos_ == "CCONJ"
            or t.text in ".,;:"
            or (t.is_punct and t.text not in "”’\"'.?!" and not _is_unit_sign(t))
        )

    while start < end and junk_at_start(doc[start]):
        start += 1
    while end > start and junk_at_end(doc[end - 1]):
        end -= 1
    return (start, end) if end > start else None


def _subtree_range(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _noun_phrase(doc: Doc, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    """A speaker span the way news annotation marks it: the whole noun phrase
    with its apposition and the punctuation that closes it ("Sen. Tim Kaine,
    D-Va.,"; "Sen. Ted Cruz (R-Tex.)"; "Quina Jones, 25,"), no leading "But"."""
    if rng is None:
        return None
    start, end = rng
    while end - start > 1 and doc[start].pos_ == "CCONJ":
        start += 1
    if end >= len(doc):
        return start, end
    words = [t.text for t in doc[start:end]]
    nxt = doc[end].text
    closes_bracket = nxt == ")" and words.count("(") > words.count(")")
    closes_dash = nxt in ("--", "—", "–") and nxt in words
    closes_apposition = (
        nxt == "," and "," in words and end + 1 < len(doc) and not doc[end + 1].is_punct
    )
    return start, end + (closes_bracket or closes_dash or closes_apposition)


def _speaker_of(verb: Token, depth: int = 0) -> tuple[int, int] | None:
    """The subject noun phrase of a reporting verb (or the agent of a passive)."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ != "nsubj":
            continue
        return _noun_phrase(doc, _edge_trim(doc, *_subtree_range(child)))
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return _noun_phrase(doc, _edge_trim(doc, *_subtree_range(pobj[0])))
    # "..., Wang said and added" and "X defended it, saying ..." share the
    # subject of the verb they hang on (climbing a few clause links).
    if verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        return _inherited_subject(verb.head, depth)
    # "a statement announcing the pick", "artists writing songs about him":
    # a present participle on a noun speaks for that noun.
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        head = verb.head
        author = _author_of_message(head)
        if author is not None:
            return author
        return _edge_trim(doc, head.left_edge.i, head.i + 1)
    # "Leaders met to discuss X": an infinitive of purpose.
    if verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return _inherited_subject(verb.head, depth)
    # "X responded by saying ...": a gerund after a preposition of the verb.
    prep = verb.head
    if (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and prep.head.pos_ in ("VERB", "AUX")
        and prep.lower_ not in ("without", "despite")
    ):
        return _inherited_subject(prep.head, depth)
    return None


# Things that people write, post or file, and that speak for their author.
_MESSAGE_WORDS = """
    statement letter memo paper papers filing brief motion tweet post message
    email note release ad advertisement video op-ed editorial essay column
"""
_MESSAGE_NOUNS = frozenset(_MESSAGE_WORDS.split())


def _author_of_message(noun: Token) -> tuple[int, int] | None:
    """ "The council issued a statement calling X": a message that is the object
    of a verb speaks for the agent-like subject of that verb."""
    if noun.dep_ != "dobj" or noun.lemma_.lower() not in _MESSAGE_NOUNS:
        return None
    if any(c.dep_ == "poss" for c in noun.children):
        return None  # "released her doctor's letter saying ...": the owner speaks
    verb = noun.head
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj or subj[0].lower_ in RELATIVE_PRONOUNS:
        return None
    speaker = _noun_phrase(noun.doc, _edge_trim(noun.doc, *_subtree_range(subj[0])))
    return speaker if speaker is not None and _agent_like(noun.doc, speaker) else None


def _inherited_subject(tok: Token, depth: int) -> tuple[int, int] | None:
    for _ in range(3 - depth):
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if subj:
            return _noun_phrase(tok.doc, _edge_trim(tok.doc, *_subtree_range(subj[0])))
        if tok.dep_ not in ("xcomp", "advcl", "acl", "conj") or tok.head is tok:
            return None
        tok = tok.head
    return None


def _cue_range(verb: Token) -> tuple[int, int]:
    """The verb with its auxiliaries and particles: "has said", "pointed out"."""
    start = end = verb.i
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass", "neg") and child.i < verb.i:
            start = min(start, child.i)
        if child.dep_ == "prt" and child.i > verb.i:
            end = max(end, child.i)
    # Keep the cue contiguous: auxiliaries separated by an adverb are dropped.
    while start < verb.i and verb.doc[start + 1 : verb.i + 1].text.count(",") > 0:
        start += 1
    return start, end + 1


def _content_of(verb: Token, speaker: tuple[int, int] | None) -> tuple[int, int] | None:
    """The reported content, read from the parse by what the verb takes.

    A clausal complement for verbs of saying and thinking ("said that X");
    with a speaker also an infinitive for verbs of intent ("wants to X",
    "urged Y to X"), a prepositional object ("called for X", "spoke of X") or
    the objects for verbs of stance ("accused X of Y", "called X a Z").
    """
    doc = verb.doc
    lemma = verb.lemma_
    reporting = _is_reporting(verb)
    # Without a speaker only a finite cue reports ("it was reported that",
    # "..., the report says"): a bare gerund ("goes without saying that") or
    # a belief verb ("assuming that") does not.
    finite = reporting and verb.tag_ in ("VBD", "VBZ", "VBP", "VBN")
    if (lemma in CLAUSE_VERBS or reporting) and (speaker is not None or finite):
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        # A headline run into the next line hangs on its verb too: keep the
        # clause on the verb's own line.
        same_line = [c for c in clauses if _same_line(doc, c, verb)] or clauses
        # Of two clauses the one after the verb is what it reports; the
        # other is a sentence the parser ran into it ("A; X says B").
        after = [c for c in same_line if c.i > verb.i]
        for child in after if len(same_line) > 1 and after else same_line:
            return _edge_trim(doc, *_subtree_range(child))
        if speaker is not None and lemma == "say" and verb.tag_ == "VBZ":
            headline = _headline_rest(verb)
            if headline is not None:
                return headline
    if speaker is None or not _agent_like(doc, speaker):
        return None
    if lemma == "say":
        # "X has said the same thing", "Y said little about Z": the object.
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
        if objs and objs[0].lower_ not in RELATIVE_PRONOUNS and objs[0].pos_ != "PRON":
            ends = [objs[0].right_edge.i] + [
                c.right_edge.i
                for c in verb.children
                if c.dep_ == "prep" and c.i > objs[0].i and c.lower_ in ("about", "of", "on")
            ]
            return _long_enough(doc, objs[0].left_edge.i, max(ends) + 1, 1)
    if lemma in OBJECT_CONTENT_VERBS and any(c.dep_ == "agent" for c in verb.children):
        # "X has been endorsed by the Times": the passive subject is the content.
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subj and subj[0].lower_ not in RELATIVE_PRONOUNS:
            return _edge_trim(doc, *_subtree_range(subj[0]))
    right = [c for c in verb.children if c.i > verb.i]
    preps = _CONTENT_PREPS.get(lemma)
    if preps:
        for child in right:
            if child.dep_ in ("prep", "prt") and child.lower_ in preps:
                ends = [
                    c.right_edge.i
                    for c in right
                    if c.i >= child.i and c.dep_ in ("prep", "xcomp", "dobj", "ccomp", "oprd")
                ]
                if ends:
                    return _long_enough(doc, child.i + 1, max(ends) + 1, 2)
    if lemma in XCOMP_VERBS:
        xcomp = [c for c in right if c.dep_ == "xcomp"]
        if xcomp:
            objs = [c.left_edge.i for c in right if c.dep_ == "dobj" and c.i < xcomp[0].i]
            start = min([xcomp[0].left_edge.i, *objs])
            return _long_enough(doc, start, xcomp[0].right_edge.i + 1, 2)
    if lemma not in OBJECT_CONTENT_VERBS:
        return None
    kept = [
        c for c in right if c.dep_ in ("dobj", "prep", "xcomp", "dative", "attr", "oprd", "ccomp")
    ]
    if all(c.dep_ == "prep" and c.lower_ not in _TOPIC_PREPS for c in kept):
        return None  # "tweeted in the early hours", "reported from the scene"
    start = min(c.left_edge.i for c in kept)
    end = max(c.right_edge.i for c in kept) + 1
    # A name or a noun will do on its own ("endorsed Clinton"), a pronoun not.
    named = end - start == 1 and doc[start].pos_ in ("PROPN", "NOUN")
    return _long_enough(doc, start, end, 1 if named else 2)


# Verbs that report only with their particle: "pointed out that X".
_PHRASAL_REPORTING = frozenset({("point", "out"), ("spell", "out")})


def _is_reporting(verb: Token) -> bool:
    if verb.lemma_ in REPORTING_VERBS:
        return True
    return any((verb.lemma_, c.lower_) in _PHRASAL_REPORTING for c in verb.children)


def _same_line(doc: Doc, a: Token, b: Token) -> bool:
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.text_with_ws for t in doc[lo:hi])


def _line_of(doc: Doc, tok: Token) -> tuple[int, int]:
    """Character offsets of the line (paragraph) holding ``tok``."""
    text = doc.text
    start = text.rfind("\n", 0, tok.idx) + 1
    end = text.find("\n", tok.idx)
    return start, len(text) if end == -1 else end


_HEADLINE_WORDS = 20


def _headline_rest(verb: Token) -> tuple[int, int] | None:
    """ "Flynn says Trump 'absolutely right'": in a short headline-like line
    the words after "says" are the content even when the parse has no clause."""
    doc = verb.doc
    lo, hi = _line_of(doc, verb)
    line = doc.text[lo:hi]
    if len(line.split()) > _HEADLINE_WORDS or line.rstrip(". ").count(". ") > 0:
        return None
    span = doc.char_span(verb.idx + len(verb.text), hi, alignment_mode="contract")
    if span is None:
        return None
    return _long_enough(doc, span.start, span.end, 3)


def _agent_like(doc: Doc, speaker: tuple[int, int]) -> bool:
    """A speaker that can want, demand or attack: a name, a pronoun, a body of people.

    "The new requirement threatened to disrupt production" is no attribution,
    so contents read from objects and infinitives need such a subject.
    """
    root = doc[speaker[0] : speaker[1]].root
    for _ in range(3):
        if root.pos_ in ("PROPN", "PRON") or root.ent_type_ in _AGENT_ENTS:
            return True
        lemma = root.lemma_.lower()
        if lemma in AGENT_NOUNS:
            return True
        if lemma not in _QUANTIFIERS:
            return False
        # "a number of lawmakers", "73 percent of voters", "others": look at whom.
        of = [c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"]
        pobj = [c for o in of for c in o.children if c.dep_ == "pobj"]
        if not pobj:
            return lemma in ("other", "many", "some", "most", "few", "all", "both")
        root = pobj[0]
    return False


def _long_enough(doc: Doc, start: int, end: int, words: int) -> tuple[int, int] | None:
    trimmed = _edge_trim(doc, start, end)
    if trimmed is None:
        return None
    n = sum(1 for t in doc[trimmed[0] : trimmed[1]] if not t.is_punct)
    return trimmed if n >= words else None


def _parenthetical_content(verb: Token) -> tuple[int, int] | None:
    """ "X, Mr. Obama said, is Y" and "X, as police have said": the rest of the sentence.

    The parser hangs such a cue on the reported clause (parataxis, or an "as"
    clause), so the content is the sentence without the cue's own clause; of
    its two sides we keep the longer one, as for "according to".
    """
    is_as = verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )
    if verb.dep_ != "parataxis" and not is_as:
        return None
    doc = verb.doc
    sent = verb.sent
    lo, hi = _subtree_range(verb)
    before = _edge_trim(doc, sent.start, lo)
    after = _edge_trim(doc, hi, sent.end)
    sides = [r for r in (before, after) if r is not None]
    if not sides:
        return None
    best = max(sides, key=lambda r: r[1] - r[0])
    return _long_enough(doc, *best, 3)


def _according_to(tok: Token) -> Attribution | None:
    """ "..., according to X" / "According to X, ...": speaker X, content the clause."""
    doc = tok.doc
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
        return None
    to = doc[tok.i + 1]
    # "according to show insiders": a misparse makes the source a clause.
    pobj = [c for c in to.children if c.dep_ in ("pobj", "pcomp")]
    if not pobj:
        return None
    speaker = _noun_phrase(doc, _edge_trim(doc, *_subtree_range(pobj[0])))
    sent = tok.sent
    phrase_start, phrase_end = tok.i, pobj[0].right_edge.i + 1
    # Content: the rest of the sentence on the larger side of the phrase.
    before = (sent.start, phrase_start)
    after = (phrase_end, sent.end)
    side = before if before[1] - before[0] >= after[1] - after[0] else after
    content = _edge_trim(doc, *side)
    if content is None:
        return None
    return Attribution((tok.i, tok.i + 2), speaker, content, sent.start)


# "The Latest: ...", "UPDATE: ...": labels, not speakers.
_NOT_SPEAKER_LABELS = frozenset({"latest", "update", "editor", "note", "watch", "read", "related"})
_LABEL_SOURCES = frozenset({"poll", "survey", "study", "report"})


def _label_colon(colon: Token) -> Attribution | None:
    """ "Pence: Gennifer Flowers Won't Be at Debate" and "WALLACE: ...": a name
    opening a line with a colon is the speaker of the rest of the line."""
    doc = colon.doc
    start = colon.i
    while start > 0 and not doc[start - 1].is_space and "\n" not in doc[start - 1].text:
        start -= 1
    if start > 0 and "\n" not in doc[start - 1].text_with_ws:
        return None
    if start == colon.i or colon.i - start > 4:
        return None
    words = doc[start : colon.i]
    if any(t.lower_ in _NOT_SPEAKER_LABELS for t in words):
        return None
    named = all(t.ent_type_ in ("PERSON", "ORG") for t in words)
    shouted = all(t.is_upper and t.is_alpha and len(t) > 1 for t in words)
    source = len(words) == 1 and words[0].lemma_.lower() in _LABEL_SOURCES
    if not (named or shouted or source):
        return None
    lo, hi = _line_of(doc, colon)
    span = doc.char_span(colon.idx + 1, hi, alignment_mode="contract")
    if span is None:
        return None
    content = _long_enough(doc, span.start, span.end, 3)
    if content is None:
        return None
    return Attribution((colon.i, colon.i + 1), (start, colon.i), content, start)


_OPENING_MARKS = "\"“‘'"


def _colon_speaker(colon: Token, verb: Token | None = None) -> Attribution | None:
    """ "Councillor Brandt continued: '...'": any verb whose agent-like subject
    ends its clause with a colon before a quotation (or the paragraph end)
    introduces what follows; a cue without content, for the quote to take."""
    doc = colon.doc
    verb = colon.head if verb is None else verb
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_ in _CUE_LEMMAS or verb.i > colon.i:
        return None
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ != "aux" for t in doc[verb.i + 1 : colon.i]):
        return None  # the colon closes another clause than the verb's own
    rest = doc.text[colon.idx + 1 : colon.idx + 40].lstrip(" \t\xa0")
    if rest and rest[0] not in _OPENING_MARKS + "\n":
        return None
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    resolved = _antecedent(verb, speaker)
    return Attribution(_cue_range(verb), speaker, None, verb.sent.start, resolved)


# Verbs of voicing that introduce a quotation after a comma or full stop too:
# "She continued, '...'", "Protesters chanted. '...'".
_VOICE_WORDS = "continue shout yell scream chant read exclaim whisper cry"
_VOICE_VERBS = frozenset(_VOICE_WORDS.split())


def _voice_speaker(verb: Token) -> Attribution | None:
    """ "She continued, '...'": a verb of voicing whose clause ends right
    before a quotation in the same paragraph gives that quote its speaker."""
    doc = verb.doc
    for tok in doc[verb.i + 1 : verb.i + 12]:
        if tok.text in (":", ",", "."):
            break
        if tok.pos_ in ("VERB", "AUX") or "\n" in tok.text_with_ws:
            return None
    else:
        return None
    rest = doc.text[tok.idx + 1 : tok.idx + 8].lstrip(" \t\xa0")
    if not rest or rest[0] not in _OPENING_MARKS:
        return None
    return _colon_speaker(tok, verb)


# "X has been critical of Y", "X is a staunch opponent of Y", "X made no secret of Y".
_STANCE_ADJECTIVE_WORDS = """
    critical supportive skeptical sceptical wary opposed dismissive contemptuous
    worried concerned optimistic pessimistic passionate enthusiastic
"""
_STANCE_ADJECTIVES = frozenset(_STANCE_ADJECTIVE_WORDS.split())
_STANCE_NOUN_WORDS = """
    opponent critic supporter proponent advocate champion backer defender foe
"""
_STANCE_NOUNS = frozenset(_STANCE_NOUN_WORDS.split())


def _stance_phrase(verb: Token) -> Attribution | None:
    """A stance said with a copula or "make no secret": the object of its "of"
    (or "about") is the content, the agent-like subject the source."""
    doc = verb.doc
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    if verb.lemma_ == "be":
        heads = [
            c
            for c in verb.children
            if (c.dep_ == "acomp" and c.lemma_.lower() in _STANCE_ADJECTIVES)
            or (c.dep_ == "attr" and c.lemma_.lower() in _STANCE_NOUNS)
        ]
    else:
        heads = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "secret"]
    if not heads:
        return None
    head = heads[0]
    preps = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "about")]
    if not preps:
        return None
    pobj = [c for c in preps[0].children if c.dep_ in ("pobj", "pcomp")]
    if not pobj:
        return None
    if pobj[0].pos_ == "PRON" and pobj[0].left_edge == pobj[0].right_edge:
        return None  # "what he is passionate about", "worried about it"
    content = _long_enough(doc, *_subtree_range(pobj[0]), 1)
    if content is None:
        return None
    cue_start = _cue_range(verb)[0]
    return Attribution((cue_start, preps[0].i + 1), speaker, content, verb.sent.start)


# "She is sure that X", "it is clear that X", "X is likely to Y": a belief
# or a hedge said with an adjective and a clause.
_CERTAINTY_WORDS = """
    sure certain confident convinced determined clear likely unlikely aware
    afraid hopeful optimistic pessimistic eager willing adamant
"""
_CERTAINTY_ADJECTIVES = frozenset(_CERTAINTY_WORDS.split())


def _certainty(verb: Token) -> Attribution | None:
    doc = verb.doc
    adjs = [
        c
        for c in verb.children
        if c.dep_ == "acomp" and c.lemma_.lower() in _CERTAINTY_ADJECTIVES and c.i > verb.i
    ]
    if not adjs:
        return None
    adj = adjs[0]
    clauses = [
        c for c in (*adj.children, *verb.children) if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i
    ]
    if not clauses:
        return None
    clause = min(clauses, key=lambda c: c.i)
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    speaker = None
    if subj and subj[0].lower_ != "it":
        speaker = _noun_phrase(doc, _edge_trim(doc, *_subtree_range(subj[0])))
        if clause.dep_ == "xcomp" and not _agent_like(doc, speaker):
            # "The bill is likely to pass": the writer's hedge on the subject.
            content = _long_enough(doc, subj[0].left_edge.i, clause.right_edge.i + 1, 3)
            if content is None:
                return None
            return Attribution((verb.i, adj.i + 1), None, content, verb.sent.start)
    content = _long_enough(doc, *_subtree_range(clause), 2)
    if content is None:
        return None
    return Attribution((verb.i, adj.i + 1), speaker, content, verb.sent.start)


# Nouns that with "make" say what a verb would: "made the case that X".
_LIGHT_WORDS = "case reference condemnation determination point speech appeal plea"
_LIGHT_NOUNS = _CLAIM_NOUNS | frozenset(_LIGHT_WORDS.split())


def _light_verb(verb: Token) -> Attribution | None:
    """ "X made the case that Y", "X made a strong condemnation of Y": a
    statement noun as the object of "make" reports like its verb."""
    doc = verb.doc
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in _LIGHT_NOUNS]
    if not objs:
        return None
    noun = objs[0]
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    content = None
    clauses = [
        c
        for c in (*verb.children, *noun.children)
        if c.i > noun.i
        and (
            c.dep_ == "ccomp"
            or (c.dep_ == "acl" and any(m.lower_ == "that" for m in c.children if m.dep_ == "mark"))
        )
    ]
    if clauses:
        content = _long_enough(doc, *_subtree_range(clauses[0]), 3)
    else:
        # "the case for X" on the noun; on the verb "on" would bring a date.
        preps = [
            c
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "on", "about", "against")
        ] + [
            c
            for c in verb.children
            if c.dep_ == "prep" and c.i > noun.i and c.lower_ in ("of", "for", "about", "against")
        ]
        pobj = [c for p in preps[:1] for c in p.children if c.dep_ in ("pobj", "pcomp")]
        if pobj:
            content = _long_enough(doc, *_subtree_range(pobj[0]), 1)
    if content is None:
        return None
    cue = (_cue_range(verb)[0], noun.i + 1)
    return Attribution(cue, speaker, content, verb.sent.start)


_SEEM_VERBS = frozenset({"seem", "appear"})


def _seems(verb: Token) -> Attribution | None:
    """ "Republicans seem confident ...", "it appears that X": the writer's
    hedged impression, an attribution with no named source (as annotated)."""
    doc = verb.doc
    comps = [
        c for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd", "ccomp") and c.i > verb.i
    ]
    if not comps:
        return None
    comp = comps[0]
    if comp.pos_ == "VERB" and comp.lemma_ in _CUE_LEMMAS:
        return None  # "he appeared to suggest that ...": that cue reports itself
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if comp.dep_ == "ccomp" or not subj or subj[0].lower_ == "it":
        if comp.dep_ != "ccomp" or not any(c.dep_ == "mark" for c in comp.children):
            return None
        content = _long_enough(doc, *_subtree_range(comp), 3)
    else:
        content = _long_enough(doc, subj[0].left_edge.i, comp.right_edge.i + 1, 3)
    if content is None:
        return None
    return Attribution(_cue_range(verb), None, content, verb.sent.start)


# Verbs whose passive ascribes a view of its subject to an unnamed source:
# "X is expected to win", "X was accused of fraud", "X is seen as weak".
_PASSIVE_STANCE_WORDS = """
    expect accuse criticize criticise consider say report believe think
    allege suspect see view regard describe call label deem praise blame charge
    predict project forecast estimate rumor rumour brand dub hail condemn fault
    credit tout rank know
"""
_PASSIVE_STANCE_VERBS = frozenset(_PASSIVE_STANCE_WORDS.split())
_PASSIVE_COMPLEMENTS = frozenset({"of", "for", "as"})
_AS_ONLY_VERBS = frozenset({"see", "view", "regard", "know"})


def _passive_stance(verb: Token) -> Attribution | None:
    """ "The bill is expected to pass", "X was accused of Y": with no agent the
    source is unnamed and the content is the subject with its complement."""
    if verb.tag_ != "VBN" or verb.lemma_ not in _PASSIVE_STANCE_VERBS:
        return None
    kids = list(verb.children)
    if any(c.dep_ == "agent" for c in kids):
        return None
    subj = [c for c in kids if c.dep_ == "nsubjpass"]
    if not subj and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        # "a bill, known as X", "the rules considered the strictest": the
        # participle hangs on the noun it describes.
        subj = [verb.head]
    if not subj or subj[0].lower_ == "it":
        return None
    comps = [
        c
        for c in kids
        if c.i > verb.i
        and (
            c.dep_ in ("xcomp", "oprd", "ccomp")
            or (c.dep_ == "prep" and c.lower_ in _PASSIVE_COMPLEMENTS)
        )
    ]
    if verb.lemma_ in _AS_ONLY_VERBS:
        # "X is seen as weak" ascribes a view; "X was seen leaving" is sight.
        comps = [c for c in comps if c.lower_ == "as"]
    if not comps:
        return None
    doc = verb.doc
    content = _long_enough(doc, subj[0].left_edge.i, comps[-1].right_edge.i + 1, 3)
    if content is None:
        return None
    return Attribution(_cue_range(verb), None, content, verb.sent.start)


def find_attributions(doc: Doc) -> list[Attribution]:
    """Reporting cues with speaker and content, in text order."""
    found: list[Attribution] = []
    for tok in doc:
        if tok.text == ":" and 0 < tok.i < len(doc) - 3:
            att = _label_colon(tok) or _colon_speaker(tok)
            if att is not None:
                found.append(att)
            continue
        if tok.lower_ == "according":
            att = _according_to(tok)
            if att is not None:
                found.append(att)
            continue
        if tok.pos_ == "NOUN" and tok.lemma_ in _INTENT_NOUNS:
            att = _intent_noun(tok)
            if att is not None:
                found.append(att)
                continue
        if tok.pos_ == "NOUN" and tok.lemma_ in _CLAIM_NOUNS:
            att = _noun_cue(tok)
            if att is not None:
                found.append(att)
            continue
        if tok.dep_ == "prep" and tok.lower_ in ("in", "by"):
            att = _source_phrase(tok)
            if att is not None:
                found.append(att)
            continue
        if tok.lemma_ in ("be", "make") and tok.pos_ in ("VERB", "AUX"):
            att = (
                _stance_phrase(tok)
                or (tok.lemma_ == "be" and _certainty(tok))
                or (tok.lemma_ == "make" and _light_verb(tok))
                or None
            )
            if att is not None:
                found.append(att)
                continue
        if tok.lemma_ in _SEEM_VERBS and tok.pos_ in ("VERB", "AUX"):
            att = _seems(tok)
            if att is not None:
                found.append(att)
            continue
        if tok.pos_ == "VERB" and tok.lemma_ not in _CUE_LEMMAS:
            att = (
                _passive_stance(tok) or (tok.lemma_ in _VOICE_VERBS and _voice_speaker(tok)) or None
            )
            if att is not None:
                found.append(att)
            continue
        if tok.pos_ != "VERB" or tok.lemma_ not in _CUE_LEMMAS:
            continue
        speaker = _speaker_of(tok)
        resolved = _antecedent(tok, speaker)
        content = _content_of(tok, resolved or speaker)
        if content is None and _is_reporting(tok):
            content = _parenthetical_content(tok)
        if content is None and speaker is None:
            att = _passive_stance(tok)
            if att is not None:
                found.append(att)
                continue
        if content is None and not (speaker is not None and _is_reporting(tok)):
            continue
        # A speech cue with a speaker but no content of its own ('"...," said
        # X, a physicist who ...') can still name the speaker of a quote.
        if speaker is not None and _asks_the_reader(tok, speaker):
            continue
        found.append(Attribution(_cue_range(tok), speaker, content, tok.sent.start, resolved))
    return found


def _asks_the_reader(verb: Token, speaker: tuple[int, int]) -> bool:
    """ "Would you vote for X?", "Do you know where Y is?": a question to the
    reader ascribes nothing to anyone."""
    doc = verb.doc
    if doc[speaker[0] : speaker[1]].text.lower() != "you":
        return False
    return verb.sent.text.rstrip(" \n\"'”’").endswith("?")


def _possessor(noun: Token) -> tuple[int, int] | None:
    """Who owns a claim noun: "Trump's claim", "his comments", "the claim by X"."""
    doc = noun.doc
    for child in noun.children:
        if child.dep_ == "poss":
            return _edge_trim(doc, *_subtree_range(child))
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > noun.i:
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                return _edge_trim(doc, *_subtree_range(pobj[0]))
    names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if names:
        # "a New York Times report that ...": the name modifying the noun.
        return _edge_trim(doc, noun.left_edge.i, noun.i)
    return None


# Verbs by which a subject voices a claim noun of its own: "X raised questions about Y".
_VOICING_WORDS = "have raise express voice share offer issue pose repeat reiterate echo air"
_VOICING_VERBS = frozenset(_VOICING_WORDS.split())


def _holder(noun: Token) -> tuple[int, int] | None:
    """The agent-like subject of the verb that voices the noun: "the agency has
    questions about X", "she expressed the hope that Y"."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_ not in _VOICING_VERBS:
        return None
    speaker = _speaker_of(verb)
    if speaker is None or not _agent_like(noun.doc, speaker):
        return None
    return speaker


def _noun_cue(noun: Token) -> Attribution | None:
    """Noun cues: "the claim that X", "Trump's claim that X", "his comments about X".

    A that-clause is content whoever owns the noun; a prepositional object
    ("his remarks on X") only with an agent-like owner.
    """
    doc = noun.doc
    speaker = _possessor(noun) or _holder(noun)
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in ("acl", "ccomp", "relcl") and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            content = _long_enough(doc, *_subtree_range(child), 3)
            if content is not None:
                return Attribution((noun.i, noun.i + 1), speaker, content, noun.sent.start)
    if speaker is not None and not _agent_like(doc, speaker):
        return None
    if speaker is None and noun.lemma_ not in _UNOWNED_CLAIM_NOUNS:
        return None
    for child in noun.children:
        if child.dep_ == "prep" and child.i > noun.i and child.lower_ in _NOUN_CONTENT_PREPS:
            pobj = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if pobj:
                content = _long_enough(doc, *_subtree_range(pobj[0]), 2)
                if content is not None:
                    return Attribution((noun.i, child.i + 1), speaker, content, noun.sent.start)
    return None


# Nouns of intent whose infinitive is the content: "the mayor's decision to X".
_INTENT_WORDS = """
    plan decision promise pledge vow threat call effort bid push proposal
    refusal attempt intention intent determination commitment offer demand
    request agreement
"""
_INTENT_NOUNS = frozenset(_INTENT_WORDS.split())


def _intent_noun(noun: Token) -> Attribution | None:
    """ "Britain's decision to leave the EU", "the union's call to strike":
    an agent-like owner and an infinitive after the noun."""
    doc = noun.doc
    speaker = _possessor(noun)
    if speaker is None or not _agent_like(doc, speaker):
        return None
    for child in noun.children:
        if (
            child.dep_ in ("acl", "relcl")
            and child.i > noun.i
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        ):
            content = _long_enough(doc, *_subtree_range(child), 2)
            if content is not None:
                return Attribution((noun.i, noun.i + 1), speaker, content, noun.sent.start)
    return None


def _source_phrase(prep: Token) -> Attribution | None:
    """ "In a new poll, X leads"; "by one estimate, X": the phrase's noun is the source."""
    doc = prep.doc
    head = prep.head
    if head.pos_ not in ("VERB", "AUX") or head.lemma_ in _CUE_LEMMAS:
        return None
    pobj = [c for c in prep.children if c.dep_ == "pobj"]
    if not pobj or pobj[0].lemma_.lower() not in _SOURCE_NOUNS:
        return None
    if prep.lower_ == "by" and pobj[0].lemma_.lower() not in ("estimate", "account", "measure"):
        return None
    noun = pobj[0]
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        return None  # "in the case of", "in the report of the committee": not a source
    speaker = _edge_trim(doc, *_subtree_range(noun))
    if noun.lemma_.lower() in _SPOKEN_SOURCES:
        # "In a statement, Smith ...": the statement is Smith's.
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        if subj:
            speaker = _edge_trim(doc, *_subtree_range(subj[0]))
    lo, hi = _subtree_range(head)
    p_lo, p_hi = _subtree_range(prep)
    sides = [r for r in (_edge_trim(doc, lo, p_lo), _edge_trim(doc, p_hi, hi)) if r is not None]
    if not sides:
        return None
    best = max(sides, key=lambda r: r[1] - r[0])
    content = _long_enough(doc, *best, 4)
    if content is None:
        return None
    return Attribution((prep.i, prep.i + 1), speaker, content, prep.sent.start)


def _antecedent(verb: Token, speaker: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "Smith, who said ...": the speaker is "who", standing for the noun the clause hangs on."""
    if speaker is None or speaker[1] - speaker[0] != 1 or verb.dep_ != "relcl":
        return None
    if verb.doc[speaker[0]].lower_ not in RELATIVE_PRONOUNS:
        return None
    head = verb.head
    return _edge_trim(verb.doc, head.left_edge.i, head.i + 1)
