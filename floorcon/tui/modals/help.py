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
| `i` | anywhere | import a file: sales, traffic, satisfaction, clients, targets, schedule |
| `T` | anywhere | targets and schedule: the month's target, its daily spread, the floor |
| `p` | anywhere | people: the team's one-to-ones, actions, plans, 9-box; enter opens an associate file |
| `enter` | today's targets | the associate file of the highlighted associate |
| `c` | anywhere | clients: search as you type, the client file, the associates' portfolios |
| `j` | anywhere | High Jewelry pipeline: opportunities by stage, totals, next steps |
| `l` | anywhere | clienteling plans: progress per associate, sales attributed |
| `v` | anywhere | events and ambassadorship: guest lists, sales after, partnerships |
| `k` | anywhere | satisfaction: each measure week by week, low answers and recovery |
| `A` | anywhere | appointments: the day's clients, book, move, cancel, record the outcome |
| `N` | anywhere | the radar: what to do next, ranked, each with its reason in figures |
| `enter` | radar pane | act on the highlighted item (see below) |
| `x` | radar pane | dismiss the highlighted item for the rest of the day |
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
| `a` | recap: choose an associate in the table; `enter` opens their file |
| `esc` | back to the dashboard |

A summary not yet saved is kept as a draft, day by day, even across a restart.

# Appointments (`A`)

| key | what |
| --- | --- |
| `←` / `→` | the previous / next day; `t` back to today |
| `enter` | the client brief: last purchases, categories owned and not, what is open, last score |
| `a` | book: client, day, time, purpose, pieces to prepare, associate (empty: the client's own), HJ # |
| `u` | move the highlighted appointment to another day, time or associate |
| `x` | cancel it, saying why |
| `d` | record what came of it once its time has come: `done` or `no-show`, with a note |

# The radar (`N`, and its pane on the dashboard)

| key | what |
| --- | --- |
| `enter` | act: a coaching note prefilled for an associate behind pace (it leaves the radar once saved); \
the client brief of a VIC or High Jewelry client arriving within the hour; the client file of the \
oldest late follow-up or of an unrecovered low score; the associate file (coaching, one-to-one, PMP \
checkpoint); the targets with the run-rate needed |
| `x` | dismiss the highlighted item for the rest of the day |
| `esc` | back |

An item acted on or dismissed stays off the radar until tomorrow. Thresholds: `[radar]` in config.toml.

# Importing a file (`i`)

Type the kind (`sal` is enough) and the file's path (`.csv` or `.xlsx`), then `enter` or
`ctrl+d` checks it: what would be added, updated and rejected, nothing written. `ctrl+s` then
imports it for real. A file with bad rows is refused whole, every problem listed as
`file:line: column: reason`; `ctrl+k` switches to taking the good rows and writing the bad ones
to `<name>.rejects.csv` beside the file.

# Targets and schedule (`T`)

| key | what |
| --- | --- |
| `↑` / `↓` | move through the month's days: the floor of the highlighted day shows on the right |
| `←` / `→` | the previous / next month; `t` back to today |
| `o` | the month's target, spread over the days by a weekday pattern (`sat 1.4, fri 1.2`) |
| `a` / `x` | put an associate on the floor that day / take them off |
| `j` | set one associate's target for the day by hand |
| `p` | split the day's target over the associates on the floor by weights (`SOP 2, LD 1`) |

Without a target set by hand, a day's target is split over the associates on the floor by
their scheduled hours. The dashboard follows at once.

# People, the associate file, one-to-ones, talent

| key | where | what |
| --- | --- | --- |
| `enter` | people, coaching notes pane | open the highlighted associate's file |
| `a` | recap, weekly review | choose an associate in the table; `enter` opens their file |
| `h` | people, associate file | hold a one-to-one now (the one booked, or one booked on the spot) |
| `o` | people, associate file | book a one-to-one: day and time |
| `R` / `C` | people, associate file | move the booked one-to-one / cancel it (not one with notes) |
| `v` | people, associate file, talent | a review: 1 to 5 per competency, overall, performance, potential |
| `l` | people, associate file | open an IDP or a PMP (a PMP with its checkpoints: `+14, +28`) |
| `g` | people | the 9-box and the succession slates |
| `a` / `d` | associate file | agree an action (owner, due day) / mark the highlighted action done |
| `g` / `G` | associate file | add a goal to the highlighted plan / mark a goal met or missed |
| `k` / `x` | associate file | a check-in on the highlighted plan (holds a checkpoint due) / close it |
| `u` | associate file, talent | put an associate on a key role's slate: readiness, flight risk |
| `U` | associate file, talent | take an associate off a key role's slate |
| `/` | associate file | filter the coaching notes by moment and kind |
| `e` | associate file | export: Markdown for a review meeting, or everything held as JSON |
| `ctrl+s` | one-to-one | save the shared and private notes |
| `ctrl+n` | one-to-one | add an action agreed in this one-to-one |
| `ctrl+o` | one-to-one | close it: it was held (the shared notes say what was agreed) |
| `esc` | any of these | back (a one-to-one keeps its notes) |

In a review, the performance and potential are `low`, `medium` or `high` (`l`, `m`, `h`); a
readiness is `now`, `1-2` or `3+`; a PMP outcome is `back-on-standard`, `extended` (with the new
end day) or `ended`.

# Clients

| key | where | what |
| --- | --- | --- |
| type | search box | clients by name, number, phone or e-mail; accents and typos forgiven |
| `enter` | search box or results | open the client file (the first result from the box) |
| `↓` / `/` | search | to the results / back to the box |
| `tab` then `enter` | clients | the portfolio of the associate highlighted |
| `e` | client file | edit the profile: preferences, sizes, birthday, anniversary, second owner, language |
| `f` | client file | a follow-up for this client |
| `d` / `z` / `x` | client file | the highlighted open follow-up (else the first): done / snooze / cancel |
| `l` | client file | log a contact: phone, e-mail, SMS, mail or visit |
| `o` | client file or portfolio | give the client to another associate |
| `B` | client file or brief | the client brief in place of the file, and back |
| `O` | portfolio | move every client of this associate (when they leave) |
| `[` / `]` | portfolio | the previous / next associate |
| `p` | portfolio | pick an associate |
| `esc` | anywhere here | back |

A new follow-up warns (⚠) when the client was contacted in the last
`followups.contact_guard_days` days.

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
- **Client**: number, name, phone or e-mail; accents ignored, a typo in a name forgiven
  (`whitfeld`). When several match, type the number.

# The panes

- **Today's targets**: the boutique, then each associate on the floor. ▼ marks an associate
  behind pace: achievement trails the share of the selling day already gone. The tick in the bar
  is where they should be by now.
- **Coaching notes**: today's notes, newest first, and who has not been coached yet.
- **Follow-ups**: open VIC and High Jewelry follow-ups, overdue first.
- **People** (the line under the targets): actions late, one-to-ones missed, associates without
  a one-to-one for longer than `people.one_to_one_cadence_days`, IDP / PMP items due or late.

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
