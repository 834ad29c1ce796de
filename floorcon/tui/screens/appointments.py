"""The day's client appointments (A): who comes, when, with whom, why, what to prepare.

←/→ step through the days; enter opens the client brief; a books, u moves, x cancels, d records
what came of a visit. Every
change goes through a capture form that writes in its own worker (services.appointments); the
app then reloads every screen that shows the store. Discreet mode masks client names.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any, ClassVar

from rich.text import Text
from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...models import Appointment, Client
from ...services import appointments
from ...services.appointments import OUTCOMES, AppointmentRow
from ...services.parsing import InputError, parse_day
from ..cells import DASH
from ..modals.capture import CaptureModal, _text
from ..modals.form import Field
from ..widgets.panes import highlighted_key
from .clienteling import ClientWorkScreen, _columns
from .planning import parse_clock_time


class AppointmentsScreen(ClientWorkScreen):
    """One day's appointments, every status, earliest first."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("left", "step(-1)", "Previous day", key_display="←", priority=True),
        Binding("right", "step(1)", "Next day", key_display="→", priority=True),
        Binding("t", "today", "Today"),
        Binding("a", "book", "Book"),
        Binding("u", "move", "Move"),
        Binding("x", "cancel", "Cancel"),
        Binding("d", "outcome", "Outcome"),
        Binding("enter", "brief", "Client brief", show=True),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day

    def body(self) -> ComposeResult:
        table = DataTable(id="ap-table", cursor_type="row", zebra_stripes=True)
        table.border_title = "Appointments"
        yield table
        yield Static("", id="cl-hint")

    def on_mount(self) -> None:
        if self.day is None:
            self.day = self.fc.clock.today()
        _columns(self.query_one("#ap-table", DataTable), ("Time", 5), ("Client", 22), ("Seg", 8),
                 ("SA", 4), ("Purpose", 22), ("Prepare", 18), ("HJ", 14), ("Status", 9), ("Outcome", 17))
        self.query_one("#ap-table", DataTable).focus()
        super().on_mount()

    def load(self, session: Session) -> list[AppointmentRow]:
        assert self.day is not None
        return appointments.day_appointments(session, self.fc.store.boutique_id, self.fc.clock, self.day)

    def show(self, rows: list[AppointmentRow]) -> None:
        assert self.day is not None
        p = self.colours()
        status_style = {"booked": "bold", "done": p.ok, "no-show": p.late, "cancelled": p.muted}
        clock = self.fc.clock
        booked = sum(1 for r in rows if r.status == "booked")
        when = "today" if self.day == clock.today() else f"{self.day:%A %d %B %Y}"
        self.query_one("#cl-title", Static).update(
            f" Appointments · {self.day:%A %d %B %Y} · {len(rows)} appointment{'s' if len(rows) != 1 else ''}"
            f" · {booked} booked")
        lines: list[tuple[list[Any], str]] = [
            (
                [
                    clock.local(r.starts_at).format("HH:mm"),
                    Text(self.client(r.client), style="bold" if r.segment in ("VIC", "HJ") else ""),
                    r.segment,
                    r.associate,
                    r.purpose or DASH,
                    r.prepare or DASH,
                    r.opportunity or DASH,
                    Text(r.status, style=status_style.get(r.status, "")),
                    r.outcome or DASH,
                ],
                str(r.id),
            )
            for r in rows
        ]
        self.refill(self.query_one("#ap-table", DataTable), lines)
        self.query_one("#cl-hint", Static).update(
            "enter the client brief · a book · u move · x cancel · d done or no-show · ←/→ another day · "
            "t today" if rows
            else f"No appointment {when}: a books one · ←/→ another day")

    def highlighted(self) -> AppointmentRow | None:
        key = highlighted_key(self.query_one("#ap-table", DataTable))
        rows: list[AppointmentRow] = self.data or []
        return next((r for r in rows if r.id == key), None)

    def action_brief(self) -> None:
        if (row := self.highlighted()) is not None:
            self.fc.open_client_brief(row.client_id)

    @on(DataTable.RowSelected, "#ap-table")
    def _selected(self) -> None:
        self.action_brief()

    def action_step(self, days: int) -> None:
        assert self.day is not None
        self.day += timedelta(days=days)
        self.reload()

    def action_today(self) -> None:
        self.day = self.fc.clock.today()
        self.reload()

    def action_book(self) -> None:
        assert self.day is not None
        self.app.push_screen(BookModal(self.day))

    def _booked_row(self) -> AppointmentRow | None:
        row = self.highlighted()
        if row is None:
            self.notify("No appointment highlighted", severity="warning")
            return None
        if row.status != "booked":
            self.notify(f"This appointment is already {row.status}", severity="warning")
            return None
        return row

    def action_move(self) -> None:
        if (row := self._booked_row()) is not None:
            self.app.push_screen(MoveModal(row, self._about(row)))

    def action_cancel(self) -> None:
        if (row := self._booked_row()) is not None:
            self.app.push_screen(CancelAppointmentModal(row, self._about(row)))

    def action_outcome(self) -> None:
        if (row := self._booked_row()) is not None:
            self.app.push_screen(OutcomeModal(row, self._about(row)))

    def _about(self, row: AppointmentRow) -> str:
        return f"{self.fc.clock.local(row.starts_at).format('ddd DD MMM HH:mm')} · {self.client(row.client)}"


def _opportunity_number(value: str) -> int:
    digits = value.strip().lstrip("#")
    if not digits.isdigit():
        raise InputError(f"opportunity: {value.strip()!r} is not an opportunity number (see the pipeline)")
    return int(digits)


def _time(value: str) -> time:
    return parse_clock_time(value, "time")


def _day_field(today: date, default: date) -> Field:
    return Field("day", "Day", "12/12 · +3 · tomorrow · fri", parse=lambda v: parse_day(v, today, "day"),
                 hint=lambda v: f"→ {parse_day(v, today):%A %d %B %Y}", default=default.strftime("%d/%m/%Y"))


class BookModal(CaptureModal):
    """Book a client: the associate defaults to the client's own."""

    TITLE = "Book an appointment"
    DRAFT_KEY = "appointment"

    def __init__(self, day: date, prefill: dict[str, str] | None = None) -> None:
        self.day = day
        super().__init__(prefill)

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        return [
            self.client_field(required=True),
            _day_field(today, self.day),
            Field("time", "Time", "e.g. 16:30", parse=_time),
            Field("purpose", "Purpose", "why the client comes", parse=_text),
            Field("prepare", "Pieces to prepare", "what to have on the tray", required=False),
            self.associate_field("associate", "Associate (empty: the client's own)", required=False),
            Field("opportunity", "High Jewelry opportunity #", "its number in the pipeline (j)",
                  parse=_opportunity_number, required=False),
        ]

    def save(self, values: dict[str, Any]) -> Appointment:
        app = self.fc
        b = app.store.boutique_id
        with app.store.write() as session:
            client_id = self.client_id(session, values["client"])
            assert client_id is not None
            associate = values["associate"]
            if associate is not None:
                associate_id = associate.id
            else:
                client = session.get(Client, client_id)
                assert client is not None
                if client.owner_id is None:
                    raise InputError("associate: the client has no associate; choose who receives them")
                associate_id = client.owner_id
            return appointments.book(
                session, b, app.clock, client_id=client_id, associate_id=associate_id,
                starts_at=app.clock.at(values["day"], values["time"]), purpose=values["purpose"],
                prepare=values["prepare"] or "", opportunity_id=values["opportunity"],
            )

    def saved_message(self, result: Appointment) -> str:
        return f"Appointment booked · {self.fc.clock.local(result.starts_at).format('ddd DD MMM HH:mm')}"


class _AppointmentModal(CaptureModal):
    def __init__(self, row: AppointmentRow, about: str) -> None:
        self.row = row
        self.about = about
        super().__init__()

    def heading(self) -> str:
        return f"{self.TITLE} · {self.about}"


class MoveModal(_AppointmentModal):
    TITLE = "Move the appointment"

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        local = self.fc.clock.local(self.row.starts_at)
        return [
            _day_field(today, local.date()),
            Field("time", "Time", "e.g. 16:30", parse=_time, default=local.format("HH:mm")),
            self.associate_field("associate", f"Associate (empty: still {self.row.associate})",
                                 required=False),
        ]

    def save(self, values: dict[str, Any]) -> Appointment:
        app = self.fc
        with app.store.write() as session:
            return appointments.move(session, app.store.boutique_id, app.clock, self.row.id,
                                     app.clock.at(values["day"], values["time"]),
                                     values["associate"].id if values["associate"] else None)

    def saved_message(self, result: Appointment) -> str:
        return f"Appointment moved · {self.fc.clock.local(result.starts_at).format('ddd DD MMM HH:mm')}"


class CancelAppointmentModal(_AppointmentModal):
    TITLE = "Cancel the appointment"

    def fields(self) -> list[Field]:
        return [Field("reason", "Why", "e.g. client travelling, will call back", parse=_text)]

    def save(self, values: dict[str, Any]) -> Appointment:
        app = self.fc
        with app.store.write() as session:
            return appointments.cancel(session, app.store.boutique_id, self.row.id, values["reason"])

    def saved_message(self, result: Appointment) -> str:
        return "Appointment cancelled"


class OutcomeModal(_AppointmentModal):
    TITLE = "What came of it"

    def fields(self) -> list[Field]:
        return [
            Field("outcome", "Outcome", " · ".join(OUTCOMES), parse=appointments.parse_outcome,
                  choices=OUTCOMES, default="done"),
            Field("note", "Note", "what was shown, decided, promised; or why the client did not come",
                  parse=_text),
        ]

    def save(self, values: dict[str, Any]) -> Appointment:
        app = self.fc
        with app.store.write() as session:
            return appointments.record_outcome(session, app.store.boutique_id, app.clock, self.row.id,
                                               values["outcome"], values["note"])

    def saved_message(self, result: Appointment) -> str:
        return f"Appointment {result.status}"
