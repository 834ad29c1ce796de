"""Business day, week and month in the boutique's time zone.

Everything is stored in UTC; every question a manager asks ("today", "this month", "how many
selling days are left") is asked in the boutique's zone. This module is the one place that
turns one into the other, so a late-evening sale in Tokyo never lands on the wrong day.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .config import ConfigError, Settings

if TYPE_CHECKING:  # pendulum loads on the clock's first question, after the console's first paint
    import pendulum


def frozen_moment(value: str | None) -> str | None:
    """FLOORCON_NOW checked when the clock is made, so a typo is one line before anything runs
    (the datetime check: pendulum still loads only on the clock's first question)."""
    if not value:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"FLOORCON_NOW: {value!r} is not an ISO 8601 moment "
                          "(e.g. 2026-11-25T15:00:00+01:00)") from None
    return value


class Clock:
    """The boutique's clock: `now()` in its zone, and the business calendar around it.

    `fixed` freezes time (tests, snapshots); FLOORCON_NOW (ISO 8601) does the same for a
    whole process, so a CLI test or a screenshot can be made at a known moment.
    """

    def __init__(
        self,
        settings: Settings,
        fixed: datetime | str | None = None,
        now_fn: Callable[[], datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.hours = settings.hours
        self._given = fixed if fixed is not None else frozen_moment(os.environ.get("FLOORCON_NOW"))
        self._now_fn = now_fn

    @cached_property
    def tz(self) -> pendulum.Timezone:
        import pendulum

        return pendulum.timezone(self.settings.timezone)

    @cached_property
    def _fixed(self) -> pendulum.DateTime | None:
        import pendulum

        fixed = self._given
        if isinstance(fixed, str):
            parsed = pendulum.parse(fixed, tz=self.tz)
            assert isinstance(parsed, pendulum.DateTime)
            fixed = parsed
        return pendulum.instance(fixed).in_timezone(self.tz) if fixed else None

    # -- now -------------------------------------------------------------------------------
    def now(self) -> pendulum.DateTime:
        """The present moment in the boutique's zone."""
        import pendulum

        if self._now_fn is not None:
            return pendulum.instance(self._now_fn()).in_timezone(self.tz)
        if self._fixed is not None:
            return self._fixed
        return pendulum.now(self.tz)

    def now_utc(self) -> datetime:
        """The present moment in UTC, as the store takes it. A clock neither frozen nor driven
        asks the standard library: a one-line capture then never loads pendulum."""
        if self._now_fn is None and self._given is None:
            return datetime.now(UTC)
        return to_utc(self.now())

    def today(self) -> date:
        """The business day: the calendar date in the boutique's zone, as a plain date (day
        arithmetic on it runs in C: the panes subtract hundreds of due days from it)."""
        now = self.now()
        return date(now.year, now.month, now.day)

    # -- conversions -----------------------------------------------------------------------
    def local(self, moment: datetime) -> pendulum.DateTime:
        """A stored UTC moment, in the boutique's zone, for display."""
        import pendulum

        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return pendulum.instance(moment).in_timezone(self.tz)

    @cached_property
    def zone(self) -> ZoneInfo:
        """The boutique's zone, the standard library's (pendulum's Timezone is one too, read
        from the same database): for conversions on a path that loads no pendulum."""
        return ZoneInfo(self.settings.timezone)

    def wall_time(self, moment: datetime) -> str:
        """A stored UTC moment's time of day in the boutique, "HH:MM" (a capture's
        confirmation line), through the standard library."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.zone).strftime("%H:%M")

    def local_day(self, moment: datetime) -> date:
        """The boutique's calendar day of a stored UTC moment: the standard library's
        conversion, for lists of hundreds (`local` builds a pendulum DateTime, for display)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.tz).date()

    def local_hour(self, moment: datetime) -> int:
        """The boutique's hour of a stored UTC moment, through the standard library (the
        recap's hourly chart asks for thirty)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(self.tz).hour

    def at(self, day: date, clock_time: time) -> datetime:
        """A local wall-clock time on a business day, as an aware UTC datetime."""
        import pendulum

        local = pendulum.datetime(
            day.year, day.month, day.day, clock_time.hour, clock_time.minute, tz=self.tz
        )
        return to_utc(local)

    def day_bounds(self, day: date) -> tuple[datetime, datetime]:
        """[start, end) of a business day, in UTC: what a query on `sold_at` needs."""
        return self._midnight(day), self._midnight(day + timedelta(days=1))

    def _midnight(self, day: date) -> datetime:
        """The start of a business day in UTC, through the standard library (the recap asks
        for sixty). Where the clocks change at midnight: a skipped midnight starts the day
        when the clocks resume, a repeated one at its second time, as pendulum decides."""
        local = datetime(day.year, day.month, day.day, tzinfo=self.tz)
        return max(to_utc(local), to_utc(local.replace(fold=1)))

    def range_bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start of `first`, end of `last`) in UTC."""
        return self.day_bounds(first)[0], self.day_bounds(last)[1]

    # -- calendar --------------------------------------------------------------------------
    @staticmethod
    def month_first(day: date) -> date:
        return day.replace(day=1)

    @staticmethod
    def month_last(day: date) -> date:
        import pendulum

        return pendulum.date(day.year, day.month, day.day).end_of("month")

    @staticmethod
    def week_first(day: date) -> date:
        import pendulum

        return pendulum.date(day.year, day.month, day.day).start_of("week")

    def opening(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing of a business day in UTC, or None when closed."""
        hours = self.hours.get(day.weekday())
        if hours is None:
            return None
        return self.at(day, hours[0]), self.at(day, hours[1])

    def is_selling_day(self, day: date) -> bool:
        return day.weekday() in self.hours

    def selling_days(self, first: date, last: date) -> int:
        """Open days from `first` to `last`, both included."""
        import pendulum

        if last < first:
            return 0
        period = pendulum.interval(pendulum.date(first.year, first.month, first.day),
                                   pendulum.date(last.year, last.month, last.day))
        return sum(1 for d in period.range("days") if self.is_selling_day(d))

    def selling_days_left_in_month(self, day: date) -> int:
        """Open days from `day` (included) to the end of its month."""
        return self.selling_days(day, self.month_last(day))

    def elapsed_share(self, moment: datetime | None = None) -> float:
        """Share of today's opening hours already gone: 0 before opening, 1 after closing.

        This is the pace an associate's achievement is held against during the day.
        """
        moment = self.local(moment) if moment is not None else self.now()
        opening = self.opening(moment.date())
        if opening is None:
            return 1.0
        opens, closes = opening
        now = to_utc(moment)
        if now <= opens:
            return 0.0
        if now >= closes:
            return 1.0
        return (now - opens).total_seconds() / (closes - opens).total_seconds()


def to_utc(moment: datetime) -> datetime:
    """An aware stdlib datetime in UTC (what the store takes)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: floorcon only stores aware UTC times")
    utc = moment.astimezone(UTC)
    return datetime(
        utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond, UTC
    )
