"""The trusted store: upgrades, backups, damaged files, permissions, the change log, client
rights and discretion. Every test works on real files in tmp_path."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from floorcon.db import (
    DamagedStore,
    StoreError,
    columns,
    daily_backup,
    integrity_problems,
    known_revisions,
    list_backups,
    make_engine,
    migrations_dir,
    open_store,
    read_revision,
)
from floorcon.models import ChangeLog, Client, ClientConsent, CoachingNote, FollowUp, Sale
from floorcon.services import kpi
from floorcon.services.capture import add_note, complete_followup
from floorcon.services.dashboard import followups_pane
from floorcon.services.privacy import (
    erase_client,
    history,
    purge_expired,
    record_consent,
)
from floorcon.tui.app import FloorconApp
from floorcon.tui.modals.history import HistoryScreen

from .conftest import TODAY, Shop, assert_one_error_line, build_small, make_settings, run

HEAD = known_revisions()[1]
MARKERS = ("ZQXNAME", "ZQXFAMILY", "+33 6 99 88 77 66", "zqx.marker@example.com")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def store_at(settings, revision: str):
    """A store file brought only to `revision`, as an older floorcon left it."""
    from alembic import command

    from floorcon.db import alembic_config, prepare_data_dir

    prepare_data_dir(settings.store_path)
    engine = make_engine(settings.store_path)
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
    engine.dispose()


# -- permissions ------------------------------------------------------------------------------


@pytest.mark.sqlite_only("the store file's permissions")
def test_folder_and_files_are_private(settings, clock):
    store = open_store(settings)
    build_small(store, clock)
    with store.read() as s:  # keep a connection open: -wal and -shm exist now
        s.exec(select(Client)).first()
        folder = settings.store_path.parent
        assert mode(folder) == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{settings.store_path}{suffix}")) == 0o600, suffix
    store.dispose()


@pytest.mark.sqlite_only("SQLite's secure_delete")
def test_every_connection_has_secure_delete(store):
    with store.read() as s:
        assert s.connection().exec_driver_sql("PRAGMA secure_delete").scalar() == 1


# -- upgrades ---------------------------------------------------------------------------------


@pytest.mark.sqlite_only("a backup file before an upgrade")
def test_upgrade_backs_up_first_and_keeps_the_data(settings, clock):
    store_at(settings, "0001")
    raw = sqlite3.connect(settings.store_path)
    raw.execute("INSERT INTO boutique (code, name, timezone, currency, created_at) "
                "VALUES ('TST', 'Maison Test', 'Europe/Paris', 'EUR', '2026-01-01 00:00:00')")
    raw.execute("INSERT INTO associate (boutique_id, initials, first_name, last_name, role, specialties, "
                "languages, active) VALUES (1, 'SOP', 'Sophie', 'Martin', 'SA', '', '', 1)")
    raw.commit()
    raw.close()
    store = open_store(settings)
    store.dispose()
    assert read_revision(settings.store_path) == HEAD
    [made] = list_backups(settings.store_path)
    assert f"before-{HEAD}" in made.name and integrity_problems(made) == []
    assert read_revision(made) == "0001"  # the backup is the store as it was
    assert mode(made) == 0o600
    conn = sqlite3.connect(settings.store_path)
    assert conn.execute("SELECT initials FROM associate").fetchall() == [("SOP",)]
    conn.close()


@pytest.mark.sqlite_only("the file, its backup and integrity; the server's case is in test_server.py")
def test_a_failed_upgrade_leaves_the_store_at_its_old_revision(settings, clock, tmp_path):
    store = open_store(settings)
    build_small(store, clock)
    store.dispose()
    broken = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), broken)
    (broken / "versions" / "9999_broken.py").write_text(textwrap.dedent(f'''
        """a migration that fails half-way"""
        import sqlalchemy as sa
        from alembic import op

        revision = "9999"
        down_revision = "{HEAD}"
        branch_labels = None
        depends_on = None


        def upgrade():
            op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
            op.execute("UPDATE associate SET first_name = 'changed'")
            raise RuntimeError("disk full")


        def downgrade():
            pass
    '''))
    with pytest.raises(StoreError, match=f"unchanged at schema {HEAD}"):
        open_store(settings, script_location=broken)
    assert read_revision(settings.store_path) == HEAD
    conn = sqlite3.connect(settings.store_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    names = {r[0] for r in conn.execute("SELECT first_name FROM associate")}
    conn.close()
    assert "half_done" not in tables
    assert names == {"Sophie", "Louis", "Aiko", "Marc"}
    assert any("before-9999" in b.name for b in list_backups(settings.store_path))
    assert integrity_problems(settings.store_path) == []


@pytest.mark.sqlite_only("the file left byte-identical; the server's case is in test_server.py")
def test_a_store_from_a_newer_floorcon_is_refused_untouched(settings, clock, shop: Shop):
    conn = sqlite3.connect(shop.db)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(shop.db)
    with pytest.raises(StoreError, match="newer floorcon"):
        open_store(make_settings(shop.db))
    result = run(shop, "today")
    assert result.returncode == 1
    assert_one_error_line(result.stderr, "written by a newer floorcon", "update floorcon")
    assert digest(shop.db) == before


# -- damaged files ----------------------------------------------------------------------------


def zeroed_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


def garbage(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this is a spreadsheet, not a store" * 100)


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.sqlite_only("damaged SQLite headers")
@pytest.mark.parametrize("damage", [zeroed_header, garbage, truncated])
def test_a_damaged_store_is_refused_with_the_way_back(shop: Shop, damage):
    result = run(shop, "db", "backup")
    assert result.returncode == 0, result.stderr
    for suffix in ("-wal", "-shm"):
        Path(f"{shop.db}{suffix}").unlink(missing_ok=True)
    damage(shop.db)
    before = digest(shop.db)
    with pytest.raises(DamagedStore):
        open_store(make_settings(shop.db))
    for command in (["today"], ["note", "SOP", "text"], []):
        result = run(shop, *command)
        assert result.returncode == 1
        assert_one_error_line(result.stderr, "floorcon db restore")
        assert digest(shop.db) == before  # never overwritten
    check = run(shop, "db", "check")
    assert check.returncode == 1 and "Traceback" not in check.stdout + check.stderr
    # the way back works
    restored = run(shop, "db", "restore")
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    kept = next(p for p in shop.db.parent.glob("floorcon.db.replaced-*") if not p.name.endswith("-shm")
                and not p.name.endswith("-wal"))
    assert digest(kept) == before
    today = run(shop, "today", "--format", "json")
    assert today.returncode == 0 and '"net_sales": 1700000' in today.stdout
    assert run(shop, "db", "check").returncode == 0


# -- backups ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only("backup files")
def test_daily_backup_once_a_day_keeping_the_last_n(settings, store, small):
    first = daily_backup(settings.store_path, TODAY, keep=3)
    assert first is not None and integrity_problems(first) == [] and mode(first) == 0o600
    assert daily_backup(settings.store_path, TODAY, keep=3) is None  # once a day
    for n in range(1, 6):
        made = daily_backup(settings.store_path, TODAY + timedelta(days=n), keep=3)
        assert made is not None
    names = sorted(b.name for b in list_backups(settings.store_path))
    assert names == ["floorcon-2026-11-28.db", "floorcon-2026-11-29.db", "floorcon-2026-11-30.db"]


@pytest.mark.sqlite_only("backup files")
async def test_the_app_makes_the_days_backup(settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)):
        await app.workers.wait_for_complete()
    assert [b.name for b in list_backups(settings.store_path)] == ["floorcon-2026-11-25.db"]


async def test_the_days_upkeep_waits_for_the_dashboard_and_runs_once(settings, store, clock, small,
                                                                    monkeypatch):
    """The manager sees the day before the purge and the rules run; a second start that day
    finds them done (the day is kept in the store, for every terminal)."""
    from floorcon.models import Boutique
    from floorcon.services import upkeep

    calls: list[tuple[bool, bool]] = []  # (dashboard showing the store, upkeep done by this call)
    real = upkeep.daily_upkeep

    def spy(session, boutique_id, clock, settings):  # type: ignore[no-untyped-def]
        shown = app.screen.data is not None  # type: ignore[attr-defined]
        result = real(session, boutique_id, clock, settings)
        calls.append((shown, result is not None))
        return result

    monkeypatch.setattr(upkeep, "daily_upkeep", spy)
    for _ in range(2):
        app = FloorconApp(settings, store, clock, watch_interval=60)
        async with app.run_test(size=(140, 42)):
            await app.workers.wait_for_complete()
    assert calls == [(True, True), (True, False)]
    with store.read() as s:
        assert s.get(Boutique, store.boutique_id).upkeep_day == TODAY


@pytest.mark.sqlite_only("backup files; the server's commands are in test_server.py")
def test_db_commands(shop: Shop):
    made = run(shop, "db", "backup")
    assert made.returncode == 0 and made.stdout.startswith("Backup verified: ")
    check = run(shop, "db", "check")
    assert check.returncode == 0 and "ok" in check.stdout
    info = run(shop, "db", "info")
    assert info.returncode == 0 and f"Schema      {HEAD}" in info.stdout
    up = run(shop, "db", "upgrade")
    assert up.returncode == 0 and f"already at schema {HEAD}" in up.stdout
    target = shop.root / "copy.db"
    assert run(shop, "db", "backup", "--to", str(target)).returncode == 0
    assert integrity_problems(target) == []
    again = run(shop, "db", "backup", "--to", str(target))
    assert again.returncode == 2
    assert_one_error_line(again.stderr, "already exists")


@pytest.mark.sqlite_only("backup files")
def test_restore_refuses_an_unsound_backup(shop: Shop):
    bad = shop.root / "bad.db"
    garbage(bad)
    before = digest(shop.db)
    result = run(shop, "db", "restore", str(bad))
    assert result.returncode == 1
    assert_one_error_line(result.stderr, "not a sound backup", "nothing was changed")
    assert digest(shop.db) == before


# -- the change log ---------------------------------------------------------------------------


def test_change_log_records_who_what_when(settings, store, clock, small):
    with store.write() as s:
        note = add_note(s, store.boutique_id, associate_id=small.sop, moment="closing",
                        kind="recognition", text="Lovely close", noted_at=clock.now_utc(), author="SM")
        complete_followup(s, store.boutique_id, small.overdue, "Card sent", clock.now_utc())
    with store.write() as s:
        s.delete(s.get(CoachingNote, note.id))
    with store.read() as s:
        note_log = history(s, "coachingnote", note.id)
        fu_log = history(s, "followup", small.overdue)
    assert [e.action for e in note_log] == ["delete", "create"]
    assert note_log[1].actor == "SM" and "text" in note_log[1].fields.split(",")
    assert fu_log[0].action == "update"
    assert set(fu_log[0].fields.split(",")) == {"status", "outcome", "done_at"}
    # the log holds names of fields, never their values
    assert all("Card sent" not in e.fields for e in fu_log)


def test_a_rolled_back_edit_leaves_no_entry(store, clock, small):
    with store.read() as s:
        before = len(s.exec(select(ChangeLog)).all())
    with pytest.raises(RuntimeError), store.write() as s:
        complete_followup(s, store.boutique_id, small.upcoming, "Called", clock.now_utc())
        raise RuntimeError("power cut before commit")
    with store.read() as s:
        assert len(s.exec(select(ChangeLog)).all()) == before
        assert s.get(FollowUp, small.upcoming).status == "open"


def test_columns_reads_in_the_session_and_sees_what_it_has_not_flushed_yet(store, clock, small):
    """The services' column queries run through Core, not the ORM: in the same transaction, with
    the ORM's autoflush (a pane asked in the middle of a capture counts the new note), and none
    inside no_autoflush."""
    count = select(CoachingNote.id).where(CoachingNote.boutique_id == store.boutique_id)
    with store.read() as s:
        before = len(columns(s, count, {}).all())
    with store.write() as s:
        s.add(CoachingNote(boutique_id=store.boutique_id, associate_id=small.sop, noted_at=clock.now_utc(),
                           moment="closing", kind="recognition", text="Flushed before the count",
                           author="SM"))
        with s.no_autoflush:
            assert len(columns(s, count, {}).all()) == before
        assert len(columns(s, count, {}).all()) == before + 1
        s.rollback()
    with store.read() as s:
        assert len(columns(s, count, {}).all()) == before  # rolled back with the session


async def test_history_is_viewable_in_the_app(settings, store, clock, small):
    with store.write() as s:
        complete_followup(s, store.boutique_id, small.upcoming, "Watch collected", clock.now_utc())
        s.get(FollowUp, small.upcoming).status = "open"  # re-opened: a second change
    app = FloorconApp(settings, store, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#followups-table")
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        rows = app.screen.query_one("#history-table")
        assert rows.row_count == 3  # created, done, re-opened
        assert [str(c) for c in rows.get_row_at(2)][1:3] == ["SM", "create"]


# -- consent and client rights ----------------------------------------------------------------


def test_consent_per_channel_latest_decision_wins(store, clock, small):
    with store.write() as s:
        record_consent(s, store.boutique_id, small.vic1, "email", True, clock.now_utc(), "in boutique", "SM")
        record_consent(s, store.boutique_id, small.vic1, "sms", True, clock.now_utc(), "web form", "SM")
        record_consent(s, store.boutique_id, small.vic1, "sms", False,
                       clock.now_utc() + timedelta(minutes=1), "phone call", "SM")
    with store.read() as s:
        rows = followups_pane(s, store.boutique_id, TODAY, 3)
        kept = s.exec(select(ClientConsent).where(ClientConsent.channel == "sms")).all()
    assert rows[0].client_id == small.vic1 and rows[0].channels == ("email",)
    assert rows[1].channels == ()  # nothing recorded: no outreach channel
    assert len(kept) == 2  # history is kept


def test_client_export_holds_everything(shop: Shop):
    out = shop.root / "export.json"
    result = run(shop, "client", "export", "C100001", "--out", str(out))
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["client"]["last_name"] == "Dubois"
    assert len(data["purchases"]) == 2 and len(data["follow_ups"]) == 2
    assert mode(out) == 0o600


def seed_markers(store, client_id: int) -> None:
    with store.write() as s:
        client = s.get(Client, client_id)
        client.first_name, client.last_name, client.phone, client.email = MARKERS
        client.preferences = "ZQXPREF likes rose gold"
        client.profile_updated_at = datetime(2026, 11, 1, tzinfo=UTC)


def test_erase_removes_the_bytes_and_keeps_the_figures(settings, store, clock, small):
    seed_markers(store, small.vic1)
    start, end = clock.range_bounds(date(2026, 11, 1), TODAY)
    with store.read() as s:
        figures = kpi.sales_figures(s, store.boutique_id, start, end)
        newcomers = kpi.new_clients(s, store.boutique_id, start, end)
    with store.write() as s:
        record_consent(s, store.boutique_id, small.vic1, "email", True, clock.now_utc(), "web", "SM")
    with store.write() as s:
        erase_client(s, store.boutique_id, small.vic1, clock.now_utc())
    store.checkpoint()
    with store.read() as s:
        assert kpi.sales_figures(s, store.boutique_id, start, end) == figures
        assert kpi.new_clients(s, store.boutique_id, start, end) == newcomers
        client = s.get(Client, small.vic1)
        assert client.last_name == "Erased client" and client.erased_at is not None
        assert client.channels == ""  # the e-mail consent went with the client
        assert s.exec(select(ClientConsent).where(ClientConsent.client_id == small.vic1)).all() == []
        assert len(s.exec(select(Sale).where(Sale.client_id == small.vic1)).all()) == 2
    if store.on_server:  # the server's files are the server's (see the README)
        return
    for path in settings.store_path.parent.glob("floorcon.db*"):
        data = path.read_bytes()
        for marker in (*MARKERS, "ZQXPREF"):
            assert marker.encode() not in data, (path.name, marker)


def test_erase_from_the_shell_needs_yes(shop: Shop):
    refused = run(shop, "client", "erase", "C100001")
    assert refused.returncode == 2
    assert_one_error_line(refused.stderr, "--yes")
    done = run(shop, "client", "erase", "C100001", "--yes")
    assert done.returncode == 0 and "kept, anonymous" in done.stdout


def test_retention_purges_old_profiling_only(store, clock, small):
    with store.write() as s:
        old, recent = s.get(Client, small.vic1), s.get(Client, small.vic2)
        old.preferences, old.profile_updated_at = "rose gold", datetime(2024, 1, 1, tzinfo=UTC)
        recent.preferences, recent.profile_updated_at = "platinum", datetime(2026, 10, 1, tzinfo=UTC)
        s.get(CoachingNote, 1).client_id = small.vic2
    with store.write() as s:
        assert purge_expired(s, store.boutique_id, clock.now_utc(), 24) == 1
    with store.read() as s:
        assert s.get(Client, small.vic1).preferences == ""
        assert s.get(Client, small.vic2).preferences == "platinum"
        assert s.get(CoachingNote, 1).client_id == small.vic2  # today's note: within retention


# -- discretion -------------------------------------------------------------------------------


CRASH_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.conftest import make_settings, NOW
from floorcon.clock import Clock
from floorcon.db import open_store
from floorcon.tui.app import FloorconApp
from floorcon.tui.screens import dashboard

def explode(self, data):
    client_name = data.followups[0].client  # a local holding personal data
    raise ValueError("cannot draw " + client_name)

dashboard.DashboardScreen.show = explode
settings = make_settings(Path({db!r}))
app = FloorconApp(settings, open_store(settings), Clock(settings, fixed=NOW), watch_interval=60)
app.run(headless=True, size=(140, 42))
sys.exit(app.return_code or 0)
"""


@pytest.mark.sqlite_only("the crash script opens the store file")
def test_a_crash_shows_no_client_data(settings, store, clock, small):
    seed_markers(store, small.vic1)
    store.dispose()
    root = str(Path(__file__).resolve().parents[1])
    script = CRASH_SCRIPT.format(root=root, db=str(settings.store_path))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            encoding="utf-8", timeout=120)
    shown = result.stdout + result.stderr
    assert result.returncode == 1
    assert "floorcon stopped on an unexpected error (ValueError)" in shown
    log = settings.data_dir / "floorcon.log"
    assert log.exists() and mode(log) == 0o600
    for marker in MARKERS:
        assert marker not in shown
        assert marker not in log.read_text(encoding="utf-8")
    assert "in explode" in log.read_text(encoding="utf-8")


async def test_discreet_mode_masks_names_and_amounts(settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.pause()
        boutique = [str(c) for c in app.screen.query_one("#targets-table").get_row("boutique")]
        assert "€ •••" in boutique and "€ 17,000" not in boutique
        first = str(app.screen.query_one("#followups-table").get_row_at(0)[3])
        assert first.startswith("Mme D•••") and "Hélène" not in first
        assert "discreet" in str(app.screen.query_one("#topbar").render())
        await pilot.press("m")
        await pilot.pause()
        await pilot.pause()
        boutique = [str(c) for c in app.screen.query_one("#targets-table").get_row("boutique")]
        assert "€ 17,000" in boutique


async def test_discreet_mode_comes_on_when_idle(settings, store, clock, small):
    idle = replace(settings, discreet_after_minutes=5)
    app = FloorconApp(idle, store, clock, watch_interval=60)
    async with app.run_test(size=(140, 42)) as pilot:
        await app.workers.wait_for_complete()
        app._discreet_when_idle()
        assert not app.discreet  # just started
        app._last_input -= 5 * 60
        app._discreet_when_idle()
        assert app.discreet
        await pilot.press("m")
        assert not app.discreet


def test_discreet_dashboard_snapshot(snap_compare, settings, store, clock, small):
    app = FloorconApp(settings, store, clock, watch_interval=60)

    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("m")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(140, 42), run_before=run_before)


def test_no_client_data_in_the_store_error_messages(store, small):
    """SQLAlchemy errors never carry the values: they could be a client's phone."""
    with pytest.raises(Exception) as caught, store.write() as s:
        s.add(Client(boutique_id=store.boutique_id, number="C100001", last_name="ZQXFAMILY",
                     phone="+33 6 99 88 77 66", created_at=datetime.now(UTC)))
        s.flush()
    assert "ZQXFAMILY" not in str(caught.value) and "99 88" not in str(caught.value)
    assert "hidden" in str(caught.value)
