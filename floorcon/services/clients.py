"""Clients: finding one, their file, the associates' portfolios, cross-selling openings, the
contact log and its over-solicitation guard.

The client file is made of sections built by the functions listed in `FILE_SECTIONS`; another
part of floorcon (High Jewelry opportunities, event invitations) adds its own section by
appending a builder there, and every view of the file (screen, Markdown, JSON) shows it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from ..clock import Clock
from ..config import Settings
from ..models import (
    Associate,
    Channel,
    Client,
    ClientContact,
    Event,
    FollowUp,
    FollowUpStatus,
    HJOpportunity,
    HJStage,
    Invitation,
    Sale,
    SatisfactionScore,
    Segment,
)
from . import kpi
from .masking import BULLETS, mask_amount, mask_name
from .parsing import InputError, format_money, format_phone_masked
from .privacy import (
    ConsentState,
    channel_list,
    consents,
    parse_channel,
)
from .team import fold

VISIT = "visit"
CONTACT_CHANNELS = (*(c.value for c in Channel), VISIT)
TOP_SEGMENTS = (Segment.VIC.value, Segment.HIGH_JEWELRY.value)


class State:
    """Where a client stands, by months since their last purchase (see [clients])."""

    ACTIVE = "active"
    LAPSING = "lapsing"
    LAPSED = "lapsed"
    NEVER = "no purchase"


# -- time helpers ------------------------------------------------------------------------------


def months_since(day: date, today: date) -> int:
    """Whole months from `day` to `today` (0 in the same month's span)."""
    months = (today.year - day.year) * 12 + today.month - day.month
    return months - 1 if today.day < day.day else months


def client_state(last_purchase: date | None, today: date, settings: Settings) -> str:
    if last_purchase is None:
        return State.NEVER
    months = months_since(last_purchase, today)
    if months < settings.lapsing_after_months:
        return State.ACTIVE
    if months < settings.lapsed_after_months:
        return State.LAPSING
    return State.LAPSED


def _shift_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a common year
        return date(year, 2, 28)


def shift_months(day: date, months: int) -> date:
    """The same day `months` months later (earlier when negative), the month's last day when
    that month is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def next_occurrence(day: date, today: date) -> date:
    """The next time a yearly date comes round, today included."""
    this_year = _shift_year(day, today.year)
    return this_year if this_year >= today else _shift_year(day, today.year + 1)


@dataclass(frozen=True)
class KeyDate:
    kind: str  # birthday | anniversary
    day: date  # the next occurrence
    days: int  # from today


def next_key_date(client: Client, today: date) -> KeyDate | None:
    """The client's next birthday or anniversary, whichever comes first."""
    found = [KeyDate(kind, nxt, (nxt - today).days)
             for kind, day in (("birthday", client.birthday), ("anniversary", client.anniversary))
             if day is not None and (nxt := next_occurrence(day, today))]
    return min(found, key=lambda k: k.days) if found else None


# -- search ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientHit:
    id: int
    number: str
    name: str
    segment: str
    owner: str  # initials, "" when none
    matched: str  # number | phone | e-mail | name | name ≈ (a typo forgiven)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _local_digits(text: str) -> str:
    """Typed digits without the trunk 0 ('06 12' finds +33 6 12…), at most the last 9."""
    return _digits(text).lstrip("0")[-9:]


TYPO_RATIO = 0.75  # how alike a typed word and a name must be to be taken for a typo


def search_clients(session: Session, boutique_id: int, text: str, limit: int = 20) -> list[ClientHit]:
    """Clients by number, name, phone or e-mail; accents and case ignored, typos in a name
    forgiven. Best matches first, then VIC and High Jewelry clients, then by name."""
    typed = fold(text.strip())
    if not typed:
        return []
    words = typed.split()
    digits = _local_digits(typed) if len(_digits(typed)) >= 4 and not re.search(r"[a-z@]", typed) else ""
    owners = dict(session.exec(select(Associate.id, Associate.initials).where(
        Associate.boutique_id == boutique_id)).all())
    rows = list(session.exec(select(
        Client.id, Client.number, Client.title, Client.first_name, Client.last_name, Client.segment,
        Client.owner_id, Client.phone, Client.email,
    ).where(Client.boutique_id == boutique_id, col(Client.erased_at).is_(None))))
    ranked: list[tuple[float, bool, str, Any]] = []
    maybe_typos = []
    for row in rows:
        cid, number, _title, first, last, segment, _owner, phone, email = row
        number = number.casefold()
        names = fold(f"{first} {last}").split()
        if number == typed:
            score, how = 0.0, "number"
        elif number.startswith(typed):
            score, how = 1.0, "number"
        elif digits and digits in _digits(phone):
            score, how = 2.0, "phone"
        elif all(any(n.startswith(w) for n in names) for w in words):
            score, how = 3.0, "name"
        elif typed in " ".join(names):
            score, how = 4.0, "name"
        elif len(typed) >= 3 and email and typed in email.casefold():
            score, how = 5.0, "e-mail"
        else:
            maybe_typos.append((row, names))
            continue
        ranked.append((score, segment not in TOP_SEGMENTS, f"{fold(last)} {fold(first)}", (row, how)))
    if len(ranked) < limit and not digits:
        for row, names in maybe_typos:
            distance = _typo_distance(words, names)
            if distance is not None:
                order = f"{fold(row[4])} {fold(row[3])}"
                ranked.append((6.0 + distance, row[5] not in TOP_SEGMENTS, order, (row, "name ≈")))
    ranked.sort(key=lambda r: r[:3])
    hits = []
    for *_, (row, how) in ranked[:limit]:
        cid, number, title, first, last, segment, owner_id, _phone, _email = row
        name = " ".join(p for p in (title, first, last) if p)
        hits.append(ClientHit(cid, number, name, segment, owners.get(owner_id, "") if owner_id else "", how))
    return hits


def _typo_distance(words: list[str], names: list[str]) -> float | None:
    """How far (0 best) every typed word is from its closest name word; None when one of them
    is too far to be a typo."""
    worst = 0.0
    for w in words:
        if len(w) < 3:
            return None
        best = 0.0
        for n in names:
            matcher = difflib.SequenceMatcher(None, w, n[: len(w) + 1])
            if matcher.real_quick_ratio() >= TYPO_RATIO and matcher.quick_ratio() >= TYPO_RATIO:
                best = max(best, matcher.ratio())
        if best < TYPO_RATIO:
            return None
        worst = max(worst, 1 - best)
    return worst



FORM_CANDIDATES = 8


def client_candidates(session: Session, boutique_id: int, text: str) -> list[ClientHit]:
    """The clients a form's client field may mean, best first: the client whose number it is;
    else every match on number, phone, name or e-mail; else the names a typo away. One
    candidate is a client found; several, the manager types the number."""
    hits = search_clients(session, boutique_id, text, FORM_CANDIDATES)
    typed = text.strip().casefold()
    exact = [h for h in hits if h.number.casefold() == typed]
    if exact:
        return exact
    return [h for h in hits if h.matched != "name ≈"] or hits


def pick_client(session: Session, boutique_id: int, text: str) -> ClientHit:
    """The one client a form's client field names (typos in a name forgiven), else why not."""
    found = client_candidates(session, boutique_id, text)
    if not found:
        raise InputError(f"client: no client matches {text.strip()!r}")
    if len(found) > 1:
        # Client numbers only: a message may end up on a shared screen or in a log.
        sample = ", ".join(h.number for h in found[:4])
        raise InputError(f"client: {text.strip()!r} matches several clients ({sample}); use the number")
    return found[0]


def get_client(session: Session, boutique_id: int, client_id: int) -> Client:
    client = session.get(Client, client_id)
    if client is None or client.boutique_id != boutique_id:
        raise InputError(f"client: no client with id {client_id}")
    return client


# -- purchases, contacts -----------------------------------------------------------------------


@dataclass(frozen=True)
class PurchaseSummary:
    first: datetime | None = None
    last: datetime | None = None
    spend_12m: int = 0
    lifetime: int = 0


def purchase_summaries(
    session: Session, boutique_id: int, client_ids: list[int], since: datetime
) -> dict[int, PurchaseSummary]:
    """First and last purchase, net spend since `since` and lifetime, per client."""
    if not client_ids:
        return {}
    recent = func.sum(case((col(Sale.sold_at) >= since, Sale.amount), else_=0))
    bought = case((col(Sale.amount) > 0, Sale.sold_at), else_=None)
    rows = session.exec(
        select(Sale.client_id, func.min(bought), func.max(bought), recent, func.sum(Sale.amount))
        .where(Sale.boutique_id == boutique_id, col(Sale.client_id).in_(client_ids))
        .group_by(Sale.client_id)
    )
    return {cid: PurchaseSummary(as_utc(first), as_utc(last), int(spend or 0), int(total or 0))
            for cid, first, last, spend, total in rows}


def as_utc(value: Any) -> datetime | None:
    """Aggregates come back from SQLite as text or naive datetimes; they are UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def last_contacts(session: Session, boutique_id: int, client_ids: list[int]) -> dict[int, datetime]:
    """When each client was last contacted: a logged contact or a follow-up done."""
    if not client_ids:
        return {}
    found: dict[int, datetime] = {}
    logged = session.exec(
        select(ClientContact.client_id, func.max(ClientContact.contacted_at))
        .where(ClientContact.boutique_id == boutique_id, col(ClientContact.client_id).in_(client_ids))
        .group_by(ClientContact.client_id)
    )
    done = session.exec(
        select(FollowUp.client_id, func.max(FollowUp.done_at))
        .where(FollowUp.boutique_id == boutique_id, col(FollowUp.client_id).in_(client_ids),
               FollowUp.status == FollowUpStatus.DONE.value, col(FollowUp.done_at).is_not(None))
        .group_by(FollowUp.client_id)
    )
    for cid, at in [*logged, *done]:
        moment = as_utc(at)
        if moment is not None and (cid not in found or moment > found[cid]):
            found[cid] = moment
    return found


def parse_contact_channel(value: str) -> str:
    if value.strip().lower() in (VISIT, "visite", "in boutique"):
        return VISIT
    try:
        return parse_channel(value)
    except InputError:
        raise InputError(f"channel: {value!r} is not one of {', '.join(CONTACT_CHANNELS)}") from None


def log_contact(
    session: Session, boutique_id: int, client_id: int, channel: str, contacted_at: datetime,
    associate_id: int | None = None, note: str = "",
) -> ClientContact:
    """Record a contact with a client; it counts for the guard and the portfolio's last contact."""
    client = get_client(session, boutique_id, client_id)
    if client.erased_at is not None:
        raise InputError(f"client: {client.number} was erased")
    if associate_id is not None:
        who = session.get(Associate, associate_id)
        if who is None or who.boutique_id != boutique_id:
            raise InputError(f"associate: no associate with id {associate_id}")
    row = ClientContact(boutique_id=boutique_id, client_id=client_id, associate_id=associate_id,
                        channel=parse_contact_channel(channel), contacted_at=contacted_at,
                        note=note.strip())
    session.add(row)
    session.flush()
    return row


# -- the profile: what the client shared ------------------------------------------------------

# Language names as they are spoken in the boutique (and in CRM exports) -> the code kept.
LANGUAGE_NAMES = {
    "francais": "fr", "french": "fr", "anglais": "en", "english": "en", "italien": "it", "italian": "it",
    "allemand": "de", "german": "de", "espagnol": "es", "spanish": "es", "japonais": "ja", "japanese": "ja",
    "chinois": "zh", "chinese": "zh", "mandarin": "zh", "arabe": "ar", "arabic": "ar", "russe": "ru",
    "russian": "ru", "portugais": "pt", "portuguese": "pt", "coreen": "ko", "korean": "ko",
}
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z]{2,4})?")
PROFILE_FIELDS = ("preferences", "sizes", "birthday", "anniversary", "second_owner_id", "language")
PROFILE_TEXT_LIMIT = 500


def parse_language(text: str, field: str = "language") -> str:
    """'fr', 'en-GB', 'French', 'japonais' -> a language code; empty stays empty."""
    raw = text.strip()
    code = LANGUAGE_NAMES.get(fold(raw), raw.lower().replace("_", "-"))
    if raw and not _LANGUAGE_CODE.fullmatch(code):
        raise InputError(f"{field}: {raw!r} is not a language (fr, en, it, … or its name)")
    return code


def set_profile(
    session: Session, boutique_id: int, client_id: int, changes: dict[str, Any], clock: Clock
) -> list[str]:
    """Write what the client shared (preferences, sizes, key dates, second owner, language).

    Only the fields that really change are written, so the change log names exactly those;
    returns their names. A value of None or "" clears the field.
    """
    unknown = sorted(set(changes) - set(PROFILE_FIELDS))
    if unknown:
        raise InputError(f"profile: {', '.join(unknown)} cannot be set here")
    client = get_client(session, boutique_id, client_id)
    if client.erased_at is not None:
        raise InputError(f"client: {client.number} was erased")
    clean: dict[str, Any] = {}
    for name in ("preferences", "sizes"):
        if name in changes:
            text = " ".join((changes[name] or "").split())
            if len(text) > PROFILE_TEXT_LIMIT:
                raise InputError(f"{name}: longer than {PROFILE_TEXT_LIMIT} characters")
            clean[name] = text
    today = clock.today()
    for name in ("birthday", "anniversary"):
        if name in changes:
            day = changes[name]
            if day is not None and (day > today or day.year < 1900):
                raise InputError(f"{name}: {day:%d/%m/%Y} is not a plausible {name}")
            clean[name] = day
    if "language" in changes:
        clean["language"] = parse_language(changes["language"] or "")
    if "second_owner_id" in changes:
        second = changes["second_owner_id"]
        if second is not None:
            who = session.get(Associate, second)
            if who is None or who.boutique_id != boutique_id:
                raise InputError(f"second owner: no associate with id {second}")
            if not who.active:
                raise InputError(f"second owner: {who.initials} has left; choose an active associate")
            if second == client.owner_id:
                raise InputError(f"second owner: {who.initials} already owns {client.number}")
        clean["second_owner_id"] = second
    written = [name for name in PROFILE_FIELDS if name in clean and getattr(client, name) != clean[name]]
    if not written:
        return []
    for name in written:
        setattr(client, name, clean[name])
    if set(written) & {"preferences", "sizes"}:
        client.profile_updated_at = clock.now_utc()  # profiling data: retention counts from here
    session.add(client)
    session.flush()
    return written


@dataclass(frozen=True)
class GuardWarning:
    """The client was contacted within the guard: another outreach may be one too many."""

    client_number: str
    last_contact: datetime
    days_ago: int
    guard_days: int

    def message(self) -> str:
        ago = "today" if self.days_ago == 0 else f"{self.days_ago} day{'s' if self.days_ago != 1 else ''} ago"
        return (f"client {self.client_number} was already contacted {ago} "
                f"(within followups.contact_guard_days = {self.guard_days})")


def contact_guard(
    session: Session, boutique_id: int, client_id: int, clock: Clock, settings: Settings
) -> GuardWarning | None:
    """A warning when the client was contacted within `followups.contact_guard_days`."""
    days = settings.contact_guard_days
    if days <= 0:
        return None
    last = last_contacts(session, boutique_id, [client_id]).get(client_id)
    if last is None:
        return None
    ago = (clock.today() - clock.local_day(last)).days
    if ago >= days:
        return None
    client = get_client(session, boutique_id, client_id)
    return GuardWarning(client.number, last, max(ago, 0), days)


# -- cross-selling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Opening:
    """A category the client has not bought yet, and how likely it is given what they own."""

    category: str
    likelihood: float  # share of the clients owning `because` who also bought `category`
    because: str


@dataclass
class Affinity:
    """Which categories go together in the boutique's clients' purchases."""

    holders: dict[str, int] = field(default_factory=dict)  # category -> clients who bought it
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)  # (owned, other) -> clients
    bought: dict[int, set[str]] = field(default_factory=dict)  # client -> categories

    def openings(self, owned: set[str]) -> list[Opening]:
        """The categories not owned, most likely first; none without a purchase to go by."""
        found: list[Opening] = []
        for other in self.holders:
            if other in owned:
                continue
            best = max(((self.pairs.get((b, other), 0) / self.holders[b], b)
                        for b in owned if self.holders.get(b)), default=None)
            if best is not None and best[0] > 0:
                found.append(Opening(other, best[0], best[1]))
        found.sort(key=lambda o: (-o.likelihood, o.category))
        return found


def category_affinity(session: Session, boutique_id: int) -> Affinity:
    """Who bought which category (net of returns), and how often categories go together."""
    rows = session.exec(
        select(Sale.client_id, Sale.category)
        .where(Sale.boutique_id == boutique_id, col(Sale.client_id).is_not(None), Sale.category != "")
        .group_by(Sale.client_id, Sale.category)
        .having(func.sum(Sale.amount) > 0)
    )
    affinity = Affinity()
    for cid, category in rows:
        assert cid is not None
        affinity.bought.setdefault(cid, set()).add(category)
    for cats in affinity.bought.values():
        for a in cats:
            affinity.holders[a] = affinity.holders.get(a, 0) + 1
            for b in cats:
                if a != b:
                    affinity.pairs[(a, b)] = affinity.pairs.get((a, b), 0) + 1
    return affinity


# -- the client file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a section. `kind` says how to show and mask it: text, private (free text
    that may name someone: masked in discreet mode), money (minor units), day, moment (UTC),
    number, percent, score."""

    key: str
    title: str
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    key: str  # the JSON key
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    empty: str = "none"

    def records(self) -> list[dict[str, Any]]:
        return [{c.key: v for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


@dataclass(frozen=True)
class Profile:
    id: int
    number: str
    name: str
    segment: str
    owner: str  # "SOP Sophie Martin", "" when none
    second_owner: str
    phone: str
    email: str
    language: str
    consent: dict[str, ConsentState]
    reachable: tuple[str, ...]
    preferences: str
    sizes: str
    notes: str
    birthday: date | None
    anniversary: date | None
    next_key_date: KeyDate | None
    state: str
    first_purchase: datetime | None
    last_purchase: datetime | None
    spend_12m: int
    lifetime: int
    last_contact: datetime | None
    guard: GuardWarning | None
    erased: bool


@dataclass(frozen=True)
class ClientFile:
    profile: Profile
    sections: list[Section]


@dataclass(frozen=True)
class FileContext:
    """What a section builder gets: the store, the client, and the boutique's clock."""

    session: Session
    boutique_id: int
    client: Client
    clock: Clock
    settings: Settings
    associates: dict[int, Associate]

    def initials(self, associate_id: int | None) -> str:
        a = self.associates.get(associate_id) if associate_id is not None else None
        return a.initials if a else ""


SectionBuilder = Callable[[FileContext], Section]


def purchases_section(ctx: FileContext) -> Section:
    rows = ctx.session.exec(
        select(Sale).where(Sale.boutique_id == ctx.boutique_id, Sale.client_id == ctx.client.id)
        .order_by(col(Sale.sold_at).desc(), col(Sale.line))
    )
    return Section("purchases", "Purchases", (
        Column("day", "Day", "day"), Column("receipt", "Receipt"), Column("category", "Category"),
        Column("units", "Pieces", "number"), Column("amount", "Amount", "money"), Column("associate", "SA"),
    ), [(ctx.clock.local_day(s.sold_at), s.receipt, s.category or "—", s.units, s.amount,
         ctx.initials(s.associate_id)) for s in rows], "no purchase yet")


def categories_section(ctx: FileContext) -> Section:
    """What they own by category, and the categories not bought yet, most likely first."""
    affinity = category_affinity(ctx.session, ctx.boutique_id)
    totals = ctx.session.exec(
        select(Sale.category, func.sum(Sale.units), func.sum(Sale.amount))
        .where(Sale.boutique_id == ctx.boutique_id, Sale.client_id == ctx.client.id, Sale.category != "")
        .group_by(Sale.category).order_by(func.sum(Sale.amount).desc())
    ).all()
    rows: list[tuple[Any, ...]] = [(cat, "owned", int(units or 0), int(amount or 0), None, "")
                                   for cat, units, amount in totals if (amount or 0) > 0]
    owned = affinity.bought.get(ctx.client.id or 0, set())
    rows += [(o.category, "not yet", None, None, o.likelihood, f"like {o.because} buyers")
             for o in affinity.openings(owned)]
    return Section("categories", "Categories · cross-selling", (
        Column("category", "Category"), Column("status", "Status"), Column("pieces", "Pieces", "number"),
        Column("amount", "Amount", "money"), Column("likelihood", "Likelihood", "percent"),
        Column("why", "Why"),
    ), rows, "no category bought yet")


def satisfaction_section(ctx: FileContext) -> Section:
    rows = ctx.session.exec(
        select(SatisfactionScore)
        .where(SatisfactionScore.boutique_id == ctx.boutique_id, SatisfactionScore.client_id == ctx.client.id)
        .order_by(col(SatisfactionScore.received_at).desc())
    )
    out = []
    for s in rows:
        measure = ctx.settings.measure(s.measure)
        out.append((ctx.clock.local_day(s.received_at), s.measure, s.score,
                    "⚠" if measure is not None and measure.alert(s.score) else "",
                    ctx.initials(s.associate_id), s.comment))
    return Section("satisfaction", "Satisfaction", (
        Column("day", "Day", "day"), Column("measure", "Measure"), Column("score", "Score", "score"),
        Column("flag", "Flag"), Column("associate", "SA"), Column("comment", "Comment", "private"),
    ), out, "no survey answer")


def followups_section(ctx: FileContext) -> Section:
    rows = ctx.session.exec(
        select(FollowUp).where(FollowUp.boutique_id == ctx.boutique_id, FollowUp.client_id == ctx.client.id)
        .order_by(col(FollowUp.status) != FollowUpStatus.OPEN.value, col(FollowUp.due).desc())
    )
    out = []
    for f in rows:
        said = {FollowUpStatus.DONE.value: f.outcome, FollowUpStatus.CANCELLED.value: f.cancel_reason}
        out.append((f.id, f.due, f.kind, f.status, ctx.initials(f.owner_id), f.action,
                    said.get(f.status, "")))
    return Section("follow_ups", "Follow-ups", (
        Column("id", "#", "number"), Column("due", "Due", "day"), Column("kind", "Kind"),
        Column("status", "Status"), Column("owner", "SA"), Column("action", "Action", "private"),
        Column("result", "Outcome / reason", "private"),
    ), out, "no follow-up")


def contacts_section(ctx: FileContext) -> Section:
    rows = ctx.session.exec(
        select(ClientContact)
        .where(ClientContact.boutique_id == ctx.boutique_id, ClientContact.client_id == ctx.client.id)
        .order_by(col(ClientContact.contacted_at).desc())
    )
    return Section("contacts", "Contacts", (
        Column("at", "When", "moment"), Column("channel", "Channel"), Column("associate", "SA"),
        Column("note", "Note", "private"),
    ), [(c.contacted_at, c.channel, ctx.initials(c.associate_id), c.note) for c in rows],
        "no contact logged")


def opportunities_section(ctx: FileContext) -> Section:
    """High Jewelry: every piece they considered, open ones first, with the next step."""
    rows = ctx.session.exec(
        select(HJOpportunity)
        .where(HJOpportunity.boutique_id == ctx.boutique_id, HJOpportunity.client_id == ctx.client.id)
        .order_by(col(HJOpportunity.stage).in_((HJStage.DELIVERED.value, HJStage.LOST.value)),
                  col(HJOpportunity.updated_at).desc())
    )
    return Section("hj_opportunities", "High Jewelry opportunities", (
        Column("piece", "Piece"), Column("stage", "Stage"), Column("estimate", "Estimate", "money"),
        Column("owner", "SA"), Column("next_step", "Next step", "private"), Column("due", "By", "day"),
    ), [(o.piece, o.stage, o.estimate, ctx.initials(o.owner_id), o.next_step, o.next_step_due)
        for o in rows], "no High Jewelry opportunity")


def invitations_section(ctx: FileContext) -> Section:
    """The events they were invited to, the newest first, and whether they came."""
    rows = ctx.session.exec(
        select(Event, Invitation).join(Invitation, col(Invitation.event_id) == Event.id)
        .where(Invitation.boutique_id == ctx.boutique_id, Invitation.client_id == ctx.client.id)
        .order_by(col(Event.starts_at).desc())
    )
    return Section("invitations", "Event invitations", (
        Column("day", "Day", "day"), Column("event", "Event"), Column("status", "Status"),
        Column("associate", "SA"),
    ), [(ctx.clock.local_day(e.starts_at), e.title, i.status, ctx.initials(i.associate_id))
        for e, i in rows], "no invitation")


# The client file, section by section, in this order. Append a builder to add a section.
FILE_SECTIONS: list[SectionBuilder] = [
    purchases_section, categories_section, opportunities_section, satisfaction_section,
    followups_section, contacts_section, invitations_section,
]


def _who(a: Associate | None) -> str:
    return f"{a.initials} {a.name}" if a else ""


def client_file(
    session: Session, boutique_id: int, client_id: int, clock: Clock, settings: Settings
) -> ClientFile:
    """Everything the manager reads about one client: the profile, then each section."""
    client = get_client(session, boutique_id, client_id)
    assert client.id is not None
    associates = {a.id: a for a in session.exec(select(Associate).where(Associate.boutique_id == boutique_id))
                  if a.id is not None}
    today = clock.today()
    year_ago = clock.day_bounds(_shift_year(today, today.year - 1))[0]
    bought = purchase_summaries(session, boutique_id, [client.id], year_ago).get(client.id, PurchaseSummary())
    consent = consents(session, [client.id]).get(client.id, {})
    last_day = clock.local_day(bought.last) if bought.last else None
    profile = Profile(
        id=client.id, number=client.number, name=client.display_name, segment=client.segment,
        owner=_who(associates.get(client.owner_id or 0)),
        second_owner=_who(associates.get(client.second_owner_id or 0)),
        phone=client.phone, email=client.email, language=client.language, consent=consent,
        reachable=channel_list(client.channels), preferences=client.preferences, sizes=client.sizes,
        notes=client.notes, birthday=client.birthday, anniversary=client.anniversary,
        next_key_date=next_key_date(client, today), state=client_state(last_day, today, settings),
        first_purchase=bought.first, last_purchase=bought.last, spend_12m=bought.spend_12m,
        lifetime=bought.lifetime,
        last_contact=last_contacts(session, boutique_id, [client.id]).get(client.id),
        guard=contact_guard(session, boutique_id, client.id, clock, settings),
        erased=client.erased_at is not None,
    )
    ctx = FileContext(session, boutique_id, client, clock, settings, associates)
    return ClientFile(profile, [build(ctx) for build in FILE_SECTIONS])


# -- portfolios --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioClient:
    id: int
    number: str
    name: str
    segment: str
    state: str
    last_purchase: date | None
    spend_12m: int
    last_contact: datetime | None
    key_date: KeyDate | None
    reasons: tuple[str, ...] = ()  # why they need attention, most pressing first
    opening: Opening | None = None


@dataclass(frozen=True)
class Portfolio:
    associate_id: int
    initials: str
    name: str
    today: date
    clients: list[PortfolioClient]  # attention first, then by spend over 12 months
    seconded: list[PortfolioClient]  # clients for whom the associate is the second owner
    new_this_month: int
    # Over the window of clients.lapsing_after_months (N): bought in the N months before the
    # last N, and active again now (a purchase in the last N months)...
    retained: int
    retention_base: int  # ... over those who bought in the N months before the last N

    def count(self, state: str) -> int:
        return sum(1 for c in self.clients if c.state == state)

    @property
    def retention_rate(self) -> float | None:
        return kpi.retention_rate(self.retained, self.retention_base)

    @property
    def last_contact(self) -> datetime | None:
        return max((c.last_contact for c in self.clients if c.last_contact), default=None)

    @property
    def attention(self) -> list[PortfolioClient]:
        return [c for c in self.clients if c.reasons]

    @property
    def openings(self) -> list[PortfolioClient]:
        """The best cross-selling openings: active or lapsing clients, most likely first."""
        found = [c for c in self.clients if c.opening and c.state in (State.ACTIVE, State.LAPSING)]
        found.sort(key=lambda c: (-c.opening.likelihood, -c.spend_12m, c.number))  # type: ignore[union-attr]
        return found[:OPENINGS_SHOWN]


OPENINGS_SHOWN = 10


def _reasons(c: Client, state: str, key: KeyDate | None, contact: datetime | None, clock: Clock,
             settings: Settings) -> tuple[tuple[int, str], ...]:
    today = clock.today()
    found: list[tuple[int, str]] = []
    top = c.segment in TOP_SEGMENTS
    if top and state == State.LAPSING:
        found.append((0, f"lapsing {c.segment}"))
    if key is not None and key.days <= settings.key_date_days_ahead:
        when = "today" if key.days == 0 else f"in {key.days} day{'s' if key.days != 1 else ''}"
        found.append((1, f"{key.kind} {when}"))
    if top and state in (State.ACTIVE, State.LAPSING):
        if contact is None:
            found.append((2, "no contact on record"))
        elif (days := (today - clock.local_day(contact)).days) >= settings.no_contact_days:
            found.append((2, f"no contact for {days} days"))
    return tuple(found)


def portfolio(
    session: Session, boutique_id: int, associate_id: int, clock: Clock, settings: Settings
) -> Portfolio:
    """One associate's clients: their state, who needs attention first, retention, openings."""
    associate = session.get(Associate, associate_id)
    if associate is None or associate.boutique_id != boutique_id:
        raise InputError(f"associate: no associate with id {associate_id}")
    today = clock.today()
    mine = list(session.exec(select(Client).where(
        Client.boutique_id == boutique_id, col(Client.erased_at).is_(None),
        (col(Client.owner_id) == associate_id) | (col(Client.second_owner_id) == associate_id),
    )))
    ids = [c.id for c in mine if c.id is not None]
    year_ago_day = _shift_year(today, today.year - 1)
    year_ago = clock.day_bounds(year_ago_day)[0]
    # Retention follows the active window: a client counts as kept when they are active again.
    window = settings.lapsing_after_months
    active_from = clock.day_bounds(shift_months(today, -window) + timedelta(days=1))[0]
    window_before = clock.day_bounds(shift_months(today, -2 * window) + timedelta(days=1))[0]
    bought = purchase_summaries(session, boutique_id, ids, year_ago)
    contacts = last_contacts(session, boutique_id, ids)
    affinity = category_affinity(session, boutique_id)
    earlier = set(session.exec(
        select(Sale.client_id).where(Sale.boutique_id == boutique_id, col(Sale.client_id).in_(ids),
                                     Sale.amount > 0, Sale.sold_at >= window_before,
                                     Sale.sold_at < active_from)
        .distinct()
    ))
    month_start = clock.day_bounds(clock.month_first(today))[0]

    owned: list[tuple[tuple[Any, ...], PortfolioClient]] = []
    seconded: list[PortfolioClient] = []
    new = retained = 0
    for c in mine:
        assert c.id is not None
        b = bought.get(c.id, PurchaseSummary())
        last_day = clock.local_day(b.last) if b.last else None
        state = client_state(last_day, today, settings)
        key = next_key_date(c, today)
        reasons = _reasons(c, state, key, contacts.get(c.id), clock, settings)
        openings = affinity.openings(affinity.bought.get(c.id, set()))
        row = PortfolioClient(c.id, c.number, c.display_name, c.segment, state, last_day, b.spend_12m,
                              contacts.get(c.id), key, tuple(r for _, r in sorted(reasons)),
                              openings[0] if openings else None)
        if c.owner_id != associate_id:
            seconded.append(row)
            continue
        if b.first is not None and b.first >= month_start:
            new += 1
        if c.id in earlier and state == State.ACTIVE:
            retained += 1
        first_reason = min((p for p, _ in reasons), default=9)
        owned.append(((first_reason, -b.spend_12m, c.number), row))
    owned.sort(key=lambda pair: pair[0])
    seconded.sort(key=lambda r: (-r.spend_12m, r.number))
    base = sum(1 for c in mine if c.owner_id == associate_id and c.id in earlier)
    return Portfolio(associate_id, associate.initials, associate.name, today, [r for _, r in owned],
                     seconded, new, retained, base)


def reassign_clients(
    session: Session, boutique_id: int, client_ids: list[int], owner_id: int
) -> list[Client]:
    """Give clients to another associate, with the open follow-ups their old owner held.

    Purchases stay with whoever sold them and the change log records each move, so the
    clients' history is kept. When the new owner was the second owner, that slot is freed.
    """
    owner = session.get(Associate, owner_id)
    if owner is None or owner.boutique_id != boutique_id:
        raise InputError(f"owner: no associate with id {owner_id}")
    if not owner.active:
        raise InputError(f"owner: {owner.initials} has left; choose an active associate")
    if not client_ids:
        raise InputError("clients: none chosen")
    moved = []
    for cid in client_ids:
        client = get_client(session, boutique_id, cid)
        before = client.owner_id
        if before == owner_id:
            continue
        client.owner_id = owner_id
        if client.second_owner_id == owner_id:
            client.second_owner_id = None
        session.add(client)
        for f in session.exec(select(FollowUp).where(
                FollowUp.client_id == cid, FollowUp.status == FollowUpStatus.OPEN.value,
                FollowUp.owner_id == before)):
            f.owner_id = owner_id
            session.add(f)
        moved.append(client)
    session.flush()
    return moved


# -- showing values: one way for the screens and the exports -------------------------------------


def format_cell(value: Any, kind: str, settings: Settings, clock: Clock, discreet: bool = False) -> str:
    """A section's value as text; in discreet mode, amounts and free text are masked."""
    if value is None or value == "":
        return "—" if kind in ("money", "percent", "score", "number") else ""
    if kind == "money":
        return mask_amount(settings.currency_symbol) if discreet else format_money(value, settings)
    if kind == "private":
        return BULLETS if discreet else " ".join(str(value).split())
    if kind == "day":
        return value.strftime("%d/%m/%Y")
    if kind == "moment":
        return clock.local(value).format("DD/MM/YYYY HH:mm")
    if kind == "percent":
        return f"{value:.0%}"
    if kind == "score":
        return f"{value:g}"
    return str(value)


def shown_name(name: str, discreet: bool) -> str:
    return mask_name(name) if discreet else name


def shown_phone(phone: str, discreet: bool) -> str:
    return format_phone_masked(phone) if discreet and phone else phone


def shown_email(email: str, discreet: bool) -> str:
    if not email or not discreet:
        return email
    return f"{BULLETS}@{email.rsplit('@', 1)[-1]}"


def shown_private(text: str, discreet: bool) -> str:
    return BULLETS if discreet and text else text


def shown_day(day: date | None, discreet: bool) -> str:
    if day is None:
        return ""
    return f"{BULLETS}/{BULLETS}" if discreet else day.strftime("%d/%m/%Y")
