"""The dashboard's People line: what in developing the team needs the manager today."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from .panes import Palette

if TYPE_CHECKING:
    from ...services.people import Attention


def attention_line(a: Attention, p: Palette) -> Text:
    """The People line: overdue actions, one-to-ones missed or beyond the cadence, plan items due."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append("People  ", style=f"bold {p.accent}")
    if a.quiet:
        line.append(f"every one-to-one within {a.cadence_days} days · no action late · no plan item due",
                    style=p.muted)
    parts: list[Text] = []
    if a.overdue_actions:
        who = ", ".join(dict.fromkeys(x.initials for x in a.overdue_actions))
        parts.append(Text(f"{len(a.overdue_actions)} action{'s' if len(a.overdue_actions) != 1 else ''} "
                          f"late ({who})", style=f"bold {p.late}"))
    if a.overdue_one_to_ones:
        who = ", ".join(dict.fromkeys(o.initials for o in a.overdue_one_to_ones))
        parts.append(Text(f"1:1 missed: {who}", style=f"bold {p.late}"))
    if a.beyond_cadence:
        who = ", ".join(r.initials for r in a.beyond_cadence)
        parts.append(Text(f"no 1:1 in {a.cadence_days} days: {who}", style=p.behind))
    if a.plan_items:
        late = sum(1 for i in a.plan_items if i.overdue)
        soon = len(a.plan_items) - late
        said = []
        if late:
            said.append(f"{late} late")
        if soon:
            said.append(f"{soon} due soon")
        who = ", ".join(dict.fromkeys(i.initials for i in a.plan_items))
        parts.append(Text(f"plan items {', '.join(said)} ({who})", style=p.late if late else p.behind))
    for i, part in enumerate(parts):
        if i:
            line.append("  ·  ", style=p.muted)
        line.append_text(part)
    return line
