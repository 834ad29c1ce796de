"""The console's first look: the three panes read by a second process while the console paints."""

from __future__ import annotations

import os
import pickle
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from floorcon import firstlook
from floorcon.clock import Clock
from floorcon.db import open_as_it_is
from floorcon.firstlook import FirstLook

from .conftest import Shop
from .test_performance import python

pytestmark = pytest.mark.sqlite_only("the first look reads a SQLite file; a server store has none")


@pytest.mark.parametrize("early", [True, False], ids=["spawned-first", "spawned-with-the-settings"])
def test_the_first_look_is_the_panes_the_console_reads_and_costs_it_no_store_layer(
        shop: Shop, early: bool) -> None:
    done = python(shop, f"""
        import sys
        from floorcon import firstlook
        if {early!r}:
            firstlook.spawn()  # as the console's command line does, before the settings are read
        from floorcon.clock import Clock
        from floorcon.config import load_settings

        settings = load_settings({str(shop.config)!r})
        clock = Clock(settings)  # FLOORCON_NOW: the shop's frozen moment, in both processes
        look = firstlook.start(settings, clock)
        panes = look.receive()
        layer = ("sqlalchemy", "sqlmodel", "pydantic")
        print("store layer:", *[m for m in sys.modules if m.split(".")[0] in layer])

        from floorcon.db import open_store
        from floorcon.services.dashboard import read_panes
        store = open_store(settings)
        with store.read() as session:
            own = read_panes(session, store.boutique_id, clock, settings)
        print("same:", panes == own, len(own.followups), len(own.coaching.notes), len(own.targets.associates))
    """)
    assert done.returncode == 0, done.stderr
    assert "store layer:\n" in done.stdout  # taking the panes loaded none of it
    assert "same: True 3 2 3" in done.stdout  # the small boutique's queue, notes, associates on the floor


def on_disk(path: Path) -> tuple[bytes, ...]:
    """The store file and its write-ahead log, byte for byte."""
    return tuple(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def test_a_store_that_opening_would_write_to_gives_no_first_look_and_is_left_as_it_was(
        settings, store, small) -> None:
    store.dispose()
    path = settings.store_path
    peeked = open_as_it_is(settings)
    assert peeked is not None and peeked.boutique_id == store.boutique_id
    peeked.dispose()

    before = on_disk(path)
    assert open_as_it_is(replace(settings, boutique_name="Maison Renamed")) is None  # its row is rewritten
    assert open_as_it_is(replace(settings, store_path=path.with_name("none.db"))) is None
    assert not path.with_name("none.db").exists()
    assert on_disk(path) == before
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0013'")  # behind: it would be upgraded
    behind = on_disk(path)
    assert open_as_it_is(settings) is None
    assert on_disk(path) == behind != before
    damaged = path.with_name("damaged.db")
    damaged.write_bytes(b"not a database at all" * 100)
    assert open_as_it_is(replace(settings, store_path=damaged)) is None


def test_no_first_look_where_it_cannot_help_or_run(settings, store, clock, monkeypatch) -> None:
    assert firstlook.start(replace(settings, database_url="postgresql://db/floorcon"), clock) is None
    assert firstlook.start(replace(settings, store_path=Path("/nowhere/floorcon.db")), clock) is None
    assert firstlook.start(settings, Clock(settings, now_fn=lambda: clock.now())) is None  # not picklable
    monkeypatch.setattr(firstlook, "cores", lambda: 1)
    assert firstlook.start(settings, clock) is None


def test_a_reader_spawned_for_a_console_that_cannot_use_it_is_ended(settings, clock) -> None:
    firstlook.spawn()
    spawned = firstlook._spawned
    assert spawned is not None
    assert firstlook.start(replace(settings, database_url="postgresql://db/floorcon"), clock) is None
    assert firstlook._spawned is None and gone(spawned.pid)


def child(code: str, keep_open: bool = False) -> tuple[FirstLook, int]:
    """A FirstLook on a child running `code`, given the pipe's write end as argv[1]; the
    console's copy of that end stays open with `keep_open` (so the child never finishes),
    and is returned to close."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen([sys.executable, "-c", code, str(write_end)], pass_fds=(write_end,))
    if not keep_open:
        os.close(write_end)
        write_end = -1
    return FirstLook(proc.pid, read_end), write_end


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_silent_or_garbled_child_gives_nothing_and_is_ended() -> None:
    look, write_end = child("import time; time.sleep(60)", keep_open=True)
    assert look.receive(timeout=0.2) is None  # nothing within the wait
    assert gone(look.pid)
    os.close(write_end)

    look, _ = child("import os, sys; os.write(int(sys.argv[1]), b'\\x80\\x05 cut short')")
    assert look.receive() is None  # not a whole pickle
    assert gone(look.pid)

    sent = pickle.dumps({"panes": 3})
    look, _ = child(f"import os, sys; os.write(int(sys.argv[1]), {sent!r})")
    assert look.receive() == {"panes": 3}
    look.stop()  # after receive: nothing left to end, and no error


def test_stopping_ends_a_child_still_reading() -> None:
    look, write_end = child("import time; time.sleep(60)", keep_open=True)
    look.stop()
    assert gone(look.pid)
    os.close(look.fd)
    os.close(write_end)
