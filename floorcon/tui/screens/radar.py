"""The Radar (N): everything the rules find now, ranked, with the reason in figures.

enter acts on the highlighted item (a prefilled coaching note, the client brief, the client
file, the associate file or the targets); x dismisses it for the rest of the day. Both take the
item off the list (services.radar remembers it for the day); the app does the writing.
"""

from __future__ import annotations

from typing import ClassVar

from sqlmodel import Session
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ...services.radar import RadarItem, radar
from ..widgets.radar import RadarTable
from .clienteling import ClientWorkScreen


class RadarScreen(ClientWorkScreen):
    """The whole radar, not only its top items."""

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("enter", "act", "Act", show=True),
    ]

    def body(self) -> ComposeResult:
        yield RadarTable(wider=6, id="radar-table")
        yield Static("", id="cl-hint")

    def on_mount(self) -> None:
        self.query_one(RadarTable).focus()
        super().on_mount()

    def load(self, session: Session) -> list[RadarItem]:
        return radar(session, self.fc.store.boutique_id, self.fc.clock, self.fc.settings)

    def show(self, items: list[RadarItem]) -> None:
        n = len(items)
        self.query_one("#cl-title", Static).update(
            f" Radar · what to do next · {n} item{'s' if n != 1 else ''}, most pressing first")
        self.query_one(RadarTable).show(items, self.fc.discreet, self.colours())
        self.query_one("#cl-hint", Static).update(
            "enter act on the item · x dismiss it for today · an item acted on leaves the list" if items
            else "Nothing on the radar: no rule fires now (thresholds in [radar] of config.toml)")

    def action_act(self) -> None:
        if (item := self.query_one(RadarTable).highlighted()) is not None:
            self.fc.act_on_radar(item)

    @on(DataTable.RowSelected, "#radar-table")
    def _selected(self) -> None:
        self.action_act()
