"""Data in and planning on screen: importing a file, the month's targets and today's floor.

The import runs in a thread worker that feeds the progress bar; the targets screen loads its
plan (services.planning) in a thread worker and every change goes through a FormModal that
writes in its own worker, after which the app reloads every screen that shows the store.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, OptionList, ProgressBar, Static

from ...services import planning
from ...services.imports import KINDS, ImportRefused, ImportResult, import_file
from ...services.masking import mask_amount
from ...services.parsing import InputError, format_money, parse_money
from ...services.team import pick_associate
from ..cells import DASH
from ..modals.capture import CaptureModal
from ..modals.form import Field, ParserValidator
from ..reloaded import Reloaded
from ..widgets.footer import KeysFooter
from ..widgets.panes import Palette
from .dashboard import TopBar

if TYPE_CHECKING:
    from ..app import FloorconApp


def money_text(app: FloorconApp, minor: int | None) -> str:
    """An amount as the boutique writes it, or masked in discreet mode."""
    if minor is None:
        return DASH
    if app.discreet:
        return mask_amount(app.settings.currency_symbol)
    return format_money(minor, app.settings)


# -- importing a file --------------------------------------------------------------------------


def parse_kind(value: str) -> str:
    kind = value.strip().lower()
    matches = [k for k in KINDS if k.startswith(kind)] if kind else []
    if len(matches) != 1:
        raise InputError(f"kind: {value.strip()!r} is not one of {', '.join(KINDS)}")
    return matches[0]


def parse_file(value: str) -> Path:
    path = Path(value.strip()).expanduser()
    if not path.is_file():
        raise InputError(f"file: no file {value.strip()!r}")
    return path


class ImportProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done, self.total = done, total


class ImportFinished(Message):
    """Posted by the import worker: what was read and done, or why nothing could be."""

    def __init__(self, result: ImportResult | None, dry_run: bool, refused: bool, error: str = "") -> None:
        super().__init__()
        self.result, self.dry_run, self.refused, self.error = result, dry_run, refused, error


class ImportScreen(Screen):
    """Import a file: check it first (a dry run), then import it for real."""

    ACTION: ClassVar[str] = "import_file"  # the app's action that opens it

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+d", "check", "Dry run", priority=True),
        Binding("ctrl+s", "run", "Import", priority=True),
        Binding("ctrl+k", "skip_bad", "Skip bad rows", priority=True),
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.skip_bad = False
        self.running = False
        self.checked: tuple[str, Path, bool] | None = None  # what the last clean dry run was for

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static(" Import a file", id="import-title")
        with Vertical(id="import-form", classes="form"):
            yield Label("Kind", classes="field-label")
            yield Input(placeholder=" · ".join(KINDS), id="field-kind", compact=True,
                        suggester=SuggestFromList(KINDS, case_sensitive=False),
                        validators=[ParserValidator(parse_kind)], validate_on=["changed", "submitted"])
            yield Label("File", classes="field-label")
            yield Input(placeholder="path of a .csv or .xlsx file", id="field-path", compact=True,
                        validators=[ParserValidator(parse_file)], validate_on=["submitted"])
            yield Static("", id="import-options")
            yield Static("", id="import-status")
            yield ProgressBar(id="import-progress", show_eta=False)
        yield Static("", id="import-summary")
        yield OptionList(id="import-problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_options()
        self.query_one("#import-status", Static).update(
            "enter or ctrl+d check the file (nothing is written) · ctrl+s import · esc back")
        self.query_one("#import-problems", OptionList).display = False
        self.query_one("#field-kind", Input).focus()

    def show_options(self) -> None:
        state = "on: the good rows go in, the bad ones to a rejects file" if self.skip_bad else \
            "off: all or nothing"
        self.query_one("#import-options", Static).update(f"Skip bad rows (ctrl+k): {state}")

    def values(self) -> tuple[str, Path] | None:
        try:
            kind = parse_kind(self.query_one("#field-kind", Input).value)
            path = parse_file(self.query_one("#field-path", Input).value)
        except InputError as exc:
            self.query_one("#import-status", Static).update(f"✗ {exc}")
            return None
        return kind, path

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run":
            values = self._current()
            return None if values is None or values != self.checked or self.running else True
        if action in ("check", "skip_bad") and self.running:
            return None
        return True

    def _current(self) -> tuple[str, Path, bool] | None:
        try:
            kind = parse_kind(self.query_one("#field-kind", Input).value)
            path = parse_file(self.query_one("#field-path", Input).value)
        except InputError:
            return None
        return kind, path, self.skip_bad

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_check()

    @on(Input.Changed)
    def _changed(self) -> None:
        self.refresh_bindings()

    def action_back(self) -> None:
        if not self.running:
            self.app.pop_screen()

    def action_skip_bad(self) -> None:
        self.skip_bad = not self.skip_bad
        self.show_options()
        self.refresh_bindings()

    def action_check(self) -> None:
        self._start(dry_run=True)

    def action_run(self) -> None:
        if self._current() != self.checked:
            self.notify("Check the file first (ctrl+d)", severity="warning")
            return
        self._start(dry_run=False)

    def _start(self, dry_run: bool) -> None:
        if self.running:
            return
        values = self.values()
        if values is None:
            return
        kind, path = values
        self.running = True
        self.refresh_bindings()
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        what = "Checking" if dry_run else "Importing"
        self.query_one("#import-status", Static).update(f"{what} {path.name} as {kind}…")
        self._import(kind, path, dry_run, self.skip_bad)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, kind: str, path: Path, dry_run: bool, skip_bad: bool) -> None:
        app = self.fc

        def progress(done: int, total: int) -> None:
            app.call_from_thread(self._progress, done, total)

        try:
            result = import_file(app.store, app.settings, app.clock, kind, path, dry_run=dry_run,
                                 skip_bad=skip_bad, progress=progress)
        except ImportRefused as exc:
            self.post_message(ImportFinished(exc.result, dry_run, True, str(exc)))
            return
        except InputError as exc:
            self.post_message(ImportFinished(None, dry_run, True, str(exc)))
            return
        except Exception as exc:  # the store refused: say so, nothing is half-written
            self.post_message(ImportFinished(None, dry_run, True, f"not imported ({type(exc).__name__})"))
            return
        self.post_message(ImportFinished(result, dry_run, False))

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=max(total, 1), progress=done)

    @on(ImportFinished)
    def _finished(self, message: ImportFinished) -> None:
        self.running = False
        result = message.result
        status = self.query_one("#import-status", Static)
        bar = self.query_one("#import-progress", ProgressBar)
        if result is not None:
            bar.update(total=max(result.rows, 1), progress=max(result.rows, 1))
        if message.dry_run:
            current = self._current()
            self.checked = current if result is not None and (not message.refused or self.skip_bad) else None
            if message.refused and result is None:
                status.update(f"✗ {message.error}")
            elif message.refused:
                status.update(f"✗ {message.error}. Fix the file, or ctrl+k to skip the bad rows")
            else:
                status.update("Checked, nothing written yet: ctrl+s to import")
        elif message.refused:
            status.update(f"✗ {message.error}")
        else:
            self.checked = None
            rejects = result.rejects_file if result else None
            status.update("Imported" + (f"; bad rows in {rejects}" if rejects else ""))
            self.fc.store_written()
            self.notify(result.summary() if result else "Imported", timeout=6)
        self.show_result(result, message.dry_run)
        self.refresh_bindings()

    def show_result(self, result: ImportResult | None, dry_run: bool) -> None:
        summary = self.query_one("#import-summary", Static)
        problems = self.query_one("#import-problems", OptionList)
        problems.clear_options()
        if result is None:
            summary.update("")
            problems.display = False
            return
        text = Text()
        text.append("Would do  " if dry_run else "Done  ", style="bold")
        text.append(result.summary())
        for what, names in sorted(result.unknown.items()):
            shown = ", ".join(names[:8]) + (f" (+{len(names) - 8})" if len(names) > 8 else "")
            text.append(f"\nUnknown {what}: {shown}")
        for note in result.notes:
            text.append(f"\n{note}")
        summary.update(text)
        problems.add_options([str(p) for p in result.problems])
        problems.display = bool(result.problems)
        problems.border_title = f"Problems · {len(result.problems)}"


# -- targets and the schedule ------------------------------------------------------------------


class PlanLoaded(Reloaded):
    def __init__(self, plan: planning.Plan) -> None:
        super().__init__()
        self.plan = plan


MONTHS = Binding.Group("Month", compact=True)


class TargetsScreen(Screen):
    """The month's target and its daily spread; the floor of the highlighted day and each
    associate's share of it. Every change applies to the day (or month) on screen."""

    ACTION: ClassVar[str] = "targets"  # the app's action that opens it

    BINDINGS: ClassVar = [
        Binding("escape", "back", "Back"),
        Binding("left", "month(-1)", "Previous", group=MONTHS, key_display="←", priority=True),
        Binding("right", "month(1)", "Next", group=MONTHS, key_display="→", priority=True),
        Binding("t", "today", "Today"),
        Binding("o", "month_target", "Month target"),
        Binding("a", "add_shift", "Add shift"),
        Binding("x", "remove_shift", "Remove shift"),
        Binding("j", "adjust", "One SA's day"),
        Binding("p", "split", "Split by weights"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: planning.Plan | None = None
        self.day: date | None = None  # the day on screen; today until another is highlighted

    @property
    def fc(self) -> FloorconApp:
        return cast("FloorconApp", self.app)

    @property
    def chosen(self) -> date:
        return self.day or self.fc.clock.today()

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        yield Static("", id="plan-title")
        with Horizontal(id="plan-body"):
            days = DataTable(id="plan-days", cursor_type="row", zebra_stripes=True)
            days.border_title = "Daily spread"
            yield days
            with Vertical(id="plan-right"):
                yield Static("", id="plan-month")
                yield DataTable(id="plan-floor", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        days = self.query_one("#plan-days", DataTable)
        days.add_column("Day", key="day", width=16)
        days.add_column("Target", key="target", width=14)
        floor = self.query_one("#plan-floor", DataTable)
        floor.add_column("SA", key="sa", width=4)
        floor.add_column("Associate", key="name", width=18)
        floor.add_column("Shift", key="shift", width=11)
        floor.add_column("Hours", key="hours", width=5)
        floor.add_column("Target", key="target", width=12)
        floor.add_column("Share", key="share", width=5)
        floor.add_column("Set", key="how", width=10)
        self.reload()

    @work(thread=True, exclusive=True, group="plan")
    def reload(self) -> None:
        app = self.fc
        with app.store.read() as session:
            found = planning.plan(session, app.store.boutique_id, app.clock, self.chosen)
        self.post_message(PlanLoaded(found))

    @on(PlanLoaded)
    def _loaded(self, message: PlanLoaded) -> None:
        if message.superseded:
            return
        self.plan = message.plan
        self.show(message.plan)

    def redraw(self) -> None:
        if self.plan is not None:
            self.show(self.plan)

    def show(self, p: planning.Plan) -> None:
        app = self.fc
        colours = Palette(app.theme_variables)
        today = app.clock.today()
        self.query_one("#plan-title", Static).update(
            Text.assemble((" Targets and schedule", "bold"), f"   {p.month:%B %Y}"))
        targets = dict(p.days)
        days = self.query_one("#plan-days", DataTable)
        days.clear()
        for day in planning.month_days(p.month):
            style = f"bold {colours.accent}" if day == today else ("" if app.clock.is_selling_day(day)
                                                                   else colours.muted)
            value = targets.get(day)
            shown = money_text(app, value) if value is not None else (
                DASH if app.clock.is_selling_day(day) else "closed")
            days.add_row(Text(f"{day:%a %d %b}", style=style), Text(shown, style=style, justify="right"),
                         key=day.isoformat())
        days.move_cursor(row=p.day.day - 1, animate=False)
        spread = sum(targets.values())
        month = Text()
        month.append("Month target ", style="bold")
        month.append(money_text(app, p.month_total) if p.month_total is not None else "not set")
        month.append(f"\nSpread over {len(p.days)} day{'s' if len(p.days) != 1 else ''}: ")
        month.append(money_text(app, spread) if p.days else DASH)
        if p.month_total is not None and p.days and spread != p.month_total:
            month.append("  (differs from the month target)", style=colours.behind)
        month.append(f"\n{'Today' if p.day == today else f'{p.day:%A %d %B}'} ", style="bold")
        month.append(money_text(app, p.day_total) if p.day_total is not None else "no target")
        n = len(p.floor)
        month.append(f"  ·  {n} on the floor", style=colours.muted)
        self.query_one("#plan-month", Static).update(month)

        floor = self.query_one("#plan-floor", DataTable)
        floor.border_title = "Today's floor" if p.day == today else f"Floor · {p.day:%a %d %b}"
        cursor = floor.cursor_row
        floor.clear()
        total = p.day_total or 0
        for line in p.floor:
            share = f"{line.target * 100 / total:.0f}%" if line.target is not None and total else DASH
            floor.add_row(
                Text(line.initials, style="bold"), line.name, f"{line.starts}-{line.ends}",
                Text(f"{line.hours:.1f}", justify="right"),
                Text(money_text(app, line.target), justify="right"), Text(share, justify="right"),
                Text("by hand" if line.explicit else "by hours", style=colours.muted),
                key=str(line.associate_id),
            )
        if floor.row_count:
            floor.move_cursor(row=min(cursor, floor.row_count - 1), animate=False)

    @on(DataTable.RowHighlighted, "#plan-days")
    def _day_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Moving through the spread shows that day's floor; the forms then act on it. Events
        left behind by redrawing the table (the cursor has moved on since) are not moves."""
        if event.row_key.value is None or event.cursor_row != event.data_table.cursor_row:
            return
        day = date.fromisoformat(event.row_key.value)
        if day != self.chosen:
            self.day = day
            self.reload()

    def action_month(self, step: int) -> None:
        first = self.chosen.replace(day=1)
        moved = (first + timedelta(days=32 * step if step > 0 else -1)).replace(day=1)
        today = self.fc.clock.today()
        self.day = today if (moved.year, moved.month) == (today.year, today.month) else moved
        self.reload()

    def action_today(self) -> None:
        self.day = None
        self.reload()

    def highlighted_initials(self) -> str:
        """The associate highlighted on the floor table: the forms' default."""
        floor = self.query_one("#plan-floor", DataTable)
        if not floor.row_count or self.plan is None:
            return ""
        row = floor.cursor_row
        return self.plan.floor[row].initials if 0 <= row < len(self.plan.floor) else ""

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_month_target(self) -> None:
        prefill = {}
        if self.plan is not None and self.plan.month_total is not None:
            shown = format_money(self.plan.month_total, self.fc.settings, cents=True)
            prefill["total"] = shown.split(" ", 1)[1]
        self.app.push_screen(MonthTargetModal(self.chosen.replace(day=1), prefill))

    def action_add_shift(self) -> None:
        self.app.push_screen(ShiftModal(self.chosen))

    def action_remove_shift(self) -> None:
        self.app.push_screen(RemoveShiftModal(self.chosen, {"associate": self.highlighted_initials()}))

    def action_adjust(self) -> None:
        self.app.push_screen(AssociateDayModal(self.chosen, {"associate": self.highlighted_initials()}))

    def action_split(self) -> None:
        prefill = {}
        if self.plan is not None and self.plan.floor:
            prefill["weights"] = ", ".join(f"{f.initials} 1" for f in self.plan.floor)
        self.app.push_screen(SplitModal(self.chosen, prefill))


# -- the forms ---------------------------------------------------------------------------------

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weight(text: str, field: str) -> float:
    raw = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,3})?", raw):
        raise InputError(f"{field}: {text.strip()!r} is not a weight (e.g. 1, 1.4 or 0)")
    return float(raw)


def _pairs(value: str, field: str) -> list[tuple[str, str]]:
    """'sat 1.4, fri 1,2; mon 0' -> [('sat', '1.4'), ('fri', '1,2'), ('mon', '0')]."""
    pairs = []
    for part in re.split(r"[;/]|,(?!\d)", value):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(\S+)\s*[:=]?\s*(\S+)\s*", part)
        if not m:
            raise InputError(f"{field}: {part.strip()!r} is not a name and a weight (e.g. sat 1.4)")
        pairs.append((m[1], m[2]))
    if not pairs:
        raise InputError(f"{field}: empty")
    return pairs


def parse_pattern(value: str, opening: dict[int, float]) -> dict[int, float]:
    """'sat 1.4, fri 1.2' -> the opening days at 1, Saturday 1.4, Friday 1.2."""
    pattern = dict(opening)
    for name, weight in _pairs(value, "pattern"):
        key = name.lower()[:3]
        if key not in _WEEKDAYS:
            raise InputError(f"pattern: {name!r} is not a weekday (mon, tue, … sun)")
        pattern[_WEEKDAYS.index(key)] = parse_weight(weight, "pattern")
    return pattern


def parse_clock_time(value: str, field: str) -> time:
    raw = value.strip().replace("h", ":").replace(".", ":")
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", raw)
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise InputError(f"{field}: {value.strip()!r} is not a time (e.g. 10:30)")
    return time(int(m[1]), int(m[2] or 0))


def pattern_hint(pattern: dict[int, float]) -> str:
    return "→ " + " · ".join(f"{_WEEKDAYS[d].capitalize()} {w:g}" for d, w in sorted(pattern.items()))


class PlanningModal(CaptureModal):
    """A planning form for one day (or month) of the boutique."""

    def __init__(self, day: date, prefill: dict[str, str] | None = None) -> None:
        self.day = day
        super().__init__(prefill)

    def money(self, value: str) -> int:
        amount = parse_money(value, self.fc.settings.minor_digits, field="target")
        if amount < 0:
            raise InputError("target: a target is 0 or more")
        return amount


class MonthTargetModal(PlanningModal):
    def heading(self) -> str:
        return f"Month target · {self.day:%B %Y}"

    def opening(self) -> dict[int, float]:
        return planning.default_pattern(self.fc.clock)

    def fields(self) -> list[Field]:
        return [
            Field("total", "Month target", "e.g. 4 780 300", parse=self.money,
                  hint=lambda v: f"→ {format_money(self.money(v), self.fc.settings, cents=True)}"),
            Field("pattern", "Weekday pattern", "opening days weigh 1; e.g. sat 1.4, fri 1.2",
                  parse=lambda v: parse_pattern(v, self.opening()), required=False,
                  hint=lambda v: pattern_hint(parse_pattern(v, self.opening()))),
        ]

    def save(self, values: dict[str, Any]) -> int:
        app = self.fc
        with app.store.write() as session:
            spread = planning.set_month_target(session, app.store.boutique_id, self.day, values["total"],
                                               values["pattern"], app.clock)
        return len(spread)

    def saved_message(self, result: int) -> str:
        return f"Month target set · spread over {result} days"


class ShiftModal(PlanningModal):
    def heading(self) -> str:
        return f"Shift · {self.day:%A %d %B}"

    def fields(self) -> list[Field]:
        hours = self.fc.clock.hours.get(self.day.weekday())
        start, end = (f"{hours[0]:%H:%M}", f"{hours[1]:%H:%M}") if hours else ("", "")
        return [
            self.associate_field(),
            Field("start", "From", "e.g. 10:30", parse=lambda v: parse_clock_time(v, "from"), default=start),
            Field("end", "To", "e.g. 19:00", parse=lambda v: parse_clock_time(v, "to"), default=end),
        ]

    def save(self, values: dict[str, Any]) -> str:
        app = self.fc
        associate = values["associate"]
        with app.store.write() as session:
            planning.set_shift(session, app.store.boutique_id, associate.id, self.day, values["start"],
                               values["end"], app.clock)
        return f"{associate.initials} on the floor {values['start']:%H:%M}-{values['end']:%H:%M}"

    def saved_message(self, result: str) -> str:
        return result


class RemoveShiftModal(PlanningModal):
    def heading(self) -> str:
        return f"Remove a shift · {self.day:%A %d %B}"

    def fields(self) -> list[Field]:
        return [self.associate_field()]

    def save(self, values: dict[str, Any]) -> str:
        app = self.fc
        associate = values["associate"]
        with app.store.write() as session:
            planning.remove_shift(session, app.store.boutique_id, associate.id, self.day, app.clock)
        return f"{associate.initials} off the floor"

    def saved_message(self, result: str) -> str:
        return result


class AssociateDayModal(PlanningModal):
    def heading(self) -> str:
        return f"One associate's target · {self.day:%A %d %B}"

    def fields(self) -> list[Field]:
        return [
            self.associate_field(),
            Field("value", "Target for the day", "e.g. 12 500", parse=self.money,
                  hint=lambda v: f"→ {format_money(self.money(v), self.fc.settings, cents=True)}"),
        ]

    def save(self, values: dict[str, Any]) -> str:
        app = self.fc
        associate = values["associate"]
        with app.store.write() as session:
            planning.set_associate_day_target(session, app.store.boutique_id, associate.id, self.day,
                                              values["value"])
        return f"{associate.initials}'s target set"

    def saved_message(self, result: str) -> str:
        return result


class SplitModal(PlanningModal):
    def heading(self) -> str:
        return f"Split the day by weights · {self.day:%A %d %B}"

    def parse_weights(self, value: str) -> dict[int, float]:
        weights: dict[int, float] = {}
        for name, weight in _pairs(value, "weights"):
            associate = pick_associate(self.fc.associates, name)
            assert associate.id is not None
            weights[associate.id] = parse_weight(weight, "weights")
        return weights

    def weights_hint(self, value: str) -> str:
        weights = self.parse_weights(value)
        names = {a.id: a.initials for a in self.fc.associates}
        return "→ " + " · ".join(f"{names[a]} {w:g}" for a, w in weights.items())

    def fields(self) -> list[Field]:
        return [Field("weights", "Weights", "e.g. SOP 2, LD 1, AK 1", parse=self.parse_weights,
                      hint=self.weights_hint)]

    def save(self, values: dict[str, Any]) -> int:
        app = self.fc
        with app.store.write() as session:
            parts = planning.split_day_by_weights(session, app.store.boutique_id, self.day, values["weights"])
        return len(parts)

    def saved_message(self, result: int) -> str:
        return f"{self.day:%a %d %b} split over {result} associate{'s' if result != 1 else ''}"
