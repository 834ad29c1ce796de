"""`floorcon client search|show|brief` and `floorcon portfolio`: the client file and the associates'
portfolios from the shell, as a table, Markdown or JSON."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cli import Context

SEARCH_LIMIT = 20


def add_client_actions(c_sub: Any, common: argparse.ArgumentParser) -> None:
    """`client search` and `client show`, beside export, erase, consent and purge."""
    p = c_sub.add_parser("search", parents=[common], help="find clients by name, number, phone or e-mail",
                         description="Find clients by name, client number, phone or e-mail; accents and "
                                     "case ignored, a typo in a name forgiven. Best matches first.")
    p.add_argument("text", nargs="+", metavar="TEXT", help="what to look for")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.set_defaults(handler=cmd_client_search)
    p = c_sub.add_parser("show", parents=[common], help="the client file",
                         description="The client file: profile, consent, key dates, purchases, "
                                     "categories and cross-selling, satisfaction, follow-ups, contacts.")
    p.add_argument("client", metavar="ID", help="the client number (or an unambiguous name)")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.set_defaults(handler=cmd_client_show)
    p = c_sub.add_parser("set", parents=[common], help="what the client shared: preferences, sizes, dates",
                         description="Set a client's profile: preferences, sizes, key dates, second owner, "
                                     "language. Only the options given change; an empty value clears "
                                     "(--second-owner none clears the second owner). The change log keeps "
                                     "which fields changed.")
    p.add_argument("client", metavar="ID", help="the client number (or an unambiguous name)")
    p.add_argument("--preferences", metavar="TEXT", help="tastes, brands, stones, what to avoid")
    p.add_argument("--sizes", metavar="TEXT", help="e.g. 'ring 52, wrist 16 cm'")
    p.add_argument("--anniversary", metavar="DAY", help="a date the client shared: 14/06/2008 or 2008-06-14")
    p.add_argument("--birthday", metavar="DAY", help="28/11/1975 or 1975-11-28")
    p.add_argument("--second-owner", metavar="SA", help="who steps in when the owner is away; none to clear")
    p.add_argument("--language", metavar="CODE", help="fr, en, it, … or the language's name")
    p.set_defaults(handler=cmd_client_set)
    p = c_sub.add_parser("contact", parents=[common], help="log a call, a message or a visit",
                         description="Log a contact with a client, now: it counts as the last contact in "
                                     "the portfolio and for the over-solicitation guard.")
    p.add_argument("client", metavar="ID", help="the client number (or an unambiguous name)")
    p.add_argument("channel", metavar="CHANNEL", help="email, phone, sms, mail or visit")
    p.add_argument("--note", metavar="TEXT", default="", help="what was said")
    p.add_argument("--by", metavar="SA", help="the associate who made the contact")
    p.set_defaults(handler=cmd_client_contact)
    p = c_sub.add_parser("reassign", parents=[common], help="give a client to another associate",
                         description="Give a client to another associate, with the open follow-ups the "
                                     "previous owner held; purchases and history stay.")
    p.add_argument("client", metavar="ID", help="the client number (or an unambiguous name)")
    p.add_argument("--to", metavar="SA", required=True, help="the new owner: initials or name")
    p.set_defaults(handler=cmd_client_reassign)
    p = c_sub.add_parser("brief", parents=[common], help="what to know in thirty seconds",
                         description="The client brief, before an appointment or when a VIC walks in: "
                                     "profile, consent, preferences and sizes, key dates, the last "
                                     "purchases, categories owned and not, open follow-ups and High "
                                     "Jewelry opportunities, the last satisfaction score, appointments "
                                     "to come.")
    p.add_argument("client", metavar="ID", help="the client number (or an unambiguous name)")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.set_defaults(handler=cmd_client_brief)


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("portfolio", parents=[common], help="an associate's client portfolio",
                       description="An associate's clients: active, lapsing, lapsed, new this month, "
                                   "retention, last contact; who needs attention first; the best "
                                   "cross-selling openings.")
    p.add_argument("associate", metavar="INITIALS", help="the associate: initials or name")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.set_defaults(handler=cmd_portfolio)


def cmd_client_search(args: argparse.Namespace, ctx: Context) -> int:
    from .cli import _table
    from .services.clients import search_clients
    from .services.exports import client_hits_json, client_hits_md
    from .services.parsing import InputError

    text = " ".join(args.text).strip()
    if not text:
        raise InputError("text: say what to look for")
    _, _, store = ctx.open(args)
    with store.read() as session:
        hits = search_clients(session, store.boutique_id, text, SEARCH_LIMIT)
    if args.format == "json":
        sys.stdout.write(client_hits_json(hits))
    elif args.format == "md":
        sys.stdout.write(client_hits_md(hits))
    elif not hits:
        print(f"No client matches {text!r}.")
    else:
        print(_table(["NUMBER", "NAME", "SEG", "OWNER", "MATCHED"],
                     [[h.number, h.name, h.segment, h.owner, h.matched] for h in hits]))
    return 0


def cmd_client_show(args: argparse.Namespace, ctx: Context) -> int:
    from .services.capture import resolve_client
    from .services.clients import client_file
    from .services.exports import client_file_json, client_file_md

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        assert client.id is not None
        file = client_file(session, store.boutique_id, client.id, clock, settings)
    if args.format == "json":
        sys.stdout.write(client_file_json(file, settings))
    else:
        sys.stdout.write(client_file_md(file, settings, clock))
    return 0


def _profile_changes(args: argparse.Namespace, session: Any, boutique_id: int) -> dict[str, Any]:
    """The options given, parsed; `--second-owner none` and empty values clear."""
    from .services.parsing import InputError, parse_date
    from .services.team import list_associates, pick_associate

    changes: dict[str, Any] = {}
    for name in ("preferences", "sizes", "language"):
        if getattr(args, name) is not None:
            changes[name] = getattr(args, name)
    for name in ("anniversary", "birthday"):
        raw = getattr(args, name)
        if raw is not None:
            changes[name] = parse_date(raw, name) if raw.strip() else None
    if args.second_owner is not None:
        raw = args.second_owner.strip()
        if raw.lower() in ("", "none", "-"):
            changes["second_owner_id"] = None
        else:
            changes["second_owner_id"] = pick_associate(list_associates(session, boutique_id), raw).id
    if not changes:
        raise InputError("client set: nothing to set; give --preferences, --sizes, --anniversary, "
                         "--birthday, --second-owner or --language")
    return changes


def cmd_client_set(args: argparse.Namespace, ctx: Context) -> int:
    from .services.capture import resolve_client
    from .services.clients import set_profile

    _, clock, store = ctx.open(args)
    with store.write() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        assert client.id is not None
        written = set_profile(session, store.boutique_id, client.id,
                              _profile_changes(args, session, store.boutique_id), clock)
        number = client.number
    shown = ", ".join(name.replace("_id", "").replace("_", " ") for name in written)
    print(f"{number}: {shown} updated." if written else f"{number}: nothing changed.")
    return 0


def cmd_client_contact(args: argparse.Namespace, ctx: Context) -> int:
    from .services.capture import resolve_client
    from .services.clients import contact_guard, log_contact
    from .services.team import list_associates, pick_associate

    settings, clock, store = ctx.open(args)
    with store.write() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        assert client.id is not None
        by = pick_associate(list_associates(session, store.boutique_id), args.by) if args.by else None
        guard = contact_guard(session, store.boutique_id, client.id, clock, settings)
        row = log_contact(session, store.boutique_id, client.id, args.channel, clock.now_utc(),
                          by.id if by else None, args.note)
        number = client.number
    if guard is not None:  # said after the fact: the contact happened, the manager should know
        print(f"floorcon: warning: {guard.message()}", file=sys.stderr)
    print(f"{number}: contact logged · {row.channel}" + (f" · {by.initials}" if by else ""))
    return 0


def cmd_client_reassign(args: argparse.Namespace, ctx: Context) -> int:
    from .services.capture import resolve_client
    from .services.clients import reassign_clients
    from .services.team import list_associates, pick_associate

    _, _, store = ctx.open(args)
    with store.write() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        assert client.id is not None
        owner = pick_associate(list_associates(session, store.boutique_id), args.to)
        assert owner.id is not None
        moved = reassign_clients(session, store.boutique_id, [client.id], owner.id)
        number = client.number
    print(f"{number}: now with {owner.initials}." if moved else f"{number}: already with {owner.initials}.")
    return 0


def cmd_client_brief(args: argparse.Namespace, ctx: Context) -> int:
    from .services.brief import client_brief
    from .services.capture import resolve_client
    from .services.exports import client_brief_text, client_file_json, client_file_md

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        client = resolve_client(session, store.boutique_id, args.client)
        assert client.id is not None
        brief = client_brief(session, store.boutique_id, client.id, clock, settings)
    if args.format == "json":
        sys.stdout.write(client_file_json(brief, settings, "client_brief"))
    elif args.format == "md":
        sys.stdout.write(client_file_md(brief, settings, clock, "Client brief"))
    else:
        sys.stdout.write(client_brief_text(brief, settings, clock))
    return 0


def cmd_portfolio(args: argparse.Namespace, ctx: Context) -> int:
    from .services.clients import portfolio
    from .services.exports import portfolio_json, portfolio_md
    from .services.team import list_associates, pick_associate

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        # Someone who left still has a portfolio until it is reassigned.
        everyone = list_associates(session, store.boutique_id, active_only=False)
        associate = pick_associate(everyone, args.associate)
        assert associate.id is not None
        result = portfolio(session, store.boutique_id, associate.id, clock, settings)
    if args.format == "json":
        sys.stdout.write(portfolio_json(result, settings))
    else:
        sys.stdout.write(portfolio_md(result, settings, clock))
    return 0
