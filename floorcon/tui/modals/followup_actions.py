"""What the manager does with a follow-up from the pane: done, snooze, reassign, cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...models import FollowUp
from ...services import capture
from ...services.parsing import parse_day
from .capture import CaptureModal, _day_hint
from .form import Field


class FollowUpActionModal(CaptureModal):
    """A one-field form about one follow-up; the title names the client and the action."""

    def __init__(self, followup_id: int, about: str) -> None:
        self.followup_id = followup_id
        self.about = about
        super().__init__()

    def heading(self) -> str:
        return f"{self.TITLE} · {self.about}"

    def apply(self, action: Callable[..., FollowUp], *args: Any) -> FollowUp:
        """Run one follow-up service on this follow-up, in one write transaction."""
        app = self.fc
        with app.store.write() as session:
            return action(session, app.store.boutique_id, self.followup_id, *args)


class DoneModal(FollowUpActionModal):
    TITLE = "Follow-up done"

    def fields(self) -> list[Field]:
        return [Field("outcome", "Outcome", "what came of it, e.g. called, visit booked Saturday")]

    def save(self, values: dict[str, Any]) -> FollowUp:
        return self.apply(capture.complete_followup, values["outcome"], self.fc.clock.now_utc())

    def saved_message(self, result: FollowUp) -> str:
        return f"Follow-up done · {result.outcome}"


class SnoozeModal(FollowUpActionModal):
    TITLE = "Snooze follow-up"

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        return [Field("due", "New due day", "28/11/2026 · +3 · tomorrow · fri", default="+3",
                      parse=lambda v: parse_day(v, today), hint=lambda v: _day_hint(parse_day(v, today)))]

    def save(self, values: dict[str, Any]) -> FollowUp:
        return self.apply(capture.snooze_followup, values["due"], self.fc.clock.today())

    def saved_message(self, result: FollowUp) -> str:
        return f"Follow-up snoozed to {_day_hint(result.due)}"


class ReassignModal(FollowUpActionModal):
    TITLE = "Reassign follow-up"

    def fields(self) -> list[Field]:
        return [self.associate_field("owner", "New owner")]

    def save(self, values: dict[str, Any]) -> FollowUp:
        return self.apply(capture.reassign_followup, values["owner"].id)

    def saved_message(self, result: FollowUp) -> str:
        owner = next((a for a in self.fc.associates if a.id == result.owner_id), None)
        return f"Follow-up reassigned to {owner.initials if owner else '?'}"


class CancelModal(FollowUpActionModal):
    TITLE = "Cancel follow-up"

    def fields(self) -> list[Field]:
        return [Field("reason", "Reason", "why it will not be done, e.g. client abroad until March")]

    def save(self, values: dict[str, Any]) -> FollowUp:
        return self.apply(capture.cancel_followup, values["reason"], self.fc.clock.now_utc())

    def saved_message(self, result: FollowUp) -> str:
        return f"Follow-up cancelled · {result.cancel_reason}"
