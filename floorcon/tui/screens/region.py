"""The region: every boutique of the store on one business day, against target, side by side.

It loads `services.region.region` in a thread worker, as the ritual screens load their report,
and keeps their keys (days, today, go to, export, copy). Each boutique's money is shown in its
own currency; totals are per currency, with one grand total only when all share one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar, cast

from rich.text import Text
from sqlmodel import Session
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ...services import region
from ...services.masking import mask_amount
from ...services.parsing import InputError, format_money
from ..cells import DASH, bar
from .rituals import ExportModal, Look, ReportTable, RitualScreen, write_private


class RegionScreen(RitualScreen):
    """Each boutique's day against target, the month, and the totals."""

    KIND: ClassVar[str] = "region"
    NAME: ClassVar[str] = "Region"
    NAME_W, MONEY, BAR = 26, 13, 9

    def fetch(self, session: Session, day: date) -> region.Region:  # type: ignore[override]
        app = self.fc
        return region.region(session, app.settings, app.clock, day)

    def body(self) -> ComposeResult:
        with Vertical(id="region-card", classes="card wide"):
            table = ReportTable(id="region-table", cursor_type="none", zebra_stripes=True)
            table.add_column("", key="flag", width=1)
            table.add_column("Boutique", key="name", width=self.NAME_W)
            table.add_column("Target", key="target", width=self.MONEY)
            table.add_column("Net sales", key="net", width=self.MONEY)
            table.add_column("Achievement", key="ach", width=self.BAR + 6)
            table.add_column("Tx", key="tx", width=4)
            table.add_column("ATV", key="atv", width=10)
            table.add_column("Month to date", key="mtd", width=self.MONEY + 2)
            table.add_column("Month", key="month", width=5)
            yield table
            yield Static("", id="region-note", classes="card-line")

    def prepare(self) -> None:
        self.query_one("#region-card").border_title = "Each boutique's day against target"

    def lay_out(self, report: Any, look: Look) -> None:
        r = cast(region.Region, report)
        table = self.query_one("#region-table", ReportTable)
        table.clear()
        p = look.palette

        def money(minor: int | None, currency: str) -> str:
            if minor is None:
                return DASH
            settings = replace(look.settings, currency=currency)
            if look.discreet:
                return mask_amount(settings.currency_symbol)
            return format_money(minor, settings)

        def pct(value: float | None) -> str:
            return DASH if value is None else f"{value:.0%}"

        for d in r.boutiques:
            table.add_row(
                Text("▼", style=p.behind) if d.behind else Text(""),
                Text(f"{d.code} {d.name}", no_wrap=True, overflow="ellipsis"),
                Text(money(d.target, d.currency), justify="right"),
                Text(money(d.figures.net_sales, d.currency), justify="right"),
                bar(d.achievement, d.pane.pace, self.BAR, p.ok, p.behind, p.muted),
                Text(str(d.figures.transactions), justify="right"),
                Text(money(d.atv, d.currency), justify="right"),
                Text(money(d.pane.month_to_date, d.currency), justify="right"),
                Text(pct(d.pane.month_achievement), justify="right"),
                key=d.code,
            )
        for t in r.totals:
            table.add_row(
                Text(""),
                Text(region.total_label(r, t), style="bold"),
                Text(money(t.target, t.currency), style="bold", justify="right"),
                Text(money(t.figures.net_sales, t.currency), style="bold", justify="right"),
                Text(pct(t.achievement), style="bold", justify="right"),
                Text(str(t.figures.transactions), style="bold", justify="right"),
                Text(money(t.atv, t.currency), style="bold", justify="right"),
                Text(money(t.month_to_date, t.currency), style="bold", justify="right"),
                Text(pct(t.month_achievement), style="bold", justify="right"),
                key=f"total-{t.currency}",
            )
        note = Text()
        if currencies := region.currency_note(r):
            note.append(f"{currencies}\n", style=p.late)
        note.append(f"{len(r.boutiques)} boutique{'s' if len(r.boutiques) != 1 else ''} · each on its own "
                    "business day and time zone · ▼ behind the day's pace", style=p.muted)
        self.query_one("#region-note", Static).update(note)

    # -- export and copy: the roll-up's own documents -------------------------------------
    def action_export(self) -> None:
        report = self.export_report()
        if report is not None:
            self.app.push_screen(RegionExportModal(cast(region.Region, report)))

    def action_copy(self) -> None:
        report = self.export_report()
        if report is None:
            return
        text = region.render(cast(region.Region, report), "md", self.fc.settings, self.fc.clock)
        self.app.copy_to_clipboard(text)
        self.notify(f"{region.title(cast(region.Region, report))} copied as Markdown", timeout=4)


class RegionExportModal(ExportModal):
    """Export the roll-up on screen: Markdown, HTML, CSV or JSON."""

    def __init__(self, report: region.Region) -> None:
        self.region = report
        super().__init__(report)  # type: ignore[arg-type]

    def default_path(self, fmt: str) -> str:
        return f"~/floorcon-region-{self.region.day.isoformat()}.{fmt}"

    def heading(self) -> str:
        return f"Export · {region.title(self.region)}"

    def save(self, values: dict[str, Any]) -> Path:
        app = self.app
        text = region.render(self.region, values["format"], app.settings, app.clock)  # type: ignore[attr-defined]
        path = cast(Path, values["path"])
        try:
            write_private(path, text)
        except OSError as exc:
            raise InputError(f"not written: {exc.strerror or type(exc).__name__}") from None
        return path

