"""The recap's lists, line by line: every column each query reads, against the small boutique.

See conftest.py: Wednesday 25 November 2026, 15:00 in Paris; tomorrow is Thursday the 26th.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from floorcon.models import Appointment, Event, FollowUp, Sale, SatisfactionScore, Shift
from floorcon.services import kpi, rituals, team

from .conftest import TODAY

TOMORROW = date(2026, 11, 26)


def _more(store, clock, small) -> int:  # type: ignore[no-untyped-def]
    """Scores with and without an associate or client, High Jewelry lines, tomorrow's diary."""
    b = store.boutique_id
    with store.write() as s:
        s.add_all([
            SatisfactionScore(boutique_id=b, response_id="S1", measure="CER", score=6.5,
                              received_at=clock.at(TODAY, time(12)), associate_id=small.ak,
                              client_id=small.vic2, comment="Waited too long"),
            SatisfactionScore(boutique_id=b, response_id="S2", measure="FTR", score=9.5,
                              received_at=clock.at(TODAY, time(13)), associate_id=small.sop),
            SatisfactionScore(boutique_id=b, response_id="S3", measure="CER", score=8.0,
                              received_at=clock.at(TODAY, time(14)), client_id=small.hj),
            SatisfactionScore(boutique_id=b, response_id="S4", measure="CER", score=1.0,
                              received_at=clock.at(date(2026, 11, 24), time(14)), client_id=small.hj),
            Sale(boutique_id=b, receipt="R6", line=1, sold_at=clock.at(TODAY, time(16)),
                 associate_id=small.mb, client_id=small.hj, amount=5_000_000, units=1,
                 category="high jewelry"),
            Sale(boutique_id=b, receipt="R7", line=1, sold_at=clock.at(TODAY, time(16, 30)),
                 associate_id=small.mb, amount=-1_000_000, units=-1, category="high jewelry"),
            Appointment(boutique_id=b, client_id=small.hj, associate_id=small.mb,
                        starts_at=clock.at(TOMORROW, time(11)), purpose="Second sketch"),
            Appointment(boutique_id=b, client_id=small.vic1, associate_id=small.sop,
                        starts_at=clock.at(TOMORROW, time(12)), purpose="Cancelled", status="cancelled"),
            Appointment(boutique_id=b, client_id=small.vic1, associate_id=small.sop,
                        starts_at=clock.at(TODAY, time(17)), purpose="Today"),
            Event(boutique_id=b, title="Private viewing", place="Salon Vendôme",
                  starts_at=clock.at(TOMORROW, time(18))),
            Event(boutique_id=b, title="Today's cocktail", starts_at=clock.at(TODAY, time(18))),
        ])
        call = FollowUp(boutique_id=b, client_id=small.regular, owner_id=small.ak, kind="thank-you",
                        action="Call about the ring", due=TOMORROW, created_at=clock.now_utc())
        s.add(call)
        s.flush()
        assert call.id is not None
        return call.id


def test_recap_lines_in_full(store, clock, settings, small):
    call = _more(store, clock, small)
    with store.read() as s:
        r = rituals.recap(s, store.boutique_id, clock, settings, TODAY)
        assert kpi.new_clients(s, store.boutique_id, *clock.day_bounds(TODAY)) == 2
        assert kpi.new_clients(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 3))) == 1
    hhmm = lambda moment: clock.local(moment).format("HH:mm")  # noqa: E731
    assert [(c.associate_id, c.initials, c.name, c.recognition, c.development, c.observation)
            for c in r.coaching] == [(small.ld, "LD", "Louis Durand", 0, 1, 0),
                                     (small.sop, "SOP", "Sophie Martin", 1, 0, 0)]
    assert [tuple(vars(f).values()) for f in r.followups_overdue] == [
        (small.overdue, date(2026, 11, 22), "Mme Hélène Dubois", "C100001", "VIC", "SOP", "thank-you",
         "Send a card for the bracelet", "")]
    assert [tuple(vars(f).values()) for f in r.followups_done] == [
        (small.later + 2, date(2026, 11, 20), "Mme Hélène Dubois", "C100001", "VIC", "SOP", "birthday",
         "Birthday", "Flowers sent")]
    assert [tuple(vars(f).values()) for f in r.tomorrow_followups] == [
        (call, TOMORROW, "M. Paul Garnier", "C100004", "regular", "AK", "thank-you", "Call about the ring",
         "")]
    assert [(x.measure, x.score, x.associate, x.client, x.comment, hhmm(x.received_at), x.below)
            for x in r.satisfaction] == [
        ("CER", 6.5, "AK", "Mr James Whitfield", "Waited too long", "12:00", True),
        ("CER", 8.0, "", "Mme Yuki Tanaka", "", "14:00", False),
        ("FTR", 9.5, "SOP", "", "", "13:00", False)]
    sale = lambda h: (h.receipt, hhmm(h.sold_at), h.associate, h.amount, h.category, h.client)  # noqa: E731
    assert [sale(h) for h in r.highlights] == [
        ("R6", "16:00", "MB", 5_000_000, "high jewelry", "Mme Yuki Tanaka"),
        ("R3", "11:30", "LD", 1_200_000, "watches", "Mr James Whitfield"),
        ("R1", "10:45", "SOP", 485_000, "jewelry", "Mme Hélène Dubois"),
        ("R2", "12:10", "SOP", 120_000, "jewelry", ""),
        ("R5", "14:20", "AK", 15_000, "jewelry", "")]
    assert [sale(h) for h in r.hj] == [
        ("R6", "16:00", "MB", 5_000_000, "high jewelry", "Mme Yuki Tanaka"),
        ("R7", "16:30", "MB", -1_000_000, "high jewelry", "")]
    assert [(hhmm(a.starts_at), a.client, a.segment, a.associate, a.purpose)
            for a in r.tomorrow_appointments] == [
        ("11:00", "Mme Yuki Tanaka", "HJ", "MB", "Second sketch")]
    assert [(hhmm(e.starts_at), e.title, e.place) for e in r.tomorrow_events] == [
        ("18:00", "Private viewing", "Salon Vendôme")]
    assert r.summary == ""
    assert r.followups_created == 7


def test_the_largest_receipts_keep_their_limit_and_a_day_without_clients(store, clock, small):
    _more(store, clock, small)
    with store.read() as s:
        top = rituals.largest_receipts(s, store.boutique_id, *clock.day_bounds(TODAY), limit=2)
        yesterday = rituals.largest_receipts(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 24)))
        quiet = rituals.hj_moves(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 23)))
    assert [(h.receipt, h.amount) for h in top] == [("R6", 5_000_000), ("R3", 1_200_000)]
    assert [(h.receipt, h.associate, h.amount, h.client) for h in yesterday] == [
        ("R0024", "SOP", 200_000, "")]
    assert quiet == []


def test_the_weekly_review_names_its_associates(store, clock, settings, small):
    with store.read() as s:
        review = rituals.week(s, store.boutique_id, clock, settings, TODAY)
    assert [(row.initials, row.name) for row in review.associates] == [
        ("AK", "Aiko Kimura"), ("LD", "Louis Durand"), ("MB", "Marc Bernard"), ("SOP", "Sophie Martin")]


def test_shifts_are_split_over_the_days_they_overlap(store, clock, small):
    """A shift past midnight counts on both days; each day's team by first name; the days in
    the order asked, a day without shifts empty."""
    b = store.boutique_id
    friday, thursday = date(2026, 11, 20), date(2026, 11, 19)
    with store.write() as s:
        s.add(Shift(boutique_id=b, associate_id=small.mb, starts_at=clock.at(friday, time(22)),
                    ends_at=clock.at(friday + timedelta(days=1), time(1, 30))))
        s.add(Shift(boutique_id=b, associate_id=small.ak, starts_at=clock.at(friday, time(9)),
                    ends_at=clock.at(friday, time(12, 15))))
    with store.read() as s:
        floors = team.on_floor_days(s, b, clock, [friday + timedelta(days=1), friday, thursday])
    assert [(day, [(f.associate.initials, f.hours) for f in floor]) for day, floor in floors.items()] == [
        (date(2026, 11, 21), [("MB", 1.5)]), (friday, [("AK", 3.25), ("MB", 2.0)]), (thursday, [])]


def test_the_hourly_charts_local_hour(clock):
    """The standard library's local hour, as `local` gives it, on both sides of the repeated
    hour at the end of summer time, and for a naive stored moment (UTC)."""
    moments = [datetime(2026, 10, 25, h, 30, tzinfo=UTC) for h in (0, 1, 2)] + [datetime(2026, 7, 1, 21, 59)]
    assert [clock.local_hour(m) for m in moments] == [clock.local(m).hour for m in moments] == [2, 2, 3, 23]
