"""Titles in quotation marks: " On the Waterfront ", " The Crying Game ".

News puts the title of a film, book, song or campaign in quotation marks and
writes it in title case. The small model reads such a title by its words: a
name ("Michael Collins", the film), a date ("In the Year of January"), two
names ("Ice Cold" and "Alex"), a span run past the quote ("Sleeping Bread "
Puig"), or nothing at all. A run wholly in title case between a pair of
quotation marks is one name, a WORK_OF_ART (as OntoNotes files titles), unless
the model already called it an event, product or law; a nickname between a
person's names ("Roberto " Hands of Stone " Duran") is left to the person.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import line_breaks_at, lowers_of, texts_of, tokens_of
from newsread.analysis.entities.mentions import Mention, _key

if TYPE_CHECKING:
    from spacy.tokens import Doc


# Closing mark for each opening one.
_PAIRS = {'"': '"', "“": "”", "'": "'", "‘": "’"}
# Lower-case words a title-case title keeps small: "Anne of a Thousand Days".
_SMALL_WORDS = frozenset(
    {"the", "of", "and", "a", "an", "in", "on", "for", "to", "at", "with", "from", "by", "or"}
)
_LONGEST = 8
# Lower-case words that say a quoted run is a work's or a campaign's title:
# "the film " Michael Collins "", "an "
# Artisans for Peace " prize". Without one, quotation marks more often hold a
# nickname, a catchword or a paper's name ("as " The Wall Street Journal "
# wrote"), and the model's label stands.
_WORK_WORDS = frozenset(
    {
        "film",
        "films",
        "movie",
        "movies",
        "novel",
        "novels",
        "book",
        "books",
        "song",
        "songs",
        "album",
        "play",
        "show",
        "programme",
        "program",
        "poem",
        "opera",
        "musical",
        "epic",
        "documentary",
        "titles",
        "prize",
        "award",
        "campaign",
        "starred",
        "appearances",
    }
)
# Words looked at before the opening mark and after the closing one.
_BEFORE = 6
_AFTER = 3
# Tokens between one title and the next of a list (" X " ( 1963 ) , " Y ").
_LIST_GAP = 6
# Labels of a title the model read whole and right: kept.
_TITLE_LABELS = frozenset({"WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})


def _title_word(text: str, lower: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit() or (text == lower and lower in _SMALL_WORDS)


def _quoted_runs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of title-case runs between a pair of marks."""
    texts, lowers, breaks = texts_of(doc), lowers_of(doc), line_breaks_at(doc)
    runs: list[tuple[int, int]] = []
    n = len(doc)
    i = 0
    while i < n:
        close = _PAIRS.get(texts[i])
        if close is None:
            i += 1
            continue
        end = i + 1
        while end < n and end - i <= _LONGEST and not breaks[end - 1] and texts[end] != close:
            end += 1
        if end >= n or texts[end] != close or breaks[end - 1] or end == i + 1:
            i += 1
            continue
        words = range(i + 1, end)
        if (
            texts[i + 1][:1].isupper()
            and all(_title_word(texts[j], lowers[j]) for j in words)
            and not all(texts[j].isupper() for j in words)
            and not _nickname(doc, i, end)
            and (_work_word_near(doc, i, end) or _follows_title(doc, runs, i))
        ):
            runs.append((i + 1, end))
        i = end + 1
    return runs


def _work_word_near(doc: Doc, open_at: int, close_at: int) -> bool:
    tokens, lowers = tokens_of(doc), lowers_of(doc)
    near = [*range(max(0, open_at - _BEFORE), open_at)]
    near += range(close_at + 1, min(len(doc), close_at + 1 + _AFTER))
    if any(lowers[j] in _WORK_WORDS and tokens[j].is_lower for j in near):
        return True
    # "best known for " Viva Zapata "" (not "known as", which names anything).
    return open_at > 1 and lowers[open_at - 2] == "known" and lowers[open_at - 1] == "for"


def _follows_title(doc: Doc, runs: list[tuple[int, int]], open_at: int) -> bool:
    """The next item of a list of titles: "known for " Viva Zapata " and " On
    the Waterfront "", with no sentence's end between."""
    if not runs:
        return False
    last_close = runs[-1][1]
    between = tokens_of(doc)[last_close + 1 : open_at]
    return open_at - last_close - 1 <= _LIST_GAP and not any(t.is_sent_start for t in between)


def _nickname(doc: Doc, open_at: int, close_at: int) -> bool:
    """ "Roberto " Hands of Stone " Duran": a name on both sides of the marks."""
    tokens = tokens_of(doc)
    return (
        open_at > 0
        and close_at + 1 < len(doc)
        and tokens[open_at - 1].is_title
        and tokens[open_at - 1].is_alpha
        and tokens[close_at + 1].is_title
        and tokens[close_at + 1].is_alpha
    )


def quoted_titles(
    doc: Doc, names: list[Mention], others: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """Each quoted title-case run becomes one WORK_OF_ART in place of what the
    model made of it; the part of a mention outside the marks stays when it
    is a name of its own. A one-word run counts only when the model tagged
    it: a quoted single word is more often a word someone said. A name run
    across a mark keeps its outside part when the article tags that name
    elsewhere, with that label."""
    runs = _quoted_runs(doc)
    if not runs:
        return names, others
    tokens = tokens_of(doc)
    labels = {_key(doc, m.start, m.end): m.label for m in names}
    for start, end in runs:
        inside = [m for m in names + others if m.start < end and start < m.end]
        if not inside and end - start == 1:
            continue
        # "the “Justice Against Sponsors of Terrorism Act”" read as a LAW with
        # its marks: the model's title label stands.
        whole = [m.label for m in inside if m.start <= start and end <= m.end]
        label = whole[0] if whole and whole[0] in _TITLE_LABELS else "WORK_OF_ART"
        kept: list[Mention] = []
        for m in inside:
            for a, b in ((m.start, start - 1), (end + 1, m.end)):
                # A name run across a mark ("Sleeping Bread " Puig") keeps its
                # outside part only as a name the article tags elsewhere.
                outside = _key(doc, a, b) if a < b else None
                if outside in labels and tokens[a].text[:1].isupper():
                    kept.append(Mention(a, b, labels[outside], m.weight))
        drop = {id(m) for m in inside}
        names = [m for m in names if id(m) not in drop] + kept
        others = [m for m in others if id(m) not in drop]
        names.append(Mention(start, end, label))
    return sorted(names, key=lambda m: m.start), others
