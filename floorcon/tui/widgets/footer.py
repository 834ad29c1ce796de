"""The footer of every floorcon screen: Textual's, rebuilt only when its keys change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's Footer builds all its keys again each time the screen says its bindings may
    have changed: three times as a screen first takes focus (focus set, focus settled, screen
    resumed), twice on every focus move, even when the keys shown are the same. Each rebuild
    mounts and styles a dozen widgets on the UI thread: at start-up that ran while the store
    was loading (about 30 ms each). This one rebuilds only when what it would show differs."""

    _shown: Hashable = None  # what the keys were last built from

    def keys_shown(self) -> Hashable:
        """Everything the keys are built from: each binding shown (a frozen dataclass: key,
        label, action, group, visibility), its state and tooltip, how its key is displayed
        (keymaps). The hidden ones (a table's cursor keys) change nothing on screen."""
        if not self._bindings_ready:
            return None
        app = self.app
        return (
            self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE,
            tuple((binding, enabled, tooltip, app.get_key_display(binding))
                  for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
                  if binding.show),
        )

    async def recompose(self) -> None:
        if not self.is_attached or self._pruning:  # on its way out with its screen
            return
        shown = self.keys_shown()
        if shown is not None and shown == self._shown and self.children:
            return
        self._shown = shown
        await super().recompose()
