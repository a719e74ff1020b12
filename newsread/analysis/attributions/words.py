"""The lexicon of the attribution rules: reporting, belief and stance verbs, agent and claim nouns.

Lemma lists that more than one kind of rule reads; a list only one rule reads sits beside it.
"""

from __future__ import annotations

# Lemmas of verbs that report speech, writing or findings.
_REPORTING_WORDS = """
    say tell claim announce warn deny accuse report state add note argue insist
    explain write confirm acknowledge suggest predict allege assert declare
    estimate reveal admit concede contend maintain testify urge recall complain
    indicate show find tweet respond reply promise pledge vow stress
    emphasize emphasise observe believe charge blame criticize criticise cite
    disclose conclude predict caution remark comment agree announce estimate
    mention reiterate repeat boast brag joke quip hint imply signal assure
    inform remind tout counter retort object protest acknowledge post ask
    propose demand recommend proclaim affirm project forecast calculate
    describe question wonder shout yell chant scream exclaim
"""
# More verbs of saying, of manner of speaking, of telling and of advising
# (the English verb classes of Levin 1993, 37.1-37.11), as news uses them.
_MORE_REPORTING_WORDS = """
    articulate blurt confess confide convey recount communicate divulge narrate
    preach quote recite relay dictate mutter murmur whisper growl grumble gripe
    whine admonish alert apprise counsel notify reassure lecture opine muse
    speculate surmise theorize theorise hypothesize posit vouch attest certify
    rebut refute rejoin tease taunt scoff sneer concur aver avow clarify
    elaborate specify stipulate underscore underline reaffirm restate swear sing
"""
REPORTING_VERBS = frozenset(_REPORTING_WORDS.split()) | frozenset(_MORE_REPORTING_WORDS.split())
# Verbs of belief, knowledge and expectation: with a clause they ascribe a
# proposition to their subject just as "say" does ("Clinton believes that ...").
_COGNITION_WORDS = """
    think know believe hope expect feel fear worry doubt realize realise
    understand learn recognize recognise suspect decide guess imagine
    consider figure reckon judge determine discover notice hear see remember
    forget agree accept dispute dismiss reject rule assume hop convince
    envision envisage foresee contemplate sense fathom
"""
CLAUSE_VERBS = REPORTING_VERBS | frozenset(_COGNITION_WORDS.split())
# Verbs whose content can be an object rather than a clause: "accused X of Y".
_OBJECT_CONTENT_WORDS = """
    accuse deny announce warn claim blame criticize criticise cite confirm
    reveal promise pledge vow urge disclose admit acknowledge predict
    call propose demand support endorse oppose blast slam condemn
    denounce decry praise applaud commend question defend reject dismiss
    describe mention discuss reference tout promote stress emphasize
    emphasise highlight challenge welcome recommend back echo express
    dispute mock ridicule dub label brand characterize characterise liken
    compare advocate unveil lament tweet suggest note show endorse voice offer
    reiterate repeat concede report attack embrace bemoan despise invoke view
    lambaste castigate assail rebuke scold hail champion favor favour
    want seek detail outline document examine downplay ignore address debate
    indicate proclaim declare accept signal forecast
    envision envisage foresee contemplate sense
"""
# Verbs of judging someone (Levin 1993, 33): "chastised the board for X".
# spaCy lemmatises "lambasted" as "lambast".
_JUDGING_WORDS = """
    censure chastise chide compliment congratulate denigrate deride disparage
    excoriate extol fault laud reprimand reproach upbraid vilify berate belittle
    bash pillory demonize demonise deplore credit salute admire celebrate
    lambast rip
"""
# Verbs of feeling about someone or something (Levin 1993, 31.2): "resented
# the new rules", "loves the local school" say where the subject stands.
_FEELING_WORDS = """
    adore appreciate cherish detest dislike hate love loathe regret relish resent
    respect revere
"""
OBJECT_CONTENT_VERBS = (
    frozenset(_OBJECT_CONTENT_WORDS.split())
    | frozenset(_JUDGING_WORDS.split())
    | frozenset(_FEELING_WORDS.split())
)
# Prepositions whose object is the content: "called for X", "spoke of X".
_CONTENT_PREPS = {
    "call": {"for", "on"},
    "speak": {"of", "about"},
    "talk": {"about"},
    "point": {"to"},
    "refer": {"to"},
    "warn": {"of", "about", "against"},
    "complain": {"about", "of"},
    "comment": {"on"},
    "argue": {"for", "against"},
    "push": {"for"},
    "press": {"for"},
    "campaign": {"for", "against"},
    "testify": {"about"},
    "boast": {"about", "of"},
    "brag": {"about"},
    "joke": {"about"},
    "ask": {"about", "for"},
    "rail": {"against"},
    "respond": {"to", "with", "by"},
    "decide": {"against", "on"},
    "vote": {"for", "against"},
    "agree": {"with", "on"},
    "weigh": {"in", "on"},
    "know": {"about", "of"},
    "hear": {"about", "of"},
    "learn": {"about", "of"},
    "think": {"about", "of"},
    "worry": {"about"},
    "care": {"about"},
    "wonder": {"about"},
    "believe": {"in"},
    "fight": {"for", "against"},
    "advocate": {"for"},
    "lobby": {"for", "against"},
    # Feeling about something (the "marvel" verbs of Levin 1993, 31.3).
    "marvel": {"at", "over"},
    "bristle": {"at"},
    "balk": {"at"},
    "rejoice": {"in", "at", "over"},
    "seethe": {"at", "over"},
    "fret": {"about", "over"},
    "agonize": {"over", "about"},
    "delight": {"in"},
    "despair": {"of", "over"},
    "chafe": {"at", "under"},
    # Disputing something with someone: "spar over X".
    "spar": {"over", "about"},
    "quarrel": {"over", "about"},
    "clash": {"over", "about"},
    "feud": {"over", "about"},
    "wrangle": {"over", "about"},
}
# Prepositions that can bring what a verb is about ("warned of X"); others
# ("in", "from", "at") bring only time and place.
_TOPIC_PREPS = frozenset({"of", "about", "for", "against", "on", "over", "to", "with", "as"})
# Verbs of intention and stance whose content is an infinitive: "wants to X".
_XCOMP_WORDS = """
    want plan hope hop expect intend refuse decline promise pledge vow threaten
    agree offer seek ask urge propose demand claim aim vote encourage
    call wish prefer tell order instruct direct advise warn invite challenge
    implore beg persuade
"""
XCOMP_VERBS = frozenset(_XCOMP_WORDS.split())
# Common nouns for people and bodies of people that speak in the news.
_AGENT_WORDS = """
    official spokesman spokeswoman spokesperson representative campaign
    administration government committee commission group critic supporter
    lawmaker legislator leader president candidate nominee senator
    congressman congresswoman governor mayor minister ministry department
    agency company firm bank official aide adviser advisor expert analyst
    economist scientist researcher voter people republican democrat
    conservative liberal activist advocate organization organisation party
    union police prosecutor judge court lawyer attorney source member
    chairman chairwoman chair director executive ceo founder owner manager
    investor resident citizen worker employee union board council panel
    delegation country nation state city team side camp staff writer
    author editor reporter journalist columnist newspaper network poll
    pollster survey report study statement letter memo document filing
    complaint lawsuit ad video tweet post website opponent rival ally
    friend family wife husband mother father son daughter man woman
    host moderator anchor doctor physician mother student teacher
    protester demonstrator voter woman man person everyone someone
"""
_MORE_AGENT_WORDS = """
    authority authorities moderator official officer lawmaker regulator agency
    newspaper paper outlet magazine station channel broadcaster publication
    administration white house congress senate legislature parliament cabinet
    commentator pundit strategist historian scholar professor academic
    economists observer forecaster insider donor backer endorser surrogate
    operative consultant lobbyist industry military army navy officer soldier
    veteran prosecutor investigator regulator inspector auditor
    analysis data average research record figure number polling model
    projection estimate review audit assessment finding result census tally
"""
AGENT_NOUNS = frozenset(_AGENT_WORDS.split()) | frozenset(_MORE_AGENT_WORDS.split())
# Heads that stand for the people they count: "a number of lawmakers", "others".
_QUANTIFIER_WORDS = """
    number majority minority many some most few other others percent dozen dozens
    group half third quarter all none each both hundreds thousands millions
"""
_QUANTIFIERS = frozenset(_QUANTIFIER_WORDS.split())
_AGENT_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Verbs of depicting (the "characterize" class of Levin 1993, 29.2) that
# with "X as Y" say how their subject presents X: "painted his rival as a
# crook", "casts herself as an outsider". Without "as" they report nothing
# ("painted the fence", "cast a vote"), so they take no other content.
# Verbs of regarding do the same ("treated the merger as a threat", "covered
# the strike as a fight over pay"); spaCy lemmatises "rated" as "rat".
_AS_VIEW_WORDS = """
    see paint portray depict cast frame picture present identify
    treat regard rate rat cover
"""
AS_VIEW_VERBS = frozenset(_AS_VIEW_WORDS.split())
# Verbs of putting out or writing a document ("sent a letter", "issued a
# statement", "wrote a memoir"): with such an object they report what the
# document says.
_PUBLISHING_WORDS = "send release issue publish file produce circulate submit pen write post"
PUBLISHING_VERBS = frozenset(_PUBLISHING_WORDS.split())
# Documents that say something: the objects of the verbs above.
_DOCUMENT_WORDS = """
    letter statement ad advertisement report video plan proposal memo motion
    tweet book memoir essay column article spot commercial study analysis
    poll survey brief lawsuit complaint petition message email paper footage
    clip editorial endorsement resolution
"""
DOCUMENT_NOUNS = frozenset(_DOCUMENT_WORDS.split())
# Verbs of deciding for a body or an office ("the court overruled the
# decision", "the council lifted the curfew", "the committee approved a
# bill"): the act takes a position on its object.
_DECIDING_WORDS = """
    approve block overrule overturn repeal impose enact lift sign veto ratify
    uphold authorize authorise ban adopt grant sponsor appoint nominate
"""
DECIDING_VERBS = frozenset(_DECIDING_WORDS.split())
_CUE_LEMMAS = (
    CLAUSE_VERBS | OBJECT_CONTENT_VERBS | XCOMP_VERBS | AS_VIEW_VERBS | frozenset(_CONTENT_PREPS)
)
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
PERSON_PRONOUNS = frozenset({"he", "she"})
NON_PERSON_LABELS = frozenset({"ORG", "GPE", "NORP"})
# Relative pronouns stand for the noun their clause hangs on.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

# Nouns that carry a proposition: "the claim that X", "his remarks about X".
_CLAIM_WORDS = """
    claim statement assertion allegation accusation charge argument suggestion
    insistence warning promise pledge assurance belief view contention notion
    comment remark criticism attack complaint denial admission acknowledgment
    acknowledgement prediction forecast estimate finding conclusion report
    announcement declaration suspicion fear hope concern theory speculation
    rumor rumour message question questions agreement consensus idea sense
    recognition expectation perception impression assumption doubt worry
    realization realisation conviction narrative
"""
_CLAIM_NOUNS = frozenset(_CLAIM_WORDS.split())
# Claim nouns that speak without an owner: "allegations of fraud", "questions about X".
_UNOWNED_CLAIM_WORDS = """
    allegation accusation claim criticism rumor rumour speculation question
    questions warning complaint report
"""
_UNOWNED_CLAIM_NOUNS = frozenset(_UNOWNED_CLAIM_WORDS.split())
_NOUN_CONTENT_PREPS = frozenset({"about", "on", "of", "against", "over", "regarding"})
# Nouns of documents and surveys that, in "In a new poll, ...", speak for themselves.
_SOURCE_WORDS = """
    poll survey study report analysis estimate account statement interview
    memo letter filing data census review audit assessment measure
"""
_SOURCE_NOUNS = frozenset(_SOURCE_WORDS.split())
_SPOKEN_SOURCES = frozenset({"statement", "interview", "letter", "memo", "filing"})
