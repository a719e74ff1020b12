"""Rules that read the Doc's columns give what they gave reading Token
objects: each reference below is the rule as it was written with Tokens, run
side by side with the rule on every token or range of parsed text."""

from __future__ import annotations

import pytest

from newsread.analysis.attributions.find import _asks_the_reader
from newsread.analysis.attributions.subjects import _agent_like
from newsread.analysis.attributions.tokens import _edge_trim, _noun_phrase
from newsread.analysis.attributions.verbs import _PHRASAL_REPORTING, _is_reporting
from newsread.analysis.claims import _char_span
from newsread.analysis.clock import is_clock, opens_line_with_clock
from newsread.analysis.entities.consistency import _local_cue
from newsread.analysis.entities.mentions import Mention

TEXT = (
    "10:02 The minister, Ana Silva, said fares would rise 4% -- and critics, "
    'who disagreed, said: "Not again."\n'
    "09:15\n"
    "Would you vote for the plan? Do you know where the ferry is?\n"
    "Shares of Havbris Inc. fell after the wind developer Skagerlink's H20 chips "
    "were made by Lagos Energy Group; NYPD officers pointed out that (UPI) the "
    "union spelled out its demands, and 73 percent of voters walked out.\n"
    "You said so, said the proponents of the bill and the Harbour Board Company."
)


@pytest.fixture(scope="module")
def doc(pipeline):
    return pipeline.nlp(TEXT)


def _edge_trim_with_tokens(doc, start: int, end: int):
    def unit_sign(t) -> bool:
        return t.text in "%‰°" and t.i > 0 and t.nbor(-1).like_num

    def junk_at_start(t) -> bool:
        return (
            t.is_space
            or (t.is_punct and t.text not in "“‘\"'")
            or (t.i + 1 < end and _opens_line_with_clock_with_tokens(doc, t.i))
        )

    def junk_at_end(t) -> bool:
        return (
            t.is_space
            or t.pos_ == "CCONJ"
            or t.text in ".,;:"
            or (t.is_punct and t.text not in "”’\"'.?!" and not unit_sign(t))
        )

    while start < end and junk_at_start(doc[start]):
        start += 1
    while end > start and junk_at_end(doc[end - 1]):
        end -= 1
    return (start, end) if end > start else None


def _opens_line_with_clock_with_tokens(doc, i: int) -> bool:
    if not is_clock(doc[i].text):
        return False
    if i == 0:
        return True
    before = doc[i - 1]
    return "\n" in before.whitespace_ or (before.is_space and "\n" in before.text)


def _noun_phrase_with_tokens(doc, start: int, end: int):
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


def _ranges(doc, longest: int = 8):
    return [
        (start, end)
        for start in range(len(doc))
        for end in range(start + 1, min(len(doc), start + longest) + 1)
    ]


def test_the_clock_opening_a_line_is_found_as_with_tokens(doc) -> None:
    found = [i for i in range(len(doc)) if opens_line_with_clock(doc, i)]
    assert found == [i for i in range(len(doc)) if _opens_line_with_clock_with_tokens(doc, i)]
    assert len(found) == 2


def test_edges_are_trimmed_as_with_tokens(doc) -> None:
    for start, end in _ranges(doc):
        assert _edge_trim(doc, start, end) == _edge_trim_with_tokens(doc, start, end), (start, end)


def test_noun_phrases_close_as_with_tokens(doc) -> None:
    for start, end in _ranges(doc):
        expected = _noun_phrase_with_tokens(doc, start, end)
        assert _noun_phrase(doc, (start, end)) == expected, (start, end)


def test_character_spans_are_the_tokens_offsets(doc) -> None:
    for start, end in _ranges(doc):
        last = doc[end - 1]
        assert _char_span(doc, (start, end)) == (doc[start].idx, last.idx + len(last.text))


def test_reporting_verbs_are_found_as_with_tokens(doc) -> None:
    def with_tokens(verb) -> bool:
        from newsread.analysis.attributions.words import REPORTING_VERBS

        if verb.lemma_ in REPORTING_VERBS:
            return True
        return any((verb.lemma_, c.lower_) in _PHRASAL_REPORTING for c in verb.children)

    found = [t.i for t in doc if _is_reporting(t)]
    assert found == [t.i for t in doc if with_tokens(t)]
    assert any(doc[i].lemma_ in ("point", "spell") for i in found)


def test_a_question_to_the_reader_is_found_as_with_tokens(doc) -> None:
    def with_tokens(verb, speaker) -> bool:
        if doc[speaker[0] : speaker[1]].text.lower() != "you":
            return False
        return verb.sent.text.rstrip(" \n\"'”’").endswith("?")

    verbs = [t for t in doc if t.pos_ in ("VERB", "AUX")]
    asked = 0
    for verb in verbs:
        for speaker in _ranges(doc, 3):
            expected = with_tokens(verb, speaker)
            assert _asks_the_reader(verb, speaker) == expected, (verb.i, speaker)
            asked += expected
    assert asked


def test_agents_are_found_as_with_tokens(doc) -> None:
    from newsread.analysis.attributions import subjects

    def with_tokens(speaker) -> bool:
        words = doc[speaker[0] : speaker[1]]
        root = words.root
        if any(t.ent_type_ in subjects._NAMED_AGENTS for t in words):
            return True
        lemma = root.lemma_.lower()
        if (
            root.pos_ == "NOUN"
            and lemma.endswith(subjects._AGENTIVE_SUFFIXES)
            and not lemma.endswith("ment")
        ):
            return True
        for _ in range(3):
            if root.pos_ in ("PROPN", "PRON") or root.ent_type_ in subjects._AGENT_ENTS:
                return True
            lemma = root.lemma_.lower()
            if lemma in subjects.AGENT_NOUNS:
                return True
            if lemma not in subjects._QUANTIFIERS:
                return False
            of = [c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"]
            pobj = [c for o in of for c in o.children if c.dep_ == "pobj"]
            if not pobj:
                return lemma in ("other", "many", "some", "most", "few", "all", "both")
            root = pobj[0]
        return False

    results = [(s, _agent_like(doc, s)) for s in _ranges(doc, 5)]
    assert results == [(s, with_tokens(s)) for s in _ranges(doc, 5)]
    assert {found for _, found in results} == {True, False}


def test_local_entity_cues_are_found_as_with_tokens(doc) -> None:
    from newsread.analysis.entities import consistency as c

    def with_tokens(m: Mention):
        last = doc[m.end - 1]
        if c._key(doc, m.start, m.end) in c._KNOWN_ORGS:
            return "ORG"
        letters = sum(ch.isalpha() for ch in last.text)
        if m.label == "NORP" and m.end - m.start == 1 and last.is_upper and 2 <= letters <= 5:
            return "ORG"
        if last.lower_ in c.CORP_SUFFIXES and m.end - m.start > 1:
            return "ORG"
        if m.end < len(doc):
            nxt = doc[m.end]
            if (
                nxt.lower_ in c.CORP_SUFFIXES
                and nxt.is_title
                and nxt.lower_ not in {"group", "company"}
            ):
                return "ORG"
            if nxt.text in c._POSSESSIVE and m.end + 1 < len(doc):
                window = doc[m.end + 1 : min(len(doc), m.end + 4)]
                if any(t.lower_ in c._BUSINESS_NOUNS for t in window):
                    return "ORG"
        if m.start > 0 and doc[m.start - 1].lower_ in c._BUSINESS_BEFORE:
            return "ORG"
        if c._kind_of_business_before(doc, m):
            return "ORG"
        if m.start > 1 and doc[m.start - 1].lower_ == "by" and doc[m.start - 2].lower_ == "made":
            return "ORG"
        return None

    cues = []
    for label in ("ORG", "NORP", "PERSON"):
        for start, end in _ranges(doc, 4):
            m = Mention(start, end, label)
            cue = _local_cue(doc, m)
            assert cue == with_tokens(m), (start, end, label)
            cues.append(cue)
    assert "ORG" in cues and None in cues
