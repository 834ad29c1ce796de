"""The day's rituals on screen: the end-of-day recap, the morning briefing, the weekly review.

Each screen loads its report (services.rituals) in a thread worker and only lays it out; the
exports render that very report object, so a figure sent by e-mail is the figure on the screen.
"""

from __future__ import annotations

import dataclasses
import os
import re
import textwrap
from abc import ABCMeta, abstractmethod
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.renderables.digits import Digits
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from ...clock import Clock
from ...services import exports
from ...services.dashboard import TargetRow, TargetsPane
from ...services.masking import mask_amount, mask_name
from ...services.parsing import InputError, format_compact, format_money, parse_day
from ...services.rituals import (
    KINDS,
    MOMENTS,
    AppointmentLine,
    Briefing,
    FollowUpLine,
    Recap,
    SaleLine,
    WeekReview,
    WeekRow,
    briefing,
    next_selling_day,
    previous_selling_day,
    recap,
    save_summary,
    set_focus_story,
    week,
)
from ..cells import DASH, bar, percent, ratio
from ..modals.form import Field, FormModal
from ..reloaded import Reloaded
from ..widgets.charts import ChartColours, HourlyChart, spark, trend_bars
from ..widgets.footer import KeysFooter
from ..widgets.panes import KIND_LABELS, Palette, two_lines
from ..widgets.radar import MARKS
from .dashboard import TopBar

if TYPE_CHECKING:
    from ..app import FloorconApp

Report = Recap | Briefing | WeekReview

LIST_LIMIT = 6  # lines of a list in a card before "+ n more"


# -- how things look ---------------------------------------------------------------------------


class Look:
    """The theme's colours, discreet mode and the boutique's formats, for one layout pass."""

    def __init__(self, app: FloorconApp) -> None:
        self.palette = Palette(app.theme_variables)
        self.discreet = app.discreet
        self.settings = app.settings
        self.clock = app.clock

    @property
    def chart(self) -> ChartColours:
        p = self.palette
        return ChartColours(p.ok, p.behind, p.late, p.muted, p.accent)

    def money(self, minor: int | None) -> str:
        if minor is None:
            return DASH
        if self.discreet:
            return mask_amount(self.settings.currency_symbol)
        return format_money(minor, self.settings)

    def compact(self, minor: int) -> str:
        if self.discreet:
            return mask_amount(self.settings.currency_symbol)
        return format_compact(minor, self.settings)

    def client(self, name: str) -> str:
        return mask_name(name) if self.discreet and name else name

    def hhmm(self, moment: datetime) -> str:
        return self.clock.local(moment).format("HH:mm")

    def muted(self, text: str) -> Text:
        return Text(text, style=f"italic {self.palette.muted}")

    def head(self, text: str, count: int | None = None, style: str = "bold") -> Text:
        line = Text(text, style=style)
        if count is not None:
            line.append(f"  {count}", style=self.palette.muted)
        return line


def grid(*columns: int | None, right: Iterable[int] = (), ratios: dict[int, int] | None = None) -> Table:
    """A borderless table for the lists in a card: fixed widths, the `None` columns share the rest
    (equally, or by `ratios`) and are cut with an ellipsis, so a long name or comment never breaks
    the alignment."""
    table = Table.grid(padding=(0, 1), expand=True)
    right = set(right)
    ratios = ratios or {}
    for i, width in enumerate(columns):
        table.add_column(
            width=width, ratio=ratios.get(i, 1) if width is None else None, no_wrap=True,
            overflow="ellipsis", justify="right" if i in right else "left",
        )
    return table


def more(look: Look, shown: int, total: int) -> Text | None:
    return look.muted(f"+ {total - shown} more") if total > shown else None


def lines(*parts: RenderableType | None) -> Group:
    return Group(*(p for p in parts if p is not None))


def count_cell(n: int, colour: str, look: Look) -> Text:
    """A count in a table: the figure, or a quiet dot for none."""
    if not n:
        return Text("·", style=look.palette.muted, justify="right")
    return Text(str(n), style=f"bold {colour}".strip(), justify="right")


def conversion(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.1f}%"


class ReportTable(DataTable):
    """A figures table to read, not to navigate: the screen's keys stay the screen's."""

    can_focus = False


class AssociateRows(DataTable, inherit_bindings=False):
    """A figures table whose rows name associates. It reads as a report, out of the tab order,
    until `choose()` (the screen's `a`): then up / down choose an associate and enter opens their
    file; leaving it makes it a report again."""

    can_focus = False
    BINDINGS: ClassVar = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("enter", "select_cursor", "Associate file"),
    ]

    def choose(self) -> None:
        self.can_focus = True
        self.show_cursor = True
        if self.cursor_row == 0 and self.row_count > 1:
            self.move_cursor(row=1, animate=False)  # the first associate, after the boutique
        self.focus()

    def on_blur(self) -> None:
        self.can_focus = False
        self.show_cursor = False


class RitualScroll(VerticalScroll, inherit_bindings=False):
    """The long page: up / down scroll it; left / right are left to the screen (days)."""

    BINDINGS: ClassVar = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
    ]


class RitualLoaded(Reloaded):
    """Posted by the loading worker with the report of one day."""

    def __init__(self, day: date, report: Report) -> None:
        super().__init__()
        self.day = day
        self.report = report


DAYS = Binding.Group("Day", compact=True)
WEEKS = Binding.Group("Week", compact=True)


# -- the three screens share their keys and their loading --------------------------------------


class _AbstractScreen(type(Screen), ABCMeta):  # type: ignore[misc]
    """Screens with hooks each subclass must define (Textual's metaclass, plus abc's check)."""


class RitualScreen(Screen, metaclass=_AbstractScreen):
    """A ritual report for one day (or week): load in a thread, lay out, export, copy."""

    KIND: ClassVar[str] = ""  # "recap", "briefing", "week": also the app's action
    NAME: ClassVar[str] = ""
    DAILY: ClassVar[bool] = True  # one day at a time (the weekly review: one week)
    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("left", "step(-1)", "Previous", group=DAYS, key_display="←"),
        Binding("right", "step(1)", "Next", group=DAYS, key_display="→"),
        Binding("t", "today", "Today"),
        Binding("g", "go", "Go to"),
        Binding("e", "export", "Export"),
        Binding("c", "copy", "Copy"),
        # Capture works here too, as everywhere; the footer keeps room for this screen's keys.
        Binding("n", "app.note", "Note", show=False),
        Binding("s", "app.sale", "Sale", show=False),
        Binding("f", "app.followup", "Follow-up", show=False),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self._start_day = day
        self.day = date.min
        self.report: Report | None = None
        self.fetching = True

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    # -- each ritual defines these -----------------------------------------------------------
    @abstractmethod
    def fetch(self, session: Session, day: date) -> Report:
        """The report for `day`, read in the loading thread."""

    @abstractmethod
    def body(self) -> ComposeResult:
        """The widgets the report is laid out in."""

    @abstractmethod
    def lay_out(self, report: Any, look: Look) -> None:
        """Fill the body with a loaded report."""

    def home(self) -> date:
        return self.fc.clock.today()

    def latest(self) -> date:
        """The furthest day this screen may show."""
        return self.fc.clock.today()

    def neighbour(self, day: date, step: int) -> date:
        clock = self.fc.clock
        if step < 0:
            return previous_selling_day(clock, day) or day - timedelta(days=1)
        return next_selling_day(clock, day)

    def title_of(self, day: date) -> str:
        return exports.long_day(day)

    def label_of(self, day: date) -> str:
        return exports.short_day(day)

    def relative(self, day: date) -> str:
        today = self.fc.clock.today()
        if day == today:
            return "today"
        if day == today - timedelta(days=1):
            return "yesterday"
        if day == today + timedelta(days=1):
            return "tomorrow"
        n = (today - day).days
        return f"{n} days ago" if n > 0 else f"in {-n} days"

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="ritual-title")
        with RitualScroll(id="ritual-body"):
            yield from self.body()
        yield KeysFooter()

    def on_mount(self) -> None:
        self.prepare()
        self.day = min(self._start_day or self.home(), self.latest())
        self.show_title()
        self.reload()

    def prepare(self) -> None:
        """Before the first load: titles, the day asked for."""

    # -- loading: off the UI thread, one day at a time -------------------------------------
    def reload(self) -> None:
        self._load(self.day)

    @work(thread=True, exclusive=True, group="ritual")
    def _load(self, day: date) -> None:
        app = self.fc
        with app.store.read() as session:
            report = self.fetch(session, day)
        self.post_message(RitualLoaded(day, report))

    @on(RitualLoaded)
    def _loaded(self, message: RitualLoaded) -> None:
        if message.superseded or message.day != self.day:  # overtaken by a newer read or a move
            return
        self.report = message.report
        self.fetching = False
        self.show()

    def redraw(self) -> None:
        """Lay the loaded report out again (discreet mode switched, new theme)."""
        if self.report is not None:
            self.call_after_refresh(self.show)

    def on_resize(self) -> None:
        self.redraw()

    def show(self) -> None:
        """Lay the report out, once the cards have their size (their content is cut to it)."""
        if self.report is None:
            return
        if not self.query_one("#ritual-body").size.width:
            self.call_after_refresh(self.show)
            return
        self.show_title()
        self.lay_out(self.report, Look(self.fc))

    def show_title(self) -> None:
        look = Look(self.fc)
        p = look.palette
        left = Text()
        left.append(f" {self.NAME}", style=f"bold {p.accent}")
        left.append("   ")
        left.append(self.title_of(self.day), style="bold")
        left.append(f"   {self.relative(self.day)}", style=p.muted)
        if self.DAILY and not self.fc.clock.is_selling_day(self.day):
            left.append("  ·  closed", style=p.muted)
        if self.fetching:
            left.append("   loading…", style=f"italic {p.muted}")
        right = Text(justify="right")
        before = self.neighbour(self.day, -1)
        after = self._next(self.day)
        right.append(f"← {self.label_of(before)}", style=p.muted)
        if after is not None:
            right.append(f"    {self.label_of(after)} →", style=p.muted)
        right.append(" ")
        row = Table.grid(expand=True)
        row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        row.add_column(justify="right", no_wrap=True)
        row.add_row(left, right)
        self.query_one("#ritual-title", Static).update(row)

    def fill(self, row_id: str, cards: list[tuple[Widget, RenderableType | None, int]]) -> None:
        """Give a row of cards their content and one height: the tallest card's.

        Each card is (widget, content or None for a widget laid out by itself, lines it needs
        besides the content); heights are measured at the card's own width, so the row always
        draws the same for the same data and size.
        """
        heights = []
        for widget, content, extra in cards:
            if content is not None:
                heights.append(self.height_of(content, widget.content_size.width) + extra)
                cast(Static, widget).update(content)
            else:
                heights.append(extra)
        self.query_one(f"#{row_id}").styles.height = max(heights) + 2  # the cards' borders

    def height_of(self, content: RenderableType, width: int) -> int:
        """Lines `content` takes at `width` cells."""
        console = self.app.console
        return len(console.render_lines(content, console.options.update_width(max(1, width)), pad=False))

    # -- keys -----------------------------------------------------------------------------
    def _next(self, day: date) -> date | None:
        after = self.neighbour(day, 1)
        latest = self.latest()
        if after > latest:
            return latest if day < latest else None
        return after

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "step" and parameters == (1,) and self._next(self.day) is None:
            return None  # shown, dimmed: nothing after this day yet
        return True

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea | AssociateRows):
            self.query_one(RitualScroll).focus()
            return
        self.app.pop_screen()

    def action_step(self, step: int) -> None:
        target = self.neighbour(self.day, -1) if step < 0 else self._next(self.day)
        if target is None:
            self.app.bell()
            return
        self.go_to(target)

    def action_today(self) -> None:
        self.go_to(self.home())

    def go_to(self, day: date) -> None:
        day = min(day, self.latest())
        if day == self.day:
            return
        self.leaving()
        self.day = day
        self.fetching = True
        self.show_title()
        self.refresh_bindings()
        self.reload()

    def leaving(self) -> None:
        """Called before the day changes."""

    def action_go(self) -> None:
        clock = self.fc.clock

        def chosen(day: date | None) -> None:
            if day is not None:
                self.go_to(day)

        self.app.push_screen(GoToModal(self.NAME, clock.today(), self.latest()), chosen)

    def export_report(self) -> Report | None:
        if self.report is None or self.fetching:
            self.notify("Still loading: one moment", severity="warning")
            return None
        return self.report

    def action_export(self) -> None:
        report = self.export_report()
        if report is not None:
            self.app.push_screen(ExportModal(report))

    def action_copy(self) -> None:
        report = self.export_report()
        if report is None:
            return
        text = exports.render(report, "md", self.fc.settings, self.fc.clock)
        self.app.copy_to_clipboard(text)
        self.notify(f"{exports.title(report)} copied as Markdown", timeout=4)


# -- the end-of-day recap --------------------------------------------------------------------


class RecapScreen(RitualScreen):
    """The business day against target, what was coached and followed up, and tomorrow."""

    KIND = "recap"
    NAME = "End-of-day recap"
    BINDINGS: ClassVar = [
        Binding("ctrl+s", "save_summary", "Save summary"),
        Binding("a", "choose_associate", "Associate file"),
    ]

    SA, NAME_W, MONEY, BAR, SPARK = 4, 16, 11, 9, 30

    def __init__(self, day: date | None = None) -> None:
        super().__init__(day)
        self.saved: dict[date, str] = {}  # the summary as stored, per day
        self.editor_day: date | None = None  # the day whose summary the editor holds
        self.saved_at: dict[date, str] = {}

    def fetch(self, session: Session, day: date) -> Recap:
        app = self.fc
        return recap(session, app.store.boutique_id, app.clock, app.settings, day)

    def body(self) -> ComposeResult:
        with Vertical(id="recap-kpi", classes="card wide"):
            table = AssociateRows(id="recap-table", cursor_type="row", zebra_stripes=True, show_cursor=False)
            table.add_column("", key="flag", width=1)
            table.add_column("SA", key="sa", width=self.SA)
            table.add_column("Associate", key="name", width=self.NAME_W)
            table.add_column("Target", key="target", width=self.MONEY)
            table.add_column("Net sales", key="net", width=self.MONEY)
            table.add_column("Achievement", key="ach", width=self.BAR + 6)
            table.add_column("Tx", key="tx", width=3)
            table.add_column("ATV", key="atv", width=9)
            table.add_column("UPT", key="upt", width=4)
            table.add_column("Capture", key="cap", width=7)
            table.add_column("30 days against target", key="spark", width=self.SPARK)
            yield table
            yield Static("", id="recap-month", classes="card-line")
        with Horizontal(id="recap-row1", classes="cards"):
            yield Static("", id="recap-coaching", classes="card")
            yield Static("", id="recap-followups", classes="card")
        with Horizontal(id="recap-row2", classes="cards"):
            yield Static("", id="recap-satisfaction", classes="card")
            yield Static("", id="recap-highlights", classes="card")
        with Horizontal(id="recap-row3", classes="cards"):
            yield Static("", id="recap-hours", classes="card")
            yield Static("", id="recap-tomorrow", classes="card")
        with Vertical(id="recap-summary", classes="card wide"):
            yield TextArea("", id="summary-text", soft_wrap=True, tab_behavior="focus",
                           placeholder="What made the day: a client moment, a coaching point, "
                                       "what to carry into tomorrow…")
            yield Static("", id="summary-status")

    def prepare(self) -> None:
        titles = {
            "recap-kpi": "Sales against target", "recap-coaching": "Coaching given",
            "recap-followups": "Follow-ups", "recap-satisfaction": "Satisfaction received",
            "recap-highlights": "Highlights", "recap-hours": "By the hour · net sales and door traffic",
            "recap-tomorrow": "Tomorrow", "recap-summary": "Your summary · saved with the day (ctrl+s)",
        }
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title

    # -- layout ---------------------------------------------------------------------------
    def lay_out(self, report: Any, look: Look) -> None:
        r = cast(Recap, report)
        self.kpi(r, look)
        coaching = self.query_one("#recap-coaching")
        self.fill("recap-row1", [
            (coaching, self.coaching(r, look, coaching.content_size.width), 0),
            (self.query_one("#recap-followups"), self.followups(r, look), 0),
        ])
        self.fill("recap-row2", [
            (self.query_one("#recap-satisfaction"), self.satisfaction(r, look), 0),
            (self.query_one("#recap-highlights"), self.highlights(r, look), 0),
        ])
        tomorrow = self.query_one("#recap-tomorrow")
        following = "Tomorrow" if r.tomorrow == r.day + timedelta(days=1) else "Next selling day"
        tomorrow.border_title = f"{following} · {exports.long_day(r.tomorrow)}"
        ahead = self.tomorrow(r, look)
        # The chart grows to the height of the list beside it (its axis, hours and legend: 3 lines).
        room = self.height_of(ahead, tomorrow.content_size.width)
        chart = HourlyChart(r.hourly, look.chart, look.compact, height=max(6, min(12, room - 3)))
        self.fill("recap-row3", [(self.query_one("#recap-hours"), chart, 0), (tomorrow, ahead, 0)])
        self.summary(r, look)

    def action_choose_associate(self) -> None:
        """Choose an associate in the table (up / down, enter opens their file; esc leaves)."""
        self.query_one("#recap-table", AssociateRows).choose()

    @on(DataTable.RowSelected, "#recap-table")
    def _associate_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None and key.isdigit():
            self.fc.open_associate_file(int(key))

    def kpi(self, r: Recap, look: Look) -> None:
        table = self.query_one("#recap-table", AssociateRows)
        table.clear()
        p = look.palette
        pane = r.table
        sparks = {s.associate_id: s for s in r.sparks}

        def row(t: TargetRow) -> list[object]:
            boutique = t.associate_id is None
            style = "bold" if boutique else ""
            s = sparks.get(t.associate_id)
            history = spark(s.sales, s.targets, look.chart) if s else look.muted("no history")
            return [
                Text("▼", style=p.behind) if t.behind else Text(""),
                Text(t.initials, style=style),
                Text(t.name, style=style, no_wrap=True, overflow="ellipsis"),
                Text(look.money(t.target), style=style, justify="right"),
                Text(look.money(t.figures.net_sales), style=style, justify="right"),
                bar(t.achievement, pane.pace, self.BAR, p.ok, p.behind, p.muted),
                Text(str(t.figures.transactions), justify="right"),
                Text(look.money(t.atv), justify="right"),
                Text(ratio(t.upt, 1), justify="right"),
                Text(percent(t.capture_rate), justify="right"),
                history,
            ]

        table.add_row(*row(pane.boutique), key="boutique")
        for t in pane.associates:
            table.add_row(*row(t), key=str(t.associate_id))
        line = month_line(pane, look)
        b = pane.boutique
        second = Text()
        if b.visitors:
            second.append("Conversion ", style="bold")
            second.append(f"{conversion(b.conversion)} of {b.visitors} visitors")
            second.append("  ·  ")
        second.append("New clients ", style="bold")
        second.append(str(r.new_clients))
        second.append("  ·  ")
        second.append("30 days: a block a day, ", style=p.muted)
        second.append("on target", style=p.ok)
        second.append(", ", style=p.muted)
        second.append("short of it", style=p.behind)
        second.append(", no target", style=p.muted)
        self.query_one("#recap-month", Static).update(Group(line, second))

    def coaching(self, r: Recap, look: Look, width: int) -> RenderableType:
        p = look.palette
        if not r.coaching:
            counts: RenderableType = look.muted("No coaching note that day.")
        else:
            table = grid(4, None, 11, 11, 11, right=(2, 3, 4))
            table.add_row("", "", *(Text(k, style=p.muted) for k in KINDS))
            for c in r.coaching:
                cells = []
                for n, colour in ((c.recognition, p.ok), (c.development, p.behind), (c.observation, "")):
                    cells.append(count_cell(n, colour, look))
                table.add_row(Text(c.initials, style="bold"), c.name, *cells)
            counts = table
        if r.not_coached:
            waiting = Text("Not coached: ", style="bold")
            # "AK Aiko Kimura" -> "AK Aiko": short enough to stay on one line
            waiting.append(" · ".join(" ".join(n.split()[:2]) for n in r.not_coached), style=p.behind)
        elif r.coaching:
            waiting = Text("Everyone on the floor was coached.", style=p.ok)
        else:
            waiting = None
        recognitions: RenderableType
        if r.recognitions:
            table = grid(5, 4, 12, None)
            for n in r.recognitions[:LIST_LIMIT]:
                text = n.text.replace("\n", " ") + (f" · {look.client(n.client)}" if n.client else "")
                table.add_row(Text(look.hhmm(n.noted_at), style=p.muted), Text(n.initials, style="bold"),
                              Text(n.moment, style=p.ok), two_lines(text, max(12, width - 24)))
            recognitions = lines(table, more(look, LIST_LIMIT, len(r.recognitions)))
        else:
            recognitions = look.muted("No recognition noted that day.")
        return lines(counts, waiting, Text(""), look.head("Recognitions", len(r.recognitions)), recognitions)

    def followup_rows(self, items: list[FollowUpLine], look: Look, day: date | None,
                      outcome: bool = False) -> RenderableType:
        p = look.palette
        table = grid(8, 4, 18, 12, None)
        for f in items[:LIST_LIMIT]:
            if day is not None:
                late = (day - f.due).days
                when = Text(f"{late}d late" if late > 0 else "today", style=p.late if late > 0 else p.behind)
            else:
                when = Text("✓ done", style=p.ok)
            detail = f"→ {f.outcome}" if outcome and f.outcome else f.action
            table.add_row(when, Text(f.owner, style="bold"), look.client(f.client),
                          Text(kind_label(f.kind), style=p.muted), detail.replace("\n", " "))
        return lines(table, more(look, LIST_LIMIT, len(items)))

    def followups(self, r: Recap, look: Look) -> RenderableType:
        p = look.palette
        head = Text()
        head.append(f"{len(r.followups_done)} done", style=f"bold {p.ok}" if r.followups_done else p.muted)
        head.append("  ·  ")
        late = len(r.followups_overdue)
        head.append(f"{late} still overdue", style=f"bold {p.late}" if late else p.muted)
        head.append("  ·  ")
        head.append(f"{r.followups_created} created")
        done = (self.followup_rows(r.followups_done, look, None, outcome=True) if r.followups_done
                else look.muted("None done that day."))
        overdue = (self.followup_rows(r.followups_overdue, look, r.day) if r.followups_overdue
                   else look.muted("Nothing overdue."))
        return lines(head, Text(""), look.head("Done", len(r.followups_done)), done,
                     Text(""), look.head("Still overdue", late), overdue)

    def satisfaction(self, r: Recap, look: Look) -> RenderableType:
        p = look.palette
        if not r.satisfaction:
            return look.muted("No survey answer received that day.")
        alerts = len(r.alerts)
        head = Text(f"{len(r.satisfaction)} answer{'s' if len(r.satisfaction) != 1 else ''}")
        head.append("  ·  ")
        head.append(f"{alerts} under threshold", style=f"bold {p.late}" if alerts else p.muted)
        table = grid(5, 6, 4, None, right=(1,))
        for s in r.satisfaction[:LIST_LIMIT]:
            score = Text(f"⚠ {s.score:.1f}", style=f"bold {p.late}") if s.below else \
                Text(f"{s.score:.1f}", style=p.ok)
            table.add_row(Text(s.measure, style="bold"), score, Text(s.associate, style="bold"),
                          look.client(s.client) or look.muted("no client named"))
            if s.comment.strip():
                table.add_row("", "", "", Text(f"“{s.comment.strip()}”".replace("\n", " "), style="italic"))
        thresholds = sorted({(s.measure, s.threshold) for s in r.alerts if s.threshold is not None})
        legend = None
        if thresholds:
            legend = look.muted("⚠ under the threshold: "
                                + ", ".join(f"{m} {t:.1f}" for m, t in thresholds))
        return lines(head, Text(""), table, more(look, LIST_LIMIT, len(r.satisfaction)), legend)

    def sale_rows(self, items: list[SaleLine], look: Look) -> RenderableType:
        p = look.palette
        table = grid(5, 4, 11, 13, None, right=(2,))
        for s in items:
            table.add_row(Text(look.hhmm(s.sold_at), style=p.muted), Text(s.associate, style="bold"),
                          Text(look.money(s.amount), style=p.late if s.amount < 0 else "bold"),
                          Text(s.category, style=p.muted), look.client(s.client))
        return table

    def highlights(self, r: Recap, look: Look) -> RenderableType:
        largest = self.sale_rows(r.highlights, look) if r.highlights else look.muted("No sale that day.")
        hj = (self.sale_rows(r.hj, look) if r.hj else look.muted("No High Jewelry move that day."))
        return lines(look.head("Largest receipts"), largest, Text(""),
                     look.head("High Jewelry", len(r.hj)), hj)

    def tomorrow(self, r: Recap, look: Look) -> RenderableType:
        p = look.palette
        followups: RenderableType = look.muted("No follow-up due.")
        if r.tomorrow_followups:
            table = grid(4, 18, 12, None)
            for f in r.tomorrow_followups[:LIST_LIMIT]:
                table.add_row(Text(f.owner, style="bold"), look.client(f.client),
                              Text(kind_label(f.kind), style=p.muted), f.action.replace("\n", " "))
            followups = lines(table, more(look, LIST_LIMIT, len(r.tomorrow_followups)))
        events: RenderableType = look.muted("No event.")
        if r.tomorrow_events:
            table = grid(5, None, None, ratios={1: 3, 2: 2})
            for e in r.tomorrow_events:
                table.add_row(Text(look.hhmm(e.starts_at), style=p.muted), Text(e.title, style="bold"),
                              Text(e.place, style=p.muted))
            events = table
        return sections(
            (look.head("Appointments", len(r.tomorrow_appointments)),
             appointment_rows(r.tomorrow_appointments, look)),
            (look.head("Follow-ups due", len(r.tomorrow_followups)), followups),
            (look.head("Events", len(r.tomorrow_events)), events),
        )

    # -- the manager's summary: saved with the day, never lost on the way -----------------
    def draft_key(self, day: date) -> str:
        return f"summary:{day.isoformat()}"

    def summary(self, r: Recap, look: Look) -> None:
        editor = self.query_one("#summary-text", TextArea)
        before = self.saved.get(r.day)
        self.saved[r.day] = r.summary
        if self.editor_day != r.day:
            draft = self.fc.drafts.get(self.draft_key(r.day), {}).get("text")
            self.editor_day = r.day
            editor.load_text(draft if draft is not None else r.summary)
        elif (before is not None and editor.text.strip() == before.strip()
              and r.summary.strip() != before.strip()):
            editor.load_text(r.summary)  # written elsewhere, and nothing typed here since
        editor.display = not look.discreet
        if look.discreet and editor.has_focus:
            self.query_one(RitualScroll).focus()
        self.show_status()

    def unsaved(self) -> bool:
        if self.editor_day is None:
            return False
        text = self.query_one("#summary-text", TextArea).text
        return text.strip() != self.saved.get(self.editor_day, "").strip()

    def show_status(self) -> None:
        p = Palette(self.app.theme_variables)
        status = Text()
        day = self.editor_day
        if self.fc.discreet:
            status.append("Hidden in discreet mode · m shows it again", style=f"italic {p.muted}")
        elif day is None:
            status.append("loading…", style=p.muted)
        elif self.unsaved():
            status.append("● Not saved yet", style=f"bold {p.behind}")
            status.append("  ·  ctrl+s saves it with the day; the draft is kept meanwhile", style=p.muted)
        elif day in self.saved_at:
            status.append(f"✓ Saved at {self.saved_at[day]}", style=f"bold {p.ok}")
        elif self.saved.get(day):
            status.append("✓ Saved with the day", style=p.ok)
        else:
            status.append("No summary yet · tab to write a few lines, ctrl+s saves them", style=p.muted)
        self.query_one("#summary-status", Static).update(status)

    @on(TextArea.Changed, "#summary-text")
    def _summary_changed(self) -> None:
        if self.editor_day is None:
            return
        key = self.draft_key(self.editor_day)
        if self.unsaved():
            self.fc.keep_draft(key, {"text": self.query_one("#summary-text", TextArea).text})
        else:
            self.fc.keep_draft(key, None)
        self.show_status()

    def leaving(self) -> None:
        if self.unsaved() and self.editor_day is not None:
            self.notify(f"Summary of {exports.short_day(self.editor_day)} not saved: the draft is kept",
                        timeout=4)

    def action_save_summary(self) -> None:
        if self.editor_day is None or self.fetching:
            self.notify("Still loading: one moment", severity="warning")
            return
        if self.fc.discreet:
            self.notify("The summary is hidden in discreet mode (m)", severity="warning")
            return
        self._save_summary(self.editor_day, self.query_one("#summary-text", TextArea).text)

    @work(thread=True, exclusive=True, group="summary")
    def _save_summary(self, day: date, text: str) -> None:
        app = self.fc
        try:
            with app.store.write() as session:
                save_summary(session, app.store.boutique_id, day, text, app.clock.now_utc(),
                             app.settings.manager_initials)
        except Exception as exc:  # the store refused: say so, keep every word typed
            app.call_from_thread(self.notify, f"Summary not saved ({type(exc).__name__}); the draft is kept",
                                 severity="error", timeout=8)
            return
        app.call_from_thread(self._summary_saved, day, text.strip(), app.clock.now().format("HH:mm"))

    def _summary_saved(self, day: date, text: str, at: str) -> None:
        self.saved[day] = text
        self.saved_at[day] = at
        if self.editor_day == day and not self.unsaved():
            self.fc.keep_draft(self.draft_key(day), None)
        self.show_status()
        self.notify(f"Summary of {exports.short_day(day)} saved", timeout=4)
        self.fc.store_written()

    def export_report(self) -> Report | None:
        """The recap with the summary as it stands in the editor: what you see is what you send."""
        report = super().export_report()
        if isinstance(report, Recap) and self.editor_day == report.day:
            text = self.query_one("#summary-text", TextArea).text.strip()
            return dataclasses.replace(report, summary=text)
        return report


def sections(*parts: tuple[RenderableType, RenderableType]) -> Group:
    """Headed parts of a card, a blank line between them."""
    out: list[RenderableType] = []
    for head, body in parts:
        if out:
            out.append(Text(""))
        out += [head, body]
    return Group(*out)


def appointment_rows(items: list[AppointmentLine], look: Look) -> RenderableType:
    p = look.palette
    if not items:
        return look.muted("No appointment booked.")
    table = grid(5, None, 3, 4, None)
    for a in items[:LIST_LIMIT]:
        table.add_row(Text(look.hhmm(a.starts_at), style=p.muted), Text(look.client(a.client), style="bold"),
                      Text(a.segment, style=p.accent), a.associate, Text(a.purpose, style="italic"))
    return lines(table, more(look, LIST_LIMIT, len(items)))


def kind_label(kind: str) -> str:
    """A follow-up kind as the dashboard writes it in a narrow column."""
    return KIND_LABELS.get(kind, kind)


def month_line(pane: TargetsPane, look: Look) -> Text:
    """The month to date and the run-rate still needed, as the dashboard says it."""
    p = look.palette
    month = Text()
    month.append("Month ", style="bold")
    month.append(look.money(pane.month_to_date))
    if pane.month_target:
        month.append(f" of {look.money(pane.month_target)} ")
        month.append(percent(pane.month_achievement), style=p.accent)
    month.append("  ·  ")
    if pane.run_rate_needed is None:
        month.append("no month target set" if not pane.month_target else "no selling day left")
    else:
        days = pane.selling_days_left
        month.append("needed ", style="bold")
        plural = "s" if days != 1 else ""
        month.append(f"{look.money(pane.run_rate_needed)}/day, {days} selling day{plural} left")
    behind = [r.initials for r in pane.associates if r.behind]
    if behind:
        month.append("  ·  ")
        month.append(f"▼ behind pace: {', '.join(behind)}", style=p.behind)
    return month


# -- the morning briefing --------------------------------------------------------------------


class BriefingScreen(RitualScreen):
    """Read aloud before opening: yesterday, today's targets, the month, the focus, the clients."""

    KIND = "briefing"
    NAME = "Morning briefing"
    BINDINGS: ClassVar = [Binding("o", "focus_story", "Focus story")]

    def fetch(self, session: Session, day: date) -> Briefing:
        app = self.fc
        return briefing(session, app.store.boutique_id, app.clock, app.settings, day)

    def latest(self) -> date:
        """Tomorrow's briefing can be prepared the evening before."""
        return next_selling_day(self.fc.clock, self.fc.clock.today())

    def body(self) -> ComposeResult:
        yield Static("", id="brief-radar", classes="card")
        with Horizontal(id="brief-hero", classes="cards"):
            yield Static("", id="brief-yesterday", classes="card hero")
            yield Static("", id="brief-today", classes="card hero")
            yield Static("", id="brief-month", classes="card hero")
        with Horizontal(id="brief-row1", classes="cards"):
            yield Static("", id="brief-floor", classes="card")
            yield Static("", id="brief-focus", classes="card")
        with Horizontal(id="brief-row2", classes="cards"):
            yield Static("", id="brief-clients", classes="card")
            yield Static("", id="brief-followups", classes="card")

    def prepare(self) -> None:
        titles = {
            "brief-radar": "On the radar · first things first (N for all)",
            "brief-today": "Today's target", "brief-month": "The month",
            "brief-floor": "On the floor · today's split", "brief-focus": "Focus of the week",
            "brief-clients": "Clients · today", "brief-followups": "Follow-ups due · VIC & High Jewelry",
        }
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title

    def lay_out(self, report: Any, look: Look) -> None:
        b = cast(Briefing, report)
        on_radar = self.query_one("#brief-radar", Static)
        on_radar.display = bool(b.radar)
        on_radar.update(self.radar(b, look))
        y_card = self.query_one("#brief-yesterday")
        y_card.border_title = (f"Yesterday · {exports.short_day(b.yesterday.day)}" if b.yesterday
                               else "Yesterday")
        self.fill("brief-hero", [
            (y_card, self.yesterday(b, look), 0),
            (self.query_one("#brief-today"), self.today(b, look), 0),
            (self.query_one("#brief-month"), self.month(b, look), 0),
        ])
        focus = self.query_one("#brief-focus")
        focus.border_title = f"Focus of the week · from {exports.short_day(Clock.week_first(b.day))}"
        self.fill("brief-row1", [
            (self.query_one("#brief-floor"), self.floor(b, look), 0),
            (focus, self.focus(b, look, max(10, focus.content_size.width)), 0),
        ])
        self.fill("brief-row2", [
            (self.query_one("#brief-clients"), self.clients(b, look), 0),
            (self.query_one("#brief-followups"), self.followups(b, look), 0),
        ])

    def radar(self, b: Briefing, look: Look) -> RenderableType:
        """The radar's top items, one line each: what, for whom, why in figures."""
        rows = []
        for i in b.radar:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{MARKS.get(i.rule, '·')} ", style=look.palette.accent)
            line.append(i.title, style="bold")
            if i.client:
                line.append(f" · {look.client(i.client)}")
            line.append(f"  {i.shown_reason(look.discreet)}", style=look.palette.muted)
            rows.append(line)
        return lines(*rows)

    def big(self, minor: int | None, look: Look, style: str = "bold") -> RenderableType:
        """A figure in large digits, three lines tall whatever it is."""
        if minor is None:
            return Text(f"\n{DASH}\n", style=look.palette.muted)
        # A plain space is three cells wide in large digits: keep the symbol close to the figure.
        return Digits(look.money(minor).replace(" ", "\u00a0"), style)

    def yesterday(self, b: Briefing, look: Look) -> RenderableType:
        p = look.palette
        y = b.yesterday
        if y is None:
            return lines(look.muted("No selling day in the past week."))
        row = y.boutique
        caption = Text(no_wrap=True, overflow="ellipsis")
        if row.target is not None:
            reached = (row.achievement or 0) >= 1
            caption.append(percent(row.achievement), style=f"bold {p.ok if reached else p.behind}")
            caption.append(f" of {look.money(row.target)}")
        else:
            caption.append("no target set", style=p.muted)
        tx = row.figures.transactions
        caption.append(f"  ·  {tx} sale{'s' if tx != 1 else ''}")
        best = exports.best_performer(y)
        second = Text(no_wrap=True, overflow="ellipsis")
        if best is not None:
            second.append("Best: ", style="bold")
            first_name = best.name.split()[0] if best.name else ""
            second.append(f"{best.initials} {first_name}, {look.money(best.figures.net_sales)}")
            if best.achievement is not None:
                second.append(f" ({percent(best.achievement)})", style=p.muted)
        return lines(self.big(row.figures.net_sales, look), caption, second)

    def today(self, b: Briefing, look: Look) -> RenderableType:
        p = look.palette
        t = b.today
        floor = [r for r in t.associates if r.target is not None]
        caption = Text(no_wrap=True, overflow="ellipsis")
        if t.boutique.target is None:
            caption.append("no target set for today", style=p.muted)
        else:
            caption.append(f"over {len(floor)} associate{'s' if len(floor) != 1 else ''} on the floor")
        second = Text(no_wrap=True, overflow="ellipsis")
        if t.boutique.figures.net_sales or t.pace > 0:
            second.append("So far ", style="bold")
            second.append(look.money(t.boutique.figures.net_sales))
            if t.boutique.achievement is not None:
                second.append(f"  {percent(t.boutique.achievement)}", style=p.accent)
        big = self.big(t.boutique.target, look, f"bold {p.accent}")
        return lines(big, caption, second)

    def month(self, b: Briefing, look: Look) -> RenderableType:
        p = look.palette
        t = b.today
        caption = Text(no_wrap=True, overflow="ellipsis")
        if t.month_target:
            caption.append(percent(t.month_achievement), style=f"bold {p.accent}")
            caption.append(f" of {look.money(t.month_target)}")
        else:
            caption.append("no month target set", style=p.muted)
        second = Text(no_wrap=True, overflow="ellipsis")
        if t.run_rate_needed is not None:
            days = t.selling_days_left
            second.append("Needed ", style="bold")
            second.append(f"{look.money(t.run_rate_needed)}/day · {days} day{'s' if days != 1 else ''} left")
        return lines(self.big(t.month_to_date, look), caption, second)

    def floor(self, b: Briefing, look: Look) -> RenderableType:
        p = look.palette
        t = b.today
        if not t.associates:
            return look.muted("Nobody is scheduled on the floor.")
        yesterday = {r.associate_id: r for r in b.yesterday.associates} if b.yesterday else {}
        table = grid(4, None, 10, 10, 12, right=(2, 3))
        table.add_row("", "", Text("today", style=p.muted), Text("yesterday", style=p.muted), "")
        for r in t.associates:
            y = yesterday.get(r.associate_id)
            table.add_row(
                Text(r.initials, style="bold"), r.name, Text(look.money(r.target), style="bold"),
                look.money(y.figures.net_sales) if y else Text(DASH, style=p.muted),
                bar(y.achievement, 1.0, 6, p.ok, p.behind, p.muted) if y and y.target else Text(""),
            )
        return table

    def focus(self, b: Briefing, look: Look, width: int) -> RenderableType:
        p = look.palette
        if b.focus is None:
            return lines(look.muted("No focus story set for this week."), Text(""),
                         Text.assemble(("o", f"bold {p.accent}"), (" sets the story or product of the week",
                                                                     p.muted)))
        parts: list[RenderableType] = [Text(b.focus.title, style=f"bold {p.accent}")]
        if b.focus.text:
            paragraphs = [para for para in b.focus.text.splitlines() if para.strip()]
            wrapped = "\n".join(textwrap.fill(para, width) for para in paragraphs)
            parts.append(Text(wrapped, style="italic"))
        return lines(*parts)

    def clients(self, b: Briefing, look: Look) -> RenderableType:
        p = look.palette
        birthdays: RenderableType = look.muted("No birthday today.")
        if b.key_dates:
            table = grid(9, None, 3, 4, None)
            for k in b.key_dates[:LIST_LIMIT]:
                table.add_row(Text(k.what, style=p.ok), Text(look.client(k.client), style="bold"),
                              Text(k.segment, style=p.accent), k.owner, "")
            birthdays = lines(table, more(look, LIST_LIMIT, len(b.key_dates)))
        events: RenderableType = look.muted("No event this week.")
        if b.events:
            table = grid(9, None, None, ratios={1: 3, 2: 2})
            for e in b.events[:LIST_LIMIT]:
                local = look.clock.local(e.starts_at)
                table.add_row(Text(f"{local.format('ddd')} {local.format('HH:mm')}", style=p.muted),
                              Text(e.title, style="bold"), Text(e.place, style=p.muted))
            events = lines(table, more(look, LIST_LIMIT, len(b.events)))
        return sections(
            (look.head("Appointments", len(b.appointments)), appointment_rows(b.appointments, look)),
            (look.head("Key dates", len(b.key_dates)), birthdays),
            (look.head("Events this week", len(b.events)), events),
        )

    def followups(self, b: Briefing, look: Look) -> RenderableType:
        p = look.palette
        due = b.followups_due
        if not due:
            return look.muted("No follow-up due. A calm day for clienteling.")
        overdue = sum(1 for f in due if f.due < b.day)
        head = Text(f"{len(due)} due", style="bold")
        if overdue:
            head.append("  ·  ")
            head.append(f"{overdue} overdue", style=f"bold {p.late}")
        limit = LIST_LIMIT * 2
        table = grid(8, 4, 18, 12, None)
        for f in due[:limit]:
            late = (b.day - f.due).days
            when = Text(f"{late}d late" if late > 0 else "today", style=p.late if late > 0 else p.behind)
            table.add_row(when, Text(f.owner, style="bold"), look.client(f.client),
                          Text(kind_label(f.kind), style=p.muted), f.action.replace("\n", " "))
        return lines(head, Text(""), table, more(look, limit, len(due)))

    def action_focus_story(self) -> None:
        if self.report is None:
            self.notify("Still loading: one moment", severity="warning")
            return
        story = cast(Briefing, self.report).focus
        prefill = None
        if story is not None and FocusModal.DRAFT_KEY not in self.fc.drafts:
            prefill = {"title": story.title, "text": story.text}
        self.app.push_screen(FocusModal(self.day, prefill))


# -- the weekly review -----------------------------------------------------------------------


class WeekScreen(RitualScreen):
    """The week against target with eight weeks of trend, coaching, follow-ups, satisfaction."""

    KIND = "week"
    NAME = "Weekly review"
    DAILY = False
    BINDINGS: ClassVar = [
        Binding("left", "step(-1)", "Previous", group=WEEKS, key_display="←"),
        Binding("right", "step(1)", "Next", group=WEEKS, key_display="→"),
        Binding("t", "today", "This week"),
        Binding("a", "choose_associate", "Associate file"),
    ]

    BAR = 12

    def action_choose_associate(self) -> None:
        """Choose an associate in the table (up / down, enter opens their file; esc leaves)."""
        self.query_one("#week-table", AssociateRows).choose()

    @on(DataTable.RowSelected, "#week-table")
    def _associate_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None and key.isdigit():
            self.fc.open_associate_file(int(key))

    def fetch(self, session: Session, day: date) -> WeekReview:
        app = self.fc
        return week(session, app.store.boutique_id, app.clock, app.settings, day)

    def home(self) -> date:
        return Clock.week_first(self.fc.clock.today())

    def latest(self) -> date:
        return self.home()

    def neighbour(self, day: date, step: int) -> date:
        return Clock.week_first(day) + timedelta(weeks=1 if step > 0 else -1)

    def go_to(self, day: date) -> None:
        super().go_to(Clock.week_first(day))

    def prepare(self) -> None:
        if self._start_day is not None:
            self._start_day = Clock.week_first(self._start_day)
        titles = {"week-sales": "Sales against target · the last 8 weeks",
                  "week-coaching": "Coaching · moment × kind", "week-followups": "Follow-ups on time",
                  "week-satisfaction": "Satisfaction by measure"}
        for widget_id, title in titles.items():
            self.query_one(f"#{widget_id}").border_title = title

    def title_of(self, day: date) -> str:
        return f"week {day.isocalendar()[1]} · {exports.day_range(day, day + timedelta(days=6))}"

    def label_of(self, day: date) -> str:
        return f"week {day.isocalendar()[1]}"

    def relative(self, day: date) -> str:
        weeks = (self.home() - day).days // 7
        return "this week" if weeks == 0 else "last week" if weeks == 1 else f"{weeks} weeks ago"

    def body(self) -> ComposeResult:
        with Vertical(id="week-sales", classes="card wide"):
            table = AssociateRows(id="week-table", cursor_type="row", zebra_stripes=True, show_cursor=False)
            table.add_column("SA", key="sa", width=4)
            table.add_column("Associate", key="name", width=18)
            table.add_column("Target", key="target", width=11)
            table.add_column("Net sales", key="net", width=11)
            table.add_column("Achievement", key="ach", width=self.BAR + 6)
            table.add_column("8 weeks", key="trend", width=31)
            yield table
            yield Static("", id="week-line", classes="card-line")
        with Horizontal(id="week-row", classes="cards"):
            with Vertical(id="week-coaching", classes="card"):
                matrix = ReportTable(id="week-matrix", cursor_type="none", zebra_stripes=True)
                matrix.add_column("Moment", key="moment", width=14)
                for kind in KINDS:
                    matrix.add_column(kind.capitalize(), key=kind, width=11)
                matrix.add_column("Total", key="total", width=5)
                yield matrix
            with Vertical(id="week-side"):
                yield Static("", id="week-followups", classes="card")
                yield Static("", id="week-satisfaction", classes="card")
        yield Static("", id="week-recognitions", classes="card wide")

    def pace(self, w: WeekReview) -> float:
        """Share of the week's selling time gone: where the achievement bar's tick goes."""
        clock = self.fc.clock
        today = clock.today()
        if today > w.last:
            return 1.0
        if today < w.first:
            return 0.0
        total = clock.selling_days(w.first, w.last)
        if not total:
            return 1.0
        gone = clock.selling_days(w.first, today - timedelta(days=1))
        if clock.is_selling_day(today):
            gone += clock.elapsed_share()
        return gone / total

    def lay_out(self, report: Any, look: Look) -> None:
        w = cast(WeekReview, report)
        p = look.palette
        table = self.query_one("#week-table", AssociateRows)
        table.clear()
        pace = self.pace(w)

        def row(r: WeekRow) -> list[object]:
            boutique = r.associate_id is None
            style = "bold" if boutique else ""
            return [
                Text(r.initials, style=style),
                Text(r.name, style=style, no_wrap=True, overflow="ellipsis"),
                Text(look.money(r.target), style=style, justify="right"),
                Text(look.money(r.net_sales), style=style, justify="right"),
                bar(r.achievement, pace, self.BAR, p.ok, p.behind, p.muted),
                trend_bars(r.trend, r.trend_targets, look.chart),
            ]

        table.add_row(*row(w.boutique), key="boutique")
        for r in w.associates:
            table.add_row(*row(r), key=str(r.associate_id))
        legend = Text()
        legend.append("8 weeks ", style="bold")
        legend.append(f"from the week of {exports.short_day(w.weeks[0])}, this week last in bold: ",
                      style=p.muted)
        legend.append("on target", style=p.ok)
        legend.append(", ", style=p.muted)
        legend.append("short of it", style=p.behind)
        legend.append(", no target", style=p.muted)
        self.query_one("#week-line", Static).update(legend)

        matrix = self.query_one("#week-matrix", ReportTable)
        matrix.clear()
        colours = {"recognition": p.ok, "development": p.behind}
        totals = dict.fromkeys(KINDS, 0)
        moments = MOMENTS + sorted({m for m, _ in w.coaching} - set(MOMENTS))
        for moment in moments:
            counts = [w.coaching.get((moment, k), 0) for k in KINDS]
            for k, n in zip(KINDS, counts, strict=True):
                totals[k] += n
            cells = [count_cell(n, colours.get(k, ""), look) for k, n in zip(KINDS, counts, strict=True)]
            matrix.add_row(Text(moment), *cells, count_cell(sum(counts), "", look), key=moment)
        matrix.add_row(Text("Total", style="bold"),
                       *(Text(str(totals[k]), style="bold", justify="right") for k in KINDS),
                       Text(str(sum(totals.values())), style="bold", justify="right"), key="total")

        followups = self.followups(w, look)
        satisfaction = self.satisfaction(w, look)
        side = []
        for widget_id, content in (("week-followups", followups), ("week-satisfaction", satisfaction)):
            card = self.query_one(f"#{widget_id}", Static)
            height = self.height_of(content, card.content_size.width)
            card.update(content)
            card.styles.height = height + 2
            side.append(height + 2)
        self.query_one("#week-satisfaction").styles.height = "1fr"
        left = len(moments) + 2  # header and total rows
        self.query_one("#week-row").styles.height = max(left + 2, sum(side))
        said = self.query_one("#week-recognitions", Static)
        said.border_title = f"Recognitions · {len(w.recognitions)}"
        said.update(self.recognitions(w, look, said.content_size.width))

    def recognitions(self, w: WeekReview, look: Look, width: int) -> RenderableType:
        """What was done well this week, newest first: the manager says it out loud."""
        p = look.palette
        if not w.recognitions:
            return look.muted("No recognition noted this week.")
        table = grid(10, 5, 4, 12, None)
        for n in w.recognitions[:LIST_LIMIT]:
            text = n.text.replace("\n", " ") + (f" · {look.client(n.client)}" if n.client else "")
            day = look.clock.local(n.noted_at)
            table.add_row(Text(exports.short_day(day.date()), style=p.muted), Text(look.hhmm(n.noted_at),
                          style=p.muted), Text(n.initials, style="bold"), Text(n.moment, style=p.ok),
                          two_lines(text, max(12, width - 37)))
        return lines(table, more(look, LIST_LIMIT, len(w.recognitions)))

    def followups(self, w: WeekReview, look: Look) -> RenderableType:
        p = look.palette
        if not w.followups_due:
            return look.muted("No follow-up was due this week.")
        line = Text()
        line.append(f"{w.followups_on_time} of {w.followups_due}", style="bold")
        line.append(" due this week done on time   ")
        line.append_text(bar(w.on_time_rate, 1.0, 16, p.ok, p.behind, p.muted))
        late = w.followups_due - w.followups_on_time
        second = Text(f"{late} late or still open", style=p.late if late else p.muted)
        return lines(line, second)

    def satisfaction(self, w: WeekReview, look: Look) -> RenderableType:
        p = look.palette
        if not w.satisfaction:
            return look.muted("No survey answer received this week.")
        table = grid(6, 8, 8, 10, None, right=(1, 2, 3))
        table.add_row("", Text("answers", style=p.muted), Text("average", style=p.muted),
                      Text("threshold", style=p.muted), "")
        for m in w.satisfaction:
            low = m.average is not None and m.threshold is not None and m.average < m.threshold
            table.add_row(
                Text(m.measure, style="bold"), str(m.responses),
                Text(ratio(m.average, 1), style=f"bold {p.late if low else p.ok}"),
                Text(f"{m.threshold:.1f}" if m.threshold is not None else DASH, style=p.muted),
                Text(f"⚠ {m.below} under" if m.below else "", style=f"bold {p.late}"),
            )
        return table


# -- the small forms -------------------------------------------------------------------------

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_past_day(text: str, today: date, latest: date, field: str = "day") -> date:
    """Like parse_day, but a day of the past by default: '24/11' is this year's, 'fri' the last
    Friday, '-3' three days ago, 'yesterday'. Nothing after `latest`."""
    raw = text.strip().lower()
    found: date
    if raw in ("yesterday", "yest", "yday"):
        found = today - timedelta(days=1)
    elif re.fullmatch(r"-\d{1,4}", raw):
        found = today - timedelta(days=int(raw[1:]))
    elif m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})", raw):
        try:
            found = date(today.year, int(m[2]), int(m[1]))
            if found > latest:
                found = found.replace(year=today.year - 1)
        except ValueError:
            raise InputError(f"{field}: {text.strip()!r} is not a real date") from None
    elif raw[:3] in _WEEKDAYS and raw.isalpha() and raw not in ("today", "tomorrow"):
        found = today - timedelta(days=(today.weekday() - _WEEKDAYS.index(raw[:3])) % 7)
    else:
        found = parse_day(text, today, field)
    if found > latest:
        raise InputError(f"{field}: {exports.long_day(found)} is still to come")
    return found


class GoToModal(FormModal):
    """Open any day: a date, '24/11', '-3', 'yesterday', 'fri'."""

    def __init__(self, what: str, today: date, latest: date) -> None:
        self.what, self.today, self.latest = what, today, latest
        super().__init__()

    def heading(self) -> str:
        return f"{self.what} · go to a day"

    def on_mount(self) -> None:  # FormModal's own on_mount runs too (Textual calls each class's)
        self.query_one(".form-keys", Static).update("enter open · esc close")

    def parse(self, value: str) -> date:
        return parse_past_day(value, self.today, self.latest)

    def fields(self) -> list[Field]:
        return [Field("day", "Day", "24/11 · 2026-11-24 · -3 · yesterday · fri", parse=self.parse,
                      hint=lambda v: f"→ {exports.long_day(self.parse(v))}")]

    def save(self, values: dict[str, Any]) -> date:
        return cast(date, values["day"])

    def saved_message(self, result: date) -> str:
        return f"{self.what} · {exports.long_day(result)}"


FORMAT_HINTS = {
    "md": "Markdown, to paste in an e-mail",
    "html": "a standalone page with the charts, ready to print",
    "csv": "the KPI table: one row per associate, and the boutique",
    "json": "every figure, for other tools",
}


def parse_format(value: str) -> str:
    fmt = value.strip().lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in exports.FORMATS:
        raise InputError(f"format: {value.strip()!r} is not one of {', '.join(exports.FORMATS)}")
    return fmt


def parse_path(value: str) -> Path:
    path = Path(value.strip()).expanduser()
    if path.is_dir():
        raise InputError("file: that is a folder; add a file name")
    if not path.parent.is_dir():
        raise InputError(f"file: no folder {str(path.parent)!r}")
    return path


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read (0600): a recap names clients and figures."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)  # a file that existed keeps its old mode otherwise


def shown_path(path: Path) -> str:
    home = Path.home()
    try:
        return f"~/{path.relative_to(home)}"
    except ValueError:
        return str(path)


class ExportModal(FormModal):
    """Export the report on screen to a file: Markdown, HTML, CSV or JSON."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.auto_path = self.default_path("md")
        super().__init__()

    def default_path(self, fmt: str) -> str:
        return f"~/floorcon-{exports.filename(self.report, fmt)}"

    def heading(self) -> str:
        return f"Export · {exports.title(self.report)}"

    def on_mount(self) -> None:  # FormModal's own on_mount runs too (Textual calls each class's)
        self.query_one(".form-keys", Static).update("enter export · esc close · tab next field")

    def fields(self) -> list[Field]:
        return [
            Field("format", "Format", " · ".join(exports.FORMATS), parse=parse_format,
                  choices=exports.FORMATS, default="md", hint=lambda v: f"→ {FORMAT_HINTS[parse_format(v)]}"),
            Field("path", "File", "where to write it", parse=parse_path, default=self.auto_path),
        ]

    @on(Input.Changed, "#field-format")
    def _format_changed(self, event: Input.Changed) -> None:
        try:
            fmt = parse_format(event.value)
        except InputError:
            return
        path = self.query_one("#field-path", Input)
        if path.value == self.auto_path:  # still the default: follow the format
            self.auto_path = self.default_path(fmt)
            path.value = self.auto_path

    def save(self, values: dict[str, Any]) -> Path:
        app = cast("FloorconApp", self.app)
        text = exports.render(self.report, values["format"], app.settings, app.clock)
        path = cast(Path, values["path"])
        try:
            write_private(path, text)
        except OSError as exc:
            raise InputError(f"not written: {exc.strerror or type(exc).__name__}") from None
        return path

    def saved_message(self, result: Path) -> str:
        return f"Exported · {shown_path(result)}"


class FocusModal(FormModal):
    """The story or product the team tells this week."""

    DRAFT_KEY = "focus"

    def __init__(self, day: date, prefill: dict[str, str] | None = None) -> None:
        self.day = day
        super().__init__(prefill)

    def heading(self) -> str:
        return f"Focus of the week · from {exports.short_day(Clock.week_first(self.day))}"

    def fields(self) -> list[Field]:
        return [
            Field("title", "Story or product", "e.g. The Panthère, 1914", parse=_title),
            Field("text", "What to tell", "the story in a sentence or two", required=False),
        ]

    def save(self, values: dict[str, Any]) -> str:
        app = cast("FloorconApp", self.app)
        with app.store.write() as session:
            story = set_focus_story(session, app.store.boutique_id, self.day, values["title"],
                                    values["text"] or "")
            return story.title

    def saved_message(self, result: str) -> str:
        return f"Focus of the week · {result}"


def _title(value: str) -> str:
    text = value.strip()
    if not text:
        raise InputError("title: empty")
    if len(text) > 120:
        raise InputError("title: at most 120 characters")
    return text
