"""Data in and planning on screen: the import screen and the targets screen, as a manager uses them.

Pilot tests on the small boutique (conftest.py: Wednesday 25 November 2026, 15:00 in Paris;
SOP, LD and AK on the floor, a day target of € 30,000 and a month target of € 600,000), then a
snapshot of each screen at a fixed size and a frozen time.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, func, select
from textual.widgets import DataTable, Input, OptionList, ProgressBar, Static

from floorcon.models import Sale, Shift, Target
from floorcon.tui.app import FloorconApp
from floorcon.tui.screens.dashboard import DashboardScreen
from floorcon.tui.screens.planning import ImportScreen, TargetsScreen

from .conftest import TODAY
from .test_rituals_tui import settle, text_of

SIZE = (140, 42)
DATA = Path(__file__).parent / "data" / "imports"


@pytest.fixture
def app(settings, store, clock, small) -> FloorconApp:
    return FloorconApp(settings, store, clock, watch_interval=0.05)


async def type_into(pilot, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])


def rows(app: FloorconApp, table_id: str) -> dict[str, list[str]]:
    table = app.screen.query_one(f"#{table_id}", DataTable)
    return {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}


def day_targets(store, associates: bool = False) -> dict:
    with store.read() as s:
        query = select(Target).where(Target.period == "day")
        if associates:
            query = query.where(col(Target.associate_id).is_not(None))
            return {(t.associate_id, t.start): t.value for t in s.exec(query)}
        return {t.start: t.value for t in s.exec(query.where(col(Target.associate_id).is_(None)))}


async def open_targets(app: FloorconApp, pilot) -> TargetsScreen:
    await settle(app, pilot)
    await pilot.press("T")
    await settle(app, pilot)
    assert isinstance(app.screen, TargetsScreen)
    return app.screen


# -- targets and the schedule ------------------------------------------------------------------


async def test_targets_screen_shows_the_month_and_todays_floor(app, small):
    async with app.run_test(size=SIZE) as pilot:
        await open_targets(app, pilot)
        days = rows(app, "plan-days")
        assert len(days) == 30  # every day of November
        assert days["2026-11-25"][1] == "€ 30,000"
        assert days["2026-11-29"][1] == "closed"  # a Sunday
        assert days["2026-11-26"][1] == "—"  # open, no target yet
        month = text_of(app.screen.query_one("#plan-month"))
        assert "Month target € 600,000" in month and "Today € 30,000" in month and "3 on the floor" in month
        floor = rows(app, "plan-floor")
        assert [r[0] for r in floor.values()] == ["AK", "LD", "SOP"]
        assert floor[str(small.sop)][2:6] == ["10:30-19:00", "8.5", "€ 13,421", "45%"]  # 8.5 of 19 hours
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_month_target_spread_by_pattern_from_the_screen(app, store):
    async with app.run_test(size=SIZE) as pilot:
        await open_targets(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        field = app.screen.query_one("#field-total", Input)
        assert field.value == "600,000.00"  # the month's target, to edit
        assert app.screen.focused is app.screen.query_one("#field-pattern", Input)
        await type_into(pilot, "sat 2")
        field.value = ""
        field.focus()
        await type_into(pilot, "520 000")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TargetsScreen)
        spread = day_targets(store)
        # November 2026: 21 weekdays at 1, 4 Saturdays at 2, Sundays closed -> 29 shares.
        assert len(spread) == 25 and sum(spread.values()) == 52_000_000
        # 52,000,000 / 29 = 1,793,103.45: each share within a cent, the parts adding up exactly.
        assert set(spread.values()) == {1_793_103, 1_793_104, 3_586_207}
        assert [d.day for d, v in spread.items() if v == 3_586_207] == [7, 14, 21, 28]
        assert date(2026, 11, 29) not in spread
        assert "Month target € 520,000" in text_of(app.screen.query_one("#plan-month"))
        assert rows(app, "plan-days")["2026-11-25"][1] == f"€ {round(spread[TODAY] / 100):,}"


async def test_split_today_by_weights_reaches_the_dashboard(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await open_targets(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert app.screen.query_one("#field-weights", Input).value == "AK 1, LD 1, SOP 1"
        app.screen.query_one("#field-weights", Input).value = ""
        await type_into(pilot, "SOP 2, LD 1, AK 1")
        await pilot.press("enter")
        await settle(app, pilot)
        assert day_targets(store, associates=True) == {
            (small.sop, TODAY): 1_500_000, (small.ld, TODAY): 750_000, (small.ak, TODAY): 750_000,
        }
        floor = rows(app, "plan-floor")
        assert floor[str(small.sop)][4:] == ["€ 15,000", "50%", "by hand"]
        await pilot.press("escape")
        await settle(app, pilot)
        targets = rows(app, "targets-table")
        assert "€ 7,500" in targets[str(small.ld)]


async def test_another_day_is_planned_from_the_spread(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_targets(app, pilot)
        app.screen.query_one("#plan-days", DataTable).focus()
        await pilot.press("up")  # Tuesday 24: Marc was on the floor
        await settle(app, pilot)
        assert screen.chosen == date(2026, 11, 24)
        assert [r[0] for r in rows(app, "plan-floor").values()] == ["MB"]
        assert app.screen.query_one("#plan-floor", DataTable).border_title == "Floor · Tue 24 Nov"
        await pilot.press("a")
        await settle(app, pilot)
        await type_into(pilot, "aiko")
        await pilot.press("tab", "tab")  # the opening hours are the default shift
        app.screen.query_one("#field-end", Input).value = "14:00"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TargetsScreen)
        with store.read() as s:
            shifts = s.exec(select(Shift).where(Shift.associate_id == small.ak)).all()
        local = {(app.clock.local(x.starts_at).format("YYYY-MM-DD HH:mm"),
                  app.clock.local(x.ends_at).format("HH:mm")) for x in shifts}
        assert ("2026-11-24 10:30", "14:00") in local
        assert [r[0] for r in rows(app, "plan-floor").values()] == ["AK", "MB"]
        await pilot.press("x")
        await settle(app, pilot)
        assert app.screen.query_one("#field-associate", Input).value == "AK"  # the highlighted one
        await pilot.press("enter")
        await settle(app, pilot)
        assert [r[0] for r in rows(app, "plan-floor").values()] == ["MB"]
        await pilot.press("t")
        await settle(app, pilot)
        assert screen.chosen == TODAY


async def test_month_navigation(app):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_targets(app, pilot)
        await pilot.press("right")
        await settle(app, pilot)
        assert screen.chosen == date(2026, 12, 1)
        assert "December 2026" in text_of(app.screen.query_one("#plan-title"))
        assert len(rows(app, "plan-days")) == 31
        assert "Month target not set" in text_of(app.screen.query_one("#plan-month"))
        await pilot.press("left", "left")
        await settle(app, pilot)
        assert screen.chosen == date(2026, 10, 1)
        await pilot.press("right")
        await settle(app, pilot)
        assert screen.chosen == TODAY  # back in this month: today


async def test_adjust_one_associates_day_by_hand(app, store, small):
    async with app.run_test(size=SIZE) as pilot:
        await open_targets(app, pilot)
        await pilot.press("j")
        await settle(app, pilot)
        assert app.screen.query_one("#field-associate", Input).value == "AK"  # the highlighted one
        await type_into(pilot, "-5")
        await settle(app, pilot)
        assert "0 or more" in str(app.screen.query_one("#hint-value", Static).render())
        app.screen.query_one("#field-value", Input).value = ""
        await type_into(pilot, "12 000")
        await pilot.press("enter")
        await settle(app, pilot)
        assert day_targets(store, associates=True) == {(small.ak, TODAY): 1_200_000}
        floor = rows(app, "plan-floor")
        assert floor[str(small.ak)][4:] == ["€ 12,000", "40%", "by hand"]
        # The other € 18,000 by hours: SOP 8.5 h and LD 4.5 h of 13.
        assert floor[str(small.sop)][4:] == ["€ 11,769", "39%", "by hours"]
        assert floor[str(small.ld)][4:] == ["€ 6,231", "21%", "by hours"]


# -- importing a file --------------------------------------------------------------------------


async def open_import(app: FloorconApp, pilot) -> ImportScreen:
    await settle(app, pilot)
    await pilot.press("i")
    await settle(app, pilot)
    assert isinstance(app.screen, ImportScreen)
    return app.screen


def sale_count(store) -> int:
    with store.read() as s:
        return s.exec(select(func.count()).select_from(Sale)).one()


async def test_import_checks_then_imports(app, store, tmp_path):
    path = tmp_path / "ventes.csv"
    shutil.copy(DATA / "sales_comma.csv", path)
    before = sale_count(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        assert app.screen.check_action("run", ()) is None  # nothing checked yet
        await type_into(pilot, "sal")
        await pilot.press("right", "tab")  # accept the suggestion
        assert app.screen.query_one("#field-kind", Input).value == "sales"
        app.screen.query_one("#field-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(app, pilot)
        assert sale_count(store) == before  # a dry run writes nothing
        summary = text_of(app.screen.query_one("#import-summary"))
        assert "Would do" in summary and "4 added" in summary
        assert "ctrl+s to import" in text_of(app.screen.query_one("#import-status"))
        assert app.screen.check_action("run", ()) is True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert sale_count(store) == before + 4
        bar = app.screen.query_one("#import-progress", ProgressBar)
        assert bar.progress == bar.total == 4
        assert "Done" in text_of(app.screen.query_one("#import-summary"))
        assert app.screen.check_action("run", ()) is None  # the same file is not imported twice by a key


async def test_import_lists_bad_rows_and_writes_nothing(app, store, tmp_path):
    path = tmp_path / "sales_bad.csv"
    shutil.copy(DATA / "sales_bad.csv", path)
    before = sale_count(store)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        await type_into(pilot, "sales")
        await pilot.press("tab")
        app.screen.query_one("#field-path", Input).value = str(path)
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        problems = app.screen.query_one("#import-problems", OptionList)
        assert problems.display and problems.option_count == 3
        first = str(problems.get_option_at_index(0).prompt)
        assert first == "sales_bad.csv:4: amount: '12,34,5' is not an amount"
        assert "ctrl+k" in text_of(app.screen.query_one("#import-status"))
        assert app.screen.check_action("run", ()) is None
        await pilot.press("ctrl+k", "ctrl+d")
        await settle(app, pilot)
        assert app.screen.check_action("run", ()) is True
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert sale_count(store) == before + 3
        assert (tmp_path / "sales_bad.rejects.csv").exists()


async def test_import_says_what_is_wrong_with_the_form(app, tmp_path):
    async with app.run_test(size=SIZE) as pilot:
        await open_import(app, pilot)
        await type_into(pilot, "stock")
        await pilot.press("tab")
        app.screen.query_one("#field-path", Input).value = str(tmp_path / "missing.csv")
        await pilot.press("ctrl+d")
        await settle(app, pilot)
        status = text_of(app.screen.query_one("#import-status"))
        kinds = "sales, traffic, satisfaction, clients, targets, schedule"
        assert f"kind: 'stock' is not one of {kinds}" in status


# -- snapshots ---------------------------------------------------------------------------------


async def _frozen(pilot) -> None:
    await settle(pilot.app, pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def test_targets_snapshot(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _frozen(pilot)
        await pilot.press("T")
        await _frozen(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_import_snapshot(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _frozen(pilot)
        await pilot.press("i")
        await _frozen(pilot)
        await pilot.press(*"sales", "tab")
        # Relative to the repository (where pytest runs), so the picture is the same in any clone.
        pilot.app.screen.query_one("#field-path", Input).value = "tests/data/imports/sales_bad.csv"
        await pilot.press("ctrl+d")
        await _frozen(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
