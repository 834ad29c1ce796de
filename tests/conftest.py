"""Shared fixtures: a small boutique whose figures are computed by hand in test_kpi.py.

The store is a SQLite file, or with `--store=postgres` (or FLOORCON_TEST_DATABASE_URL set) a
PostgreSQL database: every store path a test names gets its own schema there, dropped after the
test. Tests of SQLite-file behaviour carry `@pytest.mark.sqlite_only("why")`.

Wednesday 25 November 2026, 15:00 in Paris. Opening hours 10:30-19:00 (Sunday closed).
On the floor today: Sophie Martin (SOP, 10:30-19:00), Louis Durand (LD, 10:30-15:00),
Aiko Kimura (AK, 13:00-19:00). Marc Bernard (MB) is off today.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from floorcon.clock import Clock
from floorcon.config import Settings, mask_url, parse_database_url, parse_settings
from floorcon.db import Store, open_store
from floorcon.models import (
    Associate,
    Client,
    CoachingNote,
    FollowUp,
    Sale,
    Shift,
    Target,
    Traffic,
    load_all,
)
from floorcon.services import people, talent

NOW = "2026-11-25T15:00:00+01:00"
TODAY = date(2026, 11, 25)

CONFIG = {
    "boutique": {
        "name": "Maison Test",
        "code": "TST",
        "timezone": "Europe/Paris",
        "currency": "EUR",
        "manager_initials": "SM",
    },
    "hours": {
        "monday": "10:30-19:00",
        "tuesday": "10:30-19:00",
        "wednesday": "10:30-19:00",
        "thursday": "10:30-19:00",
        "friday": "10:30-19:00",
        "saturday": "10:30-19:00",
        "sunday": "closed",
    },
    # No thank-you rule in the small boutique, so the dashboard's figures stay those computed by
    # hand; tests/test_clients.py sets the rules it proves.
    "followups": {"thank_you_above": 0},
}


TEST_URL_ENV = "FLOORCON_TEST_DATABASE_URL"


class Server:
    """The PostgreSQL database the suite runs on: one schema per store a test names."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = parse_database_url(url, TEST_URL_ENV)
        self.admin = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                                     autocommit=True, application_name="floorcon-tests")
        self.schemas: dict[Path, str] = {}
        self._names = itertools.count(1)
        self._head_sql = ""
        self.migrated: dict[str, bool] = {}  # schema -> made at head (reusable once emptied)
        self.free: list[str] = []  # emptied schemas at head, for the next tests

    def head_sql(self) -> str:
        """The migrations to head as one SQL script (Alembic's offline mode), made once: a new
        schema gets it in one round trip instead of a migration run per test. The migrations
        themselves run on the server in test_migrations.py."""
        if not self._head_sql:
            import io

            from alembic import command

            from floorcon.db import alembic_config

            cfg = alembic_config()
            cfg.output_buffer = io.StringIO()
            cfg.set_main_option("sqlalchemy.url", "postgresql+psycopg://offline/floorcon")
            command.upgrade(cfg, "head", sql=True)
            self._head_sql = cfg.output_buffer.getvalue()
        return self._head_sql

    def url_for(self, path: Path, migrated: bool = True) -> str:
        """The URL of the store standing for `path` (the same path, the same store); a new one
        is at the schema head, or empty (`migrated` False) as a new database is."""
        from sqlalchemy import make_url

        key = Path(path).absolute()
        if key not in self.schemas:
            if migrated and self.free:
                name = self.free.pop()
            else:
                name = f"t{os.getpid()}_{next(self._names)}"
                self.admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
                self.admin.execute(f"CREATE SCHEMA {name}")
                if migrated:
                    self.admin.execute(f"SET search_path TO {name}; {self.head_sql()}; RESET search_path")
            self.schemas[key] = name
            self.migrated[name] = migrated
        name = self.schemas[key]
        # Named after its schema, so the test's leftover connections can be ended, and no others.
        url = make_url(self.url).update_query_dict({"options": f"-csearch_path={name}",
                                                    "application_name": f"floorcon-{name}"})
        return url.render_as_string(hide_password=False)

    @staticmethod
    def _emptying(schema: str) -> str:
        """DELETE every row, children first, and restart the ids: quicker than TRUNCATE on the
        few rows a test writes."""
        tables = load_all().sorted_tables
        return "; ".join([*(f"DELETE FROM {schema}.{t.name}" for t in reversed(tables)),
                          *(f"ALTER SEQUENCE {schema}.{t.name}_id_seq RESTART" for t in tables)])

    def drop_all(self) -> None:
        """End the connections this test left open; empty its schemas still at head for the
        next tests (ids start again at 1, as in a new file), drop the others."""
        from floorcon.db import known_revisions

        if not self.schemas:
            return
        self.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND application_name = ANY(%s)",
                           ([f"floorcon-{name}" for name in self.schemas.values()],))
        tables = set(load_all().tables)
        for name in self.schemas.values():
            found = {r[0] for r in self.admin.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (name,))}
            head = None
            if found == tables | {"alembic_version"}:
                head = self.admin.execute(f"SELECT max(version_num) FROM {name}.alembic_version").fetchone()
            if self.migrated.pop(name) and head is not None and head[0] == known_revisions()[1]:
                self.admin.execute(self._emptying(name))
                self.free.append(name)
            else:
                self.admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        self.schemas.clear()


SERVER: Server | None = None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--store", choices=("sqlite", "postgres"), default=None,
                     help=f"the store the suite runs on (default: sqlite, or postgres when {TEST_URL_ENV} "
                          "is set); postgres uses the database at $" + TEST_URL_ENV)


def pytest_configure(config: pytest.Config) -> None:
    global SERVER
    config.addinivalue_line("markers", "sqlite_only(reason): tests SQLite-file behaviour; skipped on "
                                       "PostgreSQL with the reason")
    config.addinivalue_line("markers", "postgres_only(reason): needs the server; runs with --store=postgres")
    url = os.environ.get(TEST_URL_ENV, "").strip()
    choice = config.getoption("--store") or ("postgres" if url else "sqlite")
    if choice == "postgres":
        if not url:
            raise pytest.UsageError(f"--store=postgres needs {TEST_URL_ENV} (a PostgreSQL URL)")
        SERVER = Server(url)


def pytest_report_header(config: pytest.Config) -> str:
    return f"store: PostgreSQL {mask_url(SERVER.url)}" if SERVER else "store: SQLite files"


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and SERVER is not None:
        pytest.skip(f"SQLite only: {marker.args[0] if marker.args else 'a SQLite file'}")
    marker = item.get_closest_marker("postgres_only")
    if marker is not None and SERVER is None:
        pytest.skip(f"PostgreSQL only (--store=postgres): {marker.args[0] if marker.args else 'a server'}")


@pytest.fixture(autouse=True)
def _server_schemas() -> Iterator[None]:
    yield
    if SERVER is not None:
        SERVER.drop_all()


def on_server() -> bool:
    """True when the suite runs on PostgreSQL."""
    return SERVER is not None


def store_url(path: Path, migrated: bool = True) -> str:
    """The database URL for the store `path` stands for ("" on SQLite: the file itself)."""
    return SERVER.url_for(path, migrated) if SERVER is not None else ""


def make_settings(path: Path) -> Settings:
    """The test boutique's settings on the store `path` stands for (a file, or a server schema)."""
    return replace(parse_settings(CONFIG), store_path=path, database_url=store_url(path))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data" / "floorcon.db")


@pytest.fixture
def clock(settings: Settings) -> Clock:
    return Clock(settings, fixed=NOW)


@pytest.fixture
def store(settings: Settings):
    s = open_store(settings)
    yield s
    s.dispose()


@dataclass
class Small:
    """Ids of the small boutique's rows, by the names the tests use."""

    sop: int
    ld: int
    ak: int
    mb: int
    vic1: int
    vic2: int
    hj: int
    regular: int
    overdue: int
    due_today: int
    upcoming: int
    later: int


def build_small(store: Store, clock: Clock) -> Small:
    b = store.boutique_id

    def at(day: date, hh: int, mm: int = 0):
        return clock.at(day, time(hh, mm))

    with store.write() as s:
        people = [
            Associate(boutique_id=b, initials="SOP", first_name="Sophie", last_name="Martin",
                      role="Senior Sales Associate", specialties="high jewelry, bridal"),
            Associate(boutique_id=b, initials="LD", first_name="Louis", last_name="Durand",
                      role="Watch Specialist", specialties="watches"),
            Associate(boutique_id=b, initials="AK", first_name="Aiko", last_name="Kimura",
                      role="Sales Associate", specialties="jewelry"),
            Associate(boutique_id=b, initials="MB", first_name="Marc", last_name="Bernard",
                      role="High Jewelry Specialist", specialties="high jewelry"),
        ]
        s.add_all(people)
        s.flush()
        sop, ld, ak, mb = (p.id for p in people)
        now = clock.now_utc()
        clients = [
            Client(boutique_id=b, number="C100001", title="Mme", first_name="Hélène",
                   last_name="Dubois", segment="VIC", owner_id=sop, phone="+33 6 12 34 56 78",
                   email="helene.dubois@example.com", created_at=now),
            Client(boutique_id=b, number="C100002", title="Mr", first_name="James",
                   last_name="Whitfield", segment="VIC", owner_id=ld, created_at=now),
            Client(boutique_id=b, number="C100003", title="Mme", first_name="Yuki",
                   last_name="Tanaka", segment="HJ", owner_id=mb, created_at=now),
            Client(boutique_id=b, number="C100004", title="M.", first_name="Paul",
                   last_name="Garnier", segment="regular", owner_id=ak, created_at=now),
        ]
        s.add_all(clients)
        s.flush()
        vic1, vic2, hj, regular = (c.id for c in clients)
        for aid, (h1, m1), (h2, m2) in (
            (sop, (10, 30), (19, 0)), (ld, (10, 30), (15, 0)), (ak, (13, 0), (19, 0)),
        ):
            s.add(Shift(boutique_id=b, associate_id=aid, starts_at=at(TODAY, h1, m1),
                        ends_at=at(TODAY, h2, m2)))
        s.add(Shift(boutique_id=b, associate_id=mb, starts_at=at(date(2026, 11, 24), 10, 30),
                    ends_at=at(date(2026, 11, 24), 19)))
        s.add(Target(boutique_id=b, period="day", start=TODAY, value=3_000_000))
        s.add(Target(boutique_id=b, period="month", start=date(2026, 11, 1), value=60_000_000))

        def sale(receipt, line, when, aid, amount, units, client=None, category="jewelry"):
            s.add(Sale(boutique_id=b, receipt=receipt, line=line, sold_at=when, associate_id=aid,
                       client_id=client, amount=amount, units=units, category=category))

        sale("R0003", 1, at(date(2026, 11, 3), 16), mb, 10_000_000, 1, hj, "high jewelry")
        sale("R0024", 1, at(date(2026, 11, 24), 17), sop, 200_000, 1)
        sale("R1", 1, at(TODAY, 10, 45), sop, 450_000, 1, vic1)
        sale("R1", 2, at(TODAY, 10, 45), sop, 35_000, 1, vic1, "accessories")
        sale("R2", 1, at(TODAY, 12, 10), sop, 120_000, 1)
        sale("R3", 1, at(TODAY, 11, 30), ld, 1_200_000, 1, vic2, "watches")
        sale("R4", 1, at(TODAY, 13, 0), ld, -120_000, -1, hj)
        sale("R5", 1, at(TODAY, 14, 20), ak, -80_000, -1)
        sale("R5", 2, at(TODAY, 14, 20), ak, 95_000, 1)
        for hour, count in ((10, 12), (11, 18), (12, 25), (13, 20), (14, 15)):
            s.add(Traffic(boutique_id=b, hour_start=at(TODAY, hour), visitors=count))
        s.add(CoachingNote(boutique_id=b, associate_id=sop, noted_at=at(TODAY, 10, 50),
                           moment="welcome", kind="recognition", author="SM",
                           text="Warm welcome, offered champagne before the first question"))
        s.add(CoachingNote(boutique_id=b, associate_id=ld, noted_at=at(TODAY, 12, 30),
                           moment="storytelling", kind="development", author="SM",
                           text="Tell the movement's story before the price"))
        s.add(CoachingNote(boutique_id=b, associate_id=ak, noted_at=at(date(2026, 11, 24), 12),
                           moment="closing", kind="observation", author="SM", text="Yesterday"))
        followups = [
            FollowUp(boutique_id=b, client_id=vic1, owner_id=sop, kind="thank-you",
                     action="Send a card for the bracelet", due=date(2026, 11, 22), created_at=now),
            FollowUp(boutique_id=b, client_id=hj, owner_id=mb, kind="hj-next-step",
                     action="Present the second sketch", due=TODAY, created_at=now),
            FollowUp(boutique_id=b, client_id=vic2, owner_id=ld, kind="after-sales",
                     action="Watch back from service", due=date(2026, 11, 27), created_at=now),
            FollowUp(boutique_id=b, client_id=vic2, owner_id=ld, kind="event-invitation",
                     action="Invite to the December viewing", due=date(2026, 12, 10),
                     created_at=now),
            FollowUp(boutique_id=b, client_id=regular, owner_id=ak, kind="thank-you",
                     action="Regular client", due=TODAY, created_at=now),
            FollowUp(boutique_id=b, client_id=vic1, owner_id=sop, kind="birthday", status="done",
                     outcome="Flowers sent", action="Birthday", due=date(2026, 11, 20),
                     created_at=now, done_at=now),
        ]
        s.add_all(followups)
        s.flush()
        ids = [f.id for f in followups]
    return Small(sop, ld, ak, mb, vic1, vic2, hj, regular, ids[0], ids[1], ids[2], ids[3])


@pytest.fixture
def small(store: Store, clock: Clock) -> Small:
    return build_small(store, clock)


# -- developing the team ---------------------------------------------------------------------

RATINGS = {"client experience": 5, "storytelling": 4, "clienteling": 5, "product knowledge": 4,
           "teamwork": 4, "standards of service": 5}


@dataclass
class Team:
    sop_next: int  # SOP's one-to-one booked for Monday 30 November
    mb_missed: int  # MB's one-to-one booked Monday 23 November, not held
    sop_late: int  # SOP's action due Friday 20 November
    sop_soon: int  # SOP's action due Saturday 28 November
    ak_pmp: int
    sop_idp: int


def at(clock: Clock, day: date, hh: int, mm: int = 0):
    return clock.at(day, time(hh, mm))


@pytest.fixture
def team(store, clock, settings, small) -> Team:
    """SOP had a one-to-one on 2 November (23 days ago), LD on 20 October (36 days ago), AK never;
    MB started on 10 November and missed the one booked on Monday 23rd."""
    b = store.boutique_id
    with store.write() as s:
        s.get(Associate, small.mb).start_date = date(2026, 11, 10)
        held = people.schedule_one_to_one(s, b, small.sop, at(clock, date(2026, 11, 2), 10))
        people.close_one_to_one(s, b, held.id, "Clienteling plan for Q4", "Tired lately",
                                at(clock, date(2026, 11, 2), 10, 40))
        old = people.schedule_one_to_one(s, b, small.ld, at(clock, date(2026, 10, 20), 11))
        people.close_one_to_one(s, b, old.id, "Watches training", "", at(clock, date(2026, 10, 20), 11, 30))
        nxt = people.schedule_one_to_one(s, b, small.sop, at(clock, date(2026, 11, 30), 10))
        missed = people.schedule_one_to_one(s, b, small.mb, at(clock, date(2026, 11, 23), 17))
        late = people.add_action(s, b, associate_id=small.sop, text="Call the five top VICs",
                                 due=date(2026, 11, 20), created_at=at(clock, date(2026, 11, 2), 11),
                                 one_to_one_id=held.id)
        soon = people.add_action(s, b, associate_id=small.sop, text="Prepare the bridal event list",
                                 due=date(2026, 11, 28), created_at=at(clock, date(2026, 11, 2), 11),
                                 one_to_one_id=held.id)
        done = people.add_action(s, b, associate_id=small.ld, text="Finish the movement course",
                                 due=date(2026, 11, 1), created_at=at(clock, date(2026, 10, 20), 12))
        people.complete_action(s, b, done.id, at(clock, date(2026, 10, 30), 12))
        pmp = people.create_plan(s, b, associate_id=small.ak, kind="pmp", title="Back to standard on closing",
                                 started_on=date(2026, 11, 1), ends_on=date(2026, 12, 31),
                                 checkpoints=[date(2026, 11, 15), date(2026, 11, 29), date(2026, 12, 13)])
        people.add_goal(s, b, pmp.id, text="Close rate at the boutique's", measure="transactions / visits",
                        due=date(2026, 12, 1))
        idp = people.create_plan(s, b, associate_id=small.sop, kind="idp", title="Towards Floor Manager",
                                 started_on=date(2026, 9, 1))
        people.add_goal(s, b, idp.id, text="Lead two briefings a week", measure="briefings led",
                        due=date(2026, 12, 31))
        for who, period, day, perf, pot in (
            (small.sop, "2025 H2", date(2026, 1, 15), "medium", "high"),
            (small.sop, "2026 H1", date(2026, 7, 10), "high", "high"),
            (small.ld, "2026 H1", date(2026, 7, 11), "medium", "medium"),
            (small.ak, "2026 H1", date(2026, 7, 12), "low", "medium"),
        ):
            people.save_review(s, b, settings, associate_id=who, period=period, reviewed_on=day,
                               ratings=RATINGS, overall=4, performance=perf, potential=pot)
        talent.set_candidate(s, b, settings, role="floor", associate_id=small.sop, readiness="now",
                             flight_risk="medium")
        talent.set_candidate(s, b, settings, role="Floor Manager", associate_id=small.ld,
                             readiness="1-2", flight_risk="low")
        talent.set_candidate(s, b, settings, role="Senior", associate_id=small.ak, readiness="3+",
                             flight_risk="high")
    return Team(nxt.id, missed.id, late.id, soon.id, pmp.id, idp.id)


# -- the shell, as a script would use it ------------------------------------------------------


def to_toml(data: dict[str, Any]) -> str:
    """A tiny TOML writer for the tests' flat tables (no third-party writer needed)."""
    lines: list[str] = []
    for name, table in data.items():
        if not isinstance(table, dict):
            lines.append(f"{name} = {_value(table)}")
            continue
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {_value(value)}" for key, value in table.items())
        lines.append("")
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


@dataclass
class Shop:
    root: Path
    config: Path
    db: Path
    ids: Small
    env: dict[str, str]

    def configure(self, **tables: dict[str, Any]) -> None:
        """Rewrite config.toml with more tables, still naming this shop's store."""
        raw: dict[str, Any] = {**CONFIG, "store": {"path": "data/floorcon.db"}}
        if on_server():
            raw["database"] = {"url": store_url(self.db)}
        self.config.write_text(to_toml({**raw, **tables}), encoding="utf-8")


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store, small: Small) -> Shop:
    """The small boutique in tmp_path/data/floorcon.db, named by tmp_path/config.toml."""
    store.dispose()  # the command opens its own connections
    config = tmp_path / "config.toml"
    found = Shop(tmp_path, config, tmp_path / "data" / "floorcon.db", small, {})
    found.configure()
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLOORCON_")}
    env.update({
        "FLOORCON_NOW": NOW, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"), "PYTHONIOENCODING": "utf-8",
    })
    for var in ("FLOORCON_CONFIG", "FLOORCON_DB", "FLOORCON_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    for key in ("FLOORCON_NOW", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(key, env[key])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./config.toml to find by accident
    found.env = env
    return found


def run(shop: Shop, *args: str, config: bool = True) -> subprocess.CompletedProcess[str]:
    """The real command, as a script would run it."""
    argv = [sys.executable, "-m", "floorcon", *(["--config", str(shop.config)] if config else []), *args]
    return subprocess.run(argv, env=shop.env, cwd=shop.root / "elsewhere", capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def assert_one_error_line(err: str, *parts: str) -> None:
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("floorcon: ")
    assert "Traceback" not in err
    for part in parts:
        assert part in lines[0]


