"""The shared PostgreSQL store: the URL in config and environment, one-line messages when the
server cannot be reached, refuses the credentials or holds a newer schema (never the password),
the upkeep commands on a server, LISTEN / NOTIFY, and a new database migrated in one go.

Tests marked postgres_only run with `--store=postgres`; the others on either store.
"""

from __future__ import annotations

import socket
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import make_url
from sqlmodel import select

from floorcon.cli import main
from floorcon.config import ConfigError, load_settings, mask_url
from floorcon.db import ServerWatcher, StoreError, known_revisions, open_store
from floorcon.models import Associate, CoachingNote

from . import conftest
from .conftest import Shop, assert_one_error_line, make_settings, store_url
from .test_config import clean_env, write_config  # noqa: F401  (clean_env is a fixture)

SECRET = "s3cr3t-Pa55"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql://fc:s3cret@db.example:5432/floorcon?sslmode=verify-full",
     "postgresql://fc:***@db.example:5432/floorcon?sslmode=verify-full"),
    ("postgresql://fc:p@ss/word@db/x", "postgresql://fc:***@db/x"),
    ("postgresql://fc@db/x?sslmode=require&password=hunter2",
     "postgresql://fc@db/x?sslmode=require&password=***"),
    ("postgresql:///floorcon", "postgresql:///floorcon"),
])
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_database_url_from_the_config_the_environment_or_db(clean_env: Path, monkeypatch) -> None:  # noqa: F811
    url = "postgresql://fc:s3cret@db.example:5432/floorcon?sslmode=verify-full"
    path = write_config(clean_env / "config.toml", {"database": {"url": url}})
    settings = load_settings(path)
    assert settings.on_server
    assert settings.database_url == f"postgresql+psycopg://{url.split('://')[1]}"
    assert settings.store_label == "postgresql+psycopg://fc:***@db.example:5432/floorcon?sslmode=verify-full"
    monkeypatch.setenv("FLOORCON_DATABASE_URL", "postgres://other@host/region")
    assert load_settings(path).database_url == "postgresql+psycopg://other@host/region"
    # --db names a SQLite file: it wins over any URL.
    by_flag = load_settings(path, db=clean_env / "shop.db")
    assert (by_flag.on_server, by_flag.store_path) == (False, clean_env / "shop.db")
    monkeypatch.delenv("FLOORCON_DATABASE_URL")
    monkeypatch.setenv("FLOORCON_DB", str(clean_env / "env.db"))
    assert not load_settings(path).on_server
    monkeypatch.delenv("FLOORCON_DB")
    assert not load_settings(write_config(clean_env / "plain.toml", {})).on_server


@pytest.mark.parametrize(("table", "message"), [
    ({"url": f"mysql://fc:{SECRET}@db/x"}, "database.url: 'mysql://fc:***@db/x' is not a PostgreSQL URL"),
    ({"url": 5}, "database.url must be text"),
    ({"path": "x"}, "database.path: unknown key (use url)"),
])
def test_a_bad_database_url_names_the_key_not_the_password(clean_env: Path, table, message) -> None:  # noqa: F811
    path = write_config(clean_env / "config.toml", {"database": table})
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert message in str(caught.value)
    assert SECRET not in str(caught.value)


def _server_config(tmp_path: Path, url: str) -> Path:
    return write_config(tmp_path / "server.toml", {**conftest.CONFIG, "database": {"url": url}})


def test_an_unreachable_server_is_one_line(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("FLOORCON_DATABASE_URL", raising=False)
    monkeypatch.delenv("FLOORCON_DB", raising=False)
    url = f"postgresql://fc:{SECRET}@127.0.0.1:{closed_port()}/floorcon"
    code = main(["--config", str(_server_config(tmp_path, url)), "today"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert_one_error_line(err, "fc:***@127.0.0.1", "cannot reach the PostgreSQL server", "refused")
    assert SECRET not in err


# -- on a server -----------------------------------------------------------------------------


def _with_password(url: str, password: str) -> str:
    return make_url(url).set(password=password).render_as_string(hide_password=False)


@pytest.mark.postgres_only("the server refuses a wrong password")
def test_refused_credentials_and_a_missing_database_are_one_line(store, tmp_path: Path, capsys,
                                                                  monkeypatch) -> None:
    monkeypatch.delenv("FLOORCON_DATABASE_URL", raising=False)
    url = store.engine.url.render_as_string(hide_password=False)
    code = main(["--config", str(_server_config(tmp_path, _with_password(url, SECRET))), "today"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert_one_error_line(err, ":***@", "the server refused the credentials of", "~/.pgpass")
    assert SECRET not in err
    missing = make_url(url).set(database="floorcon_no_such_db").render_as_string(hide_password=False)
    code = main(["--config", str(_server_config(tmp_path, missing)), "associates"])
    out, err = capsys.readouterr()
    assert code == 2
    assert_one_error_line(err, "floorcon_no_such_db", "no such database on the server")
    assert make_url(url).password not in err


@pytest.mark.postgres_only("a server database written by a newer floorcon")
def test_a_newer_schema_is_refused_and_left_alone(shop: Shop, capsys) -> None:
    store = open_store(make_settings(shop.db))
    with store.write() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    store.dispose()
    with pytest.raises(StoreError, match="newer floorcon"):
        open_store(make_settings(shop.db))
    code = main(["--config", str(shop.config), "today"])
    _, err = capsys.readouterr()
    assert code == 1
    assert_one_error_line(err, "written by a newer floorcon (schema 0099)", "update floorcon", ":***@")
    import psycopg


    with psycopg.connect(store_url(shop.db).replace("postgresql+psycopg", "postgresql")) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0099",)]


@pytest.mark.postgres_only("the server's own backups")
def test_upkeep_commands_on_a_server(shop: Shop, capsys) -> None:
    for args in (["db", "backup"], ["db", "restore"], ["db", "backup", "--to", "x.db"]):
        code = main(["--config", str(shop.config), *args])
        out, err = capsys.readouterr()
        assert (code, out) == (2, "")
        assert_one_error_line(err, "the store is on PostgreSQL", "use the server's backups", "db copy --to")
    code = main(["--config", str(shop.config), "db", "check"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert f"ok (server reachable, schema {known_revisions()[1]}" in out and ":***@" in out
    code = main(["--config", str(shop.config), "db", "upgrade"])
    out, _ = capsys.readouterr()
    assert (code, out.strip().endswith(f"already at schema {known_revisions()[1]}")) == (0, True)
    code = main(["--config", str(shop.config), "db", "info"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "(PostgreSQL, database" in out and "Associates  4" in out and "the server's" in out
    store = open_store(make_settings(shop.db))
    with store.write() as s:
        s.connection().exec_driver_sql("DROP TABLE focusstory")
    store.dispose()
    code = main(["--config", str(shop.config), "db", "check"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "1 problem(s)" in out and "missing table focusstory" in out


@pytest.mark.postgres_only("a new, empty database")
def test_a_new_server_database_is_migrated_in_one_go(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "empty.db")
    settings = replace(settings, database_url=store_url(tmp_path / "new.db", migrated=False))
    store = open_store(settings)
    try:
        with store.read() as s:
            revision = s.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            assert revision == known_revisions()[1]
            assert s.exec(select(Associate)).all() == []
    finally:
        store.dispose()


@pytest.mark.postgres_only("LISTEN / NOTIFY")
def test_the_watcher_hears_other_writers_commits_only(store, small, settings) -> None:
    other = open_store(settings)
    watcher = store.watcher()
    assert isinstance(watcher, ServerWatcher)
    try:
        assert watcher.changed() is False
        with other.write() as s:
            s.add(CoachingNote(boutique_id=other.boutique_id, associate_id=small.sop, moment="welcome",
                               kind="observation", text="Seen from the other terminal",
                               noted_at=conftest_now()))
        assert watcher.changed(wait=10) is True
        assert watcher.changed(wait=0.3) is False  # heard once
        with other.write() as s:  # reads only: nothing to tell
            s.exec(select(Associate)).all()
        assert watcher.changed(wait=0.3) is False
        with pytest.raises(RuntimeError), other.write() as s:  # rolled back: nothing to tell
            s.add(CoachingNote(boutique_id=other.boutique_id, associate_id=small.sop, moment="welcome",
                               kind="observation", text="never saved", noted_at=conftest_now()))
            s.flush()
            raise RuntimeError("cancelled")
        assert watcher.changed(wait=0.3) is False
        # A lost connection: the next call reconnects and says "changed", as writes may be missed.
        watcher._conn.close()  # type: ignore[union-attr]
        assert watcher.changed() is False
        assert watcher.changed() is True
    finally:
        watcher.close()
        other.dispose()


def conftest_now():  # type: ignore[no-untyped-def]
    from floorcon.clock import Clock

    return Clock(make_settings(Path("x.db")), fixed=conftest.NOW).now_utc()


def test_open_store_raises_nothing_but_one_sentence_for_a_bad_server(tmp_path: Path) -> None:
    settings = replace(make_settings(tmp_path / "x.db"),
                       database_url=f"postgresql+psycopg://fc:{SECRET}@127.0.0.1:{closed_port()}/x")
    with pytest.raises(StoreError) as caught:
        open_store(settings)
    assert "cannot reach the PostgreSQL server" in str(caught.value)
    assert SECRET not in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.postgres_only("an upgrade rolled back on the server")
def test_a_failed_upgrade_leaves_the_server_at_its_old_revision(store, small, settings, tmp_path) -> None:
    import shutil
    import textwrap

    from floorcon.db import migrations_dir

    head = known_revisions()[1]
    store.dispose()
    broken = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), broken)
    (broken / "versions" / "9999_broken.py").write_text(textwrap.dedent(f'''
        """a migration that fails half-way"""
        import sqlalchemy as sa
        from alembic import op

        revision = "9999"
        down_revision = "{head}"


        def upgrade():
            op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
            op.execute("UPDATE associate SET first_name = 'changed'")
            raise RuntimeError("disk full")
    '''))
    with pytest.raises(StoreError, match=f"upgrade to schema 9999 failed .*unchanged at schema {head}"):
        open_store(settings, script_location=broken)
    reopened = open_store(settings)
    try:
        with reopened.read() as s:
            conn = s.connection()
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
            assert conn.exec_driver_sql("SELECT to_regclass('half_done')").scalar() is None
            names = {a.first_name for a in s.exec(select(Associate))}
        assert names == {"Sophie", "Louis", "Aiko", "Marc"}
    finally:
        reopened.dispose()
