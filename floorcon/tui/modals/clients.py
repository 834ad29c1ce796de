"""Forms about clients: what the client shared, log a contact, give clients to another
associate, pick whose portfolio to open."""

from __future__ import annotations

from typing import Any

from ...models import Associate, ClientContact
from ...services import clients
from ...services.parsing import parse_date
from .capture import CaptureModal
from .form import Field


class ProfileModal(CaptureModal):
    """What the client shared: preferences, sizes, key dates, a second owner, a language.

    Opens with the values on file; an emptied field is cleared. Only what changed is written.
    """

    TITLE = "Client profile"

    def __init__(self, client_id: int, about: str, current: dict[str, str]) -> None:
        self.client_id = client_id
        self.about = about
        super().__init__(current)

    def heading(self) -> str:
        return f"{self.TITLE} · {self.about}"

    def fields(self) -> list[Field]:
        return [
            Field("preferences", "Preferences", "tastes, stones, metals, what to avoid", required=False),
            Field("sizes", "Sizes", "e.g. ring 52, wrist 16 cm", required=False),
            Field("birthday", "Birthday", "14/03/1975", parse=lambda v: parse_date(v, "birthday"),
                  required=False),
            Field("anniversary", "Anniversary", "a date the client shared, e.g. 14/06/2008",
                  parse=lambda v: parse_date(v, "anniversary"), required=False),
            self.associate_field("second_owner", "Second owner (steps in when the owner is away)",
                                 required=False),
            Field("language", "Language", "fr · en · it · … or its name", parse=clients.parse_language,
                  required=False),
        ]

    def save(self, values: dict[str, Any]) -> list[str]:
        app = self.fc
        second: Associate | None = values["second_owner"]
        changes = {
            "preferences": values["preferences"] or "", "sizes": values["sizes"] or "",
            "birthday": values["birthday"], "anniversary": values["anniversary"],
            "second_owner_id": second.id if second else None, "language": values["language"] or "",
        }
        with app.store.write() as session:
            return clients.set_profile(session, app.store.boutique_id, self.client_id, changes, app.clock)

    def saved_message(self, result: list[str]) -> str:
        if not result:
            return "Profile unchanged"
        return "Profile saved · " + ", ".join(n.removesuffix("_id").replace("_", " ") for n in result)


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
