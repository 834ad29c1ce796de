"""The KPI formulas: raw sums in, the ratios a manager reads out (see DESIGN.md).

Pure arithmetic, apart from the store layer, so that what the panes hold can be handed from one
process to another that has not loaded SQLAlchemy (the console's first look, `firstlook.py`).
`kpi` reads the sums from the store and offers these under the same names. A ratio with nothing
to divide by is None, shown as "—", never 0: "no traffic counted" is not "nobody converted".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SalesFigures:
    """Raw sums over a period; every sales KPI is computed from these."""

    net_sales: int = 0  # minor units, returns negative
    transactions: int = 0
    units: int = 0
    identified_transactions: int = 0

    def __add__(self, other: SalesFigures) -> SalesFigures:
        return SalesFigures(
            self.net_sales + other.net_sales,
            self.transactions + other.transactions,
            self.units + other.units,
            self.identified_transactions + other.identified_transactions,
        )


def achievement(net_sales: int, target: int | None) -> float | None:
    """Net sales / target; None without a (positive) target."""
    if not target or target <= 0:
        return None
    return net_sales / target


def atv(figures: SalesFigures) -> int | None:
    """Average ticket (minor units): net sales / transactions."""
    if figures.transactions <= 0:
        return None
    return round(figures.net_sales / figures.transactions)


def upt(figures: SalesFigures) -> float | None:
    """Units per transaction."""
    if figures.transactions <= 0:
        return None
    return figures.units / figures.transactions


def conversion(figures: SalesFigures, visitor_count: int | None) -> float | None:
    """Transactions / visitors; None when no traffic was counted."""
    if not visitor_count:
        return None
    return figures.transactions / visitor_count


def capture_rate(figures: SalesFigures) -> float | None:
    """Transactions tied to an identified client / transactions."""
    if figures.transactions <= 0:
        return None
    return figures.identified_transactions / figures.transactions


def ratio(part: int, whole: int) -> float | None:
    """part / whole; None when there is nothing to divide by."""
    return part / whole if whole > 0 else None


def retention_rate(retained: int, base: int) -> float | None:
    """Clients who bought in the N months before the last N and are active again / the former,
    N being clients.lapsing_after_months (the window that makes a client active)."""
    return ratio(retained, base)


def run_rate_needed(period_target: int | None, to_date: int, selling_days_left: int) -> int | None:
    """(period target − period-to-date sales) / selling days left, in minor units per day.

    0 once the target is reached; None without a target or with no selling day left.
    """
    if period_target is None or selling_days_left <= 0:
        return None
    return max(0, round((period_target - to_date) / selling_days_left))
