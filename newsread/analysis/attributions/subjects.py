"""Who speaks: the subject of a cue, the author of a message, what a "who" stands for.

And whether a speaker is agent-like: a name, a pronoun or a body of people,
something that can want, demand or attack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.attributions.tokens import _edge_trim, _noun_phrase, _subtree_range
from newsread.analysis.attributions.words import (
    _AGENT_ENTS,
    _QUANTIFIERS,
    AGENT_NOUNS,
    RELATIVE_PRONOUNS,
)
from newsread.analysis.doc_cache import ent_types_of, root_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _speaker_of(verb: Token, depth: int = 0) -> tuple[int, int] | None:
    """The subject noun phrase of a reporting verb (or the agent of a passive)."""
    doc = verb.doc
    subject = _subject(verb)
    if subject is not None:
        start, end = _subtree_range(subject)
        # "The ministry, as reported in the Courier, accused X": the "as"
        # clause says where the claim was read, not who speaks.
        for child in subject.children:
            if child.i > subject.i and _as_clause(child):
                end = min(end, child.left_edge.i)
        return _noun_phrase(doc, _edge_trim(doc, start, end))
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
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and prep.lower_ not in ("without", "despite"):
        host = prep.head
        # "aside from saying X", "stopped short of calling Y": the preposition
        # hangs on an adverb of the verb, not on the verb itself.
        if host.pos_ == "ADV" and host.dep_ == "advmod":
            host = host.head
        if host.pos_ in ("VERB", "AUX"):
            return _inherited_subject(host, depth)
    return None


def _as_clause(tok: Token) -> bool:
    return tok.dep_ in ("advcl", "acl") and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in tok.children
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject. The parser gives a verb a second subject when it
    runs a label, a time line or a quotation into the clause ("The Latest:
    Trump urges ...", "'My reaction: outrage,' the strategist said"): a
    subject cut off from the verb by a colon, a line break or a closing
    quote mark is not the one that speaks."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) < 2:
        return subjects[0] if subjects else None
    own = [c for c in subjects if not _cut_off(verb.doc, c.i, verb.i)] or subjects
    # "a country that it said lacked the means": the relative pronoun is the
    # subject of what was said, the other subject the one who said it.
    speaking = [c for c in own if c.lower_ not in RELATIVE_PRONOUNS]
    return (speaking or own)[0]


_CLOSING_MARKS = frozenset({'"', "”", "''", "’"})


def _cut_off(doc: Doc, start: int, end: int) -> bool:
    return any(
        t.text == ":" or t.text in _CLOSING_MARKS or "\n" in t.text_with_ws for t in doc[start:end]
    )


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
        subj = _subject(tok)
        if subj is not None:
            return _noun_phrase(tok.doc, _edge_trim(tok.doc, *_subtree_range(subj)))
        if tok.dep_ not in ("xcomp", "advcl", "acl", "conj") or tok.head is tok:
            return None
        tok = tok.head
    return None


_NAMED_AGENTS = frozenset({"PERSON", "ORG"})
_AGENTIVE_SUFFIXES = ("er", "or", "ist", "ent", "ant", "ian", "ee")


def _agent_like(doc: Doc, speaker: tuple[int, int]) -> bool:
    """A speaker that can want, demand or attack: a name, a pronoun, a body of people.

    "The new requirement threatened to disrupt production" is no attribution,
    so contents read from objects and infinitives need such a subject.
    """
    root = doc[root_of(doc, *speaker)]
    # "His former partner, Lawrence Cole": a phrase that names its person or
    # body in an apposition or a modifier speaks as that person or body.
    if any(label in _NAMED_AGENTS for label in ent_types_of(doc)[speaker[0] : speaker[1]]):
        return True
    # "Proponents", "environmentalists", "speechwriters": a noun made with an
    # agentive suffix names someone who does something ("-ment" names a
    # thing done: "the requirement threatened to ...").
    lemma = root.lemma_.lower()
    if root.pos_ == "NOUN" and lemma.endswith(_AGENTIVE_SUFFIXES) and not lemma.endswith("ment"):
        return True
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


def _antecedent(verb: Token, speaker: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "Smith, who said ...": the speaker is "who", standing for the noun the clause hangs on."""
    if speaker is None or speaker[1] - speaker[0] != 1 or verb.dep_ != "relcl":
        return None
    if verb.doc[speaker[0]].lower_ not in RELATIVE_PRONOUNS:
        return None
    head = verb.head
    return _edge_trim(verb.doc, head.left_edge.i, head.i + 1)
