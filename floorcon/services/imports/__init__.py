"""Data in: POS sales, door traffic, satisfaction answers, clients, targets and the schedule.

    result = import_file(store, settings, clock, "sales", Path("ventes.csv"), dry_run=True)
    print(result.summary())

Files as spreadsheets and exports write them (see reading.py); columns found by their header in
English or French, or as `[import.<kind>]` in config.toml names them. Natural keys make an import
idempotent: the same file twice adds nothing the second time, and a row whose values changed
updates its record. All or nothing: a file with one bad row writes nothing (`ImportRefused`,
with every problem as `file:line: column: reason`), unless `skip_bad`, which writes the good rows
and puts the bad ones in `<stem>.rejects.csv` beside the file. Associates and clients are looked
up, never invented. One import is one `store.write()` transaction, with one ChangeLog row.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from ...clock import Clock
from ...config import Settings
from ...db import Store
from ...models import ChangeLog
from ..followups import apply_rules
from ..parsing import InputError
from . import values
from .kinds import KIND_CLASSES, SKIP, Kind, Problem, Row
from .reading import find_columns, match_header, norm, read_table

KINDS = ("sales", "traffic", "satisfaction", "clients", "targets", "schedule")
PROGRESS_EVERY = 1000
IMPORT_CACHE_KIB = -65536  # SQLite page cache while an import writes: 64 MiB at most, used as needed

__all__ = ["KINDS", "ImportRefused", "ImportResult", "Problem", "import_file", "rejects_path"]


@dataclass
class ImportResult:
    """What an import read, and what it did (or, on a dry run, would do) to the store."""

    kind: str
    file: Path
    rows: int = 0  # data rows read (the header and empty lines not counted)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False  # False on a dry run, or when refused (all or nothing)
    rejects_file: Path | None = None
    # Names looked up and not found, as written: {"associate": ["XY"], "client": ["C999"]}
    unknown: dict[str, list[str]] = field(default_factory=dict)
    skipped: int = 0  # good rows meaning "nothing to write": a day off, an erased client
    followups: int = 0  # satisfaction-recovery follow-ups created (or, on a dry run, to create)
    notes: list[str] = field(default_factory=list)  # other things the manager should know
    seconds: float = 0.0

    @property
    def rejected(self) -> int:
        """Bad rows (a row with two bad cells counts once)."""
        return len({p.line for p in self.problems})

    def summary(self) -> str:
        """'sales: 1,204 rows — 1,180 added, 20 updated, 4 unchanged, 0 rejected'."""
        text = (f"{self.kind}: {self.rows:,} row{'s' if self.rows != 1 else ''} — {self.added:,} added, "
                f"{self.updated:,} updated, {self.unchanged:,} unchanged, {self.rejected:,} rejected")
        if self.skipped:
            text += f", {self.skipped:,} skipped"
        return text


class ImportRefused(InputError):
    """All or nothing: the file has bad rows and skip_bad was not set; nothing was written.

    `result` holds every problem and what the good rows would have done.
    """

    def __init__(self, result: ImportResult) -> None:
        n = result.rejected
        super().__init__(f"{result.file}: {n:,} bad row{'s' if n != 1 else ''}; nothing imported "
                         "(use --skip-bad to import the good rows)")
        self.result = result


def rejects_path(path: Path) -> Path:
    """Where the bad rows of `path` go: `<stem>.rejects.csv` beside it."""
    return path.with_name(f"{path.stem}.rejects.csv")


def import_file(
    store: Store, settings: Settings, clock: Clock, kind: str, path: Path, *,
    dry_run: bool = False, skip_bad: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read `path` as `kind` and bring its rows into the store.

    Raises InputError for a file that cannot be read or has no recognisable header, and
    ImportRefused (an InputError) when rows are bad and `skip_bad` is not set — on a dry run
    too, which otherwise returns what the import would do, writing nothing. `progress(done,
    total)` is called from this thread every ~1,000 rows and at the end.
    """
    if kind not in KINDS:
        raise InputError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    # Hundreds of thousands of short-lived tuples and dicts, none in a cycle: the cyclic
    # collector would only slow the import down (by ~10 %).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(store, settings, clock, kind, Path(path), dry_run, skip_bad, progress)
    finally:
        if collecting:
            gc.enable()


def _import(
    store: Store, settings: Settings, clock: Clock, kind: str, path: Path, dry_run: bool, skip_bad: bool,
    progress: Callable[[int, int], None] | None,
) -> ImportResult:
    started = time.perf_counter()
    spec: Kind = KIND_CLASSES[kind](settings, clock, store.boutique_id, path.name, clock.now_utc(),
                                    store.actor)
    overrides = settings.import_columns.get(kind, {})
    names = _names(spec, overrides)
    table = read_table(path, lambda cells: len(match_header(cells, names)))
    columns = find_columns(table, path, kind, spec.aliases, spec.required, overrides)
    spec.bind(columns)
    with store.read() as session:
        spec.prepare(session)

    result = ImportResult(kind=kind, file=path, dry_run=dry_run)
    data = columns.data
    total = len(data)
    width = len(columns.header)
    records: list[Any] = []
    bad_rows: list[tuple[int, Sequence[Any], list[Problem]]] = []
    if progress is not None:
        progress(0, total)
    fast = spec.fast_reader()
    for n, (line, cells) in enumerate(data, start=1):
        overfull = len(cells) > width and any(values.shown(c).strip() for c in cells[width:])
        record = fast(line, cells) if fast is not None and not overfull else None
        if record is not None:
            records.append(record)
        else:
            row = Row(line, cells)
            if overfull:
                row.problems.append(Problem(path.name, line, "row", f"{len(cells)} cells, but the header has "
                                            f"{width} columns (a decimal comma in a comma-separated file?)"))
            record = spec.parse(row)
            if row.problems:
                result.problems.extend(row.problems)
                bad_rows.append((line, cells, row.problems))
            elif record is SKIP:
                result.skipped += 1
            elif record is not None:
                records.append(record)
        if progress is not None and n % PROGRESS_EVERY == 0 and n < total:
            progress(n, total)  # (total, total) comes once the rows are written
    result.rows = total
    result.unknown = spec.unknown

    refused = bool(result.problems) and not skip_bad
    if dry_run or refused:
        with store.read() as session:
            _count(result, spec.plan(session, records), done=False)
        result.seconds = time.perf_counter() - started
        if progress is not None:
            progress(total, total)
        if refused:
            raise ImportRefused(result)
        return result

    with store.write() as session, _roomy_cache(session):
        plan = spec.plan(session, records)
        spec.write(session, plan)
        if spec.name == "sales" and plan.added:
            rules = apply_rules(session, store.boutique_id, clock, settings)
            if rules.created:
                plan.notes.append(rules.summary())
        if plan.added or plan.updated:
            session.add(ChangeLog(
                boutique_id=store.boutique_id, changed_at=clock.now_utc(), actor=store.actor,
                table_name=spec.table.name, row_id=0, action="import",
                fields=f"{plan.added} added, {plan.updated} updated from {path.name}",
            ))
        if bad_rows:
            # "line" would be read back as a sale's line number when the fixed rejects are imported
            label = "file line" if any("line" in names for names in spec.aliases.values()) else "line"
            result.rejects_file = _write_rejects(path, columns.header, bad_rows, table.delimiter, label)
    _count(result, plan, done=True)
    result.written = True
    result.seconds = time.perf_counter() - started
    if progress is not None:
        progress(total, total)
    return result


@contextlib.contextmanager
def _roomy_cache(session: Session) -> Iterator[None]:
    """A page cache big enough for the table and its indexes while the import writes: with
    SQLite's default 2 MB, dirty pages spill to the WAL mid-transaction (~20 % slower). A server
    manages its own memory."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    conn.exec_driver_sql(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with contextlib.suppress(SQLAlchemyError):  # never hide why the import failed
            conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _names(spec: Kind, overrides: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {f: (norm(overrides[f]),) if f in overrides else a for f, a in spec.aliases.items()}


def _count(result: ImportResult, plan: Any, done: bool) -> None:
    result.added, result.updated, result.unchanged = plan.added, plan.updated, plan.unchanged
    result.skipped += plan.skipped
    result.followups = len(plan.followups)
    result.notes = list(plan.notes)
    if result.followups:
        verb = "created" if done else "would be created"
        n = result.followups
        result.notes.insert(0, f"{n} satisfaction-recovery follow-up{'s' if n != 1 else ''} {verb}")


def _write_rejects(
    path: Path, header: list[str], rows: list[tuple[int, Sequence[Any], list[Problem]]], delimiter: str,
    label: str,
) -> Path:
    """The bad rows, as read, plus their line and problem: fix them there and import that file.

    UTF-8 with BOM (Excel opens it right), the input's delimiter, private (0600).
    """
    target = rejects_path(path)
    partial = target.with_name(target.name + ".partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
            width = max(len(header), *(len(cells) for _, cells, _ in rows))
            writer.writerow([*header, *[""] * (width - len(header)), label, "problem"])
            for line, cells, problems in rows:
                cells_text = [values.shown(c) for c in cells]
                cells_text += [""] * (width - len(cells_text))
                reason = "; ".join(f"{p.column}: {p.reason}" for p in problems)
                writer.writerow([*cells_text, line, reason])
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise InputError(f"{target}: cannot write the rejects file ({exc.strerror or exc}); "
                         "nothing imported") from None
    return target
