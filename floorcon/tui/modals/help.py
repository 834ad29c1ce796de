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
| `r` | anywhere | end-of-day recap: the day against target, coaching, follow-ups, tomorrow |
| `b` | anywhere | morning briefing: yesterday, today's targets, the month, the focus story |
| `w` | anywhere | weekly review: the week against target, 8 weeks of trend, coaching |
| `c` | anywhere | clients: search as you type, the client file, the associates' portfolios |
| `m` | anywhere | discreet mode: mask client names, contacts and amounts |
| `h` | notes or follow-ups pane | the history of the highlighted record |
| `d` | follow-ups pane | mark the highlighted follow-up done, with its outcome |
| `z` | follow-ups pane | snooze it to a later day |
| `a` | follow-ups pane | reassign it to another associate |
| `x` | follow-ups pane | cancel it, saying why |
| `tab` / `shift+tab` | anywhere | next / previous pane or field |
| `ctrl+p` | anywhere | command palette: every screen and action |
| `f1` | anywhere | this help |
| `q` / `ctrl+q` | anywhere | quit |

# In the recap, the briefing and the weekly review

| key | what |
| --- | --- |
| `←` / `→` | the previous / next day (the week in the weekly review); the recap stops at today |
| `t` | back to today (this week) |
| `g` | go to any day: `24/11`, `2026-11-24`, `-3`, `yesterday`, `fri` (the last Friday) |
| `e` | export to a file: Markdown, HTML (printable, with the charts), CSV or JSON |
| `c` | copy it as Markdown, ready to paste in an e-mail |
| `tab` then `ctrl+s` | recap: write your summary of the day, and save it with the day |
| `o` | briefing: set the focus story or product of the week |
| `esc` | back to the dashboard |

A summary not yet saved is kept as a draft, day by day, even across a restart.

# Clients

| key | where | what |
| --- | --- | --- |
| type | search box | clients by name, number, phone or e-mail; accents and typos forgiven |
| `enter` | search box or results | open the client file (the first result from the box) |
| `↓` / `/` | search | to the results / back to the box |
| `tab` then `enter` | clients | the portfolio of the associate highlighted |
| `f` | client file | a follow-up for this client |
| `l` | client file | log a contact: phone, e-mail, SMS, mail or visit |
| `o` | client file or portfolio | give the client to another associate |
| `O` | portfolio | move every client of this associate (when they leave) |
| `[` / `]` | portfolio | the previous / next associate |
| `p` | portfolio | pick an associate |
| `esc` | anywhere here | back |

A new follow-up warns (⚠) when the client was contacted in the last
`followups.contact_guard_days` days.

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
