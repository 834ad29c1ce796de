"""Developing the team on screen: the team at a glance, the associate file, holding a
one-to-one, and talent and succession.

Every screen loads its data (services.people, services.talent) in a thread worker that posts
one message, then lays it out; every change goes through a form (modals/people.py) or a
worker that calls a service, after which the app reloads every screen showing the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Label, Static, TextArea

from ...services import people, talent
from ...services.exports import long_day, short_day
from ...services.parsing import InputError
from ...services.people_exports import plan_status
from ..cells import DASH, percent, ratio
from ..keys import QUIET_APP_KEYS
from ..modals.people import (
    ActionModal,
    AssociateExportModal,
    BookModal,
    CancelOneToOneModal,
    CandidateModal,
    CheckInModal,
    ClosePlanModal,
    DoneActionModal,
    GoalModal,
    GoalStatusModal,
    NotesFilterModal,
    OffSlateModal,
    PlanModal,
    RescheduleModal,
    ReviewModal,
)
from ..reloaded import Reloaded
from ..widgets.charts import spark
from ..widgets.footer import KeysFooter
from ..widgets.panes import fit, highlighted_key, two_lines
from ..widgets.people import attention_line
from .dashboard import TopBar
from .rituals import Look, RitualScroll, grid, lines, more

if TYPE_CHECKING:
    from ..app import FloorconApp

LIST_LIMIT = 6


class Loaded(Reloaded):
    """Posted by a people screen's worker with what it shows."""

    def __init__(self, data: Any) -> None:
        super().__init__()
        self.data = data


class PeopleBase(Screen):
    """Load in a thread, lay out, reload when the store changes; escape goes back."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        # Capture works here too; the footer keeps its room for this screen's keys.
        *QUIET_APP_KEYS,
        Binding("f", "app.followup", "Follow-up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: Any = None

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    def fetch(self, session: Any) -> Any:
        raise TypeError(f"{type(self).__name__} must say what it loads")

    def show(self, data: Any, look: Look) -> None:
        raise TypeError(f"{type(self).__name__} must lay its data out")

    def on_mount(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="people")
    def reload(self) -> None:
        app = self.fc
        with app.store.read() as session:
            data = self.fetch(session)
        self.post_message(Loaded(data))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.superseded:
            return
        self.data = message.data
        self.redraw()

    def redraw(self) -> None:
        """Lay the loaded data out, once the screen has its size (cards are cut to it)."""
        if self.data is None:
            return
        if not self.size.width:
            self.call_after_refresh(self.redraw)
            return
        self.show(self.data, Look(self.fc))

    def on_resize(self) -> None:
        self.redraw()

    def even(self, *cards: tuple[Widget, RenderableType | int]) -> None:
        """Give a row of cards one height, the tallest's: each is (card, its content, or the
        lines it needs when it lays itself out), measured at the card's own width."""
        console = self.app.console
        heights = []
        for widget, content in cards:
            if isinstance(content, int):
                heights.append(content)
                continue
            width = max(1, widget.content_size.width)
            heights.append(len(console.render_lines(content, console.options.update_width(width), pad=False)))
        for widget, _ in cards:
            widget.styles.height = max(heights) + 2  # the borders

    def action_back(self) -> None:
        self.app.pop_screen()

    def title_line(self, name: str, detail: str, look: Look) -> Text:
        text = Text()
        text.append(f" {name}", style=f"bold {look.palette.accent}")
        text.append(f"   {detail}", style="bold")
        return text

    def when(self, moment: datetime | None, look: Look) -> str:
        return DASH if moment is None else look.clock.local(moment).format("ddd D MMM")


def clip(text: str, width: int, style: str) -> Text:
    cell = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    cell.truncate(width, overflow="ellipsis")
    return cell


def late_text(days_late: int, look: Look) -> Text:
    p = look.palette
    if days_late > 0:
        return Text(f"{days_late}d late", style=f"bold {p.late}")
    if days_late == 0:
        return Text("today", style=f"bold {p.behind}")
    return Text(f"in {-days_late}d", style=p.muted)


# -- the team at a glance ------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamData:
    rows: list[people.PersonRow]
    attention: people.Attention


class PeopleScreen(PeopleBase):
    """Every associate: last and next one-to-one, open actions, plans, 9-box, what is late."""

    BINDINGS: ClassVar = [
        Binding("enter", "open_file", "Associate file", show=False),
        Binding("h", "hold", "Hold 1:1"),
        Binding("o", "book", "Book 1:1"),
        Binding("R", "move", "Move 1:1", show=False),
        Binding("C", "cancel", "Cancel 1:1", show=False),
        Binding("v", "review", "Review"),
        Binding("l", "plan", "New plan"),
        Binding("g", "talent", "9-box & slates"),
    ]

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="people-title")
        table: DataTable = DataTable(id="people-table", cursor_type="row", zebra_stripes=True)
        table.add_column("SA", key="sa", width=4)
        table.add_column("Associate", key="name", width=18)
        table.add_column("Role", key="role", width=22)
        table.add_column("Last 1:1", key="last", width=9)
        table.add_column("Next 1:1", key="next", width=10)
        table.add_column("Actions", key="actions", width=10)
        table.add_column("Plans", key="plans", width=7)
        table.add_column("9-box", key="box", width=20)
        table.add_column("Needs you", key="flags")
        yield table
        yield Static("", id="people-summary")
        yield KeysFooter()

    def fetch(self, session: Any) -> TeamData:
        app = self.fc
        b = app.store.boutique_id
        return TeamData(people.team(session, b, app.clock, app.settings),
                        people.attention(session, b, app.clock, app.settings))

    def show(self, data: TeamData, look: Look) -> None:
        p = look.palette
        cadence = self.fc.settings.one_to_one_cadence_days
        self.query_one("#people-title", Static).update(self.title_line(
            "People", f"{len(data.rows)} associates · a one-to-one every {cadence} days", look))
        table = self.query_one("#people-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        room = fit(table, 4 + 18 + 22 + 9 + 10 + 10 + 7 + 20, "flags")
        for r in data.rows:
            last = Text("never" if r.days_since is None else f"{r.days_since}d ago",
                        style=p.late if r.beyond_cadence else "")
            late_style = f"bold {p.late}" if r.one_to_one_overdue else ""
            nxt = Text(self.when(r.next_scheduled, look), style=late_style)
            acts = Text(str(r.open_actions) if r.open_actions else "·",
                        style="" if r.open_actions else p.muted)
            if r.overdue_actions:
                acts.append(f" · {r.overdue_actions} late", style=f"bold {p.late}")
            box = Text(talent.BOX_NAMES[r.box] if r.box else "not reviewed",
                       style="" if r.box else f"italic {p.muted}")
            table.add_row(Text(r.initials, style="bold"), r.name, Text(r.role, style=p.muted), last, nxt,
                          acts, " ".join(k.upper() for k in r.plans) or "·", box,
                          clip(", ".join(r.flags), room, p.behind), key=str(r.associate_id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        summary = attention_line(data.attention, look.palette)
        self.query_one("#people-summary", Static).update(summary)

    def highlighted(self) -> people.PersonRow | None:
        key = highlighted_key(self.query_one("#people-table", DataTable))
        rows = self.data.rows if self.data else []
        return next((r for r in rows if r.associate_id == key), None)

    @on(DataTable.RowSelected, "#people-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_file()

    def action_open_file(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.fc.open_associate_file(row.associate_id)

    def prefill(self) -> dict[str, str]:
        row = self.highlighted()
        return {"associate": row.initials} if row else {}

    def action_hold(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.fc.hold_one_to_one(row.associate_id)

    def action_book(self) -> None:
        self.app.push_screen(BookModal(self.prefill()))

    def _booked(self) -> people.PersonRow | None:
        row = self.highlighted()
        if row is not None and (row.next_scheduled is not None or row.one_to_one_overdue):
            return row
        self.notify("No one-to-one booked with the associate highlighted (o books one)", severity="warning")
        return None

    def action_move(self) -> None:
        if (row := self._booked()) is not None:
            self.app.push_screen(RescheduleModal(row.associate_id, f"{row.initials} {row.name}"))

    def action_cancel(self) -> None:
        if (row := self._booked()) is not None:
            self.app.push_screen(CancelOneToOneModal(row.associate_id, f"{row.initials} {row.name}"))

    def action_review(self) -> None:
        self.app.push_screen(ReviewModal(self.prefill()))

    def action_plan(self) -> None:
        self.app.push_screen(PlanModal(self.prefill()))

    def action_talent(self) -> None:
        self.fc.action_talent()


# -- the associate file --------------------------------------------------------------------------


class AssociateFileScreen(PeopleBase):
    """One associate: profile, 90 days of figures, one-to-ones, actions, plans, reviews, notes."""

    BINDINGS: ClassVar = [
        Binding("h", "hold", "Hold 1:1"),
        Binding("o", "book", "Book 1:1"),
        Binding("a", "action", "Action"),
        Binding("d", "done", "Action done"),
        Binding("v", "review", "Review"),
        Binding("l", "plan", "New plan"),
        Binding("g", "goal", "Goal", show=False),
        Binding("G", "goal_status", "Goal status", show=False),
        Binding("k", "check_in", "Check-in", show=False),
        Binding("x", "close_plan", "Close plan", show=False),
        Binding("u", "slate", "Slate", show=False),
        Binding("U", "off_slate", "Off a slate", show=False),
        Binding("R", "move", "Move 1:1", show=False),
        Binding("C", "cancel", "Cancel 1:1", show=False),
        Binding("slash", "filter", "Filter notes", key_display="/"),
        Binding("e", "export", "Export"),
    ]

    def __init__(self, associate_id: int) -> None:
        super().__init__()
        self.associate_id = associate_id
        self.moment: str | None = None
        self.kind: str | None = None

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="file-title")
        with RitualScroll(id="file-body"):
            with Horizontal(id="file-row1", classes="pcards"):
                yield Static("", id="file-profile", classes="card")
                yield Static("", id="file-trend", classes="card")
            with Horizontal(id="file-row2", classes="pcards"):
                with Vertical(id="file-actions", classes="card"):
                    actions: DataTable = DataTable(id="file-actions-table", cursor_type="row")
                    actions.add_column("Due", key="due", width=9)
                    actions.add_column("Action", key="text", width=44)
                    yield actions
                yield Static("", id="file-talks", classes="card")
            with Vertical(id="file-plans", classes="card"):
                plans: DataTable = DataTable(id="file-plans-table", cursor_type="row")
                plans.add_column("Plan", key="plan", width=40)
                plans.add_column("Status", key="status", width=52)
                plans.add_column("Next due", key="next", width=16)
                yield plans
                yield Static("", id="file-plan-detail")
            with Horizontal(id="file-row3", classes="pcards"):
                yield Static("", id="file-reviews", classes="card")
                yield Static("", id="file-recognitions", classes="card")
            yield Static("", id="file-notes", classes="card")
        yield KeysFooter()

    def on_mount(self) -> None:
        titles = {"file-profile": "Profile", "file-trend": "Sales · the last 90 days",
                  "file-actions": "Actions", "file-talks": "One-to-ones", "file-plans": "IDP · PMP",
                  "file-reviews": "Reviews", "file-recognitions": "Recognitions"}
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title
        super().on_mount()

    def fetch(self, session: Any) -> people.AssociateFile:
        app = self.fc
        return people.associate_file(session, app.store.boutique_id, app.clock, app.settings,
                                     self.associate_id)

    def show(self, f: people.AssociateFile, look: Look) -> None:
        a = f.associate
        detail = f"{a.initials} {a.name} · {a.role}" + ("" if a.active else " · left")
        self.query_one("#file-title", Static).update(self.title_line("Associate file", detail, look))
        profile, trend = self.query_one("#file-profile", Static), self.query_one("#file-trend", Static)
        first, second = self.profile(f, look), self.trend(f, look)
        profile.update(first)
        trend.update(second)
        self.even((profile, first), (trend, second))
        talks = self.query_one("#file-talks", Static)
        said = self.talks(f, look)
        talks.update(said)
        self.even((self.query_one("#file-actions"), self.actions(f, look)), (talks, said))
        self.plans(f, look)
        reviews = self.query_one("#file-reviews", Static)
        recognitions = self.query_one("#file-recognitions", Static)
        first, second = self.reviews(f, look), self.recognitions(f, look)
        reviews.update(first)
        recognitions.border_title = f"Recognitions · {len(f.recognitions)}"
        recognitions.update(second)
        self.even((reviews, first), (recognitions, second))
        notes = self.query_one("#file-notes", Static)
        shown = f.notes_for(self.moment, self.kind)
        what = " · ".join(x for x in (self.moment, self.kind) if x) or "all"
        notes.border_title = f"Coaching notes · {what} · {len(shown)} of {len(f.notes)}  (/ filter)"
        notes.update(self.notes(shown, look))

    # -- the cards ----------------------------------------------------------------------------
    def profile(self, f: people.AssociateFile, look: Look) -> RenderableType:
        a = f.associate
        p = look.palette
        table = grid(12, None)
        table.add_row(Text("Role", style=p.muted), a.role)
        table.add_row(Text("Since", style=p.muted), long_day(a.start_date) if a.start_date else DASH)
        table.add_row(Text("Specialties", style=p.muted), a.specialties or DASH)
        table.add_row(Text("Languages", style=p.muted), a.languages or DASH)
        segments = " · ".join(f"{seg} {n}" for seg, n in sorted(f.portfolio.items()))
        clients = f"{f.portfolio_size}" + (f"  ({segments})" if segments else "")
        table.add_row(Text("Clients", style=p.muted), clients)
        by: dict[str, list[float]] = {}
        for s in f.satisfaction:
            by.setdefault(s.measure, []).append(s.score)
        alerts = sum(1 for s in f.satisfaction if s.below)
        averages = [f"{m} {sum(v) / len(v):.1f} ({len(v)})" for m, v in sorted(by.items())]
        said = Text(" · ".join(averages) or "no answer")
        if alerts:
            said.append(f"  ⚠ {alerts} under", style=f"bold {p.late}")
        table.add_row(Text("Satisfaction", style=p.muted), said)
        row = f.row
        if row is not None:
            box = talent.BOX_NAMES[row.box] if row.box else "not reviewed"
            table.add_row(Text("9-box", style=p.muted), box)
        if f.succession:
            slate = " · ".join(f"{role} ({talent.READINESS_LABELS.get(r, r)})" for role, r, _ in f.succession)
            table.add_row(Text("Slates", style=p.muted), slate)
        return table

    def trend(self, f: people.AssociateFile, look: Look) -> RenderableType:
        t = f.trend
        p = look.palette
        table = grid(12, None)
        table.add_row(Text("Net sales", style=p.muted), Text(look.money(t.figures.net_sales), style="bold"))
        ach = Text(percent(t.achievement), style=f"bold {p.ok if (t.achievement or 0) >= 1 else p.behind}")
        ach.append("  on the days with a target", style=p.muted)
        table.add_row(Text("Achievement", style=p.muted), ach)
        table.add_row(Text("Transactions", style=p.muted), str(t.figures.transactions))
        table.add_row(Text("ATV · UPT", style=p.muted), f"{look.money(t.atv)} · {ratio(t.upt, 1)}")
        table.add_row(Text("Capture", style=p.muted), percent(t.capture_rate))
        # A block a day: the most recent days the card has room for.
        room = max(7, self.query_one("#file-trend").content_size.width)
        days = t.spark.days[-room:]
        chart = spark(t.spark.sales[-room:], t.spark.targets[-room:], look.chart)
        legend = Text(f"{short_day(days[0])} → {short_day(days[-1])}: a block a day, ", style=p.muted)
        legend.append("on target", style=p.ok)
        legend.append(", ", style=p.muted)
        legend.append("short of it", style=p.behind)
        return lines(table, Text(""), chart, legend)

    def talks(self, f: people.AssociateFile, look: Look) -> RenderableType:
        p = look.palette
        if not f.one_to_ones:
            return look.muted("No one-to-one yet: h holds one now, o books one.")
        table = grid(11, None)
        for o in f.one_to_ones[:LIST_LIMIT]:
            if o.held:
                table.add_row(Text(self.when(o.held_at, look), style=p.muted),
                              Text(o.shared_notes.replace("\n", " ") or "—"))
            else:
                state = Text("missed, to hold" if o.overdue else "booked", style=f"bold {p.late}" if o.overdue
                             else p.accent)
                when = look.clock.local(o.scheduled_at).format("ddd D MMM")
                table.add_row(Text(when, style="bold"), state)
        return lines(table, more(look, LIST_LIMIT, len(f.one_to_ones)))

    def actions(self, f: people.AssociateFile, look: Look) -> int:
        """Fill the actions table; returns the lines it takes."""
        table = self.query_one("#file-actions-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        p = look.palette
        shown = [x for x in f.actions if not x.done] + [x for x in f.actions if x.done][:3]
        for x in shown:
            due = Text("✓ done", style=p.ok) if x.done else late_text(x.days_late, look)
            text = Text(x.text.replace("\n", " "), style=p.muted if x.done else "")
            table.add_row(due, text, key=str(x.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        open_n = sum(1 for x in f.actions if not x.done)
        late = sum(1 for x in f.actions if x.overdue)
        self.query_one("#file-actions").border_title = f"Actions · {open_n} open" + (
            f" · {late} late" if late else "")
        table.styles.height = max(1, len(shown)) + 1
        return max(1, len(shown)) + 1

    def plans(self, f: people.AssociateFile, look: Look) -> None:
        table = self.query_one("#file-plans-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        p = look.palette
        for plan in f.plans:
            pending = [g.due for g in plan.goals if g.status == "open"] + \
                      [c.due for c in plan.check_ins if not c.held and c.due is not None]
            nxt = min(pending) if pending and plan.open else None
            due = late_text((f.today - nxt).days, look) if nxt else Text(DASH, style=p.muted)
            label = Text(plan.kind.upper(), style=f"bold {p.late if plan.kind == 'pmp' else p.accent}")
            label.append(f" {plan.title}", style="" if plan.open else p.muted)
            table.add_row(label, Text(plan_status(plan), style=p.muted), due, key=str(plan.id))
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        table.display = bool(f.plans)
        table.styles.height = len(f.plans) + 1
        self.show_plan_detail()

    def highlighted_plan(self) -> people.PlanView | None:
        if self.data is None:
            return None
        key = highlighted_key(self.query_one("#file-plans-table", DataTable))
        return next((p for p in self.data.plans if p.id == key), None)

    @on(DataTable.RowHighlighted, "#file-plans-table")
    def _plan_moved(self) -> None:
        self.show_plan_detail()

    def show_plan_detail(self) -> None:
        detail = self.query_one("#file-plan-detail", Static)
        plan = self.highlighted_plan()
        look = Look(self.fc)
        p = look.palette
        if plan is None:
            detail.update(look.muted("No plan: l opens an IDP or a PMP."))
            return
        table = grid(3, None, 22, 16)
        for i, g in enumerate(plan.goals, 1):
            status = late_text(g.days_late, look) if g.status == "open" else Text(
                g.status, style=p.ok if g.status == "met" else p.late)
            table.add_row(Text(str(i), style=p.muted), Text(g.text), Text(g.measure, style=p.muted), status)
        checks = grid(11, None)
        for c in plan.check_ins:
            if c.held:
                checks.add_row(Text(self.when(c.noted_at, look), style=p.muted), c.note.replace("\n", " "))
            else:
                state = late_text((look.clock.today() - c.due).days, look) if c.due else Text("")
                label = Text("checkpoint ", style=p.muted)
                label.append_text(state)
                checks.add_row(Text(short_day(c.due) if c.due else DASH, style="bold"), label)
        keys = look.muted("g goal · G goal status · k check-in · x close")
        detail.update(lines(
            look.head(f"Goals · {plan.label}", len(plan.goals)),
            table if plan.goals else look.muted("No goal yet."),
            look.head("Check-ins", len(plan.check_ins)),
            checks if plan.check_ins else look.muted("No check-in yet."),
            keys if plan.open else None,
        ))

    def reviews(self, f: people.AssociateFile, look: Look) -> RenderableType:
        p = look.palette
        if not f.reviews:
            return look.muted("No review yet: v writes one.")
        latest = f.reviews[0]
        previous = f.reviews[1] if len(f.reviews) > 1 else None
        head = Text(f"{latest.period}", style="bold")
        head.append(f"  overall {latest.overall}/5", style=p.accent)
        head.append(f"  performance {latest.performance} · potential {latest.potential}", style=p.muted)
        table = grid(None, 9, 9, right=(2,))
        table.add_row("", Text(latest.period, style=p.muted), Text(previous.period if previous else "",
                                                                  style=p.muted))
        for c in self.fc.settings.competencies:
            now = latest.ratings.get(c) or 0
            before = previous.ratings.get(c) if previous else None
            style = "" if before is None or now == before else p.ok if now > before else p.behind
            dots = Text("●" * now, style=style or p.accent)
            dots.append("○" * (5 - now) + f" {now}", style=p.muted)
            table.add_row(c, dots, Text(str(before) if before else "", style=p.muted))
        return lines(head, table, Text(f"“{latest.comment}”", style="italic") if latest.comment else None)

    def recognitions(self, f: people.AssociateFile, look: Look) -> RenderableType:
        p = look.palette
        if not f.recognitions:
            return look.muted("No recognition noted yet.")
        table = grid(11, 12, None)
        width = max(12, self.query_one("#file-recognitions").content_size.width - 26)
        for n in f.recognitions[:LIST_LIMIT]:
            table.add_row(Text(self.when(n.noted_at, look), style=p.muted), Text(n.moment, style=p.ok),
                          two_lines(n.text, width))
        return lines(table, more(look, LIST_LIMIT, len(f.recognitions)))

    def notes(self, notes: list[Any], look: Look) -> RenderableType:
        p = look.palette
        if not notes:
            return look.muted("No coaching note.")
        colours = {"recognition": p.ok, "development": p.behind}
        table = grid(11, 12, 12, None)
        for n in notes[:12]:
            text = n.text.replace("\n", " ") + (f" · {look.client(n.client)}" if n.client else "")
            table.add_row(Text(self.when(n.noted_at, look), style=p.muted), n.moment,
                          Text(n.kind, style=colours.get(n.kind, p.muted)), text)
        return lines(table, more(look, 12, len(notes)))

    # -- keys -----------------------------------------------------------------------------------
    def mine(self) -> dict[str, str]:
        return {"associate": self.data.associate.initials} if self.data else {}

    def about(self) -> str:
        return f"{self.data.associate.initials} {self.data.associate.name}" if self.data else ""

    def action_hold(self) -> None:
        self.fc.hold_one_to_one(self.associate_id)

    def action_book(self) -> None:
        self.app.push_screen(BookModal(self.mine()))

    def action_action(self) -> None:
        self.app.push_screen(ActionModal({"owner": self.mine().get("associate", "")}, self.about()))

    def _booked(self) -> bool:
        if self.data is not None and any(not o.held for o in self.data.one_to_ones):
            return True
        self.notify("No one-to-one booked (o books one)", severity="warning")
        return False

    def action_move(self) -> None:
        if self._booked():
            self.app.push_screen(RescheduleModal(self.associate_id, self.about()))

    def action_cancel(self) -> None:
        if self._booked():
            self.app.push_screen(CancelOneToOneModal(self.associate_id, self.about()))

    def action_off_slate(self) -> None:
        if self.data is not None and not self.data.succession:
            self.notify("Not on any slate", severity="warning")
            return
        roles = [role for role, _, _ in self.data.succession] if self.data else []
        prefill = {**self.mine(), "role": roles[0] if len(roles) == 1 else ""}
        self.app.push_screen(OffSlateModal(prefill, self.about()))

    def action_done(self) -> None:
        key = highlighted_key(self.query_one("#file-actions-table", DataTable))
        rows = self.data.actions if self.data else []
        found = next((x for x in rows if x.id == key and not x.done), None)
        if found is None:
            self.notify("No open action highlighted", severity="warning")
            return
        self.app.push_screen(DoneActionModal(found.id, found.text))

    def action_review(self) -> None:
        self.app.push_screen(ReviewModal(self.mine(), self.about()))

    def action_plan(self) -> None:
        self.app.push_screen(PlanModal(self.mine(), self.about()))

    def _plan(self) -> people.PlanView | None:
        plan = self.highlighted_plan()
        if plan is None or not plan.open:
            self.notify("No open plan highlighted (l opens one)", severity="warning")
            return None
        return plan

    def action_goal(self) -> None:
        if (plan := self._plan()) is not None:
            self.app.push_screen(GoalModal(plan.id, plan.label))

    def action_goal_status(self) -> None:
        if (plan := self._plan()) is not None:
            if not plan.goals:
                self.notify("This plan has no goal yet (g adds one)", severity="warning")
                return
            self.app.push_screen(GoalStatusModal(plan.id, plan.label, plan.goals))

    def action_check_in(self) -> None:
        if (plan := self._plan()) is not None:
            self.app.push_screen(CheckInModal(plan.id, plan.label))

    def action_close_plan(self) -> None:
        if (plan := self._plan()) is not None:
            self.app.push_screen(ClosePlanModal(plan.id, plan.label, plan.kind))

    def action_slate(self) -> None:
        self.app.push_screen(CandidateModal(self.mine()))

    def action_filter(self) -> None:
        def chosen(result: tuple[str | None, str | None] | None) -> None:
            if result is not None:
                self.moment, self.kind = result
                self.redraw()

        self.app.push_screen(NotesFilterModal({"moment": self.moment or "", "kind": self.kind or ""}),
                             chosen)

    def action_export(self) -> None:
        if self.data is not None:
            a = self.data.associate
            self.app.push_screen(AssociateExportModal(self.associate_id, a.initials, self.about()))


# -- holding a one-to-one ------------------------------------------------------------------------


class OneToOneScreen(PeopleBase):
    """The agenda on the left; shared and private notes on the right; actions agreed below."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back (notes kept)"),
        Binding("ctrl+s", "save", "Save notes", priority=True),
        Binding("ctrl+n", "add_action", "Add action", priority=True),
        Binding("ctrl+o", "close", "Close: held", priority=True),
        Binding("tab", "app.focus_next", "Next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous", show=False, priority=True),
    ]

    def __init__(self, one_to_one_id: int, on_the_spot: bool = False) -> None:
        super().__init__()
        self.one_to_one_id = one_to_one_id
        # Booked just now by `h`: left with nothing written, it is removed, not missed tomorrow.
        self.on_the_spot = on_the_spot
        self.filled = False
        self.closing = False

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="oto-title")
        with Horizontal(id="oto-body"):
            with RitualScroll(id="oto-agenda", classes="card"):
                yield Static("", id="oto-agenda-text")
            with Vertical(id="oto-notes"):
                yield Label("Shared with the associate", classes="field-label")
                yield TextArea("", id="oto-shared", soft_wrap=True, tab_behavior="focus",
                               placeholder="What you both agreed: the associate may read this")
                yield Label("Private to you", classes="field-label")
                yield TextArea("", id="oto-private", soft_wrap=True, tab_behavior="focus",
                               placeholder="Your own notes: never in the review-meeting export")
                yield Static("", id="oto-actions", classes="card")
                yield Static("", id="oto-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#oto-agenda").border_title = "Agenda"
        self.query_one("#oto-actions").border_title = "Agreed in this one-to-one"
        super().on_mount()

    def fetch(self, session: Any) -> people.Agenda:
        app = self.fc
        return people.agenda(session, app.store.boutique_id, app.clock, app.settings, self.one_to_one_id)

    def show(self, a: people.Agenda, look: Look) -> None:
        o = a.one_to_one
        when = look.clock.local(o.scheduled_at).format("dddd D MMMM, HH:mm")
        state = "held" if o.held else "missed, held now" if o.overdue else "booked"
        self.query_one("#oto-title", Static).update(
            self.title_line("One-to-one", f"{o.initials} {o.name} · {a.role} · {when} · {state}", look))
        if not self.filled:
            self.filled = True
            self.query_one("#oto-shared", TextArea).text = o.shared_notes
            self.query_one("#oto-private", TextArea).text = o.private_notes
            self.query_one("#oto-shared", TextArea).focus()
        self.query_one("#oto-agenda-text", Static).update(self.agenda(a, look))
        agreed = [x for x in a.actions if x.one_to_one_id == o.id]
        p = look.palette
        table = grid(9, None)
        for x in agreed:
            table.add_row(late_text(x.days_late, look), x.text.replace("\n", " "))
        self.query_one("#oto-actions", Static).update(
            table if agreed else Text("No action yet: ctrl+n adds one.", style=f"italic {p.muted}"))

    def agenda(self, a: people.Agenda, look: Look) -> RenderableType:
        p = look.palette
        t = a.trend
        since = f"since {short_day(a.since)}" + (" (last one-to-one)" if a.last_held else
                                                  f" ({self.fc.settings.one_to_one_cadence_days} days: no "
                                                  "one-to-one before)")
        figures = Text()
        figures.append(look.money(t.figures.net_sales), style="bold")
        figures.append(f"  {percent(t.achievement)} of target", style=p.accent)
        figures.append(f"  ·  {t.figures.transactions} tx  ·  ATV {look.money(t.atv)}  ·  UPT "
                       f"{ratio(t.upt, 1)}  ·  capture {percent(t.capture_rate)}")
        notes = grid(10, 12, None)
        for n in a.notes[:8]:
            notes.add_row(Text(self.when(n.noted_at, look), style=p.muted),
                          Text(n.kind, style=p.ok if n.kind == "recognition" else p.behind
                               if n.kind == "development" else p.muted),
                          f"{n.moment}: {n.text}".replace("\n", " "))
        acts = grid(9, 4, None)
        for x in a.actions:
            acts.add_row(late_text(x.days_late, look), Text(x.initials, style="bold"),
                         x.text.replace("\n", " "))
        items = grid(9, 11, None)
        for i in a.plan_items:
            items.add_row(late_text(i.days_late, look),
                          Text(f"{i.plan_kind.upper()} {i.what}", style=p.muted),
                          f"{i.text} · {i.plan_title}")
        return lines(
            look.head(f"Figures {since}"), figures, spark(t.spark.sales, t.spark.targets, look.chart),
            Text(""), look.head("Coaching notes since", len(a.notes)),
            notes if a.notes else look.muted("None since."), more(look, 8, len(a.notes)),
            Text(""), look.head("Open actions", len(a.actions)),
            acts if a.actions else look.muted("No open action."),
            Text(""), look.head("Plan goals and checkpoints due", len(a.plan_items)),
            items if a.plan_items else look.muted("Nothing due."),
        )

    def texts(self) -> tuple[str, str]:
        return self.query_one("#oto-shared", TextArea).text, self.query_one("#oto-private", TextArea).text

    def status(self, text: str, error: bool = False) -> None:
        look = Look(self.fc)
        self.query_one("#oto-status", Static).update(
            Text(text, style=look.palette.late if error else look.palette.muted))

    def action_save(self) -> None:
        self._write(close=False)

    def action_close(self) -> None:
        if not self.closing:
            self.closing = True
            self._write(close=True)

    def action_add_action(self) -> None:
        if self.data is None:
            return
        o = self.data.one_to_one
        self._write(close=False, quiet=True)
        self.app.push_screen(ActionModal({"owner": o.initials}, f"{o.initials} {o.name}", o.id))

    def action_back(self) -> None:
        if self.on_the_spot:
            self._write(close=False, quiet=True, leaving=True)
        elif self.data is not None and self.texts() != (self.data.one_to_one.shared_notes,
                                                        self.data.one_to_one.private_notes):
            self._write(close=False, quiet=True)
        self.app.pop_screen()

    def _write(self, close: bool, quiet: bool = False, leaving: bool = False) -> None:
        """Save the notes (and close the one-to-one) in a worker owned by the app, so leaving the
        screen never loses what was typed. Leaving one booked on the spot with nothing in it
        removes it."""
        app = self.fc
        shared, private = self.texts()
        oto = self.one_to_one_id

        def write() -> None:
            removed = False
            try:
                with app.store.write() as session:
                    b = app.store.boutique_id
                    if close:
                        people.close_one_to_one(session, b, oto, shared, private, app.clock.now_utc())
                    else:
                        people.save_one_to_one_notes(session, b, oto, shared, private)
                        removed = leaving and people.leave_one_to_one(session, b, oto)
            except InputError as exc:
                app.call_from_thread(self._refused, str(exc))
                return
            if removed:
                app.call_from_thread(app.notify, "Nothing written: the one-to-one was not kept", timeout=4)
            app.call_from_thread(self._written, close, quiet)

        app.run_worker(write, thread=True, group="one-to-one")

    def _refused(self, message: str) -> None:
        self.closing = False
        self.status(f"✗ {message}", error=True)

    def _written(self, close: bool, quiet: bool) -> None:
        self.fc.store_written()
        if close:
            self.notify("One-to-one held and closed", timeout=4)
            if self.app.screen is self:
                self.app.pop_screen()
        elif not quiet:
            self.status(f"Notes saved at {self.fc.clock.now().format('HH:mm')}")


# -- talent and succession -----------------------------------------------------------------------


@dataclass(frozen=True)
class TalentData:
    grid: talent.NineBox
    slates: list[talent.Slate]


class TalentScreen(PeopleBase):
    """The 9-box from the latest reviews, with names in the boxes, and the succession slates."""

    BINDINGS: ClassVar = [Binding("u", "slate", "Add to a slate"), Binding("U", "off_slate", "Off a slate"),
                          Binding("v", "review", "Review")]

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="talent-title")
        with Horizontal(id="talent-body"):
            yield Static("", id="talent-grid", classes="card")
            yield Static("", id="talent-slates", classes="card")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#talent-grid").border_title = "9-box · performance × potential, latest reviews"
        self.query_one("#talent-slates").border_title = "Succession"
        super().on_mount()

    def fetch(self, session: Any) -> TalentData:
        app = self.fc
        b = app.store.boutique_id
        return TalentData(talent.nine_box(session, b), talent.slates(session, b, app.settings))

    def show(self, data: TalentData, look: Look) -> None:
        placed = sum(len(v) for v in data.grid.boxes.values())
        self.query_one("#talent-title", Static).update(
            self.title_line("Talent and succession", f"{placed} associates placed", look))
        box, slates = self.query_one("#talent-grid", Static), self.query_one("#talent-slates", Static)
        first, second = self.nine_box(data.grid, look), self.slates(data.slates, look)
        box.update(first)
        slates.update(second)
        self.even((box, first), (slates, second))

    def nine_box(self, g: talent.NineBox, look: Look) -> RenderableType:
        p = look.palette
        colours = {("high", "high"): p.ok, ("low", "low"): p.late, ("medium", "high"): p.ok,
                   ("high", "medium"): p.ok, ("low", "medium"): p.behind, ("medium", "low"): p.behind}
        table = Table(show_header=True, show_lines=True, expand=True, border_style=p.muted, padding=(0, 1),
                      header_style=f"bold {p.muted}")
        table.add_column("potential", width=9, no_wrap=True)
        for level in people.LEVELS:
            table.add_column(f"performance {level}", ratio=1)
        for potential in reversed(people.LEVELS):
            cells: list[RenderableType] = [Text(potential, style=f"bold {p.muted}")]
            for performance in people.LEVELS:
                cell = Text(talent.BOX_NAMES[(performance, potential)],
                            style=f"bold {colours.get((performance, potential), p.accent)}")
                names = g.box(performance, potential)
                for person in names:
                    cell.append(f"\n{person.initials} ", style="bold")
                    cell.append(person.name.split()[0], style="")
                if not names:
                    cell.append("\n·", style=p.muted)
                cells.append(cell)
            table.add_row(*cells)
        unreviewed = look.muted(f"Not reviewed yet: {', '.join(g.unreviewed)}") if g.unreviewed else None
        return lines(table, unreviewed)

    def slates(self, slates: list[talent.Slate], look: Look) -> RenderableType:
        p = look.palette
        parts: list[RenderableType | None] = []
        ready_style = {"ready-now": p.ok, "1-2-years": p.accent, "3-plus-years": p.muted}
        risk_style = {"high": f"bold {p.late}", "medium": p.behind, "low": p.muted}
        for slate in slates:
            if parts:
                parts.append(Text(""))
            head = look.head(slate.role, len(slate.candidates))
            if slate.ready_now:
                head.append(f" · {slate.ready_now} ready now", style=p.ok)
            parts.append(head)
            if not slate.candidates:
                parts.append(look.muted("No candidate yet: u adds one."))
                continue
            table = grid(4, None, 10, 13)
            for c in slate.candidates:
                table.add_row(Text(c.initials, style="bold"), c.name,
                              Text(c.readiness_label, style=ready_style.get(c.readiness, "")),
                              Text(f"flight {c.flight_risk}", style=risk_style.get(c.flight_risk, "")))
            parts.append(table)
        return lines(*parts)

    def action_slate(self) -> None:
        self.app.push_screen(CandidateModal())

    def action_off_slate(self) -> None:
        self.app.push_screen(OffSlateModal())

    def action_review(self) -> None:
        self.app.push_screen(ReviewModal())

