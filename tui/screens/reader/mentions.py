"""From one article to every article naming the same person, place or speaker:
the entity or claim speaker at the cursor (or highlighted in a side list)
becomes a library search (``entity:"…" label:…`` or ``speaker:"…"``)."""

from __future__ import annotations

from textual.widgets import OptionList

from newsread.analysis import Claim, Entity
from newsread.search.query import mentions_query
from tui.screens.reader.base import ReaderBase
from tui.wording import short


class MentionsMixin(ReaderBase):
    def mention_target(self) -> tuple[str, str] | None:
        """(query, what it names) for the entity or speaker the user points at:
        a highlighted side-list row when a list has the focus, else the
        suggestion at the cursor."""
        focused = self.focused
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            option_id = focused.get_option_at_index(focused.highlighted).id or ""
            kind, _, rest = option_id.partition(":")
            if kind == "entity":
                name = rest.partition(":")[2]
                found = self.model.mentions(name)
                label = found[0].label if found else ""
                return mentions_query(name, label), name
            if kind == "claim":
                index = int(rest.partition(":")[0])
                claims = self.model.visible_claims()
                if 0 <= index < len(claims):
                    return self._speaker_query(claims[index])
                return None
        found = self.model.suggestion_at_cursor()
        if found is None:
            return None
        item = found[1]
        if isinstance(item, Entity):
            name = self.model.quote((item.start, item.end))
            return mentions_query(name, item.label), name
        return self._speaker_query(item)

    @staticmethod
    def _speaker_query(claim: Claim) -> tuple[str, str] | None:
        speaker = claim.speaker_resolved or claim.speaker
        if speaker is None or not speaker.text.strip():
            return None
        return mentions_query(speaker.text, speaker=True), speaker.text

    def action_mentions(self) -> None:
        target = self.mention_target()
        if target is None:
            self.say(
                "no entity or attributed claim here:"
                " ] jumps to one, tab picks one in the side lists"
            )
            return
        query, name = target
        if not self.app.search_library(query):  # type: ignore[attr-defined]
            self.say(f"cannot list the articles naming {short(name, 40)}: no library screen")
