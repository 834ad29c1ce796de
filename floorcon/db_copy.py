"""`floorcon db copy`: one boutique's store from a SQLite file onto a PostgreSQL server, and back.

Every table holds `boutique_id`; the copy takes the rows of one boutique, table by table in
dependency order, into one write transaction on the target. Row ids are given by the target
(another boutique may already use the source's), so each foreign key is translated through the
ids the target gave the rows it points to, and the change log's row ids likewise. The counts per
table are checked inside the transaction before it commits: a copy is whole, or not there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Table, delete, func, insert, select

from .db import Store, StoreError
from .models import Boutique, ChangeLog, load_all
from .services.parsing import InputError

BATCH = 5_000


@dataclass(frozen=True)
class CopyResult:
    """What the copy wrote: rows per table in the order copied, and the rows --replace removed
    (the change log aside)."""

    counts: dict[str, int]
    removed: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def boutique_tables() -> list[Table]:
    """Every table holding a boutique's rows, parents before children (the boutique itself out),
    the change log last: its row ids point into all the others."""
    tables = [t for t in load_all().sorted_tables if "boutique_id" in t.c]
    return sorted(tables, key=lambda t: t.name == ChangeLog.__tablename__)


def row_counts(conn: Connection, boutique_id: int) -> dict[str, int]:
    """Rows of the boutique in each table."""
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t).where(t.c.boutique_id == boutique_id))
                    .scalar_one())
        for t in boutique_tables()
    }


def _holds_data(counts: dict[str, int]) -> int:
    """Rows beyond the change log (opening a store logs its boutique row)."""
    return sum(n for name, n in counts.items() if name != ChangeLog.__tablename__)


def copy_boutique(
    source: Store, target: Store, replace: bool = False,
    progress: Callable[[str, int], None] | None = None,
) -> CopyResult:
    """Copy the source's boutique into the target's boutique (same code), verifying row counts.

    A target boutique holding data is refused (InputError) unless `replace`, which removes its
    rows first, in the same transaction.
    """
    tables = boutique_tables()
    with source.read() as reading, target.write() as writing:
        src = reading.connection()
        dst = writing.connection()
        expected = row_counts(src, source.boutique_id)
        present = row_counts(dst, target.boutique_id)
        held = _holds_data(present)
        if held and not replace:
            raise InputError(f"{target.label} already holds this boutique's data ({held:,} rows); "
                             "add --replace to replace them")
        # With no data, the target's change log only records its boutique row: it goes too.
        for table in reversed(tables):
            dst.execute(delete(table).where(table.c.boutique_id == target.boutique_id))
        origin = src.execute(select(Boutique.__table__).where(  # type: ignore[attr-defined]
            Boutique.__table__.c.id == source.boutique_id)).mappings().one()  # type: ignore[attr-defined]
        dst.execute(Boutique.__table__.update().where(  # type: ignore[attr-defined]
            Boutique.__table__.c.id == target.boutique_id).values(  # type: ignore[attr-defined]
            name=origin["name"], timezone=origin["timezone"], currency=origin["currency"],
            created_at=origin["created_at"]))
        ids: dict[str, dict[int, int]] = {Boutique.__tablename__: {source.boutique_id: target.boutique_id}}
        counts: dict[str, int] = {}
        for table in tables:
            counts[table.name] = _copy_table(src, dst, table, source.boutique_id, ids)
            if progress is not None:
                progress(table.name, counts[table.name])
        found = row_counts(dst, target.boutique_id)
        wrong = [f"{name}: {found[name]:,} rows for {n:,}"
                 for name, n in expected.items() if found[name] != n]
        if wrong:
            raise StoreError(f"the copy does not add up ({'; '.join(wrong)}); nothing was written")
        dst.execute(insert(ChangeLog.__table__).values(  # type: ignore[attr-defined]
            boutique_id=target.boutique_id, changed_at=datetime.now(UTC), actor=target.actor,
            table_name=Boutique.__tablename__, row_id=target.boutique_id, action="copy",
            fields=f"{sum(counts.values())} rows from {source.label}"))
    return CopyResult(counts, held)


def _copy_table(src: Connection, dst: Connection, table: Table, boutique_id: int,
                ids: dict[str, dict[int, int]]) -> int:
    """Insert the boutique's rows of `table` with new ids; record old id -> new id."""
    links = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
    is_log = table.name == ChangeLog.__tablename__
    mapped = ids.setdefault(table.name, {})
    done = 0
    result = src.execute(select(table).where(table.c.boutique_id == boutique_id).order_by(table.c.id))
    while batch := result.mappings().fetchmany(BATCH):
        rows = []
        for row in batch:
            values = {k: v for k, v in row.items() if k != "id"}
            for column, parent in links:
                if values[column] is not None:
                    values[column] = ids[parent][values[column]]
            if is_log:
                # The history follows its record; a record since deleted has no row to follow.
                values["row_id"] = ids.get(values["table_name"], {}).get(values["row_id"], 0)
            rows.append(values)
        new = dst.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars()
        mapped.update(zip((r["id"] for r in batch), new, strict=True))
        done += len(batch)
    return done
