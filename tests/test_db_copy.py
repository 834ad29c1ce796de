"""`floorcon db copy`: the small boutique from the suite's store (SQLite, or PostgreSQL with
--store=postgres) to a SQLite file and back into a store already holding another boutique, so
every id changes on the way; counts verified, nothing overwritten unless told.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from floorcon.db import open_store
from floorcon.db_copy import boutique_tables, copy_boutique, row_counts
from floorcon.demo import build_demo
from floorcon.models import Associate, Boutique, ChangeLog, Client, CoachingNote, FollowUp, Sale
from floorcon.services import exports, radar, rituals
from floorcon.services.parsing import InputError

from .conftest import TODAY, Shop, assert_one_error_line, make_settings
from .test_cli import call


def natural(store) -> dict[str, list[tuple]]:
    """The boutique's rows by what they mean, ids replaced by the natural keys they point to."""
    b = store.boutique_id
    with store.read() as s:
        who = {a.id: a.initials for a in s.exec(select(Associate).where(Associate.boutique_id == b))}
        client = {c.id: c.number for c in s.exec(select(Client).where(Client.boutique_id == b))}
        return {
            "sales": sorted((x.receipt, x.line, who[x.associate_id], client.get(x.client_id), x.amount,
                             x.units, x.sold_at) for x in s.exec(select(Sale).where(Sale.boutique_id == b))),
            "notes": sorted((who[n.associate_id], n.text, n.noted_at)
                            for n in s.exec(select(CoachingNote).where(CoachingNote.boutique_id == b))),
            "followups": sorted((client[f.client_id], who[f.owner_id], f.kind, f.due, f.status)
                                for f in s.exec(select(FollowUp).where(FollowUp.boutique_id == b))),
            "clients": sorted((c.number, c.last_name, who.get(c.owner_id), c.phone)
                              for c in s.exec(select(Client).where(Client.boutique_id == b))),
        }


def recap_md(store, settings, clock) -> str:
    with store.read() as s:
        report = rituals.recap(s, store.boutique_id, clock, settings, TODAY)
    return exports.render(report, "md", settings, clock)  # the figures and names, no ids


def test_round_trip_through_a_sqlite_file_into_a_shared_store(store, small, settings, clock, tmp_path):
    expected = row_counts_of(store)
    # The region's store already holds another boutique: the copy's ids must all move.
    region = open_store(make_settings(tmp_path / "region" / "floorcon.db"))
    with region.write() as s:
        other = Boutique(code="LON-BND", name="Maison Bond Street", timezone="Europe/London",
                         currency="GBP", created_at=datetime(2026, 1, 1, tzinfo=UTC))
        s.add(other)
        s.flush()
        s.add_all([Associate(boutique_id=other.id, initials=f"X{i}", first_name="X", last_name=str(i))
                   for i in range(7)])
    file = open_store(replace(make_settings(tmp_path / "copy" / "floorcon.db"), database_url=""))
    try:
        out = copy_boutique(store, file)
        assert out.removed == 0
        assert out.counts == {name: n for name, n in expected.items()}
        assert list(out.counts) == [t.name for t in boutique_tables()]
        assert list(out.counts)[-1] == "changelog"
        back = copy_boutique(file, region)
        assert back.counts == {**out.counts, "changelog": out.counts["changelog"] + 1}  # + the first copy
        with region.read() as s:
            ids = {a.id for a in s.exec(select(Associate).where(Associate.boutique_id == region.boutique_id))}
        assert ids.isdisjoint({small.sop, small.ld, small.ak, small.mb})  # new ids, translated
        assert natural(region) == natural(store) == natural(file)
        assert recap_md(region, settings, clock) == recap_md(store, settings, clock)
        with region.read() as s:  # the other boutique is untouched
            others = s.exec(select(Associate).where(Associate.boutique_id != region.boutique_id)).all()
            assert len(others) == 7
            logs = s.exec(select(ChangeLog).where(ChangeLog.boutique_id == region.boutique_id,
                                                  ChangeLog.action == "copy").order_by(ChangeLog.id)).all()
            assert [log.fields for log in logs] == [f"{out.total} rows from {store.label}",
                                                    f"{back.total} rows from {file.label}"]
            # The history follows its records: each entry names a row of this boutique, or 0.
            for entry in s.exec(select(ChangeLog).where(ChangeLog.boutique_id == region.boutique_id,
                                                        ChangeLog.table_name == "followup")):
                assert s.get(FollowUp, entry.row_id) is not None
                assert s.get(FollowUp, entry.row_id).boutique_id == region.boutique_id
    finally:
        file.dispose()
        region.dispose()


def row_counts_of(store) -> dict[str, int]:
    with store.read() as s:
        return row_counts(s.connection(), store.boutique_id)


def test_a_target_holding_the_boutique_is_refused_unless_replaced(store, small, tmp_path):
    target = open_store(make_settings(tmp_path / "target" / "floorcon.db"))
    try:
        copy_boutique(store, target)
        before = row_counts_of(target)
        refused = r"already holds this boutique's data \(\d[\d,]* rows\); add --replace"
        with pytest.raises(InputError, match=refused):
            copy_boutique(store, target)
        assert row_counts_of(target) == before
        with store.write() as s:  # a change in the source, then a replace
            s.add(CoachingNote(boutique_id=store.boutique_id, associate_id=small.sop, moment="closing",
                               kind="recognition", text="One more",
                               noted_at=datetime(2026, 11, 25, tzinfo=UTC)))
        again = copy_boutique(store, target, replace=True)
        assert again.removed == sum(n for name, n in before.items() if name != "changelog")
        after = row_counts_of(target)
        assert after["coachingnote"] == before["coachingnote"] + 1
        assert after["sale"] == before["sale"]  # replaced, not doubled
    finally:
        target.dispose()


def test_db_copy_from_the_command_line(shop: Shop, capsys, tmp_path: Path):
    file = tmp_path / "boutique.db"
    code, out, err = call(shop, capsys, "db", "copy", "--to", str(file))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("Copied boutique TST (Maison Test) from ")
    total = sum(int(x.split()[-1].replace(",", "")) for x in lines[1:])
    assert lines[0].endswith(f"to {file}: {total} rows, counts verified per table")
    assert "  sale " in out and "  changelog " in out
    code, out, err = call(shop, capsys, "db", "copy", "--to", str(file))
    assert (code, out) == (2, "")
    assert_one_error_line(err, str(file), "already holds this boutique's data", "--replace")
    code, out, err = call(shop, capsys, "db", "copy", "--from", str(file), "--replace")
    assert (code, err) == (0, "")
    assert "Replaced" in out
    code, out, err = call(shop, capsys, "db", "copy", "--from", str(tmp_path / "missing.db"))
    assert code == 2
    assert_one_error_line(err, "--from:", "missing.db is not a store file")
    code, out, err = call(shop, capsys, "db", "copy", "--to", "mysql://fc:secret@y/z")
    assert code == 2
    assert_one_error_line(err, "--to: 'mysql://fc:***@y/z' is not a PostgreSQL URL")


def test_the_whole_demo_boutique_copies_every_table(tmp_path: Path, settings, clock) -> None:
    """Every table the later issues added (people, clients, clienteling) goes across with its
    rows and references: the demo fills them all, copied into the suite's store and back out."""
    demo = open_store(replace(make_settings(tmp_path / "demo" / "floorcon.db"), database_url=""))
    target = open_store(make_settings(tmp_path / "shared" / "floorcon.db"))
    back = open_store(replace(make_settings(tmp_path / "back" / "floorcon.db"), database_url=""))
    try:
        build_demo(demo, clock)
        with demo.write() as s:  # the manager has acted on the radar today
            for item in radar.radar(s, demo.boutique_id, clock, settings)[:2]:
                radar.dismiss(s, demo.boutique_id, clock, item.key, acted=True)
        expected = row_counts_of(demo)
        empty = sorted(name for name, n in expected.items() if n == 0)
        assert empty == [], f"the demo leaves tables empty, so their copy is not proven: {empty}"
        out = copy_boutique(demo, target)
        assert out.counts == expected
        home = copy_boutique(target, back)
        assert home.counts == {**expected, "changelog": expected["changelog"] + 1}
        assert natural(back) == natural(demo)
        assert recap_md(back, settings, clock) == recap_md(demo, settings, clock)
    finally:
        for store in (demo, target, back):
            store.dispose()
