"""Sports teams: a place's name standing for its team is an organisation.

Sports pages name teams by their town, county or state ("Leicestershire beat
Somerset", "Blackburn 1 Newcastle 2", "BOSTON 69 65 .515"), and the small
model reads those names as places or people. A team is an organisation, in
OntoNotes and CoNLL alike, while a national team is named by its country and
keeps that label. In an article about sport, a name in a team's slot -- right
before a score, beside "v" or a verb of winning and losing, before "side",
"captain", "fans" -- is an ORG in all its mentions, unless it is a country or
a demonym, or something says it is a person (a two-word PERSON, an initial
before it, a person's full name in the article ending in it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import lowers_of, tokens_of
from newsread.analysis.entities.lexicon import (
    CLUB_PREFIXES,
    CLUB_SUFFIXES,
    COUNTRIES,
    DEMONYMS,
    SPORT_TERMS,
    SPORTS,
)
from newsread.analysis.entities.mentions import Mention, _key, covered

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A score right after a team's name: "Blackburn 1", "Surrey 429-7".
_SCORE = re.compile(r"\d{1,3}(-\d{1,2})?")
_INITIAL = re.compile(r"[A-Z]\.")
_VERSUS = frozenset({"v", "v.", "vs", "vs.", "versus"})
_RESULT_VERBS = frozenset(
    {
        "beat",
        "beats",
        "drew",
        "draw",
        "lost",
        "won",
        "defeated",
        "thrashed",
        "routed",
        "edged",
        "crushed",
        "trounced",
        "overcame",
        "hammered",
        "outclassed",
    }
)
_BEFORE_OPPONENT = frozenset(
    {"beat", "beating", "defeated", "against", "over", "thrashed", "routed", "crushed"}
    | {"trounced", "hammered", "edged", "outclassed", "downed", "overcame"}
)
# "lost to X", "drew with X": the word before the opponent, and the verb before it.
_OPPONENT_AFTER = {"to": frozenset({"lost", "losing", "lose"}), "with": frozenset({"drew", "draw"})}
_TEAM_NOUNS = frozenset(
    {
        "side",
        "team",
        "club",
        "captain",
        "skipper",
        "coach",
        "manager",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "fans",
        "supporters",
        "squad",
        "team-mate",
        "teammate",
        "batsman",
        "bowler",
        "pitcher",
        "player",
        "players",
    }
)
_DASHES = frozenset({"-", "—", "–", ":"})
# Nouns naming a club right before its name.
_CLUB_NOUNS = frozenset({"side", "club", "team", "champions", "holders", "contenders", "rivals"})
# A scorecard's "c Healy b Fleming": the names after these are players.
_SCORECARD_MARKS = frozenset({"c", "b", "st", "lbw"})
# "at Headingley", "in Montreal": a team's town named as the place of a game.
_VENUE_WORDS = frozenset({"at", "in"})


def _sports_article(doc: Doc) -> bool:
    """An article about sport: its first line opens with a sport's name and a
    dash or colon ("SOCCER - ...", "Golf: ..."), or it uses five or more
    distinct words of sport."""
    first: list[str] = []
    for tok in tokens_of(doc):
        if tok.is_space:
            if first:
                break
            continue
        first.append(tok.lower_)
        if "\n" in tok.whitespace_ or len(first) > 3:
            break
    for length in (1, 2):
        if len(first) > length and first[length] in _DASHES and " ".join(first[:length]) in SPORTS:
            return True
    return len({w for w in lowers_of(doc) if w in SPORT_TERMS}) >= 5


def _score_at(doc: Doc, i: int) -> bool:
    """Whether a score starts at token ``i``: "1", "429-7", "2" "-" "1"; not a
    bowler's figures ("8-0-39-3", split as "8" "-" "0" "-" ...)."""
    n = len(doc)
    if i >= n or not _SCORE.fullmatch(doc[i].text):
        return False
    j = i
    numbers = doc[i].text.count("-") + 1
    while j + 2 < n and doc[j + 1].text == "-" and not doc[j].whitespace_:
        if doc[j + 1].whitespace_ or not doc[j + 2].text[:1].isdigit():
            break
        j += 2
        numbers += doc[j].text.count("-") + 1
    return numbers <= 2


def _in_team_slot(doc: Doc, m: Mention) -> bool:
    """Whether the words beside a mention make it a team."""
    n = len(doc)
    prev = doc[m.start - 1] if m.start > 0 else None
    nxt = doc[m.end] if m.end < n else None
    if prev is not None and _INITIAL.fullmatch(prev.text):
        return False
    same_line = "\n" not in doc[m.end - 1].whitespace_
    if nxt is not None and same_line and _score_at(doc, m.end):
        return True
    if prev is not None and prev.is_lower and prev.lower_ in _CLUB_NOUNS:
        return True  # "first division side Nice", "serie A club Atalanta"
    if m.end - m.start > 1 and not doc[m.start].is_upper:
        # Beside a verb a two-word name is as likely a player as a club.
        return False
    if nxt is not None and same_line:
        if nxt.lower_ in _VERSUS or nxt.lower_ in _RESULT_VERBS:
            return True
        # "Surrey , who thrashed Warwickshire"
        if (
            nxt.text == ","
            and m.end + 2 < n
            and doc[m.end + 1].lower_ == "who"
            and doc[m.end + 2].lower_ in _RESULT_VERBS
        ):
            return True
        if nxt.lower_ in _TEAM_NOUNS and (nxt.is_lower or doc[m.start].is_upper):
            return True
    if (
        prev is not None
        and m.start > 1
        and doc[m.start - 2].lower_ in _OPPONENT_AFTER.get(prev.lower_, ())
    ):
        return True
    return prev is not None and (prev.lower_ in _VERSUS or prev.lower_ in _BEFORE_OPPONENT)


def _team_keys(doc: Doc, names: list[Mention], sports: bool) -> set[str]:
    """Vote keys of the names that stand for teams in a sports article."""
    if not names or not sports:
        return set()
    people: set[str] = set()
    teams: set[str] = set()
    clubs: set[str] = set()
    for m in names:
        key = _key(doc, m.start, m.end)
        if m.label == "PERSON" and m.end - m.start > 1:
            people.add(key)
            people.add(doc[m.end - 1].lower_)
        prev = doc[m.start - 1] if m.start > 0 else None
        if prev is not None and (
            _INITIAL.fullmatch(prev.text) or (prev.is_lower and prev.text in _SCORECARD_MARKS)
        ):
            people.add(key)
        if key in COUNTRIES or key in DEMONYMS:
            continue
        if m.start > 0 and doc[m.start - 1].is_lower and doc[m.start - 1].lower_ in _CLUB_NOUNS:
            clubs.add(key)  # "Belgian club Standard Liege", whatever the model says
        elif (m.label != "PERSON" or " " not in key) and _in_team_slot(doc, m):
            teams.add(key)
    return (teams - people) | clubs


def _is_player(doc: Doc, m: Mention) -> bool:
    """ "c Healy b Fleming 44", "st Kaluwitharana": a cricket scorecard names
    the fielder, bowler or wicket-keeper after "c", "b", "st"."""
    return (
        m.start > 0
        and doc[m.start - 1].text in _SCORECARD_MARKS
        and doc[m.start - 1].text != "lbw"
        and all(doc[i].text[:1].isupper() for i in range(m.start, m.end))
    )


def _is_venue(doc: Doc, m: Mention) -> bool:
    """ "at Headingley", "In Montreal ,": the place a game is played in."""
    return m.start > 0 and doc[m.start - 1].lower_ in _VENUE_WORDS


def _sports_cues(
    doc: Doc,
    names: list[Mention],
    datelines: list[Mention],
    sports: bool,
    teams: bool = True,
    grounds: bool = True,
    players: bool = True,
) -> list[tuple[Mention, str]]:
    """The cues a sports article's slots give its names before the vote
    (rules "players", "teams", "grounds"): a scorecard's players are people,
    teams are ORGs, a ground after "at" is a FAC. Returns the mentions that
    are a team's town where it plays (or a dateline's town), each with the
    label it keeps after the vote made the club's name an ORG."""
    team_keys = _team_keys(doc, names, sports) if teams else set()
    if players:
        played = {_key(doc, m.start, m.end) for m in names if _is_player(doc, m)}
        for m in names:
            if m.cue_label is None and _key(doc, m.start, m.end) in played:
                m.cue_label = "PERSON"
    venues: list[tuple[Mention, str]] = []
    dated = {id(d) for d in datelines}
    for m in names:
        if _key(doc, m.start, m.end) not in team_keys:
            if (
                grounds
                and sports
                and m.cue_label is None
                and m.label == "ORG"
                and m.start > 0
                and doc[m.start - 1].lower_ == "at"
            ):
                m.cue_label = "FAC"  # "at Old Trafford": the ground
            continue
        if id(m) in dated:
            # "NICE , France 1996-08-30": the town, though the club's name votes ORG.
            venues.append((m, m.label))
            m.cue_label = "ORG"
        elif m.cue_label is None and not _is_player(doc, m):
            m.cue_label = "ORG"
            if m.label in {"GPE", "LOC", "FAC"} and _is_venue(doc, m):
                venues.append((m, m.label))
    return venues


# Words a club's name may hold besides capitalised ones: "Queen 's Park", "St Mirren".
_NAME_JOINERS = frozenset({"'s", "of", "&"})


def _results_teams(
    doc: Doc, names: list[Mention], others: list[Mention], sports: bool
) -> list[Mention]:
    """Clubs the model left untagged in a results line or a table of a sports
    article: a capitalised run of up to three words right before a score
    ("Harlequins 75 Gloucester 19", "Dundee 3 1 2 0") or after "v" is an
    ORG (a country a GPE). Not in the headline, where every word is
    capitalised; not a run opening with a function word ("The 26-year-old"),
    after an initial or a scorecard's "c"/"b", nor a person's name of the
    article ("A. Dale 69", "62 Nolan Henke 64 ... Henke 65"); and where the
    model puts people before scores (a golf leaderboard), one word only."""
    if not sports:
        return names
    n = len(doc)
    taken = covered(n, names, others)
    people = {doc[i].lower_ for m in names if m.label == "PERSON" for i in range(m.start, m.end)}
    people |= {doc[i + 1].lower_ for i in range(n - 1) if _INITIAL.fullmatch(doc[i].text)}
    scored_people = sum(1 for m in names if m.label == "PERSON" and _score_at(doc, m.end))
    headline_end = 0
    while headline_end < n and (doc[headline_end].is_space or headline_end == 0):
        headline_end += 1
    while headline_end < n and "\n" not in doc[headline_end - 1].whitespace_:
        if doc[headline_end].is_space:
            break
        headline_end += 1

    def word(i: int) -> bool:
        tok = doc[i]
        return not taken[i] and tok.is_alpha and tok.text[:1].isupper()

    added: list[Mention] = []
    i = headline_end
    while i < n:
        if not word(i) or (i > 0 and word(i - 1)):
            i += 1
            continue
        end = i + 1
        while end < n and end - i < 4 and (word(end) or doc[end].text in _NAME_JOINERS):
            end += 1
        while end > i + 1 and not word(end - 1):
            end -= 1
        prev = doc[i - 1] if i > 0 else None
        nxt = doc[end] if end < n else None
        same_line = "\n" not in doc[end - 1].whitespace_
        slot = (nxt is not None and same_line and _score_at(doc, end)) or (
            prev is not None and prev.lower_ in _VERSUS
        )
        key = " ".join(doc[k].lower_ for k in range(i, end))
        if (
            slot
            and end - i <= (1 if scored_people >= 2 else 3)
            and not doc[i].is_stop
            and not (
                prev is not None
                and (
                    _INITIAL.fullmatch(prev.text)
                    or (prev.is_lower and prev.text in _SCORECARD_MARKS)
                )
            )
            and not any(doc[k].lower_ in people for k in range(i, end))
            and key not in DEMONYMS
        ):
            added.append(Mention(i, end, "GPE" if key in COUNTRIES else "ORG"))
        i = end
    return names + added if added else names


def _scorecard_players(
    doc: Doc, names: list[Mention], others: list[Mention], sports: bool
) -> list[Mention]:
    """Players the model left untagged in a sports article's scorecard or
    line-up: a capitalised run after a scorecard's "c", "b" or "st" ("c Healy
    b Fleming 44"), or after an initial, with it ("A. Hollioake run out"), is
    a PERSON; propagation then finds the player's other mentions."""
    if not sports:
        return names
    n = len(doc)
    taken = covered(n, names, others)

    def word(i: int) -> bool:
        # Title case: an all-capital run after an initial is a heading ("S. KOREAN").
        tok = doc[i]
        return not taken[i] and tok.text[:1].isupper() and not (tok.is_upper and len(tok) > 1)

    added: list[Mention] = []
    i = 1
    while i < n:
        prev = doc[i - 1]
        initial = not taken[i - 1] and _INITIAL.fullmatch(prev.text) and prev.whitespace_
        mark = prev.text in _SCORECARD_MARKS and prev.text != "lbw"
        if not (word(i) and not _INITIAL.fullmatch(doc[i].text) and (initial or mark)):
            i += 1
            continue
        end = i + 1
        while end < n and end - i < 3 and word(end) and not _INITIAL.fullmatch(doc[end].text):
            end += 1
        if "\n" in doc[i : end - 1].text_with_ws:
            end = i + 1
        if doc[i].is_stop:
            i = end
            continue
        added.append(Mention(i - 1 if initial else i, end, "PERSON"))
        i = end
    return names + added if added else names


def _sport_slug(doc: Doc, m: Mention) -> bool:
    """Whether a span opens with a heading's sport slug ("SOCCER - ENGLAND
    BEAT MOLDOVA", "MOTOR RACING - LEADING"): the model runs the slug and the
    headline's capitals into one name. Such a span is dropped; the names in
    the headline are found again as known names of the article."""
    for length in (1, 2):
        dash = m.start + length
        if dash < m.end - 1 and doc[dash].text in _DASHES:
            words = " ".join(doc[i].lower_ for i in range(m.start, dash))
            if words in SPORTS and all(doc[i].is_upper for i in range(m.start, dash)):
                return True
    return False


_PARTICLES = frozenset({"de", "da", "del", "der", "van", "von", "la", "le", "dos", "do"})
_ORDINAL = re.compile(r"\d+(st|nd|rd|th)")
_ITEM_ENDS = frozenset({",", ";", "(", ")", "."})


def _lineup_players(
    doc: Doc, names: list[Mention], others: list[Mention], sports: bool
) -> list[Mention]:
    """Players the model left untagged in a sports article's line-up or
    scorers' list: a run of capitalised words (with "de", "van" inside) after
    a shirt number and a dash ("5 - Laurent Blanc , 8 - ...") or after a
    country and a dash ("Scorers : Romania - Viorel Moldovan ( 21st minute )"),
    ending the item (a comma, semicolon, bracket, full stop, the line's end or
    a minute such as "87th"), is a PERSON."""
    if not sports:
        return names
    n = len(doc)
    taken = covered(n, names, others)
    countries = {m.end for m in names if m.label == "GPE"}

    def capital(i: int) -> bool:
        tok = doc[i]
        return not taken[i] and tok.is_title and not tok.is_stop

    added: list[Mention] = []
    i = 2
    while i < n:
        dash = doc[i - 1]
        opener = doc[i - 2]
        numbered = dash.text == "-" and opener.text.isdigit()
        after_country = dash.text == "-" and (i - 1) in countries
        if not (capital(i) and (numbered or after_country)):
            i += 1
            continue
        end = i + 1
        while end < n and end - i < 4:
            tok = doc[end]
            if capital(end) or (tok.lower_ in _PARTICLES and end + 1 < n and capital(end + 1)):
                end += 1
            else:
                break
        last = doc[end - 1]
        ends_item = (
            end >= n
            or "\n" in last.whitespace_
            or doc[end].text in _ITEM_ENDS
            or _ORDINAL.fullmatch(doc[end].text) is not None
        )
        if ends_item:
            added.append(Mention(i, end, "PERSON"))
        i = end
    return names + added if added else names


_GOALS = re.compile(r"\d{1,3}")


def _head_to_head_teams(doc: Doc, names: list[Mention]) -> set[int]:
    """Ids of names that are teams in a head-to-head result line where each
    side has its country in brackets and its own score: "Benetton ( Italy )
    92 Dinamo ( Russia ) 81". A player's line has one name, or a verb
    between the two ("X ( Kenya ) beat Y ( Spain ) 6-3"); this has two clubs."""
    starts = {m.start: m for m in names}
    teams: set[int] = set()
    for m in names:
        after = _bracket_then_score(doc, m.end)
        if after is None or after not in starts:
            continue
        other = starts[after]
        if _bracket_then_score(doc, other.end) is not None:
            teams.update((id(m), id(other)))
    return teams


def _bracket_then_score(doc: Doc, i: int) -> int | None:
    """Index after "( Country ) 92" starting at ``i`` on one line, else None."""
    n = len(doc)
    if i >= n or doc[i].text != "(":
        return None
    close = i + 2
    while close < min(n, i + 5) and doc[close].text != ")":
        close += 1
    if close + 1 >= n or doc[close].text != ")" or "\n" in doc[i : close + 1].text_with_ws:
        return None
    if not _GOALS.fullmatch(doc[close + 1].text) or "\n" in doc[close].whitespace_:
        return None
    return close + 2


def _club_cue(doc: Doc, m: Mention, sports: bool) -> str | None:
    """ORG for a name that a club's word opens or ends in a sports article:
    "Dynamo Moscow", "OFK Beograd", "Norwich City", "Queens Park Rangers"
    (the model reads the town in them as a place or a person)."""
    if not sports or m.end - m.start < 2 or m.label == "ORG":
        return None
    words = [doc[i] for i in range(m.start, m.end) if doc[i].lower_ not in {"the"}]
    if len(words) < 2 or not all(w.text[:1].isupper() for w in words):
        return None
    if words[0].lower_ in CLUB_PREFIXES or words[-1].lower_ in CLUB_SUFFIXES:
        return "ORG"
    return None


def _untagged_clubs(
    doc: Doc, names: list[Mention], others: list[Mention], sports: bool
) -> list[Mention]:
    """Clubs the model left untagged in a sports article: a run of two or
    more capitalised words on one line that a club's word opens or ends
    ("SC Freiburg", "Inverness Thistle"). Propagation then tags repeats."""
    if not sports:
        return names
    taken = covered(len(doc), names, others)

    def free(i: int) -> bool:
        tok = doc[i]
        return not taken[i] and tok.is_alpha and tok.text[:1].isupper()

    found: list[Mention] = []
    i = 0
    while i < len(doc):
        if not free(i):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and free(end) and "\n" not in doc[end - 1].whitespace_:
            end += 1
        if _club_words(doc, i, end):
            found.append(Mention(i, end, "ORG"))
        i = end
    return sorted(names + found, key=lambda m: m.start)


def _club_words(doc: Doc, start: int, end: int) -> bool:
    """Two words or more that a club's word opens or ends, not in an
    all-capital heading (where case says nothing)."""
    words = [doc[k].lower_ for k in range(start, end)]
    if len(words) < 2 or all(doc[k].is_upper for k in range(start, end)):
        return False
    return words[0] in CLUB_PREFIXES or words[-1] in CLUB_SUFFIXES


def _scorer_cue(doc: Doc, m: Mention) -> str | None:
    """PERSON for a name with a minute in brackets after it: a goal's scorer
    or a substitute ("Cosmin Contra ( 31st )", "Marasek ( 63rd minute )");
    the model calls these ORGs in a scorers' list."""
    i = m.end
    if i + 2 >= len(doc) or doc[i].text != "(" or not _ORDINAL.fullmatch(doc[i + 1].lower_):
        return None
    return "PERSON" if doc[i + 2].lower_ in {")", "minute", "min", ","} else None
