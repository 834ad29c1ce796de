"""Quick capture: a coaching note, a sale, a follow-up, each one key from anywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from ...models import Associate, CoachingNote, FollowUp, FollowUpKind, Moment, NoteKind, Sale
from ...services import capture
from ...services.clients import client_candidates, contact_guard, pick_client, shown_name
from ...services.followups import apply_rules
from ...services.parsing import format_money, parse_day, parse_money, parse_receipt, parse_units
from ...services.team import match_associates, pick_associate
from .form import Field, FormModal

if TYPE_CHECKING:
    from ..app import FloorconApp


class CaptureModal(FormModal):
    """A form that knows the app: its store, clock, settings and team."""

    GUARDED = False  # the client hint warns when the client was contacted within the guard

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    def associate_field(self, name: str = "associate", label: str = "Associate",
                        required: bool = True) -> Field:
        return Field(
            name, label, "initials or first letters of the name",
            parse=lambda v: pick_associate(self.fc.associates, v),
            required=required, hint=self._associate_hint,
        )

    def _associate_hint(self, text: str) -> str:
        matches = match_associates(self.fc.associates, text)
        if not matches:
            return ""
        first, *others = matches
        more = "   also: " + ", ".join(f"{a.initials} {a.first_name}" for a in others[:3]) if others else ""
        return f"→ {first.initials} · {first.name} · {first.role}{more}"

    def client_field(self, required: bool = False) -> Field:
        return Field(
            "client", "Client", "client number or name", required=required,
            hint=self._client_hint, hint_reads_store=True,
        )

    def _client_hint(self, text: str) -> str:
        with self.fc.store.read() as session:
            found = client_candidates(session, self.fc.store.boutique_id, text)
            first = found[0] if found else None
            guard = None
            if self.GUARDED and first is not None and len(found) == 1:
                guard = contact_guard(session, self.fc.store.boutique_id, first.id, self.fc.clock,
                                      self.fc.settings)
        if first is None:
            return "no client matches"
        more = f"   (+{len(found) - 1} more: type the number)" if len(found) > 1 else ""
        typo = "  (a typo forgiven)" if first.matched == "name ≈" and len(found) == 1 else ""
        name = shown_name(first.name, self.fc.discreet)
        hint = f"→ {first.number} · {name} · {first.segment}{typo}{more}"
        return hint + (f"\n⚠ {guard.message()}" if guard else "")

    def client_id(self, session: Any, text: str | None) -> int | None:
        """The client the field names, found as the search finds them (typos forgiven)."""
        if not text:
            return None
        return pick_client(session, self.fc.store.boutique_id, text).id


class NoteModal(CaptureModal):
    """A coaching note in seconds: who, which moment, praise or development, what."""

    TITLE = "Coaching note"
    DRAFT_KEY = "note"

    def fields(self) -> list[Field]:
        moments = tuple(m.value for m in Moment)
        kinds = tuple(k.value for k in NoteKind)
        return [
            self.associate_field(),
            Field("moment", "Moment of the sale", " · ".join(moments),
                  parse=capture.parse_moment, choices=moments),
            Field("kind", "Kind", " · ".join(kinds), parse=capture.parse_kind, choices=kinds),
            Field("text", "What you saw", "one or two sentences", parse=_text),
            self.client_field(),
        ]

    def save(self, values: dict[str, Any]) -> CoachingNote:
        app = self.fc
        with app.store.write() as session:
            return capture.add_note(
                session, app.store.boutique_id, associate_id=values["associate"].id,
                moment=values["moment"], kind=values["kind"], text=values["text"],
                client_id=self.client_id(session, values["client"]),
                noted_at=app.clock.now_utc(), author=app.store.actor,
            )

    def saved_message(self, result: CoachingNote) -> str:
        return f"Note saved · {self._initials(result.associate_id)} · {result.moment} · {result.kind}"

    def _initials(self, associate_id: int) -> str:
        return next((a.initials for a in self.fc.associates if a.id == associate_id), "")


class SaleModal(CaptureModal):
    """Log a sale when the POS feed is late; the receipt number keeps a later import honest."""

    TITLE = "Log a sale"
    DRAFT_KEY = "sale"

    def fields(self) -> list[Field]:
        digits = self.fc.settings.minor_digits
        return [
            Field("receipt", "Receipt number", "as printed on the receipt", parse=parse_receipt),
            self.associate_field(),
            Field("amount", f"Amount ({self.fc.settings.currency})",
                  "e.g. 12 500 or 1 234,50; negative for a return",
                  parse=lambda v: parse_money(v, digits), hint=self._amount_hint),
            Field("units", "Pieces", "1", parse=parse_units, default="1"),
            Field("category", "Category", " · ".join(capture.CATEGORIES),
                  parse=capture.parse_category, required=False, choices=capture.CATEGORIES),
            self.client_field(),
        ]

    def _amount_hint(self, text: str) -> str:
        settings = self.fc.settings
        return f"= {format_money(parse_money(text, settings.minor_digits), settings, cents=True)}"

    def save(self, values: dict[str, Any]) -> Sale:
        app = self.fc
        with app.store.write() as session:
            sale = capture.add_sale(
                session, app.store.boutique_id, receipt=values["receipt"],
                associate_id=values["associate"].id, amount=values["amount"],
                units=values["units"], category=values["category"] or "",
                client_id=self.client_id(session, values["client"]), sold_at=app.clock.now_utc(),
            )
            if sale.client_id is not None:  # a thank-you when the receipt is above the threshold
                apply_rules(session, app.store.boutique_id, app.clock, app.settings)
            return sale

    def saved_message(self, result: Sale) -> str:
        money = format_money(result.amount, self.fc.settings, cents=True)
        return f"Sale saved · receipt {result.receipt} line {result.line} · {money}"


class FollowUpModal(CaptureModal):
    """A dated action for a client, owned by an associate (the client's own by default)."""

    TITLE = "New follow-up"
    DRAFT_KEY = "followup"
    GUARDED = True

    def fields(self) -> list[Field]:
        kinds = tuple(k.value for k in FollowUpKind)
        today = self.fc.clock.today()
        return [
            self.client_field(required=True),
            Field("kind", "Kind", " · ".join(kinds), parse=capture.parse_followup_kind, choices=kinds),
            Field("due", "Due", "28/11/2026 · 2026-11-28 · +3 · tomorrow · fri",
                  parse=lambda v: parse_day(v, today), hint=lambda v: _day_hint(parse_day(v, today))),
            Field("action", "Next action", "what should happen", parse=_text),
            self.associate_field("owner", "Owner (empty: the client's associate)", required=False),
        ]

    def save(self, values: dict[str, Any]) -> FollowUp:
        app = self.fc
        owner: Associate | None = values["owner"]
        with app.store.write() as session:
            client_id = self.client_id(session, values["client"])
            assert client_id is not None
            return capture.add_followup(
                session, app.store.boutique_id, client_id=client_id, kind=values["kind"],
                due=values["due"], action=values["action"], created_at=app.clock.now_utc(),
                owner_id=owner.id if owner else None,
            )

    def saved_message(self, result: FollowUp) -> str:
        return f"Follow-up saved · {result.kind} · due {_day_hint(result.due)}"


def _text(value: str) -> str:
    text = value.strip()
    if not text:
        raise capture.InputError("text: empty")
    return text


def _day_hint(day: Any) -> str:
    return day.strftime("%A %d %B %Y")
