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
