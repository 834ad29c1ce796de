"""High Jewelry pipeline, clienteling plans, events and satisfaction trends, against figures
computed by hand on the small boutique (conftest.py: Wednesday 25 November 2026, 15:00 Paris).

The small boutique's clients: vic1 (SOP, VIC, bought jewelry and accessories today), vic2 (LD,
VIC, bought a watch today), hj (MB, HJ, high jewelry on 3 November, a return today) and regular
(AK, no purchase).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from floorcon.models import (
    ClientConsent,
    ClientelingAction,
    ClientelingPlan,
    FollowUp,
    HJOpportunity,
    Sale,
)
from floorcon.services import capture, clienteling, events, kpi, rituals
from floorcon.services.clienteling import Selection
from floorcon.services.imports import import_file
from floorcon.services.parsing import InputError
from floorcon.services.privacy import record_consent
from floorcon.services.satisfaction import satisfaction

from .conftest import TODAY


def hj_followups(store) -> list[FollowUp]:
    with store.read() as s:
        return list(s.exec(select(FollowUp).where(FollowUp.kind == "hj-next-step",
                                                  FollowUp.action != "Present the second sketch")
                           .order_by(FollowUp.id)))


# -- the High Jewelry pipeline -----------------------------------------------------------------


def test_pipeline_totals_by_stage_and_weighted(store, clock, small):
    now = clock.now_utc()
    with store.write() as s:
        for stage, estimate in (("interest", 25_000_000), ("design", 48_000_000), ("proposal", 120_000_000),
                                ("order", 9_000_000), ("delivered", 31_000_000), ("lost", 15_000_000),
                                ("interest", 1_000_000)):
            clienteling.add_opportunity(s, store.boutique_id, client_id=small.hj, estimate=estimate,
                                        stage=stage, now=now)
    with store.read() as s:
        p = clienteling.pipeline(s, store.boutique_id)
    assert [(x.stage, x.count, x.total, x.weighted) for x in p.stages] == [
        ("interest", 2, 26_000_000, 2_600_000),
        ("design", 1, 48_000_000, 12_000_000),
        ("proposal", 1, 120_000_000, 60_000_000),
        ("order", 1, 9_000_000, 8_100_000),
        ("delivered", 1, 31_000_000, 31_000_000),
        ("lost", 1, 15_000_000, 0),
    ]
    # Open = interest to order: delivered and lost are out of the pipeline.
    assert (p.open_count, p.open_total, p.open_weighted) == (5, 203_000_000, 82_700_000)
    assert [o.stage for o in p.opportunities][-2:] == ["delivered", "lost"]
    assert {o.owner for o in p.opportunities} == {"MB"}  # the client's associate by default


def test_a_next_step_is_followed_up_exactly_once(store, clock, small):
    now = clock.now_utc()
    b = store.boutique_id
    with store.write() as s:
        opp = clienteling.add_opportunity(
            s, b, client_id=small.hj, estimate=48_000_000, stage="design", piece="Emerald necklace",
            next_step="Present the gouache", next_step_due=date(2026, 11, 28), now=now)
    [f] = hj_followups(store)
    assert (f.owner_id, f.client_id, f.due, f.status, f.action) == (
        small.mb, small.hj, date(2026, 11, 28), "open", "Present the gouache")

    def update(**changes):
        values = {"stage": "design", "estimate": 48_000_000, "piece": "Emerald necklace",
                  "next_step": "Present the gouache", "next_step_due": date(2026, 11, 28),
                  "owner_id": small.mb, **changes}
        with store.write() as s:
            clienteling.update_opportunity(s, b, opp.id, now=now, **values)

    update(estimate=50_000_000)  # same step: nothing new
    assert len(hj_followups(store)) == 1
    update(next_step_due=date(2026, 11, 30), owner_id=small.sop)  # moved: the same follow-up moves
    [f] = hj_followups(store)
    assert (f.due, f.owner_id, f.status) == (date(2026, 11, 30), small.sop, "open")
    with store.write() as s:
        capture.complete_followup(s, b, f.id, "Gouache approved", now)
    update(next_step_due=date(2026, 11, 30), owner_id=small.sop)  # the done step again: no new one
    assert [x.status for x in hj_followups(store)] == ["done"]
    update(stage="proposal", next_step="Send the quotation", next_step_due=date(2026, 12, 5))
    assert [(x.status, x.action, x.due) for x in hj_followups(store)] == [
        ("done", "Present the gouache", date(2026, 11, 30)),
        ("open", "Send the quotation", date(2026, 12, 5)),
    ]
    update(stage="lost", next_step="Send the quotation", next_step_due=date(2026, 12, 5))
    assert [(x.status, x.outcome) for x in hj_followups(store)][-1] == ("cancelled", "opportunity lost")


def test_a_next_step_needs_its_day_and_nothing_is_written(store, clock, small):
    with pytest.raises(InputError, match="next step date"), store.write() as s:
        clienteling.add_opportunity(s, store.boutique_id, client_id=small.hj, estimate=1, next_step="Call",
                                    now=clock.now_utc())
    with pytest.raises(InputError, match="estimate"), store.write() as s:
        clienteling.add_opportunity(s, store.boutique_id, client_id=small.hj, estimate=-1,
                                    now=clock.now_utc())
    with store.read() as s:
        assert s.exec(select(HJOpportunity)).all() == []
    assert hj_followups(store) == []


def test_parse_stage_takes_a_prefix():
    assert clienteling.parse_stage("prop") == "proposal"
    assert clienteling.parse_stage("Deli") == "delivered"
    with pytest.raises(InputError, match="stage: 'd' is not one of"):
        clienteling.parse_stage("d")  # design or delivered


# -- clienteling plans -------------------------------------------------------------------------


@pytest.fixture
def consented(store, clock, small):
    """vic1 by e-mail; vic2 gave phone then withdrew it; hj by e-mail and SMS; regular by SMS."""
    b, now = store.boutique_id, clock.now_utc()
    earlier = now - timedelta(days=30)
    with store.write() as s:
        record_consent(s, b, small.vic1, "email", True, earlier, "in boutique", "SM")
        record_consent(s, b, small.vic2, "phone", True, earlier, "in boutique", "SM")
        record_consent(s, b, small.vic2, "phone", False, now, "phone call", "SM")
        record_consent(s, b, small.hj, "sms", True, earlier, "in boutique", "SM")
        record_consent(s, b, small.hj, "email", True, earlier, "web form", "SM")
        record_consent(s, b, small.regular, "sms", True, earlier, "in boutique", "SM")
    return small


def picked(store, clock, selection: Selection) -> tuple[list[tuple[int, int, list[str]]], int, int]:
    with store.read() as s:
        p = clienteling.select_clients(s, store.boutique_id, clock, selection)
    return [(c.client_id, c.owner_id, c.channels) for c in p.candidates], p.no_consent, p.no_owner


def test_selection_keeps_only_consented_channels(store, clock, consented):
    c = consented
    assert picked(store, clock, Selection(segments=("VIC", "HJ"))) == (
        [(c.vic1, c.sop, ["email"]), (c.hj, c.mb, ["email", "sms"])], 1, 0)  # vic2 withdrew


def test_selection_by_category_owned_or_not(store, clock, consented):
    c = consented
    assert picked(store, clock, Selection(not_owned="watches")) == (
        [(c.vic1, c.sop, ["email"]), (c.hj, c.mb, ["email", "sms"]), (c.regular, c.ak, ["sms"])], 0, 0)
    assert picked(store, clock, Selection(owned="high")) == ([(c.hj, c.mb, ["email", "sms"])], 0, 0)
    # vic1 bought accessories; a return (hj's today) is not owning
    assert picked(store, clock, Selection(owned="accessories"))[0] == [(c.vic1, c.sop, ["email"])]


def test_selection_by_last_purchase_and_owner(store, clock, consented):
    c = consented
    # Last purchase on or after today: vic1 and vic2 (withdrawn, so counted out); hj's last
    # purchase was 3 November (today's line is a return); regular never bought.
    assert picked(store, clock, Selection(bought_after=TODAY)) == ([(c.vic1, c.sop, ["email"])], 1, 0)
    assert picked(store, clock, Selection(bought_before=TODAY)) == ([(c.hj, c.mb, ["email", "sms"])], 0, 0)
    assert picked(store, clock, Selection(bought_before=date(2026, 11, 3))) == ([], 0, 0)
    assert picked(store, clock, Selection(owner_id=c.ak)) == ([(c.regular, c.ak, ["sms"])], 0, 0)


def test_a_client_whose_associate_left_is_counted_out(store, clock, consented):
    from floorcon.models import Associate

    with store.write() as s:
        s.get(Associate, consented.ak).active = False
    assert picked(store, clock, Selection(segments=("regular",))) == ([], 0, 1)


def make_plan(store, clock, **selection) -> clienteling.PlanMade:
    with store.write() as s:
        return clienteling.create_plan(
            s, store.boutique_id, clock, name="Holiday gifting", starts=date(2026, 10, 15),
            ends=date(2026, 12, 24), attribution_days=30, selection=Selection(**selection), author="SM")


def test_a_plan_creates_one_action_per_reachable_client(store, clock, consented):
    made = make_plan(store, clock)
    assert (made.actions, made.no_consent, made.no_owner) == (3, 1, 0)
    with store.read() as s:
        actions = s.exec(select(ClientelingAction).order_by(ClientelingAction.client_id)).all()
    c = consented
    assert [(a.client_id, a.associate_id, a.channels, a.status) for a in actions] == [
        (c.vic1, c.sop, "email", "to do"), (c.hj, c.mb, "email,sms", "to do"),
        (c.regular, c.ak, "sms", "to do")]


def test_a_plan_that_reaches_nobody_is_refused_and_nothing_is_written(store, clock, consented):
    with pytest.raises(InputError, match=r"no client to contact .* \(1 without a consented channel"):
        make_plan(store, clock, segments=("VIC",), owned="watches")
    with pytest.raises(InputError, match="ends"), store.write() as s:
        clienteling.create_plan(s, store.boutique_id, clock, name="Launch", starts=TODAY,
                                ends=TODAY - timedelta(days=1), attribution_days=30, selection=Selection(),
                                author="SM")
    with store.read() as s:
        assert s.exec(select(ClientelingPlan)).all() == []
        assert s.exec(select(ClientelingAction)).all() == []


def test_an_action_is_done_only_on_a_consented_channel(store, clock, consented):
    make_plan(store, clock)
    with store.read() as s:
        action = s.exec(select(ClientelingAction).where(ClientelingAction.client_id == consented.vic1)).one()
    with pytest.raises(InputError, match="channel: the client has not consented to sms"), store.write() as s:
        clienteling.complete_action(s, store.boutique_id, action.id, "sms", "Texted", clock.now_utc())
    with store.write() as s:
        done = clienteling.complete_action(s, store.boutique_id, action.id, "e-mail", "Sent the gift guide",
                                           clock.now_utc())
    assert (done.status, done.channel, done.outcome) == ("done", "email", "Sent the gift guide")
    with pytest.raises(InputError, match="already done"), store.write() as s:
        clienteling.complete_action(s, store.boutique_id, action.id, "email", "Again", clock.now_utc())


def test_attribution_window_edges(store, clock, small):
    """[contact, contact + 30 days): the contact's moment counts, 30 days later does not."""
    contact = clock.at(date(2026, 10, 20), time(11))
    b = store.boutique_id
    with store.write() as s:
        for n, (when, amount) in enumerate((
            (contact - timedelta(seconds=1), 1_000),  # before the contact
            (contact, 20_000),  # at the contact
            (contact + timedelta(days=30, seconds=-1), 300_000),  # last second of the window
            (contact + timedelta(days=30), 4_000_000),  # the window has closed
        )):
            s.add(Sale(boutique_id=b, receipt=f"A{n}", sold_at=when, associate_id=small.ak,
                       client_id=small.regular, amount=amount, units=1))
    with store.read() as s:
        assert kpi.attributed_sales(s, b, {small.regular: contact}, 30) == {small.regular: 320_000}
        assert kpi.attributed_sales(s, b, {small.regular: contact}, 1) == {small.regular: 20_000}
        assert kpi.attributed_sales(s, b, {}, 30) == {}


def test_plan_progress_per_associate_and_attributed_sales(store, clock, consented):
    c, b = consented, store.boutique_id
    made = make_plan(store, clock)
    contact = clock.at(date(2026, 10, 20), time(11))
    with store.write() as s:
        for n, (when, amount) in enumerate(((contact - timedelta(seconds=1), 1_000), (contact, 20_000),
                                            (contact + timedelta(days=30, seconds=-1), 300_000),
                                            (contact + timedelta(days=30), 4_000_000))):
            s.add(Sale(boutique_id=b, receipt=f"A{n}", sold_at=when, associate_id=c.ak, client_id=c.regular,
                       amount=amount, units=1))
        ids = {a.client_id: a.id for a in s.exec(select(ClientelingAction))}
        clienteling.complete_action(s, b, ids[c.regular], "sms", "Gift ideas sent", contact)
        # vic1 contacted this morning: today's R1 (450 000 + 35 000 at 10:45) counts
        clienteling.complete_action(s, b, ids[c.vic1], "email", "Invited to see the new rings",
                                    clock.at(TODAY, time(10)))
    with store.read() as s:
        report = clienteling.plan_report(s, b, made.plan.id)
        listed = clienteling.plans(s, b)
    assert [(p.initials, p.done, p.todo, p.attributed) for p in report.progress] == [
        ("AK", 1, 0, 320_000), ("MB", 0, 1, 0), ("SOP", 1, 0, 485_000)]
    assert (report.done, report.todo, report.attributed) == (2, 1, 805_000)
    assert [a.status for a in report.actions] == ["to do", "done", "done"]
    assert report.selection == "every segment"
    assert [(p.name, p.actions, p.done, p.attributed) for p in listed] == [("Holiday gifting", 3, 2, 805_000)]


def test_the_selection_is_described_as_typed(store, clock, consented):
    made = make_plan(store, clock, segments=("VIC", "HJ"), not_owned="watch", owner_id=consented.mb)
    with store.read() as s:
        report = clienteling.plan_report(s, store.boutique_id, made.plan.id)
    assert report.selection == "VIC, HJ · never bought watches · owner MB"


def test_parse_segments():
    assert clienteling.parse_segments("vic, High Jewelry; VIC") == ("VIC", "HJ")
    assert clienteling.parse_segments("") == ()
    with pytest.raises(InputError, match="segment: 'gold' is not one of VIC, HJ, regular, prospect"):
        clienteling.parse_segments("gold")


# -- events ------------------------------------------------------------------------------------


def test_event_sales_are_the_attendees_within_the_window(store, clock, small, settings):
    b, now = store.boutique_id, clock.now_utc()
    starts = clock.at(date(2026, 11, 10), time(18, 30))
    with store.write() as s:
        event = events.add_event(s, b, title="High Jewelry private viewing", starts_at=starts,
                                 place="Salon", theme="Emeralds", partners="Hôtel Rivoli,  , Champagne house")
        guests = (small.vic1, small.vic2, small.regular)
        inv = {cid: events.invite(s, b, event.id, cid, now) for cid in guests}
        events.set_status(s, b, inv[small.vic1].id, "att", now)
        events.set_status(s, b, inv[small.vic2].id, "no", now)
        events.set_status(s, b, inv[small.regular].id, "attended", now)
        for n, (cid, when, amount) in enumerate((
            (small.regular, starts, 3_000),  # at the event: counts
            (small.regular, starts + timedelta(days=14, seconds=-1), 77_000),  # last second: counts
            (small.regular, starts + timedelta(days=14), 1_000_000),  # too late
            (small.vic2, starts + timedelta(days=2), 500_000),  # a no-show: not the event's
        )):
            s.add(Sale(boutique_id=b, receipt=f"E{n}", sold_at=when, associate_id=small.ak, client_id=cid,
                       amount=amount, units=1))
    # vic1's purchase today (25 Nov 10:45) is after 24 Nov 18:30: outside the 14 days.
    with store.read() as s:
        report = events.event_report(s, b, event.id, settings.event_attribution_days)
        listed = events.event_list(s, b, settings.event_attribution_days)
    e = report.event
    assert (e.invited, e.confirmed, e.attended, e.no_show, e.attributed) == (3, 0, 2, 1, 80_000)
    assert e.partners == "Hôtel Rivoli, Champagne house"
    assert [(g.client_number, g.status, g.associate, g.attributed) for g in report.guests] == [
        ("C100001", "attended", "SOP", 0), ("C100004", "attended", "AK", 80_000),
        ("C100002", "no-show", "LD", 0)]
    assert [x.attributed for x in listed] == [80_000]
    with pytest.raises(InputError, match="already on the guest list"), store.write() as s:
        events.invite(s, b, event.id, small.vic1, now)


def test_community_log_newest_first(store, clock):
    b, now = store.boutique_id, clock.now_utc()
    with store.write() as s:
        events.log_action(s, b, day=date(2026, 10, 2), partner="École Boulle", what="Jewelry workshop",
                          outcome="12 students", now=now)
        events.log_action(s, b, day=date(2026, 11, 12), partner="Hôtel Rivoli", what="Concierge breakfast",
                          outcome="", now=now)
    with pytest.raises(InputError, match="partner"), store.write() as s:
        events.log_action(s, b, day=TODAY, partner=" ", what="x", outcome="", now=now)
    with store.read() as s:
        assert [r.partner for r in events.community_log(s, b)] == ["Hôtel Rivoli", "École Boulle"]


def test_parse_invitation_status():
    assert events.parse_status("Confirmed") == "confirmed"
    assert events.parse_status("no show") == "no-show"
    with pytest.raises(InputError, match="'maybe' is not one of invited, confirmed, attended, no-show"):
        events.parse_status("maybe")


# -- satisfaction ------------------------------------------------------------------------------


def test_satisfaction_trends_with_responses_and_recovery_links(store, clock, settings, small, tmp_path: Path):
    path = tmp_path / "survey.csv"
    path.write_text(
        "Response ID;Date;Measure;Score;Associate;Client;Comment\n"
        "S1;17/11/2026 12:00;CER;8;AK;C100004;\n"
        "S2;24/11/2026 12:00;CER;9;SOP;C100001;\n"
        "S3;25/11/2026 12:00;CER;6,5;AK;C100002;Waited too long\n"
        "S4;25/11/2026 13:00;FTR;9,5;SOP;C100001;\n"
        "S5;10/11/2026 13:00;FTR;4;SOP;C100001;Before the span\n",
        encoding="utf-8")
    import_file(store, settings, clock, "satisfaction", path)
    with store.read() as s:
        view = satisfaction(s, store.boutique_id, clock, settings, TODAY, weeks=2)
    assert view.weeks == [date(2026, 11, 16), date(2026, 11, 23)]
    by = {m.code: m for m in view.measures}
    assert list(by) == ["CARE", "CER", "FTR"]
    cer = by["CER"]
    assert [(w.responses, w.average, w.below) for w in cer.boutique.weeks] == [(1, 8.0, 0), (2, 7.75, 1)]
    assert [(t.initials, [(w.responses, w.average) for w in t.weeks]) for t in cer.associates] == [
        ("AK", [(1, 8.0), (1, 6.5)]), ("SOP", [(0, None), (1, 9.0)])]
    assert (by["CARE"].boutique.responses, by["CARE"].associates) == (0, [])
    # The weekly review reads the same figures for the same week.
    with store.read() as s:
        review = rituals.week(s, store.boutique_id, clock, settings, TODAY)
    this_week = [by["CER"].boutique.weeks[1], by["FTR"].boutique.weeks[1]]
    assert [(m.measure, m.responses, m.average, m.below) for m in review.satisfaction] == [
        (w.measure, w.responses, w.average, w.below) for w in this_week]
    [low] = view.low
    assert (low.measure, low.score, low.associate, low.client_number, low.comment) == (
        "CER", 6.5, "AK", "C100002", "Waited too long")
    assert low.recovery is not None
    assert (low.recovery.status, low.recovery.owner, low.recovery.due) == ("open", "AK", date(2026, 11, 26))


def test_a_low_score_without_client_has_no_recovery(store, clock, settings, small):
    from floorcon.models import SatisfactionScore

    with store.write() as s:
        s.add(SatisfactionScore(boutique_id=store.boutique_id, response_id="X", measure="CARE", score=2,
                                received_at=clock.at(TODAY, time(11)), associate_id=small.ld))
    with store.read() as s:
        view = satisfaction(s, store.boutique_id, clock, settings, TODAY, weeks=1)
    assert [(x.measure, x.recovery) for x in view.low] == [("CARE", None)]


def test_low_scores_follow_each_measures_threshold_and_direction(store, clock, small):
    """Low means under the threshold, or over it where lower is better; an unknown measure or
    one without a threshold is never low; measure codes match whatever their case."""
    from dataclasses import replace

    from floorcon.config import parse_settings
    from floorcon.models import SatisfactionScore
    from floorcon.services.satisfaction import low_scores

    settings = replace(parse_settings({"boutique": {"name": "B", "code": "B1"}, "satisfaction": {
        "CER": 7.0, "WAIT": {"scale": 60, "threshold": 15, "higher_is_better": False},
        "MOOD": {"scale": 10}}}), store_path=store.path)
    answers = [("A", "CER", 6.5), ("B", "cer", 7.0), ("C", " Cer ", 3.0), ("D", "WAIT", 20.0),
               ("E", "wait", 15.0), ("F", "WAIT", 5.0), ("G", "MOOD", 0.0), ("H", "OTHER", 0.0)]
    with store.write() as s:
        for i, (response, measure, score) in enumerate(answers):
            s.add(SatisfactionScore(boutique_id=store.boutique_id, response_id=response, measure=measure,
                                    score=score, received_at=clock.at(TODAY, time(10, i))))
    with store.read() as s:
        low = low_scores(s, store.boutique_id, settings, *clock.day_bounds(TODAY))
    assert [(x.measure.strip().upper(), x.score) for x in low] == [("WAIT", 20.0), ("CER", 3.0), ("CER", 6.5)]


def test_consents_are_read_through_privacy(store, clock, consented):
    """The plan reads consent in force: withdrawing the last channel takes the client out."""
    with store.write() as s:
        record_consent(s, store.boutique_id, consented.vic1, "email", False, clock.now_utc(), "web form",
                       "SM")
    assert picked(store, clock, Selection(segments=("VIC",))) == ([], 2, 0)
    with store.read() as s:
        assert len(s.exec(select(ClientConsent)).all()) == 7


def test_events_written_before_the_upgrade_keep_their_rows(tmp_path: Path):
    """0004 adds theme and partners to events: an existing event gets them empty."""
    import sqlite3

    from alembic import command

    from floorcon.db import alembic_config, make_engine

    path = tmp_path / "old.db"
    engine = make_engine(path)
    cfg = alembic_config()

    def to(revision: str) -> None:
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()

    try:
        to("0005")
        with sqlite3.connect(path) as raw:
            raw.execute("INSERT INTO boutique (code, name, timezone, currency, created_at) "
                        "VALUES ('X', 'X', 'Europe/Paris', 'EUR', '2026-01-01 00:00:00')")
            raw.execute("INSERT INTO event (boutique_id, title, starts_at, place) "
                        "VALUES (1, 'Private viewing', '2026-01-01 18:00:00', 'Salon')")
        to("0006")
        with sqlite3.connect(path) as raw:
            assert raw.execute("SELECT title, place, theme, partners FROM event").fetchall() == [
                ("Private viewing", "Salon", "", "")]
    finally:
        engine.dispose()


def test_attribution_windows_are_configured_and_checked():
    from floorcon.config import ConfigError, parse_settings

    s = parse_settings({"clienteling": {"attribution_days": 45}, "events": {"attribution_days": 7}})
    assert (s.clienteling_attribution_days, s.event_attribution_days) == (45, 7)
    default = parse_settings({})
    assert (default.clienteling_attribution_days, default.event_attribution_days) == (30, 14)
    with pytest.raises(ConfigError, match=r"^clienteling.attribution_days: 0 is not a whole number 1-365$"):
        parse_settings({"clienteling": {"attribution_days": 0}})
    with pytest.raises(ConfigError, match=r"^events.attribution_days: '14' is not a whole number 1-365$"):
        parse_settings({"events": {"attribution_days": "14"}})


def test_moving_an_opportunity_on_without_an_owner_keeps_its_owner(store, clock, small):
    with store.write() as s:
        opp = clienteling.add_opportunity(s, store.boutique_id, client_id=small.hj, estimate=1_000,
                                          now=clock.now_utc(), owner_id=small.sop)
        clienteling.update_opportunity(s, store.boutique_id, opp.id, stage="prop", estimate=2_000,
                                       piece="Ring", next_step="", next_step_due=None, now=clock.now_utc())
    with store.read() as s:
        moved = s.get(HJOpportunity, opp.id)
    assert (moved.owner_id, moved.stage, moved.estimate, moved.piece) == (
        small.sop, "proposal", 2_000, "Ring")


def test_the_client_file_holds_opportunities_invitations_and_plan_contacts(store, clock, settings, consented):
    """The client work reaches the client file: HJ opportunities (open first), event invitations,
    and a plan's contact, which the portfolio's last contact and the over-solicitation guard count."""
    from floorcon.services.clients import client_file

    b, now, c = store.boutique_id, clock.now_utc(), consented
    with store.write() as s:
        clienteling.add_opportunity(s, b, client_id=c.vic1, estimate=42_000_000, stage="lost",
                                    piece="Sapphire rivière", next_step="", next_step_due=None,
                                    now=now - timedelta(days=40))
        clienteling.add_opportunity(s, b, client_id=c.vic1, estimate=86_000_000, stage="design",
                                    piece="Emerald parure", next_step="Present the gouache",
                                    next_step_due=date(2026, 11, 27), now=now)
        starts = clock.at(date(2026, 12, 3), time(18))
        event = events.add_event(s, b, title="Private viewing", starts_at=starts)
        events.invite(s, b, event.id, c.vic1, now)
    make_plan(store, clock)
    with store.read() as s:
        action = s.exec(select(ClientelingAction).where(ClientelingAction.client_id == c.vic1)).one()
    with store.write() as s:
        clienteling.complete_action(s, b, action.id, "email", "Sent the gift guide", now)
    with store.read() as s:
        f = client_file(s, b, c.vic1, clock, settings)
    sections = {sec.key: sec.records() for sec in f.sections}
    opportunities = sections["hj_opportunities"]
    assert [(o["piece"], o["stage"], o["estimate"], o["owner"], o["due"]) for o in opportunities] == [
        ("Emerald parure", "design", 86_000_000, "SOP", date(2026, 11, 27)),
        ("Sapphire rivière", "lost", 42_000_000, "SOP", None)]
    assert sections["invitations"] == [
        {"day": date(2026, 12, 3), "event": "Private viewing", "status": "invited", "associate": "SOP"}]
    assert [(x["channel"], x["associate"], x["note"]) for x in sections["contacts"]] == [
        ("email", "SOP", "Holiday gifting: Sent the gift guide")]
    assert f.profile.last_contact == now
    assert f.profile.guard is not None  # contacted today: the guard warns before another contact
