"""Recap, briefing and weekly review against the small boutique's figures, computed by hand.

See conftest.py: Wednesday 25 November 2026, 15:00 in Paris.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from floorcon.models import Appointment, Client, Event, Sale, SatisfactionScore
from floorcon.services import kpi, rituals

from .conftest import TODAY


def test_recap_of_today(store, clock, settings, small):
    with store.write() as s:
        s.add(SatisfactionScore(boutique_id=store.boutique_id, response_id="S1", measure="CER",
                                score=6.5, received_at=clock.at(TODAY, time(12)), associate_id=small.ak,
                                client_id=small.vic2, comment="Waited too long"))
        s.add(SatisfactionScore(boutique_id=store.boutique_id, response_id="S2", measure="FTR",
                                score=9.5, received_at=clock.at(TODAY, time(13)), associate_id=small.sop))
        s.add(Appointment(boutique_id=store.boutique_id, client_id=small.hj, associate_id=small.mb,
                          starts_at=clock.at(TODAY + timedelta(days=1), time(11)), purpose="Second sketch"))
        s.add(Event(boutique_id=store.boutique_id, title="Private viewing",
                    starts_at=clock.at(TODAY + timedelta(days=1), time(18))))
        rituals.save_summary(s, store.boutique_id, TODAY, "  A strong watch day.  ", clock.now_utc(), "SM")
    with store.read() as s:
        r = rituals.recap(s, store.boutique_id, clock, settings, TODAY)
    assert r.table.boutique.figures.net_sales == 1_700_000 and r.table.boutique.target == 3_000_000
    assert r.new_clients == 2
    assert [(c.initials, c.recognition, c.development) for c in r.coaching] == [("LD", 0, 1), ("SOP", 1, 0)]
    assert r.not_coached == ["AK Aiko Kimura"]
    assert [n.initials for n in r.recognitions] == ["SOP"]
    assert [f.id for f in r.followups_done] == [6] and r.followups_done[0].outcome == "Flowers sent"
    assert [f.id for f in r.followups_overdue] == [small.overdue]
    assert r.followups_created == 6
    assert [(x.measure, x.below) for x in r.satisfaction] == [("CER", True), ("FTR", False)]
    assert [x.measure for x in r.alerts] == ["CER"]
    assert [(h.receipt, h.amount) for h in r.highlights] == [
        ("R3", 1_200_000), ("R1", 485_000), ("R2", 120_000), ("R5", 15_000)]
    assert r.hj == []
    assert r.tomorrow == date(2026, 11, 26)
    assert [a.purpose for a in r.tomorrow_appointments] == ["Second sketch"]
    assert [e.title for e in r.tomorrow_events] == ["Private viewing"]
    assert r.summary == "A strong watch day."
    hours = {h.hour: (h.net_sales, h.visitors) for h in r.hourly}
    assert list(hours) == list(range(10, 19))
    assert hours[10] == (485_000, 12) and hours[13] == (-120_000, 20) and hours[15] == (0, None)


def test_sparks_follow_sales_and_targets(store, clock, small):
    with store.read() as s:
        sparks = rituals.sparks(s, store.boutique_id, clock, TODAY)
    boutique = sparks[0]
    assert boutique.associate_id is None and len(boutique.days) == 30
    assert boutique.sales[-1] == 1_700_000 and boutique.sales[-2] == 200_000
    assert boutique.sales[boutique.days.index(date(2026, 11, 3))] == 10_000_000
    assert boutique.targets[-1] == 3_000_000 and boutique.targets[-2] is None
    sop = next(x for x in sparks if x.initials == "SOP")
    assert sop.sales[-1] == 605_000 and sop.targets[-1] == 1_342_106
    assert sop.achievement == kpi.achievement(605_000, 1_342_106)  # only days with a target count
    assert sop.name == "Sophie Martin"


def test_sparks_and_hours_are_local_across_the_end_of_summer_time(store, clock, small):
    """Sunday 25 October 2026 has 25 hours in Paris: 02:00-03:00 comes twice."""
    days = [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)]

    with store.write() as s:
        for receipt, utc, amount in (
            ("D1", datetime(2026, 10, 24, 21, 30), 100),  # 23:30 summer time, the 24th
            ("D2", datetime(2026, 10, 25, 0, 30), 20_000),  # 02:30 summer time
            ("D3", datetime(2026, 10, 25, 1, 30), 3_000),  # 02:30 again, winter time
            ("D4", datetime(2026, 10, 25, 22, 59), 400),  # 23:59 winter time, the 25th
            ("D5", datetime(2026, 10, 25, 23, 0), 500_000),  # midnight: the 26th
        ):
            s.add(Sale(boutique_id=store.boutique_id, receipt=receipt, line=1, associate_id=small.ak,
                       sold_at=utc.replace(tzinfo=UTC), amount=amount, units=1, category="watches"))
    with store.read() as s:
        sparks = rituals.sparks(s, store.boutique_id, clock, days[-1], days=3)
        hours = {h.hour: h.net_sales for h in rituals.hourly(s, store.boutique_id, clock, days[1])}
    ak = next(x for x in sparks if x.initials == "AK")
    assert ak.days == days and ak.sales == [100, 23_400, 500_000]
    assert hours[2] == 23_000 and hours[23] == 400 and sum(hours.values()) == 23_400


def test_a_past_day_and_a_day_without_sales(store, clock, settings, small):
    with store.read() as s:
        yesterday = rituals.recap(s, store.boutique_id, clock, settings, date(2026, 11, 24))
        sunday = rituals.recap(s, store.boutique_id, clock, settings, date(2026, 11, 29))
    assert yesterday.table.boutique.figures.net_sales == 200_000
    assert yesterday.table.pace == 1.0
    assert sunday.table.boutique.figures == kpi.SalesFigures()
    assert sunday.highlights == [] and sunday.table.boutique.conversion is None
    assert sunday.tomorrow == date(2026, 11, 30)


def test_briefing(store, clock, settings, small):
    with store.write() as s:
        client = s.get(Client, small.vic1)
        client.birthday = date(1980, 11, 25)
        rituals.set_focus_story(s, store.boutique_id, TODAY, "The Panthère", "Tell the 1914 story")
    with store.read() as s:
        b = rituals.briefing(s, store.boutique_id, clock, settings, TODAY)
    assert b.yesterday is not None and b.yesterday.day == date(2026, 11, 24)
    assert b.yesterday.boutique.figures.net_sales == 200_000
    assert {r.initials for r in b.today.associates} == {"SOP", "LD", "AK"}
    assert b.today.boutique.target == 3_000_000
    assert b.focus is not None and b.focus.title == "The Panthère"
    assert b.focus.week_start == date(2026, 11, 23)
    assert [k.client for k in b.key_dates] == ["Mme Hélène Dubois"]
    assert [f.id for f in b.followups_due] == [small.overdue, small.due_today]  # VIC / HJ only


def test_week(store, clock, settings, small):
    with store.read() as s:
        w = rituals.week(s, store.boutique_id, clock, settings, TODAY)
    assert (w.first, w.last) == (date(2026, 11, 23), date(2026, 11, 29))
    assert w.weeks[0] == date(2026, 10, 5) and len(w.weeks) == 8
    assert w.boutique.net_sales == 1_900_000 and w.boutique.target == 3_000_000
    assert w.boutique.trend == [0, 0, 0, 0, 10_000_000, 0, 0, 1_900_000]
    assert w.coaching == {("welcome", "recognition"): 1, ("storytelling", "development"): 1,
                          ("closing", "observation"): 1}
    # due this week by now: Tanaka's HJ step and Garnier's thank-you (25th); Whitfield's is due
    # on the 27th, not late yet
    assert (w.followups_due, w.followups_on_time) == (2, 0)
    assert w.on_time_rate == 0.0


def test_followup_on_time(store, clock, small):
    from floorcon.services.capture import complete_followup

    with store.write() as s:
        complete_followup(s, store.boutique_id, small.due_today, "Sketch presented", clock.now_utc())
    with store.read() as s:
        assert kpi.followup_on_time(s, store.boutique_id, clock, TODAY, TODAY) == (2, 1)
        # done on the 25th, due on the 22nd: done, but late
        the_22nd = date(2026, 11, 22)
        assert kpi.followup_on_time(s, store.boutique_id, clock, the_22nd, the_22nd) == (1, 0)
    assert kpi.ratio(1, 2) == 0.5 and kpi.ratio(0, 0) is None


def test_summary_is_one_per_day(store, clock, small):
    with store.write() as s:
        rituals.save_summary(s, store.boutique_id, TODAY, "First", clock.now_utc(), "SM")
    with store.write() as s:
        rituals.save_summary(s, store.boutique_id, TODAY, "Second thoughts", clock.now_utc(), "SM")
    with store.read() as s:
        assert rituals.summary_text(s, store.boutique_id, TODAY) == "Second thoughts"
        assert rituals.summary_text(s, store.boutique_id, date(2026, 11, 24)) == ""
