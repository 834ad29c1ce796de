"""Forms about clients: log a contact, give clients to another associate, pick whose
portfolio to open."""

from __future__ import annotations

from typing import Any

from ...models import Associate, ClientContact
from ...services import clients
from .capture import CaptureModal
from .form import Field


class ContactModal(CaptureModal):
    """A call, a message or a visit, logged now: it feeds the last contact and the guard."""

    TITLE = "Log a contact"

    def __init__(self, client_id: int, about: str, prefill: dict[str, str] | None = None) -> None:
        self.client_id = client_id
        self.about = about
        super().__init__(prefill)

    def heading(self) -> str:
        return f"{self.TITLE} · {self.about}"

    def fields(self) -> list[Field]:
        return [
            Field("channel", "Channel", " · ".join(clients.CONTACT_CHANNELS),
                  parse=clients.parse_contact_channel, choices=clients.CONTACT_CHANNELS, default="phone"),
            self.associate_field("associate", "By (empty: nobody in particular)", required=False),
            Field("note", "Note", "what was said", required=False),
        ]

    def save(self, values: dict[str, Any]) -> ClientContact:
        app = self.fc
        by: Associate | None = values["associate"]
        with app.store.write() as session:
            return clients.log_contact(session, app.store.boutique_id, self.client_id, values["channel"],
                                       app.clock.now_utc(), by.id if by else None, values["note"] or "")

    def saved_message(self, result: ClientContact) -> str:
        return f"Contact logged · {result.channel}"


class ReassignClientsModal(CaptureModal):
    """Give one client, or a whole portfolio, to another associate; their open follow-ups go
    with them, and the change log keeps who moved what, when."""

    TITLE = "Reassign"

    def __init__(self, client_ids: list[int], about: str) -> None:
        self.client_ids = client_ids
        self.about = about
        super().__init__()

    def heading(self) -> str:
        return f"{self.TITLE} · {self.about}"

    def fields(self) -> list[Field]:
        return [self.associate_field("owner", "New owner")]

    def save(self, values: dict[str, Any]) -> int:
        app = self.fc
        with app.store.write() as session:
            moved = clients.reassign_clients(session, app.store.boutique_id, self.client_ids,
                                             values["owner"].id)
        return len(moved)

    def saved_message(self, result: int) -> str:
        return f"{result} client{'s' if result != 1 else ''} reassigned"


class PickAssociateModal(CaptureModal):
    """Whose portfolio to open."""

    TITLE = "Portfolio of"

    def fields(self) -> list[Field]:
        return [self.associate_field()]

    def save(self, values: dict[str, Any]) -> Associate:
        return values["associate"]

    def saved_message(self, result: Associate) -> str:
        return f"Portfolio of {result.initials}"

    def _done(self, result: Any) -> None:
        self.dismiss(result)
