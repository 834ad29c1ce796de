"""Appointments: book, move, cancel, record the outcome; `floorcon appointments`.

The small boutique (conftest.py): Wednesday 25 November 2026, 15:00 in Paris.
"""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from floorcon.clock import Clock
from floorcon.db import Store
from floorcon.models import Appointment
from floorcon.services import appointments, clienteling, rituals
from floorcon.services.parsing import InputError

from .conftest import TODAY, Shop, Small, assert_one_error_line
from .test_cli import call, rows
from .test_clienteling_cli import write


def _at(clock: Clock, day: date, hh: int, mm: int = 0):  # type: ignore[no-untyped-def]
    return clock.at(day, time(hh, mm))


def test_book_lists_the_day_with_every_status(store: Store, clock: Clock, small: Small) -> None:
    b = store.boutique_id
    with store.write() as s:
        opp = clienteling.add_opportunity(s, b, client_id=small.hj, estimate=48_000_000, stage="design",
                                          piece="Emerald necklace", now=clock.now_utc())
        later = appointments.book(s, b, clock, client_id=small.hj, associate_id=small.mb,
                                  starts_at=_at(clock, TODAY, 17, 30), purpose=" Present the gouache ",
                                  prepare="Emerald drop earrings", opportunity_id=opp.id)
        sooner = appointments.book(s, b, clock, client_id=small.vic1, associate_id=small.sop,
                                   starts_at=_at(clock, TODAY, 16), purpose="Try the bracelet")
        gone = appointments.book(s, b, clock, client_id=small.vic2, associate_id=small.ld,
                                 starts_at=_at(clock, TODAY, 18), purpose="Strap change")
        appointments.cancel(s, b, gone.id, "Client travelling")
        appointments.book(s, b, clock, client_id=small.vic2, associate_id=small.ld,
                          starts_at=_at(clock, date(2026, 11, 26), 11), purpose="Tomorrow")
    with store.read() as s:
        day = appointments.day_appointments(s, b, clock, TODAY)
        booked = rituals.appointments(s, b, *clock.day_bounds(TODAY))
    assert [(r.id, clock.local(r.starts_at).format("HH:mm"), r.client_number, r.associate, r.status)
            for r in day] == [(sooner.id, "16:00", "C100001", "SOP", "booked"),
                              (later.id, "17:30", "C100003", "MB", "booked"),
                              (gone.id, "18:00", "C100002", "LD", "cancelled")]
    hj = day[1]
    assert (hj.purpose, hj.prepare, hj.opportunity_id, hj.opportunity) == (
        "Present the gouache", "Emerald drop earrings", opp.id, "Emerald necklace")
    assert day[2].outcome == "Client travelling"
    # The briefing and the recap read only what is still booked.
    assert [a.purpose for a in booked] == ["Try the bracelet", "Present the gouache"]


@pytest.mark.parametrize(("change", "message"), [
    ({"purpose": "  "}, "purpose: say why"),
    ({"starts_at": (14, 59)}, "time: Wed 25 Nov 14:59 is already past"),
    ({"associate_id": 999}, "associate: no associate with id 999"),
    ({"opportunity_id": "other"}, "is another client's"),
])
def test_book_refuses_bad_input_and_writes_nothing(
    store: Store, clock: Clock, small: Small, change: dict, message: str
) -> None:
    b = store.boutique_id
    with store.write() as s:
        other = clienteling.add_opportunity(s, b, client_id=small.vic1, estimate=1, now=clock.now_utc())
    values = {"client_id": small.hj, "associate_id": small.mb, "starts_at": _at(clock, TODAY, 17),
              "purpose": "Present the gouache", "opportunity_id": None}
    values.update(change)
    if isinstance(values["starts_at"], tuple):
        values["starts_at"] = _at(clock, TODAY, *values["starts_at"])
    if values["opportunity_id"] == "other":
        values["opportunity_id"] = other.id
    with pytest.raises(InputError, match=message), store.write() as s:
        appointments.book(s, b, clock, **values)
    with store.read() as s:
        assert appointments.day_appointments(s, b, clock, TODAY) == []


def test_move_cancel_and_outcome(store: Store, clock: Clock, small: Small) -> None:
    b = store.boutique_id
    with store.write() as s:
        past = Appointment(boutique_id=b, client_id=small.vic1, associate_id=small.sop,
                           starts_at=_at(clock, TODAY, 11), purpose="Ring sizing")
        missed = Appointment(boutique_id=b, client_id=small.vic2, associate_id=small.ld,
                             starts_at=_at(clock, TODAY, 12), purpose="Watch pick-up")
        s.add_all([past, missed])
        s.flush()
        later = appointments.book(s, b, clock, client_id=small.hj, associate_id=small.mb,
                                  starts_at=_at(clock, TODAY, 17), purpose="Sketches")
        ids = past.id, missed.id, later.id
    with store.write() as s:
        moved = appointments.move(s, b, clock, ids[2], _at(clock, date(2026, 11, 27), 10, 45),
                                  associate_id=small.sop)
        when = clock.local(moved.starts_at).format("DD HH:mm")
        assert (when, moved.associate_id) == ("27 10:45", small.sop)
        appointments.record_outcome(s, b, clock, ids[0], "d", "Sized, ring back Friday")
        appointments.record_outcome(s, b, clock, ids[1], "no show", "No answer on the phone")
    with store.read() as s:
        got = {a.id: (a.status, a.outcome) for a in appointments.appointment_rows(
            s, b, _at(clock, TODAY, 0), _at(clock, date(2026, 11, 28), 0))}
    assert got == {ids[0]: ("done", "Sized, ring back Friday"), ids[1]: ("no-show", "No answer on the phone"),
                   ids[2]: ("booked", "")}
    for call_, message in (
        (lambda s: appointments.record_outcome(s, b, clock, ids[2], "done", "Too soon"), "not yet"),
        (lambda s: appointments.record_outcome(s, b, clock, ids[0], "done", "Again"), "already done"),
        (lambda s: appointments.record_outcome(s, b, clock, ids[2], "maybe", "x"), "not one of"),
        (lambda s: appointments.cancel(s, b, ids[2], " "), "reason: say why"),
        (lambda s: appointments.move(s, b, clock, ids[1], _at(clock, TODAY, 18)), "already no-show"),
        (lambda s: appointments.move(s, b, clock, 999, _at(clock, TODAY, 18)), "no appointment #999"),
    ):
        with pytest.raises(InputError, match=message), store.write() as s:
            call_(s)


def _booked(shop: Shop) -> None:
    ids = shop.ids

    def fill(s, b, clock):  # type: ignore[no-untyped-def]
        opp = clienteling.add_opportunity(s, b, client_id=ids.hj, estimate=48_000_000,
                                          piece="Emerald necklace", now=clock.now_utc())
        appointments.book(s, b, clock, client_id=ids.hj, associate_id=ids.mb,
                          starts_at=_at(clock, TODAY, 17, 30), purpose="Present the gouache",
                          prepare="Emerald drop earrings", opportunity_id=opp.id)
        appointments.book(s, b, clock, client_id=ids.vic1, associate_id=ids.sop,
                          starts_at=_at(clock, date(2026, 11, 26), 11), purpose="Try the bracelet")

    write(shop, fill)


def test_cli_appointments_text_and_json(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    _booked(shop)
    code, out, err = call(shop, capsys, "appointments")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Appointments · Wed 2026-11-25"
    assert lines[2].split() == ["#", "TIME", "CLIENT", "SEG", "SA", "PURPOSE", "PREPARE", "HJ", "STATUS",
                                "OUTCOME"]
    assert lines[3].split("  ")[:3] == ["1", "17:30", "C100003 Mme Yuki Tanaka"]
    assert "Present the gouache" in lines[3] and "Emerald necklace" in lines[3] and "booked" in lines[3]
    assert len(lines) == 4
    code, out, err = call(shop, capsys, "appointments", "--day", "tomorrow", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["day"] == "2026-11-26"
    assert [(a["starts_at"], a["client_number"], a["associate"], a["purpose"], a["opportunity"], a["status"])
            for a in data["appointments"]] == [
        ("2026-11-26T11:00:00+01:00", "C100001", "SOP", "Try the bracelet", None, "booked")]
    code, out, err = call(shop, capsys, "appointments", "--day", "-1")
    assert (code, out.splitlines()[-1]) == (0, "No appointment.")
    assert len(rows(shop, Appointment)) == 2


def test_cli_appointments_bad_day(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(shop, capsys, "appointments", "--day", "31/02")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "day")
