"""Appointments on screen (A) and on the dashboard.

Pilot tests on the small boutique (conftest.py: Wednesday 25 November 2026, 15:00 in Paris),
asserting on the widgets and on the store; then a snapshot at a fixed size and a frozen time.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select
from textual.widgets import Input, Static

from floorcon.models import Appointment
from floorcon.services import appointments, clienteling
from floorcon.tui.app import FloorconApp
from floorcon.tui.screens.appointments import AppointmentsScreen, BookModal, OutcomeModal
from floorcon.tui.screens.dashboard import DashboardScreen

from .conftest import TODAY
from .test_clienteling_tui import _snapshot, cells
from .test_rituals_tui import SIZE, settle
from .test_tui import type_into


@pytest.fixture
def app(settings, store, clock, small) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


@pytest.fixture
def booked(store, clock, small):
    """This morning's visit (still to close), an HJ presentation at 17:30, one cancelled, one
    tomorrow."""
    b = store.boutique_id
    with store.write() as s:
        s.add(Appointment(boutique_id=b, client_id=small.vic1, associate_id=small.sop,
                          starts_at=clock.at(TODAY, time(11)), purpose="Ring sizing", prepare="Solitaire 52"))
        opp = clienteling.add_opportunity(s, b, client_id=small.hj, estimate=48_000_000, stage="design",
                                          piece="Emerald necklace", now=clock.now_utc())
        appointments.book(s, b, clock, client_id=small.hj, associate_id=small.mb,
                          starts_at=clock.at(TODAY, time(17, 30)), purpose="Present the gouache",
                          prepare="Emerald drop earrings", opportunity_id=opp.id)
        gone = appointments.book(s, b, clock, client_id=small.vic2, associate_id=small.ld,
                                 starts_at=clock.at(TODAY, time(18)), purpose="Strap change")
        appointments.cancel(s, b, gone.id, "Client travelling")
        appointments.book(s, b, clock, client_id=small.regular, associate_id=small.ak,
                          starts_at=clock.at(date(2026, 11, 26), time(12)), purpose="Engraving")
    return small


async def test_book_from_the_screen_with_the_clients_own_associate(app, store, clock, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentsScreen)
        assert cells(app, "ap-table") == []
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, BookModal)
        await type_into(pilot, "C100001")
        await pilot.press("tab", "tab")  # the day is the screen's: today
        await type_into(pilot, "16:30")
        await pilot.press("tab")
        await type_into(pilot, "Try the bracelet")
        await pilot.press("tab")
        await type_into(pilot, "Bracelet 17cm")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentsScreen)
        [row] = cells(app, "ap-table")
        assert row[:8] == ["16:30", "Mme Hélène Dubois", "VIC", "SOP", "Try the bracelet", "Bracelet 17cm",
                           "—", "booked"]
    with store.read() as s:
        [ap] = s.exec(select(Appointment)).all()
    when = clock.local(ap.starts_at).format("YYYY-MM-DD HH:mm")
    assert (ap.client_id, ap.associate_id, when, ap.prepare) == (small.vic1, small.sop, "2026-11-25 16:30",
                                                                 "Bracelet 17cm")


async def test_a_past_time_is_refused_and_nothing_is_saved(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("A", "a")
        await settle(app, pilot)
        await type_into(pilot, "C100001")
        await pilot.press("tab", "tab")
        await type_into(pilot, "9:00")
        await pilot.press("tab")
        await type_into(pilot, "Too late")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BookModal)
        assert "already past" in str(app.screen.query_one("#form-error", Static).render())
    with store.read() as s:
        assert s.exec(select(Appointment)).all() == []


async def test_days_outcome_move_and_cancel(app, store, clock, booked):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        assert [r[0] for r in cells(app, "ap-table")] == ["11:00", "17:30", "18:00"]
        assert cells(app, "ap-table")[1][6:8] == ["Emerald necklace", "booked"]
        await pilot.press("right")
        await settle(app, pilot)
        assert [r[:2] for r in cells(app, "ap-table")] == [["12:00", "M. Paul Garnier"]]
        await pilot.press("t")
        await settle(app, pilot)
        await pilot.press("d")  # the 11:00 visit is past: its outcome
        await settle(app, pilot)
        assert isinstance(app.screen, OutcomeModal)
        assert app.screen.query_one("#field-outcome", Input).value == "done"
        await type_into(pilot, "Sized, ring back Friday")
        await pilot.press("enter")
        await settle(app, pilot)
        assert cells(app, "ap-table")[0][7:] == ["done", "Sized, ring back Friday"]
        await pilot.press("down", "u")  # move the 17:30 to 18:15
        await settle(app, pilot)
        await pilot.press("tab")
        app.screen.query_one("#field-time", Input).value = "18:15"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [r[0] for r in cells(app, "ap-table")] == ["11:00", "18:00", "18:15"]
        await pilot.press("down", "down", "x")
        await settle(app, pilot)
        await type_into(pilot, "Client unwell")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [r[7] for r in cells(app, "ap-table")] == ["done", "cancelled", "cancelled"]
        await pilot.press("x")  # already cancelled: nothing opens
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentsScreen)
    with store.read() as s:
        got = [(clock.local(a.starts_at).format("HH:mm"), a.status, a.outcome)
               for a in s.exec(select(Appointment).order_by(Appointment.starts_at))]
    assert got == [("11:00", "done", "Sized, ring back Friday"), ("18:00", "cancelled", "Client travelling"),
                   ("18:15", "cancelled", "Client unwell"), ("12:00", "booked", "")]


async def test_the_dashboard_shows_todays_booked_appointments(app, booked):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        line = str(app.screen.query_one("#appointments-line", Static).render())
        assert line == ("Appointments  11:00 Mme Hélène Dubois VIC · SOP  ·  17:30 Mme Yuki Tanaka HJ · MB")
        await pilot.press("m")
        await settle(app, pilot)
        line = str(app.screen.query_one("#appointments-line", Static).render())
        assert "Dubois" not in line and "Mme D•••" in line
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert "Appointments" in names


def test_appointments_snapshot(snap_compare, settings, store, clock, booked):
    assert _snapshot(snap_compare, settings, store, clock, "A")
