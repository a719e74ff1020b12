"""Reporting verbs: what "X said that Y" reports, read from what the verb takes.

Clausal complements, objects, prepositional objects and infinitives; a
headline's "says" and a parenthetical cue ("X, he said, is Y").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.subjects import _agent_like, _antecedent, _speaker_of
from newsread.analysis.attributions.tokens import (
    _cue_range,
    _edge_trim,
    _line_of,
    _long_enough,
    _same_line,
    _subtree_range,
)
from newsread.analysis.attributions.words import (
    _CONTENT_PREPS,
    _CUE_LEMMAS,
    _TOPIC_PREPS,
    AS_VIEW_VERBS,
    CLAUSE_VERBS,
    DECIDING_VERBS,
    DOCUMENT_NOUNS,
    OBJECT_CONTENT_VERBS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
    XCOMP_VERBS,
)
from newsread.analysis.doc_cache import text_of
from newsread.analysis.records import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Token


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
                # "voted for the coming year", "weighed in Friday about X": a
                # time is not what the verb is about; what follows it may be.
                when = _when(child)
                ends = [
                    c.right_edge.i
                    for c in right
                    if (c.i > child.i if when else c.i >= child.i)
                    and c.dep_ in ("prep", "xcomp", "dobj", "ccomp", "oprd")
                ]
                if ends:
                    start = child.right_edge.i + 1 if when else child.i + 1
                    return _long_enough(doc, start, max(ends) + 1, 2)
    if lemma in XCOMP_VERBS:
        xcomp = [c for c in right if c.dep_ == "xcomp"]
        if xcomp and _bare_speech(xcomp[0]):
            # "declined to comment", "refused to say": a refusal to speak
            # reports nothing.
            return None
        if xcomp:
            objs = [c.left_edge.i for c in right if c.dep_ == "dobj" and c.i < xcomp[0].i]
            start = min([xcomp[0].left_edge.i, *objs])
            return _long_enough(doc, start, xcomp[0].right_edge.i + 1, 2)
    if lemma in AS_VIEW_VERBS:
        # "Critics see the levy as a loophole": what is seen as something is a view.
        objs = [c for c in right if c.dep_ == "dobj"]
        views = [
            c
            for o in objs[:1]
            for c in (*right, *o.children)
            if c.dep_ == "prep"
            and c.lower_ == "as"
            and c.i > o.i
            # ", as new tariffs loom": after a comma "as" opens a clause of
            # time or cause, whatever the parse made of it, not a view.
            and doc[c.i - 1].text != ","
        ]
        if views:
            return _long_enough(doc, objs[0].left_edge.i, views[0].right_edge.i + 1, 2)
    if lemma not in OBJECT_CONTENT_VERBS:
        return None
    kept = [
        c
        for c in right
        if c.dep_ in ("dobj", "prep", "xcomp", "dative", "attr", "oprd", "ccomp") and not _when(c)
    ]
    if not kept:
        return None
    if all(c.dep_ == "prep" and c.lower_ not in _TOPIC_PREPS for c in kept):
        return None  # "tweeted in the early hours", "reported from the scene"
    start = min(c.left_edge.i for c in kept)
    end = max(c.right_edge.i for c in kept) + 1
    # A name, a noun or a pronoun will do on its own ("endorsed Clinton",
    # "criticized him", "backed it"): the verb's object is what it judges.
    named = end - start == 1 and doc[start].pos_ in ("PROPN", "NOUN", "PRON")
    return _long_enough(doc, start, end, 1 if named else 2)


# "asked not to be named", "asked that her name not be used": what a source
# asks of the reporter about its own name, never a statement.
_NAMING_VERBS = frozenset({"name", "identify", "quote", "use", "publish", "print", "disclose"})
_NAME_NOUNS = frozenset({"name", "names", "identity", "identities"})


def asks_anonymity(verb: Token) -> bool:
    """ "who asked not to be named", "declined to be identified", "asked to
    remain anonymous", "asked that her name not be used", "requested
    anonymity": a source's request about its own name, which reports nothing
    (a claim "who asked: not to be named" would credit a relative pronoun
    with words about the reporter's copy)."""
    for c in verb.children:
        if c.dep_ in ("dobj", "prep") and any(
            w.lower_ in ("anonymity", "anonymous") for w in c.subtree
        ):
            return True
        if c.dep_ not in ("xcomp", "ccomp"):
            continue
        if c.lemma_ in ("remain", "stay") and any(g.lower_ == "anonymous" for g in c.children):
            return True
        if c.lemma_ not in _NAMING_VERBS or not any(g.dep_ == "auxpass" for g in c.children):
            continue
        if c.dep_ == "xcomp":
            return True
        if any(g.dep_ == "nsubjpass" and g.lower_ in _NAME_NOUNS for g in c.children):
            return True
    return False


def _bare_speech(verb: Token) -> bool:
    """ "to comment", "to say": a verb of saying with nothing said."""
    return verb.lemma_ in REPORTING_VERBS and all(
        c.dep_ in ("aux", "neg", "advmod", "punct") for c in verb.children
    )


_TIME_LABELS = frozenset({"DATE", "TIME"})


def _when(child: Token) -> bool:
    """ "announced on Thursday", "said in March": a time, not what was said."""
    if child.dep_ != "prep":
        return False
    objs = [c for c in child.children if c.dep_ == "pobj"]
    return bool(objs) and objs[0].ent_type_ in _TIME_LABELS


# Verbs that report only with their particle: "pointed out that X".
_PHRASAL_REPORTING = frozenset({("point", "out"), ("spell", "out")})
_PHRASAL_REPORTING_LEMMAS = frozenset(lemma for lemma, _ in _PHRASAL_REPORTING)


def _is_reporting(verb: Token) -> bool:
    lemma = verb.lemma_
    if lemma in REPORTING_VERBS:
        return True
    # Only these verbs' children can make a pair: the others' are not walked.
    if lemma not in _PHRASAL_REPORTING_LEMMAS:
        return False
    return any((lemma, c.lower_) in _PHRASAL_REPORTING for c in verb.children)


_HEADLINE_WORDS = 20


def _headline_rest(verb: Token) -> tuple[int, int] | None:
    """ "Flynn says Trump 'absolutely right'": in a short headline-like line
    the words after "says" are the content even when the parse has no clause."""
    doc = verb.doc
    lo, hi = _line_of(doc, verb)
    line = text_of(doc)[lo:hi]
    if len(line.split()) > _HEADLINE_WORDS or line.rstrip(". ").count(". ") > 0:
        return None
    span = doc.char_span(verb.idx + len(verb.text), hi, alignment_mode="contract")
    if span is None:
        return None
    return _long_enough(doc, span.start, span.end, 3)


def _parenthetical_content(verb: Token) -> tuple[int, int] | None:
    """ "X, Mr. Obama said, is Y" and "X, as police have said": the rest of the sentence.

    The parser hangs such a cue on the reported clause (parataxis, or an "as"
    clause), so the content is the sentence without the cue's own clause; of
    its two sides we keep the longer one, as for "according to".
    """
    is_as = verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    )
    doc = verb.doc
    sent = verb.sent
    lo, hi = _subtree_range(verb)
    if verb.dep_ != "parataxis" and not is_as and not _trailing(verb, lo, hi):
        return None
    before = _edge_trim(doc, sent.start, lo)
    after = _edge_trim(doc, hi, sent.end)
    sides = [r for r in (before, after) if r is not None]
    if not sides:
        return None
    best = max(sides, key=lambda r: r[1] - r[0])
    return _long_enough(doc, *best, 3)


def _trailing(verb: Token, lo: int, hi: int) -> bool:
    """ "Fares will rise 6%, the operator announced on Thursday": a reporting
    clause after a comma at the end of the sentence, which the parser hangs
    on the reported verb as an adverbial clause."""
    doc = verb.doc
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return False  # "..., adding that", "..., citing X" speak for the main clause's subject
    if any(c.dep_ == "mark" for c in verb.children):
        return False
    # The comma is often the clause's own first token.
    if doc[lo].text != "," and (lo == 0 or doc[lo - 1].text != ","):
        return False
    return all(t.is_punct or t.is_space for t in doc[hi : verb.sent.end])


_OPENING_QUOTES = frozenset({'"', "“", "‘", "''", "``"})


def _as_put_it(verb: Token) -> Attribution | None:
    """ "As the mayor put it, the port ...": "put it" in an "as" clause says
    the rest of the sentence in the speaker's words."""
    it = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "it"]
    if not it or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return None
    speaker = _speaker_of(verb)
    if speaker is None:
        return None
    doc = verb.doc
    lo, hi = _subtree_range(verb)
    after = _edge_trim(doc, hi, verb.sent.end)
    if after is not None and doc[after[0]].text in _OPENING_QUOTES:
        # "... seen, as the magazine put it, 'the operator.'": the quotation.
        content = _long_enough(doc, *after, 1)
    else:
        content = _parenthetical_content(verb)
    if content is None:
        return None
    start, end = _cue_range(verb)
    cue = (start, it[0].i + 1) if it[0].i == end else (start, end)
    return Attribution(cue, speaker, content, verb.sent.start)


_QUESTIONING = frozenset({"ask", "press", "question", "quiz"})
_QUESTION_PREPS = frozenset({"about", "on", "over", "regarding"})


def _asked_about(verb: Token) -> Attribution | None:
    """ "Asked about the closures, the mayor said ...", "when pressed on why
    X": the question put to the sentence's speaker is a report of its own,
    by whoever asked it (the agent, often unnamed)."""
    if verb.lemma_ not in _QUESTIONING or verb.tag_ != "VBN" or verb.dep_ != "advcl":
        return None
    kids = [c for c in verb.children if c.i > verb.i]
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    start, end = _cue_range(verb)
    content = None
    for child in kids:
        if child.dep_ == "prep" and child.lower_ in _QUESTION_PREPS:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                content = _long_enough(doc, *_subtree_range(objs[0]), 1)
                if child.i == end:
                    end = child.i + 1
                break
        if child.dep_ == "xcomp" and (
            child.lemma_ in CLAUSE_VERBS or child.lemma_ in OBJECT_CONTENT_VERBS
        ):
            content = _long_enough(doc, *_subtree_range(child), 2)
            break
    if content is None:
        return None
    speaker = None
    for child in kids:
        if child.dep_ == "agent":
            pobj = [c for c in child.children if c.dep_ == "pobj"]
            if pobj:
                speaker = _edge_trim(doc, *_subtree_range(pobj[0]))
    return Attribution((start, end), speaker, content, verb.sent.start)


# Dependents that make up a noun phrase before its head: the subject words a
# misparse hangs on a verb it tagged as a plural noun.
_NOUN_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "nsubj"})


def _verb_tagged_noun(tok: Token) -> Attribution | None:
    """ "House panel votes to hold X", "Federal court rules against Y", "..., the
    candidate's former doctor maintains": a cue verb in the third person that
    the tagger took for a plural noun heading the sentence. Its noun-phrase
    dependents before it are the speaker, and must name someone; what follows
    it is the content (or, when nothing does, the clause before the speaker)."""
    if tok.dep_ != "ROOT" or tok.tag_ not in ("NNS", "NNPS"):
        return None
    lower = tok.lower_
    stems = [lower[:-1]] if lower.endswith("s") else []
    if lower.endswith("es"):
        stems.append(lower[:-2])
    if not any(stem in _CUE_LEMMAS for stem in stems):
        return None
    if any(c.dep_ == "poss" for c in tok.children):
        return None  # "Senate Republicans' plans for X": owned, so a noun
    doc = tok.doc
    start = tok.i
    for child in reversed(list(tok.lefts)):
        if child.dep_ not in _NOUN_PHRASE_DEPS or child.right_edge.i != start - 1:
            break
        start = child.left_edge.i
    speaker = _edge_trim(doc, start, tok.i)
    if speaker is None or not _agent_like(doc, speaker):
        return None  # "Plans for the harbour", "Ferry questions": a noun after all
    sent = tok.sent
    end = min(tok.right_edge.i + 1, sent.end)
    content = _long_enough(doc, tok.i + 1, end, 2)
    if content is None:
        content = _long_enough(doc, sent.start, start, 3)
    if content is None:
        return None
    return Attribution((tok.i, tok.i + 1), speaker, content, sent.start)


def _publishes(verb: Token) -> Attribution | None:
    """ "The city sent a cease-and-desist letter", "the campaign released an
    ad featuring Y": someone putting out a document reports what it says; the
    document, with what the sentence says it does, is the content. A
    participle that is a cue itself ("issued a statement calling X Y") speaks
    for the issuer on its own. Only a done or doing act: "to release his
    plan" is nothing said yet."""
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in DOCUMENT_NOUNS]
    agent = _active_agent(verb) if objs else None
    if agent is None:
        return None
    speaker, resolved = agent
    doc = verb.doc
    obj = objs[0]
    participles = [
        c
        for c in (*obj.children, *verb.children)
        if c.i > obj.i and c.dep_ in ("acl", "advcl", "xcomp") and c.tag_ == "VBG"
    ]
    if any(c.lemma_ in _CUE_LEMMAS for c in participles):
        # "issued a statement calling X Y": the participle reports for the
        # issuer by itself.
        return None
    end = max([obj.right_edge.i, *(c.right_edge.i for c in participles)]) + 1
    content = _long_enough(doc, obj.left_edge.i, end, 1)
    if content is None:
        return None
    return Attribution(_cue_range(verb), speaker, content, verb.sent.start, resolved)


def _active_agent(verb: Token) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(speaker, what it stands for), as token ranges, of a done or doing act
    in the active voice whose subject is agent-like (a named body, an office
    holder), else None: what publishing a document and deciding both need of
    their subject."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return None
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    speaker = _speaker_of(verb)
    resolved = _antecedent(verb, speaker)
    if speaker is None or not _agent_like(verb.doc, resolved or speaker):
        return None
    return speaker, resolved


def _decides(verb: Token) -> Attribution | None:
    """ "A federal appeals court overruled the judge's decision", "the city
    lifted a midnight curfew": a named body's (or office holder's) act of
    deciding takes a position on its object, which is the content. Only a
    done or doing act, in the active voice."""
    if verb.lemma_ not in DECIDING_VERBS:
        return None
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    agent = _active_agent(verb) if objs else None
    if agent is None:
        return None
    speaker, resolved = agent
    content = _long_enough(verb.doc, *_subtree_range(objs[0]), 2)
    if content is None:
        return None
    return Attribution(_cue_range(verb), speaker, content, verb.sent.start, resolved)


# Verbs of telling someone (Levin 1993, 37.2 and 37.9): the object is the
# one told, not what is said. "Add" takes a thing added ("added his seventh
# goal", "the stock added 2%").
_TELLING_WORDS = """
    tell inform notify remind assure reassure alert apprise advise warn ask urge
    brief question answer add
"""
_TELLING_VERBS = frozenset(_TELLING_WORDS.split())


def reported_object(verb: Token) -> tuple[int, int] | None:
    """ "The exhibition explains the working conditions of X", "the study
    revealed a rift between Y": the object of a verb of saying whose parse gave it no
    clause is what it says (a speaker's words need not be a sentence). Not a
    pronoun or a relative ("said it", "which he told"), and not the one told
    ("told a room of traders", "urged members")."""
    if verb.lemma_ in _TELLING_VERBS:
        return None
    objs = [
        c
        for c in verb.children
        if c.dep_ == "dobj" and c.i > verb.i and c.lower_ not in RELATIVE_PRONOUNS
    ]
    if not objs or objs[0].pos_ == "PRON":
        return None
    return _long_enough(verb.doc, *_subtree_range(objs[0]), 1)
