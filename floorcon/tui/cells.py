"""How figures look in a table cell: one place, so every pane reads the same way."""

from __future__ import annotations

from rich.text import Text

DASH = "—"


def percent(value: float | None) -> str:
    return DASH if value is None else f"{value * 100:.0f}%"


def ratio(value: float | None, digits: int = 2) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


def bar(value: float | None, pace: float, width: int, ok: str, behind: str, muted: str) -> Text:
    """A progress bar with the achievement in %, coloured against the day's pace.

    A tick marks where the associate should be by now, so "behind" is visible at a glance.
    """
    if value is None:
        return Text(DASH, style=muted)
    filled = max(0, min(width, round(value * width)))
    mark = min(width - 1, max(0, round(pace * width) - 1)) if 0 < pace < 1 else None
    colour = behind if value < pace else ok
    text = Text()
    for i in range(width):
        if i < filled:
            text.append("█", style=colour)
        elif i == mark:
            text.append("┃", style=muted)
        else:
            text.append("░", style=muted)
    text.append(f" {value * 100:>4.0f}%", style=colour)
    return text
