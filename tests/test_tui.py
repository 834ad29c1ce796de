"""Pilot tests: the dashboard as a manager uses it, each flow ending in the store."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pendulum
import pytest
from sqlmodel import select
from textual.command import CommandPalette
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets._footer import FooterKey
from textual.worker import WorkerCancelled

from floorcon import db
from floorcon.clock import Clock
from floorcon.db import open_store
from floorcon.models import CoachingNote, FollowUp, Sale
from floorcon.services.dashboard import read_panes
from floorcon.services.panes import NoteRow, Panes
from floorcon.tui.app import SCREENS_CSS, FloorconApp
from floorcon.tui.modals.capture import FollowUpModal, NoteModal, SaleModal
from floorcon.tui.modals.help import HelpScreen
from floorcon.tui.screens.dashboard import DashboardScreen, LinesLoaded, PanesLoaded
from floorcon.tui.widgets.panes import FollowUpsView, Palette

from .conftest import TODAY

SIZE = (140, 42)


async def settle(app: FloorconApp, pilot) -> None:
    """Let the workers finish, then let their messages land, until what they started has
    finished too (a saved note starts the radar's write, whose commit starts a reload). An
    exclusive worker cancelled by a newer one (a reload superseded by the next) is not a
    failure: wait for the newer one."""
    for round_ in range(8):
        for _attempt in range(10):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                await pilot.pause()
        await pilot.pause()
        if round_ >= 1 and not len(app.workers):
            break


def table(app: FloorconApp, table_id: str) -> DataTable:
    return app.screen.query_one(f"#{table_id}", DataTable)


def text_of(app: FloorconApp, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def type_into(pilot, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])


@pytest.fixture
def app(settings, store, clock, small) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


async def test_dashboard_shows_the_day(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        targets = table(app, "targets-table")
        assert targets.row_count == 4  # the boutique + SOP, LD, AK on the floor
        boutique = [str(c) for c in targets.get_row("boutique")]
        assert "Boutique" in boutique and "€ 30,000" in boutique and "€ 17,000" in boutique
        ak = [str(c) for c in targets.get_row(str(small.ak))]
        assert ak[0] == "▼"  # behind pace
        assert table(app, "notes-table").row_count == 2
        assert "AK Aiko" in text_of(app, "not-coached")
        assert table(app, "followups-table").row_count == 3
        month = text_of(app, "month-line")
        assert "€ 119,000 of € 600,000" in month and "€ 96,200/day" in month


async def test_note_capture_saves_and_shows(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteModal)
        await type_into(pilot, "aik")
        await pilot.press("tab")
        await type_into(pilot, "st")
        await pilot.press("tab")
        await type_into(pilot, "rec")
        await pilot.press("tab")
        await type_into(pilot, "Beautiful story on the Trinity ring")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert table(app, "notes-table").row_count == 3
        assert "Everyone on the floor" in text_of(app, "not-coached")
    with store.read() as s:
        note = s.exec(select(CoachingNote).order_by(CoachingNote.id.desc())).first()  # type: ignore[union-attr]
    assert (note.associate_id, note.moment, note.kind) == (small.ak, "storytelling", "recognition")
    assert note.text == "Beautiful story on the Trinity ring" and note.author == "SM"


async def test_escape_keeps_the_draft(app, settings):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await type_into(pilot, "LD")
        await pilot.press("tab")
        await type_into(pilot, "clos")
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("n")
        assert app.screen.query_one("#field-associate", Input).value == "LD"
        assert app.screen.query_one("#field-moment", Input).value == "clos"
        await pilot.press("escape")
    # kept across a restart too
    again = FloorconApp(settings, open_store(settings), app.clock)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        await pilot.press("n")
        assert again.screen.query_one("#field-moment", Input).value == "clos"
        assert (settings.data_dir / "drafts.json").stat().st_mode & 0o777 == 0o600


async def test_bad_input_is_shown_and_nothing_saved(app, store):
    with store.read() as s:
        before = len(s.exec(select(CoachingNote)).all())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await type_into(pilot, "zz")
        await pilot.pause()
        assert "no active associate" in text_of(app, "hint-associate")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteModal)
        assert "Not saved" in text_of(app, "form-error")
        assert app.screen.query_one("#field-associate", Input).has_focus
    with store.read() as s:
        assert len(s.exec(select(CoachingNote)).all()) == before


async def test_sale_capture(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SaleModal)
        await type_into(pilot, "R77")
        await pilot.press("tab")
        await type_into(pilot, "AK")
        await pilot.press("tab")
        await type_into(pilot, "1 234,50")
        await pilot.pause()
        assert "€ 1,234.50" in text_of(app, "hint-amount")
        await pilot.press("tab", "tab")  # pieces keeps its default of 1
        await type_into(pilot, "wat")
        await pilot.press("enter")
        await settle(app, pilot)
        ak = [str(c) for c in table(app, "targets-table").get_row(str(small.ak))]
        assert "€ 1,385" in ak  # 150 + 1,234.50, rounded for the table
    with store.read() as s:
        sale = s.exec(select(Sale).where(Sale.receipt == "R77")).one()
    assert (sale.amount, sale.units, sale.category, sale.associate_id) == (123_450, 1, "watches", small.ak)


async def test_followup_capture_defaults_owner(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        assert isinstance(app.screen, FollowUpModal)
        await type_into(pilot, "Whitfield")
        await pilot.press("tab")
        await type_into(pilot, "bir")
        await pilot.press("tab")
        await type_into(pilot, "+2")
        await pilot.press("tab")
        await type_into(pilot, "Call for his birthday")
        await pilot.press("enter")
        await settle(app, pilot)
        assert table(app, "followups-table").row_count == 4
    with store.read() as s:
        fu = s.exec(select(FollowUp).where(FollowUp.action == "Call for his birthday")).one()
    assert (fu.client_id, fu.owner_id, fu.kind, fu.due) == (
        small.vic2, small.ld, "birthday", TODAY + timedelta(days=2)
    )


async def focus_followups(app, pilot) -> DataTable:
    followups = table(app, "followups-table")
    followups.focus()
    await pilot.pause()
    return followups


async def test_followup_done_snooze_reassign(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await focus_followups(app, pilot)
        await pilot.press("d")  # the overdue one is first
        await type_into(pilot, "Card sent, she will visit Saturday")
        await pilot.press("enter")
        await settle(app, pilot)
        assert table(app, "followups-table").row_count == 2

        await focus_followups(app, pilot)
        await pilot.press("a")  # Tanaka's HJ next step, now first
        await type_into(pilot, "SOP")
        await pilot.press("enter")
        await settle(app, pilot)

        await focus_followups(app, pilot)
        await pilot.press("z")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_into(pilot, "+10")
        await pilot.press("enter")
        await settle(app, pilot)
        assert table(app, "followups-table").row_count == 1  # moved beyond the next 3 days
    with store.read() as s:
        done = s.get(FollowUp, small.overdue)
        moved = s.get(FollowUp, small.due_today)
    assert done.status == "done" and done.outcome == "Card sent, she will visit Saturday"
    assert moved.owner_id == small.sop and moved.due == TODAY + timedelta(days=10)


async def test_the_footer_is_built_once_then_only_when_its_keys_change(app, monkeypatch):
    """Textual's footer rebuilds its keys on each hint that the bindings may have changed:
    three as the dashboard first takes focus, two per focus move. Ours builds them again only
    when the keys differ: the follow-up queue's own keys come and go with its focus."""
    builds: list[list[str]] = []
    build = Footer.recompose

    async def counted(footer: Footer) -> None:
        await build(footer)
        builds.append([key.description for key in footer.query(FooterKey)])

    monkeypatch.setattr(Footer, "recompose", counted)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert len(builds) == 1
        assert builds[0][:3] == ["Note", "Sale", "Follow-up"] and "Done" not in builds[0]

        await focus_followups(app, pilot)
        await settle(app, pilot)
        assert len(builds) == 2 and {"Done", "Snooze", "Reassign", "History"} <= set(builds[1])

        table(app, "notes-table").focus()
        await settle(app, pilot)
        assert len(builds) == 3 and "Done" not in builds[2] and "History" in builds[2]

        app.screen.refresh_bindings()  # nothing changed: nothing rebuilt
        await settle(app, pilot)
        assert len(builds) == 3


async def test_another_process_write_shows_without_a_key(app, settings, small, clock):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert table(app, "notes-table").row_count == 2
        other = open_store(settings)  # another connection, as another terminal would have
        with other.write() as s:
            s.add(CoachingNote(boutique_id=other.boutique_id, associate_id=small.ak,
                               noted_at=clock.now_utc(), moment="closing", kind="development",
                               text="From the other terminal", author="SM"))
        other.dispose()
        for _ in range(100):  # the watcher polls every 50 ms here; give it up to 5 s
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if table(app, "notes-table").row_count == 3:
                break
        assert table(app, "notes-table").row_count == 3


async def test_the_first_frame_has_the_panes_frames_and_their_tables_come_right_after(app, monkeypatch):
    """The first frame draws the panes' borders and titles, not their tables (a DataTable
    costs a frame about 10 ms); right after it, the four tables are laid, the first has the
    focus, and the figures fill them."""
    from floorcon.tui.widgets.panes import TablePane

    at_paint = []
    painted = FloorconApp._painted

    def first_paint(self):
        at_paint.append(([p.id for p in self.screen.query(TablePane)], len(self.screen.query(DataTable))))
        painted(self)

    monkeypatch.setattr(FloorconApp, "_painted", first_paint)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert at_paint == [(["targets", "radar", "coaching", "followups"], 0)]
        tables = [t.id for t in app.screen.query(DataTable)]
        assert tables == ["targets-table", "radar-pane-table", "notes-table", "followups-table"]
        assert app.focused is not None and app.focused.id == "targets-table"
        assert table(app, "targets-table").row_count > 1 and table(app, "notes-table").row_count == 2
        # the lines under the tables stay under them
        assert [w.id for w in app.screen.query_one("#targets").children] == ["targets-table", "month-line"]


async def test_the_palettes_pane_commands_on_a_screen_with_and_without_the_panes(app):
    """Focus a pane and show a note's history from the palette: on the dashboard they act; on
    a screen without the panes' tables (or before the dashboard has laid them) they do nothing
    and say so, never raise."""
    from floorcon.tui.modals.history import HistoryScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.action_focus_pane("notes-table")
        await pilot.pause()
        assert app.focused is table(app, "notes-table")
        app.action_history("coachingnote", "notes-table")
        await settle(app, pilot)
        assert isinstance(app.screen, HistoryScreen)
        app.pop_screen()
        await pilot.pause()

        app.action_help()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.action_focus_pane("followups-table")
        app.action_history("followup", "followups-table")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert [n.message for n in app._notifications][-1] == "Nothing highlighted"


async def test_quitting_at_the_first_frame_before_the_tables_are_laid(
        app, store, clock, settings, monkeypatch):
    """q pressed as the console appears, with the figures already on their way: it quits
    calmly; the tables that were to come after the first frame are never laid on a screen that
    is going, and the figures stop waiting for them (they once waited for ever, spinning)."""
    panes = first_look_of(store, clock, settings)
    painted, later = FloorconApp._painted, DashboardScreen.call_after_refresh
    waits = []

    def quit_at_once(self):
        painted(self)
        self.dashboard.post_message(PanesLoaded(panes))
        self.exit()

    def counted(self, callback, *args, **kwargs):
        waits.append(callback)
        if len(waits) > 200:  # waiting for ever: fail rather than hang
            raise RuntimeError("the figures wait for tables that never come")
        return later(self, callback, *args, **kwargs)

    monkeypatch.setattr(FloorconApp, "_painted", quit_at_once)
    monkeypatch.setattr(DashboardScreen, "call_after_refresh", counted)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 0
    assert not app.dashboard.query(DataTable) and len(waits) < 10


async def test_reloads_asked_during_a_read_make_one_more_round_not_a_second_reader(
        app, settings, small, clock, monkeypatch):
    """Writes that land while the dashboard reads never start a second read beside it: the
    running read goes round once more for all of them, skipping the lines of the round the
    newer one replaces, and that round shows the newest store."""
    from floorcon.services import dashboard as dashboard_service
    from floorcon.services import people

    real_read, real_attention = dashboard_service.read_panes, people.attention
    gate, reading = threading.Event(), threading.Event()
    lock = threading.Lock()
    counts = {"reads": 0, "at_once": 0, "most": 0, "lines": 0}

    def gated_read(*args, **kwargs):
        with lock:
            counts["reads"] += 1
            counts["at_once"] += 1
            counts["most"] = max(counts["most"], counts["at_once"])
        reading.set()
        gate.wait(10)
        try:
            return real_read(*args, **kwargs)
        finally:
            with lock:
                counts["at_once"] -= 1

    def counted_attention(*args, **kwargs):
        counts["lines"] += 1
        return real_attention(*args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert table(app, "notes-table").row_count == 2
        monkeypatch.setattr(dashboard_service, "read_panes", gated_read)
        monkeypatch.setattr(people, "attention", counted_attention)
        app.watch_interval = 3600  # this test asks for the reloads itself
        await pilot.pause(0.2)  # the watcher's last poll at the old interval is over

        dashboard.reload()
        for _ in range(200):
            if reading.is_set():
                break
            await pilot.pause(0.01)
        assert reading.is_set()  # the first read has started and is held
        other = open_store(settings)
        with other.write() as s:
            s.add(CoachingNote(boutique_id=other.boutique_id, associate_id=small.ak,
                               noted_at=clock.now_utc(), moment="closing", kind="development",
                               text="Written while the dashboard read", author="SM"))
        other.dispose()
        dashboard.reload()
        dashboard.reload()
        gate.set()
        await settle(app, pilot)

        assert counts["most"] == 1  # never two readers at once
        assert counts["reads"] == 2  # the held read, then one more round for both requests
        assert counts["lines"] == 1  # the held read's lines were skipped: the round after read them
        assert table(app, "notes-table").row_count == 3
        assert dashboard.lines is not None

        dashboard.reload()  # the reader has ended: the next request starts a new one
        await settle(app, pilot)
        assert counts["reads"] == 3 and counts["lines"] == 2


async def test_a_superseded_reload_never_replaces_the_newer_one(app):
    """A reader's thread cannot be stopped: once its worker is cancelled (a newer exclusive
    worker of its group started, or its screen going), what it posts, perhaps read before a
    save, is dropped when it lands (Reloaded.superseded, shared by every loading screen)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen) and dashboard.data is not None
        shown = dashboard.data
        stale = replace(shown, followups=[])
        older = app.run_worker(lambda: PanesLoaded(stale), thread=True)  # made in a worker, as reload does
        message = await older.wait()
        older.cancel()  # what a newer exclusive worker of the group, or teardown, does
        dashboard.post_message(message)
        await pilot.pause()
        assert dashboard.data is shown
        current = app.run_worker(lambda: PanesLoaded(stale), thread=True)
        dashboard.post_message(await current.wait())
        await pilot.pause()
        assert dashboard.data is stale


class FirstLookStub:
    """The console's end of the first look, with given panes; `after` holds them back."""

    def __init__(self, panes: Panes, after: threading.Event | None = None) -> None:
        self.panes, self.after = panes, after

    def receive(self) -> Panes:
        if self.after is not None:
            self.after.wait(10)
        return self.panes


def first_look_of(store, clock, settings) -> Panes:
    """The store's panes, with one coaching note that only the first look holds."""
    with store.read() as session:
        own = read_panes(session, store.boutique_id, clock, settings)
    note = NoteRow(999, datetime(2026, 11, 25, 13, 0, tzinfo=UTC), "SOP", "Sophie Martin", "floor",
                   "observation", "Read by the first look")
    return replace(own, coaching=replace(own.coaching, notes=[note]))


def note_texts(app: FloorconApp) -> str:
    notes = table(app, "notes-table")
    return " ".join(str(cell) for i in range(notes.row_count) for cell in notes.get_row_at(i))


async def test_the_first_look_shows_until_the_consoles_own_read_replaces_it(
        settings, store, clock, small, monkeypatch):
    """The panes a second process read show while the console is still loading its store layer;
    its own read then replaces them."""
    look = first_look_of(store, clock, settings)
    opened = threading.Event()
    real_open = db.open_store

    def held_open(*args, **kwargs):
        opened.wait(10)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(db, "open_store", held_open)
    app = FloorconApp(settings, clock=clock, first_look=FirstLookStub(look), watch_interval=0.05)
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(100):
                await pilot.pause()
                if table(app, "notes-table").row_count:
                    break
            assert "Read by the first look" in note_texts(app)
            assert table(app, "followups-table").row_count == 3 and app.opened_store is None
            opened.set()
            await settle(app, pilot)
            assert table(app, "notes-table").row_count == 2  # the store's, read by the console
            assert "Read by the first look" not in note_texts(app)
    finally:
        opened.set()
        if app.opened_store is not None:
            app.opened_store.dispose()


async def test_a_first_look_later_than_the_consoles_own_read_is_dropped(settings, store, clock, small):
    late = threading.Event()
    app = FloorconApp(settings, store, clock, watch_interval=0.05,
                      first_look=FirstLookStub(first_look_of(store, clock, settings), late))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause()
            if table(app, "notes-table").row_count:
                break
        late.set()
        await settle(app, pilot)
        assert table(app, "notes-table").row_count == 2
        assert "Read by the first look" not in note_texts(app)


async def test_the_other_screens_css_is_parsed_after_the_first_paint_and_before_any_screen(
        app, monkeypatch):
    """The first paint parses the dashboard's rules only; the other screens' and the forms'
    come right after it, and in any case before a screen is pushed."""
    painted = FloorconApp._painted
    at_paint: list[bool] = []

    def spy(self: FloorconApp) -> None:
        at_paint.append(self.stylesheet.has_source(str(SCREENS_CSS)))
        painted(self)

    monkeypatch.setattr(FloorconApp, "_painted", spy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert at_paint == [False] and app.stylesheet.has_source(str(SCREENS_CSS))
        forget = (str(SCREENS_CSS), "")
        del app.stylesheet.source[forget]
        app.stylesheet.parse()
        assert "FormModal" not in app.stylesheet.rules_map
        app.load_screens_css()
        assert "FormModal" in app.stylesheet.rules_map  # in force at once, not when next mapped

        del app.stylesheet.source[forget]  # as if a key came before the first paint's load
        app.stylesheet.parse()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal) and app.stylesheet.has_source(str(SCREENS_CSS))
        assert app.screen.styles.align == ("center", "middle")  # FormModal's rule, in screens.tcss


async def test_the_panes_come_first_then_the_lines_of_the_same_read(app):
    """One reload, two messages: the three panes, then the People line, the appointments and
    the radar. The follow-ups below the fold wait for the lines (they are on screen), and are
    laid out once the lines are shown, even when those lines were superseded and dropped."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert dashboard.data is not None and dashboard.lines is not None
        assert text_of(app, "people-line").startswith("People  ")
        assert text_of(app, "appointments-line").startswith("Appointments  ")

        view = dashboard.query_one(FollowUpsView)
        many = [replace(dashboard.data.followups[0], id=1000 + i) for i in range(view.FIRST + 25)]
        shown = table(app, "followups-table")
        first = max(view.FIRST, shown.size.height)
        dashboard.post_message(PanesLoaded(replace(dashboard.data, followups=many)))
        await pilot.pause()
        await pilot.pause()
        assert shown.row_count == first  # the screenful only: the tail waits for the lines

        lines = dashboard.lines
        older = app.run_worker(lambda: LinesLoaded(replace(lines, radar=[])), thread=True)
        message = await older.wait()
        older.cancel()  # superseded: dropped, but the tail is let go
        dashboard.post_message(message)
        await pilot.pause()
        await pilot.pause()
        assert dashboard.lines is lines
        assert shown.row_count == len(many)


async def test_a_held_tail_is_laid_out_only_when_released(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen) and dashboard.data is not None
        view = dashboard.query_one(FollowUpsView)
        rows = [replace(dashboard.data.followups[0], id=2000 + i) for i in range(300)]
        shown = table(app, "followups-table")
        view.hold_tail()
        view.show(rows, Palette(app.theme_variables), False)
        for _ in range(3):
            await pilot.pause()
        assert shown.row_count == max(view.FIRST, shown.size.height)
        view.release_tail()
        for _ in range(4):  # a chunk after each refresh
            await pilot.pause()
        assert shown.row_count == 300
        view.show(rows[:50], Palette(app.theme_variables), False)  # not held: all of it comes
        for _ in range(2):
            await pilot.pause()
        assert shown.row_count == 50


async def test_midnight_rolls_to_the_new_day(settings, store, small):
    moment = {"now": pendulum.datetime(2026, 11, 25, 23, 59, 50, tz="Europe/Paris")}
    clock = Clock(settings, now_fn=lambda: moment["now"])
    app = FloorconApp(settings, store, clock, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.loaded_day == TODAY
        moment["now"] = pendulum.datetime(2026, 11, 26, 0, 0, 5, tz="Europe/Paris")
        for _ in range(100):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if screen.loaded_day == date(2026, 11, 26):
                break
        assert screen.loaded_day == date(2026, 11, 26)
        assert table(app, "notes-table").row_count == 0  # a new day starts with no notes
        assert "Thursday 26 November 2026" in text_of(app, "topbar")


async def test_help_palette_and_quit(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_into(pilot, "coaching note")
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_capture_keys_do_not_stack_forms(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await type_into(pilot, "sofn")  # letters that are also keys type into the field
        assert isinstance(app.screen, NoteModal)
        assert len(app.screen_stack) == 2
        assert app.screen.query_one("#field-associate", Input).value == "sofn"


def test_stored_times_are_utc(store, small):
    with store.read() as s:
        sale = s.exec(select(Sale).where(Sale.receipt == "R1")).first()
    assert sale.sold_at == datetime(2026, 11, 25, 9, 45, tzinfo=UTC)  # 10:45 in Paris


async def test_a_draft_with_a_bad_value_reopens_with_its_error(app):
    app.drafts["note"] = {"associate": "SOP", "moment": "zz", "kind": "", "text": "", "client": ""}
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        assert "not one of" in text_of(app, "hint-moment")
        assert app.screen.query_one("#field-kind", Input).has_focus  # the first empty field


async def test_keys_typed_fast_land_in_the_right_fields(app, store, small):
    """Keys arriving faster than the screen refreshes (a quick typist, a barcode scanner)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.press(*"ld", "tab", *"obj", "tab", *"obs", "tab", *"Calm", "enter")
        await settle(app, pilot)
    with store.read() as s:
        note = s.exec(select(CoachingNote).where(CoachingNote.text == "Calm")).one()
    assert (note.associate_id, note.moment, note.kind) == (small.ld, "objection", "observation")


async def test_a_long_queue_shows_a_screenful_first_and_the_rest_after() -> None:
    """Hundreds of follow-ups: the first screenful is laid out at once, the tail a chunk per
    refresh; a reload keeps the cursor's row, and a newer reload replaces a fill under way."""
    from textual.app import App

    from floorcon.services.dashboard import FollowUpRow
    from floorcon.tui.widgets.panes import Filled, FollowUpsView, Palette

    def queue(n: int) -> list[FollowUpRow]:
        return [FollowUpRow(i + 1, TODAY, 1, i, f"Client {i}", f"C{i:05}", "VIC", 1, "SOP",
                            "thank-you", f"Call about piece {i}") for i in range(n)]

    class One(App):
        def compose(self):
            yield FollowUpsView(id="followups")

    async with One().run_test(size=(140, 42)) as pilot:
        view = pilot.app.query_one(FollowUpsView)
        await view.lay_table()
        await pilot.pause()
        table = view.query_one(DataTable)
        colours = Palette(pilot.app.theme_variables)
        view.show(queue(450), colours, False)
        assert table.row_count == Filled.FIRST  # the rest comes after the next refreshes
        for _ in range(10):
            await pilot.pause()
        assert table.row_count == 450
        assert str(table.get_row_at(449)[3]).startswith("Client 449")

        table.move_cursor(row=300, animate=False)
        view.show(queue(450), colours, False)
        assert table.cursor_row == 0
        for _ in range(10):
            await pilot.pause()
        assert (table.row_count, table.cursor_row) == (450, 300)

        view.show(queue(450), colours, False)
        view.show(queue(12), colours, False)  # the first fill's tail must not follow
        for _ in range(10):
            await pilot.pause()
        assert table.row_count == 12 and len(view.rows) == 12
