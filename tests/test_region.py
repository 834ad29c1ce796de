"""The regional roll-up: the small boutique (TST, Paris, EUR) beside Cannes (CAN-CRO, EUR) and
Ginza (TYO-GNZ, Tokyo, JPY), on Wed 25 Nov 2026, figures computed by hand.

TST (test_kpi.py): target 30,000.00, net 17,000.00, 3 transactions; month 119,000.00 of 600,000.00.
CAN-CRO: target 20,000.00; one sale of 5,000.00 today; no month target set, so the month's is
its days' (20,000.00).
TYO-GNZ: target ¥1,000,000; today in Tokyo ¥800,000 + ¥400,000 (2 pieces, one receipt), plus
a sale at 02:00 on the 26th in Tokyo (still the 25th in Paris: not Ginza's day); ¥3,000,000 on
10 Nov; month target ¥20,000,000.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from floorcon.models import Associate, Boutique, Sale, Target
from floorcon.services import region
from floorcon.services.parsing import InputError
from floorcon.tui.app import FloorconApp
from floorcon.tui.screens.region import RegionScreen

from .conftest import TODAY
from .test_cli import call

SIZE = (140, 42)


def add_boutique(store, code: str, name: str, tz: str, currency: str) -> tuple[int, int]:
    with store.write() as s:
        b = Boutique(code=code, name=name, timezone=tz, currency=currency,
                     created_at=datetime(2026, 1, 1, tzinfo=UTC))
        s.add(b)
        s.flush()
        a = Associate(boutique_id=b.id, initials="AA", first_name="Anne", last_name="Arnaud")
        s.add(a)
        s.flush()
        return b.id, a.id  # type: ignore[return-value]


@pytest.fixture
def region_store(store, small):
    cannes, anne = add_boutique(store, "CAN-CRO", "Maison Croisette", "Europe/Paris", "EUR")
    ginza, aki = add_boutique(store, "TYO-GNZ", "Maison Ginza", "Asia/Tokyo", "JPY")
    with store.write() as s:
        s.add(Target(boutique_id=cannes, period="day", start=TODAY, value=2_000_000))
        s.add(Sale(boutique_id=cannes, receipt="C1", sold_at=datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
                   associate_id=anne, amount=500_000))
        s.add(Target(boutique_id=ginza, period="day", start=TODAY, value=1_000_000))
        s.add(Target(boutique_id=ginza, period="month", start=date(2026, 11, 1), value=20_000_000))
        # 10:00 and 11:00 on the 25th in Tokyo (01:00, 02:00 UTC): one receipt, two lines.
        s.add(Sale(boutique_id=ginza, receipt="G1", line=1, sold_at=datetime(2026, 11, 25, 1, tzinfo=UTC),
                   associate_id=aki, amount=800_000))
        s.add(Sale(boutique_id=ginza, receipt="G1", line=2, sold_at=datetime(2026, 11, 25, 2, tzinfo=UTC),
                   associate_id=aki, amount=400_000, units=2))
        # 02:00 on the 26th in Tokyo: the 25th in Paris and in UTC, but not Ginza's 25th.
        s.add(Sale(boutique_id=ginza, receipt="G2", sold_at=datetime(2026, 11, 25, 17, tzinfo=UTC),
                   associate_id=aki, amount=9_999_000))
        s.add(Sale(boutique_id=ginza, receipt="G0", sold_at=datetime(2026, 11, 10, 3, tzinfo=UTC),
                   associate_id=aki, amount=3_000_000))
    return store


def test_each_boutique_on_its_own_day_and_currency(region_store, settings, clock):
    with region_store.read() as s:
        r = region.region(s, settings, clock, TODAY)
    assert [(d.code, d.currency) for d in r.boutiques] == [
        ("CAN-CRO", "EUR"), ("TST", "EUR"), ("TYO-GNZ", "JPY")]
    can, tst, tyo = r.boutiques
    assert (can.target, can.figures.net_sales, can.figures.transactions) == (2_000_000, 500_000, 1)
    assert can.achievement == pytest.approx(0.25)
    assert (can.pane.month_target, can.pane.month_to_date) == (2_000_000, 500_000)
    assert (tst.target, tst.figures.net_sales, tst.figures.transactions) == (3_000_000, 1_700_000, 3)
    assert (tst.pane.month_target, tst.pane.month_to_date) == (60_000_000, 11_900_000)
    assert (tyo.target, tyo.figures.net_sales, tyo.figures.transactions, tyo.figures.units) == (
        1_000_000, 1_200_000, 1, 3)
    assert tyo.achievement == pytest.approx(1.2)
    assert tyo.atv == 1_200_000
    assert (tyo.pane.month_target, tyo.pane.month_to_date) == (20_000_000, 4_200_000)
    # Totals per currency, never across: EUR adds Cannes and TST, yen stands alone.
    assert not r.one_currency
    eur, jpy = r.totals
    assert (eur.currency, eur.boutiques, eur.target, eur.figures.net_sales, eur.figures.transactions) == (
        "EUR", 2, 5_000_000, 2_200_000, 4)
    assert eur.achievement == pytest.approx(0.44)
    assert eur.atv == 550_000
    assert (eur.month_target, eur.month_to_date) == (62_000_000, 12_400_000)
    assert eur.month_achievement == pytest.approx(0.2)
    assert (jpy.currency, jpy.boutiques, jpy.target, jpy.figures.net_sales) == (
        "JPY", 1, 1_000_000, 1_200_000)
    assert region.currency_note(r) == ("No grand total: the boutiques sell in EUR, JPY; each currency is "
                                       "totalled on its own.")


def test_one_currency_has_one_regional_total(region_store, settings, clock):
    with region_store.read() as s:
        r = region.region(s, settings, clock, TODAY, ["tst", "CAN-CRO"])
    assert [d.code for d in r.boutiques] == ["TST", "CAN-CRO"]  # in the order asked
    assert r.one_currency and region.currency_note(r) == ""
    rows = region.table_rows(r, settings, clock)
    assert rows[-1] == ["Region", "€ 50,000", "€ 22,000", "44%", "4", "€ 5,500", "€ 124,000", "€ 620,000",
                        "20%"]


def test_unknown_boutique_is_named(region_store, settings, clock):
    named = r"unknown boutique 'NOPE' \(in this store: CAN-CRO, TST, TYO-GNZ\)"
    with region_store.read() as s, pytest.raises(InputError, match=named):
        region.region(s, settings, clock, TODAY, ["NOPE"])
    with pytest.raises(InputError, match="--boutiques"):
        region.parse_boutiques(" , ")
    assert region.parse_boutiques("ALL") is None
    assert region.parse_boutiques("TST, CAN-CRO") == ["TST", "CAN-CRO"]


def test_recap_boutiques_all_from_the_command_line(region_store, shop, capsys):
    code, out, err = call(shop, capsys, "recap", "--boutiques", "all", "--format", "csv")
    assert (code, err) == (0, "")
    lines = list(csv.DictReader(io.StringIO(out)))
    assert [(r["code"], r["name"], r["currency"], r["net_sales"], r["target"], r["achievement"])
            for r in lines] == [
        ("CAN-CRO", "Maison Croisette", "EUR", "500000", "2000000", "0.2500"),
        ("TST", "Maison Test", "EUR", "1700000", "3000000", "0.5667"),
        ("TYO-GNZ", "Maison Ginza", "JPY", "1200000", "1000000", "1.2000"),
        ("", "Total EUR", "EUR", "2200000", "5000000", "0.4400"),
        ("", "Total JPY", "JPY", "1200000", "1000000", "1.2000"),
    ]
    code, out, _ = call(shop, capsys, "recap", "--boutiques", "all", "--format", "json")
    data = json.loads(out)
    assert data["kind"] == "region" and data["one_currency"] is False
    assert [(b["code"], b["minor_digits"], b["month_to_date"]) for b in data["boutiques"]] == [
        ("CAN-CRO", 2, 500_000), ("TST", 2, 11_900_000), ("TYO-GNZ", 0, 4_200_000)]
    code, out, _ = call(shop, capsys, "recap", "--boutiques", "all")
    assert "| TYO-GNZ Maison Ginza | ¥ 1,000,000 | ¥ 1,200,000 | 120% |" in out
    assert "No grand total: the boutiques sell in EUR, JPY" in out
    code, out, err = call(shop, capsys, "recap", "--boutiques", "PAR")
    assert code == 2 and out == ""
    assert err.startswith("floorcon: --boutiques: unknown boutique 'PAR'")


async def test_region_screen_from_the_palette(region_store, small, settings, clock):
    app = FloorconApp(settings, region_store, clock, watch_interval=0.05)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Region" in commands
        app.action_region()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RegionScreen)
        table = screen.query_one("#region-table")
        assert table.row_count == 5
        tyo = [str(c) for c in table.get_row("TYO-GNZ")]
        assert tyo[1:4] == ["TYO-GNZ Maison Ginza", "¥ 1,000,000", "¥ 1,200,000"]
        assert [str(c) for c in table.get_row("total-EUR")][1:4] == ["Total EUR", "€ 50,000", "€ 22,000"]
        assert "No grand total" in str(screen.query_one("#region-note").render())
        # Another terminal's write to any boutique shows without a key pressed.
        with region_store.write() as s:
            s.add(Sale(boutique_id=region_store.boutique_id, receipt="R9", associate_id=small.sop,
                       sold_at=datetime(2026, 11, 25, 13, 30, tzinfo=UTC), amount=300_000))
        for _ in range(40):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
            if "€ 20,000" in [str(c) for c in table.get_row("TST")]:
                break
        assert [str(c) for c in table.get_row("TST")][3] == "€ 20,000"
        await pilot.press("escape")
        assert not isinstance(app.screen, RegionScreen)
