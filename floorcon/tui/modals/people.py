"""The forms of developing the team: book a one-to-one, agree an action, write a review, open a
plan and follow it (goals, check-ins, outcome), put someone on a slate, filter and export the
associate file. Each validates as it is typed and writes in its own worker (FormModal)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ...models import Action, DevelopmentPlan, Moment, NoteKind, OneToOne, PlanCheckIn, PlanGoal
from ...models import SuccessionCandidate as Candidate
from ...services import people, talent
from ...services.parsing import InputError, parse_day
from ...services.people_exports import associate_data, associate_markdown
from ..screens.planning import parse_clock_time
from ..screens.rituals import parse_past_day, parse_path, shown_path, write_private
from .capture import CaptureModal, _day_hint, _text
from .form import Field


def _optional_choice(value: str, options: tuple[str, ...], name: str) -> str:
    typed = value.strip().lower()
    starts = [o for o in options if o.startswith(typed)]
    if typed in options:
        return typed
    if len(starts) == 1:
        return starts[0]
    raise InputError(f"{name}: {value.strip()!r} is not one of {', '.join(options)}")


def parse_days(value: str, today: date) -> list[date]:
    """'+14, +28, 18/12' -> the days, in order."""
    days = [parse_day(part, today, "checkpoints") for part in value.replace(";", ",").split(",")
            if part.strip()]
    if not days:
        raise InputError("checkpoints: empty")
    return sorted(set(days))


class PeopleModal(CaptureModal):
    """A form about one associate (or one of their plans)."""

    def __init__(self, prefill: dict[str, str] | None = None, about: str = "") -> None:
        self.about = about
        super().__init__(prefill)

    def heading(self) -> str:
        return f"{self.TITLE} · {self.about}" if self.about else self.TITLE

    def today(self) -> date:
        return self.fc.clock.today()

    def day_field(self, name: str, label: str, default: str = "", required: bool = True) -> Field:
        today = self.today()
        return Field(name, label, "28/11/2026 · 2026-11-28 · +7 · tomorrow · fri", default=default,
                     parse=lambda v: parse_day(v, today, name), required=required,
                     hint=lambda v: _day_hint(parse_day(v, today, name)))

    def past_day_field(self, name: str, label: str) -> Field:
        """A day gone or today: '24/11' is this year's, 'fri' the last Friday, '-3' three days ago."""
        today = self.today()
        return Field(name, label, "today · 24/11 · -3 · yesterday · fri", default="today",
                     parse=lambda v: parse_past_day(v, today, today, name),
                     hint=lambda v: _day_hint(parse_past_day(v, today, today, name)))


class BookModal(PeopleModal):
    """Book a one-to-one."""

    TITLE = "Book a one-to-one"

    def fields(self) -> list[Field]:
        return [
            self.associate_field(),
            self.day_field("day", "Day", "+7"),
            Field("time", "Time", "e.g. 10:00", parse=lambda v: parse_clock_time(v, "time"), default="10:00"),
        ]

    def save(self, values: dict[str, Any]) -> OneToOne:
        app = self.fc
        with app.store.write() as session:
            return people.schedule_one_to_one(session, app.store.boutique_id, values["associate"].id,
                                              app.clock.at(values["day"], values["time"]))

    def saved_message(self, result: OneToOne) -> str:
        return f"One-to-one booked · {self.fc.clock.local(result.scheduled_at).format('dddd D MMMM, HH:mm')}"


class BookedModal(PeopleModal):
    """A form about the one-to-one booked with one associate (the earliest not held)."""

    def __init__(self, associate_id: int, about: str, prefill: dict[str, str] | None = None) -> None:
        self.associate_id = associate_id
        super().__init__(prefill, about)

    def booked(self, session: Any) -> OneToOne:
        row = people.booked_one_to_one(session, self.fc.store.boutique_id, self.associate_id)
        if row is None or row.id is None:
            raise InputError("one-to-one: none booked")
        return row

    def when(self, row: OneToOne) -> str:
        return self.fc.clock.local(row.scheduled_at).format("dddd D MMMM, HH:mm")


class RescheduleModal(BookedModal):
    """Move the booked one-to-one to another day or time."""

    TITLE = "Move the one-to-one"

    def fields(self) -> list[Field]:
        return [
            self.day_field("day", "New day", "+1"),
            Field("time", "Time", "e.g. 10:00", parse=lambda v: parse_clock_time(v, "time"), default="10:00"),
        ]

    def save(self, values: dict[str, Any]) -> OneToOne:
        app = self.fc
        with app.store.write() as session:
            row = self.booked(session)
            assert row.id is not None
            return people.reschedule_one_to_one(session, app.store.boutique_id, row.id,
                                                app.clock.at(values["day"], values["time"]))

    def saved_message(self, result: OneToOne) -> str:
        return f"One-to-one moved to {self.when(result)}"


def _yes(value: str) -> str:
    if value.strip().lower() not in ("yes", "y", "oui"):
        raise InputError("confirm: type yes to cancel it")
    return "yes"


class CancelOneToOneModal(BookedModal):
    """Take the booked one-to-one off the diary (one with notes or actions is kept)."""

    TITLE = "Cancel the one-to-one"

    def fields(self) -> list[Field]:
        return [Field("confirm", "Type yes to take it off the diary", "yes", parse=_yes)]

    def save(self, values: dict[str, Any]) -> str:
        app = self.fc
        with app.store.write() as session:
            row = self.booked(session)
            assert row.id is not None
            when = self.when(row)
            people.cancel_one_to_one(session, app.store.boutique_id, row.id)
        return when

    def saved_message(self, result: str) -> str:
        return f"One-to-one of {result} cancelled"


class ActionModal(PeopleModal):
    """An action agreed, with its owner and due day (from a one-to-one, or not)."""

    TITLE = "Agreed action"

    def __init__(self, prefill: dict[str, str] | None = None, about: str = "",
                 one_to_one_id: int | None = None) -> None:
        self.one_to_one_id = one_to_one_id
        super().__init__(prefill, about)

    def fields(self) -> list[Field]:
        return [
            Field("text", "Action", "what will be done", parse=_text),
            self.day_field("due", "Due", "+7"),
            self.associate_field("owner", "Owner"),
        ]

    def save(self, values: dict[str, Any]) -> Action:
        app = self.fc
        with app.store.write() as session:
            return people.add_action(session, app.store.boutique_id, associate_id=values["owner"].id,
                                     text=values["text"], due=values["due"], created_at=app.clock.now_utc(),
                                     one_to_one_id=self.one_to_one_id)

    def saved_message(self, result: Action) -> str:
        return f"Action agreed · due {_day_hint(result.due)}"


class DoneActionModal(PeopleModal):
    """Mark an agreed action done."""

    TITLE = "Action done"

    def __init__(self, action_id: int, about: str) -> None:
        self.action_id = action_id
        super().__init__(about=about)

    def fields(self) -> list[Field]:
        return [self.past_day_field("day", "Done on")]

    def save(self, values: dict[str, Any]) -> Action:
        app = self.fc
        clock = app.clock
        day: date = values["day"]
        moment = clock.now_utc() if day == clock.today() else clock.day_bounds(day)[1]
        with app.store.write() as session:
            return people.complete_action(session, app.store.boutique_id, self.action_id, moment)

    def saved_message(self, result: Action) -> str:
        return "Action done"


def current_period(today: date) -> str:
    """'2026 H2': the half-year a review made today is about."""
    return f"{today.year} H{1 if today.month <= 6 else 2}"


class ReviewModal(PeopleModal):
    """A review: a rating from 1 to 5 per configured competency, overall, performance and potential."""

    TITLE = "Review"

    def fields(self) -> list[Field]:
        competencies = self.fc.settings.competencies
        levels = people.LEVELS
        return [
            self.associate_field(),
            Field("period", "Period", "e.g. 2026 H2", default=current_period(self.today()),
                  parse=lambda v: people.clean_text(v, "period", 32)),
            *(Field(f"r{i}", c.capitalize(), "1 to 5", parse=lambda v, c=c: people.parse_rating(v, c))
              for i, c in enumerate(competencies)),
            Field("overall", "Overall", "1 to 5", parse=lambda v: people.parse_rating(v, "overall")),
            Field("performance", "Performance", " · ".join(levels), choices=levels,
                  parse=lambda v: people.parse_level(v, "performance")),
            Field("potential", "Potential", " · ".join(levels), choices=levels,
                  parse=lambda v: people.parse_level(v, "potential")),
            Field("comment", "Comment", "in a sentence", required=False),
        ]

    def save(self, values: dict[str, Any]) -> str:
        app = self.fc
        ratings = {c: values[f"r{i}"] for i, c in enumerate(app.settings.competencies)}
        with app.store.write() as session:
            row = people.save_review(
                session, app.store.boutique_id, app.settings, associate_id=values["associate"].id,
                period=values["period"], reviewed_on=app.clock.today(), ratings=ratings,
                overall=values["overall"], performance=values["performance"],
                potential=values["potential"], comment=values["comment"] or "")
            return f"Review {row.period} saved · {talent.BOX_NAMES[(row.performance, row.potential)]}"

    def saved_message(self, result: str) -> str:
        return result


class PlanModal(PeopleModal):
    """Open an IDP or a PMP (a PMP with its dated checkpoints)."""

    TITLE = "New plan"

    def fields(self) -> list[Field]:
        today = self.today()
        return [
            self.associate_field(),
            Field("kind", "Kind", "idp (development) · pmp (performance)", choices=people.PLAN_KINDS,
                  parse=people.parse_plan_kind),
            Field("title", "Title", "e.g. Towards Floor Manager",
                  parse=lambda v: people.clean_text(v, "title", 120)),
            self.day_field("starts", "Starts", "today"),
            self.day_field("ends", "Ends", required=False),
            Field("checkpoints", "Checkpoints (a PMP)", "e.g. +14, +28, +42", required=False,
                  parse=lambda v: parse_days(v, today),
                  hint=lambda v: "→ " + " · ".join(f"{d:%a %d %b}" for d in parse_days(v, today))),
        ]

    def save(self, values: dict[str, Any]) -> DevelopmentPlan:
        app = self.fc
        with app.store.write() as session:
            return people.create_plan(
                session, app.store.boutique_id, associate_id=values["associate"].id, kind=values["kind"],
                title=values["title"], started_on=values["starts"], ends_on=values["ends"],
                checkpoints=values["checkpoints"] or ())

    def saved_message(self, result: DevelopmentPlan) -> str:
        return f"{result.kind.upper()} opened · {result.title}"


class PlanItemModal(PeopleModal):
    """A form about one plan."""

    def __init__(self, plan_id: int, about: str, prefill: dict[str, str] | None = None) -> None:
        self.plan_id = plan_id
        super().__init__(prefill, about)


class GoalModal(PlanItemModal):
    TITLE = "New goal"

    def fields(self) -> list[Field]:
        return [
            Field("text", "Goal", "what is to be reached", parse=_text),
            Field("measure", "Measure", "how it is measured, e.g. capture rate ≥ 70%", required=False),
            self.day_field("due", "Due", "+30"),
        ]

    def save(self, values: dict[str, Any]) -> PlanGoal:
        app = self.fc
        with app.store.write() as session:
            return people.add_goal(session, app.store.boutique_id, self.plan_id, text=values["text"],
                                   measure=values["measure"] or "", due=values["due"])

    def saved_message(self, result: PlanGoal) -> str:
        return f"Goal added · due {_day_hint(result.due)}"


class GoalStatusModal(PlanItemModal):
    """Mark a goal of the plan met or missed (or open again)."""

    TITLE = "Goal status"

    def __init__(self, plan_id: int, about: str, goals: list[people.GoalLine]) -> None:
        self.goals = goals
        super().__init__(plan_id, about)

    def goal(self, value: str) -> people.GoalLine:
        raw = value.strip()
        if not raw.isdigit() or not 1 <= int(raw) <= len(self.goals):
            raise InputError(f"goal: {raw!r} is not a goal number from 1 to {len(self.goals)}")
        return self.goals[int(raw) - 1]

    def fields(self) -> list[Field]:
        return [
            Field("goal", "Goal number", f"1 to {len(self.goals)}", parse=self.goal,
                  hint=lambda v: f"→ {self.goal(v).text}"),
            Field("status", "Status", " · ".join(people.GOAL_STATUSES), choices=people.GOAL_STATUSES,
                  parse=people.parse_goal_status),
        ]

    def save(self, values: dict[str, Any]) -> PlanGoal:
        app = self.fc
        with app.store.write() as session:
            return people.set_goal_status(session, app.store.boutique_id, values["goal"].id, values["status"])

    def saved_message(self, result: PlanGoal) -> str:
        return f"Goal {result.status}"


class CheckInModal(PlanItemModal):
    TITLE = "Check-in"

    def fields(self) -> list[Field]:
        return [Field("note", "What was said", "progress, what is next", parse=_text)]

    def save(self, values: dict[str, Any]) -> PlanCheckIn:
        app = self.fc
        with app.store.write() as session:
            return people.add_check_in(session, app.store.boutique_id, self.plan_id, note=values["note"],
                                       noted_at=app.clock.now_utc(), today=app.clock.today())

    def saved_message(self, result: PlanCheckIn) -> str:
        return "Check-in saved" + (f" · checkpoint of {_day_hint(result.due)}" if result.due else "")


class ClosePlanModal(PlanItemModal):
    """Close an IDP (completed), or give a PMP its outcome: back on standard, extended, ended."""

    TITLE = "Close the plan"

    def __init__(self, plan_id: int, about: str, kind: str) -> None:
        self.kind = kind
        super().__init__(plan_id, about)

    def fields(self) -> list[Field]:
        if self.kind == "idp":
            return [self.past_day_field("on", "Completed on")]
        return [
            Field("outcome", "Outcome", " · ".join(people.PMP_OUTCOMES), choices=people.PMP_OUTCOMES,
                  parse=people.parse_pmp_outcome),
            self.past_day_field("on", "On"),
            self.day_field("extended", "Extended to (when extended)", required=False),
        ]

    def save(self, values: dict[str, Any]) -> DevelopmentPlan:
        app = self.fc
        with app.store.write() as session:
            return people.close_plan(session, app.store.boutique_id, self.plan_id,
                                     outcome=values.get("outcome") or "", on=values["on"],
                                     extended_to=values.get("extended"))

    def saved_message(self, result: DevelopmentPlan) -> str:
        return f"{result.kind.upper()} · {result.outcome}"


class CandidateModal(PeopleModal):
    """Put an associate on a key role's slate (or update their readiness and flight risk)."""

    TITLE = "Succession slate"

    def fields(self) -> list[Field]:
        settings = self.fc.settings
        readiness = talent.READINESS
        return [
            Field("role", "Key role", " · ".join(settings.key_roles), choices=settings.key_roles,
                  parse=lambda v: talent.parse_role(v, settings)),
            self.associate_field(),
            Field("readiness", "Readiness", "ready-now · 1-2-years · 3-plus-years", choices=readiness,
                  parse=talent.parse_readiness),
            Field("risk", "Flight risk", " · ".join(people.LEVELS), choices=people.LEVELS,
                  parse=lambda v: people.parse_level(v, "flight risk")),
            Field("note", "Note", "optional", required=False),
        ]

    def save(self, values: dict[str, Any]) -> Candidate:
        app = self.fc
        with app.store.write() as session:
            return talent.set_candidate(session, app.store.boutique_id, app.settings, role=values["role"],
                                        associate_id=values["associate"].id, readiness=values["readiness"],
                                        flight_risk=values["risk"], note=values["note"] or "")

    def saved_message(self, result: Candidate) -> str:
        return f"On the {result.role} slate · {talent.READINESS_LABELS[result.readiness]}"


class OffSlateModal(PeopleModal):
    """Take an associate off a key role's slate."""

    TITLE = "Off a succession slate"

    def fields(self) -> list[Field]:
        settings = self.fc.settings
        return [
            Field("role", "Key role", " · ".join(settings.key_roles), choices=settings.key_roles,
                  parse=lambda v: talent.parse_role(v, settings)),
            self.associate_field(),
        ]

    def save(self, values: dict[str, Any]) -> Candidate:
        app = self.fc
        with app.store.write() as session:
            return talent.remove_candidate(session, app.store.boutique_id, app.settings, role=values["role"],
                                           associate_id=values["associate"].id)

    def saved_message(self, result: Candidate) -> str:
        return f"Off the {result.role} slate"


class NotesFilterModal(PeopleModal):
    """Show the coaching notes of one moment of the sale and / or one kind (empty: all)."""

    TITLE = "Filter the coaching notes"
    MOMENTS = tuple(m.value for m in Moment)
    KINDS = tuple(k.value for k in NoteKind)

    def fields(self) -> list[Field]:
        return [
            Field("moment", "Moment", "empty: every moment", choices=self.MOMENTS, required=False,
                  parse=lambda v: _optional_choice(v, self.MOMENTS, "moment")),
            Field("kind", "Kind", "empty: every kind", choices=self.KINDS, required=False,
                  parse=lambda v: _optional_choice(v, self.KINDS, "kind")),
        ]

    def save(self, values: dict[str, Any]) -> tuple[str | None, str | None]:
        return values["moment"], values["kind"]

    def saved_message(self, result: tuple[str | None, str | None]) -> str:
        shown = " · ".join(x for x in result if x) or "every note"
        return f"Coaching notes: {shown}"


ASSOCIATE_FORMATS = ("md", "json")


class AssociateExportModal(PeopleModal):
    """The associate file to a file: Markdown for a review meeting, or everything held as JSON."""

    TITLE = "Export the associate file"

    def __init__(self, associate_id: int, initials: str, about: str) -> None:
        self.associate_id, self.initials = associate_id, initials
        super().__init__(about=about)

    def fields(self) -> list[Field]:
        stem = f"~/floorcon-associate-{self.initials}-{self.today().isoformat()}"
        return [
            Field("format", "Format", "md (a review meeting) · json (everything held)", default="md",
                  choices=ASSOCIATE_FORMATS,
                  parse=lambda v: _optional_choice(v, ASSOCIATE_FORMATS, "format")),
            Field("path", "File", "where to write it (private, 0600)", parse=parse_path,
                  default=f"{stem}.md"),
        ]

    def save(self, values: dict[str, Any]) -> Path:
        import json

        app = self.fc
        path: Path = values["path"]
        if values["format"] == "json" and path.suffix == ".md":
            path = path.with_suffix(".json")
        with app.store.read() as session:
            b = app.store.boutique_id
            if values["format"] == "json":
                text = json.dumps(associate_data(session, b, self.associate_id), ensure_ascii=False,
                                  indent=2) + "\n"
            else:
                found = people.associate_file(session, b, app.clock, app.settings, self.associate_id)
                text = associate_markdown(found, app.settings, app.clock)
        try:
            write_private(path, text)
        except OSError as exc:
            raise InputError(f"not written: {exc.strerror or type(exc).__name__}") from None
        return path

    def saved_message(self, result: Path) -> str:
        return f"Exported · {shown_path(result)}"

