"""`floorcon client search|show`, `floorcon portfolio`, the follow-up list's new flags, the
guard's warning and the thank-you rule from the shell, on the small boutique."""

from __future__ import annotations

import json

import pytest

from floorcon.models import ClientContact, FollowUp

from .conftest import CONFIG, Shop, run, to_toml
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
    shop.config.write_text(to_toml({**CONFIG, "store": {"path": "data/floorcon.db"},
                                    "followups": {"thank_you_above": 10_000}}), encoding="utf-8")
    done = run(shop, "sale", "SOP", "12 500", "--receipt", "R77", "--client", "C100001",
               "--category", "watch")
    assert done.returncode == 0, done.stderr
    # R3 (€ 12,000 today for C100002) is above the threshold too: the rules catch up on it.
    assert done.stdout.splitlines()[1] == "2 thank-you follow-ups created by the rules"
    made = rows(shop, FollowUp, FollowUp.kind == "thank-you", FollowUp.rule_key.is_not(None))
    assert sorted(f.rule_key for f in made) == ["thank-you:R3", "thank-you:R77"]
    done = run(shop, "sale", "SOP", "20 000", "--receipt", "R77", "--client", "C100001")
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1  # R77 is thanked once
