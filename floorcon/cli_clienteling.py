"""`floorcon pipeline`, `floorcon plan list|show|create` and `floorcon events`: the High Jewelry
pipeline, clienteling plans and events from the shell.

Each prints an aligned text table by default, a Markdown table with `--format md` (for an
e-mail) or everything with `--format json` (money in integer minor units, days ISO 8601).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Collection
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from .config import Settings

if TYPE_CHECKING:
    from .cli import Context

FORMATS = ("text", "md", "json")
NONE = "—"
PLAN_DAYS = 30  # a plan made from the shell runs this long unless --to says otherwise


def _window(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 365:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days from 1 to 365")
    return int(text)


def _plan_id(text: str) -> int:
    digits = text.strip().lstrip("#")
    if not digits.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a plan number (see floorcon plan list)")
    return int(digits)


def add_commands(sub: Any, common: argparse.ArgumentParser, parser_class: type) -> None:
    """Register `pipeline`, `plan` and `events` on the main parser."""
    fmt = {"choices": FORMATS, "default": "text", "help": "text (default), md or json"}
    p = sub.add_parser("pipeline", parents=[common], help="the High Jewelry pipeline by stage",
                       description="High Jewelry opportunities by stage with counts, totals and the "
                                   "weighted total, then each open opportunity and its next step.")
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_pipeline)

    plan = sub.add_parser("plan", help="clienteling plans: list, show, create",
                          description="Clienteling plans: who to contact, by whom, on which consented "
                                      "channel, and the sales that followed.")
    plan_sub = plan.add_subparsers(title="plan commands", metavar="ACTION", required=True,
                                   parser_class=parser_class)
    p = plan_sub.add_parser("list", parents=[common], help="every plan with its progress")
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_plan_list)
    p = plan_sub.add_parser("show", parents=[common], help="a plan: progress per associate, actions")
    p.add_argument("plan", type=_plan_id, metavar="ID", help="the plan's number (see floorcon plan list)")
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_plan_show)
    p = plan_sub.add_parser(
        "create", parents=[common], help="make a plan and its actions",
        description="Pick clients and give each one an action for their associate, on the channels "
                    "they consented to. Clients with no consented channel or no associate are left out "
                    "(the command says how many). Criteria combine; none picks every client.")
    p.add_argument("name", nargs="+", metavar="NAME", help="e.g. Holiday gifting")
    p.add_argument("--segment", default="", metavar="S",
                   help="VIC, HJ, regular, prospect; several separated by commas (default: every segment)")
    p.add_argument("--owned", default="", metavar="CATEGORY", help="clients who have bought this category")
    p.add_argument("--not-owned", default="", metavar="CATEGORY",
                   help="clients who have never bought this category (a cross-selling plan)")
    p.add_argument("--bought-after", metavar="DAY",
                   help="last purchase on or after DAY (e.g. 2026-01-01, or -90 for 90 days ago)")
    p.add_argument("--bought-before", metavar="DAY", help="last purchase before DAY (lapsing clients)")
    p.add_argument("--owner", metavar="SA", help="only this associate's clients")
    p.add_argument("--from", dest="starts", metavar="DAY", help="first day of the plan (default: today)")
    p.add_argument("--to", dest="ends", metavar="DAY",
                   help=f"last day of the plan (default: {PLAN_DAYS} days after the first)")
    p.add_argument("--window", type=_window, metavar="DAYS",
                   help="days after a contact whose sales count for the plan "
                        "(default: clienteling.attribution_days)")
    p.set_defaults(handler=cmd_plan_create)

    p = sub.add_parser("events", parents=[common], help="events, their guests and sales; the community log",
                       description="Every event (newest first) with its guests and the sales its attendees "
                                   "made within events.attribution_days; then the log of local "
                                   "partnerships and community actions. With ID, one event's guest list.")
    p.add_argument("event", nargs="?", type=_plan_id, metavar="ID", help="one event's guest list")
    p.add_argument("--format", **fmt)
    p.set_defaults(handler=cmd_events)

    p = sub.add_parser("appointments", parents=[common], help="a day's client appointments",
                       description="Every appointment of the day, whatever its status: time, client, "
                                   "associate, purpose, pieces to prepare, High Jewelry opportunity, "
                                   "and the outcome once recorded.")
    p.add_argument("--day", metavar="DATE",
                   help="the day (e.g. 2026-12-02, 02/12, tomorrow, fri, yesterday, -3); default today")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    p.set_defaults(handler=cmd_appointments)


# -- output ------------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]], fmt: str, right: Collection[int] = ()) -> str:
    """Aligned text columns, or a Markdown table."""
    if fmt == "md":
        def cell(value: str) -> str:
            return str(value).replace("|", "\\|")

        lines = ["| " + " | ".join(headers) + " |",
                 "| " + " | ".join("---:" if i in right else "---" for i in range(len(headers))) + " |"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    out = []
    for row in [headers, *rows]:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def _title(text: str, fmt: str) -> str:
    return f"## {text}" if fmt == "md" else text


def _json(data: Any) -> None:
    def plain(value: Any) -> Any:
        if isinstance(value, date | datetime):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    print(json.dumps(data, ensure_ascii=False, indent=2, default=plain))


def _money(settings: Settings, value: int) -> str:
    from .services.parsing import format_money

    return format_money(value, settings)


def _day(day: date | None) -> str:
    return NONE if day is None else f"{day:%a} {day.isoformat()}"


def _one_line(text: str) -> str:
    return " ".join(text.split()) or NONE


# -- pipeline ----------------------------------------------------------------------------------


def cmd_pipeline(args: argparse.Namespace, ctx: Context) -> int:
    from .services.clienteling import pipeline

    settings, _, store = ctx.open(args)
    with store.read() as session:
        p = pipeline(session, store.boutique_id)
    if args.format == "json":
        _json({
            "currency": settings.currency, "minor_digits": settings.minor_digits,
            "open": {"count": p.open_count, "total": p.open_total, "weighted": p.open_weighted},
            "stages": [{"stage": s.stage, "count": s.count, "total": s.total, "weight": s.weight / 100,
                        "weighted": s.weighted} for s in p.stages],
            "opportunities": [
                {"id": o.id, "client_number": o.client_number, "client": o.client, "owner": o.owner,
                 "stage": o.stage, "estimate": o.estimate, "piece": o.piece, "next_step": o.next_step,
                 "next_step_due": o.next_step_due, "followup": o.followup_status or None}
                for o in p.opportunities
            ],
        })
        return 0
    money = partial(_money, settings)
    print(_title(f"High Jewelry pipeline · {p.open_count} open · {money(p.open_total)} · "
                 f"weighted {money(p.open_weighted)}", args.format))
    print()
    stages = [[s.stage, str(s.count), money(s.total), f"{s.weight}%", money(s.weighted)] for s in p.stages]
    print(_table(["STAGE", "COUNT", "TOTAL", "WEIGHT", "WEIGHTED"], stages, args.format, right={1, 2, 3, 4}))
    opened = [o for o in p.opportunities if o.stage not in ("delivered", "lost")]
    if opened:
        print()
        print(_table(["#", "CLIENT", "OWNER", "STAGE", "ESTIMATE", "PIECE", "NEXT STEP", "DUE"],
                     [[str(o.id), f"{o.client_number} {o.client}", o.owner, o.stage, money(o.estimate),
                       _one_line(o.piece), _one_line(o.next_step), _day(o.next_step_due)] for o in opened],
                     args.format, right={0, 4}))
    return 0


# -- plans -------------------------------------------------------------------------------------


def cmd_plan_list(args: argparse.Namespace, ctx: Context) -> int:
    from .services.clienteling import plans

    settings, _, store = ctx.open(args)
    with store.read() as session:
        found = plans(session, store.boutique_id)
    if args.format == "json":
        _json({"currency": settings.currency, "minor_digits": settings.minor_digits,
               "plans": [{"id": p.id, "name": p.name, "starts": p.starts, "ends": p.ends,
                          "actions": p.actions, "done": p.done, "attributed": p.attributed} for p in found]})
        return 0
    if not found:
        print("No clienteling plan yet (floorcon plan create NAME …).")
        return 0
    print(_table(["#", "PLAN", "FROM", "TO", "DONE", "ACTIONS", "ATTRIBUTED"],
                 [[str(p.id), p.name, p.starts.isoformat(), p.ends.isoformat(), str(p.done), str(p.actions),
                   _money(settings, p.attributed)] for p in found],
                 args.format, right={0, 4, 5, 6}))
    return 0


def cmd_plan_show(args: argparse.Namespace, ctx: Context) -> int:
    from .services.clienteling import plan_report

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        r = plan_report(session, store.boutique_id, args.plan)
    if args.format == "json":
        _json({
            "id": r.id, "name": r.name, "starts": r.starts, "ends": r.ends,
            "attribution_days": r.attribution_days, "selection": r.selection,
            "currency": settings.currency, "minor_digits": settings.minor_digits,
            "done": r.done, "todo": r.todo, "attributed": r.attributed,
            "associates": [{"initials": p.initials, "name": p.name, "done": p.done, "todo": p.todo,
                            "attributed": p.attributed} for p in r.progress],
            "actions": [{"id": a.id, "client_number": a.client_number, "client": a.client,
                         "segment": a.segment, "associate": a.associate, "channels": a.channels.split(","),
                         "status": a.status, "channel": a.channel or None, "outcome": a.outcome,
                         "done_at": a.done_at, "attributed": a.attributed} for a in r.actions],
        })
        return 0
    money = partial(_money, settings)
    print(_title(f"Plan #{r.id} · {r.name} · {r.starts.isoformat()} to {r.ends.isoformat()}", args.format))
    print(f"{r.selection} · sales within {r.attribution_days} days of the contact")
    print(f"{r.done} of {r.done + r.todo} contacted · {money(r.attributed)} attributed")
    print()
    print(_table(["SA", "NAME", "DONE", "TO DO", "ATTRIBUTED"],
                 [[p.initials, p.name, str(p.done), str(p.todo), money(p.attributed)] for p in r.progress],
                 args.format, right={2, 3, 4}))
    print()
    rows = [
        [str(a.id), f"{a.client_number} {a.client}", a.segment, a.associate, a.channels.replace(",", " "),
         a.status, f"{clock.local(a.done_at).format('YYYY-MM-DD')} {a.channel}" if a.done_at else NONE,
         _one_line(a.outcome), money(a.attributed) if a.done_at else NONE]
        for a in r.actions
    ]
    headers = ["#", "CLIENT", "SEG", "SA", "CHANNELS", "STATUS", "CONTACTED", "OUTCOME", "ATTRIBUTED"]
    print(_table(headers, rows, args.format, right={0, 8}))
    return 0


def cmd_plan_create(args: argparse.Namespace, ctx: Context) -> int:
    from .cli import parse_report_day
    from .services.clienteling import Selection, create_plan, parse_segments
    from .services.parsing import parse_day
    from .services.team import resolve_associate

    settings, clock, store = ctx.open(args)
    today = clock.today()
    starts = parse_day(args.starts, today, "from") if args.starts else today
    ends = parse_day(args.ends, starts, "to") if args.ends else starts + timedelta(days=PLAN_DAYS)
    after = parse_report_day(args.bought_after, today) if args.bought_after else None
    before = parse_report_day(args.bought_before, today) if args.bought_before else None
    segments = parse_segments(args.segment)
    name = " ".join(args.name)
    with store.write() as session:
        owner = resolve_associate(session, store.boutique_id, args.owner) if args.owner else None
        selection = Selection(segments, args.owned.strip(), args.not_owned.strip(), after, before,
                              owner.id if owner else None)
        made = create_plan(session, store.boutique_id, clock, name=name, starts=starts, ends=ends,
                           attribution_days=args.window or settings.clienteling_attribution_days,
                           selection=selection, author=store.actor)
    left = []
    if made.no_consent:
        left.append(f"{made.no_consent} without a consented channel")
    if made.no_owner:
        left.append(f"{made.no_owner} without an associate")
    print(f"Saved plan #{made.plan.id} \"{made.plan.name}\" {starts.isoformat()} to {ends.isoformat()}: "
          f"{made.actions} action{'s' if made.actions != 1 else ''}"
          + (f"; left out: {', '.join(left)}" if left else ""))
    return 0


# -- events ------------------------------------------------------------------------------------


def cmd_events(args: argparse.Namespace, ctx: Context) -> int:
    from .services import events

    settings, clock, store = ctx.open(args)
    days = settings.event_attribution_days
    money = partial(_money, settings)
    if args.event is not None:
        with store.read() as session:
            r = events.event_report(session, store.boutique_id, args.event, days)
        e = r.event
        if args.format == "json":
            _json({"event": _event_json(e, clock), "attribution_days": days, "currency": settings.currency,
                   "minor_digits": settings.minor_digits,
                   "guests": [{"client_number": g.client_number, "client": g.client, "segment": g.segment,
                               "associate": g.associate or None, "status": g.status,
                               "attributed": g.attributed} for g in r.guests]})
            return 0
        print(_title(f"{e.title} · {clock.local(e.starts_at).format('ddd YYYY-MM-DD HH:mm')} · "
                     f"{e.place or NONE}", args.format))
        extra = [x for x in (f"theme: {e.theme}" if e.theme else "",
                             f"partners: {e.partners}" if e.partners else "") if x]
        if extra:
            print(" · ".join(extra))
        print(f"{e.invited} invited · {e.confirmed} confirmed · {e.attended} attended · "
              f"{e.no_show} no-show · {money(e.attributed)} bought by attendees within {days} days")
        if r.guests:
            print()
            print(_table(["CLIENT", "SEG", "SA", "STATUS", "SALES"],
                         [[f"{g.client_number} {g.client}", g.segment, g.associate or NONE, g.status,
                           money(g.attributed) if g.status == "attended" else NONE] for g in r.guests],
                         args.format, right={4}))
        return 0
    with store.read() as session:
        found = events.event_list(session, store.boutique_id, days)
        log = events.community_log(session, store.boutique_id)
    if args.format == "json":
        _json({"attribution_days": days, "currency": settings.currency, "minor_digits": settings.minor_digits,
               "events": [_event_json(e, clock) for e in found],
               "community": [{"day": c.day, "partner": c.partner, "what": c.what, "outcome": c.outcome}
                             for c in log]})
        return 0
    now = clock.now_utc()
    print(_title(f"Events · sales by attendees within {days} days", args.format))
    print()
    if found:
        print(_table(["#", "WHEN", "EVENT", "PLACE", "INVITED", "CONFIRMED", "ATTENDED", "NO-SHOW", "SALES"],
                     [[str(e.id), clock.local(e.starts_at).format("ddd YYYY-MM-DD HH:mm"), e.title,
                       e.place or NONE, str(e.invited), str(e.confirmed), str(e.attended), str(e.no_show),
                       money(e.attributed) if e.starts_at <= now else NONE] for e in found],
                     args.format, right={0, 4, 5, 6, 7, 8}))
    else:
        print("No event yet.")
    print()
    print(_title("Partnerships and community", args.format))
    print()
    if log:
        print(_table(["DAY", "PARTNER", "WHAT", "OUTCOME"],
                     [[c.day.isoformat(), c.partner, _one_line(c.what), _one_line(c.outcome)] for c in log],
                     args.format))
    else:
        print("Nothing logged yet.")
    return 0


def _event_json(e: Any, clock: Any) -> dict[str, Any]:
    return {"id": e.id, "title": e.title, "starts_at": clock.local(e.starts_at).isoformat(), "place": e.place,
            "theme": e.theme, "partners": [p.strip() for p in e.partners.split(",") if p.strip()],
            "invited": e.invited, "confirmed": e.confirmed, "attended": e.attended, "no_show": e.no_show,
            "attributed": e.attributed}



# -- appointments ------------------------------------------------------------------------------


def cmd_appointments(args: argparse.Namespace, ctx: Context) -> int:
    from .cli import parse_report_day
    from .services.appointments import day_appointments

    _, clock, store = ctx.open(args)
    day = parse_report_day(args.day, clock.today())
    with store.read() as session:
        rows = day_appointments(session, store.boutique_id, clock, day)
    if args.format == "json":
        _json({"day": day, "appointments": [
            {"id": r.id, "starts_at": clock.local(r.starts_at).isoformat(), "client_number": r.client_number,
             "client": r.client, "segment": r.segment, "associate": r.associate, "purpose": r.purpose,
             "prepare": r.prepare, "opportunity_id": r.opportunity_id, "opportunity": r.opportunity or None,
             "status": r.status, "outcome": r.outcome}
            for r in rows]})
        return 0
    print(f"Appointments · {_day(day)}")
    print()
    if not rows:
        print("No appointment.")
        return 0
    print(_table(["#", "TIME", "CLIENT", "SEG", "SA", "PURPOSE", "PREPARE", "HJ", "STATUS", "OUTCOME"],
                 [[str(r.id), clock.local(r.starts_at).format("HH:mm"), f"{r.client_number} {r.client}",
                   r.segment, r.associate, _one_line(r.purpose), _one_line(r.prepare),
                   r.opportunity or NONE, r.status, _one_line(r.outcome)] for r in rows],
                 "text", right={0}))
    return 0
