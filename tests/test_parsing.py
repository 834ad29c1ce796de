"""What people type -> clean values, or one InputError sentence: never a crash, never a guess.

Examples pin the documented cases; hypothesis properties push every parser at its edges.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from floorcon.services.parsing import (
    InputError,
    format_phone_masked,
    parse_date,
    parse_day,
    parse_email,
    parse_initials,
    parse_money,
    parse_phone,
    parse_receipt,
    parse_units,
)

FAST = settings(max_examples=200, deadline=None)
TODAY = date(2026, 11, 25)  # a Wednesday


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "digits", "expected"),
    [
        ("1 234,50", 2, 123450),
        ("1,234.50", 2, 123450),
        ("1.234,50", 2, 123450),
        ("-95", 2, -9500),
        ("€ 12500", 2, 1250000),
        ("1,250", 2, 125000),  # three digits after a single separator: thousands
        ("1,250", 0, 1250),
        ("1,250", 3, 1250),  # ... unless the currency has three decimals
        ("12,5", 2, 1250),
        ("+12", 2, 1200),
        ("1\u00a0234,5", 2, 123450),
        ("1\u202f234,50", 2, 123450),
        ("1'234.50", 2, 123450),
        ("CHF 1'234.50", 2, 123450),
        ("12 450 EUR", 2, 1245000),
        ("-€ 95", 2, -9500),
        ("999 999 999 999 999,99", 2, 99999999999999999),
        ("999999999999999.999", 3, 999999999999999999),
        ("000 000 000 000 000 001", 2, 100),  # leading zeros are not significant digits
        ("1.234.567,5", 2, 123456750),
        ("0", 2, 0),
    ],
)
def test_parse_money_accepts(text: str, digits: int, expected: int) -> None:
    assert parse_money(text, digits) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "is not an amount"),
        ("1,2,3", "is not an amount"),
        ("12.3.4", "is not an amount"),
        ("-", "sign without an amount"),
        ("+", "sign without an amount"),
        ("€ -", "sign without an amount"),
        ("1..2", "is not an amount"),
        (",5", "is not an amount"),
        ("5,", "is not an amount"),
        ("1.2345", "more than 2 decimals"),
        ("NaN", "is not a number"),
        ("nan", "is not a number"),
        ("inf", "is not a number"),
        ("-Infinity", "is not a number"),
        ("1e5", "exponent"),
        ("1.5E-3", "exponent"),
        ("1000000000000000", "too large"),  # 16 digits
        ("1 000 000 000 000 000,00", "too large"),
        ("9" * 5000, "too large"),  # would otherwise hit int()'s own digit limit
        ("", "empty"),
        ("   ", "empty"),
        ("€", "empty"),
        ("--5", "is not an amount"),
    ],
)
def test_parse_money_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_money(text)
    assert str(caught.value).startswith("amount: ")


def test_parse_money_names_the_field_and_value() -> None:
    with pytest.raises(InputError) as caught:
        parse_money("12x", field="budget")
    assert str(caught.value) == "budget: '12x' is not an amount"


# How people type amounts: (thousands separator, decimal mark).
MONEY_STYLES = [
    (" ", ","),
    (",", "."),
    (".", ","),
    ("", "."),
    ("", ","),
    ("\u00a0", ","),
    ("\u202f", ","),
    ("\u00a0", "."),
    ("'", "."),
]


@st.composite
def typed_amounts(draw: st.DrawFn) -> tuple[str, int, int]:
    """(text, digits, minor): an amount written one of the ways a person would write it."""
    digits = draw(st.sampled_from([0, 2, 3]))
    limit = 10 ** (15 + digits) - 1
    minor = draw(st.integers(min_value=-limit, max_value=limit))
    thousands, mark = draw(st.sampled_from(MONEY_STYLES))
    whole, frac = divmod(abs(minor), 10**digits)
    grouped = f"{whole:,}".replace(",", thousands)
    frac_text = f"{frac:0{digits}d}" if digits else ""
    if frac_text and draw(st.booleans()):
        frac_text = frac_text.rstrip("0")  # '12,5' for 12,50
    if not frac_text and digits >= 3 and thousands and whole >= 1000 and grouped.count(thousands) == 1:
        # "1,234" with three-decimal currencies is 1.234 by the documented rule, not 1 234.
        frac_text = "0"
    number = grouped + (mark + frac_text if frac_text else "")
    sign = "-" if minor < 0 else draw(st.sampled_from(["", "+"]))
    currency = draw(st.sampled_from(["", "€ ", "€", "EUR ", "CHF "]))
    suffix = draw(st.sampled_from(["", " €"])) if not currency else ""
    before = draw(st.booleans())
    text = f"{sign}{currency}{number}{suffix}" if before else f"{currency}{sign}{number}{suffix}"
    return text, digits, minor


@FAST
@given(typed_amounts())
def test_money_round_trips_through_every_typing_style(case: tuple[str, int, int]) -> None:
    text, digits, minor = case
    assert parse_money(text, digits) == minor


@FAST
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_money_three_digits_after_a_single_separator(head: int, tail: int) -> None:
    """The documented ambiguity: thousands when digits < 3, decimals when digits >= 3."""
    for mark in ",.":
        text = f"{head}{mark}{tail:03d}"
        assert parse_money(text, 0) == head * 1000 + tail
        assert parse_money(text, 2) == (head * 1000 + tail) * 100
        assert parse_money(text, 3) == head * 1000 + tail  # 1.234 in a three-decimal currency


@FAST
@given(st.integers(min_value=10**15, max_value=10**40), st.sampled_from([0, 2, 3]))
def test_money_more_than_fifteen_integer_digits_rejected(whole: int, digits: int) -> None:
    with pytest.raises(InputError, match="too large"):
        parse_money(str(whole), digits)


@FAST
@given(typed_amounts())
def test_money_always_fits_in_64_bits(case: tuple[str, int, int]) -> None:
    text, digits, _ = case
    assert -(2**63) < parse_money(text, digits) < 2**63


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text", ["2026-11-28", "28/11/2026", "28.11.2026", "28-11-2026", " 28/11/2026 ", "2026-11-28"]
)
def test_parse_date_accepts(text: str) -> None:
    assert parse_date(text) == date(2026, 11, 28)


def test_parse_date_unpadded() -> None:
    assert parse_date("1/2/2026") == date(2026, 2, 1)
    assert parse_date("2026-2-1") == date(2026, 2, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2026", "is not a real date"),
        ("2026-13-01", "is not a real date"),
        ("29/02/2027", "is not a real date"),
        ("00/01/2026", "is not a real date"),
        ("today", "is not a date"),
        ("+3", "is not a date"),
        ("fri", "is not a date"),
        ("28/11", "is not a date"),
        ("28/11/26", "is not a date"),
        ("2026/11/28", "is not a date"),
        ("", "empty"),
    ],
)
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_date(text, field="birthday")


def test_parse_date_leap_day() -> None:
    assert parse_date("29/02/2028") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("tomorrow", TODAY + timedelta(days=1)),
        ("+3", TODAY + timedelta(days=3)),
        ("fri", date(2026, 11, 27)),
        ("wed", date(2026, 12, 2)),  # the same weekday means next week
        ("28/11", date(2026, 11, 28)),
        ("24/11", date(2027, 11, 24)),  # already past: next year
        ("28/11/2026", date(2026, 11, 28)),
        ("28-11-2026", date(2026, 11, 28)),
        ("2026-11-28", date(2026, 11, 28)),
    ],
)
def test_parse_day_accepts(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "soon", "", "+1000", "32/11"])
def test_parse_day_rejects(text: str) -> None:
    with pytest.raises(InputError):
        parse_day(text, TODAY)


def test_parse_day_past_the_end_of_the_calendar() -> None:
    with pytest.raises(InputError, match="too far"):
        parse_day("+5", date.max)


calendar_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@FAST
@given(calendar_dates, st.sampled_from(["/", ".", "-"]), st.booleans())
def test_dates_round_trip(day: date, sep: str, padded: bool) -> None:
    iso = day.isoformat()
    dmy = f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}" if padded else (
        f"{day.day}{sep}{day.month}{sep}{day.year}"
    )
    assert parse_date(iso) == day
    assert parse_date(dmy) == day
    assert parse_day(iso, TODAY) == day
    assert parse_day(dmy, TODAY) == day


@FAST
@given(calendar_dates, st.integers(min_value=0, max_value=999))
def test_parse_day_plus_n(today: date, n: int) -> None:
    assert parse_day(f"+{n}", today) == today + timedelta(days=n)


@FAST
@given(calendar_dates, st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_parse_day_weekday_is_within_the_next_week(today: date, name: str) -> None:
    found = parse_day(name, today)
    assert 1 <= (found - today).days <= 7
    assert found.strftime("%a").lower() == name


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+33 6 12 34 56 78", "+33612345678"),
        ("06 12 34 56 78", "0612345678"),
        ("06.12.34.56.78", "0612345678"),
        ("+1 (212) 555-0142", "+12125550142"),
        ("0033612345678", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+81-3-1234-5678", "+81312345678"),
        ("+44 (0)20 7946 0958", "+442079460958"),  # trunk '(0)' dropped after a country code
        ("(+33) 6 12 34 56 78", "+33612345678"),
        ("+33\u00a06\u00a012\u00a034\u00a056\u00a078", "+33612345678"),
        ("123456", "123456"),
        ("+123456789012345", "+123456789012345"),  # 15 digits, the E.164 maximum
    ],
)
def test_parse_phone_accepts(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("abc", "is not a phone number"),
        ("06 12 34 56 7a", "is not a phone number"),
        ("+33 6 12 34 56 78 ext 5", "is not a phone number"),
        ("12345", "too short"),
        ("+12345", "too short"),
        ("1234567890123456", "too long"),
        ("+1234567890123456", "too long"),
        ("0033 1234567890123456", "too long"),
        ("33+612345678", "not at the start"),
        ("++33612345678", "not at the start"),
        ("+", "no digits"),
        ("00", "no digits"),
        ("+0612345678", "no country code starts with 0"),
        ("000612345678", "no country code starts with 0"),
        ("+1 (212 555-0142", "unbalanced brackets"),
        ("+1 212) 555-0142", "unbalanced brackets"),
        ("((212)) 555-0142", "unbalanced brackets"),
    ],
)
def test_parse_phone_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_phone(text, field="mobile")
    assert str(caught.value).startswith("mobile: ")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("+33612345678", "•••• 78"), ("0612345678", "•••• 78"), ("+1 (212) 555-0142", "•••• 42"), ("7", "••••"),
     ("", "••••")],
)
def test_format_phone_masked(phone: str, masked: str) -> None:
    assert format_phone_masked(phone) == masked


def _spread(draw: st.DrawFn, digits: str) -> str:
    """The digits with random separators between them, and maybe one bracketed group."""
    pieces = [digits[0]]
    for ch in digits[1:]:
        pieces.append(draw(st.sampled_from(["", "", " ", ".", "-", "\u00a0", " - "])) + ch)
    if len(pieces) > 2 and draw(st.booleans()):
        i = draw(st.integers(min_value=0, max_value=len(pieces) - 2))
        pieces[i] = "(" + pieces[i]
        pieces[i + 1] = pieces[i + 1] + ")"
    return "".join(pieces)


@st.composite
def international_phones(draw: st.DrawFn) -> tuple[str, str]:
    digits = draw(st.from_regex(r"[1-9][0-9]{5,14}", fullmatch=True))
    prefix = draw(st.sampled_from(["+", "00", "+ ", "00 "]))
    return prefix + _spread(draw, digits), digits


@st.composite
def local_phones(draw: st.DrawFn) -> tuple[str, str]:
    digits = draw(st.from_regex(r"(0[1-9]|[1-9][0-9])[0-9]{4,13}", fullmatch=True))
    return _spread(draw, digits), digits


@FAST
@given(international_phones())
def test_international_phone_round_trips(case: tuple[str, str]) -> None:
    text, digits = case
    parsed = parse_phone(text)
    assert parsed == "+" + digits
    masked = format_phone_masked(parsed)
    assert masked == "•••• " + digits[-2:]
    assert sum(ch.isdigit() for ch in masked) == 2


@FAST
@given(local_phones())
def test_local_phone_round_trips(case: tuple[str, str]) -> None:
    text, digits = case
    assert parse_phone(text) == digits
    assert format_phone_masked(digits) == "•••• " + digits[-2:]


@FAST
@given(st.from_regex(r"[0-9]{1,5}|[0-9]{16,30}", fullmatch=True), st.sampled_from(["", "+"]))
def test_phone_digit_count_out_of_range_rejected(digits: str, prefix: str) -> None:
    assume(not digits.startswith("00"))
    with pytest.raises(InputError):
        parse_phone(prefix + digits)


@FAST
@given(st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=3), local_phones())
def test_phone_with_letters_rejected(letters: str, case: tuple[str, str]) -> None:
    text, _ = case
    with pytest.raises(InputError):
        parse_phone(text + letters)


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jeanne.Roy@Example.FR", "Jeanne.Roy@example.fr"),
        ("  jeanne@example.fr  ", "jeanne@example.fr"),
        ("j+vip@mail.example.co.uk", "j+vip@mail.example.co.uk"),
        ("x@MÜLLER.de", "x@müller.de"),
        ("client@例え.テスト", "client@例え.テスト"),
        ("x@हिन्दी.भारत", "x@हिन्दी.भारत"),
        ("a@b-c.d1", "a@b-c.d1"),
        ("a@xn--mller-kva.de", "a@xn--mller-kva.de"),
        ("x" * 64 + "@example.com", "x" * 64 + "@example.com"),
    ],
)
def test_parse_email_accepts(text: str, expected: str) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("jeanne.example.fr", "exactly one @"),
        ("a@b@example.fr", "exactly one @"),
        ("@example.fr", "nothing before the @"),
        ("jeanne roy@example.fr", "no spaces"),
        ("x" * 65 + "@example.com", "at most 64"),
        ("jeanne@localhost", "needs a dot"),
        ("jeanne@", "needs a dot"),
        ("jeanne@.example.fr", "letters, digits"),
        ("jeanne@example.fr.", "letters, digits"),
        ("jeanne@example..fr", "letters, digits"),
        ("jeanne@-example.fr", "letters, digits"),
        ("jeanne@example-.fr", "letters, digits"),
        ("jeanne@exa_mple.fr", "letters, digits"),
        ("jeanne@exa mple.fr", "letters, digits"),
        ("jeanne@" + "a" * 64 + ".fr", "letters, digits"),  # a DNS label is at most 63
        ("jeanne@10.0.0.1", "cannot end in a number"),
        ("j@" + ".".join(["a" * 60] * 5) + ".fr", "longer than 254"),
    ],
)
def test_parse_email_rejects(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        parse_email(text)
    assert str(caught.value).startswith("email: ")


LETTERS = list(string.ascii_letters)
LOCAL_CHARS = string.ascii_letters + string.digits + "._%+-!#$&'*/=?^`{|}~"


@st.composite
def ascii_labels(draw: st.DrawFn) -> str:
    inner = draw(st.text(alphabet=string.ascii_letters + string.digits + "-", max_size=20))
    ends = st.sampled_from(string.ascii_letters + string.digits)
    return (draw(ends) + inner + draw(ends)) if inner or draw(st.booleans()) else draw(ends)


@st.composite
def emails(draw: st.DrawFn) -> tuple[str, str]:
    local = draw(st.text(alphabet=LOCAL_CHARS, min_size=1, max_size=64))
    labels = draw(st.lists(ascii_labels(), min_size=1, max_size=4))
    tld = draw(st.text(alphabet=string.ascii_letters, min_size=2, max_size=10))
    domain = ".".join([*labels, tld])
    return f"{local}@{domain}", f"{local}@{domain.lower()}"


@FAST
@given(emails(), st.sampled_from(["", " ", "\t", "\u00a0"]))
def test_email_round_trips_with_domain_lower_cased(case: tuple[str, str], pad: str) -> None:
    text, expected = case
    assert parse_email(pad + text + pad) == expected
    assert parse_email(expected) == expected  # idempotent


@FAST
@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=8))
def test_email_accepts_unicode_domains(label: str) -> None:
    domain = unicodedata.normalize("NFC", f"{label}.example".lower())
    assume(all(ch.isalpha() or unicodedata.category(ch)[0] == "M" for ch in domain.replace(".", "")))
    assume(not unicodedata.category(domain[0]).startswith("M"))
    assert parse_email(f"client@{label}.example") == f"client@{domain}"


@FAST
@given(st.text().filter(lambda s: "@" not in s))
def test_email_without_at_rejected(text: str) -> None:
    with pytest.raises(InputError):
        parse_email(text)


# --------------------------------------------------------------------------- initials


@pytest.mark.parametrize(
    ("text", "expected"),
    [("el", "EL"), ("ÉL", "ÉL"), ("él", "ÉL"), ("E\u0301L", "ÉL"), (" sop ", "SOP"), ("abcd", "ABCD"),
     ("ßa", "ßA"), ("王明", "王明")],
)
def test_parse_initials_accepts(text: str, expected: str) -> None:
    assert parse_initials(text) == expected


@pytest.mark.parametrize(
    "text", ["", "e", "abcde", "a1", "12", "a b", "j.d", "J-D", "ab!", "é\u0301\u0301"]
)
def test_parse_initials_rejects(text: str) -> None:
    with pytest.raises(InputError, match="initials"):
        parse_initials(text)


@FAST
@given(st.text(alphabet=string.ascii_letters, min_size=2, max_size=4))
def test_initials_round_trip_upper_cased(text: str) -> None:
    assert parse_initials(text) == text.upper()
    assert parse_initials(text.upper()) == text.upper()


@FAST
@given(st.text(alphabet=string.ascii_letters, min_size=5, max_size=12) | st.sampled_from(LETTERS))
def test_initials_wrong_length_rejected(text: str) -> None:
    with pytest.raises(InputError):
        parse_initials(text)


# --------------------------------------------------------------------------- units and receipts


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("-1", -1), ("+3", 3), (" 12 ", 12)])
def test_parse_units_accepts(text: str, expected: int) -> None:
    assert parse_units(text) == expected


@pytest.mark.parametrize("text", ["0", "", "1.5", "abc", "12345"])
def test_parse_units_rejects(text: str) -> None:
    with pytest.raises(InputError):
        parse_units(text)


def test_parse_receipt() -> None:
    assert parse_receipt(" R-2026/0042 ") == "R-2026/0042"
    for bad in ("", "-R1", "R 1", "x" * 41):
        with pytest.raises(InputError):
            parse_receipt(bad)


# --------------------------------------------------------------------------- any text at all

PARSERS: dict[str, Callable[[str], object]] = {
    "money0": lambda t: parse_money(t, 0),
    "money2": lambda t: parse_money(t, 2),
    "money3": lambda t: parse_money(t, 3),
    "day": lambda t: parse_day(t, TODAY),
    "day_at_the_end": lambda t: parse_day(t, date.max),
    "date": parse_date,
    "phone": parse_phone,
    "email": parse_email,
    "initials": parse_initials,
    "units": parse_units,
    "receipt": parse_receipt,
}

# Text made of what the parsers look for, so hypothesis reaches past the first check.
NEAR_MISS = st.text(alphabet=st.sampled_from(list("0123456789.,-+ /()@€'eE\u00a0\u202fnaifxé٣")), max_size=30)


def _returns_or_input_error(parse: Callable[[str], object], text: str) -> None:
    try:
        parse(text)
    except InputError as error:
        message = str(error)
        assert message and "\n" not in message
    # any other exception propagates and fails the test


@pytest.mark.parametrize("name", sorted(PARSERS))
@FAST
@given(text=st.text())
def test_any_text_returns_or_raises_input_error(name: str, text: str) -> None:
    _returns_or_input_error(PARSERS[name], text)


@pytest.mark.parametrize("name", sorted(PARSERS))
@FAST
@given(text=NEAR_MISS)
def test_near_miss_text_returns_or_raises_input_error(name: str, text: str) -> None:
    _returns_or_input_error(PARSERS[name], text)


@FAST
@given(st.text())
def test_masking_never_fails_and_never_shows_more_than_two_digits(text: str) -> None:
    masked = format_phone_masked(text)
    assert masked.startswith("••••")
    assert sum(ch in "0123456789" for ch in masked) <= 2
