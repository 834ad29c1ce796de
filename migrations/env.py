"""Alembic environment on SQLModel.metadata, batch mode for SQLite's limited ALTER TABLE.

The app passes its own connection in `config.attributes["connection"]`; on the command line
(`alembic upgrade head` from the repository) the URL is `sqlalchemy.url` when an .ini sets it,
else the configured store (FLOORCON_DATABASE_URL or FLOORCON_DB overrides it).
"""

from alembic import context
from sqlalchemy import create_engine

from floorcon.models import for_dialect, load_all

config = context.config
target_metadata = load_all()


def _url() -> str:
    if config.file_config.has_section(config.config_ini_section):
        url = config.get_main_option("sqlalchemy.url")
        if url:
            return url
    from floorcon.config import load_settings

    settings = load_settings()
    return settings.database_url or f"sqlite:///{settings.store_path}"


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=for_dialect(connection.dialect.name),
        # SQLite can roll DDL back: run every step in the caller's one transaction, so a
        # failed upgrade leaves the store exactly at its old revision.
        transactional_ddl=True,
        transaction_per_migration=False,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(), target_metadata=target_metadata, render_as_batch=True,
        literal_binds=True, compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(_url())
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
