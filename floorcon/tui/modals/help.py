"""f1: every key, and how to type the things forms ask for."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

HELP = """\
# Keys

| key | where | what |
| --- | --- | --- |
| `n` | anywhere | coaching note: associate, moment, kind, what you saw, client |
| `s` | anywhere | log a sale: receipt, associate, amount, pieces, category, client |
| `f` | anywhere | new follow-up for a client |
| `m` | anywhere | discreet mode: mask client names, contacts and amounts |
| `h` | notes or follow-ups pane | the history of the highlighted record |
| `d` | follow-ups pane | mark the highlighted follow-up done, with its outcome |
| `z` | follow-ups pane | snooze it to a later day |
| `a` | follow-ups pane | reassign it to another associate |
| `tab` / `shift+tab` | anywhere | next / previous pane or field |
| `ctrl+p` | anywhere | command palette: every screen and action |
| `f1` | anywhere | this help |
| `q` / `ctrl+q` | anywhere | quit |

# In a form

`enter` saves · `esc` closes and keeps the draft for next time · `→` accepts a suggestion.

- **Associate**: initials (`SOP`) or the first letters of a name (`soph`).
- **Moment**: welcome, discovery, storytelling, objection, closing, after-sales, clienteling
  (the first letters are enough: `st`, `obj`).
- **Kind**: recognition, development, observation.
- **Amount**: `12 500`, `1 234,50`, `1,234.50`; negative (`-950`) for a return.
- **Day**: `28/11/2026`, `2026-11-28`, `28/11`, `+3`, `tomorrow`, `fri`.

# The panes

- **Today's targets**: the boutique, then each associate on the floor. ▼ marks an associate
  behind pace: achievement trails the share of the selling day already gone. The tick in the bar
  is where they should be by now.
- **Coaching notes**: today's notes, newest first, and who has not been coached yet.
- **Follow-ups**: open VIC and High Jewelry follow-ups, overdue first.

Everything is live: what another terminal, the command line or an import writes shows within
a second.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(HELP)

    def action_close(self) -> None:
        self.dismiss(None)
