"""A five-year flagship for the benchmarks: seeded, built in well under a minute.

    .venv/bin/python bench/generate.py [--out PATH] [--days 1826] [--scale 1.0] [--seed 8]

The store is created by floorcon's own `open_store` (so its schema is the migrated one), then
filled with raw `executemany` inserts on one sqlite3 connection in one transaction. Volumes
for the default five years (1,826 days) and scale 1:

    40 associates and their shifts, 1,000,000 sale lines, 60,000 clients and their consents,
    200,000 coaching notes, 100,000 follow-ups, door traffic for every opening hour,
    50,000 satisfaction scores, targets for every day (boutique and associates) and every
    month, appointments, events, focus stories, day summaries and the change log.

Every volume except the team and the clients (the client base predates the store) is
proportional to `days` (the one-month store of the same boutique is `--days 31`: same daily
life, one month of it, same clients) and all to `scale` (the quick smoke run uses a tiny
one). Each day's shifts, sales, traffic, targets and coaching notes come from a random source
of that day's own, and the clients from one of their own: the one-month store's days are the
five-year store's last month, row for row, so the panes' growth comparison reads the same
day's data from a small store and a large one. Everything is relative to `--today` (default:
today in the boutique's zone), so the dashboard has a current day to show.

To add a table (a later issue's), write one `table_<name>(world)` function returning the
table name and its rows as dicts, and list it in TABLES: nothing else changes.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from floorcon.config import Settings, parse_settings  # noqa: E402
from floorcon.db import open_store  # noqa: E402

NAME, CODE, ZONE = "Maison Flagship", "BENCH-FLAG", "Europe/Paris"
FIVE_YEARS = 1826
# Bumped whenever a change draws other rows: bench/run.py keeps its stores under this name.
GENERATION = 3
# Per-day rates at scale 1, so that five years give the volumes.
SALE_LINES, CLIENTS, NOTES, FOLLOWUPS, SCORES = 1_000_000, 60_000, 200_000, 100_000, 50_000
ASSOCIATES = 40
# The days a store of any span draws as every other store does (the one-month store's are the
# five-year store's last month): the older ones make the five-year volumes exact.
SHARED_DAYS = 62
CATEGORIES = ("jewelry", "watches", "high jewelry", "bridal", "leather goods", "accessories")
CATEGORY_WEIGHTS = (40, 25, 2, 10, 12, 11)
PRICES = {"jewelry": (900, 25_000), "watches": (3_500, 60_000), "high jewelry": (40_000, 400_000),
          "bridal": (1_200, 12_000), "leather goods": (600, 6_000), "accessories": (150, 1_500)}
MOMENTS = ("welcome", "discovery", "storytelling", "objection", "closing", "after-sales", "clienteling")
NOTE_KINDS = ("recognition", "development", "observation")
NOTE_TEXTS = (
    "Warm welcome within a minute, eye contact first even when busy",
    "Discovery questions before showing pieces: ask about the occasion",
    "Told the story of the collection with the workshop details",
    "Handled the price objection with the craftsmanship, not a discount",
    "Closed with a clear proposal and the after-sales promise",
    "Client file completed with sizes and preferences after the visit",
    "Followed up the VIC appointment with a handwritten card",
)
FOLLOWUP_KINDS = ("thank-you", "after-sales", "hj-next-step", "birthday", "event-invitation",
                  "satisfaction-recovery")
SEGMENTS = ("VIC", "HJ", "regular", "prospect")
SEGMENT_WEIGHTS = (15, 3, 65, 17)
FIRST = ("Camille", "Louise", "Hugo", "Jules", "Emma", "Léa", "Arthur", "Chloé", "Inès", "Gabriel",
         "Mathilde", "Paul", "Sofia", "Yuki", "Anna", "Omar", "Elena", "Victor", "Nadia", "Marc")
LAST = ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Roux", "Fournier", "Girard",
        "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Chevalier",
        "Tanaka", "Rossi", "Kowalski")
MEASURES = ("CER", "FTR", "CARE")
PREFERENCES = ("yellow gold, no diamonds", "vintage watches", "pearls", "white gold and sapphires",
               "discreet pieces for daily wear")
# Later issues' volumes for five years at scale 1 (a flagship's, to the same proportions).
CONTACTS, HJ_OPPORTUNITIES, CLIENTELING_PLANS, PLAN_CLIENTS, GUESTS = 250_000, 3_000, 240, 150, 40
CHANNELS = ("email", "phone", "sms", "visit")
HJ_STAGES = ("interest", "design", "proposal", "order", "delivered", "lost")
OPEN_AT = clock_time(10, 30)
OPENING_SECONDS = (19 * 60 - (10 * 60 + 30)) * 60
# Weighted draws as plain lists: rng.choice on them is several times cheaper than rng.choices.
CATEGORY_DRAW = [c for c, weight in zip(CATEGORIES, CATEGORY_WEIGHTS, strict=True) for _ in range(weight)]


def bench_settings(path: Path) -> Settings:
    """The benchmark boutique's settings (Paris, EUR, Mon-Sat 10:30-19:00)."""
    raw = {"boutique": {"name": NAME, "code": CODE, "timezone": ZONE, "manager_initials": "SM"}}
    return replace(parse_settings(raw), store_path=path)


def stamp(moment: datetime) -> str:
    """How SQLAlchemy stores a datetime in SQLite: naive UTC with microseconds."""
    return moment.replace(tzinfo=None).isoformat(" ", "microseconds")


@dataclass
class World:
    """What the tables share: the days, the team, the clients, a seeded random source."""

    boutique_id: int
    today: date
    days: int
    scale: float
    rng: random.Random
    seed: int  # the days' and the clients' own sources derive from it
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(ZONE))
    associate_ids: list[int] = field(default_factory=list)
    client_ids: list[int] = field(default_factory=list)
    vic_ids: list[int] = field(default_factory=list)
    shifts: dict[date, list[int]] = field(default_factory=dict)
    ids: dict[str, list[int]] = field(default_factory=dict)  # of the tables in REFERRED
    held_one_to_ones: list[tuple[int, int, date]] = field(default_factory=list)  # id, associate, day
    written: dict[str, int] = field(default_factory=dict)  # rows per table so far
    channels: dict[int, list[str]] = field(default_factory=dict)  # granted, per client (Client.channels)
    _opens: dict[date, datetime] = field(default_factory=dict)

    def count(self, five_year_total: int, minimum: int = 1) -> int:
        """A five-year volume, brought to this store's days and scale."""
        return max(minimum, round(five_year_total * self.days / FIVE_YEARS * self.scale))

    def per_opening_day(self, five_year_total: int) -> float:
        """A five-year volume's rate per opening day, at this scale: the same in a store of any span."""
        return five_year_total * self.scale / (FIVE_YEARS * 6 / 7)

    def daily(self, table: str, five_year_total: int, spread: float) -> list[tuple[date, random.Random, int]]:
        """Each opening day, its own random source and how many rows it holds: drawn first from
        that source, around the rate (± `spread`). The days older than the last two months then
        share out what the draws missed (evenly, the oldest taking what does not divide), so
        that the store holds the volume brought to its span exactly (the issue's 1,000,000 sale
        lines and 200,000 coaching notes in five years), while the recent days stay as a store
        of any span draws them."""
        rate = self.per_opening_day(five_year_total)
        days = []
        for day in self.opening_days():
            rng = self.day_rng(table, day)
            days.append([day, rng, round(rate * rng.uniform(1 - spread, 1 + spread))])
        old = [entry for entry in days if (self.today - entry[0]).days > SHARED_DAYS]
        if old:
            share, rest = divmod(self.count(five_year_total, 0) - sum(entry[2] for entry in days), len(old))
            for i, entry in enumerate(old):
                entry[2] = max(0, entry[2] + share + (1 if i < rest else 0))
        return [(day, rng, count) for day, rng, count in days]

    def day_rng(self, table: str, day: date) -> random.Random:
        """One table's random source for one day. A day draws the same rows in a store of any
        span: the one-month store's days are the five-year store's last month, so the panes
        compare the same day's data, read from a small store and a large one."""
        return random.Random(f"{self.seed}/{table}/{day.isoformat()}")

    @property
    def first(self) -> date:
        return self.today - timedelta(days=self.days - 1)

    def all_days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]

    def opening_days(self) -> list[date]:
        return [d for d in self.all_days() if d.weekday() < 6]

    def at(self, day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
        """A local wall-clock moment of `day`, in UTC."""
        return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=self.zone).astimezone(UTC)

    def during_opening(self, day: date, rng: random.Random | None = None) -> datetime:
        """A random second of the day's opening hours (10:30-19:00), in UTC."""
        opens = self._opens.get(day)
        if opens is None:
            opens = self._opens[day] = self.at(day, OPEN_AT.hour, OPEN_AT.minute)
        return opens + timedelta(seconds=(rng or self.rng).randrange(OPENING_SECONDS))

    def past_opening_day(self) -> date:
        """A random opening day of the store's span (today included)."""
        while True:
            day = self.first + timedelta(days=self.rng.randrange(self.days))
            if day.weekday() < 6:
                return day


Rows = Iterable[dict[str, object]]


def table_associate(w: World) -> tuple[str, Rows]:
    roles = ["Boutique Director", "Assistant Manager"] + ["Senior Sales Associate"] * 8
    rows = []
    for i in range(ASSOCIATES):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        rows.append({"boutique_id": w.boutique_id, "initials": f"{first[0]}{last[0]}{i:02d}",
                     "first_name": first, "last_name": last,
                     "role": roles[i] if i < len(roles) else "Sales Associate",
                     "specialties": ", ".join(w.rng.sample(CATEGORIES, 2)), "languages": "fr, en",
                     "start_date": (w.first - timedelta(days=w.rng.randrange(30, 3000))).isoformat(),
                     "active": 1 if i < ASSOCIATES - 2 else 0})
    return "associate", rows


def table_shift(w: World) -> tuple[str, Rows]:
    """Five days a week each, on the opening days: about five in six of the team every day."""
    def rows() -> Iterator[dict[str, object]]:
        active = w.associate_ids[: ASSOCIATES - 2]
        for day in w.opening_days():
            rng = w.day_rng("shift", day)
            on = [a for a in active if rng.random() < 5 / 6]
            w.shifts[day] = on
            for a in on:
                yield {"boutique_id": w.boutique_id, "associate_id": a,
                       "starts_at": stamp(w.at(day, 10, 0)), "ends_at": stamp(w.at(day, 19, 0))}
    return "shift", rows()


def table_client(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        # The client base predates the store (the CRM's import): as large in a one-month store,
        # and the same clients (their own random source), whatever the store's span.
        rng = random.Random(f"{w.seed}/client")
        for i in range(max(50, round(CLIENTS * w.scale))):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            created = w.at(w.past_opening_day(), 15)
            yield {"boutique_id": w.boutique_id, "number": f"C{100000 + i}", "title": "",
                   "first_name": first, "last_name": last,
                   "segment": rng.choices(SEGMENTS, SEGMENT_WEIGHTS)[0],
                   "owner_id": rng.choice(w.associate_ids), "phone": f"+33 6 {i % 100:02d} 00 00 00",
                   "email": f"{first.lower()}.{i}@example.net", "language": "fr",
                   "birthday": date(1950 + i % 50, 1 + i % 12, 1 + i % 28).isoformat(),
                   "anniversary": None if i % 5 else date(1990 + i % 30, 1 + i % 12, 1 + i % 28).isoformat(),
                   "second_owner_id": rng.choice(w.associate_ids) if i % 4 == 0 else None,
                   "preferences": rng.choice(PREFERENCES) if i % 3 == 0 else "",
                   "sizes": "ring 52, wrist 16 cm" if i % 6 == 0 else "", "notes": "",
                   "profile_updated_at": stamp(created) if i % 3 == 0 else None,
                   "created_at": stamp(created)}
    return "client", rows()


def table_clientconsent(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        for client in w.client_ids:
            for channel in ("email", "phone"):  # one decision each, so it is the one in force
                granted = w.rng.random() < 0.8
                if granted:
                    w.channels.setdefault(client, []).append(channel)
                yield {"boutique_id": w.boutique_id, "client_id": client, "channel": channel,
                       "granted": int(granted), "recorded_at": stamp(w.at(w.past_opening_day(), 12)),
                       "source": "in boutique", "recorded_by": "SM"}
    return "clientconsent", rows()


def table_sale(w: World) -> tuple[str, Rows]:
    """Receipts of one to three lines, a third with a client, 3 % returns."""
    def rows() -> Iterator[dict[str, object]]:
        for day, rng, lines in w.daily("sale", SALE_LINES, 0.2):
            people = w.shifts.get(day) or w.associate_ids[:1]
            receipt = 0
            while lines > 0:
                receipt += 1
                sold = stamp(w.during_opening(day, rng))
                seller = rng.choice(people)
                client = rng.choice(w.client_ids) if rng.random() < 0.35 else None
                sign = -1 if rng.random() < 0.03 else 1
                for line in range(1, min(lines, rng.choice((1, 1, 2, 2, 3))) + 1):
                    category = rng.choice(CATEGORY_DRAW)
                    low, high = PRICES[category]
                    lines -= 1
                    yield {"boutique_id": w.boutique_id, "receipt": f"R{day:%y%m%d}{receipt:04d}",
                           "line": line, "sold_at": sold, "associate_id": seller, "client_id": client,
                           "amount": sign * (low + int(rng.random() * (high - low))) * 100, "units": sign,
                           "category": category, "source": "pos"}
    return "sale", rows()


def table_traffic(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        for day in w.opening_days():
            rng = w.day_rng("traffic", day)
            for hour in range(10, 19):
                yield {"boutique_id": w.boutique_id, "hour_start": stamp(w.at(day, hour)),
                       "visitors": rng.randint(15, 70)}
    return "traffic", rows()


def table_target(w: World) -> tuple[str, Rows]:
    """Every day: the boutique's target and each associate on the floor's; every month's."""
    def rows() -> Iterator[dict[str, object]]:
        months: set[date] = set()
        for day in w.all_days():
            months.add(day.replace(day=1))
            if day.weekday() == 6:
                continue
            total = w.day_rng("target", day).randint(120_000, 260_000) * 100
            yield {"boutique_id": w.boutique_id, "associate_id": None, "metric": "net_sales",
                   "period": "day", "start": day.isoformat(), "value": total}
            people = w.shifts.get(day, [])
            for a in people:
                yield {"boutique_id": w.boutique_id, "associate_id": a, "metric": "net_sales",
                       "period": "day", "start": day.isoformat(), "value": total // len(people)}
        for month in sorted(months):
            yield {"boutique_id": w.boutique_id, "associate_id": None, "metric": "net_sales",
                   "period": "month", "start": month.isoformat(), "value": 5_000_000 * 100}
    return "target", rows()


def table_coachingnote(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        for day, rng, notes in w.daily("coachingnote", NOTES, 0.3):
            people = w.shifts.get(day) or w.associate_ids[:1]
            for _ in range(notes):
                yield {"boutique_id": w.boutique_id, "associate_id": rng.choice(people),
                       "noted_at": stamp(w.during_opening(day, rng)), "moment": rng.choice(MOMENTS),
                       "kind": rng.choice(NOTE_KINDS), "text": rng.choice(NOTE_TEXTS),
                       "client_id": rng.choice(w.client_ids) if rng.random() < 0.2 else None,
                       "standard": "", "next_action": "", "author": "SM"}
    return "coachingnote", rows()


def table_followup(w: World) -> tuple[str, Rows]:
    """Created over the years, due a few days to a month later; done once due, except the last
    weeks' (open: the queue the dashboard shows) and a few cancelled."""
    def rows() -> Iterator[dict[str, object]]:
        for _ in range(w.count(FOLLOWUPS, 20)):
            created = w.past_opening_day()
            due = created + timedelta(days=w.rng.randint(1, 30))
            recent = (w.today - due).days < 7
            status = "open" if recent else ("cancelled" if w.rng.random() < 0.02 else "done")
            vic = w.rng.random() < 0.4 and w.vic_ids
            client = w.rng.choice(w.vic_ids if vic else w.client_ids)
            yield {"boutique_id": w.boutique_id, "client_id": client,
                   "owner_id": w.rng.choice(w.associate_ids[: ASSOCIATES - 2]),
                   "kind": w.rng.choice(FOLLOWUP_KINDS), "action": "Call to propose a private viewing",
                   "due": due.isoformat(), "status": status,
                   "outcome": "" if status == "open" else "Reached, visit booked",
                   "cancel_reason": "Client moved abroad" if status == "cancelled" else "",
                   "created_at": stamp(w.at(created, 16)),
                   "done_at": stamp(w.at(due, 12)) if status == "done" else None,
                   "cancelled_at": stamp(w.at(due, 12)) if status == "cancelled" else None}
    return "followup", rows()


def table_satisfactionscore(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        for i in range(w.count(SCORES, 10)):
            yield {"boutique_id": w.boutique_id, "response_id": f"SV{i:07d}",
                   "measure": w.rng.choice(MEASURES), "score": float(w.rng.choice((6, 8, 9, 9, 10, 10))),
                   "received_at": stamp(w.during_opening(w.past_opening_day())),
                   "associate_id": w.rng.choice(w.associate_ids),
                   "client_id": w.rng.choice(w.client_ids), "comment": "Perfect advice."}
    return "satisfactionscore", rows()


def table_appointment(w: World) -> tuple[str, Rows]:
    """About twelve a day, the last weeks' still booked, up to two weeks ahead."""
    def rows() -> Iterator[dict[str, object]]:
        for day in w.opening_days() + [w.today + timedelta(days=i) for i in range(1, 15)]:
            for _ in range(max(1, round(12 * w.scale))):
                yield {"boutique_id": w.boutique_id, "client_id": w.rng.choice(w.client_ids),
                       "associate_id": w.rng.choice(w.associate_ids[: ASSOCIATES - 2]),
                       "starts_at": stamp(w.at(day, w.rng.randint(11, 18))), "purpose": "Private viewing",
                       "status": "booked" if day >= w.today else w.rng.choice(("done", "done", "no-show"))}
    return "appointment", rows()


def table_event(w: World) -> tuple[str, Rows]:
    days = [*w.all_days()[::14], w.today + timedelta(days=10)]
    return "event", ({"boutique_id": w.boutique_id, "title": "Private viewing",
                      "starts_at": stamp(w.at(d, 18)), "place": "Salon", "theme": "The new collection",
                      "partners": "Champagne house" if i % 3 == 0 else ""} for i, d in enumerate(days))


def table_focusstory(w: World) -> tuple[str, Rows]:
    mondays = [d for d in w.all_days() if d.weekday() == 0] or [w.today - timedelta(days=w.today.weekday())]
    return "focusstory", ({"boutique_id": w.boutique_id, "week_start": d.isoformat(),
                           "title": "The new collection", "text": "One story, told by everyone."}
                          for d in mondays)


def table_daysummary(w: World) -> tuple[str, Rows]:
    return "daysummary", ({"boutique_id": w.boutique_id, "day": d.isoformat(),
                           "text": "A calm morning, a strong afternoon.",
                           "updated_at": stamp(w.at(d, 18, 15)),
                           "author": "SM"} for d in w.opening_days() if d < w.today)


def table_onetoone(w: World) -> tuple[str, Rows]:
    """Every active associate about every four weeks (held), and the next one booked."""
    def rows() -> Iterator[dict[str, object]]:
        for n, associate in enumerate(w.associate_ids[: ASSOCIATES - 2]):
            day = w.first + timedelta(days=n % 28)
            while day <= w.today + timedelta(days=14):
                held = day < w.today
                yield {"boutique_id": w.boutique_id, "associate_id": associate,
                       "scheduled_at": stamp(w.at(day, 9, 30)),
                       "held_at": stamp(w.at(day, 10)) if held else None,
                       "shared_notes": "Strong month on watches; work on the closing." if held else "",
                       "private_notes": "Wants to move to High Jewelry." if held and n % 5 == 0 else ""}
                day += timedelta(days=w.rng.randint(24, 32))
    return "onetoone", rows()


def table_action(w: World) -> tuple[str, Rows]:
    """One or two actions agreed in each held one-to-one; done within the month, except the
    last weeks' (open, a few late)."""
    def rows() -> Iterator[dict[str, object]]:
        for one_id, associate, held in w.held_one_to_ones:
            for _ in range(w.rng.randint(1, 2)):
                due = held + timedelta(days=w.rng.randint(7, 28))
                done = due < w.today - timedelta(days=3) or w.rng.random() < 0.3
                yield {"boutique_id": w.boutique_id, "associate_id": associate, "one_to_one_id": one_id,
                       "text": "Call three VIC clients about the new collection", "due": due.isoformat(),
                       "created_at": stamp(w.at(held, 10, 30)),
                       "done_at": stamp(w.at(min(due, w.today), 17)) if done else None}
    return "action", rows()


def table_review(w: World) -> tuple[str, Rows]:
    """Twice a year for each active associate."""
    def rows() -> Iterator[dict[str, object]]:
        halves = [(y, h) for y in range(w.first.year, w.today.year + 1) for h in (1, 2)
                  if w.first <= date(y, 6 * h, 28) <= w.today]
        for associate in w.associate_ids[: ASSOCIATES - 2]:
            for year, half in halves:
                overall = w.rng.randint(2, 5)
                yield {"boutique_id": w.boutique_id, "associate_id": associate, "period": f"{year} H{half}",
                       "reviewed_on": date(year, 6 * half, 28).isoformat(),
                       "ratings": '{"client experience": 4, "product knowledge": 3}', "overall": overall,
                       "performance": w.rng.choice(("low", "medium", "high")),
                       "potential": w.rng.choice(("low", "medium", "high")), "comment": "A good half."}
    return "review", rows()


def table_developmentplan(w: World) -> tuple[str, Rows]:
    """An IDP a year for each active associate; a PMP now and then."""
    def rows() -> Iterator[dict[str, object]]:
        for n, associate in enumerate(w.associate_ids[: ASSOCIATES - 2]):
            for start in range(0, w.days, 365):
                started = w.first + timedelta(days=start + n % 60)
                if started > w.today:
                    continue
                pmp = w.rng.random() < 0.08
                ends = started + timedelta(days=90 if pmp else 300)
                closed = ends < w.today
                yield {"boutique_id": w.boutique_id, "associate_id": associate,
                       "kind": "pmp" if pmp else "idp",
                       "title": "Back to the boutique's standard" if pmp else "Towards High Jewelry",
                       "started_on": started.isoformat(), "ends_on": ends.isoformat(),
                       "status": "closed" if closed else "open",
                       "outcome": ("back-on-standard" if pmp else "completed") if closed else "",
                       "closed_on": ends.isoformat() if closed else None}
    return "developmentplan", rows()


def table_plangoal(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        for plan in w.ids["developmentplan"]:
            for k in range(3):
                yield {"boutique_id": w.boutique_id, "plan_id": plan, "text": "Lead two HJ presentations",
                       "measure": "presentations led",
                       "due": (w.today + timedelta(days=30 * k - 60)).isoformat(),
                       "status": w.rng.choice(("open", "met", "met", "missed"))}
    return "plangoal", rows()


def table_plancheckin(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        for plan in w.ids["developmentplan"]:
            for k in range(4):
                day = w.today - timedelta(days=20 * k)
                yield {"boutique_id": w.boutique_id, "plan_id": plan, "due": day.isoformat(),
                       "noted_at": stamp(w.at(day, 11)) if k else None, "note": "On track." if k else ""}
    return "plancheckin", rows()


def table_successioncandidate(w: World) -> tuple[str, Rows]:
    roles = ("Assistant Manager", "High Jewelry Specialist", "Watch Specialist")
    return "successioncandidate", (
        {"boutique_id": w.boutique_id, "role": role, "associate_id": associate,
         "readiness": w.rng.choice(("ready-now", "1-2-years", "3-plus-years")),
         "flight_risk": w.rng.choice(("low", "medium", "high")), "note": ""}
        for role in roles for associate in w.rng.sample(w.associate_ids[2: ASSOCIATES - 2], 4))


def table_clientcontact(w: World) -> tuple[str, Rows]:
    """Calls, messages and visits over the years: the portfolios' 'last contact'."""
    def rows() -> Iterator[dict[str, object]]:
        for _ in range(w.count(CONTACTS, 20)):
            yield {"boutique_id": w.boutique_id, "client_id": w.rng.choice(w.client_ids),
                   "associate_id": w.rng.choice(w.associate_ids), "channel": w.rng.choice(CHANNELS),
                   "contacted_at": stamp(w.during_opening(w.past_opening_day())), "note": ""}
    return "clientcontact", rows()


def table_hjopportunity(w: World) -> tuple[str, Rows]:
    """High Jewelry opportunities: the old ones delivered or lost, the last year's in the pipeline."""
    def rows() -> Iterator[dict[str, object]]:
        clients = w.vic_ids or w.client_ids
        for _ in range(w.count(HJ_OPPORTUNITIES, 5)):
            created = w.past_opening_day()
            recent = (w.today - created).days < 365
            stage = w.rng.choice(HJ_STAGES[:4] if recent else HJ_STAGES[4:])
            yield {"boutique_id": w.boutique_id, "client_id": w.rng.choice(clients),
                   "owner_id": w.rng.choice(w.associate_ids[: ASSOCIATES - 2]), "stage": stage,
                   "estimate": w.rng.randint(40_000, 900_000) * 100, "piece": "Sapphire necklace",
                   "next_step": "Present the gouaches" if recent else "",
                   "next_step_due": ((w.today + timedelta(days=w.rng.randint(-5, 30))).isoformat()
                                     if recent else None),
                   "followup_id": None, "created_at": stamp(w.at(created, 15)),
                   "updated_at": stamp(w.at(min(created + timedelta(days=40), w.today), 15))}
    return "hjopportunity", rows()


def table_clientelingplan(w: World) -> tuple[str, Rows]:
    """About one outreach campaign a week, each three weeks long."""
    def rows() -> Iterator[dict[str, object]]:
        count = w.count(CLIENTELING_PLANS, 2)
        for k in range(count):
            starts = w.first + timedelta(days=k * w.days // count)
            yield {"boutique_id": w.boutique_id, "name": f"Campaign {k + 1}", "starts": starts.isoformat(),
                   "ends": (starts + timedelta(days=21)).isoformat(), "attribution_days": 30,
                   "segments": "VIC", "owned": "", "not_owned": "", "bought_after": None,
                   "bought_before": None, "owner_id": None, "created_at": stamp(w.at(starts, 9)),
                   "created_by": "SM"}
    return "clientelingplan", rows()


def table_clientelingaction(w: World) -> tuple[str, Rows]:
    def rows() -> Iterator[dict[str, object]]:
        clients = w.vic_ids or w.client_ids
        for plan in w.ids["clientelingplan"]:
            for client in w.rng.sample(clients, min(len(clients), max(2, round(PLAN_CLIENTS * w.scale)))):
                done = w.rng.random() < 0.7
                yield {"boutique_id": w.boutique_id, "plan_id": plan, "client_id": client,
                       "associate_id": w.rng.choice(w.associate_ids[: ASSOCIATES - 2]),
                       "channels": "email,phone",
                       "status": "done" if done else "to do", "channel": "phone" if done else "",
                       "outcome": "Will come for the launch" if done else "",
                       "done_at": stamp(w.during_opening(w.past_opening_day())) if done else None}
    return "clientelingaction", rows()


def table_invitation(w: World) -> tuple[str, Rows]:
    """Forty guests an event, most of them attended."""
    def rows() -> Iterator[dict[str, object]]:
        for event in w.ids["event"]:
            for client in w.rng.sample(w.client_ids, min(len(w.client_ids), GUESTS)):
                yield {"boutique_id": w.boutique_id, "event_id": event, "client_id": client,
                       "associate_id": w.rng.choice(w.associate_ids),
                       "status": w.rng.choice(("invited", "confirmed", "attended", "attended", "no-show")),
                       "updated_at": stamp(w.at(w.past_opening_day(), 12))}
    return "invitation", rows()


def table_communityaction(w: World) -> tuple[str, Rows]:
    return "communityaction", (
        {"boutique_id": w.boutique_id, "day": d.isoformat(), "partner": "The city's museum",
         "what": "Lent pieces for the exhibition", "outcome": "Twelve new prospects",
         "created_at": stamp(w.at(d, 17))} for d in w.all_days()[::15])


def table_changelog(w: World) -> tuple[str, Rows]:
    """What the app wrote by hand over the years: one entry per note and follow-up created."""
    def rows() -> Iterator[dict[str, object]]:
        for table in ("coachingnote", "followup"):
            for row_id in range(1, w.written.get(table, 0) + 1):
                yield {"boutique_id": w.boutique_id, "changed_at": stamp(w.at(w.past_opening_day(), 17)),
                       "actor": "SM", "table_name": table, "row_id": row_id, "action": "create",
                       "fields": "associate_id,noted_at,moment,kind,text"}
    return "changelog", rows()


# In dependency order: a table's rows may use the ids of those before it.
TABLES: tuple[Callable[[World], tuple[str, Rows]], ...] = (
    table_associate, table_shift, table_client, table_clientconsent, table_sale, table_traffic,
    table_target, table_coachingnote, table_followup, table_satisfactionscore, table_appointment,
    table_event, table_focusstory, table_daysummary, table_onetoone, table_action, table_review,
    table_developmentplan, table_plangoal, table_plancheckin, table_successioncandidate,
    table_clientcontact, table_hjopportunity, table_clientelingplan, table_clientelingaction,
    table_invitation, table_communityaction, table_changelog,
)
# Tables whose ids later tables use (small ones: their ids are read back after the insert).
REFERRED = ("event", "developmentplan", "clientelingplan")


def insert(conn: sqlite3.Connection, table: str, rows: Rows) -> int:
    """executemany in batches; the columns are the first row's keys. The table's indexes are
    dropped first and built again after: a sorted build is several times cheaper than a million
    random B-tree inserts."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return 0
    indexes = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,))]
    for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,)).fetchall():
        conn.execute(f'DROP INDEX "{name}"')
    columns = list(first)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    count, batch = 0, [tuple(first.values())]
    for row in iterator:
        batch.append(tuple(row.values()))
        if len(batch) >= 20_000:
            conn.executemany(sql, batch)
            count += len(batch)
            batch = []
    conn.executemany(sql, batch)
    for create in indexes:
        conn.execute(create)
    return count + len(batch)


def generate(path: Path, days: int = FIVE_YEARS, scale: float = 1.0, seed: int = 8,
             today: date | None = None, quiet: bool = False) -> dict[str, int]:
    """Build the store at `path` (which must not exist); returns rows written per table."""
    if path.exists():
        raise FileExistsError(f"{path} exists; name a new file")
    settings = bench_settings(path)
    store = open_store(settings)
    boutique_id = store.boutique_id
    store.dispose()
    today = today or datetime.now(ZoneInfo(ZONE)).date()
    world = World(boutique_id, today, days, scale, random.Random(seed), seed)
    conn = sqlite3.connect(path, isolation_level=None)
    counts: dict[str, int] = {}
    try:
        # No journal while building: a build that fails is thrown away whole, and writing every
        # page twice (the WAL, then the checkpoint) doubles the generator's time. WAL again after.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -262144")  # 256 MB while building, this connection only
        conn.execute("BEGIN")
        for make in TABLES:
            began = time.perf_counter()
            table, rows = make(world)
            counts[table] = world.written[table] = insert(conn, table, rows)
            if table == "associate":
                world.associate_ids = [r[0] for r in conn.execute("SELECT id FROM associate ORDER BY id")]
            elif table == "client":
                world.client_ids = [r[0] for r in conn.execute("SELECT id FROM client ORDER BY id")]
                world.vic_ids = [r[0] for r in conn.execute(
                    "SELECT id FROM client WHERE segment IN ('VIC', 'HJ') ORDER BY id")]
            elif table == "clientconsent":  # as privacy.refresh_channels writes them
                conn.executemany("UPDATE client SET channels = ? WHERE id = ?",
                                 ((",".join(found), client) for client, found in world.channels.items()))
            elif table == "onetoone":
                held = conn.execute(
                    "SELECT id, associate_id, held_at FROM onetoone WHERE held_at IS NOT NULL ORDER BY id")
                world.held_one_to_ones = [(i, a, date.fromisoformat(at[:10])) for i, a, at in held]
            elif table in REFERRED:
                world.ids[table] = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
            if not quiet:
                print(f"  {table:<18} {counts[table]:>10,} rows  {time.perf_counter() - began:5.1f} s",
                      flush=True)
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/floorcon-flagship.db"),
                        help="the new store file (default: /tmp/floorcon-flagship.db)")
    parser.add_argument("--days", type=int, default=FIVE_YEARS,
                        help="days of history up to today (default: five years; 31 for the one-month store)")
    parser.add_argument("--scale", type=float, default=1.0, help="volume factor (default: 1)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--today", type=date.fromisoformat, help="the store's today (default: today)")
    args = parser.parse_args(argv)
    if args.days < 1 or args.scale <= 0:
        parser.error("--days must be at least 1 and --scale positive")
    began = time.perf_counter()
    try:
        counts = generate(args.out.expanduser().absolute(), args.days, args.scale, args.seed, args.today)
    except FileExistsError as exc:
        parser.error(str(exc))
    print(f"{args.out}: {sum(counts.values()):,} rows in {time.perf_counter() - began:.1f} s, "
          f"{args.out.stat().st_size / 1e6:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
