"""Long-term client work on screen: the High Jewelry pipeline (j), clienteling plans (l),
events and ambassadorship (v), satisfaction trends (k).

Each screen loads its figures (services.clienteling, events, satisfaction) in a thread worker
and only lays them out; every change goes through a capture form that writes in its own worker,
after which the app reloads every screen that shows the store. Discreet mode masks client
names and amounts here as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...services import clienteling, events
from ...services.capture import CATEGORIES, parse_category
from ...services.clienteling import STAGES, ActionLine, OpportunityLine, PlanReport, Selection
from ...services.events import STATUSES, EventReport, GuestLine
from ...services.parsing import InputError, format_money, parse_day, parse_money
from ...services.satisfaction import SatisfactionView, satisfaction
from ..cells import DASH
from ..modals.capture import CaptureModal, _text
from ..modals.form import Field
from ..reloaded import Reloaded
from ..widgets.footer import KeysFooter
from ..widgets.panes import Palette, client_name, highlighted_key
from .dashboard import TopBar
from .planning import money_text, parse_clock_time
from .rituals import parse_past_day

if TYPE_CHECKING:
    from ..app import FloorconApp


class Loaded(Reloaded):
    """Posted by a screen's loading worker with everything it shows."""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data


class ClientWorkScreen(Screen):
    """A screen of client work: loads in a thread, redraws on discreet mode, escape goes back."""

    BINDINGS: ClassVar = [Binding("escape", "back", "Back")]
    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__()
        self.data: Any = None

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static(self.TITLE_TEXT, id="cl-title")
        yield from self.body()
        yield KeysFooter()

    def body(self) -> ComposeResult:
        raise TypeError(f"{type(self).__name__} must lay out its body")

    def load(self, session: Session) -> Any:
        raise TypeError(f"{type(self).__name__} must say what it loads")

    def show(self, data: Any) -> None:
        raise TypeError(f"{type(self).__name__} must say how it shows its data")

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="clients")
    def reload(self) -> None:
        with self.fc.store.read() as session:
            data = self.load(session)
        self.post_message(Loaded(data))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.superseded:
            return
        self.data = message.data
        self.show(message.data)

    def redraw(self) -> None:
        if self.data is not None:
            self.show(self.data)

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- helpers for the tables ------------------------------------------------------------
    def client(self, text: str) -> str:
        return client_name(text, self.fc.discreet)

    def money(self, minor: int | None) -> Text:
        return Text(money_text(self.fc, minor), justify="right")

    def colours(self) -> Palette:
        return Palette(self.app.theme_variables)

    def refill(self, table: DataTable, rows: list[tuple[list[Any], str]]) -> None:
        """Replace a table's rows, keeping the cursor where it was."""
        cursor = table.cursor_row
        table.clear()
        for cells, key in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1), animate=False)


def _columns(table: DataTable, *columns: tuple[str, int]) -> None:
    for label, width in columns:
        table.add_column(label, width=width)


def _day(day: date | None) -> str:
    return DASH if day is None else f"{day:%a %d %b}"


def _amount_prefill(app: FloorconApp, minor: int) -> str:
    return format_money(minor, app.settings, cents=True).split(" ", 1)[1]


# -- the High Jewelry pipeline -----------------------------------------------------------------


class PipelineScreen(ClientWorkScreen):
    """Opportunities by stage with totals, and each one with its next step."""

    TITLE_TEXT = " High Jewelry pipeline"
    ACTION: ClassVar[str] = "pipeline"  # the app's action that opens it
    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "New opportunity"),
        Binding("u", "update", "Move on"),
    ]

    def body(self) -> ComposeResult:
        stages = DataTable(id="hj-stages", cursor_type="none", zebra_stripes=True)
        stages.border_title = "By stage"
        yield stages
        opps = DataTable(id="hj-opps", cursor_type="row", zebra_stripes=True)
        opps.border_title = "Opportunities"
        yield opps

    def on_mount(self) -> None:
        _columns(
            self.query_one("#hj-stages", DataTable),
            ("Stage", 16),
            ("Count", 5),
            ("Total", 14),
            ("Weight", 6),
            ("Weighted", 14),
        )
        _columns(
            self.query_one("#hj-opps", DataTable),
            ("Due", 10),
            ("Client", 20),
            ("SA", 3),
            ("Stage", 9),
            ("Estimate", 11),
            ("Piece", 26),
            ("Next step", 32),
            ("Follow-up", 9),
        )
        self.query_one("#hj-opps", DataTable).focus()
        super().on_mount()

    def load(self, session: Session) -> clienteling.Pipeline:
        return clienteling.pipeline(session, self.fc.store.boutique_id)

    def show(self, p: clienteling.Pipeline) -> None:
        colours = self.colours()
        rows: list[tuple[list[Any], str]] = [
            (
                [
                    s.stage,
                    Text(str(s.count), justify="right"),
                    self.money(s.total),
                    Text(f"{s.weight}%", justify="right"),
                    self.money(s.weighted),
                ],
                s.stage,
            )
            for s in p.stages
        ]
        rows.append(
            (
                [
                    Text("Open pipeline", style="bold"),
                    Text(str(p.open_count), justify="right", style="bold"),
                    Text(money_text(self.fc, p.open_total), justify="right", style="bold"),
                    "",
                    Text(money_text(self.fc, p.open_weighted), justify="right", style="bold"),
                ],
                "open",
            )
        )
        self.refill(self.query_one("#hj-stages", DataTable), rows)
        today = self.fc.clock.today()
        lines = []
        for o in p.opportunities:
            late = (
                o.next_step_due is not None and o.next_step_due < today and o.stage in clienteling.OPEN_STAGES
            )
            muted = o.stage not in clienteling.OPEN_STAGES
            style = colours.muted if muted else (colours.late if late else "")
            lines.append(
                (
                    [
                        Text(_day(o.next_step_due), style=style),
                        self.client(o.client),
                        o.owner,
                        Text(o.stage, style=style),
                        self.money(o.estimate),
                        o.piece,
                        o.next_step or DASH,
                        Text(o.followup_status or DASH, style=colours.muted),
                    ],
                    str(o.id),
                )
            )
        self.refill(self.query_one("#hj-opps", DataTable), lines)
        self.query_one("#cl-title", Static).update(
            Text.assemble(
                (" High Jewelry pipeline", "bold"),
                f"   {p.open_count} open · {money_text(self.fc, p.open_total)} · weighted "
                f"{money_text(self.fc, p.open_weighted)}",
            )
        )

    def highlighted(self) -> OpportunityLine | None:
        key = highlighted_key(self.query_one("#hj-opps", DataTable))
        if self.data is None or key is None:
            return None
        return next((o for o in self.data.opportunities if o.id == key), None)

    def action_add(self) -> None:
        self.app.push_screen(OpportunityModal())

    def action_update(self) -> None:
        line = self.highlighted()
        if line is None:
            self.notify("No opportunity highlighted", severity="warning")
            return
        self.app.push_screen(OpportunityModal(line))

    @on(DataTable.RowSelected, "#hj-opps")
    def _selected(self) -> None:
        self.action_update()


class OpportunityModal(CaptureModal):
    """A new High Jewelry opportunity, or the highlighted one moved on."""

    def __init__(self, line: OpportunityLine | None = None) -> None:
        self.line = line
        prefill = {}
        if line is not None:
            prefill = {
                "stage": line.stage,
                "piece": line.piece,
                "next_step": line.next_step,
                "due": line.next_step_due.isoformat() if line.next_step_due else "",
                "owner": line.owner,
            }
        super().__init__(prefill)
        if line is not None:
            self._prefill["estimate"] = _amount_prefill(self.fc, line.estimate)

    def heading(self) -> str:
        if self.line is None:
            return "New High Jewelry opportunity"
        return f"Move on · {self.line.client_number} · {self.line.piece or 'opportunity'}"

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        digits = self.fc.settings.minor_digits
        found = [] if self.line is not None else [self.client_field(required=True)]
        return [
            *found,
            Field(
                "stage",
                "Stage",
                " · ".join(STAGES),
                parse=clienteling.parse_stage,
                choices=tuple(STAGES),
                default="interest",
            ),
            Field(
                "estimate",
                f"Estimated value ({self.fc.settings.currency})",
                "e.g. 480 000",
                parse=lambda v: parse_money(v, digits, field="estimate"),
                hint=lambda v: f"= {format_money(parse_money(v, digits), self.fc.settings)}",
            ),
            Field("piece", "Piece", "e.g. Emerald parure", required=False),
            Field(
                "next_step", "Next step", "what happens next (a follow-up is created for it)", required=False
            ),
            Field(
                "due",
                "Next step due",
                "28/11 · +3 · fri",
                parse=lambda v: parse_day(v, today, "due"),
                required=False,
                hint=lambda v: f"→ {parse_day(v, today):%A %d %B %Y}",
            ),
            self.associate_field("owner", "Owner (empty: the client's associate)", required=False),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        app = self.fc
        b = app.store.boutique_id
        owner = values["owner"]
        with app.store.write() as session:
            if self.line is None:
                client_id = self.client_id(session, values["client"])
                assert client_id is not None
                return clienteling.add_opportunity(
                    session,
                    b,
                    client_id=client_id,
                    estimate=values["estimate"],
                    stage=values["stage"],
                    piece=values["piece"] or "",
                    next_step=values["next_step"] or "",
                    next_step_due=values["due"],
                    owner_id=owner.id if owner else None,
                    now=app.clock.now_utc(),
                )
            return clienteling.update_opportunity(
                session,
                b,
                self.line.id,
                stage=values["stage"],
                estimate=values["estimate"],
                piece=values["piece"] or "",
                next_step=values["next_step"] or "",
                next_step_due=values["due"],
                owner_id=owner.id if owner else None,
                now=app.clock.now_utc(),
            )

    def saved_message(self, result: Any) -> str:
        step = f" · next step due {result.next_step_due:%a %d %b}" if result.next_step_due else ""
        return f"Opportunity saved · {result.stage}{step}"


# -- clienteling plans -------------------------------------------------------------------------


class PlansScreen(ClientWorkScreen):
    """Every plan with its progress and the sales attributed to it; enter opens one."""

    TITLE_TEXT = " Clienteling plans"
    ACTION: ClassVar[str] = "plans"  # the app's action that opens it
    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "New plan"),
        Binding("enter", "open", "Open", show=True),
    ]

    def body(self) -> ComposeResult:
        table = DataTable(id="cl-plans", cursor_type="row", zebra_stripes=True)
        table.border_title = "Plans"
        yield table
        yield Static("", id="cl-hint")

    def on_mount(self) -> None:
        _columns(
            self.query_one("#cl-plans", DataTable),
            ("#", 4),
            ("Plan", 30),
            ("From", 10),
            ("To", 10),
            ("Done", 9),
            ("Progress", 8),
            ("Attributed", 14),
        )
        self.query_one("#cl-plans", DataTable).focus()
        super().on_mount()

    def load(self, session: Session) -> list[clienteling.PlanSummary]:
        return clienteling.plans(session, self.fc.store.boutique_id)

    def show(self, plans: list[clienteling.PlanSummary]) -> None:
        rows: list[tuple[list[Any], str]] = [
            (
                [
                    Text(str(p.id), justify="right"),
                    Text(p.name, style="bold"),
                    _day(p.starts),
                    _day(p.ends),
                    Text(f"{p.done}/{p.actions}", justify="right"),
                    Text(f"{p.done * 100 // p.actions if p.actions else 0}%", justify="right"),
                    self.money(p.attributed),
                ],
                str(p.id),
            )
            for p in plans
        ]
        self.refill(self.query_one("#cl-plans", DataTable), rows)
        self.query_one("#cl-hint", Static).update(
            "enter opens a plan: progress per associate, the actions, the sales that followed · a new plan"
            if plans
            else "No plan yet: a makes one (holiday gifting, a collection launch…)"
        )

    def action_open(self) -> None:
        key = highlighted_key(self.query_one("#cl-plans", DataTable))
        if key is not None:
            self.app.push_screen(PlanScreen(key))

    @on(DataTable.RowSelected, "#cl-plans")
    def _selected(self) -> None:
        self.action_open()

    def action_add(self) -> None:
        self.app.push_screen(PlanModal())


class PlanScreen(ClientWorkScreen):
    """One plan: progress per associate, each action, and the sales attributed to it."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("d", "done", "Contacted"),
    ]

    def __init__(self, plan_id: int) -> None:
        super().__init__()
        self.plan_id = plan_id

    def body(self) -> ComposeResult:
        yield Static("", id="cl-plan-summary")
        progress = DataTable(id="cl-progress", cursor_type="none", zebra_stripes=True)
        progress.border_title = "Progress per associate"
        yield progress
        actions = DataTable(id="cl-actions", cursor_type="row", zebra_stripes=True)
        actions.border_title = "Actions"
        yield actions

    def on_mount(self) -> None:
        _columns(
            self.query_one("#cl-progress", DataTable),
            ("SA", 4),
            ("Associate", 20),
            ("Done", 5),
            ("To do", 5),
            ("Progress", 8),
            ("Attributed", 14),
        )
        _columns(
            self.query_one("#cl-actions", DataTable),
            ("Client", 24),
            ("Seg", 7),
            ("SA", 4),
            ("Channels", 20),
            ("Status", 6),
            ("Contacted", 15),
            ("Outcome", 28),
            ("Attributed", 12),
        )
        self.query_one("#cl-actions", DataTable).focus()
        super().on_mount()

    def load(self, session: Session) -> PlanReport:
        return clienteling.plan_report(session, self.fc.store.boutique_id, self.plan_id)

    def show(self, r: PlanReport) -> None:
        colours = self.colours()
        self.query_one("#cl-title", Static).update(
            Text.assemble((f" {r.name}", "bold"), f"   {r.starts:%d %b} – {r.ends:%d %b %Y}")
        )
        total = r.done + r.todo
        summary = Text()
        summary.append(f"{r.done} of {total} contacted", style="bold")
        summary.append(f" · {money_text(self.fc, r.attributed)} attributed", style=f"bold {colours.ok}")
        summary.append(f" (sales within {r.attribution_days} days of the contact)\n", style=colours.muted)
        summary.append(
            f"Clients: {r.selection} · only the channels each client consented to", style=colours.muted
        )
        self.query_one("#cl-plan-summary", Static).update(summary)
        self.refill(
            self.query_one("#cl-progress", DataTable),
            [
                (
                    [
                        Text(p.initials, style="bold"),
                        p.name,
                        Text(str(p.done), justify="right"),
                        Text(str(p.todo), justify="right"),
                        Text(f"{p.done * 100 // p.total if p.total else 0}%", justify="right"),
                        self.money(p.attributed),
                    ],
                    str(p.associate_id),
                )
                for p in r.progress
            ],
        )
        clock = self.fc.clock
        self.refill(
            self.query_one("#cl-actions", DataTable),
            [
                (
                    [
                        self.client(a.client),
                        a.segment,
                        a.associate,
                        a.channels.replace(",", " · "),
                        Text(a.status, style=colours.ok if a.done_at else colours.behind),
                        f"{clock.local(a.done_at):%d %b} {a.channel}" if a.done_at else DASH,
                        a.outcome or DASH,
                        self.money(a.attributed) if a.done_at else Text(DASH, justify="right"),
                    ],
                    str(a.id),
                )
                for a in r.actions
            ],
        )

    def highlighted(self) -> ActionLine | None:
        key = highlighted_key(self.query_one("#cl-actions", DataTable))
        if self.data is None or key is None:
            return None
        return next((a for a in self.data.actions if a.id == key), None)

    def action_done(self) -> None:
        line = self.highlighted()
        if line is None:
            self.notify("No action highlighted", severity="warning")
        elif line.done_at is not None:
            self.notify(f"{line.client_number} was already contacted", severity="warning")
        else:
            self.app.push_screen(ActionDoneModal(line))


def _days(value: str) -> int:
    raw = value.strip()
    if not raw.isdigit() or not 1 <= int(raw) <= 365:
        raise InputError(f"window: {raw!r} is not a number of days from 1 to 365")
    return int(raw)


class PlanModal(CaptureModal):
    """A new plan: who to contact (every criterion optional) and when."""

    TITLE = "New clienteling plan"
    DRAFT_KEY = "plan"

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        return [
            Field("name", "Name", "e.g. Holiday gifting", parse=_text),
            Field(
                "segments",
                "Segments",
                "VIC, HJ, regular, prospect (empty: every segment)",
                parse=clienteling.parse_segments,
                required=False,
                hint=lambda v: "→ " + ", ".join(clienteling.parse_segments(v)),
            ),
            Field(
                "owned",
                "Has bought",
                " · ".join(CATEGORIES),
                parse=parse_category,
                required=False,
                choices=CATEGORIES,
            ),
            Field(
                "not_owned",
                "Has never bought",
                "a cross-selling plan: e.g. watches",
                parse=parse_category,
                required=False,
                choices=CATEGORIES,
            ),
            Field(
                "after",
                "Last purchase on or after",
                "e.g. 01/01/2026 or -365",
                parse=lambda v: parse_past_day(v, today, today, "last purchase after"),
                required=False,
            ),
            Field(
                "before",
                "Last purchase before",
                "lapsing clients: e.g. -180",
                parse=lambda v: parse_past_day(v, today, today, "last purchase before"),
                required=False,
            ),
            self.associate_field("owner", "Associate's clients only", required=False),
            Field(
                "starts",
                "From",
                "today · 01/12",
                parse=lambda v: parse_day(v, today, "from"),
                default=today.isoformat(),
            ),
            Field(
                "ends",
                "To",
                "24/12 · +30",
                parse=lambda v: parse_day(v, today, "to"),
                default=(today + timedelta(days=30)).isoformat(),
            ),
        ]

    def save(self, values: dict[str, Any]) -> clienteling.PlanMade:
        app = self.fc
        owner = values["owner"]
        selection = Selection(
            values["segments"] or (),
            values["owned"] or "",
            values["not_owned"] or "",
            values["after"],
            values["before"],
            owner.id if owner else None,
        )
        with app.store.write() as session:
            return clienteling.create_plan(
                session,
                app.store.boutique_id,
                app.clock,
                name=values["name"],
                starts=values["starts"],
                ends=values["ends"],
                attribution_days=app.settings.clienteling_attribution_days,
                selection=selection,
                author=app.store.actor,
            )

    def saved_message(self, result: clienteling.PlanMade) -> str:
        left = result.no_consent + result.no_owner
        out = f" · {left} left out (no consented channel or no associate)" if left else ""
        return f"Plan saved · {result.actions} action{'s' if result.actions != 1 else ''}{out}"


class ActionDoneModal(CaptureModal):
    """The client was contacted: on which consented channel, and what came of it."""

    def __init__(self, line: ActionLine) -> None:
        self.line = line
        super().__init__()

    def heading(self) -> str:
        return f"Contacted · {client_name(self.line.client, self.fc.discreet)} ({self.line.client_number})"

    def fields(self) -> list[Field]:
        channels = tuple(self.line.channels.split(","))

        def channel(value: str) -> str:
            typed = value.strip().lower()
            found = [c for c in channels if c.startswith(typed)] if typed else []
            if len(found) != 1:
                raise InputError(f"channel: consented to {', '.join(channels)} only")
            return found[0]

        return [
            Field(
                "channel",
                "Channel",
                " · ".join(channels),
                parse=channel,
                choices=channels,
                default=channels[0],
            ),
            Field("outcome", "Outcome", "e.g. called, visit booked Saturday", parse=_text),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        app = self.fc
        with app.store.write() as session:
            return clienteling.complete_action(
                session,
                app.store.boutique_id,
                self.line.id,
                values["channel"],
                values["outcome"],
                app.clock.now_utc(),
            )

    def saved_message(self, result: Any) -> str:
        return f"Contact saved · {result.channel}"


# -- events and ambassadorship -----------------------------------------------------------------


@dataclass(frozen=True)
class EventsData:
    reports: list[EventReport]
    community: list[Any]


class EventsScreen(ClientWorkScreen):
    """Events with their guests and the sales that followed; the partnerships log below."""

    TITLE_TEXT = " Events and ambassadorship"
    ACTION: ClassVar[str] = "events"  # the app's action that opens it
    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("a", "add", "New event"),
        Binding("g", "guest", "Invite"),
        Binding("u", "status", "Guest status"),
        Binding("p", "partnership", "Log a partnership"),
    ]

    def body(self) -> ComposeResult:
        with Horizontal(id="ev-top"):
            table = DataTable(id="ev-events", cursor_type="row", zebra_stripes=True)
            table.border_title = "Events"
            yield table
            with Vertical(id="ev-right"):
                yield Static("", id="ev-detail")
                guests = DataTable(id="ev-guests", cursor_type="row", zebra_stripes=True)
                guests.border_title = "Guests"
                yield guests
        log = DataTable(id="ev-community", cursor_type="row", zebra_stripes=True)
        log.border_title = "Partnerships and community"
        yield log

    def on_mount(self) -> None:
        _columns(
            self.query_one("#ev-events", DataTable),
            ("When", 16),
            ("Event", 26),
            ("Guests", 6),
            ("Came", 4),
            ("Sales", 11),
        )
        _columns(
            self.query_one("#ev-guests", DataTable),
            ("Client", 19),
            ("Seg", 7),
            ("SA", 3),
            ("Status", 9),
            ("Sales", 11),
        )
        _columns(
            self.query_one("#ev-community", DataTable),
            ("Day", 10),
            ("Partner", 30),
            ("What", 50),
            ("Outcome", 34),
        )
        self.query_one("#ev-events", DataTable).focus()
        super().on_mount()

    def load(self, session: Session) -> EventsData:
        b, days = self.fc.store.boutique_id, self.fc.settings.event_attribution_days
        reports = [events.event_report(session, b, e.id, days) for e in events.event_list(session, b, days)]
        return EventsData(reports, events.community_log(session, b))

    def show(self, data: EventsData) -> None:
        clock, colours = self.fc.clock, self.colours()
        now = clock.now_utc()
        table = self.query_one("#ev-events", DataTable)
        first_load = table.row_count == 0
        self.refill(
            table,
            [
                (
                    [
                        Text(
                            clock.local(r.event.starts_at).format("ddd DD MMM HH:mm"),
                            style="" if r.event.starts_at >= now else colours.muted,
                        ),
                        Text(r.event.title, style="bold" if r.event.starts_at >= now else ""),
                        Text(str(r.event.invited), justify="right"),
                        Text(str(r.event.attended), justify="right"),
                        self.money(r.event.attributed)
                        if r.event.starts_at < now
                        else Text(DASH, justify="right"),
                    ],
                    str(r.event.id),
                )
                for r in data.reports
            ],
        )
        if first_load:  # start on the next event to come
            upcoming = [i for i, r in enumerate(data.reports) if r.event.starts_at >= now]
            table.move_cursor(row=upcoming[-1] if upcoming else 0, animate=False)
        self.refill(
            self.query_one("#ev-community", DataTable),
            [
                ([f"{c.day:%d %b %y}", c.partner, c.what, c.outcome or DASH], str(c.id))
                for c in data.community
            ],
        )
        self.show_event()

    def current(self) -> EventReport | None:
        key = highlighted_key(self.query_one("#ev-events", DataTable))
        if self.data is None or key is None:
            return None
        return next((r for r in self.data.reports if r.event.id == key), None)

    @on(DataTable.RowHighlighted, "#ev-events")
    def _highlighted(self) -> None:
        self.show_event()

    def show_event(self) -> None:
        report, colours = self.current(), self.colours()
        detail = self.query_one("#ev-detail", Static)
        if report is None:
            detail.update(Text("No event yet: a adds one.", style=colours.muted))
            self.refill(self.query_one("#ev-guests", DataTable), [])
            return
        e = report.event
        text = Text()
        text.append(e.title, style="bold")
        text.append(f"  {self.fc.clock.local(e.starts_at).format('dddd D MMMM YYYY, HH:mm')}")
        text.append(f" · {e.place or 'no place yet'}\n")
        if e.theme or e.partners:
            text.append(
                " · ".join(x for x in (e.theme, f"with {e.partners}" if e.partners else "") if x) + "\n",
                style=colours.muted,
            )
        text.append(
            f"{e.invited} invited · {e.confirmed} confirmed · {e.attended} attended · {e.no_show} no-show"
        )
        text.append(
            f" · {money_text(self.fc, e.attributed)} bought by attendees within {report.attribution_days} "
            "days",
            style=colours.ok,
        )
        detail.update(text)
        styles = {"attended": colours.ok, "no-show": colours.late, "confirmed": colours.accent}
        self.refill(
            self.query_one("#ev-guests", DataTable),
            [
                (
                    [
                        self.client(g.client),
                        g.segment,
                        g.associate or DASH,
                        Text(g.status, style=styles.get(g.status, "")),
                        self.money(g.attributed) if g.status == "attended" else Text(DASH, justify="right"),
                    ],
                    str(g.id),
                )
                for g in report.guests
            ],
        )

    def highlighted_guest(self) -> GuestLine | None:
        report = self.current()
        key = highlighted_key(self.query_one("#ev-guests", DataTable))
        if report is None or key is None:
            return None
        return next((g for g in report.guests if g.id == key), None)

    def action_add(self) -> None:
        self.app.push_screen(EventModal())

    def action_guest(self) -> None:
        report = self.current()
        if report is None:
            self.notify("No event highlighted", severity="warning")
            return
        self.app.push_screen(GuestModal(report.event.id, report.event.title))

    def action_status(self) -> None:
        guest = self.highlighted_guest()
        if guest is None:
            self.notify("No guest highlighted: move to the guest list first", severity="warning")
            return
        self.app.push_screen(GuestStatusModal(guest))

    def action_partnership(self) -> None:
        self.app.push_screen(PartnershipModal())


class EventModal(CaptureModal):
    TITLE = "New event"
    DRAFT_KEY = "event"

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        return [
            Field("title", "Event", "e.g. High Jewelry private viewing", parse=_text),
            Field(
                "day",
                "Day",
                "12/12 · +10 · fri",
                parse=lambda v: parse_day(v, today, "day"),
                hint=lambda v: f"→ {parse_day(v, today):%A %d %B %Y}",
            ),
            Field("time", "Time", "e.g. 18:30", parse=lambda v: parse_clock_time(v, "time"), default="18:30"),
            Field("place", "Place", "e.g. Salon, 1st floor", required=False),
            Field("theme", "Theme", "e.g. Emeralds of the new collection", required=False),
            Field(
                "partners",
                "Partners",
                "comma-separated, e.g. Hôtel Rivoli, a champagne house",
                required=False,
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        app = self.fc
        moment: time = values["time"]
        with app.store.write() as session:
            return events.add_event(
                session,
                app.store.boutique_id,
                title=values["title"],
                starts_at=app.clock.at(values["day"], moment),
                place=values["place"] or "",
                theme=values["theme"] or "",
                partners=values["partners"] or "",
            )

    def saved_message(self, result: Any) -> str:
        return f"Event saved · {result.title}"


class GuestModal(CaptureModal):
    def __init__(self, event_id: int, title: str) -> None:
        self.event_id, self.event_title = event_id, title
        super().__init__()

    def heading(self) -> str:
        return f"Invite a client · {self.event_title}"

    def fields(self) -> list[Field]:
        return [
            self.client_field(required=True),
            Field(
                "status",
                "Status",
                " · ".join(STATUSES),
                parse=events.parse_status,
                choices=tuple(STATUSES),
                default="invited",
            ),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        app = self.fc
        now = app.clock.now_utc()
        with app.store.write() as session:
            client_id = self.client_id(session, values["client"])
            assert client_id is not None
            invitation = events.invite(session, app.store.boutique_id, self.event_id, client_id, now)
            if values["status"] != invitation.status:
                assert invitation.id is not None
                events.set_status(session, app.store.boutique_id, invitation.id, values["status"], now)
            return invitation

    def saved_message(self, result: Any) -> str:
        return f"Guest added · {result.status}"


class GuestStatusModal(CaptureModal):
    def __init__(self, guest: GuestLine) -> None:
        self.guest = guest
        super().__init__({"status": guest.status})

    def heading(self) -> str:
        return f"Guest · {client_name(self.guest.client, self.fc.discreet)} ({self.guest.client_number})"

    def fields(self) -> list[Field]:
        return [
            Field(
                "status", "Status", " · ".join(STATUSES), parse=events.parse_status, choices=tuple(STATUSES)
            )
        ]

    def save(self, values: dict[str, Any]) -> Any:
        app = self.fc
        with app.store.write() as session:
            return events.set_status(
                session, app.store.boutique_id, self.guest.id, values["status"], app.clock.now_utc()
            )

    def saved_message(self, result: Any) -> str:
        return f"Guest {result.status}"


class PartnershipModal(CaptureModal):
    TITLE = "Log a partnership or community action"
    DRAFT_KEY = "partnership"

    def fields(self) -> list[Field]:
        today = self.fc.clock.today()
        return [
            Field(
                "day",
                "Day",
                "today · -3 · 24/11",
                parse=lambda v: parse_past_day(v, today, today, "day"),
                default=today.isoformat(),
            ),
            Field("partner", "Partner", "e.g. Hôtel Rivoli, a school, a foundation", parse=_text),
            Field("what", "What was done", "e.g. concierge breakfast, charity auction", parse=_text),
            Field("outcome", "Outcome", "e.g. two client referrals", required=False),
        ]

    def save(self, values: dict[str, Any]) -> Any:
        app = self.fc
        with app.store.write() as session:
            return events.log_action(
                session,
                app.store.boutique_id,
                day=values["day"],
                partner=values["partner"],
                what=values["what"],
                outcome=values["outcome"] or "",
                now=app.clock.now_utc(),
            )

    def saved_message(self, result: Any) -> str:
        return f"Logged · {result.partner}"


# -- satisfaction ------------------------------------------------------------------------------


class SatisfactionScreen(ClientWorkScreen):
    """Each measure week by week, for the boutique and per associate, with its responses; the
    low answers with their recovery follow-up."""

    TITLE_TEXT = " Satisfaction"
    ACTION: ClassVar[str] = "satisfaction"  # the app's action that opens it
    WEEKS = 8

    def body(self) -> ComposeResult:
        trends = DataTable(id="sat-trends", cursor_type="row", zebra_stripes=True)
        trends.border_title = "Average (responses) per week"
        yield trends
        low = DataTable(id="sat-low", cursor_type="row", zebra_stripes=True)
        low.border_title = "Low answers and their recovery"
        yield low

    def on_mount(self) -> None:
        _columns(
            self.query_one("#sat-low", DataTable),
            ("Received", 12),
            ("Measure", 7),
            ("Score", 5),
            ("SA", 4),
            ("Client", 22),
            ("Comment", 38),
            ("Recovery", 26),
        )
        self.query_one("#sat-trends", DataTable).focus()
        super().on_mount()

    def load(self, session: Session) -> SatisfactionView:
        app = self.fc
        return satisfaction(
            session, app.store.boutique_id, app.clock, app.settings, app.clock.today(), self.WEEKS
        )

    def show(self, view: SatisfactionView) -> None:
        colours = self.colours()
        trends = self.query_one("#sat-trends", DataTable)
        if not trends.columns:
            trends.add_column("Measure · who", width=22)
            for first in view.weeks:
                trends.add_column(f"{first:%d %b}", width=9)
            trends.add_column("Responses", width=9)
        rows: list[tuple[list[Any], str]] = []
        for m in view.measures:
            threshold = f" (< {m.threshold:g})" if m.threshold is not None else ""
            for n, t in enumerate([m.boutique, *m.associates]):
                label = (
                    Text(f"{m.code} · Boutique{threshold}", style="bold")
                    if n == 0
                    else Text(f"   {t.initials} {t.name}")
                )
                cells: list[Any] = [label]
                for w in t.weeks:
                    if not w.responses:
                        cells.append(Text(DASH, style=colours.muted, justify="right"))
                        continue
                    bad = m.threshold is not None and w.below > 0
                    style = colours.behind if bad else ""
                    cells.append(Text(f"{w.average:.1f} ({w.responses})", style=style, justify="right"))
                cells.append(Text(str(t.responses), justify="right", style="bold" if n == 0 else ""))
                rows.append((cells, f"{m.code}:{t.initials}"))
        self.refill(trends, rows)
        clock = self.fc.clock
        low = []
        for s in view.low:
            if s.recovery is None:
                recovery = Text("none: no client or associate", style=colours.late)
            else:
                r = s.recovery
                style = colours.ok if r.status == "done" else (colours.late if r.due < clock.today() else "")
                recovery = Text(f"{r.status} · {r.owner} · {r.due:%d %b}", style=style)
            low.append(
                (
                    [
                        clock.local(s.received_at).format("DD MMM HH:mm"),
                        s.measure,
                        Text(f"{s.score:g}", style=colours.late, justify="right"),
                        s.associate or DASH,
                        self.client(s.client) if s.client else DASH,
                        s.comment or DASH,
                        recovery,
                    ],
                    str(s.id),
                )
            )
        self.refill(self.query_one("#sat-low", DataTable), low)
        self.query_one("#cl-title", Static).update(
            Text.assemble(
                (" Satisfaction", "bold"),
                f"   the {len(view.weeks)} weeks from {view.weeks[0]:%d %b} · "
                f"{len(view.low)} low answer{'s' if len(view.low) != 1 else ''}",
            )
        )
