"""The `floorcon` command: the console by default, plus quick capture and listings for scripts.

Scripts rely on the contract: exit 0 done, 2 bad input or bad config, 1 anything else; errors
are one stderr line starting with "floorcon: ", never a traceback (that goes to floorcon.log in
the store's folder). Every command takes --config and --db, before or after the subcommand.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .clock import Clock
from .config import ConfigError, Settings, default_data_dir, load_settings, parse_settings
from .errors import StoreError
from .services.parsing import InputError
from .startup import resume

if TYPE_CHECKING:  # the store layer (SQLAlchemy) is imported only by the commands that use it
    from .db import Store

PROG = "floorcon"
DEMO_FILE = "demo.db"
# The demo boutique has its own code, so a demo file is never mistaken for a real store.
DEMO_NAME, DEMO_CODE = "Maison Rivoli", "DEMO-RIV"
DEFAULT_MOMENT = "discovery"
DEFAULT_KIND = "observation"
NONE = "—"
EXPORT_FORMATS = ("md", "html", "csv", "json")  # services.exports.FORMATS, without importing it here
# One save each: the collector stays off for their whole run (floorcon/startup.py).
QUICK_CAPTURE = ("note", "sale", "followup")
# services.imports.KINDS, without importing it here
IMPORT_KINDS = ("sales", "traffic", "satisfaction", "clients", "targets", "schedule")

_NEGATIVE_AMOUNT = re.compile(r"^-\d")
_AT = re.compile(r"^(\d{1,2})[:hH.]?(\d{2})$")


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("floorcon")
    except PackageNotFoundError:
        return "unknown"


# -- the parser -------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reads '-950' or '-1 234,50' as a value, never as an option.

    No floorcon option starts with a digit, so a return's amount can be typed directly:
    `floorcon sale SOP -950 --receipt R9`.
    """

    def _parse_optional(self, arg_string: str):  # type: ignore[no-untyped-def,override]
        if _NEGATIVE_AMOUNT.match(arg_string):
            return None
        return super()._parse_optional(arg_string)


class _Version(argparse.Action):
    """--version, looked up in the installed package's metadata only when asked: the lookup (about
    10 ms) is a large share of what a quick command like `floorcon note` adds to its libraries."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 help: str = "show program's version number and exit") -> None:
        super().__init__(option_strings, dest, default=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"{PROG} {version()}")
        parser.exit()


def _common(default: Any, db_help: str) -> argparse.ArgumentParser:
    """--config and --db; SUPPRESS on the subcommands lets either position set them."""
    common = _Parser(add_help=False)
    common.add_argument("--config", metavar="PATH", default=default,
                        help="config.toml to use (default: $FLOORCON_CONFIG, ./config.toml, "
                             "then the user config folder)")
    common.add_argument("--db", metavar="PATH", default=default, help=db_help)
    return common


def _days(text: str) -> int:
    if not text.isdigit() or int(text) > 366:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 0 to 366")
    return int(text)


STORE_HELP = "a SQLite file to use instead of the config's store"
GLOBAL_VALUES = ("--config", "--db")  # the options before a command that take a value


def build_parser(commands: bool | str = True) -> argparse.ArgumentParser:
    """The whole command line; each subcommand sets `handler`. Without `commands`, only what
    opening the console reads (--config, --db): the subcommands' forty parsers cost the console's
    start more than all of floorcon's own imports. With a command's name, that command's parser
    alone (the whole line when no command has that name, so the mistake is explained)."""
    parser = _Parser(
        prog=PROG,
        description="The Sales Manager's console. Without a command, opens the console.",
        parents=[_common(None, STORE_HELP)],
    )
    parser.add_argument("--version", action=_Version)
    parser.set_defaults(handler=cmd_app)
    if commands:
        sub = parser.add_subparsers(title="commands", metavar="COMMAND")
        only = commands if isinstance(commands, str) else None
        _add_commands(_OneCommand(sub, only) if only else sub)
        if only and only not in sub.choices:
            return build_parser()
    return parser


class _OneCommand:
    """The subcommands, when the line names one: only its parser is built. Every other command
    gets a stand-in that ignores what it is given, so the code that describes the commands stays
    one sequence whichever is run."""

    def __init__(self, sub: Any, name: str) -> None:
        self._sub, self._name = sub, name

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self._sub.add_parser(name, **kwargs) if name == self._name else _Ignored()


class _Ignored:
    """A command's parser not built: any call on it does nothing and returns it."""

    def __getattr__(self, name: str) -> Callable[..., _Ignored]:
        return lambda *args, **kwargs: self


def _past_the_globals(argv: Sequence[str]) -> Iterator[str]:
    """The tokens that are not --config / --db with their values, in order; a global option
    left without its value comes last."""
    expecting = ""
    for token in argv:
        if expecting:
            expecting = ""
        elif token in GLOBAL_VALUES:
            expecting = token
        elif not token.startswith(tuple(f"{option}=" for option in GLOBAL_VALUES)):
            yield token
    if expecting:
        yield expecting


def command_named(argv: Sequence[str]) -> str | None:
    """The command word on the line (after --config / --db and their values); None when an
    option (--help, --version, a mistake) comes first, or there is no command."""
    first = next(_past_the_globals(argv), None)
    return None if first is None or first.startswith("-") else first


def opens_the_console(argv: Sequence[str]) -> bool:
    """True when `argv` holds only --config / --db with their values: no command, no --help,
    nothing for the full parser to explain or refuse."""
    return next(_past_the_globals(argv), None) is None


def _add_commands(sub: Any) -> None:
    common = _common(argparse.SUPPRESS, STORE_HELP)

    p = sub.add_parser("demo", parents=[_common(argparse.SUPPRESS,
                       f"where to build the demo (default: the user data folder's {DEMO_FILE})")],
                       help="build the demo boutique (in its own file) and open it",
                       description="Build the demo boutique, relative to today, in its own file "
                                   "(never the configured store), then open the console on it.")
    p.add_argument("--no-open", action="store_true", help="build only, do not open the console")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("note", parents=[common], help="save a coaching note",
                       description="Save a coaching note about an associate.")
    p.add_argument("associate", metavar="SA", help="the associate: initials or name")
    p.add_argument("text", nargs="+", metavar="TEXT", help="what you saw (quote it, or not)")
    p.add_argument("--moment", default=DEFAULT_MOMENT,
                   help="moment of the sale: welcome, discovery, storytelling, objection, closing, "
                        f"after-sales, clienteling; a prefix is enough (default: {DEFAULT_MOMENT})")
    p.add_argument("--kind", default=DEFAULT_KIND,
                   help=f"recognition, development or observation; a prefix is enough "
                        f"(default: {DEFAULT_KIND})")
    p.add_argument("--client", metavar="C", help="client number or name")
    p.add_argument("--next", dest="next_action", default="", metavar="ACTION", help="the next action")
    p.set_defaults(handler=cmd_note)

    p = sub.add_parser("sale", parents=[common], help="log a sale line (negative for a return)",
                       description="Log a sale line when the POS feed is late. A return is a "
                                   "negative amount: floorcon sale SOP -950 --receipt R9")
    p.add_argument("associate", metavar="SA", help="the associate: initials or name")
    p.add_argument("amount", metavar="AMOUNT", help='the amount, e.g. 12500, "1 234,50", -950')
    p.add_argument("--receipt", required=True, metavar="R", help="the receipt number (required)")
    p.add_argument("--units", metavar="N", help="pieces (default: 1, or -1 for a return)")
    p.add_argument("--category", default="", metavar="C",
                   help="jewelry, watches, high jewelry, bridal, leather goods, accessories; "
                        "a prefix is enough")
    p.add_argument("--client", metavar="C", help="client number or name")
    p.add_argument("--at", metavar="HH:MM", help="when, earlier today (default: now)")
    p.set_defaults(handler=cmd_sale)

    p = sub.add_parser("followup", parents=[common], help="add a client follow-up",
                       description="Add a dated follow-up for a client.")
    p.add_argument("client", metavar="CLIENT", help="client number or name")
    p.add_argument("--kind", required=True, metavar="K",
                   help="thank-you, after-sales, hj-next-step, birthday, event-invitation, "
                        "satisfaction-recovery; a prefix is enough")
    p.add_argument("--due", required=True, metavar="DATE",
                   help="28/11/2026, 2026-11-28, 28/11, +3, today, tomorrow or a weekday")
    p.add_argument("--owner", metavar="SA", help="who follows up (default: the client's associate)")
    p.add_argument("--action", default="", metavar="TEXT", help="the action, in your words")
    p.set_defaults(handler=cmd_followup)

    p = sub.add_parser("associates", parents=[common], help="list the associates",
                       description="List the boutique's associates.")
    p.add_argument("--all", action="store_true", help="include inactive associates")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.set_defaults(handler=cmd_associates)

    p = sub.add_parser("followups", parents=[common], help="list open VIC / HJ follow-ups",
                       description="Open VIC and High Jewelry follow-ups: overdue, due today, "
                                   "and due in the next days; with --associate, all of that "
                                   "associate's follow-ups, whatever the client's segment.")
    p.add_argument("--days", type=_days, metavar="N",
                   help="days ahead to include (default: the config's followup_days_ahead)")
    p.add_argument("--due", choices=("today", "overdue", "upcoming"),
                   help="only those overdue, due today, or coming in the next days")
    p.add_argument("--associate", metavar="INITIALS", help="only this associate's follow-ups")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.set_defaults(handler=cmd_followups)

    p = sub.add_parser("today", parents=[common], help="today's targets and KPIs",
                       description="Today's targets, per associate and for the boutique, and "
                                   "the month's run-rate.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_today)

    p = sub.add_parser("radar", parents=[common], help="what to do next, ranked",
                       description="The radar: what deserves the manager's attention now, most pressing "
                                   "first, each with its reason in figures and what to do; items "
                                   "dismissed or acted on in the console today are left out. The rules' "
                                   "thresholds are the [radar] section of config.toml.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_radar)

    for name, handler, what, default_day in (
        ("recap", cmd_recap, "the end-of-day recap", "today"),
        ("briefing", cmd_briefing, "the morning briefing", "today"),
        ("week", cmd_week, "the weekly review", "the week containing today"),
    ):
        p = sub.add_parser(name, parents=[common], help=f"{what}, as Markdown, HTML, CSV or JSON",
                           description=f"Print {what} (Markdown for e-mail by default), or write it to a "
                                       "file: standalone printable HTML with charts, the KPI table as "
                                       "CSV, everything as JSON.")
        p.add_argument("--day", metavar="DATE",
                       help="2026-11-25, 25/11/2026, today, yesterday, tomorrow, +1, -1 "
                            f"(default: {default_day})")
        p.add_argument("--format", choices=EXPORT_FORMATS, default="md",
                       help="md (default), html, csv or json")
        p.add_argument("--out", metavar="FILE", help="write to FILE (private, 0600) instead of stdout")
        if name == "recap":
            p.add_argument("--boutiques", metavar="all|CODES",
                           help="the regional roll-up instead: every boutique of the store (all), or "
                                "those named (PAR-RIV,GVA-RHO), each day against target side by side")
        p.set_defaults(handler=handler)

    p = sub.add_parser("import", parents=[common],
                       help="import a file: sales, traffic, satisfaction, clients, targets, schedule",
                       description="Import a CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or .xlsx "
                                   "file. Columns are found by their English or French header. All or "
                                   "nothing: a file with a bad row writes nothing unless --skip-bad. "
                                   "Importing the same file twice adds nothing the second time.")
    p.add_argument("kind", choices=IMPORT_KINDS, metavar="KIND",
                   help=f"what the file holds: {', '.join(IMPORT_KINDS)}")
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    p.add_argument("--dry-run", action="store_true",
                   help="read and check everything, say what would be added, updated and rejected; "
                        "write nothing")
    p.add_argument("--skip-bad", action="store_true",
                   help="import the good rows; write the bad ones to FILE's <name>.rejects.csv beside it")
    p.set_defaults(handler=cmd_import)

    from . import cli_clienteling, cli_clients, cli_people, cli_store

    cli_people.add_commands(sub, common)
    cli_store.add_commands(sub, common, _Parser)
    cli_clients.add_commands(sub, common)
    cli_clienteling.add_commands(sub, common, _Parser)


# -- running a command ------------------------------------------------------------------------


@dataclass
class Context:
    """What a command opened, so main() can log to the right folder and close the store."""

    settings: Settings | None = None
    store: Store | None = None

    def load(self, args: argparse.Namespace) -> Settings:
        settings = load_settings(args.config, args.db)
        if not settings.on_server and is_demo_store(settings.store_path):
            # `floorcon --db demo.db ...` works on the demo boutique, not a second, empty one.
            settings = demo_settings(settings.store_path, settings.manager_initials)
        self.settings = settings
        return settings

    def open(self, args: argparse.Namespace) -> tuple[Settings, Clock, Store]:
        from .db import open_store

        settings = self.settings or self.load(args)
        clock = Clock(settings)
        self.store = open_store(settings)
        return settings, clock, self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.dispose()
            self.store = None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (0 done, 2 bad input or config, 1 otherwise)."""
    _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    argv = sys.argv[1:] if argv is None else list(argv)
    command = command_named(argv)
    if command not in QUICK_CAPTURE:
        resume()
    console = opens_the_console(argv)
    if console:
        from .firstlook import spawn

        spawn()  # the console's first look starts loading the store layer on another core
    parser = build_parser(commands=command or not console)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors (2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    ctx = Context()
    try:
        return int(args.handler(args, ctx))
    except (ConfigError, InputError) as exc:
        return _fail(str(exc), 2)
    except StoreError as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", 1)
    except BrokenPipeError:
        # The reader went away (`floorcon associates | head -1`): nothing left to say.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:
        problem = _server_problem(exc, ctx)
        if problem is None:
            return _unexpected(exc, ctx, args)
        return _fail(str(problem), 2 if isinstance(problem, ConfigError) else 1)
    finally:
        ctx.close()
        if console:
            from .firstlook import abandon

            abandon()


def _server_problem(exc: Exception, ctx: Context) -> Exception | None:
    """The server went away or refused us mid-command: one sentence, as when opening."""
    from sqlalchemy.exc import OperationalError

    from .db import server_problem

    settings = ctx.settings
    if settings is None or not settings.on_server or not isinstance(exc, OperationalError):
        return None
    return server_problem(exc, settings.database_url)


def _unexpected(exc: Exception, ctx: Context, args: argparse.Namespace) -> int:
    folder = ctx.settings.data_dir if ctx.settings is not None else default_data_dir()
    log = write_log(folder, exc, getattr(args, "handler", None))
    where = f"details in {log}" if log else f"no log could be written in {folder}"
    return _fail(f"unexpected error: {type(exc).__name__}; {where}", 1)


def _tolerant(stream: Any) -> None:
    """Never crash on a terminal that cannot show '€' or '—'."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")


def _fail(message: str, code: int) -> int:
    line = " ".join(message.splitlines()).strip()
    print(f"{PROG}: {line}", file=sys.stderr)
    return code


def write_log(folder: Path, exc: BaseException, handler: Callable[..., int] | None) -> Path | None:
    """Log where it failed, without values or messages (they may hold a client's data)."""
    from .crash import write_crash_log

    command = handler.__name__.removeprefix("cmd_") if handler else "?"
    return write_crash_log(folder, exc, f"floorcon {version()} command={command}")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _who(associate: Any) -> str:
    return f"{associate.initials} ({associate.name})"


# -- the console ------------------------------------------------------------------------------


def run_app(settings: Settings, store: Store | None, clock: Clock) -> int:
    """Open the Textual console; imported here so quick commands don't pay for Textual.

    Without a store, the console paints first and opens the store (SQLAlchemy, the migrations
    when it is behind) in a worker; a store it cannot open ends it with the usual one line.
    The reader `main` spawned for the console's first look (`firstlook`) is given the settings
    here, and reads the three panes while Textual loads.
    """
    look = None
    if store is None:
        from .firstlook import start

        look = start(settings, clock)
    from .tui.app import FloorconApp

    app = FloorconApp(settings=settings, store=store, clock=clock, first_look=look)
    try:
        app.run()
    finally:
        if look is not None:
            look.stop()
        opened = getattr(app, "opened_store", None)
        if opened is not None:
            opened.dispose()
    error = getattr(app, "store_error", None)
    if error is not None:
        raise error
    return int(app.return_code or 0)


def cmd_app(args: argparse.Namespace, ctx: Context) -> int:
    from .storefile import check_openable

    settings = ctx.settings or ctx.load(args)
    if not settings.on_server:  # a damaged or newer store file: one line, before any screen
        check_openable(settings.store_path)
    return run_app(settings, None, Clock(settings))


# -- demo -------------------------------------------------------------------------------------


def demo_settings(target: Path, manager_initials: str) -> Settings:
    """The demo boutique's settings: parse_settings' defaults (Paris, EUR, Mon-Sat 10:30-19:00)."""
    raw = {"boutique": {"name": DEMO_NAME, "code": DEMO_CODE, "manager_initials": manager_initials}}
    return replace(parse_settings(raw), store_path=target)


def default_demo_path() -> Path:
    return default_data_dir() / DEMO_FILE


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.expanduser().resolve() == b.expanduser().resolve()


@dataclass(frozen=True)
class Peek:
    """What an existing SQLite file holds, read without changing it."""

    tables: frozenset[str]
    codes: frozenset[str]  # boutique codes
    other_sales: int  # sale lines not written by the demo


def peek_store(path: Path, count_sales: bool = True) -> Peek | None:
    """None for a missing or empty file; sqlite3.DatabaseError when it is not SQLite.

    Counting the sale lines reads the whole table: only the demo's overwrite check needs it
    (other_sales is 0 without it)."""
    if not path.is_file() or path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
        codes: frozenset[str] = frozenset()
        other = 0
        if "boutique" in tables:
            codes = frozenset(r[0] for r in conn.execute("SELECT code FROM boutique"))
        if "sale" in tables and count_sales:
            other = conn.execute("SELECT count(*) FROM sale WHERE source != 'demo'").fetchone()[0]
        return Peek(tables, codes, other)
    finally:
        conn.close()


def is_demo_store(path: Path) -> bool:
    """A store holding the demo boutique only: opened with the demo's settings, not the config's."""
    try:
        peek = peek_store(path, count_sales=False)
    except sqlite3.Error:
        return False
    return peek is not None and peek.codes == {DEMO_CODE}


def check_demo_target(target: Path) -> None:
    """Refuse (InputError) to replace a file that may hold real data.

    A missing or empty file is fine. An existing file must be a floorcon store of the demo
    boutique only; if it holds sales that are not the demo's (someone logged sales in it), its
    name must still say "demo".
    """
    if target.exists() and not target.is_file():
        raise InputError(f"--db: {target} is not a file")
    refuse = f"--db: {target} exists and is not a floorcon demo; refusing to replace it"
    try:
        peek = peek_store(target)
    except sqlite3.Error:
        raise InputError(refuse) from None
    if peek is None or not peek.tables:
        return
    if not {"boutique", "sale"} <= peek.tables or peek.codes - {DEMO_CODE}:
        raise InputError(refuse)
    if peek.other_sales and "demo" not in target.name.lower():
        raise InputError(f"--db: {target} holds {peek.other_sales} sale lines not from the demo; "
                         "refusing to replace it")


def _remove_store_file(target: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _history(store: Store, today: date) -> str:
    """How far back the demo's sales go: '2 years', '8 months'."""
    from sqlalchemy import func
    from sqlmodel import select

    from .models import Sale

    with store.read() as session:
        first = session.exec(
            select(func.min(Sale.sold_at)).where(Sale.boutique_id == store.boutique_id)
        ).one()
    if first is None:
        return "no sales"
    months = (today.year - first.year) * 12 + today.month - first.month
    if months >= 12:
        years = round(months / 12)
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    """Build the demo boutique in its own file, fresh (relative to today), then open it."""
    configured = load_settings(args.config)  # the real store, which the demo must never touch
    ctx.settings = configured
    target = Path(args.db).expanduser().absolute() if args.db else default_demo_path()
    if _same_file(target, configured.store_path):
        raise InputError(f"--db: {target} is the configured store; the demo never replaces real data")
    check_demo_target(target)

    from .demo import build_demo

    settings = demo_settings(target, configured.manager_initials)
    ctx.settings = settings
    clock = Clock(settings)
    started = time.perf_counter()
    _remove_store_file(target)
    from .db import open_store

    store = open_store(settings)
    ctx.store = store
    summary = build_demo(store, clock)
    elapsed = time.perf_counter() - started
    print(
        f"Demo boutique {settings.boutique_name}: {summary.associates} associates, "
        f"{summary.clients:,} clients ({summary.vic_clients:,} VIC), "
        f"{summary.sales_lines:,} sale lines, {_history(store, clock.today())} — "
        f"{target} ({elapsed:.1f} s)",
        flush=True,
    )
    if args.no_open:
        return 0
    return run_app(settings, store, clock)


# -- capture ----------------------------------------------------------------------------------


def parse_at(text: str, clock: Clock) -> datetime:
    """'14:05' -> that time today in the boutique's zone, as UTC; never in the future."""
    raw = text.strip()
    match = _AT.match(raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InputError(f"at: {raw!r} is not a time (use HH:MM, e.g. 14:05)")
    moment = clock.at(clock.today(), clock_time(int(match[1]), int(match[2])))
    if moment > clock.now_utc():
        raise InputError(f"at: {raw} is later than now ({clock.now().format('HH:mm')}); "
                         "log a sale once it is made")
    return moment


def cmd_note(args: argparse.Namespace, ctx: Context) -> int:
    from .services.capture import add_note, parse_kind, parse_moment, resolve_client
    from .services.team import resolve_associate

    text = " ".join(args.text).strip()
    if not text:
        raise InputError("text: the note is empty")
    moment, kind = parse_moment(args.moment), parse_kind(args.kind)
    _, clock, store = ctx.open(args)
    with store.write() as session:
        associate = resolve_associate(session, store.boutique_id, args.associate)
        client = resolve_client(session, store.boutique_id, args.client) if args.client else None
        assert associate.id is not None
        note = add_note(
            session, store.boutique_id, associate_id=associate.id, moment=moment, kind=kind,
            text=text, noted_at=clock.now_utc(), author=store.actor,
            client_id=client.id if client else None, next_action=args.next_action,
        )
    extra = f", client {client.number}" if client else ""
    extra += f", next: {_one_line(note.next_action)}" if note.next_action else ""
    print(f"Saved note #{note.id} for {_who(associate)}, {clock.wall_time(note.noted_at)}, "
          f"{note.moment} · {note.kind}{extra}: \"{_one_line(note.text)}\"")
    return 0


def _pieces(units: int) -> str:
    return f"{units} piece{'' if abs(units) == 1 else 's'}"


def cmd_sale(args: argparse.Namespace, ctx: Context) -> int:
    from .services.capture import add_sale, parse_category, resolve_client
    from .services.followups import apply_rules
    from .services.parsing import format_money, parse_money, parse_receipt, parse_units
    from .services.team import resolve_associate

    settings = ctx.load(args)
    amount = parse_money(args.amount, settings.minor_digits)
    if amount == 0:
        raise InputError("amount: a sale line cannot be zero")
    units = parse_units(args.units) if args.units is not None else (-1 if amount < 0 else 1)
    receipt = parse_receipt(args.receipt)
    category = parse_category(args.category)
    settings, clock, store = ctx.open(args)
    sold_at = parse_at(args.at, clock) if args.at else clock.now_utc()
    with store.write() as session:
        associate = resolve_associate(session, store.boutique_id, args.associate)
        client = resolve_client(session, store.boutique_id, args.client) if args.client else None
        assert associate.id is not None
        sale = add_sale(
            session, store.boutique_id, receipt=receipt, associate_id=associate.id, amount=amount,
            sold_at=sold_at, units=units, category=category, client_id=client.id if client else None,
        )
        rules = apply_rules(session, store.boutique_id, clock, settings) if client else None
    what = "return" if sale.amount < 0 else "sale"
    parts = [f"{_who(associate)} {format_money(sale.amount, settings, cents=True)}", _pieces(sale.units)]
    if sale.category:
        parts.append(sale.category)
    if client:
        parts.append(f"client {client.number}")
    parts.append(clock.wall_time(sale.sold_at))
    print(f"Saved {what} {sale.receipt} line {sale.line}: {', '.join(parts)}")
    if rules is not None and rules.created:
        print(rules.summary().capitalize())
    return 0


def cmd_followup(args: argparse.Namespace, ctx: Context) -> int:
    from .models import Associate
    from .services.capture import add_followup, parse_followup_kind, resolve_client
    from .services.clients import contact_guard
    from .services.parsing import parse_day
    from .services.team import resolve_associate

    kind = parse_followup_kind(args.kind)
    settings, clock, store = ctx.open(args)
    due = parse_day(args.due, clock.today(), "due")
    with store.write() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        owner = resolve_associate(session, store.boutique_id, args.owner) if args.owner else None
        assert client.id is not None
        guard = contact_guard(session, store.boutique_id, client.id, clock, settings)
        followup = add_followup(
            session, store.boutique_id, client_id=client.id, kind=kind, due=due, action=args.action,
            created_at=clock.now_utc(), owner_id=owner.id if owner else None,
        )
        owner = owner or session.get(Associate, followup.owner_id)
        assert owner is not None
    action = f": \"{_one_line(followup.action)}\"" if followup.action else ""
    print(f"Saved follow-up #{followup.id}: {followup.kind} for client {client.number}, "
          f"due {_day(followup.due)}, owner {_who(owner)}{action}")
    if guard is not None:
        print(f"{PROG}: warning: {guard.message()}", file=sys.stderr)
    return 0


def _day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


# -- listings ---------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]], right: Collection[int] = ()) -> str:
    """Aligned columns with a header; numbers (columns in `right`) flush right."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def cmd_associates(args: argparse.Namespace, ctx: Context) -> int:
    from .services.team import list_associates

    _, _, store = ctx.open(args)
    with store.read() as session:
        people = list_associates(session, store.boutique_id, active_only=not args.all)
    records = [
        {"initials": a.initials, "first_name": a.first_name, "last_name": a.last_name, "name": a.name,
         "role": a.role, "specialties": a.specialties, "active": a.active}
        for a in people
    ]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else
                                ["initials", "first_name", "last_name", "name", "role", "specialties",
                                 "active"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    elif not records:
        print("No associates yet.")
    else:
        headers = ["INITIALS", "NAME", "ROLE", "SPECIALTIES"]
        rows = [[r["initials"], r["name"], r["role"], r["specialties"]] for r in records]
        if args.all:
            headers.append("STATUS")
            for row, r in zip(rows, records, strict=True):
                row.append("" if r["active"] else "inactive")
        print(_table(headers, rows))
    return 0


def _late(days_late: int) -> str:
    if days_late == 0:
        return "today"
    n = abs(days_late)
    unit = "day" if n == 1 else "days"
    return f"{n} {unit} late" if days_late > 0 else f"in {n} {unit}"


def cmd_followups(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import timedelta

    from .services.dashboard import FOLLOWUP_SEGMENTS, followups_pane
    from .services.team import resolve_associate

    settings, clock, store = ctx.open(args)
    today = clock.today()
    days = settings.followup_days_ahead if args.days is None else args.days
    with store.read() as session:
        owner = resolve_associate(session, store.boutique_id, args.associate) if args.associate else None
        rows = followups_pane(session, store.boutique_id, today, days,
                              segments=None if owner else FOLLOWUP_SEGMENTS,
                              owner_id=owner.id if owner else None, due=args.due)
    until = today + timedelta(days=days)
    if args.format == "md":
        from .services.exports import followups_md

        whose = f" of {_who(owner)}" if owner else ""
        title = f"Open {'' if owner else 'VIC / HJ '}follow-ups{whose}"
        title += f": {args.due}" if args.due else ""
        sys.stdout.write(followups_md(rows, title, f"{_day(today)} to {_day(until)}"))
        return 0
    if args.format == "json":
        print(json.dumps({
            "today": today.isoformat(), "until": until.isoformat(),
            "due": args.due, "associate": owner.initials if owner else None,
            "followups": [
                {"id": r.id, "due": r.due.isoformat(), "days_late": r.days_late, "bucket": r.bucket,
                 "client_number": r.client_number, "client": r.client, "segment": r.segment,
                 "owner": r.owner, "kind": r.kind, "action": r.action}
                for r in rows
            ],
        }, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        whose = f" for {_who(owner)}" if owner else ""
        print(f"No open {'' if owner else 'VIC / HJ '}follow-ups{whose}{' ' + args.due if args.due else ''} "
              f"due by {_day(until)}.")
        return 0
    headers = ["#", "DUE", "WHEN", "CLIENT", "SEG", "OWNER", "KIND", "ACTION"]
    table = [[str(r.id), _day(r.due), _late(r.days_late), f"{r.client_number} {r.client}", r.segment,
              r.owner, r.kind, _one_line(r.action)] for r in rows]
    print(_table(headers, table, right={0}))
    return 0


def _pct(value: float | None, digits: int = 0) -> str:
    return NONE if value is None else f"{value:.{digits}%}"


def _row_json(row: Any) -> dict[str, Any]:
    f = row.figures
    return {
        "initials": row.initials or None, "name": row.name, "target": row.target,
        "net_sales": f.net_sales, "achievement": row.achievement, "transactions": f.transactions,
        "units": f.units, "atv": row.atv, "upt": row.upt, "capture_rate": row.capture_rate,
        "conversion": row.conversion, "visitors": row.visitors, "behind": row.behind,
    }


def cmd_radar(args: argparse.Namespace, ctx: Context) -> int:
    from .services.exports import radar_json, radar_text
    from .services.radar import radar

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        items = radar(session, store.boutique_id, clock, settings)
    write = radar_json if args.format == "json" else radar_text
    sys.stdout.write(write(items, settings, clock))
    return 0


def cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    from .services.dashboard import targets_pane
    from .services.parsing import format_money

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        pane = targets_pane(session, store.boutique_id, clock, settings)
    if args.format == "json":
        print(json.dumps({
            "boutique_name": settings.boutique_name, "day": pane.day.isoformat(),
            "now": clock.now().isoformat(), "currency": settings.currency,
            "minor_digits": settings.minor_digits, "pace": pane.pace,
            "boutique": _row_json(pane.boutique),
            "associates": [_row_json(r) for r in pane.associates],
            "month": {
                "target": pane.month_target, "to_date": pane.month_to_date,
                "achievement": pane.month_achievement, "selling_days_left": pane.selling_days_left,
                "run_rate_needed": pane.run_rate_needed,
            },
        }, ensure_ascii=False, indent=2))
        return 0

    def money(value: int | None) -> str:
        return NONE if value is None else format_money(value, settings)

    headers = ["", "TARGET", "NET", "ACH", "TRX", "ATV", "UPT", "CAPTURE", "CONV", ""]
    rows = []
    for row in [pane.boutique, *pane.associates]:
        label = row.name if row.associate_id is None else f"{row.initials} {row.name}"
        rows.append([
            label, money(row.target), money(row.figures.net_sales), _pct(row.achievement),
            str(row.figures.transactions), money(row.atv), NONE if row.upt is None else f"{row.upt:.1f}",
            _pct(row.capture_rate), _pct(row.conversion, 1), "behind" if row.behind else "",
        ])
    print(f"{settings.boutique_name} · {clock.now().format('dddd D MMMM YYYY, HH:mm')} · "
          f"{pane.pace:.0%} of the selling day gone")
    print(_table(headers, rows, right=set(range(1, 9))))
    month = f"Month to date {money(pane.month_to_date)}"
    if pane.month_target is not None:
        month += f" of {money(pane.month_target)} ({_pct(pane.month_achievement)})"
    month += f" · {pane.selling_days_left} selling day{'s' if pane.selling_days_left != 1 else ''} left"
    if pane.run_rate_needed is not None:
        month += f" · run-rate needed {money(pane.run_rate_needed)} a day"
    print(month)
    return 0


# -- the rituals: recap, briefing, weekly review ------------------------------------------------

_DAYS_AGO = re.compile(r"^-(\d{1,3})$")


def parse_report_day(text: str | None, today: date) -> date:
    """--day: what parse_day reads, plus 'yesterday' and '-N' (N days ago); default today."""
    from datetime import timedelta

    from .services.parsing import parse_day

    if text is None:
        return today
    raw = text.strip().lower()
    if raw in ("yesterday", "yday"):
        return today - timedelta(days=1)
    if match := _DAYS_AGO.match(raw):
        return today - timedelta(days=int(match[1]))
    return parse_day(text, today, "day")


def _write_private(target: str, text: str) -> None:
    """Write `text` to a file only its owner can read (0600), replacing what was there."""
    path = Path(target).expanduser()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except OSError as exc:
        raise InputError(f"--out: cannot write {path}: {exc.strerror or exc}") from None


def _ritual(args: argparse.Namespace, ctx: Context, kind: str) -> int:
    from .services import exports, rituals

    settings = ctx.load(args)
    day = parse_report_day(args.day, Clock(settings).today())
    if args.format not in exports.FORMATS:  # the parser's choices and the exports agree
        raise InputError(f"format: {args.format!r} is not one of {', '.join(exports.FORMATS)}")
    settings, clock, store = ctx.open(args)
    build = {"recap": rituals.recap, "briefing": rituals.briefing, "week": rituals.week}[kind]
    with store.read() as session:
        report = build(session, store.boutique_id, clock, settings, day)
        text = exports.render(report, args.format, settings, clock)
    if args.out:
        _write_private(args.out, text)
        print(f"{exports.title(report)} written to {args.out} ({args.format})", file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def cmd_recap(args: argparse.Namespace, ctx: Context) -> int:
    if args.boutiques is not None:
        return _region(args, ctx)
    return _ritual(args, ctx, "recap")


def _region(args: argparse.Namespace, ctx: Context) -> int:
    from .services import region

    codes = region.parse_boutiques(args.boutiques)
    settings = ctx.load(args)
    day = parse_report_day(args.day, Clock(settings).today())
    settings, clock, store = ctx.open(args)
    with store.read() as session:
        report = region.region(session, settings, clock, day, codes)
    text = region.render(report, args.format, settings, clock)
    if args.out:
        _write_private(args.out, text)
        print(f"{region.title(report)} written to {args.out} ({args.format})", file=sys.stderr)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def cmd_briefing(args: argparse.Namespace, ctx: Context) -> int:
    return _ritual(args, ctx, "briefing")


def cmd_week(args: argparse.Namespace, ctx: Context) -> int:
    return _ritual(args, ctx, "week")


# -- import -----------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    """Print the summary; every problem on stderr as file:line: column: reason; exit 2 if refused."""
    from .services.imports import ImportRefused, import_file

    settings, clock, store = ctx.open(args)
    path = Path(args.file).expanduser()
    progress = _import_progress(args.kind) if sys.stderr.isatty() else None
    try:
        result = import_file(store, settings, clock, args.kind, path, dry_run=args.dry_run,
                             skip_bad=args.skip_bad, progress=progress)
    except ImportRefused as exc:
        if progress is not None:
            print(file=sys.stderr)
        if exc.result.dry_run:
            print(exc.result.summary())
            print("dry run: nothing written", flush=True)
        for problem in exc.result.problems:
            print(problem, file=sys.stderr)
        return _fail(str(exc), 2)
    if progress is not None:
        print(file=sys.stderr)
    print(result.summary())
    for note in result.notes:
        print(note)
    if result.rejects_file is not None:
        n = result.rejected
        print(f"{n:,} bad row{'s' if n != 1 else ''} written to {result.rejects_file}")
    if result.dry_run:
        print("dry run: nothing written")
    sys.stdout.flush()
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return 0


def _import_progress(kind: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        print(f"\r{kind}: {done:,} / {total:,} rows read", end="", file=sys.stderr, flush=True)

    return show
