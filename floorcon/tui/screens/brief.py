"""The client brief on screen: the client file cut to what matters in thirty seconds
(services.brief), laid out like the file and masked like it in discreet mode."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import Binding

from ...services.brief import client_brief
from .clients import ClientFileScreen, FileLoaded


class ClientBriefScreen(ClientFileScreen):
    """Before an appointment or when a VIC walks in: profile, last purchases, categories owned and
    not, what is open, the last survey answer, appointments to come."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("f", "followup", "Follow-up"),
        Binding("l", "contact", "Log contact"),
        Binding("B", "file", "Full file"),
    ]
    KIND = "Brief · "

    @work(thread=True, exclusive=True, group="file")
    def reload(self) -> None:
        app = self.fc
        with app.store.read() as session:
            found = client_brief(session, app.store.boutique_id, self.client_id, app.clock, app.settings)
        self.post_message(FileLoaded(found))

    def action_file(self) -> None:
        """The whole client file, in place of the brief."""
        self.app.switch_screen(ClientFileScreen(self.client_id))
