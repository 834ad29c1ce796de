"""The client brief: the service, `floorcon client brief`, the screen.

The small boutique (conftest.py): Wednesday 25 November 2026, 15:00 in Paris. Hélène Dubois
(C100001, VIC, SOP's) bought R1 this morning: jewelry € 4,500 and accessories € 350.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from textual.widgets import DataTable, Static

from floorcon.models import Client, Sale, SatisfactionScore
from floorcon.services import appointments, clienteling
from floorcon.services.brief import client_brief
from floorcon.services.privacy import record_consent
from floorcon.tui.app import FloorconApp
from floorcon.tui.screens.appointments import AppointmentsScreen
from floorcon.tui.screens.brief import ClientBriefScreen
from floorcon.tui.screens.clients import ClientFileScreen

from .conftest import TODAY, Shop, assert_one_error_line
from .test_cli import call
from .test_clienteling_tui import _snapshot
from .test_rituals_tui import SIZE, settle


def _fill(session, b, clock, ids) -> None:  # type: ignore[no-untyped-def]
    """Preferences and sizes, key dates, consent, older purchases, two survey answers, an open and a
    delivered opportunity, an appointment at 16:00."""
    client = session.get(Client, ids.vic1)
    client.preferences, client.sizes = "Yellow gold, emeralds", "ring 52"
    client.birthday = date(1971, 12, 2)
    session.add(client)
    month_ago = clock.now_utc() - timedelta(days=30)
    record_consent(session, b, ids.vic1, "email", True, month_ago, "in boutique", "SM")
    for n, (day, amount, category) in enumerate(((date(2026, 10, 2), 1_200_000, "bridal"),
                                                 (date(2026, 6, 9), 80_000, "accessories"))):
        session.add(Sale(boutique_id=b, receipt=f"R0{n}", sold_at=clock.at(day, time(12)),
                         associate_id=ids.sop, client_id=ids.vic1, amount=amount, units=1, category=category))
    for n, (day, score) in enumerate(((date(2026, 11, 2), 9.0), (date(2026, 11, 20), 6.0))):
        session.add(SatisfactionScore(boutique_id=b, response_id=f"S{n}", measure="CER", score=score,
                                      received_at=clock.at(day, time(12)), associate_id=ids.sop,
                                      client_id=ids.vic1, comment="Waited" if score < 8 else ""))
    clienteling.add_opportunity(session, b, client_id=ids.vic1, estimate=25_000_000, stage="interest",
                                piece="Ruby ring", now=clock.now_utc())
    clienteling.add_opportunity(session, b, client_id=ids.vic1, estimate=31_000_000, stage="delivered",
                                piece="Pearl sautoir", now=clock.now_utc())
    appointments.book(session, b, clock, client_id=ids.vic1, associate_id=ids.sop,
                      starts_at=clock.at(TODAY, time(16)), purpose="Try the ruby", prepare="Ruby ring 52")


@pytest.fixture
def briefed(store, clock, small):
    with store.write() as s:
        _fill(s, store.boutique_id, clock, small)
    return small


def test_the_brief_is_the_file_cut_short(store, clock, settings, briefed) -> None:
    with store.read() as s:
        brief = client_brief(s, store.boutique_id, briefed.vic1, clock, settings)
    p = brief.profile
    assert (p.number, p.preferences, p.sizes, p.reachable, p.next_key_date.kind, p.next_key_date.days) == (
        "C100001", "Yellow gold, emeralds", "ring 52", ("email",), "birthday", 7)
    sections = {s.key: s.records() for s in brief.sections}
    assert list(sections) == ["last_purchases", "categories", "open_follow_ups", "open_opportunities",
                              "last_satisfaction", "appointments"]
    assert [(r["receipt"], r["category"], r["amount"]) for r in sections["last_purchases"]] == [
        ("R1", "jewelry", 450_000), ("R1", "accessories", 35_000), ("R00", "bridal", 1_200_000)]
    # the same rows as the file's (too few buyers here for a cross-selling opening)
    assert [(r["category"], r["status"], r["amount"]) for r in sections["categories"]] == [
        ("bridal", "owned", 1_200_000), ("jewelry", "owned", 450_000), ("accessories", "owned", 115_000)]
    # the thank-you is open; the birthday follow-up was done
    assert [(r["kind"], r["status"]) for r in sections["open_follow_ups"]] == [("thank-you", "open")]
    assert [(r["piece"], r["stage"]) for r in sections["open_opportunities"]] == [("Ruby ring", "interest")]
    assert [(r["score"], r["comment"]) for r in sections["last_satisfaction"]] == [(6.0, "Waited")]
    assert [(clock.local(r["at"]).format("HH:mm"), r["associate"], r["purpose"], r["prepare"])
            for r in sections["appointments"]] == [("16:00", "SOP", "Try the ruby", "Ruby ring 52")]


def test_cli_client_brief(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    from .test_clienteling_cli import write

    write(shop, lambda s, b, clock: _fill(s, b, clock, shop.ids))
    code, out, err = call(shop, capsys, "client", "brief", "C100001")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Mme Hélène Dubois · C100001 · client brief · Wednesday 25 November 2026"
    assert "Preferences: Yellow gold, emeralds · sizes: ring 52" in lines
    assert "Birthday: 02/12/1971 · anniversary: — · next: birthday in 7 days" in lines
    at = lines.index("Last purchases")
    assert lines[at + 1].split() == ["Day", "Receipt", "Category", "Pieces", "Amount", "SA"]
    assert lines[at + 2].split() == ["25/11/2026", "R1", "jewelry", "1", "€", "4,500", "SOP"]
    opportunity = lines[lines.index("Open High Jewelry opportunities") + 2]
    assert opportunity.split()[:3] == ["Ruby", "ring", "interest"]
    code, out, err = call(shop, capsys, "client", "brief", "C100001", "--format", "md")
    assert (code, err) == (0, "")
    assert out.startswith("# Mme Hélène Dubois · C100001\n\nClient brief · Wednesday 25 November 2026")
    assert "## Last satisfaction score" in out and "| 20/11/2026 | CER | 6 | ⚠ | SOP | Waited |" in out
    code, out, err = call(shop, capsys, "client", "brief", "C100001", "--format", "json")
    data = json.loads(out)
    assert (data["kind"], data["profile"]["sizes"]) == ("client_brief", "ring 52")
    assert [a["purpose"] for a in data["sections"]["appointments"]] == ["Try the ruby"]
    code, out, err = call(shop, capsys, "client", "brief", "C999999")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "C999999")


@pytest.fixture
def app(settings, store, clock, briefed) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


def _section(app: FloorconApp, key: str) -> list[list[str]]:
    table = app.screen.query_one(f"#section-{key}", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_enter_on_an_appointment_opens_the_brief(app, briefed) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientBriefScreen)
        assert str(app.screen.query_one("#client-file-title", Static).render()).startswith(
            " Brief · Mme Hélène Dubois  C100001")
        assert _section(app, "open_opportunities")[0][:2] == ["Ruby ring", "interest"]
        assert _section(app, "appointments")[0][1:4] == ["SOP", "Try the ruby", "Ruby ring 52"]
        await pilot.press("m")  # discreet: masked like the file
        await settle(app, pilot)
        assert "Dubois" not in str(app.screen.query_one("#client-file-title", Static).render())
        assert _section(app, "last_purchases")[0][4] == "€ •••"
        assert "Yellow gold" not in str(app.screen.query_one("#file-profile", Static).render())
        await pilot.press("B")  # the whole file in its place, and back
        await settle(app, pilot)
        assert type(app.screen) is ClientFileScreen
        await pilot.press("B")
        await settle(app, pilot)
        assert isinstance(app.screen, ClientBriefScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, AppointmentsScreen)


def test_client_brief_snapshot(snap_compare, settings, store, clock, briefed):
    assert _snapshot(snap_compare, settings, store, clock, "A", "enter")
