"""The dashboard panes' own query paths, against rows written out by hand from the small
boutique in conftest.py (the statements are built once and run with parameters)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from floorcon.models import Associate, Client, CoachingNote
from floorcon.services import people
from floorcon.services.dashboard import (
    FOLLOWUP_SEGMENTS,
    FollowUpRow,
    NoteRow,
    _followups_statement,
    coaching_pane,
    followups_pane,
)
from floorcon.services.people import PersonRow
from floorcon.services.privacy import record_consent

from .conftest import RATINGS, TODAY, at, on_server


def test_followup_queue_reads_each_clients_channels_in_force(store, clock, small):
    """The queue's channels are the newest decision per channel (recorded_at, then id for the
    same moment), listed in the channels' order: what record_consent wrote in Client.channels."""
    b, now = store.boutique_id, clock.now_utc()
    with store.write() as s:
        record_consent(s, b, small.vic1, "email", True, now - timedelta(days=30), "in boutique", "SM")
        record_consent(s, b, small.vic1, "phone", True, now - timedelta(days=30), "in boutique", "SM")
        record_consent(s, b, small.vic1, "phone", False, now - timedelta(days=2), "phone call", "SM")
        # Two decisions at the same moment: the one recorded last stands.
        record_consent(s, b, small.vic2, "sms", True, now - timedelta(days=7), "web form", "SM")
        record_consent(s, b, small.vic2, "sms", False, now - timedelta(days=7), "web form", "SM")
        record_consent(s, b, small.vic2, "mail", False, now - timedelta(days=7), "web form", "SM")
        record_consent(s, b, small.vic2, "mail", True, now - timedelta(days=7), "web form", "SM")
        record_consent(s, b, small.vic2, "phone", True, now - timedelta(days=10), "in boutique", "SM")
        record_consent(s, b, small.vic2, "email", True, now - timedelta(days=5), "in boutique", "SM")
        # Recorded later but dated earlier: the newer moment stands, not the newer row.
        record_consent(s, b, small.hj, "phone", True, now - timedelta(days=1), "in boutique", "SM")
        record_consent(s, b, small.hj, "phone", False, now - timedelta(days=20), "CRM import", "SM")
        record_consent(s, b, small.regular, "email", True, now - timedelta(days=3), "in boutique", "SM")
    with store.read() as s:
        rows = followups_pane(s, b, TODAY, 3)
        everyone = followups_pane(s, b, TODAY, 3, segments=None)
        in_force = dict(s.exec(select(Client.id, Client.channels)).all())
    assert rows == [
        FollowUpRow(small.overdue, date(2026, 11, 22), 3, small.vic1, "Mme Hélène Dubois", "C100001", "VIC",
                    small.sop, "SOP", "thank-you", "Send a card for the bracelet", ("email",)),
        FollowUpRow(small.due_today, TODAY, 0, small.hj, "Mme Yuki Tanaka", "C100003", "HJ", small.mb, "MB",
                    "hj-next-step", "Present the second sketch", ("phone",)),
        FollowUpRow(small.upcoming, date(2026, 11, 27), -2, small.vic2, "Mr James Whitfield", "C100002",
                    "VIC", small.ld, "LD", "after-sales", "Watch back from service",
                    ("email", "phone", "mail")),
    ]
    assert [(r.client_id, r.channels) for r in everyone] == [
        (small.vic1, ("email",)), (small.hj, ("phone",)), (small.regular, ("email",)),
        (small.vic2, ("email", "phone", "mail"))]
    assert {r.client_id: ",".join(r.channels) for r in everyone} == {
        c: in_force[c] for c in (small.vic1, small.vic2, small.hj, small.regular)}


def test_followup_queue_without_consents_and_by_filter(store, small):
    """No decision recorded: no channel. Each filter shape has its own statement: the owner's,
    the buckets', with and without the segments."""
    b = store.boutique_id
    with store.read() as s:
        assert [r.channels for r in followups_pane(s, b, TODAY, 3)] == [(), (), ()]
        assert [r.id for r in followups_pane(s, b, TODAY, 20)] == [
            small.overdue, small.due_today, small.upcoming, small.upcoming + 1]
        assert [r.id for r in followups_pane(s, b, TODAY, 3, owner_id=small.ld)] == [small.upcoming]
        assert [r.id for r in followups_pane(s, b, TODAY, 3, owner_id=small.ld, due="overdue")] == []
        hj_today = followups_pane(s, b, TODAY, 3, segments=("HJ",), due="today")
        assert [r.id for r in hj_today] == [small.due_today]
        assert [r.client_id for r in followups_pane(s, b, TODAY, 3, segments=None, due="today")] == [
            small.hj, small.regular]
        assert followups_pane(s, b, date(2026, 11, 21), 0) == []


def test_the_queue_index_holds_the_action_on_sqlite_only(store):
    """Migration 0014: on SQLite the queue is read from its index alone, the action with it; a
    PostgreSQL index entry is bounded (about 2.7 kB) and an action is not, so there it is left out."""
    indexes = {i["name"]: i["column_names"] for i in inspect(store.engine).get_indexes("followup")}
    queue = ["boutique_id", "status", "due", "id", "client_id", "owner_id", "kind"]
    assert indexes["ix_followup_queue"] == (queue if on_server() else [*queue, "action"])


@pytest.mark.sqlite_only("SQLite's query plan")
def test_the_queue_reads_no_follow_up_row(store, small):
    statement = _followups_statement(FOLLOWUP_SEGMENTS, False, None)
    with store.engine.connect() as conn:
        compiled = statement.compile(conn)
        params = compiled.construct_params(
            {"boutique_id": store.boutique_id, "horizon": TODAY, "today": TODAY, "owner_id": None})
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}",
                                    tuple(params[k] for k in compiled.positiontup)).all()
    assert "USING COVERING INDEX ix_followup_queue" in plan[0][3]


# -- the People line -------------------------------------------------------------------------------


def test_people_line_reads_last_one_to_one_latest_review_and_the_team_order(store, clock, settings, small,
                                                                            team):
    """The team query's own lookups: the last one-to-one held of several, the latest review by
    day and then the latest saved, two people of the same name in the order they were added, an
    associate who left kept out of the rows but not of the names."""
    b = store.boutique_id
    with store.write() as s:
        older = people.schedule_one_to_one(s, b, small.sop, at(clock, date(2026, 10, 1), 10))
        people.close_one_to_one(s, b, older.id, "Q3 review", "", at(clock, date(2026, 10, 1), 10, 30))
        # Saved after the 2026 H1 review but about an earlier day: the July one stays the latest.
        people.save_review(s, b, settings, associate_id=small.sop, period="2025 H1",
                           reviewed_on=date(2025, 7, 1), ratings=RATINGS, overall=3, performance="low",
                           potential="low")
        # Two reviews the same day: the one saved last is the latest.
        people.save_review(s, b, settings, associate_id=small.ld, period="2026 mid-year",
                           reviewed_on=date(2026, 7, 11), ratings=RATINGS, overall=5, performance="high",
                           potential="medium")
        twins = [Associate(boutique_id=b, initials=i, first_name="Anna", last_name="Rossi",
                           start_date=date(2026, 11, 20)) for i in ("AR2", "AR1")]
        s.add_all(twins)
        s.flush()
        s.get(Associate, small.mb).active = False
    with store.read() as s:
        rows = people.team(s, b, clock, settings)
        line = people.attention(s, b, clock, settings)
    sop_held = at(clock, date(2026, 11, 2), 10, 40)
    assert [(r.initials, r.name) for r in rows] == [
        ("AK", "Aiko Kimura"), (twins[0].initials, "Anna Rossi"), (twins[1].initials, "Anna Rossi"),
        ("LD", "Louis Durand"), ("SOP", "Sophie Martin")]
    sop = rows[-1]
    assert sop == PersonRow(small.sop, "SOP", "Sophie Martin", "Senior Sales Associate", sop_held, 23,
                            at(clock, date(2026, 11, 30), 10), False, False, 2, 1, ("idp",), 0, 0,
                            ("high", "high"))
    assert (rows[3].last_held, rows[3].days_since, rows[3].box) == (
        at(clock, date(2026, 10, 20), 11, 30), 36, ("high", "medium"))
    assert (rows[0].last_held, rows[0].box, rows[1].box, rows[1].beyond_cadence) == (
        None, ("low", "medium"), None, False)
    # MB has left: no row, and the one-to-one MB missed no longer calls for the manager.
    assert line.overdue_one_to_ones == []
    assert [r.initials for r in line.beyond_cadence] == ["AK", "LD"]


# -- the coaching notes pane -----------------------------------------------------------------------


def test_coaching_pane_rows_with_their_client_newest_first(store, clock, small):
    """The day's notes as columns: the associate's name, the client's when there is one, the
    newest first and, at the same moment, the one written last first; yesterday's left out."""
    b = store.boutique_id
    with store.write() as s:
        same_moment = CoachingNote(boutique_id=b, associate_id=small.sop, client_id=small.hj,
                                   noted_at=at(clock, TODAY, 12, 30), moment="closing", kind="recognition",
                                   author="SM", text="Closed the sketch with Mme Tanaka")
        s.add(same_moment)
        s.flush()
    with store.read() as s:
        pane = coaching_pane(s, b, clock)
        ids = dict(s.exec(select(CoachingNote.text, CoachingNote.id)).all())
    assert pane.day == TODAY
    assert pane.notes == [
        NoteRow(same_moment.id, at(clock, TODAY, 12, 30), "SOP", "Sophie Martin", "closing", "recognition",
                "Closed the sketch with Mme Tanaka", "Mme Yuki Tanaka"),
        NoteRow(ids["Tell the movement's story before the price"], at(clock, TODAY, 12, 30), "LD",
                "Louis Durand", "storytelling", "development", "Tell the movement's story before the price"),
        NoteRow(ids["Warm welcome, offered champagne before the first question"], at(clock, TODAY, 10, 50),
                "SOP", "Sophie Martin", "welcome", "recognition",
                "Warm welcome, offered champagne before the first question"),
    ]
    assert [a.initials for a in pane.not_coached] == ["AK"]
