"""The radar on screen: the dashboard pane, the Radar screen (N), acting (enter) and dismissing (x).

Pilot tests on the small boutique (conftest.py: Wednesday 25 November 2026, 15:00 in Paris),
asserting on the widgets and on the store; then snapshots at a fixed size and a frozen time.
"""

from __future__ import annotations

from datetime import time

import pytest
from sqlmodel import col, select
from textual.widgets import Input

from floorcon.models import Appointment, CoachingNote, RadarDismissal
from floorcon.tui.app import FloorconApp
from floorcon.tui.modals.capture import NoteModal
from floorcon.tui.screens.brief import ClientBriefScreen
from floorcon.tui.screens.people import AssociateFileScreen
from floorcon.tui.screens.radar import RadarScreen
from floorcon.tui.widgets.radar import RadarTable

from .conftest import TODAY
from .test_clienteling_tui import _snapshot
from .test_rituals_tui import SIZE, settle
from .test_tui import type_into


@pytest.fixture
def app(settings, store, clock, small) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


def keys(app: FloorconApp, table_id: str) -> list[str]:
    table = app.screen.query_one(f"#{table_id}", RadarTable)
    return [i.key for i in table.items]


def dismissals(store) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    with store.read() as s:
        rows = s.exec(select(RadarDismissal).order_by(col(RadarDismissal.id)))
        return [(r.item_key, r.acted) for r in rows]


async def test_the_dashboard_pane_shows_the_top_items(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        # AK far behind pace, SOP's overdue thank-you, the month, then the one-to-ones (none held
        # yet, oldest first by key); the pane keeps the top 5 of the 7.
        assert keys(app, "radar-pane-table") == [
            f"pace:{small.ak}", f"followups:{small.sop}", "month:2026-11",
            f"one_to_one:{small.sop}", f"one_to_one:{small.ld}"]
        pane = app.screen.query_one("#radar")
        assert pane.border_title == "Radar · 7 to act on · 2 more · enter act · x dismiss · N all"


async def test_acting_on_pace_saves_the_prefilled_note(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("N")
        await settle(app, pilot)
        assert isinstance(app.screen, RadarScreen)
        assert keys(app, "radar-table")[0] == f"pace:{small.ak}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, NoteModal)
        assert app.screen.query_one("#field-associate", Input).value == "AK"
        assert app.screen.query_one("#field-kind", Input).value == "development"
        moment = app.screen.query_one("#field-moment", Input)
        assert moment.has_focus  # the one field left to the manager
        await type_into(pilot, "closing")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RadarScreen)
        assert f"pace:{small.ak}" not in keys(app, "radar-table")
    with store.read() as s:
        note = s.exec(select(CoachingNote).order_by(col(CoachingNote.id).desc())).first()
    assert (note.associate_id, note.moment, note.kind, note.text) == (
        small.ak, "closing", "development", "Behind pace: 2% of target, 53% of the day gone.")
    assert dismissals(store) == [(f"pace:{small.ak}", True)]


async def test_a_note_closed_unsaved_keeps_the_item(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("N")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, RadarScreen)
        assert keys(app, "radar-table")[0] == f"pace:{small.ak}"
    assert dismissals(store) == []


async def test_acting_on_an_appointment_opens_the_brief(app, store, clock, small):
    with store.write() as s:
        s.add(Appointment(boutique_id=store.boutique_id, client_id=small.vic1, associate_id=small.sop,
                          starts_at=clock.at(TODAY, time(15, 45)), purpose="Try the bracelet"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("N")
        await settle(app, pilot)
        first = keys(app, "radar-table")[0]
        assert first.startswith("appointment:")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientBriefScreen) and app.screen.client_id == small.vic1
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, RadarScreen)
        assert first not in keys(app, "radar-table")
    assert dismissals(store) == [(first, True)]


async def test_dismiss_from_the_pane_and_act_on_an_associate(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#radar-pane-table", RadarTable).focus()
        await pilot.press("x")  # AK's pace: off the radar for today
        await settle(app, pilot)
        assert keys(app, "radar-pane-table")[0] == f"followups:{small.sop}"
        await pilot.press("down", "down", "enter")  # the month, then SOP's one-to-one
        await settle(app, pilot)
        assert isinstance(app.screen, AssociateFileScreen) and app.screen.associate_id == small.sop
    assert dismissals(store) == [(f"pace:{small.ak}", False), (f"one_to_one:{small.sop}", True)]


def test_radar_screen_snapshot(snap_compare, settings, store, clock, small):
    assert _snapshot(snap_compare, settings, store, clock, "N")


def test_radar_screen_discreet_snapshot(snap_compare, settings, store, clock, small):
    assert _snapshot(snap_compare, settings, store, clock, "m", "N")
