"""App keys that work on every screen but are left out of a busy screen's footer (f1 lists them),
so the footer keeps room for that screen's own keys and for discreet mode, f1 and quit."""

from __future__ import annotations

from textual.binding import Binding

QUIET_APP_KEYS = [
    Binding("n", "app.note", "Note", show=False),
    Binding("s", "app.sale", "Sale", show=False),
    Binding("i", "app.import_file", "Import", show=False),
    Binding("T", "app.targets", "Targets", show=False),
    Binding("r", "app.recap", "Recap", show=False),
    Binding("b", "app.briefing", "Briefing", show=False),
    Binding("w", "app.week", "Week", show=False),
    Binding("p", "app.people", "People", show=False),
    Binding("c", "app.clients", "Clients", show=False),
]
