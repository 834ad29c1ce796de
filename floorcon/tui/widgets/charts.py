"""Small pictures drawn with unicode blocks: where the manager would rather look than read.

Each is a Rich renderable laid out at render time for the width it is given, so what it draws
depends only on its data and its size, never on when it was drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from ...services.exports import sparkline
from ...services.rituals import HourBar

EIGHTHS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ChartColours:
    """Solid colours (see panes.Palette) for the charts."""

    ok: str
    behind: str
    late: str
    muted: str
    accent: str


def _against(value: int, target: int | None, colours: ChartColours) -> str:
    if target is None or target <= 0:
        return colours.muted
    return colours.ok if value >= target else colours.behind


def spark(values: Sequence[int], targets: Sequence[int | None], colours: ChartColours) -> Text:
    """One block a day (exports.sparkline's scale), each coloured against that day's target:
    reached, short of it, or no target that day (a closed day, a day off)."""
    blocks = sparkline(list(values))
    text = Text(no_wrap=True, overflow="crop")
    for char, value, target in zip(blocks, values, targets, strict=True):
        text.append(char, style=_against(value, target, colours))
    return text


def trend_bars(values: Sequence[int], targets: Sequence[int | None], colours: ChartColours) -> Text:
    """Weekly bars, three blocks and a space a week, the last (this week) in bold."""
    blocks = sparkline(list(values))
    text = Text(no_wrap=True, overflow="crop")
    last = len(values) - 1
    for i, (char, value, target) in enumerate(zip(blocks, values, targets, strict=True)):
        style = _against(value, target, colours)
        text.append(char * 3, style=f"bold {style}" if i == last else style)
        if i != last:
            text.append(" ")
    return text


class HourlyChart:
    """Net sales per hour as bars, door traffic as a step line on its own scale.

    ```
     € 12.0k ┤  ███━━━                      25 visitors
             │  ███   ███  ▅▅▅
           0 ┼───────────────────
               10   11   12   13
    ```
    """

    def __init__(
        self,
        bars: list[HourBar],
        colours: ChartColours,
        money: Callable[[int], str],
        height: int = 7,
    ) -> None:
        self.bars = bars
        self.colours = colours
        self.money = money
        self.height = height

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(20, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def lines(self, width: int) -> list[Text]:
        c = self.colours
        if not self.bars:
            return [Text("No opening hours that day.", style=c.muted)]
        top = max(0, *(b.net_sales for b in self.bars))
        counted = [b.visitors for b in self.bars if b.visitors is not None]
        most = max(counted) if counted else 0
        top_label = self.money(top)
        gutter = max(len(top_label), 1) + 1
        room = max(len(self.bars) * 3, width - gutter - 1)
        slot = max(3, min(6, room // len(self.bars)))
        bar_width = max(1, slot - 2)
        h = self.height

        def bar_cells(value: int) -> list[str]:
            """The bar's character on each row, top row first."""
            if value <= 0 or top <= 0:
                return [" "] * h
            eighths = max(1, round(value / top * h * 8))
            cells = []
            for row in range(h):
                below = (h - 1 - row) * 8  # eighths under this row
                fill = min(8, max(0, eighths - below))
                cells.append(EIGHTHS[fill])
            return cells

        def traffic_row(visitors: int | None) -> int | None:
            if visitors is None or most <= 0 or visitors <= 0:
                return None
            level = max(1, round(visitors / most * h))
            return h - level

        columns = [(bar_cells(b.net_sales), traffic_row(b.visitors)) for b in self.bars]
        out: list[Text] = []
        for row in range(h):
            line = Text(no_wrap=True, overflow="crop")
            if row == 0:
                line.append(f"{top_label:>{gutter - 1}} ┤", style=c.muted)
            else:
                line.append(" " * (gutter - 1) + " │", style=c.muted)
            for cells, level in columns:
                char = cells[row]
                full = char == "█"
                for x in range(slot):
                    on_bar = 1 <= x <= bar_width
                    if level == row:
                        style = f"bold {c.accent} on {c.ok}" if on_bar and full else f"bold {c.accent}"
                        line.append("━", style=style)
                    elif on_bar and char != " ":
                        line.append(char, style=c.ok)
                    else:
                        line.append(" ")
            out.append(line)
        axis = Text(no_wrap=True, overflow="crop")
        axis.append(" " * (gutter - 2) + "0 ┼", style=c.muted)
        labels = Text(" " * (gutter + 1), no_wrap=True, overflow="crop")
        for b in self.bars:
            returns = b.net_sales < 0
            axis.append("─" * slot if not returns else "─" + "▀" * bar_width + "─" * (slot - 1 - bar_width),
                        style=c.late if returns else c.muted)
            lead = 1 + max(0, (bar_width - 2) // 2)
            labels.append((" " * lead + f"{b.hour:02d}").ljust(slot)[:slot], style=c.muted)
        out.append(axis)
        out.append(labels)
        legend = Text(no_wrap=True, overflow="ellipsis")
        legend.append(" " * (gutter + 1))
        legend.append("█", style=c.ok)
        legend.append(" net sales", style=c.muted)
        if counted:
            legend.append("   ━", style=f"bold {c.accent}")
            legend.append(f" visitors (up to {most} an hour)", style=c.muted)
        if any(b.net_sales < 0 for b in self.bars):
            legend.append("   ▀", style=c.late)
            legend.append(" returns", style=c.muted)
        out.append(legend)
        return out
