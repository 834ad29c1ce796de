"""`floorcon db …` (backup, restore, check, upgrade, info) and `floorcon client …` (export,
erase, consent, purge): the store's upkeep and the clients' rights, from the shell."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cli_clients import add_client_actions
from .errors import DamagedStore, StoreError
from .services.parsing import InputError

if TYPE_CHECKING:
    from .cli import Context
    from .config import Settings


def add_commands(sub: Any, common: argparse.ArgumentParser, parser_class: type) -> None:
    """Register the `db` and `client` command groups on the main parser."""
    db = sub.add_parser("db", help="store upkeep: backup, restore, check, upgrade, info",
                        description="Look after the store: verified backups, restore, integrity "
                                    "check, schema upgrade.")
    db_sub = db.add_subparsers(title="db commands", metavar="ACTION", required=True,
                               parser_class=parser_class)
    p = db_sub.add_parser("backup", parents=[common], help="make a verified backup now")
    p.add_argument("--to", metavar="FILE", help="where (default: the backups folder beside the store)")
    p.set_defaults(handler=cmd_db_backup)
    p = db_sub.add_parser("restore", parents=[common],
                          help="put a verified backup in place (the current file is kept aside)")
    p.add_argument("backup", nargs="?", metavar="FILE", help="the backup (default: the latest)")
    p.set_defaults(handler=cmd_db_restore)
    p = db_sub.add_parser("check", parents=[common], help="integrity and foreign-key check")
    p.set_defaults(handler=cmd_db_check)
    p = db_sub.add_parser("upgrade", parents=[common],
                          help="bring the store to this floorcon's schema (backed up first)")
    p.set_defaults(handler=cmd_db_upgrade)
    p = db_sub.add_parser("info", parents=[common], help="where the store is, its schema, its backups")
    p.set_defaults(handler=cmd_db_info)
    p = db_sub.add_parser("copy", parents=[common],
                          help="copy this boutique's store to or from another (SQLite file or PostgreSQL)",
                          description="Copy the configured boutique's rows, table by table in one "
                                      "transaction on the target, between the configured store and "
                                      "another: a SQLite file or a postgresql:// URL. Row counts are "
                                      "verified before the copy commits.")
    way = p.add_mutually_exclusive_group(required=True)
    way.add_argument("--to", dest="copy_to", metavar="URL|FILE", help="copy the configured store there")
    way.add_argument("--from", dest="copy_from", metavar="URL|FILE", help="copy from there into the "
                                                                         "configured store")
    p.add_argument("--replace", action="store_true",
                   help="replace the boutique's rows on the target when it already holds some")
    p.set_defaults(handler=cmd_db_copy)

    client = sub.add_parser("client", help="a client: search, show, set, contact, reassign; export, erase, "
                                           "consent; retention purge",
                            description="The client's rights: everything held about them, erasure, "
                                        "consent per channel.")
    c_sub = client.add_subparsers(title="client commands", metavar="ACTION", required=True,
                                  parser_class=parser_class)
    p = c_sub.add_parser("export", parents=[common], help="everything held about a client, as JSON")
    p.add_argument("client", metavar="ID", help="the client number (or name)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (private, 0600) instead of stdout")
    p.set_defaults(handler=cmd_client_export)
    p = c_sub.add_parser("erase", parents=[common],
                         help="remove a client's personal data (sales stay, anonymous)")
    p.add_argument("client", metavar="ID", help="the client number")
    p.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    p.set_defaults(handler=cmd_client_erase)
    p = c_sub.add_parser("consent", parents=[common], help="record consent for one channel")
    p.add_argument("client", metavar="ID", help="the client number (or name)")
    p.add_argument("channel", metavar="CHANNEL", help="email, phone, sms or mail")
    p.add_argument("answer", metavar="yes|no", choices=("yes", "no"), help="granted or withdrawn")
    p.add_argument("--source", default="in boutique", help="where it was given (default: in boutique)")
    p.set_defaults(handler=cmd_client_consent)
    p = c_sub.add_parser("purge", parents=[common],
                         help="purge profiling data older than privacy.retention_months")
    p.set_defaults(handler=cmd_client_purge)
    add_client_actions(c_sub, common)


def _private_write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} kB"


def _not_on_server(settings: Settings, what: str) -> None:
    """Backups and restores of a PostgreSQL store are the server's business, not floorcon's."""
    if settings.on_server:
        raise InputError(f"db {what}: the store is on PostgreSQL ({settings.store_label}); use the "
                         "server's backups (pg_dump, or the Maison's IT), or `floorcon db copy --to "
                         "FILE.db` for a SQLite copy of this boutique")


def _store_file(ctx: Context, args: argparse.Namespace, what: str) -> Path:
    settings = ctx.load(args)
    _not_on_server(settings, what)
    path = settings.store_path
    if not path.exists():
        raise StoreError(f"{path}: no store there yet (floorcon creates it on first start)")
    return path


# -- db ---------------------------------------------------------------------------------------


def cmd_db_backup(args: argparse.Namespace, ctx: Context) -> int:
    from .db import backup
    from .storefile import backup_folder, read_revision

    path = _store_file(ctx, args, "backup")
    read_revision(path)  # a damaged store is refused, with the way to restore
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(args.to).expanduser().absolute() if args.to else (
        backup_folder(path) / f"{path.stem}-manual-{stamp}.db"
    )
    if target.exists():
        raise InputError(f"--to: {target} already exists")
    backup(path, target)
    print(f"Backup verified: {target} ({_size(target)})")
    return 0


def cmd_db_restore(args: argparse.Namespace, ctx: Context) -> int:
    from .db import restore
    from .storefile import backup_folder, latest_backup

    settings = ctx.load(args)
    _not_on_server(settings, "restore")
    path = settings.store_path
    source = Path(args.backup).expanduser().absolute() if args.backup else latest_backup(path)
    if source is None:
        raise StoreError(f"no backup of {path} found in {backup_folder(path)}")
    if not source.is_file():
        raise InputError(f"backup: {source} is not a file")
    aside = restore(path, source)
    kept = f"; the file it replaced was kept as {aside}" if aside else ""
    print(f"Restored {path} from {source.name} (verified){kept}")
    return 0


def cmd_db_check(args: argparse.Namespace, ctx: Context) -> int:
    from .db import integrity_problems
    from .storefile import latest_backup, read_revision

    if ctx.load(args).on_server:
        return _check_server(args, ctx)
    path = _store_file(ctx, args, "check")
    try:
        revision = read_revision(path)
    except DamagedStore as exc:
        print(f"{path}: damaged — {exc}")
        return 1
    problems = integrity_problems(path)
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        for line in problems[:20]:
            print(f"  {line}")
        latest = latest_backup(path)
        if latest is not None:
            print(f"Restore the latest verified backup ({latest.name}) with: floorcon db restore")
        return 1
    print(f"{path}: ok (integrity and foreign keys checked, schema {revision or 'none'})")
    return 0


def _check_server(args: argparse.Namespace, ctx: Context) -> int:
    """On PostgreSQL the server keeps its files sound; check that floorcon can use the database:
    reachable, at this floorcon's schema, every table there and readable."""
    from sqlalchemy import inspect

    from .db import make_server_engine, server_problem, server_revision
    from .models import load_all
    from .storefile import known_revisions

    metadata = load_all()
    settings = ctx.load(args)
    label = settings.store_label
    _, head = known_revisions()
    engine = make_server_engine(settings.database_url)
    try:
        revision = server_revision(engine)
        missing = sorted(set(metadata.tables) - set(inspect(engine).get_table_names()))
        problems = [f"missing table {name}" for name in missing]
        if revision != head:
            problems.insert(0, f"schema {revision or 'none'}, this floorcon needs {head} "
                               "(floorcon db upgrade)")
        with engine.connect() as conn:
            for name, table in metadata.tables.items():
                if name not in missing:
                    conn.execute(table.select().limit(1)).all()
    except StoreError:
        raise
    except Exception as exc:
        problem = server_problem(exc, settings.database_url)
        print(f"{label}: {problem}")
        return 1
    finally:
        engine.dispose()
    if problems:
        print(f"{label}: {len(problems)} problem(s)")
        for line in problems:
            print(f"  {line}")
        return 1
    print(f"{label}: ok (server reachable, schema {revision}, {len(metadata.tables)} tables "
          "readable; integrity and foreign keys are the server's)")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, ctx: Context) -> int:
    from .storefile import known_revisions, latest_backup, read_revision

    settings = ctx.load(args)
    if settings.on_server:
        from .db import make_server_engine, server_revision

        engine = make_server_engine(settings.database_url)
        try:
            before = server_revision(engine)
        finally:
            engine.dispose()
        _, head = known_revisions()
        ctx.open(args)  # creates or upgrades, in one transaction
        label = settings.store_label
        if before == head:
            print(f"{label}: already at schema {head}")
        elif before is None:
            print(f"{label}: created at schema {head}")
        else:
            print(f"{label}: upgraded from schema {before} to {head}")
        return 0
    path = settings.store_path
    before = read_revision(path) if path.exists() else None
    _, head = known_revisions()
    ctx.open(args)  # creates or upgrades, backing up first
    if before == head:
        print(f"{path}: already at schema {head}")
    elif before is None:
        print(f"{path}: created at schema {head}")
    else:
        made = latest_backup(path)
        print(f"{path}: upgraded from schema {before} to {head}; backup first: {made}")
    return 0


def cmd_db_info(args: argparse.Namespace, ctx: Context) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from .models import Associate, Client, CoachingNote, FollowUp, Sale
    from .storefile import backup_folder, list_backups, read_revision

    settings, _, store = ctx.open(args)
    path = settings.store_path
    if store.on_server:
        from .db import server_revision

        with store.read() as session:
            size = session.connection().exec_driver_sql(
                "SELECT pg_size_pretty(pg_database_size(current_database()))").scalar()
        print(f"Store       {settings.store_label} (PostgreSQL, database {size})")
        print(f"Schema      {server_revision(store.engine)}")
    else:
        print(f"Store       {path} ({_size(path)})")
        print(f"Schema      {read_revision(path)}")
    print(f"Boutique    {settings.boutique_name} ({settings.boutique_code}), {settings.timezone}, "
          f"{settings.currency}")
    with store.read() as session:
        for label, model in (("Associates", Associate), ("Clients", Client), ("Sale lines", Sale),
                             ("Notes", CoachingNote), ("Follow-ups", FollowUp)):
            count = session.exec(
                select(func.count()).select_from(model).where(model.boutique_id == store.boutique_id)
            ).one()
            print(f"{label:<12}{count:,}")
    if store.on_server:
        print("Backups     the server's (floorcon keeps no backup files of a PostgreSQL store)")
        return 0
    backups = list_backups(path)
    print(f"Backups     {len(backups)} in {backup_folder(path)} (keeping {settings.keep_backups} daily)")
    for b in backups[:5]:
        print(f"            {b.name}  {_size(b)}")
    return 0


def _other_store(settings: Settings, where: str, option: str, must_exist: bool) -> Settings:
    """The settings of the store at `where`: a postgresql:// URL or a SQLite file."""
    from dataclasses import replace

    from .config import parse_database_url

    if "://" in where:
        return replace(settings, database_url=parse_database_url(where, option))
    path = Path(where).expanduser().absolute()
    if path.is_dir() or (must_exist and not path.is_file()):
        raise InputError(f"{option}: {path} is not a store file")
    return replace(settings, store_path=path, database_url="")


def cmd_db_copy(args: argparse.Namespace, ctx: Context) -> int:
    from sqlalchemy.exc import OperationalError

    from .db import open_store, server_problem
    from .db_copy import copy_boutique

    settings = ctx.load(args)
    option = "--to" if args.copy_to else "--from"
    other = _other_store(settings, args.copy_to or args.copy_from, option, must_exist=bool(args.copy_from))
    if other.store_label == settings.store_label:
        raise InputError(f"{option}: {other.store_label} is the configured store itself")
    _, _, configured = ctx.open(args)
    try:
        second = open_store(other)
        try:
            source, target = (configured, second) if args.copy_to else (second, configured)
            result = copy_boutique(source, target, replace=args.replace)
        finally:
            second.dispose()
    except OperationalError as exc:
        # The configured store's failures are told by main(); here, the other one's.
        if not other.on_server or settings.on_server:
            raise
        raise server_problem(exc, other.database_url) from None
    print(f"Copied boutique {settings.boutique_code} ({settings.boutique_name}) from {source.label} "
          f"to {target.label}: {result.total:,} rows, counts verified per table")
    if result.removed:
        print(f"Replaced {result.removed:,} rows the target held")
    width = max(len(name) for name in result.counts)
    for name, count in result.counts.items():
        print(f"  {name:<{width}}  {count:>9,}")
    return 0


# -- client -----------------------------------------------------------------------------------


def _with_client(args: argparse.Namespace, ctx: Context, work: Callable[..., Any]) -> Any:
    from .services.capture import resolve_client

    settings, clock, store = ctx.open(args)
    with store.write() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        return work(session, store, settings, clock, client)


def cmd_client_export(args: argparse.Namespace, ctx: Context) -> int:
    from .services.privacy import export_client

    def work(session: Any, store: Any, settings: Any, clock: Any, client: Any) -> dict[str, Any]:
        return export_client(session, store.boutique_id, client.id)

    data = _with_client(args, ctx, work)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.out:
        target = Path(args.out).expanduser()
        _private_write(target, text + "\n")
        print(f"Exported client {data['client']['number']} to {target}", file=sys.stderr)
    else:
        print(text)
    return 0


def cmd_client_erase(args: argparse.Namespace, ctx: Context) -> int:
    from sqlalchemy import func
    from sqlmodel import select

    from .models import Sale
    from .services.privacy import erase_client

    if not args.yes:
        raise InputError("erase: this removes the client's personal data for good; add --yes to confirm")

    def work(session: Any, store: Any, settings: Any, clock: Any, client: Any) -> tuple[str, int]:
        number = client.number
        erase_client(session, store.boutique_id, client.id, clock.now_utc())
        sales = session.exec(select(func.count()).select_from(Sale).where(Sale.client_id == client.id)).one()
        return number, int(sales)

    number, sales = _with_client(args, ctx, work)
    assert ctx.store is not None
    ctx.store.checkpoint()
    print(f"Erased client {number}: personal data removed; {sales} sale line(s) kept, anonymous")
    return 0


def cmd_client_consent(args: argparse.Namespace, ctx: Context) -> int:
    from .services.privacy import parse_channel, record_consent

    channel = parse_channel(args.channel)

    def work(session: Any, store: Any, settings: Any, clock: Any, client: Any) -> str:
        record_consent(session, store.boutique_id, client.id, channel, args.answer == "yes",
                       clock.now_utc(), args.source, store.actor)
        return str(client.number)

    number = _with_client(args, ctx, work)
    state = "granted" if args.answer == "yes" else "withdrawn"
    print(f"Consent {state} for client {number} by {channel} ({args.source})")
    return 0


def cmd_client_purge(args: argparse.Namespace, ctx: Context) -> int:
    from .services.privacy import purge_expired

    settings, clock, store = ctx.open(args)
    with store.write() as session:
        purged = purge_expired(session, store.boutique_id, clock.now_utc(), settings.retention_months)
    store.checkpoint()
    print(f"Purged profiling data older than {settings.retention_months} months: {purged} client(s)")
    return 0
