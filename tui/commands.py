"""Command palette entries: every action bound on the current screen, by name.

Generated from the same live bindings as the footer and the help screen, so a
remapped key shows its new key here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from rich.markup import escape
from textual.app import App, SystemCommand
from textual.screen import Screen

from newsread.sanitize import visible


def binding_commands(app: App, screen: Screen) -> Iterator[SystemCommand]:
    seen: dict[str, list[str]] = {}
    actions: dict[str, tuple[str, str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.id or binding.id.startswith("app."):
            continue
        seen.setdefault(binding.id, []).append(app.get_key_display(binding))
        actions[binding.id] = (binding.description or binding.action, binding.action)
    for binding_id, (description, action) in actions.items():
        keys = ", ".join(dict.fromkeys(seen[binding_id]))
        yield SystemCommand(
            # The palette reads titles as markup; a quick key's title holds a tag name.
            escape(visible(description)),
            f"key: {keys} · {binding_id}",
            partial(screen.run_action, action),
        )
