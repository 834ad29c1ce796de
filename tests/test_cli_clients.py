"""`floorcon client search|show`, `floorcon portfolio`, the follow-up list's new flags, the
guard's warning and the thank-you rule from the shell, on the small boutique."""

from __future__ import annotations

import json
from datetime import date

import pytest

from floorcon.models import Client, ClientContact, FollowUp

from .conftest import Shop, assert_one_error_line, run
from .test_cli import call, rows


def test_client_search(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "client", "search", "dubios")
    assert code == 0
    assert out.splitlines()[0].split() == ["NUMBER", "NAME", "SEG", "OWNER", "MATCHED"]
    assert out.splitlines()[1].split() == ["C100001", "Mme", "Hélène", "Dubois", "VIC", "SOP", "name", "≈"]
    code, out, _ = call(shop, capsys, "client", "search", "06", "12", "34", "--format", "json")
    assert [(h["number"], h["matched"]) for h in json.loads(out)] == [("C100001", "phone")]
    code, out, _ = call(shop, capsys, "client", "search", "tanaka", "--format", "md")
    assert out.splitlines()[2] == "| C100003 | Mme Yuki Tanaka | HJ | MB | name |"
    code, out, _ = call(shop, capsys, "client", "search", "nobody-like-this")
    assert (code, out) == (0, "No client matches 'nobody-like-this'.\n")


def test_client_show(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "client", "show", "C100001")
    assert code == 0
    assert out.startswith("# Mme Hélène Dubois · C100001\n")
    assert "- Owner: SOP Sophie Martin\n" in out
    assert "| 25/11/2026 | R1 | jewelry | 1 | € 4,500 | SOP |" in out
    assert "## Follow-ups" in out and "| birthday | done | SOP | Birthday | Flowers sent |" in out
    code, out, _ = call(shop, capsys, "client", "show", "C100002", "--format", "json")
    data = json.loads(out)
    assert data["kind"] == "client" and data["profile"]["number"] == "C100002"
    assert list(data["sections"]) == ["purchases", "categories", "hj_opportunities", "satisfaction",
                                      "follow_ups", "contacts", "invitations"]
    assert data["sections"]["purchases"][0]["amount"] == 1_200_000
    done = run(shop, "client", "show", "C999")
    assert done.returncode == 2 and done.stderr == "floorcon: client: no client matches 'C999'\n"


def test_portfolio(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(shop, capsys, "portfolio", "SOP")
    assert code == 0
    assert out.startswith("# Portfolio · SOP Sophie Martin\n")
    assert "1 clients: 1 active, 0 lapsing, 0 lapsed, 0 with no purchase · 1 new this month" in out
    code, out, _ = call(shop, capsys, "portfolio", "marc", "--format", "json")
    data = json.loads(out)
    assert (data["kind"], data["initials"], data["counts"]["active"]) == ("portfolio", "MB", 1)
    code, _, err = call(shop, capsys, "portfolio", "QQ")
    assert code == 2 and err.startswith("floorcon: associate: no ")


def test_followups_due_and_associate(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    ids = shop.ids
    code, out, _ = call(shop, capsys, "followups", "--due", "overdue", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["due"] == "overdue" and [f["id"] for f in data["followups"]] == [ids.overdue]
    code, out, _ = call(shop, capsys, "followups", "--associate", "AK", "--format", "json")
    assert [f["action"] for f in json.loads(out)["followups"]] == ["Regular client"]  # all segments
    code, out, _ = call(shop, capsys, "followups", "--due", "today", "--format", "md")
    assert out.startswith("# Open VIC / HJ follow-ups: today\n")
    assert "| Wed 25/11/2026 | today | C100003 Mme Yuki Tanaka | HJ | MB | hj-next-step |" in out
    code, out, _ = call(shop, capsys, "followups", "--due", "upcoming", "--associate", "AK")
    assert out == "No open follow-ups for AK (Aiko Kimura) upcoming due by Sat 2026-11-28.\n"
    code, _, err = call(shop, capsys, "followups", "--due", "someday")
    assert code == 2 and "--due" in err


def test_followup_warns_when_contacted_recently(shop: Shop) -> None:
    done = run(shop, "followup", "C100001", "--kind", "after", "--due", "+2", "--action", "Check the clasp")
    assert done.returncode == 0
    assert done.stdout.startswith("Saved follow-up #")
    assert done.stderr == ("floorcon: warning: client C100001 was already contacted today "
                           "(within followups.contact_guard_days = 7)\n")
    done = run(shop, "followup", "C100002", "--kind", "after", "--due", "+2")
    assert done.returncode == 0 and done.stderr == ""
    assert rows(shop, ClientContact) == []  # a follow-up is not a contact until it is done


def test_sale_above_the_threshold_creates_a_thank_you(shop: Shop) -> None:
    shop.configure(followups={"thank_you_above": 10_000})
    done = run(shop, "sale", "SOP", "12 500", "--receipt", "R77", "--client", "C100001",
               "--category", "watch")
    assert done.returncode == 0, done.stderr
    # R3 (€ 12,000 today for C100002) is above the threshold too: the rules catch up on it.
    assert done.stdout.splitlines()[1] == "2 thank-you follow-ups created by the rules"
    made = rows(shop, FollowUp, FollowUp.kind == "thank-you", FollowUp.rule_key.is_not(None))
    assert sorted(f.rule_key for f in made) == ["thank-you:R3", "thank-you:R77"]
    done = run(shop, "sale", "SOP", "20 000", "--receipt", "R77", "--client", "C100001")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1  # R77 is thanked once


def test_client_set_writes_the_profile(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(shop, capsys, "client", "set", "C100001", "--preferences", "yellow gold",
                          "--sizes", "ring 52", "--anniversary", "14/06/2008", "--second-owner", "ak",
                          "--language", "french")
    assert (code, err) == (0, "")
    assert out == "C100001: preferences, sizes, anniversary, second owner, language updated.\n"
    [client] = rows(shop, Client, Client.number == "C100001")
    c = client
    assert (c.preferences, c.sizes, c.anniversary, c.second_owner_id, c.language) == (
        "yellow gold", "ring 52", date(2008, 6, 14), shop.ids.ak, "fr")
    code, out, _ = call(shop, capsys, "client", "set", "C100001", "--second-owner", "none", "--sizes", "")
    assert out == "C100001: sizes, second owner updated.\n"
    code, out, _ = call(shop, capsys, "client", "set", "C100001", "--language", "fr")
    assert (code, out) == (0, "C100001: nothing changed.\n")


@pytest.mark.parametrize(("args", "message"), [
    (("--nothing",), "floorcon: client set: nothing to set; give --preferences"),
    (("--birthday", "31/02/1980"), "floorcon: birthday: '31/02/1980' is not a real date"),
    (("--birthday", "01/01/2030"), "floorcon: birthday: 01/01/2030 is not a plausible birthday"),
    (("--language", "x1"), "floorcon: language: 'x1' is not a language"),
    (("--second-owner", "SOP"), "floorcon: second owner: SOP already owns C100001"),
    (("--second-owner", "QQ"), "floorcon: associate: no "),
])
def test_client_set_refuses_bad_values(shop: Shop, args: tuple[str, ...], message: str) -> None:
    given = () if args == ("--nothing",) else ("--sizes", "ring 50", *args)
    done = run(shop, "client", "set", "C100001", *given)
    assert done.returncode == 2
    assert_one_error_line(done.stderr, message)
    [client] = rows(shop, Client, Client.number == "C100001")
    assert client.sizes == ""  # nothing half-written


def test_client_contact_and_reassign(shop: Shop, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(shop, capsys, "client", "contact", "C100002", "sms", "--note", "new strap in",
                          "--by", "LD")
    assert (code, out, err) == (0, "C100002: contact logged · sms · LD\n", "")
    [contact] = rows(shop, ClientContact, ClientContact.note == "new strap in")
    assert (contact.channel, contact.associate_id) == ("sms", shop.ids.ld)
    code, out, err = call(shop, capsys, "client", "contact", "C100002", "visit")
    assert out == "C100002: contact logged · visit\n"
    assert err.startswith("floorcon: warning: client C100002 was already contacted today")
    done = run(shop, "client", "contact", "C100002", "pigeon")
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "floorcon: channel: 'pigeon' is not one of")

    code, out, _ = call(shop, capsys, "client", "reassign", "C100001", "--to", "marc")
    assert (code, out) == (0, "C100001: now with MB.\n")
    [client] = rows(shop, Client, Client.number == "C100001")
    assert client.owner_id == shop.ids.mb
    assert {f.owner_id for f in rows(shop, FollowUp, FollowUp.client_id == client.id,
                                     FollowUp.status == "open")} == {shop.ids.mb}
    code, out, _ = call(shop, capsys, "client", "reassign", "C100001", "--to", "MB")
    assert out == "C100001: already with MB.\n"
    done = run(shop, "client", "reassign", "C100001")
    assert done.returncode == 2 and "--to" in done.stderr
