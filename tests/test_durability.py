"""Durability on real files in tmp_path: every connection's pragmas, BEGIN IMMEDIATE, two
processes updating one row, and multi-row saves surviving SIGKILL at random moments. On
PostgreSQL: the advisory lock at the start of a write, and the same two processes.

The writers are separate processes (tests/durability_worker.py). FLOORCON_CRASH_KILLS (default 8)
and FLOORCON_CRASH_SEED set the crash drill's size and its random kill delays;
bench/crash.py runs the same drill at scale.
"""

from __future__ import annotations

import os
import sqlite3

import pytest
from sqlmodel import select

from floorcon.db import BUSY_TIMEOUT_MS, LOCK_CLASS, PAGE_CACHE_KIB, Store, open_store
from floorcon.models import Target

from .conftest import TODAY, make_settings
from .durability_worker import START_TIMEOUT, Child, crash_drill, summary, verify_crash

UPDATES = 1_000  # per process
KILLS = int(os.environ.get("FLOORCON_CRASH_KILLS", "8"))
SEED = int(os.environ.get("FLOORCON_CRASH_SEED", "20261125"))


def day_target(store: Store) -> Target:
    with store.read() as s:
        return s.exec(select(Target).where(Target.period == "day", Target.start == TODAY)).one()


# -- 1. pragmas and the write lock --------------------------------------------------------------


@pytest.mark.sqlite_only("SQLite pragmas")
def test_every_connection_has_the_safe_pragmas(store, small):
    with store.read() as r1, store.read() as r2, store.write() as w:
        connections = set()
        for session in (r1, r2, w):
            assert session.exec(select(Target)).first() is not None  # checks out a connection
            conn = session.connection()
            connections.add(id(conn.connection.dbapi_connection))

            def pragma(name: str, conn=conn):  # type: ignore[no-untyped-def]
                return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("foreign_keys") == 1
            assert pragma("busy_timeout") == BUSY_TIMEOUT_MS
            assert pragma("busy_timeout") >= 5_000
            assert pragma("secure_delete") == 1
            assert pragma("cache_size") == PAGE_CACHE_KIB == -6144  # 6 MiB, not SQLite's 2
        assert len(connections) == 3, "three sessions at once hold three pooled connections"
    # The check is not vacuous: a bare connection has neither foreign keys nor a busy timeout.
    assert store.path is not None
    bare = sqlite3.connect(store.path, timeout=0)
    try:
        assert bare.execute("PRAGMA foreign_keys").fetchone()[0] == 0
        assert bare.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    finally:
        bare.close()


@pytest.mark.sqlite_only("SQLite's write lock; the server's is tested below")
def test_a_write_session_takes_the_write_lock_at_begin(store, small):
    assert store.path is not None
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        with store.write() as s:
            assert s.exec(select(Target)).first() is not None  # a read only, nothing written yet
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # released when the write session committed
        other.execute("ROLLBACK")
        with store.read() as s:
            assert s.exec(select(Target)).first() is not None
            other.execute("BEGIN IMMEDIATE")  # a read session holds no write lock
            other.execute("ROLLBACK")
    finally:
        other.close()


@pytest.mark.postgres_only("the advisory lock")
def test_a_write_session_takes_the_boutique_lock_at_begin_on_the_server(store, small):
    other = store.engine.connect()
    key = {"cls": LOCK_CLASS, "key": store.boutique_id}
    try_lock = "SELECT pg_try_advisory_xact_lock(%(cls)s, %(key)s)"
    try:
        with store.write() as s:
            assert s.exec(select(Target)).first() is not None  # a read only, nothing written yet
            assert other.exec_driver_sql(try_lock, key).scalar() is False
            other.rollback()
            # Another boutique on the same server is not held up.
            assert other.exec_driver_sql(try_lock, {**key, "key": store.boutique_id + 1}).scalar() is True
            other.rollback()
        assert other.exec_driver_sql(try_lock, key).scalar() is True  # released at commit
        other.rollback()
        with store.read() as s:
            assert s.exec(select(Target)).first() is not None
            assert other.exec_driver_sql(try_lock, key).scalar() is True  # a read holds no lock
            other.rollback()
    finally:
        other.close()


# -- 2. two processes, one row ------------------------------------------------------------------


def race(store: Store, mode: str) -> tuple[int, int, list[tuple[int, list[str], str]]]:
    """Two `mode` workers each add 1 to the day target UPDATES times, started together.

    The initial value, the final value, and each worker's (exit code, output lines, stderr)."""
    where = store.path or store.engine.url.render_as_string(hide_password=False)
    target = day_target(store)
    store.dispose()  # the workers open their own connections
    children = [Child(mode, where, target.id, UPDATES, stdin=True) for _ in range(2)]
    try:
        for child in children:
            assert child.next_line(START_TIMEOUT) == "ready"
        for child in children:  # both are open and waiting: start them at once
            child.send("go\n")
        results = [child.finish(timeout=120) for child in children]
    finally:
        for child in children:
            child.stop()
    return target.value, day_target(store).value, results


def test_two_processes_never_lose_an_update(store, small):
    initial, final, results = race(store, "rmw")
    for code, lines, err in results:
        assert (code, lines, err) == (0, [f"done {UPDATES}"], "")
    assert final == initial + 2 * UPDATES


@pytest.mark.parametrize("mode", ["naive", "deferred"])
def test_without_begin_immediate_updates_are_lost_or_refused(store, small, mode):
    """The control: pysqlite's defaults (the read is outside any transaction), or floorcon's own
    engine with a plain deferred BEGIN (the read snapshot cannot be upgraded to a write). On
    PostgreSQL: a plain engine, or floorcon's without the advisory lock (read committed)."""
    initial, final, results = race(store, mode)
    failed = [err for code, _, err in results if code != 0]
    assert final < initial + 2 * UPDATES or failed
    for err in failed:
        assert "database is locked" in err


# -- 3. crash safety ---------------------------------------------------------------------------


@pytest.mark.sqlite_only("the SIGKILL crash drill checks the SQLite file")
def test_multi_row_saves_survive_sigkill_at_random_moments(settings, store, small):
    """A writer saving a 2-line receipt and its note per transaction is SIGKILLed KILLS times at a
    random moment. Every confirmed save is whole; nothing is ever half there; the file is sound."""
    assert store.path is not None
    store.dispose()
    drill = crash_drill(store.path, KILLS, SEED)
    assert drill.kills == KILLS
    assert all(drill.confirmed.values()), "every run confirmed at least one save before its kill"

    reopened = open_store(make_settings(store.path))
    try:
        verdict = verify_crash(reopened, drill)
    finally:
        reopened.dispose()
    assert verdict.lost == [], "a confirmed save went missing"
    assert verdict.half_written == [], "a receipt holds other than its two lines"
    assert verdict.orphan_notes == [], "a note without its sale lines"
    assert verdict.note_problems == [], "sale lines without exactly one note"
    assert verdict.out_of_order == []
    assert verdict.integrity == []
    assert verdict.unconfirmed <= KILLS  # at most the one save in flight per kill
    assert verdict.committed == verdict.confirmed + verdict.unconfirmed
    print(summary(drill, verdict))
