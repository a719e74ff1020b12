"""``resolve_entities``: the steps in order, from spaCy's entities to consistent ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import text_of
from newsread.analysis.entities.affiliations import affiliations
from newsread.analysis.entities.bodies import (
    band_cue,
    bodies_after_vote,
    order_cue,
    paper_cue,
)
from newsread.analysis.entities.commons import (
    acronym_people,
    group_plurals,
    heading_nouns,
    heading_votes,
    material_acronyms,
    sentence_nouns,
)
from newsread.analysis.entities.consistency import (
    _acronyms,
    _all_caps_tokens,
    _context_cue,
    _propagate,
    _settlement_cue,
    _vote,
)
from newsread.analysis.entities.known import (
    _athlete_cue,
    _athletes,
    _city_cue,
    _demonym_people,
    _known_cue,
    _known_mentions,
)
from newsread.analysis.entities.lexicon import GENERIC_WORDS, SPORTS
from newsread.analysis.entities.mentions import NAME_LABELS, Mention, _key
from newsread.analysis.entities.places import (
    _place_after_name_cue,
    _venue_cue,
    civic_places,
    name_ends,
)
from newsread.analysis.entities.shapes import (
    _company_ends,
    _cup_cue,
    _designated_repeats,
    _initial_cue,
    _media_names,
    _newsrooms,
    _particle_cue,
    _shire_cue,
    _street_cue,
)
from newsread.analysis.entities.spans import (
    _by_lines,
    _bylines,
    _chars,
    _clock_zones,
    _column_headings,
    _cut_minute,
    _cut_round_words,
    _dateline,
    _has_capital,
    _headline_fragments,
    _join_people,
    _law_names,
    _numeric_fixes,
    _split_at_breaks,
    _split_colon,
    _split_dashes,
    _split_internal_possessive,
    _split_lists,
    _split_ranges,
    _split_scores,
    _trim,
    _with_initials,
    drop_names_read_as_dates,
)
from newsread.analysis.entities.sports import (
    _club_cue,
    _head_to_head_teams,
    _lineup_players,
    _results_teams,
    _scorecard_players,
    _scorer_cue,
    _sport_slug,
    _sports_article,
    _sports_cues,
    _untagged_clubs,
)
from newsread.analysis.entities.storms import storm_names, storms_after_vote
from newsread.analysis.entities.titles import quoted_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc


#: The rules in order, by the names ``skip`` takes (a benchmark measures each
#: one by leaving it out; the app runs them all).
STEPS = (
    "numbers",  # MONEY's currency sign, "Monday night", two amounts, TIME/DATE fixes
    "datelines",  # "BELGRADE 1996-08-31", "MARLOW BAY — ...": the place is a GPE
    "trim",  # quote marks and possessives off a name
    "titles",  # "Councillor Reuben Hale" -> "Reuben Hale"
    "dashes",  # "Belgium - Marc Degryse", "11 - Glen Osborne": a spaced dash parts two items
    "breaks",  # a name never crosses a line or an unclosed bracket
    "lists",  # "Mercantile , Commerce", "Sussex or Surrey": a list's items are two names
    "tails",  # "Interfax news agency" -> "Interfax", "Durham 114" -> "Durham"
    "scores",  # "Haitai 2 Samsung 0" -> "Haitai", "Samsung"; "Surrey 429-7" -> "Surrey"
    "capitals",  # a name with no capital letter is dropped
    "slugs",  # "SOCCER - ENGLAND BEAT MOLDOVA": a heading's slug opens no name
    "generic",  # "Men 's 100 metres", "Attendance : 12,000": a common noun alone is no name
    "minutes",  # "Roberto Carlos 79th" -> "Roberto Carlos": a goal's minute is no part
    "rounds",  # "WORLD CUP QUALIFIER" -> "WORLD CUP": a round is no part of the name
    "headings",  # "W L PCT GB": a table's column headings are no name
    "sport_names",  # "Baseball", "ATHLETICS" alone: a sport is no name
    "colon",  # a run-in heading before a colon is cut off
    "zones",  # "1800 GMT" is a TIME, not an ORG "GMT"
    "bylines",  # "Vera Haller" on the line above a dateline: the reporter, a PERSON
    "by_lines",  # "By Tess Bonn - 11/19/19": the author, a PERSON; "Science Correspondent" no name
    "laws",  # "... Act" is one LAW
    "headlines",  # title-case heading words glued onto a name
    "nationalities",  # "American Dennis Mitchell": a NORP and a PERSON
    "possessive",  # "Nvidia's H20" -> "Nvidia" when Nvidia is a name elsewhere
    "cues",  # "X Inc", "X's chips", wire services, acronyms called NORP
    "roles",  # "the port of X", "X river", "X chief executive", "X chips from AMD"
    "known",  # a country is a GPE, a demonym a NORP, whatever the model says
    "cities",  # "than Rotterdam did" called PERSON: a well-known city is a GPE (not in sport)
    "company_ends",  # "Dow Chemical" + "Co", "Jeans Mate Corp - 6mth": a company ends at "Co"
    "newsrooms",  # "Warsaw Newsroom" signed under a story: a news desk, an ORG
    "storms",  # "Storm Henrik" called PERSON is an EVENT, and so is "Henrik" after it
    "bands",  # "played by the Harbour Lights", "the band X": a band is an ORG
    "orders",  # "the Order of Valdmere" called PERSON: an order is an ORG
    "papers",  # "told the Echo", "the Echo reported": a publication is an ORG
    "cups",  # "Fed Cup" called ORG is a competition: an EVENT
    "shires",  # "Derbyshire" called PERSON is a county: its team in sport, else a GPE
    "initial_names",  # "D. Fleming" called ORG: an initial and a name are a person
    "particles",  # "Todd Van Poppel" called ORG is a PERSON, and "Van Poppel" after him
    "streets",  # "Mill Street" called GPE: a street is a FAC
    "in_place",  # "homes in Kessby" called ORG: a place
    "settlements",  # "Kessing city council": the name before "city" is a GPE
    "heading_nouns",  # "Volunteer divers pull ...": a title's common noun is no PERSON
    "group_plurals",  # "Islanders' association chair": a plural before a group noun is no name
    "materials",  # "PET plastic", "LED lamps": an acronym classifying a material is no ORG
    "acronym_people",  # "COVID restrictions": one word in capitals in prose is no PERSON
    "sentence_nouns",  # "Agency engineer ...", "Commuters will ...": a sentence's common noun
    "places_in",  # "the Café Müller in Grünstadt": a name after "in" after a name is a GPE
    "venues",  # "the Café Müller", "Hotel Astoria": a venue's name is a FAC
    "heading_votes",  # the title line's mentions vote at half weight: the body's label wins
    "scorers",  # "Cosmin Contra ( 31st )": a name with a minute in brackets is a player
    "clubs",  # "Dynamo Moscow", "Norwich City" in a sports article: a club's word makes an ORG
    "head_to_head",  # "Benetton ( Italy ) 92 Dinamo ( Russia ) 81": two clubs, ORGs
    "grounds",  # "at Old Trafford" in a sports article: a ground, not an ORG
    "players",  # a scorecard's "c Healy b Fleming": the names are people
    "teams",  # in a sports article "Leicestershire beat Somerset": teams are ORGs
    "full_forms",  # "Wang" after "Wang Wentao", "Hive" after "Hive Digital Technologies"
    "vote",  # one label per name in the article
    "media",  # "the daily X", "X news agency": a publication is an ORG in every mention
    "acronyms",  # "Central Narcotics Bureau ( CNB )": the acronym is that name
    "results",  # untagged clubs before a score in a sports article ("Harlequins 75")
    "untagged_clubs",  # "SC Freiburg" left untagged in a sports article: a club
    "lineups",  # "5 - Laurent Blanc , 8 - ...": untagged players in a line-up
    "civic_places",  # "The Lindenport harbour council": the untagged town before its body
    "propagate",  # repeats of a name the model left untagged
    "caps_headings",  # ... also in an all-capital heading ("JAPAN" of "Japan")
    "initials",  # "R. Kaluwitharana", "D. Lehmann": an initial and a name are a person
    "people",  # "Waqar" "Younis" side by side, both PERSON: one person
    "known_untagged",  # an untagged country or demonym ("Mexican Ariel Cruz")
    "athletes",  # "Jansher Khan ( Pakistan )": an untagged name before a country in brackets
    "quoted_titles",  # '" On the Waterfront "': a quoted title-case run is a WORK_OF_ART
)


def _outside_dateline(m: Mention, covered: set[int]) -> list[Mention]:
    """What is left of a mention the model ran into a dateline's place: a
    byline's name before it ("Sami Aboudi" of "Sami Aboudi\nAL-RAM") and a
    number or date after it ("1996-08-30" of "LOUIS 1996-08-30")."""
    inside = [i for i in range(m.start, m.end) if i in covered]
    if not inside:
        return [m]
    parts = []
    if inside[0] > m.start:
        parts.append(Mention(m.start, inside[0], m.label, m.weight, m.cue_label))
    if m.label not in NAME_LABELS and inside[-1] + 1 < m.end:
        parts.append(Mention(inside[-1] + 1, m.end, m.label, m.weight, m.cue_label))
    return parts


def _shape_cue(doc: Doc, m: Mention, sports: bool, skip: frozenset[str]) -> str | None:
    """The label a name's own shape asks for ("... Cup", "...shire", "D. Fleming")."""
    cue = None if "cups" in skip else _cup_cue(doc, m)
    if cue is None and "shires" not in skip:
        cue = _shire_cue(doc, m, sports)
    if cue is None and "initial_names" not in skip:
        cue = _initial_cue(doc, m)
    if cue is None and "particles" not in skip:
        cue = _particle_cue(doc, m)
    if cue is None and "streets" not in skip:
        cue = _street_cue(doc, m)
    if cue is None and "in_place" not in skip:
        cue = _in_place_cue(doc, m, sports)
    return cue


def _in_place_cue(doc: Doc, m: Mention, sports: bool) -> str | None:
    """ "homes in Kessby", "residents of Keldale": one capitalised word after
    "in", or after "of" following a word for a place's people or parts, that
    the model calls an ORG is where something is (in a sports article it may
    be a team)."""
    word = doc[m.start]
    if m.label != "ORG" or m.end - m.start != 1 or sports or m.start == 0:
        return None
    if not word.is_alpha or not word.is_title or word.lower_ in _BODIES:
        return None  # "in Congress", "in Parliament": a body one sits in
    before = doc[m.start - 1].lower_
    if before == "in":
        return "GPE"
    if before == "of" and m.start >= 2 and doc[m.start - 2].lower_ in _PLACE_OF:
        return "GPE"
    return None


# "<word> of X" where X is a town: its people, its mayor, its streets.
_PLACE_OF = frozenset(
    {
        "residents",
        "inhabitants",
        "townspeople",
        "villagers",
        "mayor",
        "town",
        "village",
        "outskirts",
        "suburbs",
    }
)


# Bodies one is "in" as a member, not a place.
_BODIES = frozenset(
    {
        "congress",
        "parliament",
        "senate",
        "house",
        "cabinet",
        "government",
        "court",
        "council",
        "assembly",
        "legislature",
        "office",
        "ministry",
        "police",
        "army",
        "navy",
        "opposition",
        "committee",
    }
)


def _body_keys(doc: Doc, names: list[Mention], skip: frozenset[str]) -> set[str]:
    """Vote keys of the names a band, order or paper cue makes an ORG; those
    mentions also cast the cue's vote."""
    keys: set[str] = set()
    for m in names:
        if (
            ("bands" not in skip and band_cue(doc, m))
            or ("orders" not in skip and order_cue(doc, m))
            or ("papers" not in skip and paper_cue(doc, m))
        ):
            m.cue_label = "ORG"
            keys.add(_key(doc, m.start, m.end))
    return keys


def resolve_entities(doc: Doc, skip: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    """Consistent entities as (start_char, end_char, label), in text order.

    ``skip`` leaves out rules named in ``STEPS``, to measure what each adds.
    """
    unknown = skip - set(STEPS)
    if unknown:
        raise ValueError(f"unknown entity rules: {sorted(unknown)}")
    raw = [Mention(e.start, e.end, e.label_) for e in doc.ents]
    if "numbers" not in skip:
        raw = drop_names_read_as_dates(doc, _split_ranges(doc, _numeric_fixes(doc, raw)))
    if "dashes" not in skip:
        raw = _split_dashes(doc, raw)
    names: list[Mention] = []
    others: list[Mention] = []
    datelines = [] if "datelines" in skip else _dateline(doc)
    covered = {i for d in datelines for i in range(d.start, d.end)}
    if covered:
        raw = [part for m in raw for part in _outside_dateline(m, covered)]
    for m in raw:
        if m.label not in NAME_LABELS:
            others.append(m)
            continue
        for part in [m] if "breaks" in skip else _split_at_breaks(doc, m):
            trimmed = _trim(
                doc, part, "trim" not in skip, "titles" not in skip, "tails" not in skip
            )
            if trimmed is None:
                continue
            items = [trimmed] if "lists" in skip else _split_lists(doc, trimmed)
            if "scores" not in skip:
                items = [part for item in items for part in _split_scores(doc, item)]
            for named in items:
                if "capitals" not in skip and not _has_capital(doc, named):
                    continue
                if "generic" not in skip and _key(doc, named.start, named.end) in GENERIC_WORDS:
                    continue
                if "sport_names" not in skip and _key(doc, named.start, named.end) in SPORTS:
                    continue
                if "slugs" not in skip and _sport_slug(doc, named):
                    continue
                if "headings" not in skip and _column_headings(doc, named):
                    continue
                if "rounds" not in skip:
                    named = _cut_round_words(doc, named)
                if "minutes" not in skip:
                    named = _cut_minute(doc, named)
                names.append(named if "colon" in skip else _split_colon(doc, named))
    names = sorted(names + datelines, key=lambda m: m.start)
    if "zones" not in skip:
        names, others = _clock_zones(doc, names, others)
    if "bylines" not in skip:
        names = _bylines(doc, names, others, datelines)
    if "by_lines" not in skip:
        names = _by_lines(doc, names, others)
    if "laws" not in skip:
        names = _law_names(doc, names)
    if "headlines" not in skip:
        names = _headline_fragments(doc, names)
    if "nationalities" not in skip:
        names = _demonym_people(doc, names)
    if "possessive" not in skip:
        known = {_key(doc, m.start, m.end) for m in names}
        names = [_split_internal_possessive(doc, m, known) for m in names]
    if "company_ends" not in skip:
        names = _company_ends(doc, names)
    if "newsrooms" not in skip:
        names = _newsrooms(doc, names)
    if "storms" not in skip:
        names = storm_names(doc, names)
    sports = _sports_article(doc)
    if "heading_nouns" not in skip:
        names = heading_nouns(doc, names)
    if "group_plurals" not in skip:
        names = group_plurals(doc, names, sports)
    if "materials" not in skip:
        names = material_acronyms(doc, names)
    if "acronym_people" not in skip:
        names = acronym_people(doc, names)
    if "sentence_nouns" not in skip:
        names = sentence_nouns(doc, names, sports)
    if "heading_votes" not in skip:
        heading_votes(doc, names)
    clubs = set() if "head_to_head" in skip else _head_to_head_teams(doc, names)
    ends = name_ends(names)
    for m in names:
        cue = _context_cue(doc, m, "cues" not in skip, "roles" not in skip)
        if cue is None and "known" not in skip:
            cue = _known_cue(doc, m)
        if cue is None and "cities" not in skip and not sports:
            cue = _city_cue(doc, m)
        if cue is None and "settlements" not in skip:
            cue = _settlement_cue(doc, m)
        if cue is None:
            cue = _shape_cue(doc, m, sports, skip)
        if cue is None and "places_in" not in skip and not sports:
            cue = _place_after_name_cue(doc, m, ends)
        if cue is None and "venues" not in skip:
            cue = _venue_cue(doc, m)
        if cue is None and id(m) in clubs:
            cue = "ORG"
        if cue is None and "clubs" not in skip:
            cue = _club_cue(doc, m, sports)
        if cue is None and "scorers" not in skip:
            cue = _scorer_cue(doc, m)
        if cue is None and "athletes" not in skip:
            cue = _athlete_cue(doc, m)
        m.cue_label = cue or m.cue_label
    bodies = _body_keys(doc, names, skip)
    venues = _sports_cues(
        doc,
        names,
        datelines,
        sports,
        teams="teams" not in skip,
        grounds="grounds" not in skip,
        players="players" not in skip,
    )
    if "vote" not in skip:
        _vote(doc, names, "full_forms" not in skip, "particles" not in skip)
    for m, label in venues:
        m.label = label
    bodies_after_vote(doc, names, bodies)
    if "media" not in skip:
        names = _media_names(doc, names, others)
    if "storms" not in skip:
        names = storms_after_vote(doc, names, others)
    if "acronyms" not in skip:
        names = _acronyms(doc, names)
    if "results" not in skip:
        names = _results_teams(doc, names, others, sports)
    if "players" not in skip:
        names = _scorecard_players(doc, names, others, sports)
    if "untagged_clubs" not in skip:
        names = _untagged_clubs(doc, names, others, sports)
    if "lineups" not in skip:
        names = _lineup_players(doc, names, others, sports)
    if "civic_places" not in skip:
        names = civic_places(doc, names, others)
    if "propagate" not in skip:
        names = _propagate(doc, names, others, "caps_headings" not in skip)
    if "company_ends" not in skip:
        names = _designated_repeats(doc, names)
    if "initials" not in skip:
        names = _with_initials(doc, names)
    if "people" not in skip:
        names = _join_people(doc, names)
    if "known_untagged" not in skip:
        names = _known_mentions(doc, names, others, _all_caps_tokens(doc))
    if "athletes" not in skip:
        names = _athletes(doc, names, others)
    if "affiliations" not in skip:
        names = affiliations(doc, names, others)
    if "quoted_titles" not in skip:
        names, others = quoted_titles(doc, names, others)
    merged = sorted(names + others, key=lambda m: m.start)
    text = text_of(doc)
    return [_chars(doc, text, m) for m in merged]
