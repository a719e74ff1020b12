"""Keys the config remaps stay where the screen lists them.

Textual applies a keymap by taking the binding out and putting it back under
its new key at the end of its node's bindings, so a remapped key moved to the
end of the footer (and off it at 80 columns) and to the end of its group on
the help screen. The footer, the help screen and the command palette all read
``active_bindings``: ordering it by where each binding sits in its class's
bindings puts a remapped key back in its place.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import ActiveBinding


@cache
def _places(cls: type) -> dict[str, int]:
    """Where each binding of ``cls`` sits, by id (or action, for one without)."""
    places: dict[str, int] = {}
    for _, binding in cls._merge_bindings():  # type: ignore[attr-defined]
        places.setdefault(binding.id or f"action:{binding.action}", len(places))
    return places


class KeysInPlace:
    """For a Screen: its active bindings in their declared order (see module doc)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        if not getattr(self.app, "_keymap", None):  # type: ignore[attr-defined]
            return active
        chain = [id(node) for node, _ in self._modal_binding_chain]  # type: ignore[attr-defined]

        def place(item: tuple[int, tuple[str, ActiveBinding]]) -> tuple[int, int, int]:
            index, (_, found) = item
            node = id(found.node)
            level = chain.index(node) if node in chain else len(chain)
            binding = found.binding
            ident = binding.id or f"action:{binding.action}"
            return level, _places(type(found.node)).get(ident, 10_000 + index), index

        ordered = sorted(enumerate(active.items()), key=place)
        return dict(pair for _, pair in ordered)
