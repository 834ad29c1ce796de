"""Reading what people type: money, dates, phones, e-mails, initials, receipt numbers.

One parser each, used everywhere.

Each parser either returns a clean value or raises `InputError` with a sentence a manager
understands; none of them guesses.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from ..config import Settings


class InputError(ValueError):
    """Bad input, said in one sentence that names the field and the value."""


_SPACES = re.compile(r"[\s\u00a0\u202f']")
# 15 digits before the decimals, 3 after at most: below 2**63, so minor units fit a 64-bit column.
_MAX_WHOLE_DIGITS = 15


def parse_money(text: str, digits: int = 2, field: str = "amount") -> int:
    """'1 234,50', '1,234.50', '1.234,50', '-95', '€ 12500' -> minor units (int).

    With both '.' and ',' the last one is the decimal mark. With one kind only, it is a
    decimal mark when followed by 1..`digits` digits once, and a thousands separator when
    every group after it has exactly three digits ("1,250" is one thousand two hundred fifty).
    When `digits` >= 3 a single separator is always the decimal mark ("1,250" is 1.250).
    At most 15 digits before the decimal mark, so minor units always fit in 64 bits; no
    exponents, NaN or infinity, because a typed amount is never scientific notation.
    """
    shown = text.strip()
    raw = shown
    for symbol in ("CHF", "EUR", "USD", "GBP", "€", "$", "£", "¥"):
        raw = raw.replace(symbol, "")
    raw = _SPACES.sub("", raw)
    if not raw:
        raise InputError(f"{field}: empty, expected an amount such as 1 250,00")
    if raw in ("+", "-"):
        raise InputError(f"{field}: {shown!r} is a sign without an amount")
    if re.fullmatch(r"[+-]?(nan|inf|infinity)", raw, re.IGNORECASE):
        raise InputError(f"{field}: {shown!r} is not a number")
    if re.fullmatch(r"[+-]?[\d.,]*\d[eE][+-]?\d+", raw):
        raise InputError(f"{field}: {shown!r} is not an amount (write it out, without an exponent)")
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
    whole = whole.lstrip("0") or "0"
    if len(whole) > _MAX_WHOLE_DIGITS:
        limit = _MAX_WHOLE_DIGITS
        raise InputError(f"{field}: {shown!r} is too large (at most {limit} digits before the decimals)")
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


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _calendar_date(raw: str) -> date | None:
    """An explicit Y-M-D or D/M/Y date, None when it is not written like one.

    Raises ValueError for a well-formed but impossible date (31/02/2026), so callers can say so.
    """
    if m := _ISO_DATE.fullmatch(raw):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY_DATE.fullmatch(raw):
        return date(int(m[3]), int(m[2]), int(m[1]))
    return None


def parse_date(text: str, field: str = "date") -> date:
    """'2026-11-28', '28/11/2026', '28.11.2026', '28-11-2026' -> a date; nothing relative.

    For dates that must not depend on today (a birthday, a delivery promised in writing).
    Day first, as written in Europe; ISO only with the year first.
    """
    shown = text.strip()
    if not shown:
        raise InputError(f"{field}: empty, expected a date such as 28/11/2026")
    try:
        found = _calendar_date(shown)
    except ValueError:
        raise InputError(f"{field}: {shown!r} is not a real date") from None
    if found is None:
        raise InputError(f"{field}: {shown!r} is not a date (use 28/11/2026 or 2026-11-28)")
    return found


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_day(text: str, today: date, field: str = "date") -> date:
    """'2026-11-28', '28/11/2026', '28/11', '+3', 'today', 'tomorrow', 'fri' -> a business day."""
    raw = text.strip().lower()
    if not raw:
        raise InputError(f"{field}: empty, expected a date such as 28/11/2026 or +3")
    try:
        if raw in ("today", "tod"):
            return today
        if raw in ("tomorrow", "tom", "tmrw"):
            return today + timedelta(days=1)
        if re.fullmatch(r"\+\d{1,3}", raw):
            return today + timedelta(days=int(raw[1:]))
        if raw[:3] in _WEEKDAYS and raw.isalpha():
            ahead = (_WEEKDAYS.index(raw[:3]) - today.weekday()) % 7 or 7
            return today + timedelta(days=ahead)
    except OverflowError:
        raise InputError(f"{field}: {text.strip()!r} is too far in the future") from None
    try:
        if (found := _calendar_date(raw)) is not None:
            return found
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


# Separators people put in phone numbers: spaces (incl. NBSP), dots, hyphens and dash look-alikes.
_PHONE_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212]")
_PHONE_MIN_DIGITS = 6
_PHONE_MAX_DIGITS = 15  # E.164


def parse_phone(text: str, field: str = "phone") -> str:
    """'+33 6 12 34 56 78', '0033 6…', '+1 (212) 555-0142', '06 12 34 56 78' -> '+33612345678' / '0612345678'.

    One stored form per number so a client is found again however it was typed: '+' and the
    digits for international numbers ('00' counts as '+'), just the digits for local ones.
    The UK-style trunk '(0)' after a country code is dropped ('+44 (0)20…' -> '+4420…').
    """
    shown = text.strip()
    if not shown:
        raise InputError(f"{field}: empty, expected a number such as +33 6 12 34 56 78")
    if not re.fullmatch(r"[0-9+()\s.\-\u2010-\u2015\u2212]+", shown):
        raise InputError(f"{field}: {shown!r} is not a phone number (digits, spaces, + . - and brackets)")
    depth = 0
    for ch in shown:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth not in (0, 1):
            raise InputError(f"{field}: {shown!r} has unbalanced brackets")
    if depth:
        raise InputError(f"{field}: {shown!r} has unbalanced brackets")
    compact = _PHONE_SEPARATORS.sub("", shown)
    compact = re.sub(r"^(\+|00)(\d{1,3})\(0\)", r"\1\2", compact)
    compact = compact.replace("(", "").replace(")", "")
    if "+" in compact[1:]:
        raise InputError(f"{field}: {shown!r} has a '+' that is not at the start")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    international = compact.startswith("+")
    number = compact.lstrip("+")
    if not number:
        raise InputError(f"{field}: {shown!r} is not a phone number (no digits)")
    if international and number[0] == "0":
        raise InputError(f"{field}: {shown!r} is not an international number (no country code starts with 0)")
    if len(number) < _PHONE_MIN_DIGITS:
        raise InputError(f"{field}: {shown!r} is too short (at least {_PHONE_MIN_DIGITS} digits)")
    if len(number) > _PHONE_MAX_DIGITS:
        raise InputError(f"{field}: {shown!r} is too long (at most {_PHONE_MAX_DIGITS} digits)")
    return ("+" if international else "") + number


def format_phone_masked(phone: str) -> str:
    """'+33612345678' -> '•••• 78': discreet mode shows enough to recognise a number, not to dial it."""
    last = "".join(ch for ch in phone if ch in "0123456789")[-2:]
    return f"•••• {last}" if len(last) == 2 else "••••"


_EMAIL_LOCAL_MAX = 64
_EMAIL_MAX = 254
_LABEL_MAX = 63


def _ace(label: str) -> str:
    """The ASCII form DNS sees ('xn--…' for unicode labels): that is what length limits apply to."""
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


def _domain_label_ok(label: str) -> bool:
    """Letters (any script), digits, inner hyphens; combining marks after a letter (Devanagari, …)."""
    if not label or label[0] == "-" or label[-1] == "-" or unicodedata.category(label[0])[0] == "M":
        return False
    for ch in label:
        if not (ch in "0123456789-" or ch.isalpha() or unicodedata.category(ch)[0] == "M"):
            return False
    return len(_ace(label)) <= _LABEL_MAX


def parse_email(text: str, field: str = "email") -> str:
    """'Jeanne.Roy@Example.FR ' -> 'Jeanne.Roy@example.fr': trimmed, domain lower-cased (NFC).

    The local part is kept as typed (some mail servers treat it case-sensitively); only what
    would surely bounce is refused, so an unusual but real address still gets in.
    """
    shown = text.strip()
    if not shown:
        raise InputError(f"{field}: empty, expected an address such as name@example.com")

    def bad(why: str) -> InputError:
        return InputError(f"{field}: {shown!r} is not an e-mail address ({why})")

    if shown.count("@") != 1:
        raise bad("it needs exactly one @")
    local, domain = shown.split("@")
    if not local:
        raise bad("nothing before the @")
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in local):
        raise bad("no spaces before the @")
    if len(local) > _EMAIL_LOCAL_MAX:
        raise bad(f"at most {_EMAIL_LOCAL_MAX} characters before the @")
    domain = unicodedata.normalize("NFC", domain.lower())
    labels = domain.split(".")
    if len(labels) < 2:
        raise bad("the domain needs a dot, as in example.com")
    if not all(_domain_label_ok(label) for label in labels):
        raise bad("the domain takes letters, digits and inner hyphens between single dots")
    if labels[-1].isdigit():
        raise bad("the domain cannot end in a number")
    if len(local) + 1 + len(".".join(_ace(label) for label in labels)) > _EMAIL_MAX:
        raise bad(f"longer than {_EMAIL_MAX} characters")
    return f"{local}@{domain}"


def parse_initials(text: str, field: str = "initials") -> str:
    """'él' -> 'ÉL': 2 to 4 letters (any script), upper-cased, so a staff code is typed one way only.

    Letters whose capital is two letters ('ß' -> 'SS') stay as typed, to keep the count.
    """
    shown = text.strip()
    if not shown:
        raise InputError(f"{field}: empty, expected 2 to 4 letters such as EL")
    raw = unicodedata.normalize("NFC", shown)
    if not 2 <= len(raw) <= 4 or not all(ch.isalpha() for ch in raw):
        raise InputError(f"{field}: {shown!r} is not initials (2 to 4 letters, e.g. EL)")
    return "".join(ch.upper() if len(ch.upper()) == 1 else ch for ch in raw)
