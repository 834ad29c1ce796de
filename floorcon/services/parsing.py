"""Reading what people type: money, dates, receipt numbers. One parser each, used everywhere.

Each parser either returns a clean value or raises `InputError` with a sentence a manager
understands; none of them guesses.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..config import Settings


class InputError(ValueError):
    """Bad input, said in one sentence that names the field and the value."""


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_money(text: str, digits: int = 2, field: str = "amount") -> int:
    """'1 234,50', '1,234.50', '1.234,50', '-95', '€ 12500' -> minor units (int).

    With both '.' and ',' the last one is the decimal mark. With one kind only, it is a
    decimal mark when followed by 1..`digits` digits once, and a thousands separator when
    every group after it has exactly three digits ("1,250" is one thousand two hundred fifty).
    """
    shown = text.strip()
    raw = shown
    for symbol in ("CHF", "EUR", "USD", "GBP", "€", "$", "£", "¥"):
        raw = raw.replace(symbol, "")
    raw = _SPACES.sub("", raw)
    if not raw:
        raise InputError(f"{field}: empty, expected an amount such as 1 250,00")
    sign = -1 if raw[0] == "-" else 1
    body = raw[1:] if raw[0] in "+-" else raw
    bad = InputError(f"{field}: {shown!r} is not an amount")
    if not body or not re.fullmatch(r"[\d.,]+", body) or not body[0].isdigit():
        raise bad
    decimal_mark = None
    if "." in body and "," in body:
        decimal_mark = "." if body.rfind(".") > body.rfind(",") else ","
    elif body.count(".") + body.count(",") == 1:
        mark = "." if "." in body else ","
        tail = body.split(mark)[1]
        if len(tail) != 3 or digits >= 3:
            decimal_mark = mark
    whole, fraction = (body.rsplit(decimal_mark, 1) if decimal_mark else (body, ""))
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (not groups[0] or any(len(g) != 3 for g in groups[1:])):
        raise bad
    whole = "".join(groups)
    if (decimal_mark and not fraction.isdigit()) or not whole.isdigit():
        raise bad
    if len(fraction) > digits:
        raise InputError(f"{field}: {shown!r} has more than {digits} decimals")
    minor = int(whole) * 10**digits + (int(fraction.ljust(digits, "0")) if digits else 0)
    return sign * minor


def format_money(minor: int, settings: Settings, cents: bool = False) -> str:
    """Minor units -> '€ 12,450' (or '€ 12,450.00' with cents), in the boutique's currency."""
    digits = settings.minor_digits
    sign = "-" if minor < 0 else ""
    value = abs(minor)
    whole, frac = divmod(value, 10**digits) if digits else (value, 0)
    if not cents and digits and frac * 2 >= 10**digits:
        whole += 1
    text = f"{whole:,}"
    if cents and digits:
        text += f".{frac:0{digits}d}"
    return f"{sign}{settings.currency_symbol} {text}"


def format_compact(minor: int, settings: Settings) -> str:
    """Minor units -> '€ 12.4k' / '€ 1.25M': for narrow columns."""
    value = minor / 10**settings.minor_digits
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.2f}M"
    elif value >= 10_000:
        text = f"{value / 1000:.0f}k"
    elif value >= 1_000:
        text = f"{value / 1000:.1f}k"
    else:
        text = f"{value:.0f}"
    return f"{sign}{settings.currency_symbol} {text}"


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_day(text: str, today: date, field: str = "date") -> date:
    """'2026-11-28', '28/11/2026', '28/11', '+3', 'today', 'tomorrow', 'fri' -> a business day."""
    raw = text.strip().lower()
    if not raw:
        raise InputError(f"{field}: empty, expected a date such as 28/11/2026 or +3")
    if raw in ("today", "tod"):
        return today
    if raw in ("tomorrow", "tom", "tmrw"):
        return today + timedelta(days=1)
    if re.fullmatch(r"\+\d{1,3}", raw):
        return today + timedelta(days=int(raw[1:]))
    if raw[:3] in _WEEKDAYS and raw.isalpha():
        ahead = (_WEEKDAYS.index(raw[:3]) - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", raw):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})", raw):
            candidate = date(today.year, int(m[2]), int(m[1]))
            return candidate if candidate >= today else candidate.replace(year=today.year + 1)
    except ValueError:
        raise InputError(f"{field}: {text.strip()!r} is not a real date") from None
    raise InputError(f"{field}: {text.strip()!r} is not a date (use 28/11/2026, 2026-11-28 or +3)")


def parse_units(text: str, field: str = "units") -> int:
    raw = text.strip()
    if not re.fullmatch(r"[+-]?\d{1,4}", raw) or int(raw) == 0:
        raise InputError(f"{field}: {raw!r} is not a whole number of pieces (e.g. 1, or -1 for a return)")
    return int(raw)


def parse_receipt(text: str, field: str = "receipt") -> str:
    raw = text.strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}", raw):
        raise InputError(f"{field}: {raw!r} is not a receipt number (letters, digits, - / . _)")
    return raw
