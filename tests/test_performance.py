"""What keeps start-up and quick capture fast: the modules they never load, the app's bench
probe, and a smoke run of the benchmarks (never a timed assertion: the figures are bench/'s)."""

from __future__ import annotations

import asyncio
import gc
import platform
import re
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from floorcon import firstlook
from floorcon.clock import Clock
from floorcon.config import Settings
from floorcon.db import Store
from floorcon.tui.app import FloorconApp
from tests.conftest import Shop, on_server

ROOT = Path(__file__).resolve().parent.parent
# Alembic only when the store is behind; the rest only when their command or screen is used.
OFF_THE_QUICK_PATHS = ("alembic", "openpyxl", "floorcon.demo", "floorcon.services.exports",
                       "floorcon.services.imports", "floorcon.tui.screens.rituals",
                       "floorcon.tui.screens.planning", "floorcon.tui.screens.people",
                       "floorcon.tui.screens.clients", "floorcon.tui.screens.clienteling", "psycopg",
                       "floorcon.tui.screens.region")
# Not loaded before the first paint: the store layer, and the clock's calendar (pendulum).
STORE_LAYER = ("sqlalchemy", "sqlmodel", "floorcon.db", "floorcon.models", "pendulum")
# Nor the subcommands' parsers: opening the console reads only --config and --db.
COMMAND_MODULES = ("floorcon.cli_store", "floorcon.cli_people", "floorcon.cli_clients",
                   "floorcon.cli_clienteling")
# The tables a coaching note needs: the note, whom it is about (associate, client), the
# boutique, and the change log's entry; not the people, clienteling, rituals, radar, sales...
NOTE_TABLES = {"floorcon.models.audit", "floorcon.models.clients", "floorcon.models.coaching",
               "floorcon.models.team"}
MODELS = ROOT / "floorcon" / "models"


def python(shop: Shop | None, code: str) -> subprocess.CompletedProcess[str]:
    """Run code in a new interpreter (in the shop, when given): what it imports is its own."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=shop.env if shop else None,
                          cwd=shop.root if shop else ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def domains(modules: set[str]) -> set[str]:
    return {m for m in modules if m.startswith("floorcon.models.")}


def loaded(output: str) -> set[str]:
    """The module names a child printed, one a line, after its 'modules:' line."""
    return set(output.split("modules:\n", 1)[1].split())


def off_path(modules: set[str]) -> list[str]:
    """The slow modules loaded; on a PostgreSQL store its driver is the store layer, not slow."""
    slow = tuple(m for m in OFF_THE_QUICK_PATHS if not (on_server() and m == "psycopg"))
    return sorted(m for m in modules if m.split(".")[0] in slow or m in slow)


def test_starting_the_app_paints_before_the_store_layer_and_loads_none_of_the_slow_modules(
        shop: Shop) -> None:
    done = python(shop, f"""
        import os, sys
        from textual.app import App

        os.environ["FLOORCON_BENCH_LOG"] = {str(shop.root / "marks.log")!r}
        os.environ["FLOORCON_BENCH_EXIT"] = "1"
        run = App.run
        App.run = lambda self, **kw: run(self, headless=True, size=(140, 42), **kw)

        from floorcon.tui.app import FloorconApp
        mark = FloorconApp.bench_mark
        def spy(self, event, detail=""):
            if event == "paint":
                print("at paint:", *[m for m in {STORE_LAYER + COMMAND_MODULES!r} if m in sys.modules])
                print("collector at paint:", gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0)
            mark(self, event, detail)
        FloorconApp.bench_mark = spy

        import gc
        from floorcon import startup
        share = startup.share_arenas
        def shared():
            print("arenas shared, held back:", startup._held)
            share()
        startup.share_arenas = shared
        from floorcon import firstlook
        begin, take = firstlook.start, firstlook.FirstLook.receive
        def started(settings, clock):
            look = begin(settings, clock)
            print("first look started:", look is not None)
            return look
        def received(look):
            panes = take(look)
            print("first look received:", panes is not None and len(panes.coaching.notes))
            return panes
        firstlook.start, firstlook.FirstLook.receive = started, received
        from floorcon.__main__ import main  # what the `floorcon` command runs
        sys.argv = ["floorcon", "--config", {str(shop.config)!r}]
        print("exit", main())
        print("collector after:", gc.isenabled(), gc.get_threshold() == {gc.get_threshold()!r},
              gc.get_freeze_count() > 0)
        print("modules:", *sorted(sys.modules), sep="\\n")
    """)
    assert done.returncode == 0, done.stderr
    assert "exit 0" in done.stdout
    assert "at paint:\n" in done.stdout  # nothing of the store layer yet at the first paint
    # The collector on again at once, held back through start-up; once the panes were filled,
    # what start-up built was frozen and the default thresholds came back.
    assert "collector at paint: True 50000 False" in done.stdout
    assert "collector after: True True True" in done.stdout
    assert "arenas shared, held back: True" in done.stdout  # after the paint, before the workers
    if not on_server() and firstlook.cores() > 1:  # a second process read the panes meanwhile
        assert "first look started: True" in done.stdout
        # the day's two notes; nothing when the console's own read was done first and it quit
        assert re.search(r"first look received: (2|False)\n", done.stdout)
    modules = loaded(done.stdout)
    assert "floorcon.services.dashboard" in modules  # the panes were filled
    assert off_path(modules) == []
    marks = (shop.root / "marks.log").read_text().splitlines()
    # the three panes first (the first look's too, when it came before the console's own read),
    # then the lines and the radar of the same read
    events = [m.split()[0] for m in marks]
    assert events in (["paint", "filled", "complete"], ["paint", "filled", "filled", "complete"])
    assert all(m.split()[2] == "2" for m in marks if m.startswith("filled"))  # the day's two notes


def test_floorcon_note_loads_neither_textual_nor_the_slow_modules(shop: Shop) -> None:
    """Nor pendulum: a running clock (no FLOORCON_NOW) gives the moment and the confirmation's
    time of day through the standard library."""
    done = python(shop, f"""
        import os, sys
        del os.environ["FLOORCON_NOW"]
        from floorcon.cli import main
        print("exit", main(["--config", {str(shop.config)!r}, "note", "SOP", "Lovely welcome"]))
        print("modules:", *sorted(sys.modules), sep="\\n")
    """)
    assert done.returncode == 0, done.stderr
    assert "exit 0" in done.stdout and "Saved note" in done.stdout
    modules = loaded(done.stdout)
    assert off_path(modules) == []
    assert not any(m.split(".")[0] in ("textual", "pendulum") for m in modules)
    assert domains(modules) == NOTE_TABLES


@pytest.mark.parametrize(("command", "collects"), [
    (["note", "SOP", "Lovely welcome"], False),
    (["sale", "SOP", "950", "--receipt", "R-GC-1"], False),
    (["associates"], True),
    (["today"], True),
])
def test_a_one_line_capture_runs_without_the_collector_and_other_commands_with_it(
        shop: Shop, command: list[str], collects: bool) -> None:
    """A capture (one save) is done before a collection would find anything to free; any
    longer command has the collector back, at the start-up threshold, from its first line."""
    done = python(shop, f"""
        import gc, sys
        from floorcon.__main__ import main  # what the `floorcon` command runs: it holds back
        sys.argv = ["floorcon", "--config", {str(shop.config)!r}, *{command!r}]
        code = main()
        print("exit", code, "collector:", gc.isenabled(), gc.get_threshold()[0])
    """)
    assert done.returncode == 0, done.stderr
    assert f"exit 0 collector: {collects} 50000" in done.stdout


def test_importing_the_models_loads_no_table_until_one_is_asked_for() -> None:
    done = python(None, """
        import sys
        from sqlmodel import SQLModel
        import floorcon.models
        print("tables:", len(SQLModel.metadata.tables))
        from floorcon.models import CoachingNote, Segment
        print("modules:", *sorted(sys.modules), sep="\\n")
    """)
    assert done.returncode == 0, done.stderr
    assert "tables: 0" in done.stdout
    # The note's module, and those its foreign keys point to.
    assert domains(loaded(done.stdout)) == {"floorcon.models.clients", "floorcon.models.coaching",
                                            "floorcon.models.team"}


@pytest.mark.parametrize("domain", sorted(p.stem for p in MODELS.glob("[a-z]*.py")))
def test_each_domain_module_loads_every_table_its_foreign_keys_point_to(domain: str) -> None:
    """Else a flush, which sorts every loaded table by its foreign keys, fails in a process that
    happens to have loaded this module alone."""
    done = python(None, f"""
        import floorcon.models.{domain}
        from sqlmodel import SQLModel
        for table in SQLModel.metadata.sorted_tables:  # NoReferencedTableError if one is missing
            for key in table.foreign_keys:
                key.column
        print(len(SQLModel.metadata.tables))
    """)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 0


def test_load_all_loads_every_domain_and_the_package_names_every_class_of_them() -> None:
    import floorcon.models as models

    metadata = models.load_all()
    files = {p.stem for p in MODELS.glob("[a-z]*.py")}
    assert {m.removeprefix("floorcon.models.") for m in domains(set(sys.modules))} == files
    defined = {value for domain in files for value in vars(sys.modules[f"floorcon.models.{domain}"]).values()
               if isinstance(value, type) and value.__module__ == f"floorcon.models.{domain}"}
    helpers = {"SQLModel", "for_dialect", "load_all", "only_on"}
    assert {c.__name__ for c in defined} == set(models.__all__) - helpers
    assert all(getattr(models, c.__name__) is c for c in defined)
    assert {c.__tablename__ for c in defined if hasattr(c, "__table__")} == set(metadata.tables)


async def test_the_bench_probe_marks_paint_and_each_filling(
        settings: Settings, store: Store, clock: Clock, small: object, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "marks.log"
    monkeypatch.setenv("FLOORCON_BENCH_LOG", str(log))
    monkeypatch.delenv("FLOORCON_BENCH_EXIT", raising=False)
    app = FloorconApp(settings, store, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        app.store_written()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running  # without FLOORCON_BENCH_EXIT it stays
    # Given an open store, the panes may fill before the paint mark; opening it itself, the
    # app paints first (the previous test).
    events = sorted(line.split()[0] for line in log.read_text().splitlines())
    assert events == ["complete", "complete", "filled", "filled", "paint"]


async def test_the_app_opens_its_store_itself_after_the_first_paint(
        settings: Settings, store: Store, clock: Clock, small: object) -> None:
    store.dispose()
    app = FloorconApp(settings, None, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.opened_store is not None and app.store is app.opened_store
        assert app.screen.data is not None  # type: ignore[attr-defined]
        assert len(app.screen.data.coaching.notes) == 2  # type: ignore[attr-defined]
        assert [a.initials for a in app.associates]
    app.opened_store.dispose()


@pytest.mark.sqlite_only("a damaged SQLite file; the server's refusals are in test_server.py")
async def test_a_store_the_app_cannot_open_ends_it_with_the_store_error(
        settings: Settings, clock: Clock, tmp_path: Path) -> None:
    from dataclasses import replace

    damaged = tmp_path / "later.db"
    damaged.write_bytes(b"not sqlite at all " * 100)
    app = FloorconApp(replace(settings, store_path=damaged), None, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)) as pilot:
        assert await asyncio.to_thread(app.wait_store, 30) is None
        await pilot.pause()
    assert app.return_code == 1
    assert app.store_error is not None and "not a floorcon store" in str(app.store_error)
    assert app.opened_store is None


def test_the_benchmarks_smoke_run(tmp_path: Path) -> None:
    """bench/run.py --quick on a tiny store: it still runs and prints every figure."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--idle", "0.5",
                           "--stores", str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    table = done.stdout.split("QUICK", 1)[1]
    for figure in ("first paint", "dashboard filled", "dashboard complete", "floorcon note",
                   "save a coaching note", "targets pane", "coaching notes pane", "follow-ups pane",
                   "end-of-day recap",
                   "recap figures over one month", "import 2,000 sales lines", "another process's write",
                   "CPU idle", "peak memory"):
        assert figure in table
    # the CPU-bound times also at the issue's reference speed, from this run's floor; no other
    scaled = {row.split(" | ")[0].strip(): row.rsplit(" | ", 1)[1].strip()
              for row in table.splitlines() if row.count(" | ") == 6}
    cpu_bound = {name for name in scaled if name.startswith(
        ("targets pane", "coaching notes pane", "follow-ups pane", "people line pane", "end-of-day recap",
         "recap figures", "import 2,000"))}
    assert len(cpu_bound) == 7
    assert all(scaled[name].endswith(" ms") for name in cpu_bound)
    assert {scaled[name] for name in scaled.keys() - cpu_bound} == {"—", "at reference speed"}
    assert "This machine's speed: `import textual.app, sqlmodel, pendulum` took " in table


ARENAS = """
    import ctypes, sys, threading
    from floorcon import startup

    if sys.argv[1] == "floorcon":
        startup.hold_back()  # as the `floorcon` command does first
    startup.share_arenas()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    together = threading.Barrier(9)

    def allocate():  # eight threads, each allocating while the others are alive
        libc.malloc(64 * 1024)
        together.wait()
        together.wait()

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for t in threads:
        t.start()
    together.wait()
    libc.malloc_stats()  # one 'Arena n:' paragraph per arena, on stderr
    together.wait()
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="arenas are glibc's")
@pytest.mark.parametrize(("process", "shared"), [("floorcon", True), ("embedding", False)])
def test_the_floorcon_process_keeps_its_threads_allocations_in_one_arena(process: str, shared: bool) -> None:
    """glibc's default is an arena per busy thread (up to eight a core), each keeping what was
    freed in it; a program embedding the app (this suite) keeps its own malloc settings."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(ARENAS), process], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert (done.stderr.count("Arena ") == 1) is shared, done.stderr


def test_the_collector_is_held_back_once_and_settled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a process that held back settles (a test's app must not freeze the suite's objects);
    a second hold_back keeps the thresholds to come back to."""
    from floorcon import startup

    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    defaults = gc.get_threshold()
    try:
        startup.resume()
        startup.settle()
        assert frozen == [] and gc.get_threshold() == defaults and gc.isenabled()
        startup.hold_back()
        startup.hold_back()
        assert gc.get_threshold() == (startup.START_THRESHOLD, *defaults[1:]) and not gc.isenabled()
        startup.resume()
        assert gc.get_threshold() == (startup.START_THRESHOLD, *defaults[1:]) and gc.isenabled()
        startup.settle()
        startup.settle()
        assert frozen == [True] and gc.get_threshold() == defaults and gc.isenabled()
    finally:
        gc.enable()
        gc.set_threshold(*defaults)
        startup._defaults = None
        startup._held = False


def test_the_generated_volumes_are_the_issues_brought_to_the_stores_span(tmp_path: Path) -> None:
    """Each day draws its own count around the rate; the days older than the shared ones make
    the sale lines and the coaching notes add up to the five-year volumes brought to the store's
    span and scale, exactly (five years at scale 1: 1,000,000 and 200,000)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    days, scale = 120, 0.02
    store = tmp_path / "store.db"
    generate.generate(store, days, scale, today=date(2026, 12, 2), quiet=True)
    with closing(sqlite3.connect(store)) as db:
        for table, volume in (("sale", generate.SALE_LINES), ("coachingnote", generate.NOTES)):
            expected = round(volume * days / generate.FIVE_YEARS * scale)
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected, table


def test_the_one_month_store_is_the_large_stores_last_month(tmp_path: Path) -> None:
    """The panes' growth comparison reads the same days from a small store and a large one: the
    days the two stores share hold the same shifts, sales, traffic, targets and coaching notes,
    and both the same clients."""
    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    today = date(2026, 12, 2)
    large, month = tmp_path / "large.db", tmp_path / "month.db"
    generate.generate(large, 90, 0.01, today=today, quiet=True)
    generate.generate(month, 31, 0.01, today=today, quiet=True)
    since = generate.stamp(datetime(2026, 11, 1, tzinfo=UTC))
    shared = {
        "client": "SELECT number, first_name, last_name, segment, owner_id FROM client ORDER BY id",
        "shift": f"SELECT associate_id, starts_at FROM shift WHERE starts_at >= '{since}' ORDER BY 2, 1",
        "sale": "SELECT receipt, line, sold_at, associate_id, client_id, amount, category FROM sale "
                f"WHERE sold_at >= '{since}' ORDER BY 1, 2",
        "traffic": f"SELECT hour_start, visitors FROM traffic WHERE hour_start >= '{since}' ORDER BY 1",
        "target": "SELECT associate_id, start, value FROM target WHERE period = 'day' "
                  "AND start >= '2026-11-02' ORDER BY 2, 1",
        "coachingnote": "SELECT associate_id, noted_at, moment, kind, text, client_id FROM coachingnote "
                        f"WHERE noted_at >= '{since}' ORDER BY 2, 1",
    }
    with closing(sqlite3.connect(large)) as big, closing(sqlite3.connect(month)) as small:
        for table, query in shared.items():
            rows = small.execute(query).fetchall()
            assert rows, table
            assert big.execute(query).fetchall() == rows, table
        # and the large store more than that month
        month_lines = len(small.execute(shared["sale"]).fetchall())
        assert big.execute("SELECT count(*) FROM sale").fetchone()[0] > 2 * month_lines
