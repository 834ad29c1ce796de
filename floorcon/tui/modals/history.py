"""The change log of one record: who changed it, when, and which fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from ...models import ChangeLog
from ...services.privacy import history

if TYPE_CHECKING:
    from ..app import FloorconApp

LABELS = {"coachingnote": "Coaching note", "followup": "Follow-up"}


class HistoryScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [Binding("escape", "close", "Close"), Binding("h", "close", "Close", show=False)]

    def __init__(self, table: str, row_id: int) -> None:
        super().__init__()
        self.table_name = table
        self.row_id = row_id

    def compose(self) -> ComposeResult:
        with Vertical(id="history", classes="form"):
            yield Static(f"{LABELS.get(self.table_name, self.table_name)} #{self.row_id} · history",
                         classes="form-title")
            table: DataTable = DataTable(id="history-table", cursor_type="row")
            table.add_column("When", key="when", width=16)
            table.add_column("Who", key="who", width=8)
            table.add_column("What", key="what", width=7)
            table.add_column("Fields", key="fields")
            yield table
            yield Static("esc close", classes="form-keys")

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        app = cast("FloorconApp", self.app)
        with app.store.read() as session:
            entries = history(session, self.table_name, self.row_id)
        app.call_from_thread(self._show, entries)

    def _show(self, entries: list[ChangeLog]) -> None:
        app = cast("FloorconApp", self.app)
        table = self.query_one(DataTable)
        for e in entries:
            table.add_row(app.clock.local(e.changed_at).format("DD/MM/YYYY HH:mm"), e.actor, e.action,
                          e.fields.replace(",", ", "))
        if not entries:
            table.add_row("", "", "", "no change recorded")

    def action_close(self) -> None:
        self.dismiss(None)
