"""Named entities: spaCy's NER made consistent across one article.

The small English model labels each mention on its own, so one article can
call "Nvidia" a GPE in one sentence and an ORG in the next, or label a
surname "Wang" ORG after "Wang Wentao" was a PERSON. A human reader (and the
OntoNotes annotators) would give every mention of one name one label, so after
spaCy we:

1. clean spans: drop name-type spans with no capital letter (lowercase
   nouns such as "mannequins" are never names in edited news), trim a
   trailing possessive ("Nvidia's" -> "Nvidia", as OntoNotes leaves the
   possessive marker out), and split "Nvidia's H20" when the owner is itself
   mentioned elsewhere as a name;
2. give short forms the label of their full form: a PERSON's surname or given
   name ("Wang" after "Wang Wentao"), a company's stem ("Huawei" after "Huawei
   Technologies");
3. vote: every mention of one normalised name casts a weighted vote for its
   label (the model's guess, plus context cues such as "Inc" or "X's chips",
   well-known platforms and wire services, acronyms the model calls NORP,
   and full-form evidence), and the winner is applied to all mentions (on
   a tie, the first mention's label);
4. propagate: mentions of a resolved name (or a PERSON's surname) that the
   model left untagged get that name's label.

Before voting, OntoNotes extents are repaired: a dateline's all-caps place
is a GPE (also "ST. LOUIS", "URUS-MARTAN", and a region the model ran into
the date, "WIGAN , England 1996-08-31"; a byline's name the model ran into
the place keeps its own span, and a name alone on the line above a
dateline is the reporter, a PERSON), "46 percent to 42 percent" is two PERCENTs, a capitalised run
ending in "Act"/"Treaty"/"Agreement" is one LAW, a run-in heading before a
colon is cut off, words of a title-case headline glued onto a name
("Standard Clinton") are trimmed, and heading phrases taken for names are
dropped. A URL glued to an entity's last word is cut off its span.

OntoNotes keeps a leading "the" inside GPE/ORG/FAC spans ("the United
States", "the White House"), as the model does, so determiners are left alone
apart from vote keys. Numeric labels (DATE, CARDINAL, ...) are not names and
are passed through unchanged.

``group_entities`` then groups the finished mentions by name for the reader
("Carrow" under "Louise Carrow"), by the same full-form rules.

Countries and demonyms are known words: a whole country name is a GPE and a
whole demonym a NORP whatever the model says, and untagged ones are tagged.
In a sports article a town or county standing for its team ("Leicestershire
beat Somerset", "Blackburn 1 Newcastle 2") is an ORG, and so is an untagged
capitalised run before a score there; names are cut out of results lines
(also a standings row the model read as one product, event or law name, and
a score split into "7", "-", "0"), a
scorecard's and a line-up's players are people, a ground after "at" is a
place, and a heading's sport slug ("SOCCER - ...") opens no name. A name
before a country in brackets ("Leah Pells ( Canada )") is a competitor, an
acronym in brackets the name it spells, and a common noun alone ("Men",
"Attendance") no name, nor a sport's ("Baseball", "ATHLETICS"). A name's
own shape outvotes the model: a "... Cup" it calls an ORG is an EVENT (a
competition), a one-word "...shire" it calls a PERSON is a county (its team
in a sports article, else a GPE), and an initial and one name ("D.
Fleming") it calls an ORG are a PERSON. A publication or
news agency named beside its kind ("the news weekly Der Spiegel", "X daily
said", "news agency Tanjug") is an ORG in every mention, tagged or not,
and so is a news desk signed under a story ("Warsaw Newsroom"), without the
telephone number the model may run on. A company's name ends at its
designator: "Co" left out is taken in ("Dow Chemical Co"), words run on past
it are cut ("... Inc of St. Petersburg"), and the name is an ORG throughout.
A dash with spaces either side parts two items of a list ("Belgium - Marc
Degryse", "11 - Glen Osborne"): names are split there, and a number before
it keeps only itself. A table's column headings ("W L PCT GB") are no name,
and a time zone after a clock time ("1800 GMT") is part of that TIME. A
round is no part of a competition's name ("WORLD CUP QUALIFIER"). Two
names on one line each with a country in brackets and a score ("Benetton (
Italy ) 92 Dinamo ( Russia ) 81") are clubs. A list the model read as one
name is its items ("Mercantile , Commerce", "Sussex or Surrey", two people
joined by "and"); a firm keeps its "and" and a partnership its commas. A
nationality glued onto a person's name ("American Dennis Mitchell") is a
NORP and a PERSON, and two PERSON mentions side by side ("Waqar" "Younis")
are one person. In a sports article a club's word before or after a
town ("Dynamo Moscow", "OFK Beograd", "Manchester United") makes an ORG,
tagged or not ("SC Freiburg"), and a name with a minute in brackets after
it ("Cosmin Contra ( 31st )") is a player, a PERSON; a minute run onto a
name ("Roberto Carlos 79th") is cut off.
A name's mentions in the article's title line vote at half weight, so the
body's label wins ("Marlow Bay council approves ..." against "the Marlow Bay
city council"); a name ending in "Street", "Road", "Bridge" the model calls
a place is a FAC, and a name before a lower-case "city", "town" or "county"
that governs or ends the phrase ("Kessing city council") is a GPE. Common
nouns the model took for names are dropped where the tagger and the words
around agree: a title's opening common noun modifying the next word
("Volunteer divers ..."), a plural opening a sentence before a group noun
("Islanders' association chair"), an acronym before a material ("PET
plastic", not "NATO troops"), and any one-word name opening a sentence that
the tagger reads as a common noun ("Agency engineer ...", "Commuters will
..."). A dateline's place before a wire's credit ("BERGHAVN (Reuters) -") is
a GPE; a bridge or tunnel the model calls an ORG (it does at a sentence's
start) is a FAC; a company beside its kind ("The developer, X,", "Ferry
operator X") is an ORG; a job noun opening a three-word name ("Keeper Ola
Brunstad") is cut off it. ``places`` reads places from the phrase around
them: a venue's name ("the Café X") is a FAC, a one-word name after "in"
after another name ("the Café X in Y") a GPE, and an untagged capitalised
word between "the" and a town's body ("The Lindenport harbour council") the
town, a GPE. ``bodies`` reads organisations from what the phrase says they
do: a band that played ("played by the Harbour Lights", "the band X"), an
order ("the Order of Valdmere"), a paper one tells or that reports ("told
the Echo", "the Echo reported") is an ORG in every mention. ``storms``: a
named storm ("Storm Henrik", "Hurricane Marta") in a weather article is an
EVENT, and so is every bare mention of its name ("Henrik swept ...").
``titles``: a title-case run in quotation marks beside a work's word
("the film " Michael Collins "", "novels ... " In the Year of January "",
a list of such titles) is one WORK_OF_ART, whatever the model made of it;
a nickname between a person's names is left alone. A given name, a Dutch
or German surname particle and a name ("Todd Van Poppel") the model calls
an ORG are a PERSON, and the surname with its particle ("Van Poppel") is a
short form of the full name.
``STEPS`` in ``resolve`` lists every rule.

Modules: ``resolve`` (``resolve_entities``, the steps in order), ``commons``
(common nouns taken for names, the title's weaker vote), ``places``
(places told by the phrase around them), ``bodies`` (bands, orders, papers),
``storms`` (named storms), ``titles`` (quoted titles), ``spans``
(the span repairs and trimming), ``consistency`` (context cues, full forms,
the vote, propagation), ``known`` (countries and demonyms), ``shapes``
(labels a name's shape asks for), ``sports`` (teams), ``lexicon`` (their
word lists), ``mentions`` (the ``Mention`` record, its vote key, the shared
label sets), ``groups`` (``group_entities``). Imports the standard library,
the analysis records and, under TYPE_CHECKING only, spaCy.
"""

from newsread.analysis.entities.groups import EntityGroup, group_entities
from newsread.analysis.entities.mentions import NAME_LABELS
from newsread.analysis.entities.resolve import STEPS, resolve_entities

__all__ = ["NAME_LABELS", "STEPS", "EntityGroup", "group_entities", "resolve_entities"]
