"""The dashboard: the shift at a glance, current whoever wrote to the store."""

from __future__ import annotations

import threading
from asyncio import gather
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, get_current_worker

from ..reloaded import Reloaded
from ..widgets.footer import KeysFooter
from ..widgets.panes import CoachingView, Filled, FollowUpsView, Palette, TablePane, TargetsView, client_name
from ..widgets.people import attention_line
from ..widgets.radar import RadarPane, RadarTable

if TYPE_CHECKING:
    from ...services.dashboard import FollowUpRow
    from ...services.panes import Panes
    from ...services.people import Attention
    from ...services.radar import RadarItem
    from ...services.rituals import AppointmentLine
    from ..app import FloorconApp


@dataclass(frozen=True)
class LinesData:
    """What the dashboard shows around the panes: the People line, the day's appointments,
    the radar (whose rules reuse the panes' targets and queue)."""

    people: Attention
    appointments: list[AppointmentLine]
    radar: list[RadarItem]


class PanesLoaded(Reloaded):
    """Posted by the loading worker with what the three panes show; or, at start-up, by the app
    with the first look (`first_look`), read by a second process while the console painted."""

    def __init__(self, data: Panes, first_look: bool = False) -> None:
        super().__init__()
        self.data = data
        self.first_look = first_look


class LinesLoaded(Reloaded):
    """Posted by the same worker right after, from the same read: the lines and the radar."""

    def __init__(self, lines: LinesData) -> None:
        super().__init__()
        self.lines = lines


class TopBar(Static):
    """Boutique, business day and local time; the time ticks without touching the store."""

    def on_mount(self) -> None:
        # The date and time come right after the first paint: the clock's calendar (pendulum)
        # loads then, not before the console is on screen.
        self.call_after_refresh(self.tick)
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        app = cast("FloorconApp", self.app)
        now = app.clock.now()
        text = (
            f" {app.settings.boutique_name}  ·  {app.settings.boutique_code}"
            f"      {now.format('dddd D MMMM YYYY')}      {now.format('HH:mm')}"
            + ("      ◐ discreet" if app.discreet else "")
        )
        if str(self.render()) != text:
            self.update(text)


class DashboardScreen(Screen):
    """Today's targets, coaching notes, and the VIC follow-up queue."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded_day: date | None = None
        self.data: Panes | None = None
        self.lines: LinesData | None = None
        self.drawn_width = 0
        self._reading = threading.Lock()  # guards the two flags below (UI thread and reader)
        self._read_running = False
        self._read_again = False

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        targets = TargetsView(id="targets")
        targets.border_title = "Today's targets"
        yield targets
        yield Static("", id="people-line")
        yield Static("", id="appointments-line")
        pane = RadarPane(id="radar")
        pane.border_title = "Radar"
        yield pane
        with Horizontal(id="lower"):
            notes = CoachingView(id="coaching")
            notes.border_title = "Coaching notes · today"
            yield notes
            followups = FollowUpsView(id="followups")
            followups.border_title = "VIC & High Jewelry follow-ups"
            yield followups
        yield KeysFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self._lay_tables)
        self.reload()

    async def _lay_tables(self) -> None:
        """The panes' tables, right after the first frame (which shows the panes' borders and
        titles); then the first of them has the focus, as it would have had at once. Figures
        that come before them wait (`show` waits for the tables' width). A console quit at
        its first frame lays none: its screen is going."""
        if not self.is_attached:
            return
        await gather(*(pane.lay_table() for pane in self.query(TablePane) if pane.is_attached))
        if self.is_attached and self.focused is None:
            self.query_one("#targets-table").focus()

    def reload(self) -> None:
        """Read the store again, one read at a time: asked while a read runs, that read goes
        round once more as soon as its step ends (and skips the lines the next round reads
        anyway). A burst of writes from the floor never has reads pile up side by side, each
        with its own connection, page cache and copy of the day (memory), fighting for the
        same core (time)."""
        with self._reading:
            if self._read_running:
                self._read_again = True
                return
            self._read_running = True
        self._read()

    @work(thread=True, group="panes")
    def _read(self) -> None:
        worker = get_current_worker()
        while True:
            try:
                self._read_once(worker)
            except BaseException:
                with self._reading:
                    self._read_running = False
                raise
            with self._reading:  # atomic with reload(): no request falls between the two
                if worker.is_cancelled or not self._read_again:
                    self._read_running = False
                    return
                self._read_again = False

    def _newer_asked(self, worker: Worker[None]) -> bool:
        return self._read_again or worker.is_cancelled

    def _read_once(self, worker: Worker[None]) -> None:
        """Query the three panes and hand them over; then, from the same read (one moment of
        the store), the People line, the appointments and the radar, unless a newer read was
        asked meanwhile. The panes need only their own service: the others' (and the dozen
        tables only they read) load while the panes are being laid out. Nothing loads
        alongside the first paint."""
        app = self.fc
        store = app.wait_store()  # at start-up, the app opens it after its first paint
        if store is None:  # it could not: the app is quitting with the reason
            return
        from ...services.dashboard import read_panes

        with store.read() as session:
            b, today = store.boutique_id, app.clock.today()
            panes = read_panes(session, b, app.clock, app.settings)
            self.post_message(PanesLoaded(panes))
            if self._newer_asked(worker):
                return

            from ...services.people import attention
            from ...services.radar import Shared, radar
            from ...services.rituals import appointments

            people = attention(session, b, app.clock, app.settings)
            if self._newer_asked(worker):
                return
            booked = appointments(session, b, *app.clock.day_bounds(today))
            lines = LinesData(
                people, booked,
                radar(session, b, app.clock, app.settings, Shared(panes.targets, people, panes.followups)),
            )
        self.post_message(LinesLoaded(lines))

    @on(PanesLoaded)
    def _loaded(self, message: PanesLoaded) -> None:
        if message.superseded or (message.first_look and self.data is not None):
            return  # a newer read is on screen: the first look came too late to help
        self.data = message.data
        # The rows below the fold wait for the lines and the radar: those are on screen.
        for view in self.filled_views():
            view.hold_tail()
        self.show(message.data)

    @on(LinesLoaded)
    def _lines_loaded(self, message: LinesLoaded) -> None:
        if not message.superseded:
            self.lines = message.lines
            self.show_lines(message.lines)
        for view in self.filled_views():  # even superseded: no tail waits on a read that was dropped
            view.release_tail()

    def filled_views(self) -> tuple[Filled, ...]:
        """The panes whose rows are laid out a screenful first (a Filled is no widget type to
        query by)."""
        return self.query_one(CoachingView), self.query_one(FollowUpsView)

    def table_width(self) -> int:
        """The width of the follow-up queue's table: 0 before the tables are laid and sized."""
        table = next(iter(self.query("#followups-table").results(DataTable)), None)
        return table.size.width if table is not None else 0

    def on_resize(self) -> None:
        if self.table_width() != self.drawn_width:
            self.redraw()

    def redraw(self) -> None:
        """Lay the last loaded figures out again (new size, discreet mode switched)."""
        if self.data is not None:
            self.call_after_refresh(self.show, self.data)
        if self.lines is not None:
            self.call_after_refresh(self.show_lines, self.lines)

    def show(self, data: Panes) -> None:
        """Lay the loaded figures out in the three panes (once they have their size)."""
        width = self.table_width()
        if not width:
            if self.is_attached:  # else the screen is going: nothing to wait for
                self.call_after_refresh(self.show, data)
            return
        self.drawn_width = width
        colours = Palette(self.app.theme_variables)
        discreet = self.fc.discreet
        self.query_one(TargetsView).show(data.targets, self.fc.settings, colours, discreet)
        self.query_one(CoachingView).show(data.coaching, self.fc.clock, colours, discreet)
        self.query_one(FollowUpsView).show(data.followups, colours, discreet)
        n = len(data.coaching.notes)
        self.query_one(CoachingView).border_title = (
            f"Coaching notes · today · {n} note{'s' if n != 1 else ''}"
        )
        self.query_one(FollowUpsView).border_title = (
            f"VIC & High Jewelry follow-ups · to {self.fc.settings.followup_days_ahead} days ahead"
        )
        self.loaded_day = data.targets.day
        self.query_one(TopBar).tick()
        self.fc.bench_mark("filled", str(n))

    def show_lines(self, lines: LinesData) -> None:
        """The People line, the appointments and the radar, after the panes of the same read:
        then the dashboard shows the store, and the day's upkeep may start."""
        if not self.table_width():  # the panes wait for their tables and size
            if self.is_attached:
                self.call_after_refresh(self.show_lines, lines)
            return
        colours = Palette(self.app.theme_variables)
        self.query_one("#people-line", Static).update(attention_line(lines.people, colours))
        booked = self.appointments_line(lines.appointments, colours)
        self.query_one("#appointments-line", Static).update(booked)
        self.show_radar(lines.radar, colours, self.fc.discreet)
        self.fc.panes_shown()
        self.fc.bench_mark("complete")

    def show_radar(self, items: list[RadarItem], colours: Palette, discreet: bool) -> None:
        """The top items only (`radar.top`); N opens the whole list."""
        top = self.fc.settings.radar_top
        pane = self.query_one(RadarPane)
        pane.set_class(not items, "empty")
        self.query_one(RadarTable).show(items[:top], discreet, colours)
        more = f" · {len(items) - top} more" if len(items) > top else ""
        pane.border_title = (f"Radar · {len(items)} to act on{more} · enter act · x dismiss · N all" if items
                             else "Radar · nothing to act on now")

    def appointments_line(self, items: list[AppointmentLine], p: Palette) -> Text:
        """Today's appointments still booked, in one line: time, client, segment, associate."""
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("Appointments  ", style=f"bold {p.accent}")
        if not items:
            line.append("none booked today (A to book)", style=p.muted)
        for i, a in enumerate(items):
            if i:
                line.append("  ·  ", style=p.muted)
            line.append(f"{self.fc.clock.local(a.starts_at).format('HH:mm')} ", style="bold")
            line.append(client_name(a.client, self.fc.discreet))
            line.append(f" {a.segment} · {a.associate}", style=p.muted)
        return line

    @on(DataTable.RowSelected, "#targets-table")
    def _associate_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an associate's row opens their file."""
        key = event.row_key.value
        if key is not None and key.isdigit():
            self.fc.open_associate_file(int(key))

    @on(DataTable.RowSelected, "#radar-pane-table")
    def _radar_selected(self) -> None:
        """Enter on a radar item acts on it."""
        item = self.query_one(RadarTable).highlighted()
        if item is not None:
            self.fc.act_on_radar(item)

    @on(DataTable.RowSelected, "#notes-table")
    def _note_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a coaching note opens the file of the associate it is about."""
        key = event.row_key.value
        notes = self.data.coaching.notes if self.data is not None else []
        note = next((n for n in notes if key is not None and str(n.id) == key), None)
        # Initials are unique in a boutique: they name the associate the note is about.
        who = next((a for a in self.fc.associates if note is not None and a.initials == note.initials), None)
        if who is not None and who.id is not None:
            self.fc.open_associate_file(who.id)

    def highlighted_followup(self) -> FollowUpRow | None:
        view = self.query_one(FollowUpsView)
        followup_id = view.highlighted()
        return next((r for r in view.rows if r.id == followup_id), None) if followup_id else None
