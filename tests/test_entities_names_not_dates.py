"""Names the small model misreads, found by a QA pass on invented sport and
obituary paragraphs: an unknown place taken for a date, a player's position
taken into the name."""

from __future__ import annotations

from tests.analysis_helpers import analyse


def labelled(pipeline, text: str) -> dict[str, str]:
    return {e.text: e.label for e in analyse(pipeline, text).entities}


def test_an_unknown_place_is_not_a_date(pipeline) -> None:
    text = "Margit Holm was born in Tarrow in 1935 and trained as a nurse in Kessby.\n"
    labels = labelled(pipeline, text)
    assert labels.get("Tarrow") != "DATE"
    assert labels.get("1935") == "DATE"


def test_days_months_and_holidays_stay_dates(pipeline) -> None:
    text = (
        "The ferry runs again on Monday, after Christmas, and the council meets in July "
        "to plan for Election Day.\n"
    )
    labels = labelled(pipeline, text)
    for date in ("Monday", "Christmas", "July"):
        assert labels.get(date) == "DATE", (date, labels)


def test_a_players_position_is_not_part_of_the_name(pipeline) -> None:
    text = (
        "Striker Jonas Feld scored twice before half-time. Midfielder Anna Berg was "
        "injured in the second half.\n"
    )
    labels = labelled(pipeline, text)
    assert labels.get("Jonas Feld") == "PERSON" and "Striker Jonas Feld" not in labels
    assert labels.get("Anna Berg") == "PERSON" and "Midfielder Anna Berg" not in labels


def test_a_festival_is_an_event(pipeline) -> None:
    text = "Margit Holm founded the Sennick Folk Festival and ran it for forty years.\n"
    assert labelled(pipeline, text).get("the Sennick Folk Festival") == "EVENT"


def test_a_name_after_in_is_a_place_but_a_body_stays_a_body(pipeline) -> None:
    text = (
        "The team tested 312 strains collected from landfill sites in Kessby. The plan "
        "needs a vote in Congress before the summer.\n"
    )
    labels = labelled(pipeline, text)
    assert labels.get("Kessby") == "GPE"
    assert labels.get("Congress") != "GPE"
