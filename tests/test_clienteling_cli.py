"""`floorcon pipeline`, `floorcon plan list|show|create` and `floorcon events` on the small
boutique (conftest.py: Wed 25 Nov 2026 15:00 in Paris). main() in-process, one real subprocess.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest

from floorcon.clock import Clock
from floorcon.db import open_store
from floorcon.models import ClientelingAction, ClientelingPlan
from floorcon.services import clienteling, events
from floorcon.services.privacy import record_consent

from .conftest import NOW, Shop, assert_one_error_line, make_settings, run
from .test_cli import call, rows


def write(shop: Shop, fill) -> None:  # type: ignore[no-untyped-def]
    """Run fill(session, boutique_id, clock) in one write on the shop's store."""
    settings = make_settings(shop.db)
    store = open_store(settings)
    clock = Clock(settings, fixed=NOW)
    try:
        with store.write() as session:
            fill(session, store.boutique_id, clock)
    finally:
        store.dispose()


@pytest.fixture
def consented(shop: Shop) -> Shop:
    """vic1 by e-mail, hj by SMS; vic2 and regular consented to nothing."""
    ids = shop.ids

    def fill(s, b, clock):  # type: ignore[no-untyped-def]
        for cid, channel in ((ids.vic1, "email"), (ids.hj, "sms")):
            record_consent(s, b, cid, channel, True, clock.now_utc() - timedelta(days=3), "in boutique", "SM")

    write(shop, fill)
    return shop


def test_pipeline_as_text_and_json(shop: Shop, capsys) -> None:
    ids = shop.ids

    def fill(s, b, clock):  # type: ignore[no-untyped-def]
        clienteling.add_opportunity(s, b, client_id=ids.hj, estimate=48_000_000, stage="design",
                                    piece="Emerald necklace", next_step="Present the gouache",
                                    next_step_due=date(2026, 11, 27), now=clock.now_utc())
        clienteling.add_opportunity(s, b, client_id=ids.vic1, estimate=12_000_000, stage="order",
                                    now=clock.now_utc())

    write(shop, fill)
    code, out, err = call(shop, capsys, "pipeline")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "High Jewelry pipeline · 2 open · € 600,000 · weighted € 228,000"
    assert "design         1  € 480,000     25%  € 120,000" in lines
    assert any("C100003 Mme Yuki Tanaka" in line and "Present the gouache" in line
               and "Fri 2026-11-27" in line for line in lines)
    code, out, _ = call(shop, capsys, "pipeline", "--format", "json")
    data = json.loads(out)
    assert data["open"] == {"count": 2, "total": 60_000_000, "weighted": 22_800_000}
    assert data["stages"][3] == {"stage": "order", "count": 1, "total": 12_000_000, "weight": 0.9,
                                 "weighted": 10_800_000}
    first = data["opportunities"][0]
    assert (first["client_number"], first["next_step_due"], first["followup"]) == (
        "C100003", "2026-11-27", "open")
    code, out, _ = call(shop, capsys, "pipeline", "--format", "md")
    assert "| STAGE | COUNT | TOTAL | WEIGHT | WEIGHTED |" in out and out.startswith("## High Jewelry")


def test_plan_create_list_show(consented: Shop, capsys) -> None:
    code, out, err = call(consented, capsys, "plan", "create", "Holiday", "gifting", "--segment", "vic, hj",
                          "--not-owned", "watches", "--to", "24/12/2026", "--window", "20")
    assert (code, err) == (0, "")
    # vic2 owns a watch; vic1 (e-mail) and hj (SMS) are reachable
    assert out == 'Saved plan #1 "Holiday gifting" 2026-11-25 to 2026-12-24: 2 actions\n'
    [plan] = rows(consented, ClientelingPlan)
    assert (plan.segments, plan.not_owned, plan.attribution_days, plan.created_by) == (
        "VIC,HJ", "watches", 20, "SM")
    actions = rows(consented, ClientelingAction)
    assert sorted((a.client_id, a.channels) for a in actions) == sorted(
        [(consented.ids.vic1, "email"), (consented.ids.hj, "sms")])

    code, out, _ = call(consented, capsys, "plan", "create", "Launch", "--segment", "VIC")
    assert out.endswith(": 1 action; left out: 1 without a consented channel\n")

    code, out, _ = call(consented, capsys, "plan", "list", "--format", "md")
    assert out.splitlines()[:2] == ["| # | PLAN | FROM | TO | DONE | ACTIONS | ATTRIBUTED |",
                                    "| ---: | --- | --- | --- | ---: | ---: | ---: |"]
    code, out, _ = call(consented, capsys, "plan", "show", "1", "--format", "json")
    data = json.loads(out)
    assert (data["name"], data["selection"], data["todo"], data["done"], data["attributed"]) == (
        "Holiday gifting", "VIC, HJ · never bought watches", 2, 0, 0)
    assert [(a["initials"], a["todo"]) for a in data["associates"]] == [("MB", 1), ("SOP", 1)]
    code, out, _ = call(consented, capsys, "plan", "show", "#1")
    assert out.splitlines()[:3] == [
        "Plan #1 · Holiday gifting · 2026-11-25 to 2026-12-24",
        "VIC, HJ · never bought watches · sales within 20 days of the contact",
        "0 of 2 contacted · € 0 attributed",
    ]


def test_plan_create_refuses_bad_input_and_writes_nothing(consented: Shop, capsys) -> None:
    code, _, err = call(consented, capsys, "plan", "create", "Launch", "--segment", "gold")
    assert code == 2
    assert_one_error_line(err, "segment: 'gold' is not one of VIC, HJ, regular, prospect")
    code, _, err = call(consented, capsys, "plan", "create", "Launch", "--owned", "watches",
                        "--segment", "HJ")
    assert code == 2
    assert_one_error_line(err, "no client to contact matches this selection")
    code, _, err = call(consented, capsys, "plan", "create", "Launch", "--owner", "Zed")
    assert code == 2
    assert_one_error_line(err, "associate: no active associate 'Zed'")
    assert rows(consented, ClientelingPlan) == []
    code, _, err = call(consented, capsys, "plan", "show", "99")
    assert code == 2
    assert_one_error_line(err, "plan: no clienteling plan #99")


def test_events_list_and_guest_list(shop: Shop, capsys) -> None:
    ids = shop.ids

    def fill(s, b, clock):  # type: ignore[no-untyped-def]
        starts = clock.at(date(2026, 11, 20), time(18, 30))
        e = events.add_event(s, b, title="Private viewing", starts_at=starts, place="Salon",
                             theme="Emeralds", partners="Hôtel Rivoli")
        guest = events.invite(s, b, e.id, ids.vic1, clock.now_utc())
        events.set_status(s, b, guest.id, "attended", clock.now_utc())
        events.invite(s, b, e.id, ids.vic2, clock.now_utc())
        events.log_action(s, b, day=date(2026, 11, 12), partner="Hôtel Rivoli", what="Concierge breakfast",
                          outcome="Two referrals", now=clock.now_utc())

    write(shop, fill)
    code, out, _ = call(shop, capsys, "events", "--format", "json")
    data = json.loads(out)
    # vic1 bought 485 000 today (R1), within 14 days of the viewing
    assert data["events"] == [{
        "id": 1, "title": "Private viewing", "starts_at": "2026-11-20T18:30:00+01:00", "place": "Salon",
        "theme": "Emeralds", "partners": ["Hôtel Rivoli"], "invited": 2, "confirmed": 0, "attended": 1,
        "no_show": 0, "attributed": 485_000}]
    assert data["community"] == [{"day": "2026-11-12", "partner": "Hôtel Rivoli",
                                  "what": "Concierge breakfast", "outcome": "Two referrals"}]
    code, out, _ = call(shop, capsys, "events", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[:3] == [
        "Private viewing · Fri 2026-11-20 18:30 · Salon", "theme: Emeralds · partners: Hôtel Rivoli",
        "2 invited · 0 confirmed · 1 attended · 0 no-show · € 4,850 bought by attendees within 14 days"]
    assert any(line.startswith("C100001 Mme Hélène Dubois") and line.endswith("€ 4,850") for line in lines)


def test_the_real_command_exits_2_on_an_unknown_event(shop: Shop) -> None:
    done = run(shop, "events", "7")
    assert done.returncode == 2 and done.stdout == ""
    assert_one_error_line(done.stderr, "event: no event #7")
