"""Snapshots of each screen at a fixed size and a frozen time, on the small boutique.

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from textual.widgets import Input

from floorcon.tui.app import FloorconApp

from .test_tui import settle

SIZE = (140, 42)


async def _settle(pilot) -> None:
    """Every worker done and what their messages started; then one more refresh, in which the
    tables' column widths follow the rows that just came (a snapshot taken under load could
    otherwise catch the old widths)."""
    await settle(pilot.app, pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_dashboard(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_note_form_with_an_error(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("n", "s", "o", "p", "tab", "x", "x")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_followups_focused(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        pilot.app.screen.query_one("#followups-table").focus()
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
