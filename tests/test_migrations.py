"""The migrations build exactly the models' schema, both ways, from the app and from `alembic`."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import select

from floorcon.db import alembic_config, make_engine, make_server_engine, open_store, upgrade
from floorcon.models import Boutique, for_dialect, load_all

from .conftest import make_settings, on_server, store_url

REPO = Path(__file__).parents[1]


def schema_diff(engine: Engine) -> list:
    """What autogenerate would still write: [] when the file matches the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": for_dialect(conn.dialect.name)})
        return compare_metadata(context, load_all())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def user_tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def empty_store(path: Path) -> Engine:
    """An empty store: a new SQLite file, or a new, empty schema on the server."""
    return make_server_engine(store_url(path, migrated=False)) if on_server() else make_engine(path)


def test_upgrade_on_an_empty_file_gives_the_models_schema(tmp_path: Path) -> None:
    engine = empty_store(tmp_path / "empty.db")
    try:
        upgrade(engine)
        assert schema_diff(engine) == []
        assert user_tables(engine) == set(load_all().tables)
        assert current_revision(engine) == head()
    finally:
        engine.dispose()


def test_alembic_command_line_from_the_repository(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    env = {k: v for k, v in os.environ.items()
           if k not in ("FLOORCON_CONFIG", "FLOORCON_DB", "FLOORCON_DATABASE_URL")}
    if on_server():
        env["FLOORCON_DATABASE_URL"] = store_url(db, migrated=False)
    else:
        env["FLOORCON_DB"] = str(db)
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", "pyproject.toml", "upgrade", "head"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    engine = make_server_engine(store_url(db)) if on_server() else make_engine(db)
    try:
        assert schema_diff(engine) == []
        assert current_revision(engine) == head()
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = empty_store(tmp_path / "round.db")
    cfg = alembic_config()
    try:
        upgrade(engine)
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
            conn.commit()
        assert user_tables(engine) == set()
        assert current_revision(engine) is None
        upgrade(engine)
        assert schema_diff(engine) == []
        assert user_tables(engine) == set(load_all().tables)
    finally:
        engine.dispose()


def test_open_store_twice_is_idempotent(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data" / "floorcon.db")
    first = open_store(settings)
    first.dispose()
    second = open_store(settings)
    try:
        assert second.boutique_id == first.boutique_id
        with second.read() as session:
            rows = list(session.exec(select(Boutique)))
        assert [(b.code, b.name) for b in rows] == [("TST", "Maison Test")]
        assert schema_diff(second.engine) == []
        assert current_revision(second.engine) == head()
    finally:
        second.dispose()
    # A renamed boutique in the config updates its row rather than adding one.
    renamed = open_store(replace(settings, boutique_name="Maison Test Rivoli"))
    try:
        with renamed.read() as session:
            rows = list(session.exec(select(Boutique)))
        assert [(b.id, b.name) for b in rows] == [(first.boutique_id, "Maison Test Rivoli")]
    finally:
        renamed.dispose()


@pytest.mark.sqlite_only("file permissions")
def test_new_store_file_is_private(tmp_path: Path) -> None:
    store = open_store(make_settings(tmp_path / "private" / "floorcon.db"))
    store.dispose()
    assert (tmp_path / "private" / "floorcon.db").stat().st_mode & 0o077 == 0
    assert (tmp_path / "private").stat().st_mode & 0o077 == 0


def test_revisions_read_from_file_names_match_alembic() -> None:
    """open_store skips Alembic for a current store: its cheap view must be Alembic's view."""
    from alembic.script import ScriptDirectory

    from floorcon.db import alembic_config, known_revisions

    scripts = ScriptDirectory.from_config(alembic_config())
    known, head = known_revisions()
    assert head == scripts.get_current_head()
    assert known == {rev.revision for rev in scripts.walk_revisions()}
    for rev in scripts.walk_revisions():  # a straight line: each revises the one before
        if rev.down_revision is not None:
            assert int(rev.revision) == int(rev.down_revision) + 1


def test_0012_fills_each_clients_channels_from_the_decisions_in_force(tmp_path: Path) -> None:
    """Client.channels starts as the consents already recorded say: per channel the newest
    decision by moment, then by id for the same moment; a channel withdrawn is left out."""
    engine = empty_store(tmp_path / "channels.db")
    cfg = alembic_config()
    try:
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0011")
            conn.execute(text("INSERT INTO boutique (code, name, timezone, currency, created_at) VALUES "
                              "('TST', 'Maison Test', 'Europe/Paris', 'EUR', '2026-01-01 00:00:00')"))
            conn.execute(text("INSERT INTO client (boutique_id, number, title, first_name, last_name, "
                              "segment, phone, email, language, created_at) VALUES "
                              "(1, :n, '', '', 'X', 'VIC', '', '', '', '2026-01-01 00:00:00')"),
                         [{"n": n} for n in ("C1", "C2", "C3")])
            decisions = [  # client, channel, granted, recorded_at
                (1, "phone", True, "2026-03-01 10:00"), (1, "phone", False, "2026-02-01 10:00"),  # older
                (1, "email", True, "2026-01-05 10:00"),
                (2, "sms", True, "2026-04-01 10:00"), (2, "sms", False, "2026-04-01 10:00"),  # the later row
                (2, "mail", True, "2026-04-01 10:00"), (2, "email", False, "2026-04-02 10:00"),
            ]
            conn.execute(text("INSERT INTO clientconsent (boutique_id, client_id, channel, granted, "
                              "recorded_at, source, recorded_by) VALUES "
                              "(1, :c, :ch, :g, :at, 'in boutique', 'SM')"),
                         [{"c": c, "ch": ch, "g": g, "at": at + ":00"} for c, ch, g, at in decisions])
            conn.commit()
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT number, channels FROM client ORDER BY id")).all() == [
                ("C1", "email,phone"), ("C2", "mail"), ("C3", "")]
    finally:
        engine.dispose()
