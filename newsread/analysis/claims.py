"""Claims: quotes, attributed statements, statistics and other check-worthy sentences.

Everything works on one parsed spaCy ``Doc`` plus the article's sentences
and entities, in a few linear passes (no second parse):

1. ``quote_marks.find_quotes`` finds the quotes in the characters.
2. ``attributions.find_attributions`` finds reporting cues with their
   speakers and contents in the dependency parse.
3. Here, quotes take the speaker of the attribution right before or after
   them ("..., he said"; "X said: ..."); attributions not used by a quote
   become ``attributed`` claims; remaining sentences with a checkable figure
   become ``statistic`` claims, and other check-worthy sentences ``factual``
   ones.
4. ``speakers.resolve_pronouns`` gives pronoun speakers ("he said") the
   name they stand for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from newsread.analysis.attributions import find_attributions
from newsread.analysis.attributions.tokens import _edge_trim
from newsread.analysis.attributions.verbs import reported_object
from newsread.analysis.attributions.words import RELATIVE_PRONOUNS
from newsread.analysis.checkworthy import checkworthiness, prepare
from newsread.analysis.checkworthy_choice import chosen_model
from newsread.analysis.doc_cache import doc_data, root_of, sent_end_of, text_of
from newsread.analysis.quote_marks import find_quotes
from newsread.analysis.records import (
    ATTRIBUTED,
    FACTUAL,
    QUOTE,
    STATISTIC,
    Attribution,
    Claim,
    ClaimDraft,
    Quote,
    Span,
    SpanIndex,
)
from newsread.analysis.speakers import resolve_pronouns

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as DocSpan

    from newsread.analysis.records import Entity

_MIN_QUOTE_WORDS = 4  # shorter quotes are names or scare quotes ("solder paste")
_FACTUAL_THRESHOLD = 0.5
_MIN_FACTUAL_TOKENS = 6

_DURATION = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen|\w+ty)"
    r"[- ](?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b",
    re.IGNORECASE,
)
_FIGURE_LABELS = frozenset({"PERCENT", "MONEY", "QUANTITY", "CARDINAL"})
_PERCENT_TEXT = re.compile(r"\d\s*(?:%|per ?cent\b|percent\b)", re.IGNORECASE)


# -------------------------------------------------------------------------- helpers


def _char_span(doc: Doc, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    if rng is None:
        return None
    start, end = rng
    data = doc_data(doc)
    idxs = data.idxs
    return idxs[start], idxs[end - 1] + len(data.texts[end - 1])


# A wire dateline opening a paragraph: "BANGKOK —", "SAN JUAN, Puerto Rico (AP) --",
# "LONDON, March 3 (Reuters) -". The parser hangs it on the first noun phrase,
# so the speaker "BANGKOK — China's state security agency" took the place
# along, and a sentence's claim its first words.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.]+(?: [A-Z\d][\w.]*)*)?"
    r"(?: \([A-Z][\w ]*\))? *(?:—|–|--|-) *"
)


def _without_dateline(
    text: str, span: tuple[int, int] | None, cue: tuple[int, int] | None
) -> tuple[int, int] | None:
    """``span`` less a dateline it opens with, when it starts a line. When the
    parse made the dateline the whole speaker ("MARLOW BAY — Norland's
    harbour authority said"), the few words between it and the cue are."""
    if span is None or (span[0] > 0 and text[span[0] - 1] != "\n"):
        return span
    found = _DATELINE.match(text, span[0], span[1] + 3)
    if found is None:
        return span
    if found.end() < span[1]:
        return found.end(), span[1]
    if cue is None or cue[0] <= found.end():
        return span
    between = text[found.end() : cue[0]].rstrip()
    if not between or len(between.split()) > 8 or any(c in between for c in ",;:\n"):
        return span
    return found.end(), found.end() + len(between)


def _loose(ch: str) -> bool:
    """A character a name never ends or starts with: white space, a dash or
    semicolon left by the parse, an emoji or other symbol."""
    return ch.isspace() or ch in ";:-–—" or unicodedata.category(ch) in ("So", "Sk", "Sm")


def _tidy(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A speaker without what the parse hung on its edges ("The organisers 👍"),
    nor the comma closing its apposition ("Rosa Vidal, a ferry captain,"):
    that comma punctuates the sentence, and a speaker shown or exported with
    it reads as cut off."""
    if span is None:
        return None
    start, end = span
    while end > start and (_loose(text[end - 1]) or text[end - 1] == ","):
        end -= 1
    while start < end and (_loose(text[start]) or text[start] == ","):
        start += 1
    return (start, end) if end > start else span


def _relative_reporters(doc: Doc, attributions: list[Attribution]) -> frozenset[int]:
    """Tokens of relative pronouns that speak for themselves: the "who" of
    "X, who added that Y", the speaker of an attribution of its own."""
    return frozenset(
        a.speaker[0]
        for a in attributions
        if a.speaker is not None
        and a.speaker[1] - a.speaker[0] == 1
        and doc[a.speaker[0]].lower_ in RELATIVE_PRONOUNS
    )


def _without_reporting_clause(
    doc: Doc, speaker: tuple[int, int] | None, reporters: frozenset[int]
) -> tuple[int, int] | None:
    """``speaker`` (tokens) less a relative clause that reports on its own.

    "said council chair X, who added that Y": the parse takes the clause into
    the speaker's noun phrase, but its "who" is the speaker of its own claim
    (Y), so the clause is that claim's, not a part of who X is. A clause that
    only describes the speaker ("X, who chairs the panel,") stays: it tells
    which X, and news annotation (PolNeAR's) keeps it in the source."""
    if speaker is None:
        return None
    for i in range(speaker[0] + 2, speaker[1]):
        if i in reporters and doc[i - 1].text == ",":
            return speaker[0], i - 1
    return speaker


def _speaker_span(
    doc: Doc, text: str, att: Attribution, reporters: frozenset[int] = frozenset()
) -> tuple[int, int] | None:
    """The speaker's characters, without a dateline, a reporting relative
    clause or loose edges."""
    speaker = _char_span(doc, _without_reporting_clause(doc, att.speaker, reporters))
    return _tidy(text, _without_dateline(text, speaker, _char_span(doc, att.cue)))


# --------------------------------------------------------------------------- claims


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _quote_words(text: str, q: Quote) -> int:
    s, e = q.inner
    return len(text[s:e].split())


# '"..." ― Karen Bobadilla' / '"..." -- Sen. John Doe, R-Ohio': a signed quote.
# Pasted text often keeps non-breaking spaces around the dash and the name.
_DASH_SPEAKER = re.compile(
    r"[ \t\xa0]{0,3}(―|—|–|--)[ \t\xa0]{0,3}"
    r"((?:[A-Z][\w'’.-]*)(?:[ \t\xa0]+(?:[A-Z][\w'’.-]*|de|van|von|del|la|da)){0,5}?)"
    r"\.?[ \t\xa0]*(?=$|\n|,|\(|\))",
    re.MULTILINE,
)


def _attach_quotes(
    doc: Doc, quotes: list[Quote], atts: list[tuple[Attribution, tuple]], paragraphs: SpanIndex
) -> tuple[list[ClaimDraft], set[int]]:
    """Quote claims, each with the attribution next to it; returns the used attributions."""
    text = text_of(doc)
    drafts: list[ClaimDraft] = []
    used: set[int] = set()
    # A cue inside any real quotation is the quoted person's own words
    # ("'I want ...,' she said"): it never names the speaker of another quote.
    inner = SpanIndex(
        [(q.start, q.end) for q in quotes if _quote_words(text, q) >= _MIN_QUOTE_WORDS]
    )
    for q in quotes:
        if _quote_words(text, q) < _MIN_QUOTE_WORDS or _looks_like_title(text, q):
            continue
        if _embedded(text, q, atts):
            continue
        para = paragraphs.covering(q.start, q.end)
        # The nearest cue, and the nearest among those that do not report
        # something else of their own ("..., emphasizing why X").
        best = best_own = None
        best_gap = best_own_gap = 10**9
        for k, (_, chars) in enumerate(atts):
            cue = chars[1]
            if cue is None or cue[0] < para[0] or cue[0] > para[1] + 1:
                continue
            if q.start <= cue[0] < q.end or inner.covering(cue[0], cue[0] + 1) != (
                cue[0],
                cue[0] + 1,
            ):
                continue
            gap = q.start - cue[1] if cue[1] <= q.start else cue[0] - q.end
            speaker = chars[0]
            if speaker is not None and speaker[0] >= q.end:
                # '"...,'' Leonard E. Burman, director of ..., said': the
                # speaker right after the quote is what counts, however long.
                gap = min(gap, speaker[0] - q.end)
            if _inside_report(q, chars[2]):
                # 'Berg says the plan is "a folly." He adds ...': a quote
                # inside a longer report is that report's, before any other.
                gap = -1
            if _reports_elsewhere(text, q, chars):
                if gap < best_gap:
                    best, best_gap = k, gap
            elif gap < best_own_gap:
                best_own, best_own_gap = k, gap
        reach = True  # the claim reaches out over its cue and speaker
        if best_own is not None and best_own_gap <= 120:
            best, best_gap = best_own, best_own_gap
            # A quote inside a longer report leaves that report a claim of its own.
            reach = best_gap >= 0
        else:
            reach = False  # the cue's own content stays a claim of its own
        draft = ClaimDraft(q.start, q.end, QUOTE, content=q.inner)
        dash = _DASH_SPEAKER.match(text, q.end)
        if dash is not None:
            # '"...” ― Karen Bobadilla': the name after a dash signs the quote.
            draft.cue = dash.span(1)
            name_end = dash.end(2) - dash.group(2).endswith(".")
            draft.speaker = (dash.start(2), name_end)
            draft.end = name_end
        elif best is not None and best_gap <= 120:
            used.add(best)
            att, (speaker, cue, _content) = atts[best]
            draft.speaker, draft.cue = speaker, cue
            draft.resolved = _char_span(doc, att.resolved)
            if reach:
                lo = min(q.start, cue[0], speaker[0] if speaker else cue[0])
                hi = max(q.end, cue[1], speaker[1] if speaker else cue[1])
                draft.start, draft.end = lo, hi
        elif (k := _colon_cue_before(text, q, atts)) is not None:
            # "Caddell continued:" ending the paragraph before the quote.
            used.add(k)
            att, (speaker, cue, _content) = atts[k]
            draft.speaker, draft.cue = speaker, cue
            draft.resolved = _char_span(doc, att.resolved)
        elif drafts and _continues(text, drafts[-1], q):
            prev = drafts[-1]
            draft.speaker, draft.cue, draft.resolved = prev.speaker, prev.cue, prev.resolved
        drafts.append(draft)
    return drafts, used


def _merge_parts(text: str, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """ "'A,' she said, 'B.'": the parts of a quote around its cue are one
    statement, so one claim whose content runs from A to B (news annotation,
    PolNeAR's, marks them as one content in fragments). Parts with a claim
    of their own between them ("'A,' she said, stressing that X. 'B.'"), or
    in another paragraph, stay apart."""
    others = sorted(d.cue[0] for d in drafts if d.kind != QUOTE and d.cue is not None)
    merged: list[ClaimDraft] = []
    for d in drafts:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and d.kind == QUOTE
            and prev.kind == QUOTE
            and d.cue is not None
            and d.cue == prev.cue
            and d.speaker == prev.speaker
            and prev.content is not None
            and d.content is not None
            and "\n" not in text[prev.content[1] : d.content[0]]
            and not any(prev.content[1] <= at < d.content[0] for at in others)
        ):
            prev.end = max(prev.end, d.end)
            prev.start = min(prev.start, d.start)
            prev.parts = [*(prev.parts or [prev.content]), *(d.parts or [d.content])]
            prev.content = (prev.content[0], d.content[1])
            continue
        merged.append(d)
    return _join_split_quote(text, merged)


# A sentence ends and another begins: "... in May. The river rose ...".
_SENTENCE_BREAK = re.compile(r"[.?!][\"'”’]*\s+[\"'“‘]*[A-Z0-9]")


def _join_split_quote(text: str, drafts: list[ClaimDraft]) -> list[ClaimDraft]:
    """ "'Too late,' the mayor said. 'Every family has waited ...'", "X said
    she is ready: 'Steady as a rock.'": a part too short to be a quote claim
    of its own, or words the parse takes as the cue's clause, becomes an
    attributed claim, and the quote after it a quote claim with the same cue
    and speaker. They are one statement (as in ``_merge_parts``): one claim,
    its content from the first part to the quote's end. The cue may bring
    words of its own between them ("she said at the town hall"); another paragraph,
    another sentence ("X said A. The river rose. 'B'") or another claim's cue
    between them keeps them apart."""
    quotes = [d for d in drafts if d.kind == QUOTE and d.cue is not None and d.content is not None]
    dropped: set[int] = set()
    for a in drafts:
        if a.kind != ATTRIBUTED or a.cue is None or a.content is None:
            continue
        for q in quotes:
            if q.cue != a.cue or q.speaker != a.speaker:
                continue
            if a.content[1] > q.content[0]:
                continue  # the attributed part comes first
            lo, hi = a.content[1], q.content[0]
            taken = [r for r in (a.cue, a.speaker) if r is not None]
            between = "".join(
                " " if any(r[0] <= k < r[1] for r in taken) else text[k] for k in range(lo, hi)
            )
            if "\n" in between or _SENTENCE_BREAK.search(between):
                continue  # another paragraph, or a sentence of its own between
            if any(lo <= d.cue[0] < hi for d in drafts if d.cue is not None and d.cue != a.cue):
                continue  # a claim of its own between
            q.parts = [a.content, *(q.parts or [q.content])]
            q.content = (a.content[0], q.content[1])
            q.start, q.end = min(q.start, a.start), max(q.end, a.end)
            dropped.add(id(a))
            break
    return [d for d in drafts if id(d) not in dropped]


def _nested(doc: Doc, att: Attribution, atts: list[tuple[Attribution, tuple]]) -> bool:
    """A cue inside what a named source reports ("X said she thinks Y", "X
    said Z had described Y as W") is that source's wording: news annotation
    (PolNeAR) counts the outer report only, and the inner one, read as a
    claim of its own, would mostly be noise. A claim noun that is the whole
    of what the outer cue takes ("rejected the idea that X") is the claim
    the outer one is about, and stays."""
    noun = doc[att.cue[0]] if doc[att.cue[0]].pos_ == "NOUN" else None
    if doc[att.cue[0]].lower_ == "according":
        # "X would see Y, according to Z": the phrase names the source of the
        # whole sentence, a report in it included.
        return False
    verb = doc[root_of(doc, *att.cue)]
    if (
        verb.lemma_ == "say"
        and att.speaker is not None
        and (verb.dep_ == "relcl" or verb.head.dep_ in ("pobj", "dobj"))
    ):
        # "donations, which he said were favours", "what the senators said
        # was gerrymandering": a relative clause names its own speaker for a
        # thing the outer report only mentions.
        return False
    for other, (speaker, cue, _content) in atts:
        if other is att or speaker is None or other.content is None:
            continue
        lo, hi = other.content
        if not (lo <= att.cue[0] and att.cue[1] <= hi):
            continue
        # What a cue reports stays in its paragraph (its claim is clipped
        # there): a parse run over a paragraph break nests nothing beyond it.
        at = doc[att.cue[0]].idx
        if "\n" in text_of(doc)[min(cue[0], at) : max(cue[1], at)]:
            continue
        if noun is not None and root_of(doc, lo, hi) == noun.i:
            continue
        return True
    return False


def _opens_turn(
    text: str, inside: tuple[int, int], speaker: tuple[int, int] | None, cue: tuple[int, int]
) -> bool:
    """'"WALLACE: ...': a transcript pasted as quotations, each turn opening
    with its speaker's name. The quote finder runs such turns together; the
    name's own line is what it said."""
    if speaker is None or text[cue[0] : cue[1]] != ":" or not inside[0] <= speaker[0] < inside[1]:
        return False
    line_start = text.rfind("\n", 0, speaker[0]) + 1
    return not text[line_start : speaker[0]].strip(" \t\xa0\"“'‘")


def _that_clauses_as_content(
    doc: Doc, atts: list[tuple[Attribution, tuple]]
) -> list[tuple[Attribution, tuple]]:
    """ "X, who added that the ruling ignored the evidence": a cue followed by
    "that" reports what follows, though the parse misread the clause (here
    "the ruling" as a modifier and "evidence" as the cue's object) and gave
    the cue no clausal complement. The content is the cue's words after it
    to the end of what the cue governs, as for a clause the parse did read."""
    out = []
    for att, (speaker, cue, content) in atts:
        if content is None and speaker is not None and att.cue[1] < len(doc):
            verb = doc[root_of(doc, *att.cue)]
            mark = doc[att.cue[1]]
            end = min(verb.right_edge.i + 1, sent_end_of(doc, verb.i))
            if (
                verb.pos_ == "VERB"
                and mark.lower_ == "that"
                and mark.dep_ == "mark"
                and not any(c.dep_ == "ccomp" for c in verb.children)
                and end - mark.i > 2
            ):
                rng = _edge_trim(doc, mark.i, end)
                if rng is not None:
                    att, content = replace(att, content=rng), _char_span(doc, rng)
        out.append((att, (speaker, cue, content)))
    return out


def _objects_as_content(
    doc: Doc, atts: list[tuple[Attribution, tuple]], used: set[int], quoted_words: SpanIndex
) -> list[tuple[Attribution, tuple]]:
    """ "The exhibition explains the working conditions of X": a cue of
    saying whose parse gave it no clause, but which says more than its
    speaker, says its object (``reported_object``). Read as its content from
    here on, so a report inside that object ("explains surveys suggesting
    X") nests in it. Not for a cue a quote took, or one inside a quote."""
    out = []
    for n, (att, (speaker, cue, content)) in enumerate(atts):
        if (
            content is None
            and speaker is not None
            and cue is not None
            and n not in used
            and not _inside(quoted_words, cue[0])
            and _says_more(doc, att)
        ):
            obj = reported_object(doc[att.cue[0] : att.cue[1]].root)
            chars = _char_span(doc, obj)
            if obj is not None and chars is not None and not _inside(quoted_words, chars[0]):
                att, content = replace(att, content=obj), chars
        out.append((att, (speaker, cue, content)))
    return out


def _says_more(doc: Doc, att: Attribution) -> bool:
    """Besides its speaker, the cue governs a clause of its own that the parse
    did not hand it as content ("tweeted in the early hours that X was Y");
    "The director tweeted on Sunday." and "declined to comment" report nothing."""
    verb = doc[att.cue[0] : att.cue[1]].root
    if verb.dep_ == "conj":
        # "..., but the largest operators have found ways to make X pay": a
        # conjunct's subtree holds the clauses joined after it and its own
        # objects, never a clause it reports.
        return False
    if any(c.tag_ == "MD" for c in verb.children):
        # "They wouldn't tell the board anything", "X will insist on Y": a
        # report that may never happen, with nothing said in it.
        return False
    taken = [att.cue, *([att.speaker] if att.speaker is not None else [])]
    return any(
        t.pos_ in ("VERB", "AUX")
        and t.dep_ not in ("aux", "auxpass")
        and not any(lo <= t.i < hi for lo, hi in taken)
        for t in verb.subtree
    )


def _inside(index: SpanIndex, at: int) -> bool:
    """The character at ``at`` lies within one of the index's spans."""
    return index.covering(at, at + 1) != (at, at + 1)


def _inside_report(q: Quote, own: tuple[int, int] | None) -> bool:
    """The quote lies within a cue's own content, which says more than the quote."""
    if own is None:
        return False
    start, end = q.inner
    if not (own[0] <= start + 1 and end <= own[1] + 2):
        return False
    return (start - own[0]) + max(0, own[1] - end) > 2


def _reports_elsewhere(text: str, q: Quote, chars: tuple) -> bool:
    """A cue that reports something of its own after it is not the cue of a
    quote it does not touch: '"...," she said, emphasizing why X. "..."'."""
    speaker, cue, own = chars
    if own is None or _overlap(own, (q.start, q.end)) or own[0] < cue[0]:
        return False
    near = [r for r in (cue, speaker) if r is not None]
    if cue[0] >= q.end:
        between = text[q.end : min(r[0] for r in near)]
    else:
        between = text[max(r[1] for r in near) : q.start]
    return any(ch.isalnum() for ch in between)


def _colon_cue_before(text: str, q: Quote, atts: list[tuple[Attribution, tuple]]) -> int | None:
    """The attribution ending the previous paragraph with a colon ("He said:"), if any."""
    j = q.start - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    if j < 0 or text[j] != ":" or "\n" not in text[j : q.start]:
        return None
    found = None
    for k, (_, (speaker, cue, _content)) in enumerate(atts):
        if cue is None or speaker is None or cue[1] > j:
            continue
        between = text[cue[1] : j]
        if len(between) <= 40 and "\n" not in between and not any(c in between for c in ".?!"):
            found = k
    return found


_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "nor",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "be",
        "vs",
    ]
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _looks_like_title(text: str, q: Quote) -> bool:
    """ "The Steve Harvey Morning Show", 'Coal Isn't the Villain': a title, not speech."""
    s, e = q.inner
    words = _WORD.findall(text, s, e)
    if not words or len(words) > 10:
        return False
    if not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in _TITLE_SMALL for w in words[1:]) and any(
        w[0].isupper() for w in words[1:]
    )


def _embedded(text: str, q: Quote, atts: list[tuple[Attribution, tuple]]) -> bool:
    """A partial quote inside a longer reported content belongs to that attribution."""
    for _, (_, cue, content) in atts:
        if content is None or cue is None or q.start <= cue[0] < q.end:
            continue
        # The content's trimmed end leaves out the quote's closing '."'.
        inside = content[0] - 1 <= q.start and not text[content[1] : q.end].strip(_CLOSING)
        if inside and (q.end - q.start) * 5 < (content[1] - content[0]) * 3:
            return True
        # 'said the operator "knew about the faults"': the quote finishes a
        # clause whose subject the reporter wrote; the clause is what was said.
        if inside and _reported_subject(text[content[0] : q.start]):
            return True
    return False


def _reported_subject(before: str) -> bool:
    """Words of the reporter's own before a quote inside a reported clause,
    more than a "that" opening it or a "but" joining two parts of a quote. A
    colon or a comma right before the quote introduces it: the quote is then
    what was said ('scolded him: "..."', 'As for cost, "..."')."""
    if ":" in before or ";" in before or before.rstrip().endswith(","):
        return False
    words = [w.lower() for w in before.split()]
    # What comes before a "that" is the cue's own ("on its website that").
    if "that" in words:
        words = words[len(words) - words[::-1].index("that") :]
    return any(w not in _JOINING_WORDS for w in words)


_JOINING_WORDS = frozenset({"that", "but", "and", "or"})


_CLOSING = " .,;:!?\"'”’"


def _continues(text: str, prev: ClaimDraft, q: Quote) -> bool:
    """A quote with no cue of its own right after another quote goes on from it."""
    between = text[prev.end : q.start]
    return prev.kind == QUOTE and len(between) < 400 and not between.strip(" \n\t.,;:")


# Closing marks the content may stop just short of: '"euro for euro".' or
# '"euro for euro."' after the last word.
_CLOSE_AFTER = re.compile(r"[.?!,]?[\"”]")


def _quote_closed(text: str, content: tuple[int, int], limit: int) -> tuple[int, int]:
    """``content`` with the closing quotation mark of a quotation it opens:
    the parse ends a clause at its last word ('would match any investment
    "euro for euro'), which leaves an opening mark without its partner.
    Only a mark right after the content, in its paragraph, is taken."""
    start, end = content
    inside = text[start:end]
    straight_open = inside.count('"') % 2 == 1
    curly_open = inside.count("“") > inside.count("”")
    if not (straight_open or curly_open):
        return content
    found = _CLOSE_AFTER.match(text, end, limit)
    if found is None or (found.group()[-1] == '"') != straight_open:
        return content
    return start, found.end()


def _clip(rng: tuple[int, int], para: tuple[int, int]) -> tuple[int, int] | None:
    start, end = max(rng[0], para[0]), min(rng[1], para[1])
    return (start, end) if end > start else None


def _has_figure(doc: Doc, sent_range: tuple[int, int], ents: list[Entity], text: str) -> bool:
    s, e = sent_range
    for ent in ents:
        if ent.end <= s:
            continue
        if ent.start >= e:
            break
        if ent.label in _FIGURE_LABELS:
            if ent.label == "CARDINAL" and ent.text.lower() in ("one", "1"):
                continue
            return True
        if ent.label == "DATE" and _DURATION.search(ent.text):
            return True
    return bool(_PERCENT_TEXT.search(text, s, e))


def _assertion(doc: Doc, text: str, s: int, e: int) -> str | None:
    """What the sentence is, as a claim: ``"full"`` for a declarative
    sentence with a verb, ``"verbless"`` for a statement without one ("The
    worst inflation since the Great Depression."), None for a question or a
    fragment too short to state anything.

    A question that states something in a that-clause of its own ("Do you
    know that the deficit has tripled?") asserts that clause, and counts.
    """
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) < 4:
        return None
    if text[s:e].rstrip().endswith("?") and not any(
        t.dep_ == "ccomp" and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
        for t in span
    ):
        return None
    # "Their budget cut enforcement by a third": a verb tagged as a noun still
    # heads a clause with a subject.
    if any(
        t.pos_ in ("VERB", "AUX")
        or (t.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children))
        for t in span
    ):
        return "full"
    return "verbless"


_PROSE_END = re.compile(r"[.!][\"'\u201d\u2019)\]]*\s*$")


def _reads_as_prose(sentence: str) -> bool:
    """Ends as a sentence does and is not in title case, as a headline is."""
    if not _PROSE_END.search(sentence):
        return False
    words = [w for w in sentence.split() if len(w) >= 4 and w[0].isalpha()]
    capitals = sum(w[0].isupper() for w in words)
    return not (len(words) >= 3 and capitals >= 0.9 * len(words))


def find_claims(
    doc: Doc,
    sentences: list[tuple[int, int]],
    entities: list[Entity],
    score: Callable[[str, DocSpan | None], float] = checkworthiness,
) -> list[Claim]:
    """All claims of one article, in text order."""
    text = text_of(doc)
    paragraphs = SpanIndex(_paragraph_spans(text))
    sents = SpanIndex(sentences)
    found = find_attributions(doc)
    reporters = _relative_reporters(doc, found)
    atts = [
        (
            a,
            (
                _speaker_span(doc, text, a, reporters),
                _char_span(doc, a.cue),
                _char_span(doc, a.content),
            ),
        )
        for a in found
    ]
    # Attributions a quote took may still report content of their own (nested).
    quotes = find_quotes(text)
    drafts, used = _attach_quotes(doc, quotes, atts, paragraphs)
    quoted_words = SpanIndex(
        [(q.start, q.end) for q in quotes if _quote_words(text, q) >= _MIN_QUOTE_WORDS]
    )
    quoted = [(d.start, d.end) for d in drafts]
    # Each quote's own marks, its whole claim (with the cue and speaker it
    # reaches out to) and its cue.
    marks = [(q.content or (q.start, q.end), (q.start, q.end), q.cue) for q in drafts]
    atts = _that_clauses_as_content(doc, atts)
    atts = _objects_as_content(doc, atts, used, quoted_words)
    for n, (att, (speaker, cue, content)) in enumerate(atts):
        if cue is None:
            continue
        if _nested(doc, att, atts):
            continue
        # Reported speech without quote marks stays in its paragraph: the
        # parser sometimes runs a headline into the first sentence ...
        para = paragraphs.covering(cue[0], cue[0] + 1)
        if speaker is not None and text[cue[1] : para[1]].strip() == ":":
            # ... except after "The governor added:" ending a paragraph,
            # where the next paragraph is what was said.
            j = para[1]
            while j < len(text) and text[j].isspace():
                j += 1
            k = text.find("\n", j)
            nxt = (j, len(text) if k == -1 else k)
            if nxt[1] > nxt[0] and not any(_overlap(nxt, q) for q in quoted):
                content, para = nxt, (para[0], nxt[1])
        if content is None:
            # "Lawmakers have not said.", "Trump tweeted in the early hours
            # that ...", a report the parse gives no content: who spoke and
            # the cue are still worth showing, unless a quote took them or
            # they are a quoted speaker's own words ("What can I say?").
            speaker = _clip(speaker, para) if speaker else None
            if (
                speaker is not None
                and n not in used
                and not _inside(quoted_words, cue[0])
                and _says_more(doc, att)
            ):
                lo, hi = min(speaker[0], cue[0]), max(speaker[1], cue[1])
                resolved = _char_span(doc, att.resolved)
                drafts.append(ClaimDraft(lo, hi, ATTRIBUTED, speaker, cue, None, resolved))
            continue
        content = _without_dateline(text, _clip(content, para), None)
        speaker = _clip(speaker, para) if speaker else None
        if content is None:
            continue
        content = _quote_closed(text, content, para[1])
        # Content that is (mostly) a quote is already that quote's claim, and
        # so is what the quote's own cue reports around it; another cue
        # there reports on its own ("'...,' said Kamin, who stressed that X").
        half = (content[1] - content[0]) / 2
        if any(
            (_overlap(content, inside) > half and not _opens_turn(text, inside, speaker, cue))
            or (q_cue == cue and _overlap(content, whole) > half)
            for inside, whole, q_cue in marks
        ):
            continue
        lo = min(content[0], cue[0], speaker[0] if speaker else cue[0])
        hi = max(content[1], cue[1], speaker[1] if speaker else cue[1])
        resolved = _char_span(doc, att.resolved)
        drafts.append(ClaimDraft(lo, hi, ATTRIBUTED, speaker, cue, content, resolved))
    drafts = _merge_parts(text, drafts)
    # One byte per character: linear, and no worry about nested or long spans.
    covered = bytearray(len(text))
    for d in drafts:
        covered[d.start : d.end] = b"\x01" * (d.end - d.start)
    for s, e in sentences:
        if covered.find(1, s, e) != -1:
            continue
        assertion = _assertion(doc, text, s, e)
        if assertion is None:
            continue
        # Spoken or written prose without a verb can still claim ("More
        # Americans at work today than at any time in history."); a headline,
        # caption, byline or label line cannot, and even the prose is a claim
        # only when the model finds it worth checking, never by a figure alone.
        verbless = assertion == "verbless"
        if verbless and not _reads_as_prose(text[s:e]):
            continue
        # The claim is the sentence without a dateline it opens with; its
        # score still reads the whole sentence, as the model was trained.
        start = (_without_dateline(text, (s, e), None) or (s, e))[0]
        if _has_figure(doc, (s, e), entities, text):
            drafts.append(ClaimDraft(start, e, STATISTIC, content=(start, e), needs_score=verbless))
        elif len(text[start:e].split()) >= _MIN_FACTUAL_TOKENS:
            drafts.append(ClaimDraft(start, e, FACTUAL, content=(start, e), needs_score=True))
    drafts.sort(key=lambda d: (d.start, d.end))
    resolve_pronouns(doc, text, drafts, entities, paragraphs)

    def span(rng: tuple[int, int] | None) -> Span | None:
        return None if rng is None else Span(rng[0], rng[1], text[rng[0] : rng[1]])

    def scored(d: ClaimDraft) -> tuple[int, int]:
        start, end = (d.start, d.end) if d.kind == QUOTE else sents.covering(d.start, d.end)
        return sents.covering(min(start, d.start), max(end, d.end))

    # Only the encoder's cascade reads the sentences ahead (the default's
    # scoring must not pay for their parses here).
    if score is checkworthiness and chosen_model() == "encoder":
        prepare(
            [
                (text[lo:hi], doc.char_span(lo, hi, alignment_mode="expand"))
                for lo, hi in map(scored, drafts)
            ]
        )
    claims: list[Claim] = []
    # A sentence's score, by its offsets: a quote and the claim reporting it
    # often share their sentence, and scoring is most of this function's time.
    scores: dict[tuple[int, int], float] = {}
    for d in drafts:
        start, end = (d.start, d.end) if d.kind == QUOTE else sents.covering(d.start, d.end)
        start, end = min(start, d.start), max(end, d.end)
        # The whole sentence, as the model was trained (a quote's too): "I
        # voted to close loopholes" is worth checking, its content "to close
        # loopholes" is not. With the parse: the model reads its structure.
        lo, hi = sents.covering(start, end)
        value = scores.get((lo, hi))
        if value is None:
            value = scores[lo, hi] = round(
                score(text[lo:hi], doc.char_span(lo, hi, alignment_mode="expand")), 4
            )
        if d.needs_score and value < _FACTUAL_THRESHOLD:
            continue
        claims.append(
            Claim(
                start=start,
                end=end,
                kind=d.kind,
                score=value,
                speaker=span(d.speaker),
                cue=span(d.cue),
                content=span(d.content),
                speaker_resolved=span(d.resolved),
                content_parts=_parts(text, d),
            )
        )
    return claims


def _parts(text: str, d: ClaimDraft) -> list[Span] | None:
    """The said parts of a content split by its attribution, each without the
    comma that only joins it to the attribution ('We have waited long
    enough,' is 'We have waited long enough')."""
    if not d.parts or len(d.parts) < 2:
        return None
    out = []
    for start, end in d.parts:
        while end > start and text[end - 1] in _JOINING:
            end -= 1
        while start < end and text[start] in _JOINING:
            start += 1
        if end > start:
            out.append(Span(start, end, text[start:end]))
    return out if len(out) > 1 else None


# A part's edge that joins it to its attribution: '"A," she said'.
_JOINING = " \t\n,;:"


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans
