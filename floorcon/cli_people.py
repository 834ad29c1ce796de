"""`floorcon associate`, `floorcon talent` and `floorcon one-to-ones`: developing the team from
the shell. Same contract as every command: exit 0 / 2 / 1, one stderr line on failure."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cli import Context


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("associate", parents=[common], help="an associate's file, as Markdown or JSON",
                       description="Print an associate's file: Markdown for a review meeting (private "
                                   "one-to-one notes left out), or with --format json everything "
                                   "floorcon holds about them.")
    p.add_argument("associate", metavar="INITIALS", help="the associate: initials or name")
    p.add_argument("--format", choices=("md", "json"), default="md", help="md (default) or json")
    p.add_argument("--out", metavar="FILE", help="write to FILE (private, 0600) instead of stdout")
    p.set_defaults(handler=cmd_associate)

    p = sub.add_parser("talent", parents=[common], help="the 9-box and the succession slates",
                       description="The 9-box (performance × potential, from each associate's latest "
                                   "review) and a succession slate per key role.")
    p.add_argument("--format", choices=("md", "json"), default="md", help="md (default) or json")
    p.set_defaults(handler=cmd_talent)

    p = sub.add_parser("one-to-ones", parents=[common],
                       help="scheduled and overdue one-to-ones, open actions, plan items due",
                       description="One-to-ones booked and not yet held, associates without one for "
                                   "longer than the cadence, open agreed actions and plan items due.")
    p.add_argument("--due", action="store_true",
                   help="only what is due: overdue or today's one-to-ones and actions, beyond the "
                        "cadence, plan items due")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=cmd_one_to_ones)


def cmd_associate(args: argparse.Namespace, ctx: Context) -> int:
    from .cli import _write_private
    from .services.people import associate_file
    from .services.people_exports import associate_data, associate_markdown
    from .services.team import list_associates, pick_associate

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        everyone = list_associates(session, store.boutique_id, active_only=False)
        who = pick_associate(everyone, args.associate)
        assert who.id is not None
        if args.format == "json":
            text = json.dumps(associate_data(session, store.boutique_id, who.id), ensure_ascii=False,
                              indent=2) + "\n"
        else:
            found = associate_file(session, store.boutique_id, clock, settings, who.id)
            text = associate_markdown(found, settings, clock)
    if args.out:
        _write_private(args.out, text)
        print(f"Associate file of {who.initials} written to {args.out} ({args.format})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_talent(args: argparse.Namespace, ctx: Context) -> int:
    from .services.people_exports import talent_data, talent_markdown
    from .services.talent import nine_box, slates

    settings, clock, store = ctx.open(args)
    with store.read() as session:
        grid = nine_box(session, store.boutique_id)
        found = slates(session, store.boutique_id, settings)
    if args.format == "json":
        print(json.dumps(talent_data(grid, found), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(talent_markdown(grid, found, settings, clock.today()))
    return 0


def _when(days_late: int) -> str:
    if days_late == 0:
        return "today"
    n = abs(days_late)
    unit = "day" if n == 1 else "days"
    return f"{n} {unit} late" if days_late > 0 else f"in {n} {unit}"


def _day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def cmd_one_to_ones(args: argparse.Namespace, ctx: Context) -> int:
    from .cli import _one_line, _table
    from .services.people import actions, one_to_ones, plan_items_due, team

    settings, clock, store = ctx.open(args)
    today = clock.today()
    with store.read() as session:
        b = store.boutique_id
        rows = team(session, b, clock, settings)
        active = {r.associate_id for r in rows}
        booked = [o for o in one_to_ones(session, b, clock, pending_only=True) if o.associate_id in active]
        todo = [a for a in actions(session, b, today) if a.associate_id in active]
        items = [i for i in plan_items_due(session, b, today, settings.people_days_ahead)
                 if i.associate_id in active]
    booked.sort(key=lambda o: o.scheduled_at)
    late_days = {o.id: (today - clock.local_day(o.scheduled_at)).days for o in booked}
    beyond = [r for r in rows if r.beyond_cadence]
    if args.due:
        booked = [o for o in booked if late_days[o.id] >= 0]
        todo = [a for a in todo if a.days_late >= 0]
    names = {r.associate_id: r.name for r in rows}
    if args.format == "json":
        print(json.dumps({
            "today": today.isoformat(), "cadence_days": settings.one_to_one_cadence_days,
            "one_to_ones": [
                {"id": o.id, "initials": o.initials, "name": o.name,
                 "scheduled_at": clock.local(o.scheduled_at).isoformat(), "days_late": late_days[o.id],
                 "overdue": o.overdue} for o in booked],
            "beyond_cadence": [
                {"initials": r.initials, "name": r.name,
                 "last_held": clock.local_day(r.last_held).isoformat() if r.last_held else None,
                 "days_since": r.days_since} for r in beyond],
            "actions": [
                {"id": a.id, "initials": a.initials, "name": names.get(a.associate_id, ""), "text": a.text,
                 "due": a.due.isoformat(), "days_late": a.days_late, "overdue": a.overdue} for a in todo],
            "plan_items": [
                {"initials": i.initials, "plan": i.plan_kind, "plan_title": i.plan_title, "what": i.what,
                 "text": i.text, "due": i.due.isoformat(), "days_late": i.days_late} for i in items],
        }, ensure_ascii=False, indent=2))
        return 0
    blocks = []
    if booked:
        blocks.append("One-to-ones\n" + _table(
            ["DAY", "TIME", "WHEN", "SA", "ASSOCIATE"],
            [[_day(clock.local_day(o.scheduled_at)), clock.local(o.scheduled_at).format("HH:mm"),
              _when(late_days[o.id]), o.initials, o.name] for o in booked]))
    if beyond:
        ago = {r.associate_id: "never" if r.days_since is None else f"{r.days_since} days" for r in beyond}
        said = ", ".join(f"{r.initials} {r.name} ({ago[r.associate_id]})" for r in beyond)
        blocks.append(f"Without a one-to-one for over {settings.one_to_one_cadence_days} days: {said}")
    if todo:
        blocks.append("Actions\n" + _table(
            ["#", "DUE", "WHEN", "SA", "ACTION"],
            [[str(a.id), _day(a.due), _when(a.days_late), a.initials, _one_line(a.text)] for a in todo],
            right={0}))
    if items:
        blocks.append("Plan items due\n" + _table(
            ["DUE", "WHEN", "SA", "PLAN", "ITEM"],
            [[_day(i.due), _when(i.days_late), i.initials, f"{i.plan_kind.upper()} {i.plan_title}",
              _one_line(i.text)] for i in items]))
    if not blocks:
        print("Nothing due: every one-to-one, action and plan item is on time." if args.due
              else "No one-to-one booked, no open action, no plan item due.")
        return 0
    print("\n\n".join(blocks))
    return 0

