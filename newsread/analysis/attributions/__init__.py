"""Attributions read from the dependency parse: who reports what, with which cue.

One walk over the tokens of a parsed ``Doc`` finds reporting cues: a
reporting verb with its subject (the speaker) and its clausal complement or
object (the content), "according to X", stance and certainty phrases,
passives ("it was reported that"), and claim nouns ("the allegation that X").
Ranges here are token ranges; ``claims`` turns them into character offsets.

The one entry point is ``find_attributions`` (in ``find``); the rules are
grouped by the kind of cue they read:

- ``verbs``: reporting verbs and what they take ("X said that Y").
- ``nouns``: claim and intent nouns ("Trump's claim that X", "the decision to Y"),
  and criticism received ("faced criticism from X for Y").
- ``phrases``: source phrases ("according to X", "in a new poll").
- ``quotes``: cues that hand a quotation or a line its speaker ("WALLACE: ...").
- ``stance``: stance, certainty, light verbs and "seems" ("X is critical of Y"),
  and feelings stirred in an object ("the ruling angered farmers").
- ``passives``: passives with an unnamed source ("X is expected to win", "a
  curfew was announced"), or the work their "in" phrase names ("as stated in
  the report").
- ``phrasal``: phrasal verbs of putting forward or attacking ("laid out her
  plan", "has gone after X").
- ``subjects``, ``tokens``, ``words``: who speaks, token ranges, the shared lexicon.

May import ``newsread.analysis.records``, the standard library and spaCy (only
under TYPE_CHECKING: the tokens it reads come parsed).
"""

from newsread.analysis.attributions.find import find_attributions
from newsread.analysis.records import Attribution

__all__ = ["Attribution", "find_attributions"]
