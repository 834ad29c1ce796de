"""The regional roll-up: each boutique's day against target, side by side, and the total.

One store (a PostgreSQL server, or a SQLite file) may hold several boutiques. Each is computed
by the dashboard's own `targets_pane`, on its own time zone and currency from its boutique row,
so a roll-up figure is the figure on that boutique's dashboard. Money is never added across
currencies: boutiques are totalled per currency, and the region has one grand total only when
they all share one.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from ..clock import Clock
from ..config import CURRENCIES, Settings
from ..models import Boutique
from . import kpi
from .dashboard import TargetsPane, targets_pane
from .exports import _Document, _Formats, _Heading, _html, _markdown, _Para, _Table, long_day
from .parsing import InputError

FORMATS = ("md", "html", "csv", "json")
ALL = "all"


@dataclass(frozen=True)
class BoutiqueDay:
    """One boutique's day, as its own dashboard shows it."""

    code: str
    name: str
    currency: str
    timezone: str
    pane: TargetsPane

    @property
    def target(self) -> int | None:
        return self.pane.boutique.target

    @property
    def figures(self) -> kpi.SalesFigures:
        return self.pane.boutique.figures

    @property
    def achievement(self) -> float | None:
        return self.pane.boutique.achievement

    @property
    def atv(self) -> int | None:
        return self.pane.boutique.atv

    @property
    def behind(self) -> bool:
        return self.pane.boutique.behind


@dataclass(frozen=True)
class CurrencyTotal:
    """The boutiques selling in one currency, added up. A boutique with no target adds its
    sales but no target, so the total's target is the sum of the targets set."""

    currency: str
    boutiques: int
    target: int | None
    figures: kpi.SalesFigures
    month_target: int | None
    month_to_date: int

    @property
    def achievement(self) -> float | None:
        return kpi.achievement(self.figures.net_sales, self.target)

    @property
    def atv(self) -> int | None:
        return kpi.atv(self.figures)

    @property
    def month_achievement(self) -> float | None:
        return kpi.achievement(self.month_to_date, self.month_target)


@dataclass(frozen=True)
class Region:
    day: date
    boutiques: list[BoutiqueDay]
    totals: list[CurrencyTotal]  # one per currency, in the order the boutiques show them

    @property
    def one_currency(self) -> bool:
        return len(self.totals) == 1


def parse_boutiques(text: str) -> list[str] | None:
    """--boutiques: `all` (None), or codes separated by commas."""
    raw = text.strip()
    if raw.lower() == ALL:
        return None
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    if not codes:
        raise InputError("--boutiques: give `all` or boutique codes separated by commas")
    return codes


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def region(session: Session, settings: Settings, clock: Clock, day: date,
           codes: list[str] | None = None) -> Region:
    """Every boutique of the store (or those `codes` name) on the business day `day`, each in
    its own time zone and currency; the opening hours are this terminal's."""
    rows = list(session.exec(select(Boutique).order_by(Boutique.code)))
    if codes is not None:
        known = {b.code.lower(): b for b in rows}
        unknown = [c for c in codes if c.lower() not in known]
        if unknown:
            names = ", ".join(b.code for b in rows) or "none"
            raise InputError(f"--boutiques: unknown boutique {unknown[0]!r} (in this store: {names})")
        rows = [known[c.lower()] for c in dict.fromkeys(codes)]
    days: list[BoutiqueDay] = []
    for b in rows:
        assert b.id is not None
        local = replace(settings, boutique_name=b.name, boutique_code=b.code, timezone=b.timezone,
                        currency=b.currency if b.currency in CURRENCIES else settings.currency)
        pane = targets_pane(session, b.id, Clock(local, now_fn=clock.now), local, day)
        days.append(BoutiqueDay(b.code, b.name, local.currency, b.timezone, pane))
    totals = []
    for currency in dict.fromkeys(d.currency for d in days):
        group = [d for d in days if d.currency == currency]
        totals.append(CurrencyTotal(
            currency=currency, boutiques=len(group), target=_sum([d.target for d in group]),
            figures=sum((d.figures for d in group), kpi.SalesFigures()),
            month_target=_sum([d.pane.month_target for d in group]),
            month_to_date=sum(d.pane.month_to_date for d in group),
        ))
    return Region(day, days, totals)


# -- as documents -------------------------------------------------------------------------------

HEADERS = ["Boutique", "Target", "Net sales", "Achievement", "Transactions", "ATV", "Month to date",
           "Month target", "Month"]
TOTAL_NOTE = "No grand total: the boutiques sell in {}; each currency is totalled on its own."


def currency_note(r: Region) -> str:
    """Why there is no grand total, or "" when there is one."""
    if r.one_currency or not r.totals:
        return ""
    return TOTAL_NOTE.format(", ".join(t.currency for t in r.totals))


def total_label(r: Region, total: CurrencyTotal) -> str:
    return "Region" if r.one_currency else f"Total {total.currency}"


def _formats(settings: Settings, clock: Clock, currency: str) -> _Formats:
    return _Formats(replace(settings, currency=currency), clock)


def table_rows(r: Region, settings: Settings, clock: Clock) -> list[list[str]]:
    """The roll-up's rows as the screen and the documents show them: boutiques, then totals."""
    lines = []
    for d in r.boutiques:
        f = _formats(settings, clock, d.currency)
        lines.append([f"{d.code} {d.name}", f.money(d.target), f.money(d.figures.net_sales),
                      f.pct(d.achievement), str(d.figures.transactions), f.money(d.atv),
                      f.money(d.pane.month_to_date), f.money(d.pane.month_target),
                      f.pct(d.pane.month_achievement)])
    for t in r.totals:
        f = _formats(settings, clock, t.currency)
        lines.append([total_label(r, t), f.money(t.target), f.money(t.figures.net_sales),
                      f.pct(t.achievement), str(t.figures.transactions), f.money(t.atv),
                      f.money(t.month_to_date), f.money(t.month_target), f.pct(t.month_achievement)])
    return lines


def title(r: Region) -> str:
    return f"Region · {long_day(r.day)}"


def render(r: Region, fmt: str, settings: Settings, clock: Clock) -> str:
    """The roll-up as Markdown, standalone HTML, CSV (money in minor units) or JSON."""
    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return _csv(r)
    if fmt == "json":
        return _json(r)
    blocks: list = [_Table(HEADERS, table_rows(r, settings, clock), set(range(1, 9)))]  # type: ignore[arg-type]
    if note := currency_note(r):
        blocks.append(_Para(note, "muted"))
    blocks.append(_Para("Each boutique's business day in its own time zone, figures in its own currency, "
                        "as its dashboard shows them.", "muted"))
    n = len(r.boutiques)
    doc = _Document("Region", f"{long_day(r.day)} · {n} boutique{'s' if n != 1 else ''}",
                    [_Heading(2, "Day against target"), *blocks])
    return _markdown(doc) if fmt == "md" else _html(doc)


def _csv(r: Region) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "currency", "target", "net_sales", "achievement", "transactions",
                     "atv", "month_to_date", "month_target", "month_achievement"])

    def opt(value: float | int | None) -> str:
        return "" if value is None else (f"{value:.4f}" if isinstance(value, float) else str(value))

    for d in r.boutiques:
        writer.writerow([d.code, d.name, d.currency, opt(d.target), d.figures.net_sales, opt(d.achievement),
                         d.figures.transactions, opt(d.atv), d.pane.month_to_date, opt(d.pane.month_target),
                         opt(d.pane.month_achievement)])
    for t in r.totals:
        writer.writerow(["", total_label(r, t), t.currency, opt(t.target), t.figures.net_sales,
                         opt(t.achievement), t.figures.transactions, opt(t.atv), t.month_to_date,
                         opt(t.month_target), opt(t.month_achievement)])
    return out.getvalue()


def _json(r: Region) -> str:
    def figures(target: int | None, f: kpi.SalesFigures, achievement: float | None, atv: int | None,
                mtd: int, m_target: int | None, m_ach: float | None) -> dict[str, object]:
        return {"target": target, "net_sales": f.net_sales, "achievement": achievement,
                "transactions": f.transactions, "units": f.units, "atv": atv, "month_to_date": mtd,
                "month_target": m_target, "month_achievement": m_ach}

    data = {
        "kind": "region", "day": r.day.isoformat(), "one_currency": r.one_currency,
        "boutiques": [
            {"code": d.code, "name": d.name, "currency": d.currency,
             "minor_digits": CURRENCIES[d.currency][1], "timezone": d.timezone, "behind": d.behind,
             **figures(d.target, d.figures, d.achievement, d.atv, d.pane.month_to_date,
                       d.pane.month_target, d.pane.month_achievement)}
            for d in r.boutiques
        ],
        "totals": [
            {"currency": t.currency, "boutiques": t.boutiques,
             **figures(t.target, t.figures, t.achievement, t.atv, t.month_to_date, t.month_target,
                       t.month_achievement)}
            for t in r.totals
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
