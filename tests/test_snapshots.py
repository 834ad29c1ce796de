"""Snapshots of each screen at a fixed size and a frozen time, on the small boutique.

Regenerate after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from floorcon.tui.app import FloorconApp

from .test_rituals_tui import _settle_and_still

SIZE = (140, 42)


def test_dashboard(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle_and_still)


def test_note_form_with_an_error(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        await pilot.press("n", "s", "o", "p", "tab", "x", "x")
        await _settle_and_still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_followups_focused(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        pilot.app.screen.query_one("#followups-table").focus()
        await _settle_and_still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await _settle_and_still(pilot)
        await pilot.press("f1")
        await _settle_and_still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
