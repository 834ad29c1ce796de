"""The three live panes of the dashboard. They lay out what services/dashboard.py computed."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Vertical
from textual.widget import AwaitMount
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from ...clock import Clock
from ...config import Settings
from ...services.masking import mask_amount, mask_name
from ...services.parsing import format_money
from ..cells import DASH, bar, percent, ratio

if TYPE_CHECKING:  # the services (SQLModel) load after the first paint
    from ...services.dashboard import CoachingPane, FollowUpRow, TargetRow, TargetsPane


class Palette:
    """Theme colours for Rich text in table cells, read from the app's $variables."""

    def __init__(self, variables: dict[str, str]) -> None:
        background = Color.parse(variables.get("background", "black"))

        def solid(name: str, fallback: str) -> str:
            # Rich cannot draw a translucent colour: blend it onto the background first.
            return (background + Color.parse(variables.get(name, fallback))).hex

        self.ok = solid("success", "green")
        self.behind = solid("warning", "yellow")
        self.late = solid("error", "red")
        self.muted = solid("foreground-muted", "grey")
        self.accent = solid("accent", "cyan")


def client_name(name: str, discreet: bool) -> str:
    return mask_name(name) if discreet else name


def highlighted_key(table: DataTable) -> int | None:
    """The integer key of the row under the cursor, if any."""
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return int(key) if key is not None and key.isdigit() else None


def fit(table: DataTable, fixed: int, key: str) -> int:
    """Give the free-text column `key` the room the fixed columns and padding leave, so the
    table never scrolls sideways and draws the same whatever it showed before."""
    columns = len(table.columns)
    room = max(12, table.size.width - fixed - 2 * columns - 1)
    column = table.columns[ColumnKey(key)]
    column.auto_width = False
    column.width = room
    return room


class Filled:
    """Rows put into a pane's table a screenful first, the rest a chunk after each refresh: a
    queue of hundreds of rows is on screen without waiting for its tail to be laid out. A new
    fill (the next reload) supersedes one still under way. The screen may hold the tail back
    (`hold_tail`) while it has something else to put on screen first."""

    FIRST = 40  # rows laid out at once: more than the tallest pane shows
    CHUNK = 200

    _filling: object | None = None
    _held: list[Callable[[], None]] | None = None  # tails waiting for release_tail

    def hold_tail(self) -> None:
        """The next fills lay out their screenful only, until `release_tail`."""
        if self._held is None:
            self._held = []

    def release_tail(self) -> None:
        """Lay out the rows held back (a superseded fill's tail does nothing)."""
        held, self._held = self._held or [], None
        for tail in held:
            tail()

    def fill(self, table: DataTable, count: int, add: Callable[[int], None], cursor: int) -> None:
        """Clear `table` and add rows 0..count-1 with `add`; the cursor returns to row `cursor`
        once that row is there."""
        token = self._filling = object()
        table.clear()

        def rows(start: int, stop: int) -> None:
            if token is not self._filling:
                return
            for i in range(start, min(stop, count)):
                add(i)
            if start <= cursor < min(stop, count):
                table.move_cursor(row=cursor, animate=False)
            if stop < count:
                tail = partial(table.call_after_refresh, rows, stop, stop + self.CHUNK)
                if self._held is None:
                    tail()
                else:
                    self._held.append(tail)

        rows(0, max(self.FIRST, table.size.height))


def clip(text: str, width: int) -> Text:
    """One line, cut with an ellipsis: a long note never pushes the table sideways."""
    cell = Text(text.replace("\n", " "), no_wrap=True, overflow="ellipsis")
    cell.truncate(width, overflow="ellipsis")
    return cell


def two_lines(text: str, width: int) -> Text:
    """Wrap to two lines of `width`, the second cut with an ellipsis."""
    lines = textwrap.wrap(text.replace("\n", " "), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    cell = Text(lines[0])
    if len(lines) > 1:
        cell.append("\n")
        cell.append(clip(lines[1], width))
    return cell


class TablePane(Vertical):
    """A pane whose table comes right after the screen's first frame (`lay_table`, called by
    the screen): a DataTable costs that frame about 10 ms to compose, style and draw, and the
    console shows its panes' borders and titles first. The lines under the table are composed
    at once. Each pane says its table, columns set, in `make_table`."""

    make_table: Callable[[], DataTable]

    def lay_table(self) -> AwaitMount:
        """Mount the table above the lines composed with the pane."""
        return self.mount(self.make_table(), before=0)


class TargetsView(TablePane):
    """Today's targets: the boutique line, one row per associate on the floor, the month."""

    BAR_WIDTH = 12

    def make_table(self) -> DataTable:
        table: DataTable = DataTable(id="targets-table", cursor_type="row", zebra_stripes=True)
        table.add_column("", key="flag", width=1)
        table.add_column("SA", key="sa", width=4)
        table.add_column("Associate", key="name", width=18)
        table.add_column("Target", key="target", width=10)
        table.add_column("Net sales", key="net", width=10)
        table.add_column("Achievement", key="ach", width=self.BAR_WIDTH + 6)
        table.add_column("Tx", key="tx", width=3)
        table.add_column("ATV", key="atv", width=9)
        table.add_column("UPT", key="upt", width=4)
        table.add_column("Capture", key="cap", width=7)
        table.add_column("Conv.", key="conv", width=5)
        return table

    def compose(self) -> ComposeResult:
        yield Static("", id="month-line")

    def show(self, pane: TargetsPane, settings: Settings, colours: Palette, discreet: bool) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()

        def money(value: int | None) -> str:
            if value is None:
                return DASH
            return mask_amount(settings.currency_symbol) if discreet else format_money(value, settings)

        def row(r: TargetRow, boutique: bool) -> list[object]:
            style = "bold" if boutique else ""
            flag = Text("▼", style=colours.behind) if r.behind else Text("")
            return [
                flag,
                Text(r.initials, style=style),
                Text(r.name, style=style),
                Text(money(r.target), style=style, justify="right"),
                Text(money(r.figures.net_sales), style=style, justify="right"),
                bar(r.achievement, pane.pace, self.BAR_WIDTH, colours.ok, colours.behind, colours.muted),
                Text(str(r.figures.transactions), justify="right"),
                Text(money(r.atv), justify="right"),
                Text(ratio(r.upt, 1), justify="right"),
                Text(percent(r.capture_rate), justify="right"),
                Text(percent(r.conversion) if boutique else "", justify="right"),
            ]

        table.add_row(*row(pane.boutique, True), key="boutique")
        for r in pane.associates:
            table.add_row(*row(r, False), key=str(r.associate_id))
        if cursor < table.row_count:
            table.move_cursor(row=cursor, animate=False)

        month = Text()
        month.append("Month ", style="bold")
        month.append(money(pane.month_to_date))
        if pane.month_target:
            month.append(f" of {money(pane.month_target)} ")
            month.append(percent(pane.month_achievement), style=colours.accent)
        month.append("  ·  ")
        if pane.run_rate_needed is None:
            month.append("no month target set" if not pane.month_target else "no selling day left")
        else:
            days = pane.selling_days_left
            month.append("needed ", style="bold")
            plural = "s" if days != 1 else ""
            month.append(f"{money(pane.run_rate_needed)}/day, {days} selling day{plural} left")
        month.append("  ·  ")
        month.append(f"day {percent(pane.pace)} gone", style=colours.muted)
        behind = [r.initials for r in pane.associates if r.behind]
        if behind:
            month.append("  ·  ")
            month.append(f"▼ behind pace: {', '.join(behind)}", style=colours.behind)
        self.query_one("#month-line", Static).update(month)


class CoachingView(Filled, TablePane):
    """Today's coaching notes, newest first, and who has not been coached yet today."""

    def make_table(self) -> DataTable:
        table = NotesTable(id="notes-table", cursor_type="row", zebra_stripes=True)
        table.add_column("Time", key="time", width=5)
        table.add_column("SA", key="sa", width=4)
        table.add_column("Moment", key="moment", width=12)
        table.add_column("Note", key="text")
        return table

    def compose(self) -> ComposeResult:
        yield Static("", id="not-coached")

    def show(self, pane: CoachingPane, clock: Clock, colours: Palette, discreet: bool) -> None:
        table = self.query_one(DataTable)
        kind_style = {"recognition": colours.ok, "development": colours.behind}
        room = fit(table, 5 + 4 + 12, "text")

        def add(i: int) -> None:
            n = pane.notes[i]
            moment = Text(n.moment)
            moment.append("\n" + n.kind, style=kind_style.get(n.kind, colours.muted))
            table.add_row(
                clock.local(n.noted_at).format("HH:mm"),
                n.initials,
                moment,
                two_lines(n.text + (f" · {client_name(n.client, discreet)}" if n.client else ""), room),
                key=str(n.id),
                height=2,
            )

        self.fill(table, len(pane.notes), add, table.cursor_row)
        line = Text()
        if not pane.notes:
            line.append("No coaching note yet today.  ", style=colours.muted)
        if pane.not_coached:
            line.append("Not coached yet today: ", style="bold")
            line.append(" · ".join(f"{a.initials} {a.first_name}" for a in pane.not_coached),
                        style=colours.behind)
        elif pane.notes:
            line.append("Everyone on the floor has been coached today.", style=colours.ok)
        self.query_one("#not-coached", Static).update(line)


class NotesTable(DataTable):
    """Today's notes; the history of the highlighted one is one key away."""

    BINDINGS: ClassVar = [Binding("h", "app.history('coachingnote', 'notes-table')", "History")]


class FollowUpTable(DataTable):
    """The follow-up queue; acting on the highlighted row is one key away."""

    BINDINGS: ClassVar = [
        Binding("d", "app.followup_done", "Done"),
        Binding("z", "app.followup_snooze", "Snooze"),
        Binding("a", "app.followup_reassign", "Reassign"),
        Binding("x", "app.followup_cancel", "Cancel"),
        Binding("h", "app.history('followup', 'followups-table')", "History"),
    ]


# Short labels for a narrow column; the stored values stay the vocabulary's own.
KIND_LABELS = {
    "thank-you": "thank-you", "after-sales": "after-sales", "hj-next-step": "HJ next step",
    "birthday": "birthday", "event-invitation": "invitation", "satisfaction-recovery": "recovery",
}


class FollowUpsView(Filled, TablePane):
    """Open VIC and High Jewelry follow-ups: overdue, due today, and the next days."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows: list[FollowUpRow] = []

    def make_table(self) -> DataTable:
        table = FollowUpTable(id="followups-table", cursor_type="row", zebra_stripes=True)
        table.add_column("Due", key="due", width=8)
        table.add_column("SA", key="owner", width=4)
        table.add_column("Kind", key="kind", width=12)
        table.add_column("Client · next action", key="client")
        return table

    def compose(self) -> ComposeResult:
        yield Static("", id="followups-summary")

    def show(self, rows: list[FollowUpRow], colours: Palette, discreet: bool) -> None:
        self.rows = rows
        table = self.query_one(FollowUpTable)
        room = fit(table, 8 + 4 + 12, "client")

        def add(i: int) -> None:
            r = rows[i]
            if r.days_late > 0:
                due = Text(f"{r.days_late}d late", style=f"bold {colours.late}")
            elif r.days_late == 0:
                due = Text("today", style=f"bold {colours.behind}")
            else:
                due = Text(r.due.strftime("%a %d"), style=colours.muted)
            who = Text(client_name(r.client, discreet), style="bold", no_wrap=True, overflow="ellipsis")
            who.append(f"  {r.segment}", style=colours.accent)
            who.append(f"  {', '.join(r.channels) if r.channels else 'no consent'}", style=colours.muted)
            who.truncate(room, overflow="ellipsis")
            who.append("\n")
            who.append(clip(r.action, room))
            table.add_row(due, r.owner, KIND_LABELS.get(r.kind, r.kind), who, key=str(r.id), height=2)

        self.fill(table, len(rows), add, table.cursor_row)
        late = sum(1 for r in rows if r.days_late > 0)
        today = sum(1 for r in rows if r.days_late == 0)
        ahead = len(rows) - late - today
        summary = Text()
        summary.append(f"{late} overdue", style=f"bold {colours.late}" if late else colours.muted)
        summary.append("  ·  ")
        summary.append(f"{today} due today", style=colours.behind if today else colours.muted)
        summary.append(f"  ·  {ahead} coming")
        self.query_one("#followups-summary", Static).update(summary)

    def highlighted(self) -> int | None:
        """The id of the follow-up under the cursor, if any."""
        return highlighted_key(self.query_one(FollowUpTable))
