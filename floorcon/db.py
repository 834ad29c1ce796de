"""The store: a SQLite file opened with safe pragmas, or a PostgreSQL database, migrated to head
on start.

Writes go through `Store.write()`, which starts with BEGIN IMMEDIATE on SQLite (a transaction
advisory lock on PostgreSQL) so two processes doing read-then-write never silently lose an
update; reads go through `Store.read()`.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CursorResult,
    Engine,
    Executable,
    Insert,
    Table,
    create_engine,
    event,
    insert,
    inspect,
    make_url,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, SQLModel, select

from .config import ConfigError, Settings, mask_url
from .errors import DamagedStore, StoreError
from .models import Boutique, ChangeLog
from .storefile import (
    backup_folder,
    known_revisions,
    list_backups,
    migrations_dir,
    read_revision,
    restore_hint,
)

if TYPE_CHECKING:
    import psycopg

BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 10
PAGE_CACHE_KIB = -6144  # SQLite's page cache per connection: 6 MiB at most, filled as pages are read
_WRITE = "floorcon_write"
_LOCK = "floorcon_lock"
# PostgreSQL: writers of one boutique take pg_advisory_xact_lock(LOCK_CLASS, boutique id);
# schema upgrades and boutique rows take (LOCK_CLASS, 0). NOTIFY on CHANNEL with the boutique id.
LOCK_CLASS = 0x666C6F6F  # "floo"
CHANNEL = "floorcon"


def default_actor() -> str:
    """Who writes, when the config names no manager: the OS user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    # Deleted content is overwritten, so an erased client's data is gone from the file.
    cursor.execute("PRAGMA secure_delete = ON")
    # Room for the pages the panes read on every reload (the follow-up queue's clients, the
    # day's index ranges): with SQLite's 2 MB they are read from the file again each time.
    cursor.execute(f"PRAGMA cache_size = {PAGE_CACHE_KIB}")
    cursor.close()


def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _on_server_begin(conn) -> None:  # type: ignore[no-untyped-def]
    """A write transaction first waits its turn, as BEGIN IMMEDIATE does on SQLite.

    Read committed: every statement after the lock sees what the previous writer committed, so
    a read-modify-write never loses an update and never needs a retry.
    """
    options = conn.get_execution_options()
    if options.get(_WRITE):
        conn.exec_driver_sql(
            "SELECT set_config('lock_timeout', %(wait)s, true), pg_advisory_xact_lock(%(cls)s, %(key)s)",
            {"wait": str(BUSY_TIMEOUT_MS), "cls": LOCK_CLASS, "key": int(options.get(_LOCK, 0))})


def make_engine(path: Path) -> Engine:
    """An engine on a SQLite file with WAL, synchronous FULL, foreign keys and a busy timeout."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # Values never appear in error messages: they may be a client's name or phone.
        hide_parameters=True,
        # The connection returned last is the next one lent: its page cache is the warm one,
        # and the others are not filled with the same pages (memory).
        pool_use_lifo=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def make_server_engine(url: str) -> Engine:
    """An engine on a PostgreSQL URL (psycopg 3). TLS and libpq options pass through the URL;
    a password may come from the URL, PGPASSWORD or ~/.pgpass."""
    parsed = make_url(url)
    connect_args: dict[str, object] = {}
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "application_name" not in parsed.query:
        connect_args["application_name"] = "floorcon"
    engine = create_engine(parsed, connect_args=connect_args, hide_parameters=True, pool_pre_ping=True)
    event.listen(engine, "begin", _on_server_begin)
    return engine


def server_problem(exc: BaseException, url: str) -> StoreError | ConfigError:
    """One sentence for a failed connection, the password never in it: credentials refused or an
    unknown database is the config's fault (ConfigError, exit 2); anything else, a StoreError."""
    label = mask_url(url)
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None) or ""
    first = " ".join(str(orig).split()) or type(orig).__name__
    password = make_url(url).password
    if password:
        first = first.replace(str(password), "***")
    lowered = first.lower()
    refused = ("password authentication failed", "no password supplied")
    if state in ("28P01", "28000") or any(r in lowered for r in refused) \
            or ("role" in lowered and "does not exist" in lowered):
        user = make_url(url).username or "the default user"
        return ConfigError(f"{label}: the server refused the credentials of {user} "
                           "(check the URL's user, PGPASSWORD or ~/.pgpass)")
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return ConfigError(f"{label}: no such database on the server (create it, or fix the URL)")
    unreachable = ("refused", "timeout", "timed out", "could not translate", "no route", "unreachable",
                   "name or service", "connection to server")
    if any(word in lowered for word in unreachable):
        reason = first.rsplit("failed: ", 1)[-1].split(" Is the server")[0]
        return StoreError(f"{label}: cannot reach the PostgreSQL server ({reason[:160]})")
    return StoreError(f"{label}: the PostgreSQL server said: {first[:200]}")


def alembic_config(script_location: Path | None = None):  # type: ignore[no-untyped-def]
    """An Alembic config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or migrations_dir()))
    return cfg


def upgrade(engine: Engine, script_location: Path | None = None) -> None:
    """Bring the store to the newest schema, in one transaction: all of it or none of it."""
    from alembic import command

    cfg = alembic_config(script_location)
    # BEGIN IMMEDIATE (the advisory lock on PostgreSQL): a second process starting at the same
    # moment waits for this upgrade, then finds the schema current, instead of failing mid-way.
    with engine.execution_options(**{_WRITE: True, _LOCK: 0}).connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def _log_changes(session: Session, _context: object) -> None:
    """Write a ChangeLog row for every object this flush creates, updates or deletes.

    It runs inside the flush, on the same connection and transaction: a rolled-back edit
    leaves no entry. Only field names are recorded, never their values.
    """
    actor = session.info.get("actor")
    if actor is None:
        return
    now = datetime.now(UTC)
    rows: list[dict[str, object]] = []

    def add(obj: object, action: str, fields: list[str]) -> None:
        if isinstance(obj, ChangeLog) or getattr(obj, "id", None) is None:
            return
        rows.append(_change_row(obj, action, fields, now, actor))

    for obj in session.new:
        add(obj, "create", _created_fields(obj))
    for obj in session.dirty:
        state = inspect(obj)
        changed = [a.key for a in state.attrs if a.history.has_changes()]
        if changed:
            add(obj, "update", changed)
    for obj in session.deleted:
        add(obj, "delete", [])
    if rows:
        session.connection().execute(_change_insert(), rows)


def _created_fields(obj: object) -> list[str]:
    """The fields a new row is written with: every one set, but its id."""
    return [a.key for a in inspect(obj).attrs if a.key != "id" and a.value is not None]


def _change_row(obj: object, action: str, fields: list[str], now: datetime, actor: str) -> dict[str, object]:
    return {
        "boutique_id": getattr(obj, "boutique_id", None) if not isinstance(obj, Boutique) else obj.id,
        "changed_at": now, "actor": actor, "table_name": obj.__tablename__,  # type: ignore[attr-defined]
        "row_id": obj.id, "action": action, "fields": ",".join(fields),  # type: ignore[attr-defined]
    }


def insert_new(session: Session, obj: SQLModel) -> None:
    """Write one new row, and its change log entry, as a flush would, then hold the object in
    the session as if loaded: for one row, the unit of work costs more than the write itself
    (a coaching note's save). For a table without relationships, every column set on `obj`."""
    table = obj.__table__  # type: ignore[attr-defined]
    values = {column.key: getattr(obj, column.key) for column in table.columns if column.key != "id"}
    connection = session.connection()
    obj.id = connection.execute(_row_insert(table), values).inserted_primary_key[0]  # type: ignore[attr-defined]
    actor = session.info.get("actor")
    if actor is not None:
        connection.execute(_change_insert(), [
            _change_row(obj, "create", _created_fields(obj), datetime.now(UTC), actor)])
    make_transient_to_detached(obj)
    session.add(obj)


def columns(session: Session, statement: Executable, params: Mapping[str, Any]) -> CursorResult[Any]:
    """Run a statement that selects columns, not ORM objects, in the session's transaction:
    the same rows the ORM's execution gives, without its per-statement context (about 0.05 ms
    a statement: the recap runs some thirty, the targets pane ten). Pending changes are flushed
    first, as the ORM's autoflush does."""
    if session.autoflush:
        session.flush()  # nothing to do, and no cost, when nothing is pending
    return session.connection().execute(statement, params)


@cache
def _row_insert(table: Table) -> Insert:
    """A table's INSERT, built once per table."""
    return insert(table)


@cache
def _change_insert():  # type: ignore[no-untyped-def]
    """The change log's INSERT, built once: every write's flush runs it."""
    return insert(ChangeLog)


class Store:
    """One boutique's store: sessions for reading and writing, and a change signal."""

    def __init__(
        self, engine: Engine, boutique_id: int, path: Path | None = None, actor: str | None = None
    ) -> None:
        self.engine = engine
        self.boutique_id = boutique_id
        self.path = path
        self.actor = actor or default_actor()
        self.on_server = engine.dialect.name == "postgresql"
        # A report reads one consistent moment, as SQLite's deferred BEGIN gives.
        self._read_engine = engine.execution_options(isolation_level="REPEATABLE READ") \
            if self.on_server else engine
        self._write_engines: dict[int, Engine] = {}

    @property
    def label(self) -> str:
        """Where the store is, safe to print (a server URL's password masked)."""
        if self.path is not None:
            return str(self.path)
        return mask_url(self.engine.url.render_as_string(hide_password=True))

    @property
    def write_engine(self) -> Engine:
        """The engine whose transactions wait their turn: BEGIN IMMEDIATE, or this boutique's
        advisory lock on PostgreSQL. Made once per boutique id (the id is known only once the
        boutique row is), not on every write."""
        engine = self._write_engines.get(self.boutique_id)
        if engine is None:
            engine = self._write_engines[self.boutique_id] = self.engine.execution_options(
                **{_WRITE: True, _LOCK: self.boutique_id})
        return engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self._read_engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction starts with BEGIN IMMEDIATE and commits on exit.

        On PostgreSQL the commit also notifies the other terminals' watchers, when something
        was written (NOTIFY is delivered at commit, never for a rollback).
        """
        with Session(self.write_engine, expire_on_commit=False, info={"actor": self.actor}) as session:
            try:
                yield session
                if self.on_server:
                    session.execute(
                        text("SELECT pg_notify(:channel, :boutique) "
                             "WHERE txid_current_if_assigned() IS NOT NULL"),
                        {"channel": CHANNEL, "boutique": str(self.boutique_id)},
                    )
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def watcher(self) -> ChangeWatcher | ServerWatcher:
        """Something whose changed() says that another connection committed: PRAGMA data_version
        on SQLite, LISTEN / NOTIFY on PostgreSQL (any boutique's writes, as a region screen needs)."""
        if self.on_server:
            return ServerWatcher(self.engine)
        if self.path is None:
            raise StoreError("change watching needs a store file")
        return ChangeWatcher(self.path)

    def checkpoint(self) -> None:
        """Copy the WAL into the file and empty it: after an erase, the old bytes are gone.

        On PostgreSQL the server manages its files: nothing to do here (see the README)."""
        if self.on_server:
            return
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def dispose(self) -> None:
        self.engine.dispose()


event.listen(Session, "after_flush", _log_changes)


class ChangeWatcher:
    """Reads PRAGMA data_version: a cheap way to learn that someone else wrote."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._last = self.version()

    def version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True when another connection has committed since the last call."""
        now = self.version()
        moved, self._last = now != self._last, now
        return moved

    def close(self) -> None:
        self._conn.close()


class ServerWatcher:
    """LISTENs on the floorcon channel: the server tells us when another writer committed.

    changed() reads notifications already on the socket (no query of any table). A lost
    connection is reopened on the next call, which then reports a change, since notifications
    sent meanwhile are gone.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: psycopg.Connection | None = None
        self._connect()

    def _connect(self) -> None:
        raw = self._engine.raw_connection()
        conn: psycopg.Connection = raw.driver_connection  # type: ignore[assignment]
        raw.detach()  # never back into the pool: it stays in autocommit, listening
        conn.rollback()
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        self._conn = conn

    def changed(self, wait: float = 0.0) -> bool:
        """True when a writer committed since the last call (the payload names its boutique).

        The server delivers a notification a moment after the commit; `wait` gives it up to
        that many seconds to arrive (the app's poll loop passes none and asks again later).
        """
        import psycopg

        try:
            if self._conn is None:
                self._connect()
                return True
            seen = list(self._conn.notifies(timeout=wait, stop_after=1)) if wait else []
            seen += self._conn.notifies(timeout=0)
        except (psycopg.Error, DBAPIError):
            self.close()
            return False
        return bool(seen)

    def close(self) -> None:
        if self._conn is not None:
            with suppress(Exception):
                self._conn.close()
            self._conn = None


def prepare_data_dir(path: Path) -> None:
    """Create the store's folder private to the user (0700)."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)


def integrity_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check and foreign_key_check; an empty list means the file is sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"{table} row {rowid}: missing {parent}")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return problems


def backup(store_path: Path, target: Path) -> Path:
    """Copy the store through SQLite's backup API (consistent while others write), verify the
    copy with integrity_check, and only then give it its name. Private (0600)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    source = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
        source.close()
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup of {store_path} failed its integrity check: {problems[0]}")
    os.replace(partial, target)
    return target


def daily_backup(store_path: Path, day: date, keep: int) -> Path | None:
    """On the first start of a business day, a verified backup; keeps the newest `keep`."""
    target = backup_folder(store_path) / f"{store_path.stem}-{day.isoformat()}.db"
    if target.exists() or not store_path.exists():
        return None
    made = backup(store_path, target)
    for old in list_backups(store_path)[keep:]:
        old.unlink(missing_ok=True)
    return made


def restore(store_path: Path, source: Path) -> Path | None:
    """Put a verified backup in place of the store. The file it replaces is moved aside, never
    deleted; returns where it went (None when there was no store)."""
    problems = integrity_problems(source)
    if problems:
        raise StoreError(f"{source} is not a sound backup ({problems[0]}); nothing was changed")
    aside = None
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    if store_path.exists():
        aside = store_path.with_name(f"{store_path.name}.replaced-{stamp}")
        os.replace(store_path, aside)
    for suffix in ("-wal", "-shm"):
        sidecar = store_path.with_name(store_path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, store_path.with_name(f"{store_path.name}.replaced-{stamp}{suffix}"))
    prepare_data_dir(store_path)
    backup(source, store_path)
    return aside


def open_store(settings: Settings, script_location: Path | None = None) -> Store:
    """Open the store the settings name: create it, or bring it to this floorcon's schema.

    Before an upgrade the store is backed up next to itself; an upgrade that fails leaves it
    at its old revision. A store written by a newer floorcon, or a damaged file, is refused
    without a byte written.
    """
    if settings.on_server:
        return open_server_store(settings, script_location)
    path = settings.store_path
    try:
        prepare_data_dir(path)
        current = read_revision(path) if path.exists() else None
        known, head = known_revisions(script_location)
        if current is not None and current not in known:
            raise StoreError(
                f"{path} was written by a newer floorcon (schema {current}); "
                "update floorcon to open it"
            )
        if not path.exists():
            # Create it private before SQLite does, so it is never world-readable.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        engine = make_engine(path)
        if current != head:
            if current is not None:
                stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
                backup(path, backup_folder(path) / f"{path.stem}-before-{head}-{stamp}.db")
            try:
                upgrade(engine, script_location)
            except Exception as exc:
                engine.dispose()
                raise StoreError(
                    f"{path}: the upgrade to schema {head} failed ({_short(exc)}); "
                    f"the store is unchanged at schema {current or 'none'}"
                ) from None
    except sqlite3.DatabaseError as exc:
        raise DamagedStore(f"{path} is damaged ({exc}); {restore_hint(path)}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    store = Store(engine, 0, path, actor=settings.manager_initials or None)
    try:
        store.boutique_id = ensure_boutique(store, settings)
    except Exception as exc:  # SQLAlchemy wraps sqlite3's errors
        store.dispose()
        raise DamagedStore(f"{path} cannot be used ({_short(exc)}); {restore_hint(path)}") from None
    return store


def open_as_it_is(settings: Settings) -> Store | None:
    """The SQLite store as it stands, to read only; None whenever opening it would write
    (missing, behind this floorcon's schema, the boutique's row not as configured) or could
    not (newer, damaged), and for a server. `open_store` says why, and does the writing."""
    path = settings.store_path
    if settings.on_server or not path.exists():
        return None
    try:
        if read_revision(path) != known_revisions()[1]:
            return None
    except StoreError:  # damaged, unreadable, not a floorcon store
        return None
    store = Store(make_engine(path), 0, path)
    try:
        found = configured_boutique(store, settings)
    except DBAPIError:
        found = None
    if found is None:
        store.dispose()
        return None
    store.boutique_id = found
    return store


def server_revision(engine: Engine) -> str | None:
    """The database's schema revision; None for a database floorcon has not written yet."""
    with engine.connect() as conn:
        if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
            if conn.exec_driver_sql("SELECT to_regclass('boutique')").scalar() is not None:
                raise StoreError("the database holds a boutique table but no schema revision: "
                                 "not a floorcon store")
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def open_server_store(settings: Settings, script_location: Path | None = None) -> Store:
    """Open the PostgreSQL store: one sentence when the server cannot be reached, refuses the
    credentials or holds a newer schema; an upgrade is one transaction (all of it or none)."""
    url = settings.database_url
    label = mask_url(url)
    try:
        prepare_data_dir(settings.store_path)  # the log and the capture drafts live there
    except OSError as exc:
        raise StoreError(f"{settings.data_dir}: cannot be created ({exc.strerror or exc})") from None
    engine = make_server_engine(url)
    try:
        current = server_revision(engine)
        known, head = known_revisions(script_location)
        if current is not None and current not in known:
            raise StoreError(f"{label} was written by a newer floorcon (schema {current}); "
                             "update floorcon to open it")
        if current != head:
            try:
                upgrade(engine, script_location)
            except Exception as exc:
                if isinstance(exc, DBAPIError) and (
                        exc.connection_invalidated or getattr(exc.orig, "sqlstate", None) is None):
                    raise
                raise StoreError(f"{label}: the upgrade to schema {head} failed ({_short(exc)}); "
                                 f"the store is unchanged at schema {current or 'none'}") from None
        store = Store(engine, 0, None, actor=settings.manager_initials or None)
        store.boutique_id = ensure_boutique(store, settings)
    except DBAPIError as exc:
        engine.dispose()
        raise server_problem(exc, url) from None
    except BaseException:
        engine.dispose()
        raise
    return store


def _short(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def configured_boutique(store: Store, settings: Settings) -> int | None:
    """The id of the configured boutique when its row is as configured; None when it is
    missing or differs (name, zone, currency): opening the store writes it then."""
    with store.read() as session:
        row = session.exec(select(Boutique).where(Boutique.code == settings.boutique_code)).first()
    if row is not None and (row.name, row.timezone, row.currency) == (
        settings.boutique_name, settings.timezone, settings.currency
    ):
        return row.id
    return None


def ensure_boutique(store: Store, settings: Settings) -> int:
    """The id of the configured boutique, creating or updating its row."""
    found = configured_boutique(store, settings)
    if found is not None:
        return found
    with store.write() as session:
        row = session.exec(select(Boutique).where(Boutique.code == settings.boutique_code)).first()
        if row is None:
            row = Boutique(code=settings.boutique_code, created_at=datetime.now(UTC),
                           name="", timezone="", currency="")
        row.name, row.timezone, row.currency = (
            settings.boutique_name, settings.timezone, settings.currency
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id
