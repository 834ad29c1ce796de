"""Developing the team: one-to-ones and their agenda, actions, plans, reviews, the 9-box and the
slates, due / overdue rules and the exports, on the small boutique (conftest.py: Wednesday
25 November 2026, 15:00 in Paris) with hand-computed figures.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
from sqlmodel import select

from floorcon.models import Action, ChangeLog, DevelopmentPlan, OneToOne, PlanCheckIn, Review
from floorcon.services import people, talent
from floorcon.services.parsing import InputError
from floorcon.services.people_exports import (
    associate_data,
    associate_markdown,
    talent_data,
    talent_markdown,
)

from .conftest import RATINGS, TODAY, assert_one_error_line, run

# -- due and overdue -------------------------------------------------------------------------------


def test_the_cadence_rule():
    today = TODAY
    assert not people.beyond_cadence(date(2026, 10, 26), None, today, 30)  # 30 days: on the line
    assert people.beyond_cadence(date(2026, 10, 25), None, today, 30)  # 31 days
    assert people.beyond_cadence(None, None, today, 30)  # never, and no start day
    assert not people.beyond_cadence(None, date(2026, 11, 10), today, 30)  # started 15 days ago
    assert people.beyond_cadence(None, date(2026, 10, 1), today, 30)


def test_team_rows(store, clock, settings, small, team):
    with store.read() as s:
        rows = {r.initials: r for r in people.team(s, store.boutique_id, clock, settings)}
    sop, ld, ak, mb = rows["SOP"], rows["LD"], rows["AK"], rows["MB"]
    assert (sop.days_since, sop.beyond_cadence, sop.open_actions, sop.overdue_actions) == (23, False, 2, 1)
    assert clock.local(sop.next_scheduled).date() == date(2026, 11, 30)
    assert sop.plans == ("idp",) and sop.box == ("high", "high")
    assert (ld.days_since, ld.beyond_cadence, ld.open_actions) == (36, True, 0)
    assert (ak.days_since, ak.beyond_cadence, ak.plans) == (None, True, ("pmp",))
    assert (ak.items_due, ak.items_overdue) == (3, 1)  # checkpoints 15 and 29 Nov, goal 1 Dec
    assert (mb.beyond_cadence, mb.one_to_one_overdue, mb.box) == (False, True, None)
    assert sop.flags == ["1 action late"]
    assert ld.flags == ["1:1 36d ago"] and ak.flags == ["no 1:1", "1 plan item late"]
    assert mb.flags == ["1:1 overdue"]


def test_attention_for_the_dashboard(store, clock, settings, small, team):
    with store.read() as s:
        a = people.attention(s, store.boutique_id, clock, settings)
    assert [(x.initials, x.text, x.days_late) for x in a.overdue_actions] == [
        ("SOP", "Call the five top VICs", 5)]
    assert [(o.initials, o.id) for o in a.overdue_one_to_ones] == [("MB", team.mb_missed)]
    assert [r.initials for r in a.beyond_cadence] == ["AK", "LD"]
    assert [(i.initials, i.what, i.due, i.days_late) for i in a.plan_items] == [
        ("AK", "checkpoint", date(2026, 11, 15), 10),
        ("AK", "checkpoint", date(2026, 11, 29), -4),
        ("AK", "goal", date(2026, 12, 1), -6),
    ]
    assert not a.quiet


def test_days_ahead_bounds_the_plan_items(store, clock, settings, small, team):
    with store.read() as s:
        items = people.plan_items_due(s, store.boutique_id, TODAY, 4)
    assert [(i.what, i.due) for i in items] == [("checkpoint", date(2026, 11, 15)),
                                                ("checkpoint", date(2026, 11, 29))]


# -- the agenda ----------------------------------------------------------------------------------


def test_agenda_fills_itself_since_the_last_one_to_one(store, clock, settings, small, team):
    with store.read() as s:
        agenda = people.agenda(s, store.boutique_id, clock, settings, team.sop_next)
    assert agenda.since == date(2026, 11, 2)
    assert clock.local(agenda.last_held).format("YYYY-MM-DD HH:mm") == "2026-11-02 10:40"
    t = agenda.trend
    # 24 Nov: R0024 2,000.00; today: R1 4,850.00 (two lines) and R2 1,200.00.
    assert (t.figures.net_sales, t.figures.transactions, t.figures.units) == (805_000, 3, 4)
    assert t.atv == 268_333 and t.capture_rate == pytest.approx(1 / 3)
    # Only today had a target: SOP's share by hours (test_kpi: 8.5 of 19 hours, the cent left over to her).
    assert t.spark.targets[-1] == 1_342_106 and [x for x in t.spark.targets[:-1] if x] == []
    assert t.achievement == pytest.approx(605_000 / 1_342_106)
    assert len(t.spark.days) == 24  # 2 to 25 November
    assert [n.text for n in agenda.notes] == ["Warm welcome, offered champagne before the first question"]
    assert [(a.text, a.days_late) for a in agenda.actions] == [
        ("Call the five top VICs", 5), ("Prepare the bridal event list", -3)]
    assert agenda.plan_items == []  # the IDP goal is due on 31 December


def test_agenda_without_a_previous_one_to_one_goes_one_cadence_back(store, clock, settings, small, team):
    with store.read() as s:
        agenda = people.agenda(s, store.boutique_id, clock, settings, team.mb_missed)
    assert agenda.since == date(2026, 10, 26) and agenda.last_held is None
    assert agenda.trend.figures.net_sales == 10_000_000  # the High Jewelry piece of 3 November
    assert agenda.one_to_one.overdue


def test_holding_a_one_to_one(store, clock, settings, small, team):
    b = store.boutique_id
    with store.write() as s:
        row, new = people.next_one_to_one(s, b, clock, small.sop)
        assert (row.id, new) == (team.sop_next, False)  # the one already booked
        people.save_one_to_one_notes(s, b, row.id, "  Good month  ", "  private  ")
        people.add_action(s, b, associate_id=small.sop, text="Shadow Camille on two openings",
                          due=date(2026, 12, 4), created_at=clock.now_utc(), one_to_one_id=row.id)
        people.close_one_to_one(s, b, row.id, "Good month; two openings to shadow", "Ready soon",
                                clock.now_utc())
    with store.read() as s:
        held = s.get(OneToOne, team.sop_next)
        assert held.held_at == clock.now_utc()
        assert (held.shared_notes, held.private_notes) == ("Good month; two openings to shadow", "Ready soon")
        agreed = s.exec(select(Action).where(Action.one_to_one_id == team.sop_next)).all()
        assert [a.text for a in agreed] == ["Shadow Camille on two openings"]
        rows = {r.initials: r for r in people.team(s, b, clock, settings)}
    assert rows["SOP"].days_since == 0 and rows["SOP"].next_scheduled is None


def test_a_one_to_one_is_closed_once_and_with_shared_notes(store, clock, small, team):
    b = store.boutique_id
    with pytest.raises(InputError, match="shared notes"), store.write() as s:
        people.close_one_to_one(s, b, team.sop_next, "  ", "private only", clock.now_utc())
    with store.read() as s:
        assert s.get(OneToOne, team.sop_next).held_at is None  # nothing half-written
    with store.write() as s:
        people.close_one_to_one(s, b, team.sop_next, "Done", "", clock.now_utc())
    with pytest.raises(InputError, match="already held"), store.write() as s:
        people.close_one_to_one(s, b, team.sop_next, "Again", "", clock.now_utc())


def test_next_one_to_one_books_one_now_when_none_is_booked(store, clock, small, team):
    with store.write() as s:
        row, new = people.next_one_to_one(s, store.boutique_id, clock, small.ak)
    assert row.scheduled_at == clock.now_utc() and row.associate_id == small.ak and new


def test_actions_are_done_once(store, clock, small, team):
    with store.write() as s:
        people.complete_action(s, store.boutique_id, team.sop_late, clock.now_utc())
    with pytest.raises(InputError, match="already done"), store.write() as s:
        people.complete_action(s, store.boutique_id, team.sop_late, clock.now_utc())
    with pytest.raises(InputError, match="action: empty"), store.write() as s:
        people.add_action(s, store.boutique_id, associate_id=small.sop, text=" ", due=TODAY,
                          created_at=clock.now_utc())


# -- plans -----------------------------------------------------------------------------------------


def test_a_pmp_check_in_holds_the_checkpoint_due(store, clock, small, team):
    b = store.boutique_id
    with store.write() as s:
        row = people.add_check_in(s, b, team.ak_pmp, note="Closing better; two sales alone",
                                  noted_at=clock.now_utc(), today=TODAY)
        assert row.due == date(2026, 11, 15)
        extra = people.add_check_in(s, b, team.ak_pmp, note="Quick word after the briefing",
                                    noted_at=clock.now_utc(), today=TODAY)
        assert extra.due is None  # 29 November is not due yet: a plain dated note
    with store.read() as s:
        items = people.plan_items_due(s, b, TODAY, 7)
        view = people.plans(s, b, TODAY, small.ak)[0]
    assert [(i.what, i.due) for i in items] == [
        ("checkpoint", date(2026, 11, 29)), ("goal", date(2026, 12, 1))]
    # In the plan's order: by the day due, or else the day written (today).
    assert [(c.due, c.held) for c in view.check_ins] == [
        (date(2026, 11, 15), True), (None, True), (date(2026, 11, 29), False), (date(2026, 12, 13), False)]


def test_pmp_outcomes(store, clock, small, team):
    b = store.boutique_id
    with pytest.raises(InputError, match="extended to"), store.write() as s:
        people.close_plan(s, b, team.ak_pmp, outcome="ext", on=TODAY)
    with store.write() as s:
        plan = people.close_plan(s, b, team.ak_pmp, outcome="ext", on=TODAY, extended_to=date(2027, 1, 31))
        assert (plan.status, plan.outcome, plan.ends_on) == ("open", "extended", date(2027, 1, 31))
        checkpoint = s.exec(select(PlanCheckIn).where(PlanCheckIn.plan_id == team.ak_pmp,
                                                      PlanCheckIn.due == date(2027, 1, 31))).one()
        assert checkpoint.noted_at is None
        plan = people.close_plan(s, b, team.ak_pmp, outcome="back", on=TODAY)
        assert (plan.status, plan.outcome, plan.closed_on) == ("closed", "back-on-standard", TODAY)
        idp = people.close_plan(s, b, team.sop_idp, outcome="", on=TODAY)
        assert (idp.status, idp.outcome) == ("closed", "completed")
    with pytest.raises(InputError, match="is closed"), store.write() as s:
        people.add_goal(s, b, team.ak_pmp, text="More", measure="", due=TODAY)
    with store.read() as s:
        assert people.plan_items_due(s, b, TODAY, 7) == []  # closed plans ask for nothing


def test_a_pmp_needs_checkpoints_and_an_idp_has_none(store, clock, small):
    b = store.boutique_id
    with pytest.raises(InputError, match="at least one"), store.write() as s:
        people.create_plan(s, b, associate_id=small.ld, kind="pmp", title="X", started_on=TODAY)
    with pytest.raises(InputError, match="only a PMP"), store.write() as s:
        people.create_plan(s, b, associate_id=small.ld, kind="idp", title="X", started_on=TODAY,
                           checkpoints=[TODAY])
    with store.read() as s:
        assert s.exec(select(DevelopmentPlan)).all() == []


# -- reviews, the 9-box and the slates -------------------------------------------------------------


def test_reviews_rate_the_configured_competencies(store, clock, settings, small):
    b = store.boutique_id
    with pytest.raises(InputError, match="no rating for 'teamwork'"), store.write() as s:
        people.save_review(s, b, settings, associate_id=small.ld, period="2026 H2", reviewed_on=TODAY,
                           ratings={k: v for k, v in RATINGS.items() if k != "teamwork"}, overall=3,
                           performance="m", potential="m")
    with pytest.raises(InputError, match="storytelling: '6' is not a rating from 1 to 5"), store.write() as s:
        people.save_review(s, b, settings, associate_id=small.ld, period="2026 H2", reviewed_on=TODAY,
                           ratings={**RATINGS, "storytelling": 6}, overall=3, performance="m", potential="m")
    own = replace(settings, competencies=("poise", "discretion"))
    with store.write() as s:
        row = people.save_review(s, b, own, associate_id=small.ld, period="2026 H2", reviewed_on=TODAY,
                                 ratings={"poise": 4, "discretion": "5"}, overall=4, performance="hi",
                                 potential="low")
        again = people.save_review(s, b, own, associate_id=small.ld, period="2026 H2", reviewed_on=TODAY,
                                   ratings={"poise": 3, "discretion": 5}, overall=3, performance="med",
                                   potential="low")
    assert again.id == row.id  # one review per period: saved again, replaced
    with store.read() as s:
        saved = s.get(Review, row.id)
    assert json.loads(saved.ratings) == {"poise": 3, "discretion": 5}
    assert (saved.overall, saved.performance, saved.potential) == (3, "medium", "low")


def test_nine_box_from_the_latest_reviews(store, small, team):
    with store.read() as s:
        grid = talent.nine_box(s, store.boutique_id)
    placed = {box: [p.initials for p in names] for box, names in grid.boxes.items() if names}
    assert placed == {("high", "high"): ["SOP"], ("medium", "medium"): ["LD"], ("low", "medium"): ["AK"]}
    assert grid.box("high", "high")[0].period == "2026 H1"  # not 2025 H2's (medium, high)
    assert grid.unreviewed == ["MB Marc Bernard"]
    assert talent.BOX_NAMES[("high", "high")] == "Star"


def test_slates_per_key_role(store, settings, small, team):
    with store.read() as s:
        found = talent.slates(s, store.boutique_id, settings)
    assert [sl.role for sl in found] == ["Senior Sales Associate", "Floor Manager", "Sales Manager"]
    floor = found[1]
    assert [(c.initials, c.readiness_label, c.flight_risk) for c in floor.candidates] == [
        ("SOP", "ready now", "medium"), ("LD", "1–2 years", "low")]
    assert floor.ready_now == 1
    assert [(c.initials, c.readiness) for c in found[0].candidates] == [("AK", "3-plus-years")]
    assert found[2].candidates == []


def test_slate_input_is_checked(store, settings, small):
    b = store.boutique_id
    with pytest.raises(InputError, match="not one of the key roles"), store.write() as s:
        talent.set_candidate(s, b, settings, role="Director", associate_id=small.sop, readiness="now",
                             flight_risk="low")
    with pytest.raises(InputError, match="readiness"), store.write() as s:
        talent.set_candidate(s, b, settings, role="Floor", associate_id=small.sop, readiness="soon",
                             flight_risk="low")


# -- the associate file and its exports ------------------------------------------------------------


def test_associate_file(store, clock, settings, small, team):
    with store.read() as s:
        f = people.associate_file(s, store.boutique_id, clock, settings, small.sop)
    assert f.portfolio == {"VIC": 1} and f.portfolio_size == 1
    assert f.trend.first == date(2026, 8, 28) and len(f.trend.spark.days) == 90
    assert f.trend.figures.net_sales == 805_000
    assert [n.kind for n in f.recognitions] == ["recognition"]
    assert f.notes_for(moment="welcome", kind="recognition") == f.recognitions
    assert f.notes_for(kind="development") == []
    assert [o.held for o in f.one_to_ones] == [False, True]
    assert [r.period for r in f.reviews] == ["2026 H1", "2025 H2"]
    assert f.succession == [("Floor Manager", "ready-now", "medium")]
    assert [p.label for p in f.plans] == ["IDP · Towards Floor Manager"]


def test_associate_markdown_leaves_private_notes_out(store, clock, settings, small, team):
    with store.read() as s:
        f = people.associate_file(s, store.boutique_id, clock, settings, small.sop)
    text = associate_markdown(f, settings, clock)
    assert text.startswith("# Associate file: SOP Sophie Martin\n\nSenior Sales Associate · high jewelry")
    assert "| € 8,050 |" in text and "Clienteling plan for Q4" in text
    assert "Tired lately" not in text
    assert "overall **4/5**, performance high, potential high (Star)" in text
    assert "| client experience | 5 | 5 |" in text
    assert "- Call the five top VICs — due Friday 20 November 2026 (**5 days late**)" in text
    assert "- Booked Monday 30 November 2026" in text
    assert "- Wednesday 25 November 2026, welcome: Warm welcome" in text
    assert "- Floor Manager: ready now, flight risk medium" in text


def test_associate_data_is_everything_held(store, clock, settings, small, team):
    with store.read() as s:
        data = associate_data(s, store.boutique_id, small.sop)
    assert data["associate"]["initials"] == "SOP"
    assert [o["private_notes"] for o in data["one_to_ones"]] == ["Tired lately", ""]
    assert len(data["actions"]) == 2 and len(data["reviews"]) == 2
    assert data["reviews"][0]["ratings"]["storytelling"] == 4
    assert [p["kind"] for p in data["plans"]] == ["idp"] and len(data["plan_goals"]) == 1
    assert len(data["coaching_notes"]) == 1 and len(data["sales"]) == 4
    assert "client_id" not in data["sales"][0]
    json.dumps(data)  # JSON-ready as it is


def test_talent_exports(store, clock, settings, small, team):
    with store.read() as s:
        grid = talent.nine_box(s, store.boutique_id)
        found = talent.slates(s, store.boutique_id, settings)
    text = talent_markdown(grid, found, settings, TODAY)
    assert "| high | **Enigma**: — | **High potential**: — | **Star**: SOP |" in text
    assert "| medium | **Inconsistent**: AK | **Core player**: LD | **High performer**: — |" in text
    assert "| SOP Sophie Martin | Senior Sales Associate | ready now | medium |" in text
    assert "_Not reviewed yet: MB Marc Bernard._" in text
    data = talent_data(grid, found)
    star = next(b for b in data["nine_box"] if b["box"] == "Star")
    assert [a["initials"] for a in star["associates"]] == ["SOP"]
    assert data["slates"][1]["candidates"][0]["readiness"] == "ready-now"


# -- from the shell --------------------------------------------------------------------------------


def test_cli_associate_markdown_and_json(team, shop):
    md = run(shop, "associate", "sop")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Associate file: SOP Sophie Martin")
    assert "Tired lately" not in md.stdout
    out = run(shop, "associate", "SOP", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["associate"]["last_name"] == "Martin"
    assert [o["private_notes"] for o in data["one_to_ones"]] == ["Tired lately", ""]
    target = shop.root / "sop.md"
    written = run(shop, "associate", "SOP", "--out", str(target))
    assert written.returncode == 0 and written.stdout == ""
    assert target.read_text(encoding="utf-8") == md.stdout
    assert target.stat().st_mode & 0o777 == 0o600


def test_cli_associate_unknown(team, shop):
    out = run(shop, "associate", "Sofie")
    assert out.returncode == 2 and out.stdout == ""
    assert_one_error_line(out.stderr, "no active associate 'Sofie'", "SOP (Sophie Martin)")


def test_cli_talent(team, shop):
    md = run(shop, "talent")
    assert md.returncode == 0, md.stderr
    assert "| high | **Enigma**: — | **High potential**: — | **Star**: SOP |" in md.stdout
    assert "### Floor Manager" in md.stdout
    data = json.loads(run(shop, "talent", "--format", "json").stdout)
    assert [s["role"] for s in data["slates"]] == ["Senior Sales Associate", "Floor Manager", "Sales Manager"]


def test_cli_one_to_ones(team, shop):
    out = run(shop, "one-to-ones")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "One-to-ones"
    assert lines[2].split() == ["Mon", "2026-11-23", "17:00", "2", "days", "late", "MB", "Marc", "Bernard"]
    assert lines[3].split()[:5] == ["Mon", "2026-11-30", "10:00", "in", "5"]
    assert ("Without a one-to-one for over 30 days: AK Aiko Kimura (never), LD Louis Durand (36 days)"
            in out.stdout)
    assert "Prepare the bridal event list" in out.stdout
    due = run(shop, "one-to-ones", "--due")
    assert "2026-11-30" not in due.stdout and "Prepare the bridal event list" not in due.stdout
    assert "Call the five top VICs" in due.stdout and "MB" in due.stdout
    data = json.loads(run(shop, "one-to-ones", "--due", "--format", "json").stdout)
    assert [(o["initials"], o["days_late"]) for o in data["one_to_ones"]] == [("MB", 2)]
    assert [(a["initials"], a["days_late"]) for a in data["actions"]] == [("SOP", 5)]
    assert [(r["initials"], r["days_since"]) for r in data["beyond_cadence"]] == [("AK", None), ("LD", 36)]
    assert [(i["what"], i["due"]) for i in data["plan_items"]] == [
        ("checkpoint", "2026-11-15"), ("checkpoint", "2026-11-29"), ("goal", "2026-12-01")]


def test_cli_one_to_ones_with_nothing_due(shop):
    out = run(shop, "one-to-ones", "--due", "--format", "text")
    # No one-to-one was ever held: everyone is beyond the cadence, and nothing else is due.
    assert out.returncode == 0
    assert out.stdout.startswith("Without a one-to-one for over 30 days: AK Aiko Kimura (never)")


# -- config ----------------------------------------------------------------------------------------


def test_people_config_defaults_and_values():
    from floorcon.config import parse_settings

    default = parse_settings({})
    assert default.one_to_one_cadence_days == 30 and default.people_days_ahead == 7
    assert default.competencies[0] == "client experience" and len(default.competencies) == 6
    assert default.key_roles == ("Senior Sales Associate", "Floor Manager", "Sales Manager")
    own = parse_settings({"people": {"one_to_one_cadence_days": 21, "days_ahead": 14,
                                     "competencies": [" poise ", "discretion"],
                                     "key_roles": ["Boutique Manager"]}})
    assert (own.one_to_one_cadence_days, own.people_days_ahead) == (21, 14)
    assert own.competencies == ("poise", "discretion") and own.key_roles == ("Boutique Manager",)


@pytest.mark.parametrize(("table", "message"), [
    ({"one_to_one_cadence_days": 0}, "people.one_to_one_cadence_days: 0 is not a whole number 1-365"),
    ({"days_ahead": "7"}, "people.days_ahead: '7' is not a whole number 0-60"),
    ({"competencies": []}, "people.competencies: [] is not a list of 1 to 20 names"),
    ({"competencies": ["poise", "Poise"]}, "people.competencies: 'Poise' is listed twice"),
    ({"key_roles": ["", "x"]}, "people.key_roles: '' is not a name of 1 to 60 characters"),
    ({"cadence": 30}, "people.cadence: unknown key"),
])
def test_people_config_errors_name_key_and_value(table, message):
    from floorcon.config import ConfigError, parse_settings

    with pytest.raises(ConfigError) as caught:
        parse_settings({"people": table})
    assert str(caught.value).startswith(message)


# -- moving, cancelling, leaving a one-to-one; off a slate ----------------------------------------


def test_a_booked_one_to_one_is_moved_then_cancelled(store, clock, small, team):
    b = store.boutique_id
    with store.write() as s:
        people.reschedule_one_to_one(s, b, team.mb_missed, clock.at(date(2026, 11, 27), time(15)))
    with store.read() as s:
        line = people.one_to_one(s, b, clock, team.mb_missed)
        assert line.scheduled_at == clock.at(date(2026, 11, 27), time(15)) and not line.overdue
    with store.write() as s:
        people.cancel_one_to_one(s, b, team.mb_missed)
    with store.read() as s:
        assert s.get(OneToOne, team.mb_missed) is None
        log = s.exec(select(ChangeLog).where(ChangeLog.table_name == "onetoone",
                                             ChangeLog.row_id == team.mb_missed).order_by(ChangeLog.id)).all()
    assert [e.action for e in log] == ["create", "update", "delete"]


def test_a_held_or_written_one_to_one_is_not_cancelled(store, clock, small, team):
    b = store.boutique_id
    with store.write() as s:
        people.save_one_to_one_notes(s, b, team.sop_next, "Prepare the Q1 plan", "")
    with pytest.raises(InputError, match="it has notes or actions"), store.write() as s:
        people.cancel_one_to_one(s, b, team.sop_next)
    with store.write() as s:
        people.close_one_to_one(s, b, team.sop_next, "Done", "", clock.now_utc())
    for act in (lambda s: people.cancel_one_to_one(s, b, team.sop_next),
                lambda s: people.reschedule_one_to_one(s, b, team.sop_next, clock.now_utc())):
        with pytest.raises(InputError, match="already held"), store.write() as s:
            act(s)
    with store.read() as s:
        assert s.get(OneToOne, team.sop_next).held_at == clock.now_utc()


def test_leaving_a_one_to_one_booked_on_the_spot(store, clock, small, team):
    """AK has none booked: `h` books one now. Left empty it goes; with an action it stays."""
    b = store.boutique_id
    with store.write() as s:
        row, new = people.next_one_to_one(s, b, clock, small.ak)
        assert new and people.leave_one_to_one(s, b, row.id)
    with store.read() as s:
        assert s.exec(select(OneToOne).where(OneToOne.associate_id == small.ak)).all() == []
    with store.write() as s:
        row, _ = people.next_one_to_one(s, b, clock, small.ak)
        people.add_action(s, b, associate_id=small.ak, text="Learn the Juste un Clou story",
                          due=date(2026, 12, 2), created_at=clock.now_utc(), one_to_one_id=row.id)
        assert not people.leave_one_to_one(s, b, row.id)
        kept = row.id
    with store.read() as s:
        assert s.get(OneToOne, kept) is not None


def test_off_a_slate(store, clock, settings, small):
    b = store.boutique_id
    with store.write() as s:
        talent.set_candidate(s, b, settings, role="Floor Manager", associate_id=small.sop,
                             readiness="ready-now", flight_risk="low")
    with store.write() as s:
        gone = talent.remove_candidate(s, b, settings, role="floor", associate_id=small.sop)
    assert gone.role == "Floor Manager"
    with store.read() as s:
        slate = next(x for x in talent.slates(s, b, settings) if x.role == "Floor Manager")
    assert slate.candidates == []
    with pytest.raises(InputError, match="slate: SOP is not on the Floor Manager slate"), store.write() as s:
        talent.remove_candidate(s, b, settings, role="Floor Manager", associate_id=small.sop)
