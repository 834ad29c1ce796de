"""Saving a coaching note: checked with one statement, written with two, logged as a flush logs.

The small boutique (conftest.py): Wednesday 25 November 2026, 15:00 in Paris.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event, inspect
from sqlmodel import select

from floorcon.clock import Clock
from floorcon.db import Store
from floorcon.models import Associate, Boutique, ChangeLog, Client, CoachingNote
from floorcon.services.capture import add_note
from floorcon.services.parsing import InputError

from .conftest import Small, on_server

NOTE_FIELDS = "boutique_id,associate_id,noted_at,moment,kind,text,standard,next_action,author"


def _note(store: Store, clock: Clock, **change: object) -> CoachingNote:
    values: dict[str, object] = {"associate_id": 0, "moment": "clos", "kind": "rec",
                                 "text": "  Lovely close  ", "noted_at": clock.now_utc(), "author": "SM"}
    values.update(change)
    with store.write() as s:
        return add_note(s, store.boutique_id, **values)  # type: ignore[arg-type]


def _log(store: Store, row_id: int) -> list[tuple[object, ...]]:
    with store.read() as s:
        return [(e.boutique_id, e.actor, e.table_name, e.action, e.fields) for e in s.exec(
            select(ChangeLog).where(ChangeLog.table_name == "coachingnote", ChangeLog.row_id == row_id))]


def test_a_note_is_saved_with_its_change_log(store: Store, clock: Clock, small: Small) -> None:
    note = _note(store, clock, associate_id=small.sop, client_id=small.vic1, next_action=" Call Friday ")
    with store.read() as s:
        saved = s.get(CoachingNote, note.id)
        assert saved is not None
        assert (saved.boutique_id, saved.associate_id, saved.moment, saved.kind, saved.text, saved.client_id,
                saved.next_action, saved.author, saved.noted_at) == (
            store.boutique_id, small.sop, "closing", "recognition", "Lovely close", small.vic1,
            "Call Friday", "SM", clock.now_utc())
    # What the caller is handed holds what was written, after the session has closed.
    assert (note.moment, note.kind, note.text, note.next_action) == (
        "closing", "recognition", "Lovely close", "Call Friday")
    assert _log(store, note.id) == [(store.boutique_id, store.actor, "coachingnote", "create",
                                     NOTE_FIELDS.replace("text,", "text,client_id,"))]


def test_the_log_names_the_fields_a_flush_would(store: Store, clock: Clock, small: Small) -> None:
    """The note's direct write and the unit of work log the same fields for the same note."""
    fast = _note(store, clock, associate_id=small.sop)
    with store.write() as s:
        flushed = CoachingNote(boutique_id=store.boutique_id, associate_id=small.sop,
                               noted_at=clock.now_utc(), moment="closing", kind="recognition",
                               text="Lovely close", author="SM")
        s.add(flushed)
        s.flush()
    assert [e[4] for e in _log(store, fast.id)] == [e[4] for e in _log(store, flushed.id)] == [NOTE_FIELDS]


def test_a_saved_note_is_in_the_session_and_written_once(store: Store, clock: Clock, small: Small) -> None:
    with store.write() as s:
        note = add_note(s, store.boutique_id, associate_id=small.ld, moment="welcome", kind="observation",
                        text="Window reset", noted_at=clock.now_utc(), author="SM")
        assert inspect(note).persistent
        assert s.get(CoachingNote, note.id) is note
        note.text = "Window reset before opening"  # an edit in the same transaction is an update
    with store.read() as s:
        rows = s.exec(select(CoachingNote.text).where(CoachingNote.text.startswith("Window reset"))).all()
    assert rows == ["Window reset before opening"]
    assert [e[3:] for e in _log(store, note.id)] == [("create", NOTE_FIELDS), ("update", "text")]


@pytest.mark.skipif(on_server(), reason="SQLite's statements (PostgreSQL adds its lock and notify)")
def test_a_note_is_one_check_and_two_inserts(store: Store, clock: Clock, small: Small) -> None:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        words = statement.split()
        seen.append(f"{words[0]} {words[2] if words[0] == 'INSERT' else words[1]}")

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        _note(store, clock, associate_id=small.sop, client_id=small.vic1)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    assert seen == ["BEGIN IMMEDIATE", "SELECT (SELECT", "INSERT coachingnote", "INSERT changelog"]


@pytest.fixture
def elsewhere(store: Store) -> tuple[int, int]:
    """An associate and a client of another boutique in the same store."""
    with store.write() as s:
        other = Boutique(code="LON-BND", name="Maison Bond Street", timezone="Europe/London",
                         currency="GBP", created_at=datetime(2026, 1, 1, tzinfo=UTC))
        s.add(other)
        s.flush()
        assert other.id is not None
        associate = Associate(boutique_id=other.id, initials="XB", first_name="X", last_name="Bond")
        client = Client(boutique_id=other.id, number="L1", first_name="Y", last_name="Bond",
                        created_at=datetime(2026, 1, 1, tzinfo=UTC))
        s.add_all([associate, client])
        s.flush()
        assert associate.id is not None and client.id is not None
        return associate.id, client.id


@pytest.mark.parametrize(("change", "message"), [
    ({"associate_id": 999}, "associate: no associate with id 999"),
    ({"associate_id": "other"}, "associate: no associate with id {other}"),
    ({"client_id": 999}, "client: no client with id 999"),
    ({"client_id": "other"}, "client: no client with id {other}"),
    ({"associate_id": 999, "client_id": 998}, "associate: no associate with id 999"),
    ({"text": "   "}, "text: the note is empty"),
    ({"moment": "lunch"}, "moment: 'lunch' is not one of"),
])
def test_a_bad_note_says_what_and_writes_nothing(
    store: Store, clock: Clock, small: Small, elsewhere: tuple[int, int], change: dict, message: str
) -> None:
    values = {"associate_id": small.sop, "client_id": small.vic1, **change}
    if values["associate_id"] == "other":
        values["associate_id"] = elsewhere[0]
    if values["client_id"] == "other":
        values["client_id"] = elsewhere[1]
    other = elsewhere[0] if change.get("associate_id") == "other" else elsewhere[1]
    with store.read() as s:
        before = (len(s.exec(select(CoachingNote.id)).all()), len(s.exec(select(ChangeLog.id)).all()))
    with pytest.raises(InputError) as raised:
        _note(store, clock, **values)
    assert str(raised.value).startswith(message.format(other=other))
    with store.read() as s:
        assert (len(s.exec(select(CoachingNote.id)).all()), len(s.exec(select(ChangeLog.id)).all())) == before


def test_writes_wait_under_their_own_boutiques_lock(store: Store) -> None:
    """The write engine is made once per boutique id, and carries that id."""
    first = store.write_engine
    assert store.write_engine is first
    assert first.get_execution_options()["floorcon_lock"] == store.boutique_id
    own = store.boutique_id
    try:
        store.boutique_id = own + 1
        assert store.write_engine.get_execution_options()["floorcon_lock"] == own + 1
    finally:
        store.boutique_id = own
    assert store.write_engine is first
