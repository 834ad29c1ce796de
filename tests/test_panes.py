"""The dashboard panes' own query paths, against rows written out by hand from the small
boutique in conftest.py (the statements are built once and run with parameters)."""

from __future__ import annotations

from datetime import date, timedelta

from floorcon.services.dashboard import FollowUpRow, followups_pane
from floorcon.services.privacy import reachable, record_consent

from .conftest import TODAY


def test_followup_queue_reads_each_clients_channels_in_force(store, clock, small):
    """The queue's channels are the newest decision per channel (recorded_at, then id for the
    same moment), listed in the channels' order, exactly what privacy.reachable says."""
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
        in_force = reachable(s, [small.vic1, small.vic2, small.hj, small.regular])
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
    assert all(r.channels == tuple(in_force.get(r.client_id, ())) for r in everyone)


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
