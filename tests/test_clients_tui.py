"""Pilot tests of the clients' screens, each flow ending in the store; snapshots of the client
file and of a portfolio (fixed size, frozen time, no cursor blink)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from floorcon.models import Client, ClientContact, FollowUp, Sale
from floorcon.services import clients
from floorcon.tui.app import FloorconApp
from floorcon.tui.modals.capture import FollowUpModal
from floorcon.tui.modals.clients import ContactModal, ProfileModal, ReassignClientsModal
from floorcon.tui.modals.followup_actions import CancelModal, DoneModal, SnoozeModal
from floorcon.tui.screens.clients import ClientFileScreen, ClientsScreen, PortfolioScreen

from .test_rituals_tui import _settle_and_still
from .test_tui import SIZE, settle, type_into


@pytest.fixture
def app(settings, store, clock, small) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


@pytest.fixture
def profiled(store, clock, small):
    """VIC 1 with preferences, sizes, an anniversary, a second owner and a contact."""
    with store.write() as s:
        c = s.get(Client, small.vic1)
        c.preferences, c.sizes, c.anniversary = "Yellow gold, fine chains", "ring 52", date(2001, 12, 1)
        c.birthday, c.second_owner_id = date(1975, 3, 14), small.ak
        when = clock.at(date(2026, 11, 20), time(11))
        clients.log_contact(s, store.boutique_id, small.vic1, "phone", when, small.sop,
                            "Called about the new collection")
    return small


def static_text(app: FloorconApp, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def test_search_then_open_the_file_and_log_a_contact(app, store, clock, profiled):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        assert isinstance(app.screen, ClientsScreen)
        await type_into(pilot, "dubios")  # a typo
        await settle(app, pilot)
        results = app.screen.query_one("#client-results", DataTable)
        assert results.row_count == 1
        assert str(results.get_row_at(0)[0]) == "C100001"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientFileScreen)
        profile = static_text(app, "file-profile")
        assert "SOP Sophie Martin  ·  second: AK Aiko Kimura" in profile
        assert "Yellow gold, fine chains" in profile and "anniversary 01/12/2001" in profile
        assert app.screen.query_one("#section-contacts", DataTable).row_count == 1

        await pilot.press("l")
        assert isinstance(app.screen, ContactModal)
        await type_into(pilot, "Sent photos of the hoops")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientFileScreen)
        assert app.screen.query_one("#section-contacts", DataTable).row_count == 2
    with store.read() as s:
        logged = s.exec(select(ClientContact).order_by(ClientContact.id)).all()
    assert [(c.channel, c.associate_id, c.note) for c in logged][-1] == (
        "phone", profiled.sop, "Sent photos of the hoops")
    assert logged[-1].contacted_at == clock.now_utc()


async def test_discreet_mode_masks_the_client_file(app, profiled):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.push_screen(ClientFileScreen(profiled.vic1))
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        profile = static_text(app, "file-profile")
        title = static_text(app, "client-file-title")
        assert "Dubois" not in title and "Mme D•••" in title
        assert "•••• 78" in profile and "•••@example.com" in profile
        assert "Yellow gold" not in profile and "ring 52" not in profile and "1975" not in profile
        purchases = app.screen.query_one("#section-purchases", DataTable)
        assert str(purchases.get_row_at(0)[4]) == "€ •••"


async def test_cancel_a_followup_with_its_reason(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#followups-table", DataTable)
        table.focus()
        await pilot.press("x")
        assert isinstance(app.screen, CancelModal)
        await pilot.press("enter")  # no reason: refused
        await settle(app, pilot)
        assert isinstance(app.screen, CancelModal)
        await type_into(pilot, "Client abroad until March")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.query_one("#followups-table", DataTable).row_count == 2
    with store.read() as s:
        f = s.get(FollowUp, small.overdue)
    assert (f.status, f.cancel_reason) == ("cancelled", "Client abroad until March")


async def test_portfolio_then_move_all_clients(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        team = app.screen.query_one("#portfolios", DataTable)
        team.focus()
        team.move_cursor(row=[str(k.value) for k in team.rows].index(str(small.sop)))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PortfolioScreen)
        assert "SOP Sophie Martin" in static_text(app, "pf-title")
        assert app.screen.query_one("#pf-clients", DataTable).row_count == 1
        await pilot.press("O")
        assert isinstance(app.screen, ReassignClientsModal)
        await type_into(pilot, "LD")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PortfolioScreen)
        assert app.screen.query_one("#pf-clients", DataTable).row_count == 0
    with store.read() as s:
        assert s.get(Client, small.vic1).owner_id == small.ld
        assert s.get(FollowUp, small.overdue).owner_id == small.ld


async def test_followup_form_warns_of_a_recent_contact(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await type_into(pilot, "C100001")
        await settle(app, pilot)
        hint = static_text(app, "hint-client")
        assert "→ C100001 · Mme Hélène Dubois · VIC" in hint
        assert "⚠ client C100001 was already contacted today" in hint


async def test_edit_the_profile_from_the_client_file(app, store, profiled):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.push_screen(ClientFileScreen(profiled.vic1))
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, ProfileModal)
        assert app.screen.query_one("#field-sizes", Input).value == "ring 52"
        assert app.screen.query_one("#field-second_owner", Input).value == "AK"
        app.screen.query_one("#field-sizes", Input).value = "ring 53, wrist 15 cm"
        app.screen.query_one("#field-anniversary", Input).value = "31/02/2001"  # no such day
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ProfileModal)
        assert "not a real date" in static_text(app, "hint-anniversary")
        app.screen.query_one("#field-anniversary", Input).value = ""
        app.screen.query_one("#field-second_owner", Input).value = "LD"
        app.screen.query_one("#field-language", Input).value = "english"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientFileScreen)
        profile = static_text(app, "file-profile")
        assert "ring 53, wrist 15 cm" in profile and "second: LD Louis Durand" in profile
    with store.read() as s:
        c = s.get(Client, profiled.vic1)
    assert (c.sizes, c.anniversary, c.second_owner_id, c.language, c.preferences) == (
        "ring 53, wrist 15 cm", None, profiled.ld, "en", "Yellow gold, fine chains")


async def test_no_profile_form_in_discreet_mode(app, profiled):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.push_screen(ClientFileScreen(profiled.vic1))
        await settle(app, pilot)
        await pilot.press("m")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ClientFileScreen)
        await pilot.press("m")  # out of discreet mode: the form opens
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ProfileModal)


async def test_done_and_snooze_a_followup_from_the_client_file(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.push_screen(ClientFileScreen(small.vic1))
        await settle(app, pilot)
        await pilot.press("z")  # the first open follow-up: the overdue one
        assert isinstance(app.screen, SnoozeModal)
        assert app.screen.followup_id == small.overdue
        await pilot.press("ctrl+a", "ctrl+k")
        await type_into(pilot, "+7")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientFileScreen)
        with store.read() as s:
            assert s.get(FollowUp, small.overdue).due == app.clock.today() + timedelta(days=7)
        await pilot.press("d")
        assert isinstance(app.screen, DoneModal)
        await type_into(pilot, "Called, visit Saturday")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientFileScreen)
        await pilot.press("x")  # nothing open any more
        await settle(app, pilot)
        assert isinstance(app.screen, ClientFileScreen)
    with store.read() as s:
        f = s.get(FollowUp, small.overdue)
    assert (f.status, f.outcome) == ("done", "Called, visit Saturday")


async def test_followup_form_finds_a_client_despite_a_typo(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await type_into(pilot, "whitfeld")
        await settle(app, pilot)
        assert static_text(app, "hint-client").startswith(
            "→ C100002 · Mr James Whitfield · VIC  (a typo forgiven)")
        await pilot.press("tab")
        await type_into(pilot, "thank")
        await pilot.press("tab")
        await type_into(pilot, "+2")
        await pilot.press("tab")
        await type_into(pilot, "Card for the strap")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, FollowUpModal)
    with store.read() as s:
        made = s.exec(select(FollowUp).where(FollowUp.action == "Card for the strap")).one()
    assert (made.client_id, made.kind, made.owner_id) == (small.vic2, "thank-you", small.ld)


# -- snapshots ---------------------------------------------------------------------------------------


def test_client_file_snapshot(snap_compare, settings, store, clock, profiled):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        pilot.app.push_screen(ClientFileScreen(profiled.vic1))
        await _settle_and_still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_portfolio_snapshot(snap_compare, settings, store, clock, profiled):
    with store.write() as s:  # a VIC of SOP's who last bought 14 months ago: lapsing
        c = Client(boutique_id=store.boutique_id, number="C100005", title="Mr", first_name="Omar",
                   last_name="Haddad", segment="VIC", owner_id=profiled.sop, created_at=clock.now_utc())
        s.add(c)
        s.flush()
        s.add(Sale(boutique_id=store.boutique_id, receipt="R0925",
                   sold_at=clock.at(date(2025, 9, 20), time(15)), associate_id=profiled.sop,
                   client_id=c.id, amount=2_450_000, units=1, category="watches"))
        s.add(ClientContact(boutique_id=store.boutique_id, client_id=c.id, channel="email",
                            contacted_at=clock.now_utc() - timedelta(days=120)))
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        pilot.app.push_screen(PortfolioScreen(profiled.sop))
        await _settle_and_still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
