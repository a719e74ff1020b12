"""The key footer every screen shows, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class KeyFooter(Footer):
    """Textual's Footer rebuilds all its keys (a widget each, styled one by one)
    whenever the screen says its bindings were updated: five times in the
    library screen's first second, 40-120 ms each on a busy machine, on the
    event loop while the titles wait to be drawn. Here a burst of updates
    gives one rebuild, and none when the keys shown are the same."""

    _shown: Hashable = None
    _queued = False

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._queued:
            self._queued = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._queued = False
        if self.is_attached and self._keys() != self._shown:
            await self.recompose()

    def _keys(self) -> Hashable:
        """What the footer draws from: each shown key with its state, and the
        footer's own settings."""
        shown: Iterable[tuple[object, ...]] = (
            (
                binding.key,
                binding.key_display,
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )
        return (self.compact, self.show_command_palette, tuple(shown))
