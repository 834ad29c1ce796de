"""The rituals on screen: the recap, the briefing and the weekly review, as a manager uses them.

Pilot tests on the small boutique (see conftest.py: Wednesday 25 November 2026, 15:00 in Paris),
then a snapshot of each screen at a fixed size and a frozen time.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date, time, timedelta

import pytest
from rich.console import Console
from sqlmodel import select
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from floorcon.models import Appointment, Client, DaySummary, Event, FocusStory, SatisfactionScore
from floorcon.services import rituals
from floorcon.tui.app import FloorconApp
from floorcon.tui.modals.help import HelpScreen
from floorcon.tui.screens.dashboard import DashboardScreen
from floorcon.tui.screens.rituals import (
    BriefingScreen,
    ExportModal,
    FocusModal,
    GoToModal,
    RecapScreen,
    WeekScreen,
    parse_past_day,
)

from .conftest import TODAY
from .test_tui import settle

SIZE = (140, 42)
YESTERDAY = date(2026, 11, 24)


def row_of(app: FloorconApp, table_id: str, key: str) -> list[str]:
    return [str(c) for c in app.screen.query_one(f"#{table_id}", DataTable).get_row(key)]


def text_of(widget: Widget) -> str:
    """What a Static holding Rich renderables shows, as plain text."""
    assert isinstance(widget, Static)
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.export_text()


def card(app: FloorconApp, widget_id: str) -> str:
    return text_of(app.screen.query_one(f"#{widget_id}"))


@pytest.fixture
def app(settings, store, clock, small) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


async def open_recap(app: FloorconApp, pilot) -> RecapScreen:
    await settle(app, pilot)
    await pilot.press("r")
    await settle(app, pilot)
    assert isinstance(app.screen, RecapScreen)
    return app.screen


# -- the recap ---------------------------------------------------------------------------------


async def test_r_opens_todays_recap(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_recap(app, pilot)
        assert screen.day == TODAY
        boutique = row_of(app, "recap-table", "boutique")
        assert "Boutique" in boutique and "€ 17,000" in boutique and "€ 30,000" in boutique
        assert app.screen.query_one("#recap-table", DataTable).row_count == 4  # + SOP, LD, AK
        month = card(app, "recap-month")
        assert "€ 119,000 of € 600,000" in month and "€ 96,200/day" in month
        assert "New clients 2" in month and "of 90 visitors" in month
        coaching = card(app, "recap-coaching")
        assert "Not coached: AK Aiko" in coaching and "Warm welcome" in coaching
        followups = card(app, "recap-followups")
        assert "1 done" in followups and "1 still overdue" in followups and "6 created" in followups
        assert "Flowers sent" in followups and "3d late" in followups
        highlights = card(app, "recap-highlights")
        assert "€ 12,000" in highlights and "Mr James Whitfield" in highlights
        title = card(app, "ritual-title")
        assert "End-of-day recap   Wednesday 25 November 2026   today" in title and "← Tue 24 Nov" in title
        assert "Thursday 26 November" in str(app.screen.query_one("#recap-tomorrow").border_title)


async def test_left_and_right_move_between_days_never_past_today(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_recap(app, pilot)
        await pilot.press("left")
        await settle(app, pilot)
        assert screen.day == YESTERDAY
        assert "€ 2,000" in row_of(app, "recap-table", "boutique")
        assert "Tuesday 24 November 2026   yesterday" in card(app, "ritual-title")
        assert "Wed 25 Nov →" in card(app, "ritual-title")
        await pilot.press("right")
        await settle(app, pilot)
        assert screen.day == TODAY
        assert "€ 17,000" in row_of(app, "recap-table", "boutique")
        await pilot.press("right")  # nothing after today
        await settle(app, pilot)
        assert screen.day == TODAY
        assert "€ 17,000" in row_of(app, "recap-table", "boutique")
        await pilot.press("left", "left", "t")
        await settle(app, pilot)
        assert screen.day == TODAY


async def test_go_to_any_past_day(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_recap(app, pilot)
        await pilot.press("g")
        assert isinstance(app.screen, GoToModal)
        await pilot.press(*"2026-11-30")  # still to come: refused, and said so
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GoToModal)
        assert "still to come" in str(app.screen.query_one("#hint-day", Static).content)
        app.screen.query_one("#field-day", Input).value = "24/11"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen and screen.day == YESTERDAY
        assert "€ 2,000" in row_of(app, "recap-table", "boutique")


def test_past_days_are_read_backwards():
    assert parse_past_day("24/11", TODAY, TODAY) == YESTERDAY
    assert parse_past_day("26/11", TODAY, TODAY) == date(2025, 11, 26)
    assert parse_past_day("-1", TODAY, TODAY) == YESTERDAY
    assert parse_past_day("yesterday", TODAY, TODAY) == YESTERDAY
    assert parse_past_day("mon", TODAY, TODAY) == date(2026, 11, 23)
    assert parse_past_day("wed", TODAY, TODAY) == TODAY
    assert parse_past_day("2026-11-03", TODAY, TODAY) == date(2026, 11, 3)
    assert parse_past_day("tomorrow", TODAY, date(2026, 11, 26)) == date(2026, 11, 26)


async def test_the_summary_is_saved_with_the_day_and_shown_again(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("tab")
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press(*"Strong watch day", "enter", *"LD closed")
        assert "Not saved yet" in card(app, "summary-status")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Saved at 15:00" in card(app, "summary-status")
        with store.read() as s:
            row = s.exec(select(DaySummary).where(DaySummary.day == TODAY)).one()
        assert row.text == "Strong watch day\nLD closed" and row.author == "SM"
        assert "summary:2026-11-25" not in app.drafts
        await pilot.press("escape")  # out of the summary
        assert isinstance(app.screen, RecapScreen)
        await pilot.press("escape")  # back to the dashboard
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert app.screen.query_one("#summary-text", TextArea).text == "Strong watch day\nLD closed"
        assert "Saved with the day" in card(app, "summary-status")


async def test_a_draft_summary_is_kept_per_day(app, store):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_recap(app, pilot)
        await pilot.press("tab", *"Half written")
        await pilot.press("escape", "left")
        await settle(app, pilot)
        assert screen.day == YESTERDAY
        assert app.screen.query_one("#summary-text", TextArea).text == ""
        assert app.drafts["summary:2026-11-25"] == {"text": "Half written"}
        await pilot.press("right")
        await settle(app, pilot)
        assert app.screen.query_one("#summary-text", TextArea).text == "Half written"
        assert "Not saved yet" in card(app, "summary-status")
    with store.read() as s:
        assert s.exec(select(DaySummary)).first() is None


async def test_a_summary_written_elsewhere_shows_at_once(app, store, clock):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        with store.write() as s:  # another terminal, the command line
            rituals.save_summary(s, store.boutique_id, TODAY, "From the back office", clock.now_utc(), "SM")
        for _ in range(20):
            await asyncio.sleep(0.05)
            await settle(app, pilot)
            if app.screen.query_one("#summary-text", TextArea).text:
                break
        assert app.screen.query_one("#summary-text", TextArea).text == "From the back office"
        assert "Saved with the day" in card(app, "summary-status")


async def test_export_writes_a_private_file(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportModal)
        path_field = app.screen.query_one("#field-path", Input)
        assert path_field.value == "~/floorcon-recap-2026-11-25.md"
        app.screen.query_one("#field-format", Input).value = "html"
        await pilot.pause()
        assert path_field.value == "~/floorcon-recap-2026-11-25.html"  # follows the format
        app.screen.query_one("#field-format", Input).value = "md"
        target = tmp_path / "recap.md"
        path_field.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RecapScreen)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# End-of-day recap")
    assert "€ 17,000" in text and "€ 30,000" in text
    assert target.stat().st_mode & 0o777 == 0o600


async def test_export_refuses_a_missing_folder(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("e")
        app.screen.query_one("#field-path", Input).value = str(tmp_path / "nowhere" / "recap.md")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ExportModal)
        assert "no folder" in str(app.screen.query_one("#hint-path", Static).content)


async def test_copy_puts_the_markdown_recap_on_the_clipboard(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("tab", *"Unsaved words", "escape")
        await pilot.press("c")
        await settle(app, pilot)
        assert app.clipboard.startswith("# End-of-day recap")
        assert "Maison Test · Wednesday 25 November 2026" in app.clipboard
        assert "€ 17,000" in app.clipboard
        assert "Unsaved words" in app.clipboard  # what is in the editor is what is sent


async def test_escape_returns_to_the_dashboard(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        assert len(app.screen_stack) == 1


async def test_discreet_mode_masks_the_recap(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        boutique = row_of(app, "recap-table", "boutique")
        assert "€ 17,000" not in boutique and "€ •••" in boutique
        highlights = card(app, "recap-highlights")
        assert "Whitfield" not in highlights and "Mr W•••" in highlights
        assert not app.screen.query_one("#summary-text", TextArea).display
        assert "discreet" in card(app, "summary-status")
        await pilot.press("m")
        await settle(app, pilot)
        assert "€ 17,000" in row_of(app, "recap-table", "boutique")


# -- the briefing and the weekly review -----------------------------------------------------------


async def test_b_opens_the_briefing(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        assert "Yesterday · Tue 24 Nov" in str(app.screen.query_one("#brief-yesterday").border_title)
        yesterday = card(app, "brief-yesterday")
        assert "Best: SOP Sophie, € 2,000" in yesterday
        assert "over 3 associates on the floor" in card(app, "brief-today")
        assert "So far € 17,000" in card(app, "brief-today")
        month = card(app, "brief-month")
        assert "20% of € 600,000" in month and "€ 96,200/day" in month
        floor = card(app, "brief-floor")
        assert "Sophie Martin" in floor and "€ 13,421" in floor and "€ 2,000" in floor
        assert "No focus story set" in card(app, "brief-focus")
        followups = card(app, "brief-followups")
        assert "2 due" in followups and "1 overdue" in followups
        assert "Regular client" not in followups  # VIC and High Jewelry only


async def test_the_focus_story_is_set_from_the_briefing(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("o")
        assert isinstance(app.screen, FocusModal)
        await pilot.press(*"The Panthere", "tab", *"Tell the 1914 story")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BriefingScreen)
        focus = card(app, "brief-focus")
        assert "The Panthere" in focus and "Tell the 1914 story" in focus
    with store.read() as s:
        story = s.exec(select(FocusStory)).one()
    assert (story.week_start, story.title) == (date(2026, 11, 23), "The Panthere")


async def test_w_opens_the_weekly_review(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WeekScreen) and screen.day == date(2026, 11, 23)
        boutique = row_of(app, "week-table", "boutique")
        assert "€ 19,000" in boutique and "€ 30,000" in boutique
        assert row_of(app, "week-matrix", "welcome")[1] == "1"  # one recognition
        assert row_of(app, "week-matrix", "total")[-1] == "3"
        assert "0 of 2" in card(app, "week-followups")
        await pilot.press("left")
        await settle(app, pilot)
        assert screen.day == date(2026, 11, 16)
        assert "€ 0" in row_of(app, "week-table", "boutique")
        await pilot.press("right", "right")
        await settle(app, pilot)
        assert screen.day == date(2026, 11, 23)  # never past this week


async def test_go_to_a_week(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("w", "g")
        await settle(app, pilot)
        app.screen.query_one("#field-day", Input).value = "2026-11-04"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen) and app.screen.day == date(2026, 11, 2)
        assert "€ 100,000" in row_of(app, "week-table", "boutique")  # the High Jewelry sale of the 3rd
        assert "week 45 · 2–8 November 2026" in card(app, "ritual-title")


async def test_one_ritual_at_a_time_over_the_dashboard(app):
    async with app.run_test(size=SIZE) as pilot:
        await open_recap(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen) and len(app.screen_stack) == 2
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_ritual_keys_do_not_fire_in_a_modal(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("r", "b", "w")
        assert isinstance(app.screen, HelpScreen)


async def test_every_ritual_action_is_in_the_command_palette(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"End-of-day recap", "Morning briefing", "Weekly review"} <= names
        assert "Export" not in names
        await pilot.press("r")
        await settle(app, pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Previous day", "Next day", "Today", "Go to a day", "Export", "Copy as Markdown",
                "Save the summary"} <= names
        assert "Today's targets" not in names  # a dashboard pane: not from here
        copy = next(c for c in app.get_system_commands(app.screen) if c.title == "Copy as Markdown")
        copy.callback()
        assert app.clipboard.startswith("# End-of-day recap")


# -- snapshots ---------------------------------------------------------------------------------------


@pytest.fixture
def lively(store, clock, small):
    """The small boutique with what the rituals also read: survey answers, appointments, an
    event, a birthday, the focus story of the week and yesterday's summary."""
    b = store.boutique_id
    tomorrow = TODAY + timedelta(days=1)
    with store.write() as s:
        s.add(SatisfactionScore(boutique_id=b, response_id="S1", measure="CER", score=6.5,
                                received_at=clock.at(TODAY, time(12)), associate_id=small.ak,
                                client_id=small.vic2, comment="Waited too long at the watch counter"))
        s.add(SatisfactionScore(boutique_id=b, response_id="S2", measure="FTR", score=9.5,
                                received_at=clock.at(TODAY, time(13)), associate_id=small.sop,
                                client_id=small.vic1, comment="Sophie remembered everything"))
        s.add(Appointment(boutique_id=b, client_id=small.vic1, associate_id=small.sop,
                          starts_at=clock.at(TODAY, time(16)), purpose="Bracelet fitting"))
        s.add(Appointment(boutique_id=b, client_id=small.hj, associate_id=small.mb,
                          starts_at=clock.at(tomorrow, time(11)), purpose="Second sketch"))
        s.add(Event(boutique_id=b, title="Private viewing", place="Salon, first floor",
                    starts_at=clock.at(tomorrow, time(18))))
        s.get(Client, small.vic1).birthday = date(1980, 11, 25)
        rituals.set_focus_story(s, b, TODAY, "The Panthère",
                                "Born in 1914: tell the story of the panther before showing the piece.")
        rituals.save_summary(s, b, TODAY, "A strong watch day: Louis closed the Whitfield watch.\n"
                             "Aiko to be coached on closing tomorrow.", clock.now_utc(), "SM")
    return small



async def _settle_and_still(pilot) -> None:
    app = pilot.app
    await settle(app, pilot)
    for field in app.screen.query(Input):
        field.cursor_blink = False
    for area in app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def _snapshot(snap_compare, settings, store, clock, *keys: str) -> bool:
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        await pilot.press(*keys)
        await _settle_and_still(pilot)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_recap_snapshot(snap_compare, settings, store, clock, lively):
    assert _snapshot(snap_compare, settings, store, clock, "r")


def test_briefing_snapshot(snap_compare, settings, store, clock, lively):
    assert _snapshot(snap_compare, settings, store, clock, "b")


def test_week_snapshot(snap_compare, settings, store, clock, lively):
    assert _snapshot(snap_compare, settings, store, clock, "w")
