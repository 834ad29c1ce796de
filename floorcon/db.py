"""The store: a SQLite file opened with safe pragmas, migrated to head on start.

Writes go through `Store.write()`, which starts with BEGIN IMMEDIATE so two processes doing
read-then-write never silently lose an update; reads go through `Store.read()`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlmodel import Session, select

from .config import Settings
from .models import Boutique

BUSY_TIMEOUT_MS = 10_000
_WRITE = "floorcon_write"


class StoreError(Exception):
    """The store cannot be opened or brought up to date; the message says why."""


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
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
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def migrations_dir() -> Path:
    return Path(str(resources.files("floorcon.migrations")))


def alembic_config():  # type: ignore[no-untyped-def]
    """An Alembic config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the store to the newest schema this floorcon knows."""
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


class Store:
    """One boutique's store: sessions for reading and writing, and a change signal."""

    def __init__(self, engine: Engine, boutique_id: int, path: Path | None = None) -> None:
        self.engine = engine
        self.write_engine = engine.execution_options(**{_WRITE: True})
        self.boutique_id = boutique_id
        self.path = path

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction starts with BEGIN IMMEDIATE and commits on exit."""
        with Session(self.write_engine, expire_on_commit=False) as session:
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

    def dispose(self) -> None:
        self.engine.dispose()


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


def open_store(settings: Settings) -> Store:
    """Open (creating and migrating as needed) the store the settings name.

    The boutique row is created from the config on first use and kept in step with it.
    """
    path = settings.store_path
    try:
        prepare_data_dir(path)
        new = not path.exists()
        if new:
            # Create it private before SQLite does, so it is never world-readable.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        engine = make_engine(path)
        upgrade(engine)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a usable floorcon store ({exc})") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    except Exception as exc:  # SQLAlchemy wraps the sqlite3 errors
        raise StoreError(f"{path}: not a usable floorcon store ({_short(exc)})") from None
    store = Store(engine, 0, path)
    store.boutique_id = ensure_boutique(store, settings)
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
