"""Client work on screen: the HJ pipeline (j), clienteling plans (l), events (v), satisfaction (k).

Pilot tests on the small boutique (conftest.py: Wednesday 25 November 2026, 15:00 in Paris),
asserting on the widgets and on the store; then snapshots at a fixed size and a frozen time.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input

from floorcon.models import ClientelingAction, ClientelingPlan, FollowUp, HJOpportunity, Invitation
from floorcon.services import clienteling, events
from floorcon.services.clienteling import Selection
from floorcon.services.privacy import record_consent
from floorcon.tui.app import FloorconApp
from floorcon.tui.screens.clienteling import (
    EventsScreen,
    OpportunityModal,
    PipelineScreen,
    PlanModal,
    PlanScreen,
    PlansScreen,
    SatisfactionScreen,
)
from floorcon.tui.screens.dashboard import DashboardScreen

from .conftest import TODAY
from .test_rituals_tui import SIZE, _settle_and_still, settle
from .test_tui import type_into


@pytest.fixture
def consented(store, clock, small):
    """vic1 by e-mail, hj by e-mail and SMS, regular by SMS; vic2 consented to nothing."""
    b, earlier = store.boutique_id, clock.now_utc() - timedelta(days=30)
    with store.write() as s:
        for cid, channel in ((small.vic1, "email"), (small.hj, "email"), (small.hj, "sms"),
                             (small.regular, "sms")):
            record_consent(s, b, cid, channel, True, earlier, "in boutique", "SM")
    return small


@pytest.fixture
def app(settings, store, clock, consented) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


def cells(app: FloorconApp, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_plan_is_created_from_the_screen(app, store, consented):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, PlansScreen)
        assert cells(app, "cl-plans") == []
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanModal)
        await type_into(pilot, "Holiday gifting")
        await pilot.press("tab")
        await type_into(pilot, "vic, hj")
        await pilot.press("tab", "tab")
        await type_into(pilot, "watches")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PlansScreen)
        [row] = cells(app, "cl-plans")
        assert row[1:5] == ["Holiday gifting", "Wed 25 Nov", "Fri 25 Dec", "0/2"]
    with store.read() as s:
        [plan] = s.exec(select(ClientelingPlan)).all()
        actions = s.exec(select(ClientelingAction).order_by(ClientelingAction.client_id)).all()
    assert (plan.name, plan.segments, plan.not_owned, plan.starts, plan.ends, plan.attribution_days) == (
        "Holiday gifting", "VIC,HJ", "watches", TODAY, TODAY + timedelta(days=30), 30)
    # vic2 owns a watch (and consented to nothing): vic1 by e-mail, hj by e-mail or SMS
    assert [(a.client_id, a.associate_id, a.channels) for a in actions] == [
        (consented.vic1, consented.sop, "email"), (consented.hj, consented.mb, "email,sms")]


async def test_a_plan_that_reaches_nobody_says_so_and_saves_nothing(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l", "a")
        await settle(app, pilot)
        await type_into(pilot, "Watch launch")
        await pilot.press("tab")
        await type_into(pilot, "VIC")
        await pilot.press("tab")
        await type_into(pilot, "watches")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanModal)
        assert "no client to contact" in str(app.screen.query_one("#form-error").render())
    with store.read() as s:
        assert s.exec(select(ClientelingPlan)).all() == []


async def test_a_contact_is_recorded_from_the_plan(app, store, clock, consented):
    with store.write() as s:
        clienteling.create_plan(s, store.boutique_id, clock, name="Launch", starts=TODAY,
                                ends=TODAY + timedelta(days=10), attribution_days=30,
                                selection=Selection(segments=("VIC",)), author="SM")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        assert cells(app, "cl-actions")[0][:5] == ["Mme Hélène Dubois", "VIC", "SOP", "email", "to do"]
        await pilot.press("d")
        await settle(app, pilot)
        assert app.screen.query_one("#field-channel", Input).value == "email"  # outcome has the focus
        await type_into(pilot, "Sent the gift guide")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PlanScreen)
        # contacted this afternoon: R1 this morning was before, so nothing attributed yet
        assert cells(app, "cl-progress") == [["SOP", "Sophie Martin", "1", "0", "100%", "€ 0"]]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, PlansScreen)
    with store.read() as s:
        [action] = s.exec(select(ClientelingAction)).all()
    assert (action.status, action.channel, action.outcome) == ("done", "email", "Sent the gift guide")


async def test_an_opportunity_and_its_next_step_from_the_pipeline(app, store, consented):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert isinstance(app.screen, PipelineScreen)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, OpportunityModal)
        await type_into(pilot, "C100003")
        await pilot.press("tab")
        app.screen.query_one("#field-stage", Input).value = ""
        await type_into(pilot, "des")
        await pilot.press("tab")
        await type_into(pilot, "480 000")
        await pilot.press("tab")
        await type_into(pilot, "Emerald necklace")
        await pilot.press("tab")
        await type_into(pilot, "Present the gouache")
        await pilot.press("tab")
        await type_into(pilot, "+2")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PipelineScreen)
        assert cells(app, "hj-stages")[1][:3] == ["design", "1", "€ 480,000"]
        [row] = cells(app, "hj-opps")
        assert row[:4] == ["Fri 27 Nov", "Mme Yuki Tanaka", "MB", "design"]
        assert row[-1] == "open"
    with store.read() as s:
        [opp] = s.exec(select(HJOpportunity)).all()
        step = s.get(FollowUp, opp.followup_id)
    assert (opp.estimate, opp.owner_id, opp.piece) == (48_000_000, consented.mb, "Emerald necklace")
    assert (step.kind, step.due, step.owner_id, step.action) == (
        "hj-next-step", date(2026, 11, 27), consented.mb, "Present the gouache")


async def test_a_guest_is_invited_and_marked_attended(app, store, clock, consented):
    with store.write() as s:
        events.add_event(s, store.boutique_id, title="Private viewing", starts_at=clock.at(TODAY, time(18)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("g")
        await settle(app, pilot)
        await type_into(pilot, "C100001")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EventsScreen)
        assert [r[:4] for r in cells(app, "ev-guests")] == [["Mme Hélène Dubois", "VIC", "SOP", "invited"]]
        app.screen.query_one("#ev-guests", DataTable).focus()
        await pilot.press("u")
        await settle(app, pilot)
        app.screen.query_one("#field-status", Input).value = "att"
        await pilot.press("enter")
        await settle(app, pilot)
        assert [r[3] for r in cells(app, "ev-guests")] == ["attended"]
    with store.read() as s:
        [guest] = s.exec(select(Invitation)).all()
    assert (guest.client_id, guest.status) == (consented.vic1, "attended")


async def test_discreet_mode_masks_names_and_amounts(app, store, clock, consented):
    with store.write() as s:
        clienteling.add_opportunity(s, store.boutique_id, client_id=consented.hj, estimate=48_000_000,
                                    now=clock.now_utc())
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert cells(app, "hj-opps")[0][1] == "Mme Yuki Tanaka"
        await pilot.press("m")
        await settle(app, pilot)
        row = cells(app, "hj-opps")[0]
        assert (row[1], row[4]) == ("Mme T•••", "€ •••")
        assert cells(app, "hj-stages")[0][2] == "€ •••"


async def test_the_client_screens_replace_each_other_over_the_dashboard(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for key, screen in (("j", PipelineScreen), ("l", PlansScreen), ("v", EventsScreen),
                            ("k", SatisfactionScreen)):
            await pilot.press(key)
            await settle(app, pilot)
            assert isinstance(app.screen, screen)
            assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_every_client_screen_and_action_is_in_the_command_palette(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"High Jewelry pipeline", "Clienteling plans", "Events and ambassadorship",
                "Satisfaction"} <= names
        assert "New clienteling plan" not in names
        await pilot.press("l")
        await settle(app, pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New clienteling plan", "Open the plan"} <= names
        await pilot.press("v")
        await settle(app, pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"New event", "Invite a client", "Guest status", "Log a partnership"} <= names


# -- snapshots ---------------------------------------------------------------------------------


@pytest.fixture
def client_work(store, clock, consented, settings):
    """An HJ pipeline, a plan partly done with a sale after the contact, survey answers."""
    from floorcon.models import FollowUpKind, Sale, SatisfactionScore

    b, now = store.boutique_id, clock.now_utc()
    c = consented
    with store.write() as s:
        for client, stage, estimate, piece, step, due in (
            (c.hj, "design", 48_000_000, "Emerald necklace", "Present the gouache", -1),
            (c.hj, "proposal", 120_000_000, "Sapphire rivière", "Send the quotation", 3),
            (c.vic1, "interest", 25_000_000, "Ruby ring", "Invite to the viewing", 9),
            (c.vic2, "order", 9_000_000, "Diamond tiara", "Fitting of the wax model", 12),
            (c.vic1, "delivered", 31_000_000, "Pearl sautoir", "", None),
        ):
            clienteling.add_opportunity(s, b, client_id=client, estimate=estimate, stage=stage, piece=piece,
                                        next_step=step, now=now,
                                        next_step_due=None if due is None else TODAY + timedelta(days=due))
        made = clienteling.create_plan(s, b, clock, name="Holiday gifting", starts=date(2026, 11, 16),
                                       ends=date(2026, 12, 24), attribution_days=30, selection=Selection(),
                                       author="SM")
        ids = {a.client_id: a.id for a in s.exec(select(ClientelingAction))}
        clienteling.complete_action(s, b, ids[c.vic1], "email", "Gift guide sent, visit booked",
                                    clock.at(date(2026, 11, 20), time(11)))
        clienteling.complete_action(s, b, ids[c.regular], "sms", "Message left", clock.at(TODAY, time(11)))
        s.add(Sale(boutique_id=b, receipt="R9", sold_at=clock.at(TODAY, time(14)), associate_id=c.ak,
                   client_id=c.regular, amount=95_000, units=1, category="jewelry"))
        for n, (measure, score, day, who, client) in enumerate((
            ("CER", 9.0, date(2026, 11, 17), c.sop, c.vic1), ("CER", 6.5, TODAY, c.ak, c.vic2),
            ("CER", 9.5, date(2026, 11, 24), c.sop, c.vic1), ("FTR", 8.5, date(2026, 11, 10), c.ld, c.vic2),
            ("CARE", 10.0, date(2026, 11, 18), c.mb, c.hj),
        )):
            s.add(SatisfactionScore(boutique_id=b, response_id=f"S{n}", measure=measure, score=score,
                                    received_at=clock.at(day, time(12)), associate_id=who, client_id=client,
                                    comment="Waited too long at the counter" if score < 8 else ""))
        s.add(FollowUp(boutique_id=b, client_id=c.vic2, owner_id=c.ak, kind=FollowUpKind.RECOVERY.value,
                       action="Recovery: CER 6.5 — Waited too long at the counter",
                       due=TODAY + timedelta(days=1), created_at=now))
    return made.plan.id


def _snapshot(snap_compare, settings, store, clock, *keys: str) -> bool:
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        await pilot.press(*keys)
        await _settle_and_still(pilot)

    return snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_pipeline_snapshot(snap_compare, settings, store, clock, client_work):
    assert _snapshot(snap_compare, settings, store, clock, "j")


def test_plan_snapshot(snap_compare, settings, store, clock, client_work):
    assert _snapshot(snap_compare, settings, store, clock, "l", "enter")


def test_satisfaction_snapshot(snap_compare, settings, store, clock, client_work):
    assert _snapshot(snap_compare, settings, store, clock, "k")
