"""Developing the team on screen, as a manager uses it: the People screen, the associate file
reached from the rows that name an associate and from the palette, holding a one-to-one end to
end, a review through its form; then snapshots of the associate file, the 9-box and the slates.

The small boutique of conftest.py (Wednesday 25 November 2026, 15:00 in Paris) with the `team`
fixture's one-to-ones, actions, plans, reviews and slates.
"""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, TextArea

from floorcon.models import Action, OneToOne, Review
from floorcon.models import SuccessionCandidate as Candidate
from floorcon.tui.app import FloorconApp
from floorcon.tui.modals.people import (
    ActionModal,
    CancelOneToOneModal,
    OffSlateModal,
    RescheduleModal,
    ReviewModal,
)
from floorcon.tui.screens.dashboard import DashboardScreen
from floorcon.tui.screens.people import AssociateFileScreen, OneToOneScreen, PeopleScreen
from floorcon.tui.screens.rituals import RecapScreen, WeekScreen

from .conftest import RATINGS
from .test_rituals_tui import SIZE, _settle_and_still, card, settle


@pytest.fixture
def app(settings, store, clock, small, team) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


async def open_file_of(app: FloorconApp, pilot, associate_id: int) -> AssociateFileScreen:
    await settle(app, pilot)
    app.open_associate_file(associate_id)
    await settle(app, pilot)
    assert isinstance(app.screen, AssociateFileScreen)
    return app.screen


async def test_the_dashboard_says_what_needs_the_manager(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        line = card(app, "people-line")
        assert "1 action late (SOP)" in line
        assert "1:1 missed: MB" in line
        assert "no 1:1 in 30 days: AK, LD" in line
        assert "plan items 1 late, 2 due soon (AK)" in line


async def test_p_opens_the_team_and_enter_the_associate_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        table = app.screen.query_one("#people-table", DataTable)
        assert [str(table.get_row(k)[0]) for k in table.rows] == ["AK", "LD", "MB", "SOP"]
        sop = [str(c) for c in table.get_row(str(small.sop))]
        assert sop[3:6] == ["23d ago", "Mon 30 Nov", "2 · 1 late"]
        assert sop[6:8] == ["IDP", "Star"] and sop[8] == "1 action late"
        assert "1:1 overdue" in str(table.get_row(str(small.mb))[8])
        await pilot.press("down", "down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen) and app.screen.associate_id == small.sop
        assert "SOP Sophie Martin · Senior Sales Associate" in card(app, "file-title")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_enter_on_todays_targets_opens_the_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#targets-table", DataTable)
        table.focus()
        keys = [k.value for k in table.rows]
        table.move_cursor(row=keys.index(str(small.ld)))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen) and app.screen.associate_id == small.ld
        table.move_cursor(row=0)


async def test_enter_on_the_recap_table_opens_the_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, RecapScreen)
        table = app.screen.query_one("#recap-table", DataTable)
        assert not table.show_cursor and not table.can_focus  # a report until chosen
        await pilot.press("a")
        assert table.show_cursor and app.screen.focused is table
        await pilot.press("escape")  # leave it: a report again, still on the recap
        assert isinstance(app.screen, RecapScreen) and not table.show_cursor
        await pilot.press("a", "down", "enter")  # the first associate, then the second
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
        assert app.screen.associate_id == int(list(table.rows)[2].value)


async def test_enter_on_a_coaching_note_opens_the_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#notes-table", DataTable)
        table.focus()
        table.move_cursor(row=0)  # the newest note of today: LD's, at 12:30
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen) and app.screen.associate_id == small.ld


async def test_enter_on_the_week_table_opens_the_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)
        table = app.screen.query_one("#week-table", DataTable)
        assert not table.show_cursor and not table.can_focus  # a report until chosen
        await pilot.press("a", "enter")  # the first associate, after the boutique
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
        assert app.screen.associate_id == int(list(table.rows)[1].value)


async def test_the_palette_opens_any_associate_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"People", "Talent and succession", "Associate file: AK Aiko Kimura",
                "Associate file: SOP Sophie Martin"} <= commands.keys()
        commands["Associate file: MB Marc Bernard"].callback()
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen) and app.screen.associate_id == small.mb
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Hold a one-to-one", "Agree an action", "Plan check-in", "Close the plan",
                "Export the associate file", "Filter the coaching notes"} <= names


async def test_the_associate_file(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.sop)
        profile = card(app, "file-profile")
        assert "high jewelry, bridal" in profile and "Clients      1  (VIC 1)" in profile
        assert "Floor Manager (ready now)" in profile and "Star" in profile
        trend = card(app, "file-trend")
        assert "€ 8,050" in trend and "Transactions 3" in trend
        talks = card(app, "file-talks")
        assert "Mon 30 Nov  booked" in talks and "Clienteling plan for Q4" in talks
        assert "Tired lately" not in talks  # private notes stay in the one-to-one
        actions = app.screen.query_one("#file-actions-table", DataTable)
        assert [str(actions.get_row(k)[0]) for k in actions.rows] == ["5d late", "in 3d"]
        assert "Warm welcome" in card(app, "file-recognitions")
        assert "storytelling" in card(app, "file-reviews")


async def test_notes_filter(app, small):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_file_of(app, pilot, small.sop)
        notes = app.screen.query_one("#file-notes")
        assert "Warm welcome" in card(app, "file-notes") and "all · 1 of 1" in str(notes.border_title)
        await pilot.press("slash")
        await settle(app, pilot)
        await pilot.press("tab", *"dev", "enter")
        await settle(app, pilot)
        assert (screen.moment, screen.kind) == (None, "development")
        assert "No coaching note." in card(app, "file-notes")
        assert "development · 0 of 1" in str(notes.border_title)
        await pilot.press("slash")
        await settle(app, pilot)
        await pilot.press(*"wel", "tab", "ctrl+u", *"rec", "enter")
        await settle(app, pilot)
        assert (screen.moment, screen.kind) == ("welcome", "recognition")
        assert "Warm welcome" in card(app, "file-notes")


async def test_hold_a_one_to_one_end_to_end(app, store, clock, small, team):
    """Open it, write the notes, agree an action, close it: all of it in the store."""
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.sop)
        await pilot.press("h")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, OneToOneScreen) and screen.one_to_one_id == team.sop_next
        agenda = card(app, "oto-agenda-text")
        assert "Figures since Mon 2 Nov (last one-to-one)" in agenda and "€ 8,050" in agenda
        assert "Call the five top VICs" in agenda and "Warm welcome" in agenda
        assert app.screen.focused is app.screen.query_one("#oto-shared", TextArea)
        await pilot.press(*"Great month; two openings")
        await pilot.press("tab")
        await pilot.press(*"Ready soon")
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionModal)
        assert app.screen.query_one("#field-owner", Input).value == "SOP"
        await pilot.press(*"Shadow two openings", "tab", "ctrl+u", *"+7", "enter")
        await settle(app, pilot)
        assert app.screen is screen
        assert "Shadow two openings" in card(app, "oto-actions")
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
    with store.read() as s:
        held = s.get(OneToOne, team.sop_next)
        agreed = s.exec(select(Action).where(Action.one_to_one_id == team.sop_next)).all()
    assert held.held_at == clock.now_utc()
    assert (held.shared_notes, held.private_notes) == ("Great month; two openings", "Ready soon")
    assert [(a.text, a.associate_id, a.due.isoformat()) for a in agreed] == [
        ("Shadow two openings", small.sop, "2026-12-02")]


async def test_closing_without_shared_notes_says_why_and_keeps_it_open(app, store, small, team):
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.sop)
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await settle(app, pilot)
        assert isinstance(app.screen, OneToOneScreen)
        assert "shared notes: say what was agreed before closing" in card(app, "oto-status")
        await pilot.press(*"Kept", "escape")  # leaving keeps the notes
        await settle(app, pilot)
    with store.read() as s:
        row = s.get(OneToOne, team.sop_next)
    assert row.held_at is None and row.shared_notes == "Kept"


async def test_a_one_to_one_opened_on_the_spot_and_left_empty_is_not_kept(app, store, small, team):
    """AK has none booked: `h` books one now; leaving it with nothing written removes it, so it
    never shows as missed tomorrow. One with notes is kept."""
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.ak)
        await pilot.press("h")
        await settle(app, pilot)
        assert isinstance(app.screen, OneToOneScreen) and app.screen.on_the_spot
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
        with store.read() as s:
            assert s.exec(select(OneToOne).where(OneToOne.associate_id == small.ak)).all() == []
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press(*"Started", "escape")
        await settle(app, pilot)
    with store.read() as s:
        [kept] = s.exec(select(OneToOne).where(OneToOne.associate_id == small.ak)).all()
    assert kept.shared_notes == "Started" and kept.held_at is None


async def test_a_booked_one_to_one_is_not_removed_on_leaving(app, store, small, team):
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.sop)
        await pilot.press("h")
        await settle(app, pilot)
        assert not app.screen.on_the_spot
        await pilot.press("escape")
        await settle(app, pilot)
    with store.read() as s:
        assert s.get(OneToOne, team.sop_next) is not None


async def test_move_then_cancel_a_one_to_one_from_the_file(app, store, clock, small, team):
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.mb)
        await pilot.press("R")
        assert isinstance(app.screen, RescheduleModal)
        await pilot.press("ctrl+u", *"27/11", "tab", "ctrl+u", *"15:30", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
        with store.read() as s:
            assert s.get(OneToOne, team.mb_missed).scheduled_at == clock.at(date(2026, 11, 27), time(15, 30))
        await pilot.press("C")
        assert isinstance(app.screen, CancelOneToOneModal)
        await pilot.press("enter")  # not confirmed: refused
        await settle(app, pilot)
        assert isinstance(app.screen, CancelOneToOneModal)
        await pilot.press(*"yes", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
        await pilot.press("C")  # nothing booked any more
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
    with store.read() as s:
        assert s.get(OneToOne, team.mb_missed) is None


async def test_off_a_slate_from_the_file(app, store, small, team):
    with store.read() as s:
        before = s.exec(select(Candidate).where(Candidate.associate_id == small.sop)).all()
    roles = [c.role for c in before]
    assert roles
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.sop)
        await pilot.press("U")
        assert isinstance(app.screen, OffSlateModal)
        assert app.screen.query_one("#field-associate", Input).value == "SOP"
        field = app.screen.query_one("#field-role", Input)
        field.value = roles[0]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
    with store.read() as s:
        after = s.exec(select(Candidate).where(Candidate.associate_id == small.sop)).all()
    assert [c.role for c in after] == roles[1:]


async def test_a_review_through_its_form(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await open_file_of(app, pilot, small.mb)
        await pilot.press("v")
        await settle(app, pilot)
        modal = app.screen
        assert isinstance(modal, ReviewModal)
        assert modal.query_one("#field-associate", Input).value == "MB"
        assert modal.query_one("#field-period", Input).value == "2026 H2"
        for i, value in enumerate(RATINGS.values()):
            modal.query_one(f"#field-r{i}", Input).value = str(value)
        modal.query_one("#field-overall", Input).value = "9"
        modal.query_one("#field-performance", Input).value = "hi"
        modal.query_one("#field-potential", Input).value = "med"
        await pilot.pause()
        modal.action_submit()
        await settle(app, pilot)
        assert app.screen is modal  # overall 9: refused, nothing saved
        assert "not a rating from 1 to 5" in card(app, "hint-overall")
        modal.query_one("#field-overall", Input).value = "4"
        await pilot.pause()
        modal.action_submit()
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen)
        assert "High performer" in card(app, "file-profile")
    with store.read() as s:
        review = s.exec(select(Review).where(Review.associate_id == small.mb)).one()
    assert (review.period, review.overall, review.performance, review.potential) == (
        "2026 H2", 4, "high", "medium")
    assert json.loads(review.ratings) == RATINGS


async def test_the_week_shows_the_recognitions(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, WeekScreen)
        said = card(app, "week-recognitions")
        assert "Wed 25 Nov" in said and "SOP" in said and "Warm welcome" in said


# -- snapshots ---------------------------------------------------------------------------------------


def _snapshot(snap_compare, settings, store, clock, run) -> bool:
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        await run(pilot)
        await _settle_and_still(pilot)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_associate_file_snapshot(snap_compare, settings, store, clock, small, team):
    async def run(pilot) -> None:
        pilot.app.open_associate_file(small.sop)

    assert _snapshot(snap_compare, settings, store, clock, run)


def test_nine_box_and_slates_snapshot(snap_compare, settings, store, clock, small, team):
    async def run(pilot) -> None:
        await pilot.press("p")
        await _settle_and_still(pilot)
        await pilot.press("g")

    assert _snapshot(snap_compare, settings, store, clock, run)


def test_people_snapshot(snap_compare, settings, store, clock, small, team):
    async def run(pilot) -> None:
        await pilot.press("p")

    assert _snapshot(snap_compare, settings, store, clock, run)


def test_one_to_one_snapshot(snap_compare, settings, store, clock, small, team):
    async def run(pilot) -> None:
        pilot.app.open_associate_file(small.sop)
        await _settle_and_still(pilot)
        await pilot.press("h")

    assert _snapshot(snap_compare, settings, store, clock, run)

