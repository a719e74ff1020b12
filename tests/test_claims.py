"""Claims on the real pipeline: seed-article requirements and our own fixture texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsread.analysis import Analysis, analyze_texts
from newsread.analysis.quote_marks import find_quotes
from tests.analysis_helpers import analyse, claim_with

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analysis"
SEED_001 = "001_8d1a7e5246696964.txt"
SEED_000 = "000_d8e97f765fcb073c.txt"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- quote marks


def test_straight_and_curly_quotes_are_found() -> None:
    text = 'He said "one two three" and ‘four five six’ today.'
    inner = [text[q.start + 1 : q.end - 1] for q in find_quotes(text)]
    assert inner == ["one two three", "four five six"]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "China's rules don't bind the rockers' tour, nor the early '80s."
    assert find_quotes(text) == []


def test_single_quote_marks_with_apostrophes_inside() -> None:
    text = "'It's the union's best year,' she said."
    (quote,) = find_quotes(text)
    assert text[quote.start : quote.end] == "'It's the union's best year,'"


def test_quote_running_over_paragraphs_is_one_quote() -> None:
    text = '"First paragraph of the quote.\n"Second paragraph," she said.'
    (quote,) = find_quotes(text)
    assert quote.start == 0 and text[quote.end - 2 : quote.end] == ',"'


# ------------------------------------------------------------- fixture texts


def test_quote_with_speaker_after(pipeline) -> None:
    claim = claim_with(analyse(pipeline, fixture("quotes.txt")), "We have listened")
    assert claim.kind == "quote"
    assert "Maria Lopez" in claim.speaker.text
    assert claim.cue.text == "said"


def test_quote_with_speaker_before_and_colon(pipeline) -> None:
    claim = claim_with(analyse(pipeline, fixture("quotes.txt")), "extra crossings")
    assert claim.kind == "quote"
    assert claim.speaker.text.endswith("Tom Becker")


def test_multi_paragraph_quote_keeps_its_speaker(pipeline) -> None:
    text = fixture("quotes.txt")
    claim = claim_with(analyse(pipeline, text), "half empty last winter")
    assert claim.kind == "quote"
    assert "Adding more of them" in claim.content.text
    assert claim.speaker.text == "Becker"


def test_single_quote_marks_are_quotes(pipeline) -> None:
    claim = claim_with(analyse(pipeline, fixture("quotes.txt")), "good day for the island")
    assert claim.kind == "quote"
    assert "Anna Kowalski" in claim.speaker.text


def test_according_to(pipeline) -> None:
    claim = claim_with(analyse(pipeline, fixture("attributions.txt")), "Reservoir levels")
    assert claim.kind == "attributed"
    assert claim.cue.text == "according to"
    assert claim.speaker.text == "the Regional Water Authority"
    assert "\n" not in claim.content.text


def test_passive_report_has_cue_and_no_speaker(pipeline) -> None:
    claim = claim_with(analyse(pipeline, fixture("attributions.txt")), "delayed repairs")
    assert claim.kind == "attributed"
    assert claim.cue.text == "was reported"
    assert claim.speaker is None


def test_pronoun_speakers_are_resolved(pipeline) -> None:
    analysis = analyse(pipeline, fixture("attributions.txt"))
    she = claim_with(analysis, "12 additional technicians")
    assert she.speaker.text == "She"
    assert she.speaker_resolved.text == "Priya Natarajan"
    it = claim_with(analysis, "more than $3 million")
    assert it.speaker.text == "It"
    assert it.speaker_resolved.text == "The Northfield Water Company"


def test_report_as_speaker(pipeline) -> None:
    claim = claim_with(analyse(pipeline, fixture("attributions.txt")), "water use per household")
    assert claim.speaker.text == "The company's annual report"


def test_statistic_sentence(pipeline) -> None:
    text = "Ticket prices at the stadium rose by 12 percent this season.\n"
    (claim,) = analyse(pipeline, text).claims
    assert claim.kind == "statistic"
    assert 0.0 <= claim.score <= 1.0


def test_scores_are_probabilities_not_constants(pipeline) -> None:
    analysis = analyse(pipeline, fixture("attributions.txt"))
    scores = {c.score for c in analysis.claims}
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len(scores) > 2


def test_claim_offsets_point_into_the_text(pipeline) -> None:
    text = fixture("quotes.txt") + fixture("attributions.txt")
    for claim in analyse(pipeline, text).claims:
        assert 0 <= claim.start < claim.end <= len(text)
        for part in (claim.speaker, claim.cue, claim.content, claim.speaker_resolved):
            if part is not None:
                assert text[part.start : part.end] == part.text
                assert claim.start <= part.start or part is claim.speaker_resolved


# --------------------------------------------------------------------- seeds


@pytest.fixture
def seed_001(pipeline, seeds_dir: Path) -> tuple[str, Analysis]:
    text = (seeds_dir / SEED_001).read_text(encoding="utf-8")
    return text, analyse(pipeline, text)


def test_seed_001_ministry_accusation(seed_001) -> None:
    _, analysis = seed_001
    claim = claim_with(analysis, "espionage and intelligence agencies")
    assert claim.cue.text == "accused"
    assert claim.speaker.text.lower() == "the ministry of state security"


def test_seed_001_wang_wentao_said(seed_001) -> None:
    _, analysis = seed_001
    claim = claim_with(analysis, "restoring healthy trade ties will require more action")
    assert claim.kind in ("attributed", "quote")
    assert "Wang Wentao" in claim.speaker.text


def test_seed_001_he_said_resolves_to_wang_wentao(seed_001) -> None:
    _, analysis = seed_001
    claim = claim_with(analysis, "We hope that the United States and China will meet")
    assert claim.kind == "quote"
    assert claim.speaker.text == "he"
    assert claim.speaker_resolved.text == "Wang Wentao"


def test_seed_001_permitting_statistic(seed_001) -> None:
    text, analysis = seed_001
    at = text.index("the permitting process taking 45 days")
    end = at + len("the permitting process taking 45 days")
    assert any(c.kind == "statistic" and c.start <= at and end <= c.end for c in analysis.claims)


def test_seed_000_single_quote_marks(pipeline, seeds_dir: Path) -> None:
    text = (seeds_dir / SEED_000).read_text(encoding="utf-8")
    analysis = analyse(pipeline, text)
    accusation = claim_with(analysis, "espionage and intelligence agencies")
    assert accusation.speaker.text.lower() == "the ministry of state security"
    quote = claim_with(analysis, "We hope that the United States and China")
    assert quote.kind == "quote"
    assert quote.speaker_resolved.text == "Wang Wentao"
    turner = claim_with(analysis, "actually very harmful")
    assert turner.kind == "quote" and turner.speaker.text == "Turner"
    # Apostrophes ("China's", "rocker's") never open a quote.
    for claim in analysis.claims:
        if claim.kind == "quote":
            assert text[claim.content.start - 1] in "'‘\"“"


# ------------------------------------------------- cues read from the parse


def test_parenthetical_cue_takes_the_sentence_as_content(pipeline) -> None:
    text = "The new bridge, Mayor Ellen Hart said, will open to traffic in early spring.\n"
    claim = claim_with(analyse(pipeline, text), "will open to traffic")
    assert claim.kind == "attributed"
    assert claim.cue.text == "said"
    assert "Ellen Hart" in claim.speaker.text


def test_intent_and_stance_cues(pipeline) -> None:
    text = (
        "The harbour council wants to double the ferry service by next summer.\n"
        "Senator Omar Diaz called for an independent review of the contract.\n"
    )
    analysis = analyse(pipeline, text)
    wants = claim_with(analysis, "double the ferry service")
    assert wants.kind == "attributed" and wants.cue.text == "wants"
    review = claim_with(analysis, "independent review")
    assert review.kind == "attributed" and "Omar Diaz" in review.speaker.text


def test_inanimate_subject_is_no_speaker(pipeline) -> None:
    text = "The storm threatened to flood the lower town for the third time this year.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_title_in_quote_marks_is_not_a_quote(pipeline) -> None:
    text = 'She spoke on "The Morning Show With Dan Reyes" on Tuesday.\n'
    assert all(c.kind != "quote" for c in analyse(pipeline, text).claims)


# ------------------------------------------ relative, dash, noun and source cues


def test_relative_pronoun_speaker_resolves_to_its_noun(pipeline) -> None:
    text = (
        "The plan was backed by Councillor Ruth Ames, who said the ferry would pay for itself"
        " within six years.\n"
    )
    claim = claim_with(analyse(pipeline, text), "pay for itself")
    assert claim.speaker.text == "who"
    assert "Ruth Ames" in claim.speaker_resolved.text


def test_dash_signed_quote(pipeline) -> None:
    text = "“The harbour has never looked this busy in forty years of fishing.” ― Karin Holm\n"
    claim = claim_with(analyse(pipeline, text), "never looked this busy")
    assert claim.kind == "quote"
    assert claim.speaker.text == "Karin Holm"
    assert claim.cue.text == "―"


def test_noun_cue_with_that_clause(pipeline) -> None:
    text = (
        "Fact-checkers examined the mayor's claim that the new tunnel had halved commuting"
        " times across the city.\n"
    )
    # The fact-checkers' "examined" reports on the claim too; the noun's own
    # claim is the mayor's.
    claims = [c for c in analyse(pipeline, text).claims if c.cue and c.cue.text == "claim"]
    assert len(claims) == 1
    claim = claims[0]
    assert "halved commuting times" in claim.content.text
    assert claim.kind == "attributed"
    assert claim.speaker.text == "the mayor's"


def test_poll_as_source_phrase(pipeline) -> None:
    text = "In the latest county poll, the incumbent led her challenger by nine points.\n"
    claim = claim_with(analyse(pipeline, text), "led her challenger")
    assert claim.kind == "attributed"
    assert "poll" in claim.speaker.text


def test_colon_cue_takes_the_next_paragraph(pipeline) -> None:
    text = (
        "The harbour master added:\n\n"
        "The new pier will take the pressure off the old quay for at least a decade.\n"
    )
    claim = claim_with(analyse(pipeline, text), "take the pressure off")
    assert claim.kind == "attributed"
    assert claim.speaker.text == "The harbour master"


def test_a_percent_sign_stays_in_the_content(pipeline):
    from newsread.analysis import analyze_texts

    text = "The mayor said on Tuesday that taxes would rise by 4%."
    [claim] = [c for c in next(analyze_texts([text], pipeline)).claims if c.kind == "attributed"]
    assert claim.content is not None and claim.content.text.endswith("by 4%")


# ------------------------------------- speaker spans, headlines, colon cues


def test_speaker_keeps_apposition_without_its_closing_comma(pipeline) -> None:
    text = (
        "Rosa Vidal, a ferry captain for thirty years, said the new pier was badly placed.\n\n"
        "Its chair, Mira Olsen, said the budget had doubled.\n"
    )
    analysis = analyse(pipeline, text)
    assert claim_with(analysis, "badly placed").speaker.text == (
        "Rosa Vidal, a ferry captain for thirty years"
    )
    assert claim_with(analysis, "had doubled").speaker.text == "Its chair, Mira Olsen"


def test_speaker_keeps_party_label_in_brackets(pipeline) -> None:
    text = "Sen. Mark Olsen (R-Neb.) said the harbour bill would pass before the recess.\n"
    claim = claim_with(analyse(pipeline, text), "would pass")
    assert claim.speaker.text == "Sen. Mark Olsen (R-Neb.)"


def test_name_and_colon_headline_is_an_attribution(pipeline) -> None:
    text = "Ellen Hart: Harbour Bill Will Pass Before the Summer Recess.\n\nThe mayor spoke.\n"
    claim = claim_with(analyse(pipeline, text), "Harbour Bill Will Pass")
    assert claim.kind == "attributed"
    assert claim.speaker.text == "Ellen Hart" and claim.cue.text == ":"


def test_the_latest_headline_is_no_attribution(pipeline) -> None:
    text = "The Latest: Ferry strike enters its third day in the northern ports.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


@pytest.mark.parametrize("label", ["UPDATED", "CORRECTION", "ANALYSIS", "BREAKING"])
def test_a_capitals_label_before_a_colon_is_no_speaker(pipeline, label) -> None:
    # Shouted like a transcript's "WALLACE:", but a label of the story itself.
    text = f"{label}: This story was changed on Tuesday to add the final vote count.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_said_before_the_name_in_a_label_is_the_cue(pipeline) -> None:
    text = (
        "The council met on Monday.\n\n"
        'Said Ellis: "We will not raise the fares while I chair this council."\n'
    )
    claim = claim_with(analyse(pipeline, text), "We will not raise the fares")
    assert (claim.speaker.text, claim.cue.text) == ("Ellis", "Said")


def test_says_headline_without_a_clause(pipeline) -> None:
    text = "Olsen says harbour bill 'certain to pass' before recess.\n\nThe senator spoke.\n"
    claim = claim_with(analyse(pipeline, text), "certain to pass")
    assert claim.kind == "attributed" and claim.cue.text == "says"


def test_quote_after_a_paragraph_ending_in_said_colon(pipeline) -> None:
    text = (
        "Later in the evening the harbour master Tom Becker said:\n\n"
        "\u201cWe will not open the old quay again until the engineers have finished.\u201d\n"
    )
    claim = claim_with(analyse(pipeline, text), "open the old quay")
    assert claim.kind == "quote"
    assert "Tom Becker" in claim.speaker.text


def test_long_speaker_after_a_quote(pipeline) -> None:
    text = (
        "\u201cThe ferry pays for itself within six years,\u201d Karin Holm, a transport"
        " economist at the University of the North Sea who has studied island ferries for"
        " two decades, said of the plan.\n"
    )
    claim = claim_with(analyse(pipeline, text), "pays for itself")
    assert claim.kind == "quote"
    assert "Karin Holm" in claim.speaker.text


def test_seems_is_a_hedged_attribution_without_a_source(pipeline) -> None:
    text = "The harbour board seems confident it has the money to finish the pier.\n"
    claim = claim_with(analyse(pipeline, text), "confident it has the money")
    assert claim.kind == "attributed"
    assert claim.cue.text == "seems" and claim.speaker is None


def test_appearing_somewhere_is_no_attribution(pipeline) -> None:
    text = "The harbour master appeared on the local radio station on Sunday night.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_pronoun_resolves_to_a_nominal_speaker_when_nobody_is_named(pipeline) -> None:
    text = (
        "The port director said on Monday that the ferry would run all winter.\n"
        "Later she told reporters that the new pier would be finished by June.\n"
    )
    claim = claim_with(analyse(pipeline, text), "finished by June")
    assert claim.speaker.text == "she"
    assert claim.speaker_resolved.text == "The port director"


def test_a_named_speaker_further_back_than_a_nominal_one_is_unsure(pipeline) -> None:
    # Either may be "she": naming one would credit the words to a guess.
    text = (
        "Ellen Hart said the ferry would run all winter. The port director said the quay"
        " was safe.\nLater she told reporters that the new pier would be finished by June.\n"
    )
    claim = claim_with(analyse(pipeline, text), "finished by June")
    assert claim.speaker.text == "she"
    assert claim.speaker_resolved is None


def test_a_named_speaker_nearer_than_a_nominal_one_is_taken(pipeline) -> None:
    text = (
        "The port director said the quay was safe. Ellen Hart said the ferry would run all"
        " winter.\nLater she told reporters that the new pier would be finished by June.\n"
    )
    claim = claim_with(analyse(pipeline, text), "finished by June")
    assert claim.speaker_resolved.text == "Ellen Hart"


def test_stance_phrases_with_of(pipeline) -> None:
    text = (
        "Senator Omar Diaz is a staunch opponent of the new ferry contract.\n"
        "The port director has been critical of the harbour budget for years.\n"
    )
    analysis = analyse(pipeline, text)
    contract = claim_with(analysis, "ferry contract")
    assert contract.kind == "attributed" and "Omar Diaz" in contract.speaker.text
    assert contract.cue.text == "is a staunch opponent of"
    budget = claim_with(analysis, "harbour budget")
    assert budget.cue.text == "has been critical of"


def test_a_thing_being_critical_is_no_stance(pipeline) -> None:
    text = "The old bridge is critical of nothing and is made of stone from the quarry.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


# ------------------------------------ passives, particles, gerunds and purposes


def test_passive_stance_without_agent_has_no_speaker(pipeline) -> None:
    text = (
        "The new ferry contract is expected to cost the harbour board twice as much.\n"
        "The port director was accused of hiding the repair bills from the council.\n"
    )
    analysis = analyse(pipeline, text)
    cost = claim_with(analysis, "twice as much")
    assert cost.kind == "attributed" and cost.speaker is None
    assert cost.cue.text == "is expected"
    hiding = claim_with(analysis, "hiding the repair bills")
    assert hiding.cue.text == "was accused" and hiding.speaker is None


def test_being_seen_somewhere_is_no_attribution(pipeline) -> None:
    text = "Two fishermen were seen leaving the harbour shortly before the storm.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_pointed_out_reports_a_clause(pipeline) -> None:
    text = "The auditor pointed out that the ferry had never once run on time.\n"
    claim = claim_with(analyse(pipeline, text), "never once run on time")
    assert claim.kind == "attributed" and claim.cue.text == "pointed out"
    assert claim.speaker.text == "The auditor"


def test_gerund_after_a_preposition_takes_the_subject_of_its_verb(pipeline) -> None:
    text = "Mayor Ellen Hart answered the critics by saying that the pier would pay for itself.\n"
    claim = claim_with(analyse(pipeline, text), "pay for itself")
    assert claim.cue.text == "saying" and "Ellen Hart" in claim.speaker.text


def test_infinitive_of_purpose_takes_the_subject_of_its_verb(pipeline) -> None:
    text = "The union leaders met on Friday to discuss the new harbour fees.\n"
    claim = claim_with(analyse(pipeline, text), "harbour fees")
    assert claim.cue.text == "to discuss" and claim.speaker.text == "The union leaders"


def test_told_someone_to_do_something(pipeline) -> None:
    text = "The mayor told the ferry crews to stay in port until the storm had passed.\n"
    claim = claim_with(analyse(pipeline, text), "stay in port")
    assert claim.cue.text == "told" and claim.speaker.text == "The mayor"


def test_an_analysis_shows_its_object(pipeline) -> None:
    text = "A new analysis of ferry tickets shows the northern route losing money every month.\n"
    claim = claim_with(analyse(pipeline, text), "northern route losing money")
    assert claim.cue.text == "shows" and "analysis" in claim.speaker.text


def test_respond_and_vote_take_their_prepositional_object(pipeline) -> None:
    text = (
        "The harbour board did not respond to requests for comment on the ferry contract.\n"
        "Councillor Ruth Ames voted against the plan to close the northern pier.\n"
    )
    analysis = analyse(pipeline, text)
    comment = claim_with(analysis, "requests for comment")
    assert comment.cue.text == "did not respond" and comment.speaker.text == "The harbour board"
    pier = claim_with(analysis, "close the northern pier")
    assert pier.cue.text == "voted" and "Ruth Ames" in pier.speaker.text


def test_wanting_and_downplaying_take_their_objects(pipeline) -> None:
    text = (
        "The fishermen's union wants a new pier on the northern shore.\n"
        "The port director downplayed the cost of the repairs to the old quay.\n"
    )
    analysis = analyse(pipeline, text)
    pier = claim_with(analysis, "a new pier")
    assert pier.cue.text == "wants" and "union" in pier.speaker.text
    repairs = claim_with(analysis, "cost of the repairs")
    assert repairs.cue.text == "downplayed" and repairs.speaker.text == "The port director"


def test_weighing_in_takes_what_follows(pipeline) -> None:
    text = "Mayor Ellen Hart weighed in on the dispute over the harbour fees.\n"
    claim = claim_with(analyse(pipeline, text), "dispute over the harbour fees")
    assert claim.cue.text == "weighed in" and "Ellen Hart" in claim.speaker.text


def test_weighing_an_amount_is_no_attribution(pipeline) -> None:
    text = "The new ferry weighs nearly four hundred tonnes when fully loaded.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_intent_noun_with_an_infinitive(pipeline) -> None:
    text = "The council's decision to close the northern pier angered the fishermen.\n"
    claim = claim_with(analyse(pipeline, text), "close the northern pier")
    assert claim.cue.text == "decision" and claim.speaker.text == "The council's"


def test_a_cue_in_the_speaker_of_a_quote_reports_on_its_own(pipeline) -> None:
    text = (
        '"The pier will never pay for itself," said Councillor Ruth Ames, who stressed that'
        " the ferry fares had doubled since May.\n"
    )
    analysis = analyse(pipeline, text)
    assert claim_with(analysis, "never pay for itself").kind == "quote"
    fares = claim_with(analysis, "fares had doubled")
    assert fares.kind == "attributed" and fares.cue.text == "stressed"


def test_certainty_adjectives_with_a_clause(pipeline) -> None:
    text = (
        "The port director is confident that the new pier will open in May.\n"
        "The ferry contract is likely to be signed before the end of the year.\n"
    )
    analysis = analyse(pipeline, text)
    pier = claim_with(analysis, "will open in May")
    assert pier.cue.text == "is confident" and pier.speaker.text == "The port director"
    contract = claim_with(analysis, "to be signed")
    assert contract.cue.text == "is likely" and contract.speaker is None
    assert contract.content.text.startswith("The ferry contract")


def test_worried_about_is_a_stance(pipeline) -> None:
    text = "The fishermen's union is worried about the rising cost of harbour fees.\n"
    claim = claim_with(analyse(pipeline, text), "rising cost of harbour fees")
    assert claim.cue.text == "is worried about" and "union" in claim.speaker.text


def test_a_single_name_can_be_the_object_content(pipeline) -> None:
    text = "The fishermen's union endorsed Hartley.\n"
    claim = claim_with(analyse(pipeline, text), "Hartley")
    assert claim.cue.text == "endorsed" and "union" in claim.speaker.text


def test_indicate_and_accept_take_their_objects(pipeline) -> None:
    text = (
        "The harbour survey indicates a sharp drop in summer visitors.\n"
        "The council accepted the union's offer of a shorter winter timetable.\n"
    )
    analysis = analyse(pipeline, text)
    drop = claim_with(analysis, "sharp drop in summer visitors")
    assert drop.cue.text == "indicates" and "survey" in drop.speaker.text
    offer = claim_with(analysis, "shorter winter timetable")
    assert offer.cue.text == "accepted" and offer.speaker.text == "The council"


def test_of_two_clauses_the_one_after_the_cue_is_reported(pipeline) -> None:
    text = "The storm is over; the mayor said the ferries would run again on Monday.\n"
    claim = claim_with(analyse(pipeline, text), "ferries would run again")
    assert claim.cue.text == "said" and claim.speaker.text == "the mayor"
    assert "storm" not in claim.content.text


def test_participle_describing_a_noun_is_a_passive_stance(pipeline) -> None:
    text = "Fishermen now pay a harbour tax, known as the berth levy, every spring.\n"
    claim = claim_with(analyse(pipeline, text), "the berth levy")
    assert claim.cue.text == "known" and claim.speaker is None
    assert claim.content.text.startswith("a harbour tax")


def test_claim_noun_without_owner_reports_its_topic(pipeline) -> None:
    text = "The mayor has faced questions about the cost of the new ferry contract.\n"
    claim = claim_with(analyse(pipeline, text), "cost of the new ferry contract")
    assert claim.cue.text == "questions about" and claim.speaker is None


def test_time_or_place_is_no_object_content(pipeline) -> None:
    text = "The port director tweeted in the early hours of Sunday morning.\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_a_question_to_the_reader_is_no_attribution(pipeline) -> None:
    text = "Would you vote for a mayor who closed the northern pier without a hearing?\n"
    assert all(c.kind != "attributed" for c in analyse(pipeline, text).claims)


def test_participle_on_a_noun_speaks_for_the_noun(pipeline) -> None:
    text = "The union released a statement welcoming the new winter timetable.\n"
    claim = claim_with(analyse(pipeline, text), "new winter timetable")
    # The statement is the union's: the subject that released it speaks.
    assert claim.cue.text == "welcoming" and claim.speaker.text == "The union"


def test_participle_on_an_agent_noun_speaks_for_the_noun(pipeline) -> None:
    text = "Mayor Hart met groups opposing the new winter timetable for the ferry.\n"
    claim = claim_with(analyse(pipeline, text), "new winter timetable")
    assert claim.cue.text == "opposing" and claim.speaker.text == "groups"


def test_a_cue_with_its_own_content_between_two_quotes(pipeline) -> None:
    text = (
        '"The old pier is perfectly safe," the mayor said, stressing that all the repairs'
        ' had been finished. "We will open it again on Monday morning."\n'
    )
    analysis = analyse(pipeline, text)
    repairs = claim_with(analysis, "repairs had been finished")
    assert repairs.kind == "attributed" and repairs.cue.text == "stressing"
    monday = claim_with(analysis, "open it again on Monday")
    assert monday.kind == "quote" and monday.speaker is not None


def test_idea_that_is_a_noun_cue(pipeline) -> None:
    text = "The mayor rejected the idea that the old pier had become unsafe for visitors.\n"
    claims = analyse(pipeline, text).claims
    assert any(
        c.kind == "attributed" and c.cue.text == "idea"
        for c in claims
        if c.cue and c.content and "pier had become unsafe" in c.content.text
    )


def test_said_with_an_object_reports_the_object(pipeline) -> None:
    text = "The harbour board has said the same thing about the northern pier.\n"
    claim = claim_with(analyse(pipeline, text), "the same thing")
    assert claim.cue.text == "has said" and claim.speaker.text == "The harbour board"
    assert claim.content.text.endswith("northern pier")


def test_worry_about_and_believe_in_take_their_objects(pipeline) -> None:
    text = (
        "Residents worry about the noise from the new ferry terminal.\n"
        "Mayor Ellen Hart believes in a harbour that is open to everyone.\n"
    )
    analysis = analyse(pipeline, text)
    noise = claim_with(analysis, "noise from the new ferry terminal")
    assert noise.cue.text == "worry" and noise.speaker.text == "Residents"
    harbour = claim_with(analysis, "open to everyone")
    assert harbour.cue.text == "believes" and "Ellen Hart" in harbour.speaker.text


def test_make_with_a_statement_noun_reports_like_its_verb(pipeline) -> None:
    text = "The port director made the case that the old pier should be rebuilt in stone.\n"
    claim = claim_with(analyse(pipeline, text), "pier should be rebuilt")
    assert claim.cue.text == "made the case" and claim.speaker.text == "The port director"


def test_pronoun_in_a_reported_clause_is_its_reporter(pipeline) -> None:
    """ "X said she believes Y": one claim, X's; the inner cue is X's wording."""
    text = (
        "Dana Whitfield opened the new library on Monday.\n"
        "Ms. Whitfield said she believes the town will need two more reading rooms by next"
        " spring.\n"
        "The water board said it expects household rates to rise sharply over the next two"
        " years.\n"
        "Harbour officials said they want the old pier rebuilt before the summer season.\n"
    )
    analysis = analyse(pipeline, text)
    assert [c.cue.text for c in analysis.claims if c.cue] == ["said", "said", "said"]
    she = claim_with(analysis, "she believes the town")
    assert she.speaker.text == "Ms. Whitfield"
    it = claim_with(analysis, "it expects household rates")
    assert it.speaker.text == "The water board"
    they = claim_with(analysis, "they want the old pier")
    assert they.speaker.text == "Harbour officials"


def test_subject_of_a_verb_ending_in_a_colon_speaks_the_quote(pipeline) -> None:
    text = (
        'Councillor Brandt continued: "The town has no money left for the pool, and the roof'
        ' still leaks every winter."\n'
        'The results were clear: "Nobody in the valley wants the new road built this year."\n'
    )
    analysis = analyse(pipeline, text)
    brandt = claim_with(analysis, "no money left for the pool")
    assert brandt.kind == "quote"
    assert brandt.speaker.text == "Councillor Brandt"
    assert brandt.cue.text == "continued"
    road = claim_with(analysis, "new road built")
    assert road.speaker is None


def test_subject_voicing_a_claim_noun_owns_it(pipeline) -> None:
    text = (
        "The water agency has serious questions about the cost of the new dam on the river.\n"
        "The storm raised questions about the safety of the old harbour wall.\n"
    )
    analysis = analyse(pipeline, text)
    agency = claim_with(analysis, "cost of the new dam")
    assert agency.cue.text == "questions about"
    assert agency.speaker.text == "The water agency"
    storm = claim_with(analysis, "safety of the old harbour wall")
    assert storm.speaker is None


def test_a_message_speaks_for_whoever_issued_it(pipeline) -> None:
    text = (
        "The harbour council issued a statement calling the new toll unfair to local fishermen.\n"
    )
    claim = claim_with(analyse(pipeline, text), "unfair to local fishermen")
    assert claim.cue.text == "calling"
    assert claim.speaker.text == "The harbour council"


def test_a_verb_of_voicing_before_a_quote_gives_its_speaker(pipeline) -> None:
    text = (
        'Ms. Okafor shouted to the crowd. "The town is watching us now and we have to show'
        ' them."\n'
        'Mr. Lund arrived at noon. "The harbour has never looked this busy in forty years."\n'
    )
    analysis = analyse(pipeline, text)
    shouted = claim_with(analysis, "The town is watching us")
    assert shouted.kind == "quote"
    assert shouted.speaker.text == "Ms. Okafor" and shouted.cue.text == "shouted"
    assert claim_with(analysis, "never looked this busy").speaker is None


def test_a_partial_quote_belongs_to_the_report_around_it(pipeline) -> None:
    text = (
        'Berg says Lund\'s "latest plan for the harbour is a folly, even for him." She says'
        " the town deserves better.\n"
        '"We will build the new bridge by the spring," Lund said on Monday.\n'
    )
    analysis = analyse(pipeline, text)
    folly = claim_with(analysis, "latest plan for the harbour")
    # The quote finishes a clause the reporter began: that clause is the content.
    assert folly.kind == "attributed" and folly.content.text.startswith("Lund's")
    assert folly.speaker.text == "Berg" and folly.cue.text == "says"
    better = claim_with(analysis, "the town deserves better")
    assert better.kind == "attributed" and better.speaker.text == "She"
    bridge = claim_with(analysis, "build the new bridge")
    assert bridge.kind == "quote"
    assert text[bridge.start : bridge.end].endswith("Lund said")


# -- what the reader underlines and marks on the demo articles ----------------------------


def demo_bodies() -> list[str]:
    """The demo library's article bodies: the dumps as imported, the feed's stories."""
    from newsread.ingest.demo import DEMO_FEED_STORIES, DEMO_SOURCES
    from newsread.ingest.dumps import parse_dump

    bodies = [a.body for text in DEMO_SOURCES.values() for a in parse_dump(text)]
    return bodies + ["\n\n".join(paragraphs) for _, _, paragraphs in DEMO_FEED_STORIES]


def underlined_share(body: str, highlights: list) -> float:
    """The share of the body's visible characters under a claim underline."""
    covered = bytearray(len(body))
    for h in highlights:
        if h.layer == "claim" and h.style.underline:
            covered[h.start : h.end] = b"\x01" * (h.end - h.start)
    shown = [i for i, ch in enumerate(body) if not ch.isspace()]
    return sum(covered[i] for i in shown) / len(shown)


def test_underlines_cover_at_most_a_third_of_an_average_demo_article(pipeline) -> None:
    from newsread.config import ClaimDisplay
    from tui.highlights import analysis_highlights, claim_marks

    bodies = demo_bodies()
    assert len(bodies) >= 10
    analyses = list(analyze_texts(bodies, pipeline))
    shares = [
        underlined_share(body, analysis_highlights(a))
        for body, a in zip(bodies, analyses, strict=True)
    ]
    # Every factual and statistic sentence underlined covered 86-100 % of most
    # articles; now speakers and cues are, and check-worthy sentences get marks.
    assert sum(shares) / len(shares) <= 0.35, shares
    assert all(share > 0 for share in shares), shares  # every demo story quotes someone
    whole = [
        underlined_share(body, analysis_highlights(a, ClaimDisplay(underline="claims")))
        for body, a in zip(bodies, analyses, strict=True)
    ]
    assert sum(whole) > sum(shares)
    none = [analysis_highlights(a, ClaimDisplay(underline="none")) for a in analyses]
    assert not any(h.layer == "claim" for spans in none for h in spans)
    marks = [m for a in analyses for m in claim_marks(a)]
    scores = [c.score for a in analyses for c in a.claims if c.kind in ("statistic", "factual")]
    assert len(marks) == sum(s >= 0.7 for s in scores) > 0
    assert {m.level for m in marks} <= {0, 1, 2}
    everything = [m for a in analyses for m in claim_marks(a, ClaimDisplay(mark_threshold=0))]
    strict = [m for a in analyses for m in claim_marks(a, ClaimDisplay(mark_threshold=0.95))]
    assert len(everything) == len(scores) > len(strict) == sum(s >= 0.95 for s in scores)


# -- wrong claims users saw in the demo (issue 13) -----------------------------------------


def test_a_time_is_not_what_was_announced(pipeline) -> None:
    text = (
        "Passengers on the three island ferry routes will pay 6% more from May 1, "
        "operator Bluewake Ferries announced on Thursday."
    )
    claim = next(c for c in analyse(pipeline, text).claims if c.cue)
    assert claim.cue.text == "announced" and claim.speaker.text == "operator Bluewake Ferries"
    assert claim.content.text == text[: text.index(", operator")]


def test_content_starts_after_its_cue(pipeline) -> None:
    text = (
        "The agency says it is cracking down on the smuggling of rare minerals that it says "
        "threaten national security, just weeks after Beijing and Washington agreed to make it "
        "easier for American firms to obtain those materials."
    )
    agreed = [c for c in analyse(pipeline, text).claims if c.cue and c.cue.text == "agreed"]
    for claim in agreed:
        assert claim.content.start > claim.cue.start, claim.content.text


def test_a_relative_clause_describing_a_speaker_is_no_claim(pipeline) -> None:
    text = (
        "Councillor Reuben Hale, who voted against the measure, said the city should have "
        "phased the rise over three years."
    )
    claims = analyse(pipeline, text).claims
    assert [c.cue.text for c in claims if c.cue] == ["said"]
    assert claims[0].speaker.text.startswith("Councillor Reuben Hale")


def test_an_unnamed_cue_inside_a_named_report_is_not_a_second_claim(pipeline) -> None:
    text = "About 2,100 households are expected to be eligible, the utilities department said."
    claims = [c for c in analyse(pipeline, text).claims if c.cue]
    assert [(c.cue.text, c.speaker.text if c.speaker else None) for c in claims] == [
        ("said", "the utilities department")
    ]


def test_an_as_clause_on_a_speaker_is_no_second_claim_nor_part_of_the_speaker(pipeline) -> None:
    text = (
        "The Ministry of Transport, as reported in the state-run Daily Courier on Friday, "
        "accused foreign dealers of dumping old cars."
    )
    claims = [c for c in analyse(pipeline, text).claims if c.cue]
    assert [(c.speaker.text if c.speaker else None, c.cue.text) for c in claims] == [
        ("The Ministry of Transport", "accused")
    ]
    assert claims[0].content.text == "foreign dealers of dumping old cars"
    # The parser may hang the clause on the verb instead: still no second claim.
    text = (
        "The Ministry of State Security, as reported in the state-run Global Times on Friday, "
        "accused foreign agencies of collaborating in schemes to acquire rare earth goods."
    )
    claims = [c for c in analyse(pipeline, text).claims if c.cue]
    assert [(c.speaker.text if c.speaker else None, c.cue.text) for c in claims] == [
        ("The Ministry of State Security", "accused")
    ]


def test_a_quote_finishing_a_reported_clause_leaves_the_clause_the_content(pipeline) -> None:
    """'said the operator "knew ..."': the content is the whole reported clause."""
    text = 'The lead inspector said the operator "knew about the faults for months".'
    claims = [c for c in analyse(pipeline, text).claims if c.cue]
    assert len(claims) == 1
    assert claims[0].speaker.text == "The lead inspector" and claims[0].cue.text == "said"
    assert claims[0].content.text.startswith("the operator")
    # A whole quotation after "that" stays a quote.
    text = 'The inspector said that "the operator knew about the faults for months".'
    kinds = [c.kind for c in analyse(pipeline, text).claims if c.cue]
    assert kinds == ["quote"]


def test_a_cue_inside_a_named_report_is_the_reporters_wording(pipeline) -> None:
    text = (
        "The harbour master said the ferry company believes the new timetable will halve "
        "waiting times.\n"
        "Councillor Dana Okafor told reporters that the library trustees had described the "
        "reading room as unsafe.\n"
    )
    cues = [c.cue.text for c in analyse(pipeline, text).claims if c.cue]
    assert cues == ["said", "told"]


def test_the_parts_of_a_quote_around_its_cue_are_one_claim(pipeline) -> None:
    text = (
        '"The old pier will reopen in May," the harbour master said, "and the ferry will '
        'run every hour from then on."\n'
        '"We expect the summer to be busy," she added.\n'
    )
    quotes = [c for c in analyse(pipeline, text).claims if c.kind == "quote"]
    assert [c.cue.text for c in quotes] == ["said", "added"]
    first = quotes[0].content.text
    assert first.startswith("The old pier") and first.endswith("every hour from then on.")


def test_headline_label_named_later_in_the_article_is_a_speaker(pipeline) -> None:
    text = (
        "Okafor: Harbour fees must rise to pay for the new breakwater\n\n"
        "Councillor Dana Okafor told the finance committee on Monday that the town could "
        "not keep the fees frozen for a fourth year.\n"
    )
    claims = analyse(pipeline, text).claims
    headline = next(c for c in claims if c.cue and c.cue.text == ":")
    assert headline.speaker.text == "Okafor"
    assert headline.content.text.startswith("Harbour fees must rise")


def test_it_is_obvious_that_is_a_hedge_without_a_source(pipeline) -> None:
    text = "By now it is obvious that the harbour will need a second breakwater before winter.\n"
    claim = claim_with(analyse(pipeline, text), "harbour will need a second breakwater")
    assert claim.kind == "attributed" and claim.cue.text == "is obvious"
    assert claim.speaker is None


def test_a_partial_quote_closing_a_reported_clause_belongs_to_it(pipeline) -> None:
    text = (
        "The mayor defended the budget, saying that the council had been right to keep the "
        "harbour fund “as a reserve for the worst winters.”\n"
    )
    analysis = analyse(pipeline, text)
    assert not [c for c in analysis.claims if c.kind == "quote"]
    claim = claim_with(analysis, "the council had been right")
    assert claim.cue.text == "saying" and "worst winters" in claim.content.text


def test_verbs_of_shouting_report_what_was_shouted(pipeline) -> None:
    text = "Outside the town hall, the fishermen shouted that the harbour belonged to everyone.\n"
    claim = claim_with(analyse(pipeline, text), "the harbour belonged to everyone")
    assert claim.cue.text == "shouted" and claim.speaker.text == "the fishermen"


def test_a_second_report_run_into_the_first_is_a_claim_of_its_own(pipeline) -> None:
    text = (
        "Councillor Dana Okafor said the council would review the harbour fees and warned "
        "against any rise before the summer.\n"
    )
    analysis = analyse(pipeline, text)
    said = next(c for c in analysis.claims if c.cue and c.cue.text == "said")
    assert said.content.text == "the council would review the harbour fees"
    warned = next(c for c in analysis.claims if c.cue and c.cue.text == "warned")
    assert warned.speaker.text == "Councillor Dana Okafor"
    assert warned.content.text == "any rise before the summer"


def test_words_of_a_quote_parsed_as_a_second_subject_are_no_speaker(pipeline) -> None:
    text = "“My answer, that was a mistake,” the council's former finance chief said on Monday.\n"
    claim = claim_with(analyse(pipeline, text), "that was a mistake")
    assert claim.speaker.text == "the council's former finance chief"


def test_a_dateline_is_no_part_of_the_speaker(pipeline) -> None:
    text = (
        "MARLOW BAY — Norland's harbour authority said on Monday that the ferry would run.\n\n"
        "KESSAR, Norland (NWS) -- Port officials said the strike had ended.\n\n"
        "BANGKOK — Norland's state security agency said a foreign spy ring was broken up.\n"
    )
    analysis = analyse(pipeline, text)
    speakers = {c.speaker.text for c in analysis.claims if c.speaker is not None}
    assert speakers == {
        "Norland's harbour authority",
        "Port officials",
        "Norland's state security agency",
    }


def test_a_speaker_has_no_emoji_at_its_edges(pipeline) -> None:
    text = "The organisers 👍 said the festival would return next year with more stages.\n"
    speakers = {c.speaker.text for c in analyse(pipeline, text).claims if c.speaker is not None}
    assert speakers == {"The organisers"}


def test_a_question_stating_a_that_clause_is_a_claim(pipeline) -> None:
    # The question asks nothing the speaker does not assert: the figure is checkable.
    text = "Do you know that the county has tripled its road budget in the last five years?\n"
    claims = analyse(pipeline, text).claims
    assert [c.kind for c in claims] == ["statistic"]
    assert claims[0].start == 0 and text[claims[0].end - 1] == "?"


def test_a_question_without_a_stated_clause_is_no_claim(pipeline) -> None:
    text = "Will the county triple its road budget in the next five years?\n"
    assert analyse(pipeline, text).claims == []
