"""The radar's rules, one by one (fires / does not fire), their order, and dismissals for the day.

The small boutique (conftest.py): Wednesday 25 November 2026, 15:00 in Paris, open 10:30-19:00,
so 4h30 of 8h30 are gone: pace 52.9 %. Today's € 30,000 is split by scheduled hours over
SOP (8.5 h: € 13,421.06), LD (4.5 h: € 7,105.26) and AK (6 h: € 9,473.68).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
from sqlmodel import col, select

from floorcon.clock import Clock
from floorcon.config import ConfigError, Settings, parse_settings
from floorcon.db import Store, open_store
from floorcon.models import Appointment, FollowUp, RadarDismissal, SatisfactionScore
from floorcon.services import radar as R
from floorcon.services.radar import RadarItem

from .conftest import CONFIG, NOW, TODAY, Shop, Small, Team, assert_one_error_line, make_settings, to_toml
from .test_cli import call


def _items(store: Store, clock: Clock, settings: Settings, rule) -> list[RadarItem]:  # type: ignore[no-untyped-def]
    with store.read() as s:
        return rule(s, store.boutique_id, clock, settings)


def _book(store: Store, clock: Clock, client: int, associate: int, hh: int, mm: int,
          opportunity: int | None = None) -> int:
    with store.write() as s:
        row = Appointment(boutique_id=store.boutique_id, client_id=client, associate_id=associate,
                          starts_at=clock.at(TODAY, time(hh, mm)), purpose="Try the emerald ring",
                          prepare="Ring in 52", opportunity_id=opportunity)
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def _low_score(store: Store, clock: Clock, small: Small, recovery: str | None) -> int:
    """LD's client James Whitfield scored CER 6 on Monday 23rd; a recovery follow-up with `recovery`
    as its status (None: none written)."""
    with store.write() as s:
        score = SatisfactionScore(boutique_id=store.boutique_id, response_id="S1", measure="CER", score=6.0,
                                  received_at=clock.at(date(2026, 11, 23), time(12)), associate_id=small.ld,
                                  client_id=small.vic2, comment="Waited twenty minutes")
        s.add(score)
        if recovery is not None:
            s.add(FollowUp(boutique_id=store.boutique_id, client_id=small.vic2, owner_id=small.ld,
                           kind="satisfaction-recovery", action="Recovery: CER 6 — Waited twenty minutes",
                           due=date(2026, 11, 24), status=recovery, created_at=clock.now_utc()))
        s.flush()
        assert score.id is not None
        return score.id


# -- an associate behind today's pace ---------------------------------------------------------


def test_pace_fires_for_an_associate_far_behind_with_hours_left(store, clock, settings, small) -> None:
    items = _items(store, clock, settings, R.pace_items)
    # AK: € 150 net (a € 950 sale, a € 800 return) of € 9,473.68 = 1.6 % at 52.9 % of the day:
    # 51.4 points behind. SOP (45.1 %) is 7.9 points behind, under the 20; LD is ahead.
    assert [(i.key, i.who, i.reason) for i in items] == [
        (f"pace:{small.ak}", "AK", "2% of € 9,474 with 53% of the day gone · € 9,324 to sell in 4h00"),
    ]
    item = items[0]
    assert item.masked_reason == "2% of € ••• with 53% of the day gone · € ••• to sell in 4h00"
    assert item.figures == {"achievement": 0.0158, "pace": 0.5294, "target": 947_368, "net_sales": 15_000,
                            "to_sell": 932_368, "minutes_left": 240}
    assert (item.act, item.associate_id) == (R.ACT_NOTE, small.ak)
    assert item.prefill == {"associate": "AK", "kind": "development",
                            "text": "Behind pace: 2% of target, 53% of the day gone. "}


def test_pace_does_not_fire_late_in_the_day_or_under_the_share(store, settings, small) -> None:
    late = Clock(settings, fixed="2026-11-25T18:30:00+01:00")  # 30 minutes left, under 60
    assert _items(store, late, settings, R.pace_items) == []
    clock = Clock(settings, fixed=NOW)
    assert _items(store, clock, replace(settings, radar_pace_share=0.52), R.pace_items) == []
    assert len(_items(store, clock, replace(settings, radar_pace_share=0.51), R.pace_items)) == 1
    sunday = Clock(settings, fixed="2026-11-29T15:00:00+01:00")
    assert _items(store, sunday, settings, R.pace_items) == []


# -- a VIC or High Jewelry appointment within the hour ------------------------------------------


def test_appointment_within_the_hour_fires_for_vic_and_hj_only(store, clock, settings, small) -> None:
    soon = _book(store, clock, small.vic1, small.sop, 15, 45)
    _book(store, clock, small.regular, small.ak, 15, 30)  # a regular client: not on the radar
    _book(store, clock, small.vic2, small.ld, 16, 1)  # in 61 minutes: not yet
    items = _items(store, clock, settings, R.appointment_items)
    assert [(i.key, i.client, i.title, i.reason) for i in items] == [
        (f"appointment:{soon}", "Mme Hélène Dubois", "VIC appointment within the hour",
         "15:45, in 45 min · with SOP · Try the emerald ring · prepare: Ring in 52"),
    ]
    assert items[0].masked_reason == "15:45, in 45 min · with SOP"
    assert (items[0].act, items[0].client_id, items[0].tell) == (
        R.ACT_BRIEF, small.vic1, "SOP: your VIC client arrives at 15:45")
    wider = replace(settings, radar_appointment_minutes=62)
    assert [i.who for i in _items(store, clock, wider, R.appointment_items)] == ["SOP", "LD"]


def test_appointment_does_not_fire_once_cancelled_or_past(store, clock, settings, small) -> None:
    gone = _book(store, clock, small.vic1, small.sop, 15, 45)
    _book(store, clock, small.hj, small.mb, 14, 50)  # ten minutes ago
    with store.write() as s:
        s.get(Appointment, gone).status = "cancelled"
    assert _items(store, clock, settings, R.appointment_items) == []


# -- VIC follow-ups overdue -----------------------------------------------------------------------


def test_followups_overdue_fire_per_owner(store, clock, settings, small) -> None:
    items = _items(store, clock, settings, R.followup_items)
    # Hélène Dubois's thank-you was due Sunday 22nd: 3 days late, the threshold.
    assert [(i.key, i.who, i.client, i.reason) for i in items] == [
        (f"followups:{small.sop}", "SOP", "Mme Hélène Dubois",
         "1 late · the oldest: thank-you due 22/11, 3 days late · Send a card for the bracelet"),
    ]
    assert items[0].masked_reason == "1 late · the oldest: thank-you due 22/11, 3 days late"
    assert (items[0].act, items[0].client_id) == (R.ACT_CLIENT, small.vic1)
    assert items[0].figures["followup_id"] == small.overdue


def test_followups_do_not_fire_under_the_days_or_when_done(store, clock, settings, small) -> None:
    assert _items(store, clock, replace(settings, radar_followup_days=4), R.followup_items) == []
    with store.write() as s:
        s.get(FollowUp, small.overdue).status = "done"
    assert _items(store, clock, settings, R.followup_items) == []


# -- the team: coaching, one-to-ones, PMP checkpoints -----------------------------------------------


def test_coaching_fires_for_an_associate_on_the_floor_not_coached(store, clock, settings, small) -> None:
    # SOP and LD were coached today, AK yesterday; MB is off (not on the floor).
    assert _items(store, clock, settings, R.coaching_items) == []
    items = _items(store, clock, replace(settings, radar_coaching_days=1), R.coaching_items)
    assert [(i.key, i.reason, i.act) for i in items] == [
        (f"coaching:{small.ak}", "no coaching note for 1 day (last 24/11)", R.ACT_ASSOCIATE),
    ]


def test_one_to_ones_overdue_or_beyond_cadence(store, clock, settings, small, team: Team) -> None:
    items = _items(store, clock, settings, R.one_to_one_items)
    by_who = {i.who: i.reason for i in items}
    assert by_who == {
        "MB": "one-to-one booked Mon 23/11 17:00 not held, 2 days ago",
        "LD": "no one-to-one for 36 days (every 30)",
        "AK": "no one-to-one held yet (every 30 days)",
    }  # SOP had one 23 days ago: not on the radar
    assert all(i.act == R.ACT_ASSOCIATE for i in items)


def test_pmp_checkpoint_overdue(store, clock, settings, small, team: Team) -> None:
    items = _items(store, clock, settings, R.checkpoint_items)
    # AK's PMP: the 15 November checkpoint not held (10 days late); 29 November is ahead.
    assert [(i.key, i.who, i.reason) for i in items] == [
        (f"checkpoint:{team.ak_pmp}:2026-11-15", "AK",
         "PMP checkpoint due 15/11, 10 days late · Back to standard on closing"),
    ]
    before = Clock(settings, fixed="2026-11-15T12:00:00+01:00")
    assert _items(store, before, settings, R.checkpoint_items) == []


# -- a low satisfaction score without its recovery done ---------------------------------------------


@pytest.mark.parametrize(("recovery", "state"), [
    (None, "no recovery follow-up"),
    ("open", "recovery open, owner LD, due 24/11"),
    ("cancelled", "recovery cancelled, owner LD, due 24/11"),
])
def test_low_score_fires_until_recovered(store, clock, settings, small, recovery, state) -> None:
    score = _low_score(store, clock, small, recovery)
    items = _items(store, clock, settings, R.satisfaction_items)
    assert [(i.key, i.client, i.reason, i.act, i.client_id) for i in items] == [
        (f"satisfaction:{score}", "Mr James Whitfield",
         f"CER 6 (threshold 8) on 23/11 · served by LD · {state}", R.ACT_CLIENT, small.vic2),
    ]


def test_low_score_does_not_fire_once_recovered_or_old(store, clock, settings, small) -> None:
    _low_score(store, clock, small, "done")
    assert _items(store, clock, settings, R.satisfaction_items) == []
    with store.write() as s:
        for f in s.exec(select(FollowUp).where(FollowUp.kind == "satisfaction-recovery")):
            s.delete(f)
    assert len(_items(store, clock, settings, R.satisfaction_items)) == 1
    assert _items(store, clock, replace(settings, radar_satisfaction_days=2), R.satisfaction_items) == []


# -- the boutique behind the month's pace -----------------------------------------------------------


def test_month_behind_pace_with_the_run_rate(store, clock, settings, small) -> None:
    items = _items(store, clock, settings, R.month_items)
    # € 119,000 of € 600,000 = 19.8 %; November has 25 selling days, 20 gone before today and
    # 0.529 of today: 82.1 %. Left: 25, 26, 27, 28 and 30 November, (€ 600,000 − € 119,000) / 5.
    assert [(i.key, i.reason, i.act) for i in items] == [
        ("month:2026-11", "€ 119,000 of € 600,000 (20%) with 82% of the month gone · "
                          "€ 96,200 a day needed over 5 selling days", R.ACT_TARGETS),
    ]
    assert items[0].figures["run_rate_needed"] == 9_620_000
    assert R.month_pace(clock, TODAY) == pytest.approx((20 + 4.5 / 8.5) / 25)


def test_month_does_not_fire_on_pace(store, settings, small) -> None:
    first = Clock(settings, fixed="2026-11-02T10:00:00+01:00")  # before opening on the first day
    assert _items(store, first, settings, R.month_items) == []
    clock = Clock(settings, fixed=NOW)
    assert _items(store, clock, replace(settings, radar_month_share=0.63), R.month_items) == []


# -- the list: order between rules, dismissals for the day -------------------------------------------


def test_radar_ranks_the_rules_then_the_most_pressing(store, clock, settings, small, team: Team) -> None:
    _book(store, clock, small.vic1, small.sop, 15, 45)
    _book(store, clock, small.hj, small.mb, 15, 20)
    _low_score(store, clock, small, None)
    with store.read() as s:
        items = R.radar(s, store.boutique_id, clock, settings)
    assert [(i.rule, i.who) for i in items] == [
        ("appointment", "MB"), ("appointment", "SOP"),  # the sooner first
        ("pace", "AK"),
        ("satisfaction", "LD"),
        ("followup", "SOP"),
        ("month", "Maison Test"),
        ("one_to_one", "AK"), ("one_to_one", "LD"), ("one_to_one", "MB"),  # never held, 6, 2 days over
        ("checkpoint", "AK"),
    ]


def test_dismissed_or_acted_on_leaves_the_list_for_the_day(store, clock, settings, small) -> None:
    b = store.boutique_id
    with store.read() as s:
        keys = [i.key for i in R.radar(s, b, clock, settings)]
    assert f"followups:{small.sop}" in keys and f"pace:{small.ak}" in keys
    with store.write() as s:
        R.dismiss(s, b, clock, f"followups:{small.sop}")
        R.dismiss(s, b, clock, f"followups:{small.sop}")  # again: nothing more
        R.dismiss(s, b, clock, f"pace:{small.ak}", acted=True)
    with store.read() as s:
        after = [i.key for i in R.radar(s, b, clock, settings)]
        rows = list(s.exec(select(RadarDismissal).order_by(col(RadarDismissal.id))))
    assert after == [k for k in keys if k not in (f"followups:{small.sop}", f"pace:{small.ak}")]
    assert [(r.item_key, r.day, r.acted) for r in rows] == [
        (f"followups:{small.sop}", TODAY, False), (f"pace:{small.ak}", TODAY, True)]
    tomorrow = Clock(settings, fixed="2026-11-26T15:00:00+01:00")
    with store.read() as s:
        assert f"followups:{small.sop}" in [i.key for i in R.radar(s, b, tomorrow, settings)]


def test_dismiss_refuses_an_empty_key(store, clock) -> None:
    with pytest.raises(ValueError, match="is not an item key"), store.write() as s:
        R.dismiss(s, store.boutique_id, clock, " ")


# -- config --------------------------------------------------------------------------------------------


def test_radar_config_defaults_and_values() -> None:
    s = parse_settings(CONFIG)
    assert (s.radar_pace_share, s.radar_minutes_left, s.radar_appointment_minutes, s.radar_followup_days,
            s.radar_coaching_days, s.radar_satisfaction_days, s.radar_month_share, s.radar_top) == (
        0.2, 60, 60, 3, 7, 30, 0.05, 5)
    s = parse_settings({**CONFIG, "radar": {"pace_share": 0.3, "top": 8, "coaching_days": 14}})
    assert (s.radar_pace_share, s.radar_top, s.radar_coaching_days) == (0.3, 8, 14)


@pytest.mark.parametrize(("table", "message"), [
    ({"pace_share": 1.5}, "radar.pace_share: 1.5 is not a share between 0 and 1"),
    ({"month_share": "5%"}, "radar.month_share: '5%' is not a share between 0 and 1"),
    ({"top": 0}, "radar.top: 0 is not a whole number 1-20"),
    ({"appointment_minutes": 30.5}, "radar.appointment_minutes: 30.5 is not a whole number 1-480"),
    ({"paces": 1}, "radar.paces: unknown key"),
])
def test_radar_config_errors_name_key_and_value(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_settings({**CONFIG, "radar": table})



# -- floorcon radar ---------------------------------------------------------------------------------


def test_cli_radar_text_and_json(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(shop, capsys, "radar")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Radar · Maison Test · Wednesday 25 November 2026, 15:00 · 7 items"
    assert lines[2:5] == [
        " 1. AK Aiko behind today's pace",
        "    2% of € 9,474 with 53% of the day gone · € 9,324 to sell in 4h00",
        f"    → coaching note, prefilled   [pace:{shop.ids.ak}]",
    ]
    code, out, err = call(shop, capsys, "radar", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["kind"], data["day"], data["now"], data["currency"], data["minor_digits"]) == (
        "radar", "2026-11-25", "2026-11-25T14:00:00Z", "EUR", 2)
    assert [i["rule"] for i in data["items"]] == ["pace", "followup", "month"] + ["one_to_one"] * 4
    month = data["items"][2]
    figures = month["figures"]
    assert (month["key"], month["act"], figures["run_rate_needed"], figures["month_to_date"]) == (
        "month:2026-11", "targets", 9_620_000, 11_900_000)
    assert "masked_reason" not in month


def test_cli_radar_leaves_out_what_was_dismissed_today(shop: Shop, capsys) -> None:  # type: ignore[no-untyped-def]
    store = open_store(make_settings(shop.db))
    try:
        with store.write() as s:
            R.dismiss(s, store.boutique_id, Clock(make_settings(shop.db), fixed=NOW), "month:2026-11")
    finally:
        store.dispose()
    code, out, _ = call(shop, capsys, "radar", "--format", "json")
    assert code == 0 and "month:2026-11" not in [i["key"] for i in json.loads(out)["items"]]


def test_cli_radar_bad_config_is_one_line(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    shop.config.write_text(to_toml({**CONFIG, "store": {"path": "data/floorcon.db"}, "radar": {"top": 50}}),
                           encoding="utf-8")
    code, _, err = call(shop, capsys, "radar")
    assert code == 2
    assert_one_error_line(err, "radar.top: 50 is not a whole number 1-20")


def test_rules_read_targets_and_people_once(store, clock, settings, small, monkeypatch) -> None:
    """pace and month share one targets pane, one-to-ones and checkpoints one People line; the
    dashboard hands over those it has just read, and the list is the same either way."""
    calls = {"targets": 0, "people": 0}
    targets_pane, attention = R.targets_pane, R.attention

    def counted_targets(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["targets"] += 1
        return targets_pane(*args, **kwargs)

    def counted_people(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["people"] += 1
        return attention(*args, **kwargs)

    monkeypatch.setattr(R, "targets_pane", counted_targets)
    monkeypatch.setattr(R, "attention", counted_people)
    _low_score(store, clock, small, None)
    with store.read() as s:
        alone = R.radar(s, store.boutique_id, clock, settings)
        assert calls == {"targets": 1, "people": 1}
        handed = R.Shared(targets_pane(s, store.boutique_id, clock, settings),
                          attention(s, store.boutique_id, clock, settings))
        given = R.radar(s, store.boutique_id, clock, settings, handed)
        assert calls == {"targets": 1, "people": 1}  # nothing read again
        assert R.SHARED not in s.info
        assert [i.key for i in R.pace_items(s, store.boutique_id, clock, settings)]  # a rule alone reads
    assert calls == {"targets": 2, "people": 1}
    assert given == alone and {i.rule for i in alone} >= {"pace", "satisfaction"}
