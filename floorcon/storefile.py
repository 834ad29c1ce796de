"""The store file, read with sqlite3 alone: its schema revision, damage, the backups beside it.

Kept free of SQLAlchemy so the console can check a store (and refuse a damaged or newer one
with one line) before its first paint; db.py builds on it.
"""

from __future__ import annotations

import sqlite3
from importlib.util import find_spec
from pathlib import Path

from .errors import DamagedStore, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_FOLDER = "backups"


def migrations_dir() -> Path:
    """The installed migration scripts' folder. Found through the import system's spec, not
    importlib.resources, which costs the console's first paint its readers and zipfile."""
    spec = find_spec("floorcon.migrations")
    if spec is None or not spec.submodule_search_locations:
        raise StoreError("floorcon's migration scripts are not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def known_revisions(script_location: Path | None = None) -> tuple[set[str], str]:
    """Every revision this floorcon knows, and the newest (head).

    Read from the file names (`NNNN_slug.py`, revision NNNN, each revising the one before), so
    opening a current store never pays for importing Alembic; a test holds this to Alembic's
    own view of the scripts.
    """
    folder = (script_location or migrations_dir()) / "versions"
    names = {p.name.split("_", 1)[0] for p in folder.glob("[0-9][0-9][0-9][0-9]_*.py")}
    if not names:
        raise StoreError(f"no migrations found in {folder}")
    return names, max(names)


def restore_hint(path: Path) -> str:
    latest = latest_backup(path)
    if latest is None:
        return "no backup of it was found"
    return f"restore the latest verified backup ({latest.name}) with: floorcon db restore"


def _truncated(path: Path, header: bytes) -> bool:
    """The header's page count says the file should be longer than it is.

    Only trusted when the count is marked valid and no WAL holds pages not yet copied back.
    """
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0
    wal = path.with_name(path.name + "-wal")
    if not valid or (wal.exists() and wal.stat().st_size > 0):
        return False
    return path.stat().st_size < pages * page_size


def read_revision(path: Path) -> str | None:
    """The store's schema revision, read without writing a byte; None for a new, empty file.

    Raises DamagedStore when the file is not a SQLite database or cannot be read.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not header:
        return None
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise DamagedStore(f"{path} is not a floorcon store (not a SQLite file); {restore_hint(path)}")
    if _truncated(path, header):
        raise DamagedStore(f"{path} is damaged (the file is shorter than its own header says); "
                           f"{restore_hint(path)}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                if tables:
                    raise StoreError(f"{path} is a SQLite file but not a floorcon store")
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DamagedStore(f"{path} is damaged ({exc}); {restore_hint(path)}") from None
    return row[0] if row else None


def backup_folder(store_path: Path) -> Path:
    return store_path.parent / BACKUP_FOLDER


def list_backups(store_path: Path) -> list[Path]:
    """This store's verified backups, newest first."""
    folder = backup_folder(store_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{store_path.stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def latest_backup(store_path: Path) -> Path | None:
    backups = list_backups(store_path)
    return backups[0] if backups else None


def check_openable(path: Path) -> None:
    """Refuse, as open_store would, a damaged store or one written by a newer floorcon; a missing
    or current or older store passes (open_store creates or upgrades it)."""
    if not path.exists():
        return
    current = read_revision(path)
    known, _ = known_revisions()
    if current is not None and current not in known:
        raise StoreError(
            f"{path} was written by a newer floorcon (schema {current}); update floorcon to open it"
        )
