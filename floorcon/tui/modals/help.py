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
| `j` | anywhere | High Jewelry pipeline: opportunities by stage, totals, next steps |
| `l` | anywhere | clienteling plans: progress per associate, sales attributed |
| `v` | anywhere | events and ambassadorship: guest lists, sales after, partnerships |
| `k` | anywhere | satisfaction: each measure week by week, low answers and recovery |
| `m` | anywhere | discreet mode: mask client names, contacts and amounts |
| `h` | notes or follow-ups pane | the history of the highlighted record |
| `d` | follow-ups pane | mark the highlighted follow-up done, with its outcome |
| `z` | follow-ups pane | snooze it to a later day |
| `a` | follow-ups pane | reassign it to another associate |
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

# Client work

| key | where | what |
| --- | --- | --- |
| `a` | HJ pipeline | new opportunity: client, stage, estimate, piece, next step and its day, owner |
| `u` / `enter` | HJ pipeline | move the highlighted opportunity on; a next step becomes one follow-up |
| `a` | clienteling plans | new plan: segments, bought or never bought, last purchase, associate, dates |
| `enter` | clienteling plans | open the plan: progress per associate, each action, attributed sales |
| `d` | a plan | the highlighted client was contacted: channel (consented only) and outcome |
| `a` / `g` | events | new event / invite a client to the highlighted one |
| `u` / `p` | events | the highlighted guest's status / log a partnership or community action |
| `esc` | any of these | back |

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
