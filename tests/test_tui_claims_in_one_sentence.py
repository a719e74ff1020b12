"""Two claims in one sentence whose spans differ by a character (a quote
without the full stop, and the "who added that ..." claim on the whole
sentence): a and r on the sentence ask which, naming each by its speaker, cue
and content, and the other stays reachable from the sentence cursor."""

from __future__ import annotations

from textual.widgets import OptionList

from newsread.analysis import Claim, Span
from newsread.config import Config
from newsread.model import Article
from storage.library import Library
from tests.pilot_helpers import SIZE, make_library, open_first_reader, wait_until, wait_writes
from tui.app import NewsreadApp
from tui.screens.dialogs import Chooser

TITLE = "Quarry ruling appealed"
BODY = (
    "The court upheld the ban on Monday.\n\n"
    '"We will take this to the high court," said quarry lawyer Edda Moen, who added '
    "that the ruling ignored the survey.\n\nResidents were pleased."
)
ARTICLE_ID = "quarry001"


def span(text: str) -> Span:
    at = BODY.index(text)
    return Span(at, at + len(text), text)


async def choose(pilot, app, label_part: str) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
    chooser = app.screen
    ident = next(i for i, label in chooser.items if label_part in label)
    options = chooser.query_one(OptionList)
    options.highlighted = options.get_option_index(ident)
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is not chooser)


async def test_a_and_r_ask_which_claim_of_the_sentence_and_reach_the_other(tmp_path, pipeline):
    lib = make_library(tmp_path / "lib", [Article(id=ARTICLE_ID, title=TITLE, body=BODY)])
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await wait_until(pilot, lambda: reader.analysis is not None)
        start = BODY.index('"We will')
        sentence = next(s for s in reader.analysis.sentences if s[0] == start)
        assert BODY[sentence[0] : sentence[1]].endswith("survey.")
        speaker = span("quarry lawyer Edda Moen")
        quote = Claim(
            sentence[0],
            sentence[1] - 1,
            "quote",
            0.9,
            speaker,
            span("said"),
            span("We will take this to the high court"),
        )
        added = Claim(
            *sentence,
            "attributed",
            0.8,
            speaker,
            span("added"),
            span("the ruling ignored the survey"),
        )
        reader.analysis.claims = [quote, added]
        reader.model.refresh_marks()
        reader.refresh_all()
        reader.view.move_to_span(sentence, "sentence")
        await pilot.pause()

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, Chooser))
        labels = [label for _, label in app.screen.items]
        assert len(labels) == 2
        assert any("Edda Moen" in label and " said " in label for label in labels)
        assert any(" added " in label and "ruling ignored" in label for label in labels)
        await choose(pilot, app, " added ")
        await wait_until(pilot, lambda: reader.model.visible_claims() == [quote])
        assert " added “" in reader.message
        await wait_writes(app)

        # The quote, a character shorter than the sentence, is still the cursor's.
        await pilot.press("a")
        await wait_until(pilot, lambda: reader.message.startswith("accepted claim quote"))
        assert not isinstance(app.screen, Chooser)
        await wait_writes(app)
    [ann] = Library(tmp_path / "lib").annotations(ARTICLE_ID)
    assert (ann.start, ann.end) == (quote.start, quote.end) and ann.data["cue"]["text"] == "said"
    [rejected] = Library(tmp_path / "lib").rejected(ARTICLE_ID)
    assert rejected["cue"]["text"] == "added"


async def test_a_twice_accepts_each_claim_of_the_sentence(tmp_path, pipeline):
    lib = make_library(tmp_path / "lib", [Article(id=ARTICLE_ID, title=TITLE, body=BODY)])
    app = NewsreadApp(lib, Config())
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_first_reader(pilot, app, TITLE)
        await wait_until(pilot, lambda: reader.analysis is not None)
        start = BODY.index('"We will')
        sentence = next(s for s in reader.analysis.sentences if s[0] == start)
        speaker = span("quarry lawyer Edda Moen")
        reader.analysis.claims = [
            Claim(sentence[0], sentence[1] - 1, "quote", 0.9, speaker, span("said")),
            Claim(*sentence, "attributed", 0.8, speaker, span("added")),
        ]
        reader.model.refresh_marks()
        reader.refresh_all()
        reader.view.move_to_span(sentence, "sentence")
        await pilot.pause()
        await pilot.press("a")
        await choose(pilot, app, " said")
        await wait_until(pilot, lambda: "accepted claim quote" in reader.message)
        await pilot.press("a")  # the other, still open: no question
        await wait_until(pilot, lambda: "accepted claim attributed" in reader.message)
        await wait_writes(app)
    cues = sorted(a.data["cue"]["text"] for a in Library(tmp_path / "lib").annotations(ARTICLE_ID))
    assert cues == ["added", "said"]
