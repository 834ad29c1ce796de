"""The `floorcon` command against the small boutique, frozen at Wed 25 Nov 2026 15:00 in Paris.

A few tests run the real command in a subprocess (exit codes, one stderr line, no traceback);
the rest call main() in-process, which is the same code and much faster.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

import floorcon.cli as cli
from floorcon import firstlook
from floorcon.cli import main
from floorcon.db import open_store
from floorcon.models import Associate, Boutique, CoachingNote, FollowUp, Sale

from .conftest import CONFIG, Shop, assert_one_error_line, make_settings, on_server, run
from .test_config import write_config
from .test_firstlook import gone

NOW_UTC = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def call(shop: Shop, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """main() in-process, with the shop's config."""
    code = main(["--config", str(shop.config), *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows(shop: Shop, model: type, *where: Any) -> list[Any]:
    store = open_store(make_settings(shop.db))
    try:
        with store.read() as session:
            return list(session.exec(select(model).where(*where)))
    finally:
        store.dispose()


def count(shop: Shop, model: type) -> int:
    store = open_store(make_settings(shop.db))
    try:
        with store.read() as session:
            return session.exec(select(func.count()).select_from(model)).one()
    finally:
        store.dispose()


# -- note -------------------------------------------------------------------------------------


def test_note_saved(shop: Shop) -> None:
    before = count(shop, CoachingNote)
    done = run(shop, "note", "SOP", "Lovely story about the Comète ring", "--moment", "sto",
               "--kind", "dev", "--client", "C100001", "--next", "role play Friday")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("Saved note #")
    assert ("for SOP (Sophie Martin), 15:00, storytelling · development, client C100001, "
            'next: role play Friday: "Lovely story about the Comète ring"') in out[0]
    assert count(shop, CoachingNote) == before + 1
    [note] = rows(shop, CoachingNote, CoachingNote.text == "Lovely story about the Comète ring")
    assert (note.associate_id, note.moment, note.kind) == (shop.ids.sop, "storytelling", "development")
    assert (note.client_id, note.next_action, note.author) == (shop.ids.vic1, "role play Friday", "SM")
    assert note.noted_at == NOW_UTC


def test_note_defaults_and_unquoted_words(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(shop, capsys, "note", "Louis", "listened", "before", "showing")
    assert (code, err) == (0, "")
    assert "LD (Louis Durand)" in out and "discovery · observation" in out
    [note] = rows(shop, CoachingNote, CoachingNote.text == "listened before showing")
    assert (note.associate_id, note.moment, note.kind, note.client_id) == (
        shop.ids.ld, "discovery", "observation", None)


@pytest.mark.parametrize("typed", ["SPO", "Sophy"])
def test_note_to_an_unknown_associate(shop: Shop, typed: str) -> None:
    before = count(shop, CoachingNote)
    done = run(shop, "note", typed, "Great welcome")
    assert done.returncode == 2
    assert done.stdout == ""
    assert_one_error_line(done.stderr, repr(typed), "closest", "SOP")
    assert count(shop, CoachingNote) == before


@pytest.mark.parametrize("text", ["", "   "])
def test_note_empty_text(shop: Shop, capsys: pytest.CaptureFixture[str], text: str) -> None:
    before = count(shop, CoachingNote)
    code, out, err = call(shop, capsys, "note", "SOP", text)
    assert (code, out) == (2, "")
    assert err == "floorcon: text: the note is empty\n"
    assert count(shop, CoachingNote) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--moment", "zz"], "moment: 'zz' is not one of"),
        (["--kind", "praise"], "kind: 'praise' is not one of"),
        (["--client", "Nobody"], "client: no client matches 'Nobody'"),
        (["--client", "e"], "matches several clients"),
    ],
)
def test_note_bad_options(shop: Shop, capsys: pytest.CaptureFixture[str], args: list[str],
                          message: str) -> None:
    before = count(shop, CoachingNote)
    code, out, err = call(shop, capsys, "note", "SOP", "text", *args)
    assert (code, out) == (2, "")
    assert_one_error_line(err, message)
    assert count(shop, CoachingNote) == before


# -- sale -------------------------------------------------------------------------------------


def test_sale_saved(shop: Shop) -> None:
    done = run(shop, "sale", "SOP", "1 234,50", "--receipt", "R9", "--category", "wat",
               "--client", "C100002")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("Saved sale R9 line 1: SOP (Sophie Martin) € 1,234.50, 1 piece, watches, "
                           "client C100002, 15:00\n")
    [sale] = rows(shop, Sale, Sale.receipt == "R9")
    assert (sale.amount, sale.units, sale.category, sale.client_id) == (123450, 1, "watches", shop.ids.vic2)
    assert (sale.associate_id, sale.source, sale.line, sale.sold_at) == (shop.ids.sop, "manual", 1, NOW_UTC)


def test_sale_adds_a_line_to_an_existing_receipt(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "sale", "SOP", "12 500", "--receipt", "R1", "--units", "2")
    assert code == 0
    assert out.startswith("Saved sale R1 line 3: SOP (Sophie Martin) € 12,500.00, 2 pieces, 15:00")
    [sale] = rows(shop, Sale, Sale.receipt == "R1", Sale.line == 3)
    assert (sale.amount, sale.units) == (1_250_000, 2)


@pytest.mark.parametrize("amount", ["12,34,5", "abc", "12.345.6", "1,2345"])
def test_sale_malformed_amount(shop: Shop, capsys: pytest.CaptureFixture[str], amount: str) -> None:
    before = count(shop, Sale)
    code, out, err = call(shop, capsys, "sale", "SOP", amount, "--receipt", "R9")
    assert (code, out) == (2, "")
    assert_one_error_line(err, "amount:", repr(amount))
    assert count(shop, Sale) == before


def test_sale_malformed_amount_subprocess(shop: Shop) -> None:
    before = count(shop, Sale)
    done = run(shop, "sale", "SOP", "12,34,5", "--receipt", "R9")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "amount: '12,34,5' is not an amount")
    assert count(shop, Sale) == before


def test_return_with_a_negative_amount(shop: Shop) -> None:
    done = run(shop, "sale", "SOP", "-950", "--receipt", "R9")  # no `--` needed
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Saved return R9 line 1: SOP (Sophie Martin) -€ 950.00, -1 piece, 15:00\n"
    [sale] = rows(shop, Sale, Sale.receipt == "R9")
    assert (sale.amount, sale.units) == (-95_000, -1)


@pytest.mark.parametrize(
    ("args", "amount", "units"),
    [
        (["SOP", "-1 234,50", "--receipt", "R10"], -123_450, -1),
        (["SOP", "--receipt", "R10", "--units", "-2", "--", "-1900"], -190_000, -2),
        (["SOP", "-1234.5", "--units", "-1", "--receipt", "R10"], -123_450, -1),
    ],
)
def test_return_forms(shop: Shop, capsys: pytest.CaptureFixture[str], args: list[str], amount: int,
                      units: int) -> None:
    code, _, err = call(shop, capsys, "sale", *args)
    assert (code, err) == (0, "")
    [sale] = rows(shop, Sale, Sale.receipt == "R10")
    assert (sale.amount, sale.units) == (amount, units)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SOP", "-950", "--units", "1", "--receipt", "R9"], "amount and units"),
        (["SOP", "0", "--receipt", "R9"], "amount: a sale line cannot be zero"),
        (["SOP", "100", "--units", "two", "--receipt", "R9"], "units: 'two'"),
        (["SOP", "100", "--receipt", "R 9"], "receipt: 'R 9'"),
        (["SOP", "100", "--receipt", "R9", "--category", "shoes"], "category: 'shoes'"),
        (["Zed", "100", "--receipt", "R9"], "associate: no active associate 'Zed'"),
    ],
)
def test_sale_bad_input(shop: Shop, capsys: pytest.CaptureFixture[str], args: list[str],
                        message: str) -> None:
    before = count(shop, Sale)
    code, out, err = call(shop, capsys, "sale", *args)
    assert (code, out) == (2, "")
    assert_one_error_line(err, message)
    assert count(shop, Sale) == before


def test_sale_at_earlier_today(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "sale", "AK", "300", "--receipt", "R9", "--at", "14:05")
    assert code == 0
    assert out.rstrip().endswith(", 14:05")
    [sale] = rows(shop, Sale, Sale.receipt == "R9")
    assert sale.sold_at == datetime(2026, 11, 25, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize(("at", "message"), [("16:00", "later than now (15:00)"),
                                             ("15:01", "later than now"),
                                             ("25:00", "'25:00' is not a time"),
                                             ("noon", "'noon' is not a time")])
def test_sale_at_refused(shop: Shop, capsys: pytest.CaptureFixture[str], at: str, message: str) -> None:
    before = count(shop, Sale)
    code, out, err = call(shop, capsys, "sale", "SOP", "300", "--receipt", "R9", "--at", at)
    assert (code, out) == (2, "")
    assert_one_error_line(err, "at:", message)
    assert count(shop, Sale) == before


def test_sale_at_in_the_future_subprocess(shop: Shop) -> None:
    done = run(shop, "sale", "SOP", "300", "--receipt", "R9", "--at", "16:00")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "at: 16:00 is later than now")


def test_sale_needs_a_receipt(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(shop, capsys, "sale", "SOP", "300")
    assert code == 2  # argparse's own usage error
    assert "--receipt" in err


# -- follow-up --------------------------------------------------------------------------------


def test_followup_owner_defaults_to_the_clients_associate(shop: Shop) -> None:
    before = count(shop, FollowUp)
    done = run(shop, "followup", "C100002", "--kind", "after", "--due", "+2",
               "--action", "Call when the strap is back")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Saved follow-up #")
    assert ("after-sales for client C100002, due Fri 2026-11-27, owner LD (Louis Durand): "
            '"Call when the strap is back"') in done.stdout
    assert count(shop, FollowUp) == before + 1
    [fu] = rows(shop, FollowUp, FollowUp.action == "Call when the strap is back")
    assert (fu.client_id, fu.owner_id, fu.kind, fu.due) == (shop.ids.vic2, shop.ids.ld, "after-sales",
                                                            date(2026, 11, 27))
    assert (fu.status, fu.created_at) == ("open", NOW_UTC)


def test_followup_with_owner_and_client_name(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(shop, capsys, "followup", "Dubois", "--kind", "birth", "--due", "28/11",
                          "--owner", "AK")
    # Her birthday follow-up was done today: the over-solicitation guard says so, and saves.
    assert (code, err) == (0, "floorcon: warning: client C100001 was already contacted today "
                              "(within followups.contact_guard_days = 7)\n")
    assert "birthday for client C100001, due Sat 2026-11-28, owner AK (Aiko Kimura)" in out
    [fu] = rows(shop, FollowUp, FollowUp.kind == "birthday", FollowUp.status == "open")
    assert (fu.client_id, fu.owner_id, fu.due) == (shop.ids.vic1, shop.ids.ak, date(2026, 11, 28))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nobody", "--kind", "thank", "--due", "+1"], "client: no client matches 'Nobody'"),
        (["C100001", "--kind", "gift", "--due", "+1"], "kind: 'gift'"),
        (["C100001", "--kind", "thank", "--due", "31/02/2026"], "due: '31/02/2026' is not a real date"),
        (["C100001", "--kind", "thank", "--due", "soon"], "due: 'soon'"),
        (["C100001", "--kind", "thank", "--due", "+1", "--owner", "QQ"], "associate: no active associate"),
    ],
)
def test_followup_bad_input(shop: Shop, capsys: pytest.CaptureFixture[str], args: list[str],
                            message: str) -> None:
    before = count(shop, FollowUp)
    code, out, err = call(shop, capsys, "followup", *args)
    assert (code, out) == (2, "")
    assert_one_error_line(err, message)
    assert count(shop, FollowUp) == before


# -- listings ---------------------------------------------------------------------------------


def _deactivate(shop: Shop, initials: str) -> None:
    store = open_store(make_settings(shop.db))
    try:
        with store.write() as session:
            person = session.exec(select(Associate).where(Associate.initials == initials)).one()
            person.active = False
            session.add(person)
    finally:
        store.dispose()


def test_associates_text(shop: Shop) -> None:
    done = run(shop, "associates")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["INITIALS", "NAME", "ROLE", "SPECIALTIES"]
    assert [line.split()[0] for line in lines[1:]] == ["AK", "LD", "MB", "SOP"]  # by first name
    assert "Sophie Martin" in lines[4] and "Senior Sales Associate" in lines[4]
    # aligned: every name starts in the same column
    assert len({line.index(name) for line, name in zip(lines[1:], ["Aiko", "Louis", "Marc", "Sophie"],
                                                         strict=True)}) == 1


def test_associates_inactive_only_with_all(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    _deactivate(shop, "MB")
    code, out, _ = call(shop, capsys, "associates")
    assert code == 0 and "MB" not in out
    code, out, _ = call(shop, capsys, "associates", "--all")
    assert code == 0
    [mb] = [line for line in out.splitlines() if line.startswith("MB ")]
    assert mb.rstrip().endswith("inactive")
    assert out.splitlines()[0].split()[-1] == "STATUS"


def test_associates_json_and_csv(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    done = run(shop, "associates", "--format", "json")
    assert done.returncode == 0, done.stderr
    people = json.loads(done.stdout)
    assert [p["initials"] for p in people] == ["AK", "LD", "MB", "SOP"]
    assert people[3] == {"initials": "SOP", "first_name": "Sophie", "last_name": "Martin",
                         "name": "Sophie Martin", "role": "Senior Sales Associate",
                         "specialties": "high jewelry, bridal", "active": True}
    code, out, _ = call(shop, capsys, "associates", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["initials"] for r in table] == ["AK", "LD", "MB", "SOP"]
    assert table[3]["specialties"] == "high jewelry, bridal"


def test_followups_listing(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "followups", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert (data["today"], data["until"]) == ("2026-11-25", "2026-11-28")  # the config's 3 days
    ids = shop.ids
    assert [f["id"] for f in data["followups"]] == [ids.overdue, ids.due_today, ids.upcoming]
    assert [f["bucket"] for f in data["followups"]] == ["overdue", "today", "upcoming"]
    assert data["followups"][0]["days_late"] == 3
    assert data["followups"][0]["client_number"] == "C100001"
    code, out, _ = call(shop, capsys, "followups", "--days", "30", "--format", "json")
    assert [f["id"] for f in json.loads(out)["followups"]][-1] == ids.later
    code, out, _ = call(shop, capsys, "followups")
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["#", "DUE", "WHEN"]
    assert "3 days late" in lines[1] and "today" in lines[2] and "in 2 days" in lines[3]
    assert "Regular client" not in out  # VIC and HJ only
    code, _, err = call(shop, capsys, "followups", "--days", "-1")
    assert code == 2 and "--days" in err


def test_today_json_matches_the_hand_computed_figures(shop: Shop) -> None:
    done = run(shop, "today", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    b = data["boutique"]
    assert (b["net_sales"], b["transactions"], b["target"], b["units"]) == (1_700_000, 3, 3_000_000, 3)
    assert (b["atv"], b["visitors"]) == (566_667, 90)
    assert b["achievement"] == pytest.approx(1_700_000 / 3_000_000)
    assert b["capture_rate"] == pytest.approx(1 / 3)
    assert b["conversion"] == pytest.approx(3 / 90)
    assert data["pace"] == pytest.approx(4.5 / 8.5)
    by = {r["initials"]: r for r in data["associates"]}
    assert set(by) == {"SOP", "LD", "AK"}
    # 3,000,000 split by scheduled hours 8.5 / 4.5 / 6, the remainder to the longest shift
    assert {k: r["target"] for k, r in by.items()} == {"SOP": 1_342_106, "LD": 710_526, "AK": 947_368}
    assert (by["SOP"]["net_sales"], by["SOP"]["transactions"], by["SOP"]["atv"]) == (605_000, 2, 302_500)
    assert by["SOP"]["upt"] == 1.5
    assert (by["LD"]["transactions"], by["LD"]["atv"], by["LD"]["upt"]) == (0, None, None)
    assert by["AK"]["behind"] is True and by["LD"]["behind"] is False
    assert by["SOP"]["conversion"] is None  # traffic is counted for the boutique only
    assert data["month"] == {"target": 60_000_000, "to_date": 11_900_000,
                             "achievement": pytest.approx(11_900_000 / 60_000_000),
                             "selling_days_left": 5, "run_rate_needed": 9_620_000}
    assert (data["day"], data["currency"], data["minor_digits"]) == ("2026-11-25", "EUR", 2)


def test_today_text(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "today")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Maison Test · Wednesday 25 November 2026, 15:00")
    boutique = lines[2].split()
    assert boutique[:6] == ["Boutique", "€", "30,000", "€", "17,000", "57%"]
    assert "3.3%" in lines[2]
    ak = next(line for line in lines if line.startswith("AK "))
    assert ak.rstrip().endswith("behind")
    assert lines[-1] == ("Month to date € 119,000 of € 600,000 (20%) · 5 selling days left · "
                         "run-rate needed € 96,200 a day")


# -- --config and --db in either position -------------------------------------------------------


@pytest.mark.sqlite_only("--db names a copy of the store file")
def test_config_and_db_before_or_after_the_command(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    other = shop.root / "other.db"
    shutil.copy(shop.db, other)
    for argv in (["--config", str(shop.config), "--db", str(other), "note", "SOP", "before"],
                 ["note", "SOP", "after", "--config", str(shop.config), "--db", str(other)],
                 ["--config", str(shop.config), "note", "--db", str(other), "SOP", "mixed"]):
        assert main(argv) == 0, capsys.readouterr().err
    capsys.readouterr()
    store = open_store(make_settings(other))
    try:
        with store.read() as session:
            texts = set(session.exec(select(CoachingNote.text)))
    finally:
        store.dispose()
    assert {"before", "after", "mixed"} <= texts
    assert not rows(shop, CoachingNote, CoachingNote.text == "before")  # the configured store: untouched


def test_config_found_through_the_environment(shop: Shop, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FLOORCON_CONFIG", str(shop.config))
    assert main(["associates", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 4


# -- bad config, bad store, unexpected errors ----------------------------------------------------


@pytest.mark.parametrize(
    ("section", "key", "value", "named"),
    [
        ("boutique", "timezone", "Europe/Pariss", "boutique.timezone"),
        ("hours", "monday", "25:00-19:00", "hours.monday"),
        ("boutique", "currency", "EUR0", "boutique.currency"),
    ],
)
def test_bad_config(shop: Shop, section: str, key: str, value: str, named: str) -> None:
    raw = {name: dict(table) for name, table in CONFIG.items()}
    raw[section][key] = value
    bad = write_config(shop.root / "bad" / "config.toml", raw)
    for args in (["associates"], ["note", "SOP", "text"], []):  # [] would open the console
        done = subprocess.run([sys.executable, "-m", "floorcon", "--config", str(bad), *args],
                              env=shop.env, capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert_one_error_line(done.stderr, named, repr(value))


def test_missing_config_file(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(shop.root / "nope.toml"), "associates"]) == 2
    assert_one_error_line(capsys.readouterr().err, "config file not found", "nope.toml")


def test_store_that_is_not_a_database(shop: Shop) -> None:
    garbage = shop.root / "garbage.db"
    garbage.write_text("not sqlite at all " * 100)
    done = run(shop, "--db", str(garbage), "associates")
    assert done.returncode == 1
    assert_one_error_line(done.stderr, str(garbage), "floorcon store")


def test_unexpected_error_goes_to_the_log(shop: Shop, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import floorcon.services.dashboard as dashboard

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom in the pane")

    monkeypatch.setattr(dashboard, "targets_pane", boom)
    code, out, err = call(shop, capsys, "today")
    log = shop.db.parent / "floorcon.log"
    assert (code, out) == (1, "")
    assert_one_error_line(err, "unexpected error: RuntimeError", f"details in {log}")
    assert "boom" not in err
    text = log.read_text(encoding="utf-8")
    assert "command=today" in text
    # where it failed, never what the message said: it could hold a client's data
    assert "builtins.RuntimeError" in text and "in boom" in text
    assert "boom in the pane" not in text
    assert log.stat().st_mode & 0o077 == 0


# -- the console and the demo --------------------------------------------------------------------


class FakeApp:
    """Stands in for FloorconApp: records how the CLI built it."""

    made: list[FakeApp] = []

    def __init__(self, settings: Any, store: Any, clock: Any, first_look: Any = None) -> None:
        self.settings, self.store, self.clock, self.first_look = settings, store, clock, first_look
        self.return_code: int | None = None
        FakeApp.made.append(self)

    def run(self) -> None:
        self.boutique_id = self.store.boutique_id if self.store is not None else None


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> type[FakeApp]:
    import floorcon.tui.app as app_module

    FakeApp.made = []
    monkeypatch.setattr(app_module, "FloorconApp", FakeApp)
    return FakeApp


def test_no_command_opens_the_console(shop: Shop, fake_app: type[FakeApp],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(shop.config)]) == 0
    [app] = fake_app.made
    assert app.settings.store_path == shop.db
    assert app.settings.boutique_code == "TST"
    assert app.store is None  # the console paints first, then opens the store itself
    assert app.clock.today() == date(2026, 11, 25)
    if not on_server() and firstlook.cores() > 1:  # a second process reads the panes meanwhile
        assert app.first_look is not None and gone(app.first_look.pid)  # ended with the console


def test_a_console_that_does_not_open_ends_its_first_look(shop: Shop, monkeypatch) -> None:
    spawned = []
    spawn = firstlook.spawn

    def seen() -> None:
        spawn()
        spawned.append(firstlook._spawned)

    monkeypatch.setattr(firstlook, "spawn", seen)
    shop.config.write_text("[boutique\n", encoding="utf-8")  # not TOML: refused before any screen
    assert main(["--config", str(shop.config)]) == 2
    assert firstlook._spawned is None
    if firstlook.cores() > 1:
        [child] = spawned
        assert gone(child.pid)


@pytest.mark.sqlite_only("the configured store is a file")
def test_demo_refuses_the_configured_store(shop: Shop) -> None:
    before = count(shop, Sale)
    done = run(shop, "demo", "--db", str(shop.db), "--no-open")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "is the configured store")
    # the same file named another way is still the configured store
    done = run(shop, "demo", "--db", str(shop.db.parent / ".." / "data" / "floorcon.db"), "--no-open")
    assert done.returncode == 2
    assert count(shop, Sale) == before


@pytest.mark.sqlite_only("a copy of the store file")
def test_demo_refuses_files_that_are_not_demos(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    real = shop.root / "backup-demo.db"  # even named like a demo: another boutique's store
    shutil.copy(shop.db, real)
    other = shop.root / "notes.txt"
    other.write_text("my notes")
    for target in (real, other):
        code, _, err = call(shop, capsys, "demo", "--db", str(target), "--no-open")
        assert code == 2
        assert_one_error_line(err, str(target), "refusing to replace it")
    assert other.read_text() == "my notes"


def test_demo_builds_its_own_file(shop: Shop, fake_app: type[FakeApp],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("floorcon.demo")
    target = shop.root / "demo" / "demo.db"
    done = run(shop, "demo", "--db", str(target), "--no-open")
    assert done.returncode == 0, done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith("Demo boutique Maison Rivoli: ")
    assert "associates" in line and "VIC" in line and "sale lines" in line and str(target) in line
    store = open_store(cli.demo_settings(target, "SM"))
    try:
        with store.read() as session:
            codes = list(session.exec(select(Boutique.code)))
            sources = set(session.exec(select(Sale.source)))
            people = session.exec(select(func.count()).select_from(Associate)).one()
    finally:
        store.dispose()
    assert codes == [cli.DEMO_CODE]
    assert sources == {"demo"}
    assert people > 0

    # --db on the demo file works on the demo boutique (no second, empty boutique appears)
    code, out, _ = call(shop, capsys, "--db", str(target), "associates", "--all", "--format", "json")
    assert code == 0 and len(json.loads(out)) == people
    code, _, err = call(shop, capsys, "--db", str(target), "sale", "SOP", "100", "--receipt", "X1")
    assert (code, err) == (0, "")

    # rebuilt from scratch (the manual sale goes; the file is named like a demo), then opened
    code, out, err = call(shop, capsys, "demo", "--db", str(target))
    assert (code, err) == (0, "")
    assert out.startswith("Demo boutique Maison Rivoli: ")
    [app] = fake_app.made
    assert app.settings.store_path == target and app.settings.boutique_code == cli.DEMO_CODE
    assert app.settings.hours  # parse_settings' opening hours, not an always-closed boutique
    assert not rows_in(target, Sale, Sale.receipt == "X1")

    # a copy that is not named like a demo and holds a manual sale is refused
    copy = shop.root / "copy.db"
    shutil.copy(target, copy)
    assert main(["--db", str(copy), "sale", "SOP", "100", "--receipt", "X2"]) == 0
    capsys.readouterr()
    code, _, err = call(shop, capsys, "demo", "--db", str(copy), "--no-open")
    assert code == 2
    assert_one_error_line(err, "1 sale lines not from the demo")


def rows_in(path: Path, model: type, *where: Any) -> list[Any]:
    store = open_store(cli.demo_settings(path, "SM"))
    try:
        with store.read() as session:
            return list(session.exec(select(model).where(*where)))
    finally:
        store.dispose()


def test_demo_default_file_is_in_the_user_data_folder(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("floorcon.demo")
    code, out, err = call(shop, capsys, "demo", "--no-open")
    assert (code, err) == (0, "")
    expected = Path(shop.env["XDG_DATA_HOME"]) / "floorcon" / "demo.db"
    assert expected.is_file()
    assert str(expected) in out
    assert not (shop.root / "elsewhere" / "demo.db").exists()  # not the working tree


# -- version and usage ---------------------------------------------------------------------------


def test_version(shop: Shop) -> None:
    done = run(shop, "--version", config=False)
    assert done.returncode == 0
    assert done.stdout.strip() == f"floorcon {cli.version()}"
    assert cli.version() != "unknown"


def test_usage_errors_exit_2(shop: Shop) -> None:
    done = run(shop, "sale", "SOP")
    assert done.returncode == 2
    assert "usage:" in done.stderr and "Traceback" not in done.stderr
    assert main(["nonsense"]) == 2


@pytest.mark.parametrize("moment", ["garbage", "2026-13-01", "25/11/2026 15:00"])
def test_a_bad_frozen_clock_is_one_line(shop: Shop, moment: str) -> None:
    shop.env["FLOORCON_NOW"] = moment
    done = run(shop, "today")
    assert done.returncode == 2 and done.stdout == ""
    assert_one_error_line(done.stderr, f"FLOORCON_NOW: {moment!r} is not an ISO 8601 moment")


@pytest.mark.parametrize(("argv", "console"), [
    ([], True), (["--db", "x.db"], True), (["--db=x.db", "--config", "c.toml"], True),
    (["--db"], False), (["--help"], False), (["-h"], False), (["--version"], False),
    (["--d", "x.db"], False), (["note", "SOP", "text"], False), (["--db", "x.db", "recap"], False),
    (["--nope"], False),
])
def test_only_opening_the_console_skips_the_commands_parsers(argv: list[str], console: bool) -> None:
    """The console's start builds no subcommand; anything else (a command, help, a mistake) is
    for the full parser, which explains or refuses it as always."""
    assert cli.opens_the_console(argv) is console
    if console:
        slim, full = cli.build_parser(commands=False), cli.build_parser()
        assert vars(slim.parse_args(argv)) == vars(full.parse_args(argv))


@pytest.mark.parametrize(("argv", "command"), [
    (["note", "SOP", "text"], "note"), (["--db", "x.db", "note", "SOP", "t"], "note"),
    (["--db=x.db", "--config", "c.toml", "sale", "SOP", "-950"], "sale"), (["db", "backup"], "db"),
    ([], None), (["--db", "x.db"], None), (["--help"], None), (["--version", "note"], None),
    (["--d", "x.db", "note"], None), (["--db"], None),
])
def test_the_command_on_the_line_is_found(argv: list[str], command: str | None) -> None:
    assert cli.command_named(argv) == command


def test_a_commands_own_parser_reads_its_line_as_the_whole_parser_does() -> None:
    """A quick command builds only its parser: what it reads, and the help it prints, are the
    whole command line's; a word that is no command gets the whole line's explanation."""
    full = cli.build_parser()
    commands = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert len(commands) > 20
    for name, whole in commands.items():
        own = cli.build_parser(name)
        own_commands = next(a for a in own._actions if isinstance(a, argparse._SubParsersAction)).choices
        assert list(own_commands) == [name]
        assert own_commands[name].format_help() == whole.format_help()
    line = ["--db", "x.db", "note", "SOP", "Lovely", "welcome", "--moment", "clo", "--kind", "rec"]
    assert vars(cli.build_parser("note").parse_args(line)) == vars(full.parse_args(line))
    line = ["sale", "SOP", "-1 234,50", "--receipt", "R9", "--db", "y.db"]
    assert vars(cli.build_parser("sale").parse_args(line)) == vars(full.parse_args(line))
    assert cli.build_parser("nte").format_help() == full.format_help()
