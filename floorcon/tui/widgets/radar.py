"""The radar's table, shared by the dashboard pane and the Radar screen (N): one row per item,
ranked, with its reason in figures. Discreet mode masks client names and amounts."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from .panes import Palette, TablePane, client_name

if TYPE_CHECKING:
    from ...services.radar import RadarItem

# A mark per rule, so the eye finds the kind of item before reading it.
MARKS = {"appointment": "◷", "pace": "▼", "satisfaction": "☹", "followup": "✉", "month": "▼",
         "one_to_one": "●", "checkpoint": "●", "coaching": "●"}
# 123 cells and 10 of padding: the pane's width at 140 columns, no horizontal scrolling.
COLUMNS = (("", 1), ("What", 31), ("Client", 20), ("Why, in figures", 58), ("enter", 13))
# What enter does, in the last column.
ACTS = {"note": "coaching note", "brief": "client brief", "client": "client file", "associate": "associate",
        "targets": "targets", "satisfaction": "satisfaction"}


class RadarTable(DataTable):
    """Ranked radar items; the row key is the item's key. enter acts (the screen hears the row
    selected), x takes the highlighted item off for the day."""

    BINDINGS: ClassVar = [Binding("x", "dismiss_item", "Dismiss for today")]

    def __init__(self, wider: int = 0, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.items: list[RadarItem] = []
        self.wider = wider  # cells more for the reason (the screen has no border to draw)

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.add_column(label, width=width + (self.wider if label.startswith("Why") else 0))

    def show(self, items: list[RadarItem], discreet: bool, p: Palette) -> None:
        """Replace the rows, keeping the cursor on the same place in the list."""
        self.items = items
        cursor = self.cursor_row
        self.clear()
        urgent = {"appointment": p.late, "pace": p.behind, "satisfaction": p.late, "followup": p.behind,
                  "month": p.behind}
        for item in items:
            self.add_row(
                Text(MARKS.get(item.rule, "·"), style=urgent.get(item.rule, p.accent)),
                Text(item.title, style="bold"),
                client_name(item.client, discreet) if item.client else Text("—", style=p.muted),
                item.shown_reason(discreet),
                Text(ACTS.get(item.act, item.act), style=p.muted),
                key=item.key,
            )
        if self.row_count:
            self.move_cursor(row=min(max(cursor, 0), self.row_count - 1), animate=False)

    def highlighted(self) -> RadarItem | None:
        if self.row_count == 0:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return next((i for i in self.items if i.key == key), None)

    def action_dismiss_item(self) -> None:
        if (item := self.highlighted()) is not None:
            self.app.take_off_radar(item, acted=False)  # type: ignore[attr-defined]


class RadarPane(TablePane):
    """The dashboard's radar pane: its table, laid after the first frame."""

    def make_table(self) -> DataTable:
        return RadarTable(id="radar-pane-table")
