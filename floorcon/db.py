"""The store: a SQLite file opened with safe pragmas, migrated to head on start.

Writes go through `Store.write()`, which starts with BEGIN IMMEDIATE so two processes doing
read-then-write never silently lose an update; reads go through `Store.read()`.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, insert, inspect
from sqlmodel import Session, select

from .config import Settings
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

BUSY_TIMEOUT_MS = 10_000
_WRITE = "floorcon_write"


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
    cursor.close()


def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path) -> Engine:
    """An engine on a SQLite file with WAL, synchronous FULL, foreign keys and a busy timeout."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # Values never appear in error messages: they may be a client's name or phone.
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


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
    # BEGIN IMMEDIATE: a second process starting at the same moment waits for this upgrade,
    # then finds the schema current, instead of failing on a lock it cannot take mid-way.
    with engine.execution_options(**{_WRITE: True}).connect() as conn:
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
        rows.append({
            "boutique_id": getattr(obj, "boutique_id", None) if not isinstance(obj, Boutique)
            else obj.id,
            "changed_at": now, "actor": actor, "table_name": obj.__tablename__,  # type: ignore[attr-defined]
            "row_id": obj.id, "action": action, "fields": ",".join(fields),  # type: ignore[attr-defined]
        })

    for obj in session.new:
        state = inspect(obj)
        add(obj, "create", [a.key for a in state.attrs if a.key != "id" and a.value is not None])
    for obj in session.dirty:
        state = inspect(obj)
        changed = [a.key for a in state.attrs if a.history.has_changes()]
        if changed:
            add(obj, "update", changed)
    for obj in session.deleted:
        add(obj, "delete", [])
    if rows:
        session.connection().execute(insert(ChangeLog), rows)


class Store:
    """One boutique's store: sessions for reading and writing, and a change signal."""

    def __init__(
        self, engine: Engine, boutique_id: int, path: Path | None = None, actor: str | None = None
    ) -> None:
        self.engine = engine
        self.write_engine = engine.execution_options(**{_WRITE: True})
        self.boutique_id = boutique_id
        self.path = path
        self.actor = actor or default_actor()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction starts with BEGIN IMMEDIATE and commits on exit."""
        with Session(self.write_engine, expire_on_commit=False, info={"actor": self.actor}) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def watcher(self) -> ChangeWatcher:
        """A separate connection whose data_version moves when another connection commits."""
        if self.path is None:
            raise StoreError("change watching needs a store file")
        return ChangeWatcher(self.path)

    def checkpoint(self) -> None:
        """Copy the WAL into the file and empty it: after an erase, the old bytes are gone."""
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


def _short(exc: Exception) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def ensure_boutique(store: Store, settings: Settings) -> int:
    """The id of the configured boutique, creating or updating its row."""
    with store.read() as session:
        row = session.exec(select(Boutique).where(Boutique.code == settings.boutique_code)).first()
        if row is not None and (row.name, row.timezone, row.currency) == (
            settings.boutique_name, settings.timezone, settings.currency
        ):
            assert row.id is not None
            return row.id
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
