"""Reading one cell: amounts, whole numbers, scores, dates, times, months, yes/no.

A cell is text (CSV, or a text cell of a workbook) or a value a workbook typed itself (a number,
a date, a time). Each reader returns a clean value or raises `Bad` with the reason, said without
the column name (the problem line names the column). Results are cached per distinct text: an
export repeats the same dates, amounts and names thousands of times.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import pendulum

from ...clock import Clock
from ..parsing import InputError, parse_date, parse_money


class Bad(Exception):
    """A cell that cannot be read; `reason` says why, in the manager's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_FIELD = "_"


def reason_of(exc: InputError) -> str:
    """A parser's message without its leading 'field: '."""
    text = str(exc)
    return text[len(_FIELD) + 2:] if text.startswith(_FIELD + ": ") else text


def shown(value: Any) -> str:
    """A cell as text, for a message or a rejects file."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_text(value: Any) -> str:
    """A cell holding a code or a name: workbook numbers come back without '.0'."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    return shown(value)


# -- numbers ---------------------------------------------------------------------------------

_SIMPLE_MONEY = re.compile(r"(-?)(\d{1,15})(?:[.,](\d{1,2}))?")
_WHOLE = re.compile(r"[+-]?\d+")
_GAPS = re.compile(r"[\s\u00a0\u202f']")
_SCORE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def whole(value: Any, low: int | None = None, what: str = "a whole number") -> int:
    """'12', '1 234', 12, 12.0 -> 12."""
    if value.__class__ is str and value.isascii() and value.isdigit() and len(value) <= 12:
        number = int(value)
        if low is not None and number < low:
            raise Bad(f"{value!r} is not {what}")
        return number
    if isinstance(value, bool):
        raise Bad(f"{value!r} is not {what}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise Bad(f"{shown(value)} is not {what}")
        number = int(value)
    else:
        raw = _GAPS.sub("", str(value))
        if not _WHOLE.fullmatch(raw) or len(raw) > 12:
            raise Bad(f"{str(value).strip()!r} is not {what}")
        number = int(raw)
    if low is not None and number < low:
        raise Bad(f"{str(value).strip()!r} is not {what}" if isinstance(value, str)
                  else f"{number} is not {what}")
    return number


def score(value: Any) -> float:
    """'8', '8,5', '8.5', 8.5 -> 8.5."""
    if isinstance(value, bool):
        raise Bad(f"{value!r} is not a score")
    if isinstance(value, int | float):
        return float(value)
    raw = str(value).strip()
    if not _SCORE.fullmatch(raw):
        raise Bad(f"{raw!r} is not a score (a number such as 8 or 8,5)")
    return float(raw.replace(",", "."))


class Money:
    """Amounts in minor units of the boutique's currency, cached per text."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.scale = 10**digits
        self.cache: dict[str, int | Bad] = {}

    def __call__(self, value: Any) -> int:
        if isinstance(value, str):
            found = self.cache.get(value)
            if found is None:
                found = self.cache[value] = self.text(value)
            if isinstance(found, Bad):
                raise found
            return found
        if isinstance(value, bool):
            raise Bad(f"{value!r} is not an amount")
        if isinstance(value, int):
            return value * 10**self.digits
        if isinstance(value, float | Decimal):
            try:
                exact = Decimal(repr(value)) if isinstance(value, float) else value
                scaled = (exact * 10**self.digits).quantize(Decimal("0.000001"))
            except InvalidOperation:
                raise Bad(f"{shown(value)} is not an amount") from None
            if scaled != scaled.to_integral_value():
                raise Bad(f"{shown(value)} has more than {self.digits} decimals")
            return int(scaled)
        raise Bad(f"{shown(value)!r} is not an amount")

    def text(self, text: str) -> int | Bad:
        """A text cell in minor units, or Bad with the reason (not cached: for callers that cache
        their cells themselves)."""
        raw = text.strip()
        # The common shapes ('1250', '-95,5', '12 500,00' with any space as thousands) without
        # the full parser; anything else (both marks, '1,250', symbols) goes through parse_money.
        match = _SIMPLE_MONEY.fullmatch(_GAPS.sub("", raw) if " " in raw or "\u00a0" in raw or "\u202f" in raw
                                        else raw)
        if match and (match[3] is None or len(match[3]) <= self.digits):
            sign, units, cents = match.groups()
            minor = int(units + cents.ljust(self.digits, "0")) if cents else int(units) * self.scale
            return -minor if sign else minor
        try:
            return parse_money(raw, self.digits, _FIELD)
        except InputError as exc:
            return Bad(reason_of(exc))


# -- dates and times -------------------------------------------------------------------------

_YMD = r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
_DMY = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_HMS = r"(?:(?:[T ]|\s+)(?P<H>\d{1,2})[:hH](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,6})?)?)?"
_ZONE = r"\s*(?P<z>Z|[+-]\d{2}:?\d{2})?"
_MOMENTS = (re.compile(_YMD + _HMS + _ZONE, re.IGNORECASE), re.compile(_DMY + _HMS + _ZONE, re.IGNORECASE))
_TIME = re.compile(r"(?P<H>\d{1,2})(?:(?:[:hH.](?P<M>\d{2})?)(?::(?P<S>\d{2}))?)?")
_MONTH_NUM = (re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})"), re.compile(r"(?P<m>\d{1,2})[-/.](?P<y>\d{4})"))
_MONTH_NAME = re.compile(r"(?P<name>[^\W\d_]+)\.?[\s\-/]*(?P<y>\d{4}|\d{2})")
_MONTH_NAMES = {
    "jan": 1, "janv": 1, "january": 1, "janvier": 1, "feb": 2, "fev": 2, "fevr": 2, "february": 2,
    "fevrier": 2, "mar": 3, "mars": 3, "march": 3, "apr": 4, "avr": 4, "april": 4, "avril": 4,
    "may": 5, "mai": 5, "jun": 6, "june": 6, "juin": 6, "jul": 7, "july": 7, "juil": 7, "juillet": 7,
    "aug": 8, "august": 8, "aou": 8, "aout": 8, "sep": 9, "sept": 9, "september": 9, "septembre": 9,
    "oct": 10, "october": 10, "octobre": 10, "nov": 11, "november": 11, "novembre": 11,
    "dec": 12, "december": 12, "decembre": 12,
}
DATE_HINT = "use 28/11/2026 or 2026-11-28"


def _zone(text: str) -> timezone:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def moment(value: Any) -> tuple[date, time | None, timezone | None]:
    """A date with its time if written, and its zone if written: text or a workbook date."""
    if isinstance(value, datetime):
        zone = value.tzinfo if isinstance(value.tzinfo, timezone) else None
        if value.tzinfo is not None and zone is None:
            offset = value.utcoffset()
            zone = timezone(offset) if offset is not None else None
        return value.date(), value.time().replace(microsecond=0, tzinfo=None), zone
    if isinstance(value, date):
        return value, None, None
    raw = str(value).strip()
    fast = _fast_moment(raw)
    if fast is not None:
        return fast
    for pattern in _MOMENTS:
        match = pattern.fullmatch(raw)
        if match is None:
            continue
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
            at = None
            if match["H"] is not None:
                at = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
        except ValueError:
            raise Bad(f"{raw!r} is not a real date") from None
        return day, at, _zone(match["z"]) if match["z"] else None
    if not raw:
        raise Bad(f"empty, expected a date ({DATE_HINT})")
    raise Bad(f"{raw!r} is not a date ({DATE_HINT})")


_DIGITS = frozenset("0123456789")


def _fast_moment(raw: str) -> tuple[date, time, None] | None:
    """'25/11/2026 14:05[:09]' and '2026-11-25[ T]14:05[:09]' by position (a POS writes one
    shape all file long); None sends anything else through the patterns."""
    n = len(raw)
    if n != 16 and n != 19:
        return None
    if raw[2] == "/" and raw[5] == "/":
        y, m, d = raw[6:10], raw[3:5], raw[0:2]
    elif raw[4] == "-" and raw[7] == "-":
        y, m, d = raw[0:4], raw[5:7], raw[8:10]
    else:
        return None
    hh, mm, ss = raw[11:13], raw[14:16], raw[17:19] if n == 19 else "00"
    if raw[10] not in " T" or raw[13] != ":" or (n == 19 and raw[16] != ":") \
            or not _DIGITS.issuperset(y + m + d + hh + mm + ss):
        return None
    try:
        return date(int(y), int(m), int(d)), time(int(hh), int(mm), int(ss)), None
    except ValueError:
        return None  # the patterns say what is wrong with it


def day(value: Any) -> date:
    """A calendar date; a time written with it is ignored (spreadsheets add 00:00:00)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    try:
        return parse_date(raw, _FIELD)
    except InputError as exc:
        try:
            return moment(raw)[0]
        except Bad:
            raise Bad(reason_of(exc)) from None


def clock_time(value: Any) -> time:
    """'10:30', '10h30', '10h', '10', '10:30:00', a workbook time or date-time -> a time."""
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 23:
        return time(value)
    if isinstance(value, float) and 0 <= value < 1:  # a workbook time kept as a fraction of a day
        seconds = round(value * 86400)
        return time(seconds // 3600, seconds // 60 % 60, seconds % 60)
    raw = str(value).strip()
    match = _TIME.fullmatch(raw)
    if match:
        hour, minute, second = int(match["H"]), int(match["M"] or 0), int(match["S"] or 0)
        if hour <= 23 and minute <= 59 and second <= 59:
            return time(hour, minute, second)
        if (hour, minute, second) == (24, 0, 0):
            return time(23, 59, 59)
    if not raw:
        raise Bad("empty, expected a time such as 10:30")
    raise Bad(f"{raw!r} is not a time (use 10:30 or 10h30)")


def month(value: Any, fold: Callable[[str], str]) -> date:
    """'2026-11', '11/2026', 'novembre 2026', 'Nov-26', a date -> the first day of that month."""
    if isinstance(value, datetime):
        return value.date().replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    raw = str(value).strip()
    for pattern in _MONTH_NUM:
        if (match := pattern.fullmatch(raw)) and 1 <= int(match["m"]) <= 12:
            return date(int(match["y"]), int(match["m"]), 1)
    if match := _MONTH_NAME.fullmatch(fold(raw)):
        number = _MONTH_NAMES.get(match["name"])
        if number is not None:
            year = int(match["y"])
            return date(year + 2000 if year < 100 else year, number, 1)
    try:
        return day(raw).replace(day=1)
    except Bad:
        pass
    if not raw:
        raise Bad("empty, expected a month such as 11/2026")
    raise Bad(f"{raw!r} is not a month (use 11/2026, 2026-11 or novembre 2026)")


_YES = {"yes", "y", "oui", "o", "true", "vrai", "1", "x", "opt in", "optin", "granted", "accepte", "ok"}
_NO = {"no", "n", "non", "false", "faux", "0", "opt out", "optout", "refused", "refuse", "withdrawn"}


def yes_no(value: Any, fold: Callable[[str], str]) -> bool | None:
    """Consent: yes/no, oui/non, 1/0, true/false, x; empty is None (nothing recorded)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise Bad(f"{shown(value)} is not yes or no")
    raw = fold(str(value).strip())
    if not raw:
        return None
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise Bad(f"{str(value).strip()!r} is not yes or no")


class LocalTime:
    """The boutique's wall-clock time -> aware UTC, as Clock does it, fast.

    Within an ordinary hour the UTC offset is one value, so it is computed once per local hour;
    the hours around a daylight-saving change go through pendulum one by one.
    """

    def __init__(self, clock: Clock) -> None:
        self.tz = clock.tz
        self.offsets: dict[tuple[date, int], timedelta | None] = {}

    def utc(self, d: date, t: time, zone: timezone | None = None) -> datetime:
        if zone is not None:
            moment = datetime.combine(d, t, zone).astimezone(UTC)
            return moment.replace(tzinfo=UTC)
        offset = self._hour_offset(d, t.hour)
        if offset is None:
            local = pendulum.datetime(d.year, d.month, d.day, t.hour, t.minute, t.second, tz=self.tz)
            utc = local.in_timezone("UTC")
            return datetime(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, tzinfo=UTC)
        return (datetime.combine(d, t) - offset).replace(tzinfo=UTC)

    def hour_start(self, d: date, hour: int) -> datetime | None:
        """The UTC start of a local hour with one offset all hour long; None around a change."""
        offset = self._hour_offset(d, hour)
        return None if offset is None else (datetime.combine(d, time(hour)) - offset).replace(tzinfo=UTC)

    def _hour_offset(self, d: date, hour: int) -> timedelta | None:
        key = (d, hour)
        if key in self.offsets:
            return self.offsets[key]
        offset = self.offsets[key] = self._offset(d, hour)
        return offset

    def _offset(self, d: date, hour: int) -> timedelta | None:
        first = pendulum.datetime(d.year, d.month, d.day, hour, 0, 0, tz=self.tz)
        last = pendulum.datetime(d.year, d.month, d.day, hour, 59, 59, tz=self.tz)
        if first.hour != hour or last.hour != hour or first.utcoffset() != last.utcoffset():
            return None
        return first.utcoffset()


# "MM:SS" -> the time past the hour, for every valid minute and second (ASCII digits only).
_PAST_THE_HOUR = {f"{m:02d}:{s:02d}": timedelta(minutes=m, seconds=s) for m in range(60) for s in range(60)}


class TextMoments:
    """Cells such as '25/11/2026 14:05:09' or '2026-11-25 14:05:09' -> aware UTC, quickly.

    What `moment` then `LocalTime.utc` make of them: the cells of one local hour share the
    reading of its start, and their minutes and seconds are added to it. A cell of another shape,
    or of an hour around a clock change, is None: read it the long way.
    """

    def __init__(self, local: LocalTime) -> None:
        self.local = local
        self.hours: dict[str, datetime | None] = {}

    def __call__(self, raw: str) -> datetime | None:
        # One lookup checks the minutes and seconds (digits, at most 59) and gives the time past
        # the hour: a POS export holds tens of thousands of distinct moments.
        if len(raw) != 19 or raw[13] != ":":
            return None
        past = _PAST_THE_HOUR.get(raw[14:])
        if past is None:
            return None
        hour = raw[:13]
        if hour in self.hours:
            start = self.hours[hour]
        else:
            parsed = _fast_moment(hour + ":00:00")
            start = None if parsed is None else self.local.hour_start(parsed[0], parsed[1].hour)
            self.hours[hour] = start
        if start is None:
            return None
        return start + past
