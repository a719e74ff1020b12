"""Consistency across the article: one label per name, by vote, and given to short forms.

Context cues, full forms ("Wang" after "Wang Wentao"), the vote and its
winner, and propagation to the mentions the model left untagged.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from newsread.analysis.doc_cache import (
    cached,
    line_breaks_at,
    lowers_of,
    texts_of,
    tokens_of,
    whitespaces_of,
)
from newsread.analysis.entities.lexicon import RELIGIONS, SURNAME_PARTICLES
from newsread.analysis.entities.mentions import (
    _DETERMINERS,
    _HAS_UPPER,
    _POSSESSIVE,
    Mention,
    _key,
    covered,
)
from newsread.analysis.entities.spans import PERSON_TITLES, ROLE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Corporate designators: "X Inc" is an ORG, and "X" later on is the same ORG.
CORP_SUFFIXES = frozenset(
    {
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "co",
        "co.",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "ag",
        "sa",
        "s.a.",
        "spa",
        "s.p.a.",
        "nv",
        "n.v.",
        "bv",
        "b.v.",
        "ab",
        "asa",
        "oyj",
        "bhd",
        "pty",
        "limited",
        "bancorp",
        "bancshares",
        "gmbh",
        "group",
        "holdings",
        "technologies",
        "technology",
        "industries",
        "systems",
        "labs",
        "company",
        "communications",
        "pharmaceuticals",
        "motors",
        "airlines",
    }
)
# Nouns that, after "X's", mark X as a business: "Nvidia's H20 chips".
_BUSINESS_NOUNS = frozenset(
    {
        "chip",
        "chips",
        "shares",
        "stock",
        "stocks",
        "ceo",
        "products",
        "product",
        "software",
        "platform",
        "app",
        "revenue",
        "revenues",
        "profit",
        "profits",
        "earnings",
        "subsidiary",
        "brand",
        "smartphones",
        "processors",
    }
)
# Words right before a name that mark it as a business ("made by Nvidia").
# ("rival" is left out: "Democratic rival Hillary Clinton" is a person.)
_BUSINESS_BEFORE = frozenset({"company", "firm", "maker", "giant", "carmaker", "chipmaker"})


def _context_cue(doc: Doc, m: Mention, cues: bool = True, roles: bool = True) -> str | None:
    """A label that the words around a mention clearly ask for, if any."""
    found = _local_cue(doc, m) if cues else None
    if found is None and roles:
        found = _role_cue(doc, m)
    return found


def _local_cue(doc: Doc, m: Mention) -> str | None:
    """Cues in the name itself or right beside it: "X Inc", "X's chips", "(UPI)"."""
    # Read from the Doc's columns (``Token.is_upper`` and ``is_title`` are
    # ``str.isupper`` and ``str.istitle`` of the text): asked of every name.
    texts, lowers = texts_of(doc), lowers_of(doc)
    n = len(texts)
    last, last_lower = texts[m.end - 1], lowers[m.end - 1]
    if _key(doc, m.start, m.end) in _KNOWN_ORGS:
        return "ORG"
    letters = sum(ch.isalpha() for ch in last)
    if m.label == "NORP" and m.end - m.start == 1 and last.isupper() and 2 <= letters <= 5:
        # Nationalities and parties are words ("Russian", "Democrats"); an
        # acronym the model calls NORP ("NYPD", "(UPI)") is an organisation.
        # An initial ("R.") is not an acronym: it opens a person's name.
        return "ORG"
    if last_lower in CORP_SUFFIXES and m.end - m.start > 1:
        return "ORG"
    if m.end < n:
        nxt, nxt_lower = texts[m.end], lowers[m.end]
        if nxt_lower in CORP_SUFFIXES and nxt.istitle() and nxt_lower not in {"group", "company"}:
            return "ORG"
        if nxt in _POSSESSIVE and m.end + 1 < n:
            # "X's H20 chips": look a couple of words on for a business noun.
            window = lowers[m.end + 1 : min(n, m.end + 4)]
            if any(word in _BUSINESS_NOUNS for word in window):
                return "ORG"
    if m.start > 0 and lowers[m.start - 1] in _BUSINESS_BEFORE:
        return "ORG"
    if _kind_of_business_before(doc, m):
        return "ORG"
    if m.start > 1 and lowers[m.start - 1] == "by" and lowers[m.start - 2] == "made":
        return "ORG"
    if _given_as_a_name(lowers, m.start):
        return "PERSON"
    return None


# "who gave only her first name, Maeve", "his surname, Okafor": a person's
# name given as such, which the model, seeing one unknown word, calls ORG.
_NAME_WORDS = frozenset({"name", "surname", "nickname"})
_WHOSE_NAME = frozenset({"first", "given", "last", "middle", "her", "his", "their"})


def _given_as_a_name(lowers: list[str], start: int) -> bool:
    if start < 3 or lowers[start - 1] not in (",", ":") or lowers[start - 2] not in _NAME_WORDS:
        return False
    return lowers[start - 2] == "surname" or lowers[start - 3] in _WHOSE_NAME


def _kind_of_business_before(doc: Doc, m: Mention) -> bool:
    """ "Ferry operator Skagerlink", "the wind developer Havbris": a kind of
    business, itself told apart by the noun before it, right before a name
    names the business. A one-word name only, when the model calls it a
    person: "crane operator Ola Berg" is someone who works one."""
    if m.start < 2 or (m.label == "PERSON" and m.end - m.start > 1):
        return False
    kind, before = doc[m.start - 1], doc[m.start - 2]
    return (
        kind.is_lower
        and kind.lower_ in _BUSINESS_KINDS
        and before.is_alpha
        and before.pos_ in {"NOUN", "PROPN", "ADJ"}
        and before.head.i == kind.i
    )


# Words naming what kind of business a name is, before it as an apposition:
# "the port operator, Sellin Terminals, plans ...".
_BUSINESS_KINDS = _BUSINESS_BEFORE | frozenset(
    {
        "operator",
        "carrier",
        "airline",
        "retailer",
        "manufacturer",
        "supplier",
        "lender",
        "insurer",
        "publisher",
        "subsidiary",
        "startup",
        "conglomerate",
        "developer",
        "producer",
        "utility",
        "contractor",
        "shipper",
        "shipyard",
        "chain",
    }
)
# Job titles after a name that make the name the employer: "Sellin Terminals
# chief executive Oskar Brandt", "Microsoft founder Bill Gates". (Not
# "spokesman": "Clinton spokesman Brian Fallon" names a person's spokesman.)
_EMPLOYER_TITLES = (
    ("chief", "executive"),
    ("chief", "financial"),
    ("chief", "operating"),
    ("managing", "director"),
    ("ceo",),
    ("founder",),
)
# Last words of an institution's name: "The Eastbrook Central Library",
# "the Supreme Court". A title-case head makes the name an organisation.
_INSTITUTION_HEADS = frozenset(
    {
        "library",
        "university",
        "college",
        "school",
        "museum",
        "hospital",
        "institute",
        "council",
        "ministry",
        "department",
        "agency",
        "commission",
        "committee",
        "court",
        "bank",
        "police",
        "association",
        "union",
        "society",
        "foundation",
        "trust",
        "federation",
        "authority",
    }
)
# Lower-case nouns of natural features after a name: "the Brenn river".
_FEATURE_NOUNS = frozenset(
    {
        "river",
        "lake",
        "mountains",
        "mountain",
        "valley",
        "sea",
        "ocean",
        "island",
        "islands",
        "peninsula",
        "coast",
        "desert",
        "strait",
        "creek",
        "estuary",
        "delta",
        "glacier",
    }
)
# "the port of Kessar", "the city of Eldham": a settlement named after "X of".
_SETTLEMENT_NOUNS = frozenset(
    {"port", "city", "town", "village", "province", "state", "region", "county", "district"}
)
# Goods named after a product line: "MI308 chips from AMD".
_PRODUCT_NOUNS = frozenset(
    {
        "chip",
        "chips",
        "processor",
        "processors",
        "phone",
        "phones",
        "smartphones",
        "cars",
        "jets",
        "aircraft",
        "drones",
        "vaccine",
        "vaccines",
        "tablets",
        "consoles",
    }
)


_JOBS_BEFORE_NAMES = ROLE_NOUNS | PERSON_TITLES


def _role_cue(doc: Doc, m: Mention) -> str | None:
    """A label from the role the sentence gives a name: an employer, an
    institution, a natural feature, a settlement, a product line."""
    n = len(doc)
    tokens = tokens_of(doc)
    first, last = tokens[m.start], tokens[m.end - 1]
    if _in_byline(doc, m):
        return "PERSON"
    if (
        m.start > 0
        and 2 <= m.end - m.start <= 3
        and tokens[m.start - 1].is_lower
        and tokens[m.start - 1].lower_ in _JOBS_BEFORE_NAMES
        and all(t.is_title for t in tokens[m.start : m.end])
    ):
        # "spokesperson Nadia Ferreira", "port director Camille Durand": a
        # job written in lower case before a full name makes it a person's.
        return "PERSON"
    if m.label not in {"GPE", "NORP", "LOC"}:
        for title in _EMPLOYER_TITLES:
            end = m.end + len(title)
            if end <= n and tuple(lowers_of(doc)[m.end : end]) == title:
                return "ORG"
    if (
        m.start > 1
        and tokens[m.start - 1].text == ","
        and tokens[m.start - 2].lower_ in _BUSINESS_KINDS
        and tokens[m.start - 2].is_lower
        # "at a law firm, Dana E. Okafor said": a middle initial is a person's.
        and not (m.label == "PERSON" and _has_middle_initial(doc, m))
    ):
        return "ORG"
    # Not over a place label: "the West Bank", "the Soviet Union" are places;
    # nor over a quoted title: a programme "State of the Union" is a work.
    if (
        m.end - m.start > 1
        and m.label not in _PLACE_LABELS
        and not (m.label == "WORK_OF_ART" and m.start > 0 and tokens[m.start - 1].is_quote)
        and last.is_title
        and last.lower_ in _INSTITUTION_HEADS
    ):
        return "ORG"
    if m.end < n and tokens[m.end].is_lower and tokens[m.end].lower_ in _FEATURE_NOUNS:
        return "LOC"
    if (
        m.start > 1
        and tokens[m.start - 1].lower_ == "of"
        and tokens[m.start - 2].is_lower
        and tokens[m.start - 2].lower_ in _SETTLEMENT_NOUNS
        and first.text[:1].isupper()
    ):
        return "GPE"
    if (
        m.label != "PERSON"
        and m.end < n
        and tokens[m.end].is_lower
        and tokens[m.end].lower_ in _PRODUCT_NOUNS
        and _maker_follows(doc, m.end + 1)
    ):
        return "PRODUCT"
    return None


# Lower-case nouns of a settlement after its name: "Kessing city council".
_SETTLEMENT_AFTER = frozenset({"city", "town", "village", "county", "province", "state"})
# Bodies that govern a settlement: "Kessing city council", "Huize county officials".
_GOVERNING_NOUNS = frozenset(
    {
        "council",
        "councils",
        "government",
        "officials",
        "authorities",
        "authority",
        "administration",
        "legislature",
        "assembly",
        "police",
        "mayor",
    }
)


def _has_middle_initial(doc: Doc, m: Mention) -> bool:
    """ "Dana E. Okafor": an initial between two words of the name."""
    return any(_MIDDLE_INITIAL.fullmatch(doc[i].text) for i in range(m.start + 1, m.end - 1))


_MIDDLE_INITIAL = re.compile(r"[A-Z]\.")


def _settlement_cue(doc: Doc, m: Mention) -> str | None:
    """GPE for a name the model calls an ORG or a PERSON right before a
    lower-case "city", "town", "county" ("Kessing city council", "Huize
    county officials"): the noun says what the name is, a settlement; the
    council or the officials after it are the organisation, outside the name.
    A place label (LOC "Arctic town") and a nationality ("Kurdish town") are
    left alone: they are already places or peoples."""
    if m.label not in {"ORG", "PERSON"} or m.end >= len(doc):
        return None
    nxt = doc[m.end]
    if not (nxt.is_lower and nxt.lower_ in _SETTLEMENT_AFTER and doc[m.start].text[:1].isupper()):
        return None
    # The settlement noun must end its phrase ("in Huize county,") or head a
    # body that governs it ("city council"): in "BET town hall" (a meeting),
    # "a state title" or "Battleground state Florida" it describes something else.
    after = doc[m.end + 1] if m.end + 1 < len(doc) else None
    if after is None or not after.is_alpha or after.lower_ in _GOVERNING_NOUNS:
        return "GPE"
    if after.is_lower and after.pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return "GPE"
    return None


def _in_byline(doc: Doc, m: Mention) -> bool:
    """ "By Petra Vasquez", "By Tomas Lindqvist and Amara Osei": a line that
    opens with "By" and holds nothing but names and "and" names authors."""
    texts = texts_of(doc)
    breaks = line_breaks_at(doc)
    i = m.start - 1
    while i >= 0 and not breaks[i]:
        i -= 1
    first = i + 1
    if first >= m.start or texts[first] != "By":
        return False
    whitespaces = whitespaces_of(doc)
    j = m.end
    while j < len(texts) and "\n" not in texts[j] and "\n" not in whitespaces[j - 1]:
        j += 1
    words = [t for t in tokens_of(doc)[first + 1 : j] if t.is_alpha]
    return all(t.is_title or t.lower_ == "and" for t in words) and len(words) <= 8


def _maker_follows(doc: Doc, i: int) -> bool:
    """ "(chips) from AMD", "(chips) made by Chinese tech giant Huawei": the
    goods' maker is named right after them, so the name before is the goods'."""
    if i < len(doc) and doc[i].lower_ == "made":
        i += 1
    if i >= len(doc) or doc[i].lower_ not in {"from", "by"}:
        return False
    return any(t.ent_type_ == "ORG" for t in doc[i + 1 : min(len(doc), i + 7)])


# Labels a weak (first-word) short-form match may not override: a given name
# that is also a place ("Charlotte", "Georgia") keeps its place label.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})


def _full_forms(
    doc: Doc,
    mentions: list[Mention],
    votes: dict[str, dict[str, float]],
    particles: bool = True,
) -> dict[str, tuple[str, int, bool]]:
    """Short form -> (label, length, weak) of the longest full form containing it.

    A PERSON's last word is a short form (news refers to people by surname);
    so are a company's words before its corporate suffix ("Huawei" of "Huawei
    Technologies"). The first word of a two-word PERSON is a weak short form:
    surname-first names ("Wang" of "Wang Wentao") need it, but given names
    are often places too, so it only overrides non-place labels. Only full
    forms whose own vote came out that way count, so one mislabelled "North
    Korea" cannot make "Korea" a person.
    """
    forms: dict[str, tuple[str, int, bool]] = {}

    def offer(short: str, label: str, length: int, weak: bool) -> None:
        old = forms.get(short)
        if old is None or (old[2], -old[1]) > (weak, -length):
            forms[short] = (label, length, weak)

    for m in mentions:
        words = [doc[i] for i in range(m.start, m.end) if doc[i].lower_ not in _DETERMINERS]
        # All-capital headings ("MIDWAY ATOLL -") are where the model errs most.
        if len(words) < 2 or all(w.is_upper for w in words):
            continue
        tally = votes[_key(doc, m.start, m.end)]
        top = max(tally.values())
        # A tie counts: a full name the model once calls PERSON and once ORG
        # is still good evidence that its surname is a person's.
        label = "PERSON" if tally.get("PERSON", 0) >= top else _winner(tally)
        if label == "PERSON" and words[-1].text[:1].isupper():
            offer(words[-1].lower_, label, len(words), False)
            # "Van Poppel" of "Todd Van Poppel": the surname with its particles.
            first = len(words) - 1
            while particles and first > 1 and words[first - 1].lower_ in SURNAME_PARTICLES:
                first -= 1
            if first < len(words) - 1:
                surname = " ".join(w.lower_ for w in words[first:])
                offer(surname, label, len(words), False)
            joined = _hyphened_surname(words)
            if joined is not None:
                # "Okonkwo-Brandt" of "Adaeze Okonkwo-Brandt": a double-barrelled
                # surname is one word to the reader, three tokens to spaCy.
                offer(" ".join(w.lower_ for w in words[joined:]), label, len(words), False)
            if len(words) == 2 and words[0].text[:1].isupper():
                offer(words[0].lower_, label, len(words), True)
        elif label == "ORG" and words[-1].lower_ in CORP_SUFFIXES:
            stem = [w for w in words[:-1] if w.lower_ not in CORP_SUFFIXES]
            if stem:
                offer(" ".join(w.lower_ for w in stem), label, len(words), False)
            if len(stem) > 1 and stem[0].text[:1].isupper():
                # "Hive" of "Hive Digital Technologies": a company's first word.
                offer(stem[0].lower_, label, len(words), True)
    return forms


def _hyphened_surname(words: list[Token]) -> int | None:
    """Where a name's last hyphen-joined run of words starts ("Okonkwo-Brandt"
    in "Adaeze Okonkwo - Brandt" as spaCy splits it), when a given name stands
    before it; None when its last word is not joined by a hyphen."""
    first = len(words) - 1
    while (
        first >= 3
        and words[first - 1].text == "-"
        and not words[first - 1].whitespace_
        and not words[first - 2].whitespace_
        and words[first - 2].text[:1].isupper()
    ):
        first -= 2
    return first if first < len(words) - 1 else None


def _winner(tally: dict[str, float], own: str = "") -> str:
    """The label with most votes; on a tie, the mention keeps its own label."""
    return max(tally.items(), key=lambda kv: (kv[1], kv[0] == own))[0]


def _vote(
    doc: Doc, mentions: list[Mention], full_forms: bool = True, particles: bool = True
) -> None:
    """Give every mention of one name the label with the most weighted votes."""
    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    keys = []
    for m in mentions:
        key = _key(doc, m.start, m.end)
        keys.append(key)
        votes[key][m.label] += m.weight
        if m.cue_label:
            votes[key][m.cue_label] += 1.5
    forms = _full_forms(doc, mentions, votes, particles) if full_forms else {}
    for key, (label, length, weak) in forms.items():
        # A religion's name is never a surname ("Islam" of a mis-tagged "Nabi Islam").
        if key in RELIGIONS:
            continue
        if key in votes and not (weak and _winner(votes[key]) in _PLACE_LABELS):
            # Full-form evidence outweighs any number of isolated model guesses
            # on the short form: the small model calls unknown surnames ORG or
            # GPE again and again, so counting its guesses would not help.
            votes[key][label] += 2.0 + length + sum(votes[key].values())
    # On a tie every mention of a name takes its first mention's label: one
    # name with two labels in one article reads as two entities.
    first: dict[str, str] = {}
    for m, key in zip(mentions, keys, strict=True):
        first.setdefault(key, m.label)
    for m, key in zip(mentions, keys, strict=True):
        m.label = _winner(votes[key], first[key])


# Tags of words that are never a propagated name ("May I ask").
_FUNCTION_TAGS = frozenset(
    {"MD", "IN", "DT", "PRP", "PRP$", "CC", "WDT", "WP", "WP$", "EX", "TO", "UH", "PDT", "RP"}
)


def _propagate(
    doc: Doc, names: list[Mention], others: list[Mention], caps_headings: bool = True
) -> list[Mention]:
    """Tag the mentions of a name that the model left out elsewhere.

    News repeats names; the model tags "Ham" or "Schiff" in one sentence and
    misses it in the next (typically at a sentence start, where it reads it
    as a verb). Every capitalised word sequence spelled exactly like a
    resolved name of the article, or like the surname of one of its
    PERSONs, gets that name's label when it does not overlap an entity.
    Words glued by a hyphen ("Clinton-backed") are left alone.
    """
    forms: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()

    def add(words: tuple[str, ...], label: str) -> None:
        if words not in seen and _HAS_UPPER.match(words[0]) and len(words[0]) > 1:
            seen.add(words)
            forms[words[0]].append((words, label))

    texts = texts_of(doc)
    for m in names:
        words = tuple(texts[m.start : m.end])
        if words[0].lower() in _DETERMINERS:
            words = words[1:]
        # The model tags nationality words itself; a NORP it left untagged
        # elsewhere is a place or team it mislabelled ("Essex", "Liege").
        if not words or all(w.isupper() for w in words) and len(words) > 1 or m.label == "NORP":
            continue
        add(words, m.label)
        if m.label == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            add(words[-1:], m.label)
            joined = _hyphened_surname(list(doc[m.end - len(words) : m.end]))
            if joined is not None:
                add(words[joined:], m.label)
    if not forms:
        return names
    taken = covered(len(doc), names, others)
    # In an all-capital heading "JAPAN" is the body's "Japan" (and the tagger's
    # parts of speech mean little there).
    caps = _all_caps_tokens(doc) if caps_headings else bytearray(len(doc))
    by_caps: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for cands in forms.values():
        for words, label in cands:
            by_caps[words[0].upper()].append((tuple(w.upper() for w in words), label))
    added: list[Mention] = []
    tokens = tokens_of(doc)
    whitespaces = whitespaces_of(doc)
    i = 0
    n = len(doc)
    while i < n:
        tok = tokens[i]
        in_caps = caps[i]
        table = by_caps if in_caps else forms
        cands = table.get(texts[i]) if not taken[i] else None
        if cands:
            for words, label in sorted(cands, key=lambda c: -len(c[0])):
                end = i + len(words)
                if (
                    end <= n
                    and not any(taken[i:end])
                    and all(texts[j] == w for j, w in zip(range(i, end), words, strict=False))
                    and (in_caps or tok.tag_ not in _FUNCTION_TAGS)
                    and not (i > 0 and texts[i - 1] == "-" and not whitespaces[i - 1])
                    and not (end < n and texts[end] == "-" and not whitespaces[end - 1])
                ):
                    added.append(Mention(i, end, label))
                    i = end - 1
                    break
        i += 1
    return names + added if added else names


def _all_caps_tokens(doc: Doc) -> bytearray:
    """1 for each token on a line written all in capitals (two words or more).

    Shared by two rules and built once per Doc: callers only read it.
    """
    return cached(doc, "all_caps_tokens", _find_all_caps_tokens)


def _find_all_caps_tokens(doc: Doc) -> bytearray:
    texts = texts_of(doc)
    flags = bytearray(len(doc))
    line: list[int] = []

    def close() -> None:
        # The words are the tokens with a letter; the first not in capitals
        # settles it, so a line of ordinary text stops at its first word
        # (``Token.is_upper`` is ``str.isupper`` of the text, read from the column).
        words = 0
        for k in line:
            text = texts[k]
            if any(ch.isalpha() for ch in text):
                if not text.isupper():
                    break
                words += 1
        else:
            if words >= 2:
                for k in line:
                    flags[k] = 1
        line.clear()

    for i, (text, breaks) in enumerate(zip(texts, line_breaks_at(doc), strict=True)):
        if "\n" in text:
            close()
            continue
        line.append(i)
        if breaks:  # the line break is in the white space after the token
            close()
    close()
    return flags


# Wire services and platforms the small model takes for people or places
# ("on Twitter" PERSON, "(UPI)" NORP); a cue only, so "Michael Bloomberg"
# still makes a later "Bloomberg" a person.
_KNOWN_ORGS = frozenset(
    {
        "twitter",
        "facebook",
        "youtube",
        "instagram",
        "google",
        "reuters",
        "bloomberg",
        "upi",
        "ap",
        "afp",
        "cnn",
        "msnbc",
        "nbc",
        "cbs",
        "abc",
        "fox news",
        "politico",
        "gallup",
        "quinnipiac",
        "breitbart",
    }
)


def _acronyms(doc: Doc, names: list[Mention]) -> list[Mention]:
    """ "Central Narcotics Bureau ( CNB )": an acronym in brackets after a
    name whose capitalised words it spells is that name, with its label, in
    every mention the model tagged (and, by propagation after, in those it
    did not); so is a name in brackets after its acronym ("FOMC ( Federal
    Open Market Committee )")."""
    n = len(doc)
    by_start = {m.start: m for m in names}
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in names:
        by_key[_key(doc, m.start, m.end)].append(m)
    added: list[Mention] = []
    for m in names:
        if m.end - m.start < 2:
            continue
        initials = "".join(
            doc[i].text[0] for i in range(m.start, m.end) if doc[i].text[:1].isupper()
        )
        if len(initials) < 2:
            continue
        for at in (m.end + 1, m.start - 2):
            # "Name ( ACR )" or "ACR ( Name )"
            opens, closes = (at - 1, at + 1) if at > m.start else (at + 1, m.end)
            if not (0 <= at < n and 0 <= opens < n and 0 <= closes < n):
                continue
            acronym = doc[at].text
            if doc[opens].text != "(" or doc[closes].text != ")" or acronym != initials:
                continue
            for other in by_key.get(acronym.lower(), []):
                other.label = m.label
            if at not in by_start:
                added.append(Mention(at, at + 1, m.label))
    return names + added if added else names
