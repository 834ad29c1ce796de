"""The rituals as documents: Markdown for e-mail, standalone HTML for print, CSV and JSON for tools.

`render(report, fmt, settings, clock)` lays out a `Recap`, `Briefing` or `WeekReview` built by
`services.rituals`. Every figure comes from the report object and the KPI helpers it exposes
(TargetRow's properties, Spark.achievement, WeekRow.achievement, …): nothing is recomputed here,
so an exported figure is the figure on the screen.

Markdown and HTML are laid out from one list of blocks (headings, paragraphs, tables, lists,
quotes, charts), so both say the same thing; a chart is a unicode sparkline in Markdown and an
inline SVG in HTML. No Textual here: the console, the command line and tests all use this module.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import SQLModel

from ..clock import Clock
from ..config import Settings
from .clients import (
    ClientFile,
    ClientHit,
    Portfolio,
    PortfolioClient,
    Profile,
    Section,
    State,
    format_cell,
)
from .dashboard import FollowUpRow, TargetRow, TargetsPane
from .parsing import InputError, format_money
from .radar import RadarItem
from .rituals import (
    KINDS,
    MOMENTS,
    AppointmentLine,
    Briefing,
    EventLine,
    FollowUpLine,
    HourBar,
    Recap,
    SaleLine,
    ScoreLine,
    Spark,
    WeekReview,
    WeekRow,
)

FORMATS = ("md", "html", "csv", "json")
NONE = "—"
BARS = "▁▂▃▄▅▆▇█"
FIRST_FOLLOWUPS = 5  # the briefing reads out the first few follow-ups due, then counts the rest

Report = Recap | Briefing | WeekReview

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


# -- public helpers ----------------------------------------------------------------------------


def render(report: Report, fmt: str, settings: Settings, clock: Clock) -> str:
    """The report in one of FORMATS, as text ending with a newline."""
    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "json":
        return _json(report, settings)
    if fmt == "csv":
        return _csv(report)
    doc = _document(report, settings, clock)
    return _markdown(doc) if fmt == "md" else _html(doc)


def sparkline(values: Sequence[int | float | None], width: int | None = None) -> str:
    """▁▂▃▄▅▆▇█, one character a value (None counts as 0); squeezed to `width` by averaging.

    The scale runs from the lowest value (0 at most) to the highest; a day with any sale stands
    above a day without, and a flat series is a flat line.
    """
    values = [float(v or 0) for v in values]
    if width is not None:
        if width < 1:
            raise ValueError("sparkline: width must be at least 1")
        if len(values) > width:
            n = len(values)
            buckets = [values[i * n // width:(i + 1) * n // width] for i in range(width)]
            values = [sum(b) / len(b) for b in buckets]
    if not values:
        return ""
    lo, hi = min([0.0, *values]), max(values)
    if hi <= lo:
        return BARS[0] * len(values)
    top = len(BARS) - 1
    return "".join(
        BARS[0] if v <= lo else BARS[max(1, min(top, math.floor((v - lo) / (hi - lo) * top + 0.5)))]
        for v in values
    )


def kind_of(report: Report) -> str:
    """'recap', 'briefing' or 'week'."""
    if isinstance(report, Recap):
        return "recap"
    if isinstance(report, Briefing):
        return "briefing"
    if isinstance(report, WeekReview):
        return "week"
    raise TypeError(f"not a ritual report: {type(report).__name__}")


def title(report: Report) -> str:
    """'Recap of Wednesday 25 November 2026', 'Week review of 23–29 November 2026'."""
    if isinstance(report, Recap):
        return f"Recap of {long_day(report.day)}"
    if isinstance(report, Briefing):
        return f"Briefing of {long_day(report.day)}"
    return f"Week review of {day_range(report.first, report.last)}"


def filename(report: Report, fmt: str) -> str:
    """A file name for the export: 'recap-2026-11-25.md', 'week-2026-11-23.html'."""
    day = report.first if isinstance(report, WeekReview) else report.day
    return f"{kind_of(report)}-{day.isoformat()}.{fmt}"


def long_day(day: date) -> str:
    """'Wednesday 25 November 2026' (English whatever the locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_day(day: date) -> str:
    """'Wed 25 Nov'."""
    return f"{_WEEKDAYS[day.weekday()][:3]} {day.day} {_MONTHS[day.month - 1][:3]}"


def day_range(first: date, last: date) -> str:
    """'23–29 November 2026', '30 November – 6 December 2026', across years in full."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {_MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} – {last.day} {_MONTHS[last.month - 1]} {last.year}"
    return (f"{first.day} {_MONTHS[first.month - 1]} {first.year} – "
            f"{last.day} {_MONTHS[last.month - 1]} {last.year}")


# -- CSV ---------------------------------------------------------------------------------------

KPI_COLUMNS = ["scope", "initials", "name", "target", "net_sales", "achievement", "transactions", "units",
               "atv", "upt", "capture_rate", "conversion", "new_clients"]


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def _kpi_row(row: TargetRow, new_clients: int | None) -> list[str]:
    f = row.figures
    return [
        "boutique" if row.associate_id is None else "associate", row.initials, row.name, _int(row.target),
        str(f.net_sales), _ratio(row.achievement), str(f.transactions), str(f.units), _int(row.atv),
        _ratio(row.upt), _ratio(row.capture_rate), _ratio(row.conversion), _int(new_clients),
    ]


def _csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if isinstance(report, WeekReview):
        writer.writerow(["initials", "name", "target", "net_sales", "achievement",
                         *(f"w{i + 1}" for i in range(len(report.weeks)))])
        for w in [report.boutique, *report.associates]:
            writer.writerow([w.initials, w.name, _int(w.target), str(w.net_sales), _ratio(w.achievement),
                             *(str(v) for v in w.trend)])
        return out.getvalue()
    if isinstance(report, Recap):
        writer.writerow(KPI_COLUMNS)
        writer.writerow(_kpi_row(report.table.boutique, report.new_clients))
        writer.writerows(_kpi_row(r, None) for r in report.table.associates)
        return out.getvalue()
    # The briefing: today's targets table (no new-clients figure in the morning).
    writer.writerow(KPI_COLUMNS[:-1])
    writer.writerow(_kpi_row(report.today.boutique, None)[:-1])
    writer.writerows(_kpi_row(r, None)[:-1] for r in report.today.associates)
    return out.getvalue()


# -- JSON --------------------------------------------------------------------------------------


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    u = moment.astimezone(UTC)
    plain = datetime(u.year, u.month, u.day, u.hour, u.minute, u.second, u.microsecond)
    return plain.isoformat() + "Z"


def _plain(obj: Any) -> Any:
    """Dataclasses (fields, then public properties) -> dicts; dates ISO; datetimes ISO UTC."""
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    if isinstance(obj, datetime):
        return _utc(obj)
    if isinstance(obj, date):
        return date(obj.year, obj.month, obj.day).isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        data = {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        for name in sorted(dir(type(obj))):
            if not name.startswith("_") and isinstance(getattr(type(obj), name), property):
                data[name] = _plain(getattr(obj, name))
        return data
    if isinstance(obj, SQLModel):
        # The model's field order, whatever order the row's attributes were loaded in.
        return {k: _plain(getattr(obj, k)) for k in type(obj).model_fields if k not in ("id", "boutique_id")}
    if isinstance(obj, dict):
        return {("/".join(map(str, k)) if isinstance(k, tuple) else str(k)): _plain(v)
                for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    raise TypeError(f"cannot export {type(obj).__name__} as JSON")


def _json(report: Report, settings: Settings) -> str:
    data: dict[str, Any] = {
        "kind": kind_of(report), "currency": settings.currency, "minor_digits": settings.minor_digits,
    }
    body = _plain(report)
    body.pop("currency", None)
    data.update(body)
    if isinstance(report, WeekReview):
        data["coaching"] = [
            {"moment": m, "kind": k, "count": n} for (m, k), n in _ordered_matrix(report.coaching)
        ]
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _ordered_matrix(matrix: dict[tuple[str, str], int]) -> list[tuple[tuple[str, str], int]]:
    def rank(key: tuple[str, str]) -> tuple[int, str, int, str]:
        m, k = key
        return (MOMENTS.index(m) if m in MOMENTS else len(MOMENTS), m,
                KINDS.index(k) if k in KINDS else len(KINDS), k)

    return sorted(matrix.items(), key=lambda item: rank(item[0]))


# -- the document: blocks laid out as Markdown or HTML ---------------------------------------

# Rich text: a string, or spans of (text, style) with style "" | "b" | "alert" | "muted".
Rich = str | list[tuple[str, str]]


class _Chart(ABC):
    """A picture: a sparkline in Markdown, an inline SVG in HTML."""

    @abstractmethod
    def md(self) -> str:
        """The picture as text, for Markdown and e-mail."""

    @abstractmethod
    def svg(self) -> str:
        """The picture as an inline SVG, for HTML."""


@dataclasses.dataclass
class _Heading:
    level: int
    text: str


@dataclasses.dataclass
class _Para:
    text: Rich
    cls: str = ""


@dataclasses.dataclass
class _Table:
    headers: list[str]
    rows: list[list[Rich | _Chart]]
    numeric: set[int]
    total_first: bool = False  # the first row is the boutique


@dataclasses.dataclass
class _List:
    items: list[Rich]


@dataclasses.dataclass
class _Quote:
    text: str
    cite: str


@dataclasses.dataclass
class _Figure:
    chart: _Chart
    caption: str
    in_markdown: bool = True


Block = _Heading | _Para | _Table | _List | _Quote | _Figure


@dataclasses.dataclass
class _Document:
    title: str
    subtitle: str
    blocks: list[Block]


class _Formats:
    """The numbers as the screens show them."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings, self.clock = settings, clock

    def money(self, minor: int | None) -> str:
        return NONE if minor is None else format_money(minor, self.settings)

    def pct(self, value: float | None, digits: int = 0) -> str:
        return NONE if value is None else f"{value:.{digits}%}"

    def decimal(self, value: float | None, digits: int = 1) -> str:
        return NONE if value is None else f"{value:.{digits}f}"

    def hhmm(self, moment: datetime) -> str:
        return self.clock.local(moment).format("HH:mm")

    def local_day(self, moment: datetime) -> date:
        d = self.clock.local(moment)
        return date(d.year, d.month, d.day)


def _document(report: Report, settings: Settings, clock: Clock) -> _Document:
    fmt = _Formats(settings, clock)
    if isinstance(report, Recap):
        return _recap_doc(report, fmt)
    if isinstance(report, Briefing):
        return _briefing_doc(report, fmt)
    return _week_doc(report, fmt)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _who(row: TargetRow) -> str:
    return row.name if row.associate_id is None else f"{row.initials} {row.name}"


def _spark_name(spark: Spark) -> str:
    """Initials, with the name when the Spark carries one (someone not in the day's table)."""
    name = getattr(spark, "name", "")
    return f"{spark.initials} {name}" if name and spark.associate_id is not None else spark.initials


def _kpi_table(pane: TargetsPane, fmt: _Formats, new_clients: int | None) -> _Table:
    headers = ["", "Target", "Net sales", "Achievement", "Transactions", "ATV", "UPT", "Capture",
               "Conversion", "New clients"]
    rows: list[list[Rich | _Chart]] = []
    for row in [pane.boutique, *pane.associates]:
        boutique = row.associate_id is None
        rows.append([
            _who(row), fmt.money(row.target), fmt.money(row.figures.net_sales), fmt.pct(row.achievement),
            str(row.figures.transactions), fmt.money(row.atv), fmt.decimal(row.upt),
            fmt.pct(row.capture_rate), fmt.pct(row.conversion, 1),
            (NONE if new_clients is None else str(new_clients)) if boutique else "",
        ])
    return _Table(headers, rows, set(range(1, 10)), total_first=True)


def _month_line(pane: TargetsPane, fmt: _Formats) -> str:
    text = f"Month to date {fmt.money(pane.month_to_date)}"
    if pane.month_target is not None:
        text += f" of {fmt.money(pane.month_target)} ({fmt.pct(pane.month_achievement)})"
    text += f" · {_plural(pane.selling_days_left, 'selling day')} left"
    if pane.run_rate_needed is not None:
        text += f" · run-rate needed {fmt.money(pane.run_rate_needed)} a day"
    return text


def _followup(line: FollowUpLine, fmt: _Formats, day: date | None = None) -> str:
    text = f"{line.owner} · {line.client} ({line.segment}) · {line.kind}"
    if line.action:
        text += f": {_one_line(line.action)}"
    if line.outcome:
        text += f" → {_one_line(line.outcome)}"
    if day is not None:
        late = (day - line.due).days
        text += f" · due {short_day(line.due)}"
        if late > 0:
            text += f", {_plural(late, 'day')} late"
        elif late == 0:
            text += ", today"
    return text


def _sale(line: SaleLine, fmt: _Formats) -> str:
    parts = [line.receipt, fmt.hhmm(line.sold_at), line.associate, fmt.money(line.amount), line.category,
             line.client]
    return " · ".join(p for p in parts if p)


def _appointment(line: AppointmentLine, fmt: _Formats, with_day: bool = False) -> str:
    when = fmt.hhmm(line.starts_at)
    if with_day:
        when = f"{short_day(fmt.local_day(line.starts_at))} {when}"
    text = f"{when} {line.client} ({line.segment}) with {line.associate}"
    return text + (f" — {_one_line(line.purpose)}" if line.purpose else "")


def _event(line: EventLine, fmt: _Formats, with_day: bool = False) -> str:
    when = fmt.hhmm(line.starts_at)
    if with_day:
        when = f"{short_day(fmt.local_day(line.starts_at))} {when}"
    return f"{when} {line.title}" + (f", {line.place}" if line.place else "")


def _score(line: ScoreLine, fmt: _Formats) -> Rich:
    spans: list[tuple[str, str]] = [(f"{line.measure} {line.score:.1f}", "b")]
    if line.below and line.threshold is not None:
        spans.append((" ", ""))
        spans.append((f"⚠ under {line.threshold:.1f}", "alert"))
    rest = [p for p in (line.associate, line.client) if p]
    if line.comment:
        rest.append(f"“{_one_line(line.comment)}”")
    rest.append(fmt.hhmm(line.received_at))
    spans.append((" · " + " · ".join(rest), ""))
    return spans


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _items_or(items: Iterable[Rich], empty: str) -> Block:
    found = list(items)
    return _List(found) if found else _Para(empty, "muted")


# -- the recap ---------------------------------------------------------------------------------


def _recap_doc(r: Recap, fmt: _Formats) -> _Document:
    pane = r.table
    blocks: list[Block] = [
        _Heading(2, "Sales against target"),
        _kpi_table(pane, fmt, r.new_clients),
        _Para(_month_line(pane, fmt)),
    ]
    if r.sparks:
        names = {row.associate_id: _who(row) for row in [pane.boutique, *pane.associates]}
        rows: list[list[Rich | _Chart]] = [
            [names.get(s.associate_id) or _spark_name(s), _SparkChart(s, fmt), fmt.pct(s.achievement)]
            for s in r.sparks
        ]
        first, last = r.sparks[0].days[0], r.sparks[0].days[-1]
        blocks += [
            _Heading(3, "The last 30 days"),
            _Table(["", "Daily net sales", "Achievement"], rows, {2}, total_first=True),
            _Para(f"Daily net sales from {short_day(first)} to {short_day(last)}; achievement: the "
                  "period's net sales against its daily targets (dashed line).", "muted"),
        ]
    if r.hourly:
        hours = f"{r.hourly[0].hour:02d}:00–{r.hourly[-1].hour:02d}:59"
        blocks += [_Heading(3, "By the hour"), _Figure(_HourlyChart(r.hourly, fmt),
                                                        f"Net sales and door traffic per hour, {hours}")]

    blocks.append(_Heading(2, "Coaching given"))
    if r.coaching:
        lines: list[Rich] = []
        for c in r.coaching:
            counts = [_plural(n, kind) for n, kind in ((c.recognition, "recognition"),
                      (c.development, "development"), (c.observation, "observation")) if n]
            lines.append(f"{c.initials} {c.name}: {', '.join(counts)}")
        blocks.append(_List(lines))
    else:
        blocks.append(_Para("No coaching notes this day.", "muted"))
    if r.not_coached:
        blocks.append(_Para([("No coaching yet: ", "b"), (", ".join(r.not_coached), "")]))

    blocks.append(_Heading(2, "Recognitions"))
    if r.recognitions:
        for n in r.recognitions:
            cite = " · ".join(p for p in (f"{n.initials} {n.associate}", n.moment, n.client,
                                          fmt.hhmm(n.noted_at)) if p)
            blocks.append(_Quote(_one_line(n.text), cite))
    else:
        blocks.append(_Para("No recognition noted this day.", "muted"))

    blocks += [
        _Heading(2, "Follow-ups"),
        _Heading(3, f"Done ({len(r.followups_done)})"),
        _items_or((_followup(f, fmt) for f in r.followups_done), "None done this day."),
        _Heading(3, f"Still overdue ({len(r.followups_overdue)})"),
        _items_or((_followup(f, fmt, r.day) for f in r.followups_overdue), "Nothing overdue."),
        _Para(f"Created this day: {r.followups_created}."),
        _Heading(2, "Satisfaction received"),
        _items_or((_score(s, fmt) for s in r.satisfaction), "No survey answers received this day."),
        _Heading(2, "Highlights"),
        _Heading(3, "Largest receipts"),
        _items_or((_sale(s, fmt) for s in r.highlights), "No sales this day."),
        _Heading(3, "High Jewelry"),
        _items_or((_sale(s, fmt) for s in r.hj), "No High Jewelry moves this day."),
        _Heading(2, f"Tomorrow, {long_day(r.tomorrow)}"),
        _Heading(3, "Appointments"),
        _items_or((_appointment(a, fmt) for a in r.tomorrow_appointments), "No appointments booked."),
        _Heading(3, "Follow-ups due"),
        _items_or((_followup(f, fmt) for f in r.tomorrow_followups), "No follow-ups due."),
        _Heading(3, "Events"),
        _items_or((_event(e, fmt) for e in r.tomorrow_events), "No events."),
        _Heading(2, "Manager's summary"),
    ]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", r.summary) if p.strip()]
    blocks += [_Para(_one_line(p)) for p in paragraphs] or [
        _Para("No summary written for this day.", "muted")]
    return _Document("End-of-day recap", f"{r.boutique_name} · {long_day(r.day)}", blocks)


# -- the briefing ------------------------------------------------------------------------------


def best_performer(pane: TargetsPane) -> TargetRow | None:
    """The day's best performer: highest achievement, then highest net sales; nobody without a sale."""
    sold = [r for r in pane.associates if r.figures.net_sales > 0]
    if not sold:
        return None
    return max(sold, key=lambda r: (r.achievement is not None, r.achievement or 0.0, r.figures.net_sales))




def _briefing_doc(b: Briefing, fmt: _Formats) -> _Document:
    blocks: list[Block] = []
    if b.radar:  # today's briefing opens with what to do first
        blocks += [_Heading(2, "On the radar"), _List([
            [(i.title + (f" · {i.client}" if i.client else ""), "b"), (f": {i.reason}", "")]
            for i in b.radar])]
    y = b.yesterday
    if y is None:
        blocks += [_Heading(2, "Yesterday"), _Para("No selling day in the past week.", "muted")]
    else:
        row = y.boutique
        result = f"The boutique made {fmt.money(row.figures.net_sales)}"
        result += (f" against a target of {fmt.money(row.target)} ({fmt.pct(row.achievement)})."
                   if row.target is not None else ", with no target set.")
        blocks += [_Heading(2, f"Yesterday, {long_day(y.day)}"), _Para(result)]
        best = best_performer(y)
        if best is not None:
            text = f"{_who(best)}, {fmt.money(best.figures.net_sales)}"
            if best.achievement is not None:
                text += f" ({fmt.pct(best.achievement)} of target)"
            blocks.append(_Para([("Best performer: ", "b"), (text + ".", "")]))

    t = b.today
    blocks.append(_Heading(2, "Today's targets"))
    if t.boutique.target is None:
        blocks.append(_Para("No target set for today.", "muted"))
    else:
        on_floor = [r for r in t.associates if r.target is not None]
        blocks.append(_Para(f"The boutique's target is {fmt.money(t.boutique.target)}, over "
                            f"{_plural(len(on_floor), 'associate')} on the floor."))
    if t.associates:
        blocks.append(_List([f"{_who(r)}: {fmt.money(r.target)}" for r in t.associates]))

    blocks += [_Heading(2, "The month"), _Para(_month_line(t, fmt))]
    if t.month_target:
        blocks.append(_Figure(_MonthBar(t, fmt), "Month to date against the month's target", False))

    blocks.append(_Heading(2, "Focus of the week"))
    if b.focus is not None:
        spans: list[tuple[str, str]] = [(b.focus.title, "b")]
        if b.focus.text:
            spans.append((f" — {_one_line(b.focus.text)}", ""))
        blocks.append(_Para(spans))
    else:
        blocks.append(_Para("No focus story set for this week.", "muted"))

    blocks += [
        _Heading(2, "Appointments today"),
        _items_or((_appointment(a, fmt) for a in b.appointments), "No appointments booked."),
        _Heading(2, "Client key dates"),
        _items_or((f"{k.what.capitalize()}: {k.client} ({k.segment})" + (f", client of {k.owner}" if k.owner
                   else "") for k in b.key_dates), "No birthdays today."),
        _Heading(2, "Follow-ups due"),
    ]
    due = b.followups_due
    if due:
        overdue = sum(1 for f in due if f.due < b.day)
        head = f"{_plural(len(due), 'VIC / High Jewelry follow-up')} due"
        head += f", {overdue} of them overdue." if overdue else " today."
        blocks.append(_Para(head))
        items: list[Rich] = [_followup(f, fmt, b.day) for f in due[:FIRST_FOLLOWUPS]]
        if len(due) > FIRST_FOLLOWUPS:
            items.append([(f"… and {len(due) - FIRST_FOLLOWUPS} more", "muted")])
        blocks.append(_List(items))
    else:
        blocks.append(_Para("No follow-ups due.", "muted"))
    blocks += [
        _Heading(2, "Events this week"),
        _items_or((_event(e, fmt, with_day=True) for e in b.events), "No events."),
    ]
    return _Document("Morning briefing", f"{b.boutique_name} · {long_day(b.day)}", blocks)


# -- the weekly review -------------------------------------------------------------------------


def _week_doc(w: WeekReview, fmt: _Formats) -> _Document:
    rows: list[list[Rich | _Chart]] = [
        [r.name if r.associate_id is None else f"{r.initials} {r.name}", fmt.money(r.target),
         fmt.money(r.net_sales), fmt.pct(r.achievement), _WeekBars(r, w.weeks, fmt, small=True)]
        for r in [w.boutique, *w.associates]
    ]
    blocks: list[Block] = [
        _Heading(2, "Sales against target"),
        _Table(["", "Target", "Net sales", "Achievement", "Last 8 weeks"], rows, {1, 2, 3}, total_first=True),
        _Para(f"Weekly net sales from the week of {short_day(w.weeks[0])} to the week of "
              f"{short_day(w.weeks[-1])}; dashed marks: weekly target.", "muted"),
        _Figure(_WeekBars(w.boutique, w.weeks, fmt, small=False), "The boutique, week by week", False),
        _Heading(2, "Coaching by moment and kind"),
    ]
    matrix = _ordered_matrix(w.coaching)
    if matrix:
        moments = list(dict.fromkeys([*MOMENTS, *(m for (m, _), _ in matrix)]))
        kinds = list(dict.fromkeys([*KINDS, *(k for (_, k), _ in matrix)]))
        table: list[list[Rich | _Chart]] = []
        for m in moments:
            counts = [w.coaching.get((m, k), 0) for k in kinds]
            table.append([m, *(str(n) if n else "·" for n in counts), str(sum(counts))])
        totals = [sum(w.coaching.get((m, k), 0) for m in moments) for k in kinds]
        table.append([[("Total", "b")], *([(str(n), "b")] for n in totals), [(str(sum(totals)), "b")]])
        blocks.append(_Table(["Moment", *kinds, "Total"], table, set(range(1, len(kinds) + 2))))
    else:
        blocks.append(_Para("No coaching notes this week.", "muted"))

    blocks.append(_Heading(2, "Recognitions"))
    if w.recognitions:
        for n in w.recognitions:
            when = f"{short_day(fmt.local_day(n.noted_at))} {fmt.hhmm(n.noted_at)}"
            cite = " · ".join(p for p in (f"{n.initials} {n.associate}", n.moment, n.client, when) if p)
            blocks.append(_Quote(_one_line(n.text), cite))
    else:
        blocks.append(_Para("No recognition noted this week.", "muted"))

    blocks.append(_Heading(2, "Follow-up timeliness"))
    if w.followups_due:
        blocks.append(_Para(f"{w.followups_on_time} of {_plural(w.followups_due, 'follow-up')} due this week "
                            f"done on time ({fmt.pct(w.on_time_rate)})."))
    else:
        blocks.append(_Para("No follow-ups were due this week.", "muted"))

    blocks.append(_Heading(2, "Satisfaction by measure"))
    if w.satisfaction:
        lines: list[list[Rich | _Chart]] = []
        for m in w.satisfaction:
            below: Rich = [(f"⚠ {m.below}", "alert")] if m.below else str(m.below)
            lines.append([m.measure, str(m.responses), fmt.decimal(m.average), below,
                          fmt.decimal(m.threshold)])
        headers = ["Measure", "n", "Average", "Under threshold", "Threshold"]
        blocks.append(_Table(headers, lines, {1, 2, 3, 4}))
    else:
        blocks.append(_Para("No survey answers received this week.", "muted"))
    return _Document("Weekly review", f"{w.boutique_name} · {_week_span(w.first, w.last)}", blocks)


def _week_span(first: date, last: date) -> str:
    """'Monday 23 – Sunday 29 November 2026'."""
    if first.year != last.year:
        return f"{long_day(first)} – {long_day(last)}"
    start = f"{_WEEKDAYS[first.weekday()]} {first.day}"
    if first.month != last.month:
        start += f" {_MONTHS[first.month - 1]}"
    return f"{start} – {long_day(last)}"


# -- charts ------------------------------------------------------------------------------------

INK, MUTED, RULE, ACCENT, ALERT = "#1f1d1a", "#8a8275", "#d9d2c5", "#9a7b4f", "#9b2c2c"


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(width: int, height: int, label: str, body: list[str], cls: str) -> str:
    return (f'<svg class="{cls}" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{html.escape(label)}"><title>{html.escape(label)}</title>'
            + "".join(body) + "</svg>")


def _scale(lo: float, hi: float, top: float, bottom: float):  # type: ignore[no-untyped-def]
    span = (hi - lo) or 1.0
    return lambda v: bottom - (v - lo) / span * (bottom - top)


class _SparkChart(_Chart):
    """An associate's daily net sales (a line) against their daily target (a dashed step)."""

    W, H, PAD = 180, 34, 3

    def __init__(self, spark: Spark, fmt: _Formats) -> None:
        self.spark, self.fmt = spark, fmt

    def md(self) -> str:
        return sparkline(self.spark.sales)

    def svg(self) -> str:
        s = self.spark
        n = len(s.sales)
        known = [t for t in s.targets if t is not None]
        lo, hi = min([0, *s.sales]), max([0, *s.sales, *known])
        y = _scale(lo, hi, self.PAD, self.H - self.PAD)
        step = (self.W - 2 * self.PAD) / max(1, n - 1)
        x = [self.PAD + i * step for i in range(n)]
        body = [f'<line x1="{self.PAD}" y1="{_n(y(0))}" x2="{self.W - self.PAD}" y2="{_n(y(0))}" '
                f'stroke="{RULE}" stroke-width="0.5" />']
        levels = [None if t is None else y(t) for t in s.targets]
        path = _step_path(x, levels, step, self.PAD, self.W - self.PAD)
        if path:
            body.append(f'<path d="{path}" fill="none" stroke="{ACCENT}" stroke-width="1" '
                        'stroke-dasharray="3 2" />')
        points = " ".join(f"{_n(x[i])},{_n(y(v))}" for i, v in enumerate(s.sales))
        body.append(f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="1.2" '
                    'stroke-linejoin="round" />')
        label = f"{s.initials}: daily net sales against target, last {n} days"
        return _svg(self.W, self.H, label, body, "spark")


def _step_path(x: list[float], ys: list[float | None], step: float, left: float, right: float) -> str:
    """Horizontal segments a day wide, joined while the days follow each other."""
    parts: list[str] = []
    previous: float | None = None
    for xi, yi in zip(x, ys, strict=True):
        if yi is None:
            previous = None
            continue
        x0, x1 = max(left, xi - step / 2), min(right, xi + step / 2)
        parts.append(f"M{_n(x0)} {_n(yi)}" if previous is None else f"V{_n(yi)}")
        parts.append(f"H{_n(x1)}")
        previous = yi
    return " ".join(parts)


class _HourlyChart(_Chart):
    """Net sales per hour (bars) against door traffic (a line, on its own scale)."""

    W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 200, 10, 10, 26, 24

    def __init__(self, bars: list[HourBar], fmt: _Formats) -> None:
        self.bars, self.fmt = bars, fmt

    def md(self) -> str:
        text = f"net sales {sparkline([b.net_sales for b in self.bars])}"
        if any(b.visitors is not None for b in self.bars):
            text += f" · visitors {sparkline([b.visitors for b in self.bars])}"
        return text

    def svg(self) -> str:
        n = len(self.bars)
        sales = [b.net_sales for b in self.bars]
        bottom = self.H - self.BOTTOM
        y = _scale(min([0, *sales]), max([0, *sales]), self.TOP, bottom)
        slot = (self.W - self.LEFT - self.RIGHT) / n
        body = []
        for i, b in enumerate(self.bars):
            cx = self.LEFT + slot * (i + 0.5)
            top, base = sorted((y(b.net_sales), y(0)))
            colour = ALERT if b.net_sales < 0 else INK
            if b.net_sales:
                body.append(f'<rect x="{_n(cx - slot * 0.3)}" y="{_n(top)}" width="{_n(slot * 0.6)}" '
                            f'height="{_n(max(0.5, base - top))}" fill="{colour}" fill-opacity="0.78">'
                            f'<title>{b.hour:02d}:00 {html.escape(self.fmt.money(b.net_sales))}</title>'
                            '</rect>')
            body.append(f'<text x="{_n(cx)}" y="{self.H - 8}" font-size="10" text-anchor="middle" '
                        f'fill="{MUTED}">{b.hour:02d}</text>')
        body.insert(0, f'<line x1="{self.LEFT}" y1="{_n(y(0))}" x2="{self.W - self.RIGHT}" y2="{_n(y(0))}" '
                       f'stroke="{RULE}" stroke-width="0.75" />')
        counted = [b.visitors for b in self.bars if b.visitors is not None]
        if counted:
            v = _scale(0, max([1, *counted]), self.TOP, bottom)
            runs: list[list[str]] = [[]]
            for i, b in enumerate(self.bars):
                if b.visitors is None:
                    runs.append([])
                    continue
                cx = self.LEFT + slot * (i + 0.5)
                runs[-1].append(f"{_n(cx)},{_n(v(b.visitors))}")
                body.append(f'<circle cx="{_n(cx)}" cy="{_n(v(b.visitors))}" r="2.2" fill="{ACCENT}">'
                            f'<title>{b.hour:02d}:00 {b.visitors} visitors</title></circle>')
            for run in runs:
                if len(run) > 1:
                    body.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{ACCENT}" '
                                'stroke-width="1.5" />')
        top_sales = self.fmt.money(max(sales)) if max(sales) > 0 else self.fmt.money(0)
        legend = f"bars: net sales (highest {top_sales})"
        if counted:
            legend += f" · gold line: door traffic (highest {max(counted)} visitors)"
        body.append(f'<text x="{self.LEFT}" y="10" font-size="10" fill="{MUTED}">'
                    f'{html.escape(legend)}</text>')
        return _svg(self.W, self.H, "Net sales per hour against door traffic", body, "hourly")


class _MonthBar(_Chart):
    """The month so far as a bar along its target."""

    W, H = 640, 34

    def __init__(self, pane: TargetsPane, fmt: _Formats) -> None:
        self.pane, self.fmt = pane, fmt

    def md(self) -> str:
        share = min(1.0, max(0.0, self.pane.month_achievement or 0.0))
        done = math.floor(share * 20 + 0.5)
        return "█" * done + "░" * (20 - done)

    def svg(self) -> str:
        p = self.pane
        share = min(1.0, max(0.0, p.month_achievement or 0.0))
        inner = self.W - 2
        label = (f"{self.fmt.money(p.month_to_date)} of {self.fmt.money(p.month_target)} "
                 f"({self.fmt.pct(p.month_achievement)})")
        body = [
            f'<rect x="1" y="8" width="{inner}" height="12" fill="none" stroke="{RULE}" '
            'stroke-width="0.75" />',
            f'<rect x="1" y="8" width="{_n(inner * share)}" height="12" fill="{ACCENT}" '
            'fill-opacity="0.85" />',
            f'<text x="1" y="32" font-size="10" fill="{MUTED}">{html.escape(label)}</text>',
        ]
        return _svg(self.W, self.H + 4, f"Month to date: {label}", body, "month")


class _WeekBars(_Chart):
    """Eight weeks of net sales as bars, each with its weekly target as a dashed mark."""

    def __init__(self, row: WeekRow, weeks: list[date], fmt: _Formats, small: bool) -> None:
        self.row, self.weeks, self.fmt, self.small = row, weeks, fmt, small

    def md(self) -> str:
        return sparkline(self.row.trend)

    def svg(self) -> str:
        r = self.row
        w, h, pad, bottom_pad = (120, 30, 2, 2) if self.small else (640, 170, 10, 22)
        known = [t for t in r.trend_targets if t is not None]
        top_pad = pad + (0 if self.small else 10)
        y = _scale(min([0, *r.trend]), max([0, *r.trend, *known]), top_pad, h - bottom_pad)
        slot = (w - 2 * pad) / len(r.trend)
        body = [f'<line x1="{pad}" y1="{_n(y(0))}" x2="{w - pad}" y2="{_n(y(0))}" stroke="{RULE}" '
                'stroke-width="0.5" />']
        for i, (value, target) in enumerate(zip(r.trend, r.trend_targets, strict=True)):
            x0 = pad + slot * i + slot * 0.18
            width = slot * 0.64
            top, base = sorted((y(value), y(0)))
            shade = INK if i == len(r.trend) - 1 else MUTED
            if value:
                body.append(f'<rect x="{_n(x0)}" y="{_n(top)}" width="{_n(width)}" '
                            f'height="{_n(max(0.5, base - top))}" fill="{ALERT if value < 0 else shade}">'
                            f'<title>{html.escape(short_day(self.weeks[i]))}: '
                            f'{html.escape(self.fmt.money(value))}</title></rect>')
            if target is not None:
                body.append(f'<line x1="{_n(x0 - slot * 0.08)}" y1="{_n(y(target))}" '
                            f'x2="{_n(x0 + width + slot * 0.08)}" y2="{_n(y(target))}" stroke="{ACCENT}" '
                            'stroke-width="1.2" stroke-dasharray="3 2" />')
            if not self.small:
                label = html.escape(f"{self.weeks[i].day} {_MONTHS[self.weeks[i].month - 1][:3]}")
                body.append(f'<text x="{_n(x0 + width / 2)}" y="{h - 7}" font-size="10" text-anchor="middle" '
                            f'fill="{MUTED}">{label}</text>')
        name = r.name if r.associate_id is None else f"{r.initials} {r.name}"
        return _svg(w, h, f"{name}: weekly net sales against target, last {len(r.trend)} weeks", body,
                    "weeks" if self.small else "weeks-large")


# -- Markdown ----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_rich(rich: Rich | _Chart) -> str:
    if isinstance(rich, _Chart):
        return rich.md()
    if isinstance(rich, str):
        return _md_text(rich)
    out = []
    for text, style in rich:
        body = _md_text(text)
        stripped = body.strip()
        if style in ("b", "alert") and stripped:
            lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()):]
            body = f"{lead}**{stripped}**{trail}"
        out.append(body)
    return "".join(out)


def _markdown(doc: _Document) -> str:
    parts = [f"# {_md_text(doc.title)}", _md_text(doc.subtitle)]
    for block in doc.blocks:
        if isinstance(block, _Heading):
            parts.append(f"{'#' * block.level} {_md_text(block.text)}")
        elif isinstance(block, _Para):
            text = _md_rich(block.text)
            parts.append(f"_{text}_" if block.cls == "muted" else text)
        elif isinstance(block, _List):
            parts.append("\n".join(f"- {_md_rich(item)}" for item in block.items))
        elif isinstance(block, _Quote):
            parts.append(f"> “{_md_text(block.text)}”  \n> — {_md_text(block.cite)}")
        elif isinstance(block, _Figure):
            if block.in_markdown:
                parts.append(f"{_md_text(block.caption)}: {block.chart.md()}")
        else:
            parts.append(_md_table(block))
    return "\n\n".join(parts) + "\n"


def _md_table(table: _Table) -> str:
    def cell(value: Rich | _Chart, bold: bool) -> str:
        text = _md_rich(value).replace("\n", " ")
        return f"**{text}**" if bold and text and not isinstance(value, _Chart) else text

    lines = ["| " + " | ".join(_md_text(h) for h in table.headers) + " |",
             "|" + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.headers))) + "|"]
    for i, row in enumerate(table.rows):
        bold = table.total_first and i == 0
        lines.append("| " + " | ".join(cell(c, bold) for c in row) + " |")
    return "\n".join(lines)


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
html { background: #fbf9f5; }
body { margin: 0 auto; max-width: 50rem; padding: 4rem 3rem 5rem; color: #1f1d1a; background: #fffefb;
  font: 15px/1.6 "Helvetica Neue", Helvetica, Arial, sans-serif; }
h1, h2, h3 { font-family: "Didot", "Bodoni 72", "Bodoni MT", Georgia, "Times New Roman", serif;
  font-weight: normal; letter-spacing: 0.02em; }
h1 { font-size: 2.1rem; margin: 0; }
.subtitle { margin: 0.35rem 0 2.75rem; color: #8a8275; font-size: 0.75rem; letter-spacing: 0.2em;
  text-transform: uppercase; }
h2 { font-size: 1.35rem; margin: 2.75rem 0 0.9rem; padding-top: 1rem; border-top: 0.5px solid #d9d2c5; }
h3 { font-size: 1.02rem; margin: 1.6rem 0 0.5rem; color: #5e584f; font-style: italic; }
p { margin: 0.5rem 0; }
.muted { color: #8a8275; font-style: italic; }
.alert { color: #9b2c2c; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 0.75rem; font-size: 0.82rem;
  font-variant-numeric: tabular-nums; }
th { font-weight: normal; color: #8a8275; text-align: left; padding: 0.35rem 0.5rem;
  border-bottom: 0.5px solid #1f1d1a; font-size: 0.72rem; letter-spacing: 0.06em; text-transform: uppercase; }
td { padding: 0.45rem 0.5rem; border-bottom: 0.5px solid #e6e0d5; vertical-align: middle; }
.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 600; border-bottom: 0.5px solid #1f1d1a; }
ul { margin: 0.4rem 0; padding-left: 1.1rem; }
li { margin: 0.25rem 0; }
blockquote { margin: 0.9rem 0; padding: 0.1rem 0 0.1rem 1.1rem; border-left: 1px solid #9a7b4f; }
blockquote p { font-family: Georgia, "Times New Roman", serif; font-style: italic; font-size: 1.02rem; }
blockquote .cite { font-style: normal; color: #8a8275; font-size: 0.8rem; font-family: inherit; }
figure { margin: 0.75rem 0 1rem; }
figcaption { color: #8a8275; font-size: 0.78rem; margin-top: 0.3rem; }
svg { display: block; max-width: 100%; height: auto; }
footer { margin-top: 3.5rem; padding-top: 0.75rem; border-top: 0.5px solid #d9d2c5; color: #8a8275;
  font-size: 0.72rem; letter-spacing: 0.12em; text-transform: uppercase; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure, blockquote, li, tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def _html_rich(rich: Rich | _Chart) -> str:
    if isinstance(rich, _Chart):
        return rich.svg()
    if isinstance(rich, str):
        return html.escape(rich)
    out = []
    for text, style in rich:
        body = html.escape(text)
        if style == "b":
            body = f"<strong>{body}</strong>"
        elif style in ("alert", "muted"):
            tag = "strong" if style == "alert" else "span"
            body = f'<{tag} class="{style}">{body}</{tag}>'
        out.append(body)
    return "".join(out)


def _html(doc: _Document) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(doc.title)} · {html.escape(doc.subtitle)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html.escape(doc.title)}</h1>",
        f'<p class="subtitle">{html.escape(doc.subtitle)}</p>',
        "</header>",
        "<main>",
    ]
    for block in doc.blocks:
        if isinstance(block, _Heading):
            out.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, _Para):
            cls = f' class="{block.cls}"' if block.cls else ""
            out.append(f"<p{cls}>{_html_rich(block.text)}</p>")
        elif isinstance(block, _List):
            out.append("<ul>" + "".join(f"<li>{_html_rich(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, _Quote):
            out.append(f"<blockquote><p>“{html.escape(block.text)}”</p>"
                       f'<p class="cite">— {html.escape(block.cite)}</p></blockquote>')
        elif isinstance(block, _Figure):
            out.append(f"<figure>{block.chart.svg()}<figcaption>{html.escape(block.caption)}</figcaption></figure>")
        else:
            out.append(_html_table(block))
    out += ["</main>", f"<footer>{html.escape(doc.subtitle)} · floorcon</footer>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _html_table(table: _Table) -> str:
    def attrs(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    head = "".join(f"<th{attrs(i)}>{html.escape(h)}</th>" for i, h in enumerate(table.headers))
    rows = []
    for n, row in enumerate(table.rows):
        cls = ' class="total"' if table.total_first and n == 0 else ""
        cells = "".join(f"<td{attrs(i)}>{_html_rich(c)}</td>" for i, c in enumerate(row))
        rows.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


# -- clients: the client file, a portfolio, a search, a follow-up list ---------------------------


def _doc_json(kind: str, body: Any, settings: Settings) -> str:
    data = {"kind": kind, "currency": settings.currency, "minor_digits": settings.minor_digits}
    data.update(_plain(body))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


NUMERIC_KINDS = ("money", "number", "percent", "score")


def _profile_facts(p: Profile, fmt: _Formats) -> list[str]:
    """The client's profile, one fact a line: the file and the brief say it the same way."""
    consent = ", ".join(f"{ch} {'yes' if st.granted else 'withdrawn'}" for ch, st in p.consent.items())
    key = p.next_key_date
    coming = f" · next: {key.kind} in {_plural(key.days, 'day')}" if key else ""
    facts = [
        f"Segment: {p.segment} · state: {p.state}",
        f"Owner: {p.owner or NONE}" + (f" · second owner: {p.second_owner}" if p.second_owner else ""),
        f"Phone: {p.phone or NONE} · e-mail: {p.email or NONE} · language: {p.language or NONE}",
        f"Consent: {consent or 'none recorded'} · reachable by: {', '.join(p.reachable) or 'nothing'}",
        f"Birthday: {_day_or_none(p.birthday)} · anniversary: {_day_or_none(p.anniversary)}{coming}",
        f"Preferences: {p.preferences or NONE} · sizes: {p.sizes or NONE}",
        f"Spend over 12 months: {fmt.money(p.spend_12m)} · lifetime: {fmt.money(p.lifetime)}",
        f"First purchase: {_moment_day(p.first_purchase, fmt)} · last purchase: "
        f"{_moment_day(p.last_purchase, fmt)} · last contact: {_moment_day(p.last_contact, fmt)}",
    ]
    if p.notes:
        facts.append(f"Notes: {p.notes}")
    if p.guard is not None:
        facts.append(f"⚠ {p.guard.message()}")
    return facts


def client_file_md(file: ClientFile, settings: Settings, clock: Clock, kind: str = "Client file") -> str:
    """The client file (or its brief) as Markdown: the profile, then every section as a table."""
    p = file.profile
    blocks: list[Block] = [_List(_profile_facts(p, _Formats(settings, clock)))]
    for section in file.sections:
        blocks.append(_Heading(2, section.title))
        blocks.append(_section_table(section, settings, clock))
    return _markdown(_Document(f"{p.name} · {p.number}", f"{kind} · {long_day(clock.today())}", blocks))


def client_brief_text(brief: ClientFile, settings: Settings, clock: Clock) -> str:
    """The brief as plain text for a terminal: the profile, then each section as aligned columns."""
    p = brief.profile
    lines = [f"{p.name} · {p.number} · client brief · {long_day(clock.today())}", ""]
    lines += _profile_facts(p, _Formats(settings, clock))
    for section in brief.sections:
        lines += ["", section.title]
        if not section.rows:
            lines.append(f"  {section.empty}")
            continue
        kinds = [c.kind for c in section.columns]
        table = [[c.title for c in section.columns]] + [
            [format_cell(v, k, settings, clock) or NONE for k, v in zip(kinds, row, strict=True)]
            for row in section.rows
        ]
        widths = [max(len(r[i]) for r in table) for i in range(len(kinds))]
        for row in table:
            cells = [v.rjust(w) if k in NUMERIC_KINDS else v.ljust(w)
                     for v, w, k in zip(row, widths, kinds, strict=True)]
            lines.append(("  " + "  ".join(cells)).rstrip())
    return "\n".join(lines) + "\n"


def _day_or_none(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else NONE


def _moment_day(moment: datetime | None, fmt: _Formats) -> str:
    return fmt.local_day(moment).strftime("%d/%m/%Y") if moment else NONE


def _section_table(section: Section, settings: Settings, clock: Clock) -> Block:
    if not section.rows:
        return _Para(section.empty, "muted")
    numeric = {i for i, c in enumerate(section.columns) if c.kind in ("money", "number", "percent", "score")}
    rows: list[list[Rich | _Chart]] = [
        [format_cell(v, c.kind, settings, clock) for c, v in zip(section.columns, row, strict=True)]
        for row in section.rows
    ]
    return _Table([c.title for c in section.columns], rows, numeric)


def client_file_json(file: ClientFile, settings: Settings, kind: str = "client") -> str:
    """The client file (kind "client") or its brief ("client_brief") as JSON: the profile, then each
    section as a list of records."""
    body = {"profile": file.profile, "sections": {s.key: s.records() for s in file.sections}}
    return _doc_json(kind, body, settings)


def portfolio_md(p: Portfolio, settings: Settings, clock: Clock) -> str:
    """A portfolio as Markdown: the counts, who needs attention, the openings, every client."""
    fmt = _Formats(settings, clock)
    counts = (f"{len(p.clients)} clients: {p.count(State.ACTIVE)} active, {p.count(State.LAPSING)} lapsing, "
              f"{p.count(State.LAPSED)} lapsed, {p.count(State.NEVER)} with no purchase · "
              f"{p.new_this_month} new this month · retention {fmt.pct(p.retention_rate)} "
              f"({p.retained} of {p.retention_base}) · last contact {_moment_day(p.last_contact, fmt)}")
    blocks: list[Block] = [_Para(counts)]
    blocks.append(_Heading(2, "Needs attention"))
    attention = p.attention
    why = [[f"{c.number} {c.name}", c.segment, c.state, "; ".join(c.reasons)] for c in attention]
    blocks.append(_Table(["Client", "Segment", "State", "Why"], why, set())  # type: ignore[arg-type]
                  if attention else _Para("nobody", "muted"))
    blocks.append(_Heading(2, "Cross-selling openings"))
    openings = p.openings
    blocks.append(_Table(["Client", "Category", "Likelihood", "Owns"],
                         [[f"{c.number} {c.name}", c.opening.category, fmt.pct(c.opening.likelihood),  # type: ignore[union-attr]
                           c.opening.because] for c in openings], {2})  # type: ignore[union-attr]
                  if openings else _Para("none yet", "muted"))
    blocks.append(_Heading(2, "Clients"))
    blocks.append(_Table(["Client", "Segment", "State", "Last purchase", "12 months", "Last contact"],
                         [_portfolio_row(c, fmt) for c in p.clients], {4}) if p.clients
                  else _Para("no client", "muted"))
    if p.seconded:
        blocks.append(_Heading(2, "Second owner of"))
        blocks.append(_Table(["Client", "Segment", "State", "Last purchase", "12 months", "Last contact"],
                             [_portfolio_row(c, fmt) for c in p.seconded], {4}))
    return _markdown(_Document(f"Portfolio · {p.initials} {p.name}", long_day(p.today), blocks))


def _portfolio_row(c: PortfolioClient, fmt: _Formats) -> list[Rich | _Chart]:
    return [f"{c.number} {c.name}", c.segment, c.state, _day_or_none(c.last_purchase), fmt.money(c.spend_12m),
            _moment_day(c.last_contact, fmt)]


def portfolio_json(p: Portfolio, settings: Settings) -> str:
    body = _plain(p)
    body["counts"] = {s: p.count(s) for s in (State.ACTIVE, State.LAPSING, State.LAPSED, State.NEVER)}
    return _doc_json("portfolio", body, settings)


def client_hits_md(hits: list[ClientHit]) -> str:
    return _md_table(_Table(["Number", "Name", "Segment", "Owner", "Matched on"],
                            [[h.number, h.name, h.segment, h.owner, h.matched] for h in hits], set())) + "\n"


def client_hits_json(hits: list[ClientHit]) -> str:
    return json.dumps(_plain(hits), ensure_ascii=False, indent=2) + "\n"


def followups_md(rows: list[FollowUpRow], title_: str, subtitle: str) -> str:
    """A follow-up list as a Markdown table, for e-mail."""
    table = _Table(["#", "Due", "When", "Client", "Segment", "Owner", "Kind", "Action"],
                   [[str(r.id), r.due.strftime("%a %d/%m/%Y"), r.bucket, f"{r.client_number} {r.client}",
                     r.segment, r.owner, r.kind, _one_line(r.action)] for r in rows], {0})
    return _markdown(_Document(title_, subtitle, [table if rows else _Para("nothing due", "muted")]))


# -- the radar ----------------------------------------------------------------------------------


def radar_text(items: list[RadarItem], settings: Settings, clock: Clock) -> str:
    """The radar for a terminal: one item in three lines, most pressing first."""
    n = len(items)
    lines = [f"Radar · {settings.boutique_name} · {clock.now().format('dddd D MMMM YYYY, HH:mm')} · "
             f"{n} item{'s' if n != 1 else ''}", ""]
    if not items:
        lines.append("Nothing on the radar: no rule fires now.")
    for number, item in enumerate(items, 1):
        lines.append(f"{number:>2}. {item.title}" + (f" · {item.client}" if item.client else ""))
        lines.append(f"    {item.reason}")
        lines.append(f"    → {item.action}   [{item.key}]")
    return "\n".join(lines) + "\n"


def radar_json(items: list[RadarItem], settings: Settings, clock: Clock) -> str:
    """Every field of every item; amounts in the figures are integer minor units."""
    body = {"day": clock.today(), "now": clock.now_utc(),
            "items": [{k: v for k, v in _plain(i).items() if k != "masked_reason"} for i in items]}
    return _doc_json("radar", body, settings)
