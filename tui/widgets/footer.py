"""The key footer every screen shows, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.events import Resize
    from textual.screen import Screen

#: the id of the key that lists every key: kept when the others do not all fit
HELP_ID = "app.help"
#: the actions of a screen's way back (escape's Back or Close): kept with the
#: help key, as a screen whose footer has no way out reads as a trap
BACK_ACTIONS = frozenset({"back", "close", "dismiss"})


class KeyFooter(Footer):
    """Textual's Footer rebuilds all its keys (a widget each, styled one by one)
    whenever the screen says its bindings were updated: five times in the
    library screen's first second, 40-120 ms each on a busy machine, on the
    event loop while the titles wait to be drawn. Here a burst of updates
    gives one rebuild, and none when the keys shown are the same."""

    _shown: Hashable = None
    _queued = False

    def compose(self) -> ComposeResult:
        """Textual's keys, but only those that fit the width whole (the help
        key's room kept first): at 80 columns the last one was cut in half
        under the palette key ("x▏^p Palette"). The rest are in the help."""
        if not self._bindings_ready:
            return
        self._shown = self._keys()
        active = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                # One key per action, as Textual's footer shows them.
                shown.setdefault(binding.action, (binding, enabled, tooltip))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        room = self._width() - (self._cells(palette.binding) + 2 if palette else 0)
        kept = _fitting(list(shown.values()), room, self._cells)
        for binding, enabled, tooltip in kept:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def _width(self) -> int:
        return self.size.width or self.app.size.width

    def _cells(self, binding: Binding) -> int:
        """The columns one key takes (its padding as FooterKey draws it)."""
        key = cell_len(self.app.get_key_display(binding))
        description = cell_len(binding.description)
        if self.compact:
            return key + (description + 1 if description else 0) + 1
        return key + 2 + (description + 1 if description else 0)

    def on_resize(self, event: Resize) -> None:
        # Rebuilt only when the width changed which keys fit (see _rebuild).
        self._queue_rebuild()

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._queue_rebuild()

    def _queue_rebuild(self) -> None:
        if not self._queued:
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
        return (self.compact, self.show_command_palette, self._width(), tuple(shown))


def _fitting(
    keys: list[tuple[Binding, bool, str]], room: int, cells: Callable[[Binding], int]
) -> list[tuple[Binding, bool, str]]:
    """The keys that fit in ``room`` columns, in their order: the room of the
    help key and of the way back kept first (at 80 columns the reader's
    "esc Back", last of its keys, was left out), then each of the others that
    still fits. One too long for the room left is skipped, not the end:
    stopping there hid shorter keys after it that would have fitted (a
    remapped two-modifier chord hid Quit)."""
    help_key = next((k for k in keys if k[0].id == HELP_ID), None)
    left = room - (cells(help_key[0]) if help_key else 0)
    first: list[tuple[Binding, bool, str]] = [] if help_key is None else [help_key]
    for key in keys:
        if key is not help_key and key[0].action in BACK_ACTIONS and cells(key[0]) <= left:
            left -= cells(key[0])
            first.append(key)
    kept: list[tuple[Binding, bool, str]] = []
    for key in keys:
        if any(key is held for held in first):
            kept.append(key)
            continue
        need = cells(key[0])
        if need > left:
            continue
        left -= need
        kept.append(key)
    if help_key is not None and help_key not in kept:
        kept.append(help_key)
    return kept
