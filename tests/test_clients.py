"""Clients: search, portfolio states, the follow-up rules, the over-solicitation guard,
consent in the client file, cross-selling, reassigning, cancelling; figures by hand.

The clock is frozen on Wednesday 25 November 2026, 15:00 in Paris (conftest.NOW).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from sqlmodel import col, select

from floorcon.config import ConfigError, parse_settings
from floorcon.models import Associate, ChangeLog, Client, ClientContact, FollowUp, Sale
from floorcon.services import capture, clients
from floorcon.services.clients import Opening, State
from floorcon.services.dashboard import followups_pane
from floorcon.services.exports import client_file_json, client_file_md, portfolio_json, portfolio_md
from floorcon.services.followups import apply_rules
from floorcon.services.parsing import InputError
from floorcon.services.privacy import erase_client, record_consent

from .conftest import CONFIG, TODAY


@pytest.fixture
def rules_settings(settings):
    """Thank-you above € 5,000, due the next day; key dates 7 days ahead for VIC and HJ."""
    return replace(settings, thank_you_above=500_000, thank_you_after_days=1, key_date_days_ahead=7,
                   key_date_segments=("VIC", "HJ"), contact_guard_days=7)


def _sale(s, b, receipt, day, aid, amount, client, category="jewelry", clock=None):
    s.add(Sale(boutique_id=b, receipt=receipt, line=1, sold_at=clock.at(day, time(12)), associate_id=aid,
               amount=amount, units=1 if amount > 0 else -1, client_id=client, category=category))


# -- states and the portfolio -------------------------------------------------------------------


@pytest.mark.parametrize(("last", "state"), [
    (date(2025, 11, 26), State.ACTIVE),  # 11 months and 30 days
    (date(2025, 11, 25), State.LAPSING),  # 12 months to the day
    (date(2025, 5, 26), State.LAPSING),  # 17 months
    (date(2025, 5, 25), State.LAPSED),  # 18 months
    (None, State.NEVER),
])
def test_client_state_boundaries(settings, last, state):
    assert clients.client_state(last, TODAY, settings) == state


@pytest.fixture
def book(store, clock, small):
    """Associate ZZ's portfolio: one client per state, a new one, a retained one, a second-owned one."""
    b = store.boutique_id
    now = clock.now_utc()
    with store.write() as s:
        zz = Associate(boutique_id=b, initials="ZZ", first_name="Zoé", last_name="Zola")
        s.add(zz)
        s.flush()

        def client(number, segment, **extra):
            c = Client(boutique_id=b, number=number, last_name=number, segment=segment, owner_id=zz.id,
                       created_at=now, **extra)
            s.add(c)
            s.flush()
            return c.id

        a = client("A", "regular", birthday=date(1980, 11, 28))  # birthday in 3 days
        lapsing = client("B", "VIC")
        lapsed = client("C", "VIC")
        never = client("D", "prospect")
        new = client("E", "HJ")
        retained = client("F", "VIC")
        seconded = client("G", "VIC", second_owner_id=None)
        s.get(Client, seconded).owner_id, s.get(Client, seconded).second_owner_id = small.sop, zz.id
        for receipt, day, cid in (("PA", date(2026, 10, 1), a), ("PB", date(2025, 6, 1), lapsing),
                                  ("PC", date(2024, 12, 1), lapsed), ("PE", date(2026, 11, 10), new),
                                  ("PF1", date(2025, 3, 1), retained), ("PF2", date(2026, 2, 1), retained)):
            _sale(s, b, receipt, day, zz.id, 100_000, cid, clock=clock)
        s.add(ClientContact(boutique_id=b, client_id=new, channel="phone",
                            contacted_at=clock.at(TODAY - timedelta(days=10), time(11))))
        s.add(ClientContact(boutique_id=b, client_id=retained, channel="email",
                            contacted_at=clock.at(TODAY - timedelta(days=100), time(11))))
    return {"zz": zz.id, "A": a, "B": lapsing, "C": lapsed, "D": never, "E": new, "F": retained,
            "G": seconded}


def test_portfolio_states_and_counts(store, clock, settings, book):
    with store.read() as s:
        p = clients.portfolio(s, store.boutique_id, book["zz"], clock, settings)
    assert len(p.clients) == 6
    counts = [p.count(state) for state in (State.ACTIVE, State.LAPSING, State.LAPSED, State.NEVER)]
    assert counts == [3, 1, 1, 1]
    assert p.new_this_month == 1  # E's first purchase is on 10 November
    # Bought between 25/11/2024 and 25/11/2025: B, C, F; of them only F bought again since.
    assert (p.retained, p.retention_base) == (1, 3)
    assert p.retention_rate == pytest.approx(1 / 3)
    assert p.last_contact == clock.at(TODAY - timedelta(days=10), time(11))
    assert [c.number for c in p.seconded] == ["G"]
    assert [(c.number, c.reasons) for c in p.attention] == [
        ("B", ("lapsing VIC", "no contact on record")),
        ("A", ("birthday in 3 days",)),
        ("F", ("no contact for 100 days",)),
    ]


def test_retention_follows_the_active_window(store, clock, settings, book):
    """With clients.lapsing_after_months = 6 the window is 6 months: active from 26/05/2026,
    the window before from 26/11/2025. Only F bought in it (01/02/2026); F is lapsing now."""
    six = replace(settings, lapsing_after_months=6)
    with store.read() as s:
        p = clients.portfolio(s, store.boutique_id, book["zz"], clock, six)
    assert (p.retained, p.retention_base) == (0, 1)
    with store.write() as s:  # F buys again on 1 September: active again, so kept
        _sale(s, store.boutique_id, "PF3", date(2026, 9, 1), book["zz"], 50_000, book["F"], clock=clock)
    with store.read() as s:
        p = clients.portfolio(s, store.boutique_id, book["zz"], clock, six)
        twelve = clients.portfolio(s, store.boutique_id, book["zz"], clock, settings)
    assert (p.retained, p.retention_base, p.retention_rate) == (1, 1, 1.0)
    assert (twelve.retained, twelve.retention_base) == (1, 3)  # the 12-month figures are unchanged


def test_shift_months_keeps_the_day_or_the_month_end():
    assert clients.shift_months(date(2026, 11, 25), -12) == date(2025, 11, 25)
    assert clients.shift_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert clients.shift_months(date(2026, 1, 15), -2) == date(2025, 11, 15)
    assert clients.shift_months(date(2024, 12, 31), 2) == date(2025, 2, 28)


def test_portfolio_exports(store, clock, settings, book):
    with store.read() as s:
        p = clients.portfolio(s, store.boutique_id, book["zz"], clock, settings)
    md = portfolio_md(p, settings, clock)
    assert "6 clients: 3 active, 1 lapsing, 1 lapsed, 1 with no purchase · 1 new this month · " \
           "retention 33% (1 of 3)" in md
    assert "| B B | VIC | lapsing | lapsing VIC; no contact on record |" in md
    data = portfolio_json(p, settings)
    assert json.loads(data)["counts"] == {"active": 3, "lapsing": 1, "lapsed": 1, "no purchase": 1}


# -- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "number", "matched"), [
    ("C100002", "C100002", "number"),
    ("helene", "C100001", "name"),
    ("HÉLÈNE dub", "C100001", "name"),
    ("dubios", "C100001", "name ≈"),
    ("06 12 34 56", "C100001", "phone"),
    ("helene.dubois@", "C100001", "e-mail"),
    ("whitfeld", "C100002", "name ≈"),
])
def test_search_forgives_accents_and_typos(store, small, typed, number, matched):
    with store.read() as s:
        hits = clients.search_clients(s, store.boutique_id, typed)
    assert [(h.number, h.matched) for h in hits] == [(number, matched)]


def test_search_leaves_out_erased_clients_and_far_names(store, clock, small):
    with store.write() as s:
        erase_client(s, store.boutique_id, small.vic1, clock.now_utc())
    with store.read() as s:
        assert clients.search_clients(s, store.boutique_id, "dubois") == []
        assert clients.search_clients(s, store.boutique_id, "zzzz") == []
        assert clients.search_clients(s, store.boutique_id, "  ") == []


def test_a_form_picks_one_client_typos_forgiven(store, clock, small):
    b = store.boutique_id
    with store.write() as s:  # a second Dubois, and a Dubost a typo away from "dubois"
        for number, first, last in (("C100005", "Marie", "Dubois"), ("C100006", "Jean", "Dubost")):
            s.add(Client(boutique_id=b, number=number, first_name=first, last_name=last,
                         created_at=clock.now_utc()))
    with store.read() as s:
        assert clients.pick_client(s, b, "dubios helene").number == "C100001"  # a typo, one client
        assert clients.pick_client(s, b, "c100002").number == "C100002"  # the number, any case
        assert clients.pick_client(s, b, "whitfeld").number == "C100002"
        # Two exact names: the typo-away Dubost is not a candidate, the manager types the number.
        assert [h.number for h in clients.client_candidates(s, b, "dubois")] == ["C100001", "C100005"]
        with pytest.raises(InputError, match=r"'dubois' matches several clients \(C100001, C100005\)"):
            clients.pick_client(s, b, "dubois")
        with pytest.raises(InputError, match="client: no client matches 'zzzz'"):
            clients.pick_client(s, b, "zzzz")


# -- the follow-up rules ------------------------------------------------------------------------


def test_rules_create_each_followup_once(store, clock, small, rules_settings):
    b = store.boutique_id
    with store.write() as s:
        s.get(Client, small.vic1).birthday = date(1970, 11, 30)  # in 5 days: within 7
        s.get(Client, small.hj).anniversary = date(2000, 12, 10)  # in 15 days: not yet
        s.get(Client, small.regular).birthday = date(1990, 11, 26)  # a regular: not a key-date segment
    with store.write() as s:
        first = apply_rules(s, b, clock, rules_settings)
    assert (first.thank_you, first.key_dates) == (1, 1)
    with store.read() as s:
        made = {f.rule_key: f for f in s.exec(select(FollowUp).where(FollowUp.rule_key.is_not(None)))}
    assert set(made) == {"thank-you:R3", f"birthday:{small.vic1}:2026-11-30"}
    thanks = made["thank-you:R3"]  # R3: € 12,000 of watches for VIC 2, today
    assert (thanks.client_id, thanks.owner_id, thanks.kind, thanks.due) == (
        small.vic2, small.ld, "thank-you", date(2026, 11, 26))
    assert thanks.action == "Thank-you for receipt R3 (watches)"
    birthday = made[f"birthday:{small.vic1}:2026-11-30"]
    assert (birthday.owner_id, birthday.kind, birthday.due) == (small.sop, "birthday", TODAY)
    with store.write() as s:
        again = apply_rules(s, b, clock, rules_settings)
        capture.cancel_followup(s, b, thanks.id, "Client asked for no contact", clock.now_utc())
    assert again.created == 0
    with store.write() as s:  # cancelled, it is not created again either
        assert apply_rules(s, b, clock, rules_settings).created == 0


@pytest.mark.parametrize(("today", "ahead"), [
    (date(2027, 1, 1), 7), (date(2027, 2, 25), 7), (date(2027, 2, 28), 0), (date(2028, 2, 27), 3),
    (date(2026, 12, 20), 30), (date(2026, 12, 31), 60), (date(2027, 6, 15), 0), (date(2026, 11, 4), 365),
])
def test_the_key_date_rule_reads_only_the_dates_that_come_round(store, small, today, ahead):
    """The SQL window is what next_occurrence would keep, across New Year and around 29
    February (a leap year's dates, one client a day), plus every 29 February, no more."""
    from datetime import UTC, datetime

    from floorcon.services.clients import next_occurrence
    from floorcon.services.followups import comes_round

    b = store.boutique_id
    days = [date(2000, 1, 1) + timedelta(days=i) for i in range(366)]
    with store.write() as s:
        for i, day in enumerate(days):
            s.add(Client(boutique_id=b, number=f"KD{i:03d}", last_name="Window", segment="VIC",
                         owner_id=small.sop, created_at=datetime(2026, 1, 1, tzinfo=UTC),
                         **{"birthday" if i % 2 else "anniversary": day}))
    horizon = today + timedelta(days=ahead)
    with store.read() as s:
        read = set(s.exec(select(Client.birthday).where(
            col(Client.number).startswith("KD"), comes_round(col(Client.birthday), today, horizon))))
        read |= set(s.exec(select(Client.anniversary).where(
            col(Client.number).startswith("KD"), comes_round(col(Client.anniversary), today, horizon))))
    expected = {day for day in days if next_occurrence(day, today) <= horizon}
    assert len(expected) >= min(ahead + 1, 366)  # one client a day of the window, at least
    assert read - {None} == expected | {date(2000, 2, 29)}


def test_the_daily_upkeep_runs_once_a_business_day(store, clock, small, rules_settings):
    """Purge and rules at the first start of a day, noted in the store; later starts that day
    skip them (what they would create waits for the next day, or for a sale or an import,
    which run the rules themselves)."""
    from floorcon.clock import Clock
    from floorcon.models import Boutique
    from floorcon.services.upkeep import daily_upkeep

    b = store.boutique_id
    with store.write() as s:
        s.get(Client, small.vic1).birthday = date(1970, 11, 30)  # in 5 days: within 7
    with store.write() as s:
        first = daily_upkeep(s, b, clock, rules_settings)
    assert first is not None and (first.thank_you, first.key_dates) == (1, 1)
    with store.write() as s:
        assert s.get(Boutique, b).upkeep_day == TODAY
        s.get(Client, small.vic2).birthday = date(1985, 11, 28)  # in 3 days
    with store.write() as s:
        assert daily_upkeep(s, b, clock, rules_settings) is None  # done today
    tomorrow = Clock(rules_settings, fixed="2026-11-26T09:00:00+01:00")
    with store.write() as s:
        second = daily_upkeep(s, b, tomorrow, rules_settings)
    assert second is not None and (second.thank_you, second.key_dates) == (0, 1)
    with store.read() as s:
        keys = set(s.exec(select(FollowUp.rule_key).where(col(FollowUp.rule_key).is_not(None))))
        assert s.get(Boutique, b).upkeep_day == date(2026, 11, 26)
    assert keys == {"thank-you:R3", f"birthday:{small.vic1}:2026-11-30", f"birthday:{small.vic2}:2026-11-28"}


def test_thank_you_only_strictly_above_the_threshold(store, clock, small, rules_settings):
    with store.write() as s:
        result = apply_rules(s, store.boutique_id, clock, replace(rules_settings, thank_you_above=1_200_000))
    assert result.thank_you == 0
    with store.write() as s:
        off = apply_rules(s, store.boutique_id, clock, replace(rules_settings, thank_you_above=0))
    assert off.thank_you == 0


def test_a_sale_above_the_threshold_a_week_ago_is_too_old(store, clock, small, rules_settings):
    with store.write() as s:
        for receipt, days in (("OLD", 8), ("WEEK", 7)):
            _sale(s, store.boutique_id, receipt, TODAY - timedelta(days=days), small.sop, 900_000, small.vic1,
                  clock=clock)
    with store.write() as s:
        apply_rules(s, store.boutique_id, clock, rules_settings)
    with store.read() as s:
        keys = set(s.exec(select(FollowUp.rule_key).where(FollowUp.rule_key.is_not(None))))
        week = s.exec(select(FollowUp).where(FollowUp.rule_key == "thank-you:WEEK")).one()
    assert keys == {"thank-you:R3", "thank-you:WEEK"}
    assert week.due == TODAY  # the day after the sale is past: due today


# -- the over-solicitation guard ----------------------------------------------------------------


def test_guard_warns_within_the_configured_days(store, clock, small, rules_settings):
    b = store.boutique_id
    with store.read() as s:  # VIC 1's birthday follow-up was done just now (conftest)
        today = clients.contact_guard(s, b, small.vic1, clock, rules_settings)
        assert clients.contact_guard(s, b, small.vic2, clock, rules_settings) is None
    assert today is not None and today.days_ago == 0
    assert today.message() == ("client C100001 was already contacted today "
                               "(within followups.contact_guard_days = 7)")
    with store.write() as s:
        clients.log_contact(s, b, small.vic2, "phone", clock.now_utc() - timedelta(days=6), small.ld)
    with store.read() as s:
        six = clients.contact_guard(s, b, small.vic2, clock, rules_settings)
        for days in (6, 0):
            shorter = replace(rules_settings, contact_guard_days=days)
            assert clients.contact_guard(s, b, small.vic2, clock, shorter) is None
    assert six is not None and six.days_ago == 6


def test_log_contact_refuses_bad_input(store, clock, small):
    with store.write() as s, pytest.raises(InputError, match="channel: 'pigeon' is not one of"):
        clients.log_contact(s, store.boutique_id, small.vic1, "pigeon", clock.now_utc())
    with store.write() as s:
        row = clients.log_contact(s, store.boutique_id, small.vic1, "Visite", clock.now_utc(),
                                  note=" came by ")
    assert (row.channel, row.note) == ("visit", "came by")


# -- the profile: what the client shared -------------------------------------------------------


def test_set_profile_writes_only_what_changes_and_logs_it(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        written = clients.set_profile(s, b, small.vic1, {
            "preferences": "  yellow gold,\n no pearls ", "sizes": "ring 52",
            "anniversary": date(2008, 6, 14), "birthday": None,
            "second_owner_id": small.ak, "language": "Français",
        }, clock)
    assert written == ["preferences", "sizes", "anniversary", "second_owner_id", "language"]
    with store.read() as s:
        c = s.get(Client, small.vic1)
        assert (c.preferences, c.sizes, c.anniversary, c.second_owner_id, c.language) == (
            "yellow gold, no pearls", "ring 52", date(2008, 6, 14), small.ak, "fr")
        assert c.profile_updated_at is not None
        log = [e.fields for e in s.exec(select(ChangeLog).where(
            ChangeLog.table_name == "client", ChangeLog.row_id == small.vic1, ChangeLog.action == "update"))]
    assert [sorted(fields.split(",")) for fields in log] == [
        ["anniversary", "language", "preferences", "profile_updated_at", "second_owner_id", "sizes"]]
    with store.write() as s:  # the same again: nothing written, nothing logged
        assert clients.set_profile(s, b, small.vic1, {"sizes": "ring 52", "language": "fr"}, clock) == []
        assert clients.set_profile(s, b, small.vic1, {"second_owner_id": None, "sizes": ""}, clock) == [
            "sizes", "second_owner_id"]
    with store.read() as s:
        c = s.get(Client, small.vic1)
        assert (c.sizes, c.second_owner_id) == ("", None)


@pytest.mark.parametrize(("changes", "message"), [
    ({"birthday": date(2026, 11, 26)}, "birthday: 26/11/2026 is not a plausible birthday"),
    ({"anniversary": date(1899, 1, 1)}, "anniversary: 01/01/1899 is not a plausible anniversary"),
    ({"language": "klingon!"}, "language: 'klingon!' is not a language"),
    ({"second_owner_id": "owner"}, "second owner: SOP already owns C100001"),
    ({"preferences": "x" * 501}, "preferences: longer than 500 characters"),
    ({"phone": "0612"}, "profile: phone cannot be set here"),
])
def test_set_profile_refuses_bad_values_and_writes_nothing(store, clock, small, changes, message):
    if changes.get("second_owner_id") == "owner":
        changes = {"second_owner_id": small.sop}
    with store.write() as s, pytest.raises(InputError, match=message):
        clients.set_profile(s, store.boutique_id, small.vic1, {"sizes": "ring 50", **changes}, clock)
    with store.read() as s:
        assert s.get(Client, small.vic1).sizes == ""


def test_set_profile_refuses_a_second_owner_who_left(store, clock, small):
    with store.write() as s:
        s.get(Associate, small.mb).active = False
    with store.write() as s, pytest.raises(InputError, match="second owner: MB has left"):
        clients.set_profile(s, store.boutique_id, small.vic1, {"second_owner_id": small.mb}, clock)


# -- the client file: consent, sections, exports --------------------------------------------------


def test_client_file_shows_consent_in_force_only(store, clock, settings, small):
    b = store.boutique_id
    now = clock.now_utc()
    with store.write() as s:
        record_consent(s, b, small.vic1, "email", True, now - timedelta(days=30), "in boutique", "SM")
        record_consent(s, b, small.vic1, "phone", True, now - timedelta(days=30), "in boutique", "SM")
        record_consent(s, b, small.vic1, "phone", False, now - timedelta(days=2), "phone call", "SM")
    with store.read() as s:
        f = clients.client_file(s, b, small.vic1, clock, settings)
        rows = followups_pane(s, b, TODAY, 3)
    assert f.profile.reachable == ("email",)
    assert f.profile.consent["phone"].granted is False
    assert next(r for r in rows if r.client_id == small.vic1).channels == ("email",)


def test_client_file_sections(store, clock, settings, small):
    b = store.boutique_id
    with store.write() as s:
        c = s.get(Client, small.vic1)
        c.preferences, c.sizes, c.anniversary = "Yellow gold", "ring 52", date(2001, 6, 2)
        c.second_owner_id = small.ak
        clients.log_contact(s, b, small.vic1, "sms", clock.now_utc() - timedelta(days=1), small.sop,
                            "Sent photos")
    with store.read() as s:
        f = clients.client_file(s, b, small.vic1, clock, settings)
    p = f.profile
    assert (p.owner, p.second_owner, p.state, p.spend_12m, p.lifetime) == (
        "SOP Sophie Martin", "AK Aiko Kimura", State.ACTIVE, 485_000, 485_000)
    keys = [sec.key for sec in f.sections]
    assert keys == ["purchases", "categories", "hj_opportunities", "satisfaction", "follow_ups", "contacts",
                    "invitations"]
    by_key = {sec.key: sec for sec in f.sections}
    purchases = by_key["purchases"].records()
    assert [(r["receipt"], r["category"], r["amount"]) for r in purchases] == [
        ("R1", "jewelry", 450_000), ("R1", "accessories", 35_000)]
    contacts = by_key["contacts"].records()
    assert [(r["channel"], r["associate"], r["note"]) for r in contacts] == [("sms", "SOP", "Sent photos")]
    md = client_file_md(f, settings, clock)
    assert "Preferences: Yellow gold · sizes: ring 52" in md
    assert "Owner: SOP Sophie Martin · second owner: AK Aiko Kimura" in md
    assert '"anniversary": "2001-06-02"' in client_file_json(f, settings)


def test_sections_come_from_the_list(store, clock, settings, small, monkeypatch):
    """Another part of floorcon adds a section by appending a builder to FILE_SECTIONS."""
    def extra(ctx):
        return clients.Section("extra", "Extra", (clients.Column("n", "N", "number"),), [(ctx.client.id,)])

    monkeypatch.setattr(clients, "FILE_SECTIONS", [*clients.FILE_SECTIONS, extra])
    with store.read() as s:
        f = clients.client_file(s, store.boutique_id, small.vic1, clock, settings)
    assert f.sections[-1].records() == [{"n": small.vic1}]


# -- cross-selling --------------------------------------------------------------------------------


def test_cross_selling_openings(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        x = Client(boutique_id=b, number="X", last_name="X", created_at=clock.now_utc())
        s.add(x)
        s.flush()
        _sale(s, b, "X1", TODAY, small.sop, 10_000, x.id, "jewelry", clock=clock)
        _sale(s, b, "X2", TODAY, small.sop, 10_000, x.id, "watches", clock=clock)
    with store.read() as s:
        affinity = clients.category_affinity(s, b)
    # HJ's jewelry is a return only (R4): not owned.
    assert affinity.bought[small.hj] == {"high jewelry"}
    # Watches owners: VIC 2 and X; of them X bought jewelry: 1 / 2.
    assert affinity.openings(affinity.bought[small.vic2]) == [Opening("jewelry", 0.5, "watches")]
    assert affinity.openings(affinity.bought[small.vic1]) == [Opening("watches", 0.5, "jewelry")]
    assert affinity.openings(affinity.bought[small.hj]) == []
    assert affinity.openings(set()) == []


# -- reassigning, cancelling, the follow-up list -----------------------------------------------------


def test_reassign_keeps_history_and_moves_open_followups(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        moved = clients.reassign_clients(s, b, [small.vic1, small.regular], small.ld)
    assert len(moved) == 2
    with store.read() as s:
        assert s.get(Client, small.vic1).owner_id == small.ld
        followups = {f.id: f for f in s.exec(select(FollowUp).where(FollowUp.client_id == small.vic1))}
        log = list(s.exec(select(ChangeLog).where(ChangeLog.table_name == "client",
                                                  ChangeLog.row_id == small.vic1)))
    assert followups[small.overdue].owner_id == small.ld  # open: goes with the client
    assert [f.owner_id for f in followups.values() if f.status == "done"] == [small.sop]  # history stays
    updates = [(e.action, e.fields, e.actor) for e in log if e.action != "create"]
    assert updates == [("update", "owner_id", "SM")]
    with store.write() as s:
        s.get(Associate, small.mb).active = False
    with store.write() as s, pytest.raises(InputError, match="MB has left"):
        clients.reassign_clients(s, b, [small.vic1], small.mb)


def test_cancel_needs_a_reason_and_happens_once(store, clock, small):
    b = store.boutique_id
    with store.write() as s, pytest.raises(InputError, match="reason: say why"):
        capture.cancel_followup(s, b, small.overdue, "  ", clock.now_utc())
    with store.write() as s:
        f = capture.cancel_followup(s, b, small.overdue, "Client abroad until March", clock.now_utc())
    assert (f.status, f.cancel_reason, f.cancelled_at, f.done_at) == (
        "cancelled", "Client abroad until March", clock.now_utc(), None)
    with store.write() as s, pytest.raises(InputError, match="already cancelled"):
        capture.cancel_followup(s, b, small.overdue, "again", clock.now_utc())


def test_followup_list_by_due_and_associate(store, small):
    b = store.boutique_id
    with store.read() as s:
        assert [r.id for r in followups_pane(s, b, TODAY, 3, due="overdue")] == [small.overdue]
        assert [r.id for r in followups_pane(s, b, TODAY, 3, due="upcoming")] == [small.upcoming]
        assert [r.id for r in followups_pane(s, b, TODAY, 3, due="today")] == [small.due_today]
        # An associate's own queue holds every segment: AK's regular client too.
        assert [r.client_id for r in followups_pane(s, b, TODAY, 3, segments=None, owner_id=small.ak)] == [
            small.regular]


def test_erase_removes_profile_and_contacts(store, clock, small):
    b = store.boutique_id
    with store.write() as s:
        c = s.get(Client, small.vic1)
        c.sizes, c.anniversary = "ring 52", date(2001, 6, 2)
        clients.log_contact(s, b, small.vic1, "phone", clock.now_utc(), note="Called")
    with store.write() as s:
        erase_client(s, b, small.vic1, clock.now_utc())
    with store.read() as s:
        c = s.get(Client, small.vic1)
        assert (c.sizes, c.anniversary) == ("", None)
        assert list(s.exec(select(ClientContact))) == []


# -- configuration ----------------------------------------------------------------------------------


def test_config_reads_the_clients_and_followups_keys():
    s = parse_settings({**CONFIG, "clients": {"lapsing_after_months": 9, "lapsed_after_months": 15},
                        "followups": {"thank_you_above": 2500.5, "contact_guard_days": 14,
                                      "key_date_segments": ["VIC"]}})
    assert (s.lapsing_after_months, s.lapsed_after_months) == (9, 15)
    assert (s.thank_you_above, s.contact_guard_days, s.key_date_segments) == (250_050, 14, ("VIC",))


@pytest.mark.parametrize(("raw", "message"), [
    ({"clients": {"lapsing_after_months": 0}}, "clients.lapsing_after_months: 0 is not a whole number 1-120"),
    ({"clients": {"lapsing_after_months": 12, "lapsed_after_months": 12}},
     "clients.lapsed_after_months: 12 must be more than clients.lapsing_after_months (12)"),
    ({"clients": {"lapse": 3}}, "clients.lapse: unknown key"),
    ({"followups": {"thank_you_above": -1}}, "followups.thank_you_above: -1 is not an amount of 0 or more"),
    ({"followups": {"thank_you_above": "5000"}}, "followups.thank_you_above: '5000' is not an amount"),
    ({"followups": {"contact_guard_days": 400}},
     "followups.contact_guard_days: 400 is not a whole number 0-365"),
    ({"followups": {"key_date_segments": ["VIP"]}}, "followups.key_date_segments: ['VIP'] is not a list of"),
])
def test_config_refuses_bad_values(raw, message):
    with pytest.raises(ConfigError) as caught:
        parse_settings({**CONFIG, **raw})
    assert str(caught.value).startswith(message)
