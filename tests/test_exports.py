"""Exports of the recap, briefing and weekly review: golden files, figures, well-formed HTML, the CLI.

Golden files: tests/golden/<kind>.<fmt> for kind in recap, briefing, week and fmt in md, html, csv,
json, rendered from the small boutique of conftest.py (Wednesday 25 November 2026, 15:00 Paris)
with the extra rows of `enrich` below. When a change to the exports is intended, rewrite them with

    FLOORCON_UPDATE_GOLDEN=1 /work/venv/bin/pytest -q tests/test_exports.py

and read the diff of tests/golden/ before keeping it.

The figures asserted in the CSV and JSON are the hand-computed ones of test_kpi.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from collections import Counter
from datetime import date, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from floorcon.models import Appointment, Client, Event, FollowUp, SatisfactionScore
from floorcon.services import exports, rituals
from floorcon.services.parsing import InputError

from .conftest import TODAY, assert_one_error_line, run

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FLOORCON_UPDATE_GOLDEN") == "1"
KINDS = ("recap", "briefing", "week")
TOMORROW = TODAY + timedelta(days=1)
COMMENT = 'Waited too long <b>"sorry"</b> & left'


@pytest.fixture
def rich(store, clock, small):
    """The small boutique, with something in every section of the three rituals."""
    b = store.boutique_id
    with store.write() as s:
        s.add(SatisfactionScore(boutique_id=b, response_id="S1", measure="CER", score=6.5,
                                received_at=clock.at(TODAY, time(12)), associate_id=small.ak,
                                client_id=small.vic2, comment=COMMENT))
        s.add(SatisfactionScore(boutique_id=b, response_id="S2", measure="FTR", score=9.5,
                                received_at=clock.at(TODAY, time(13)), associate_id=small.sop))
        s.add(Appointment(boutique_id=b, client_id=small.hj, associate_id=small.mb,
                          starts_at=clock.at(TOMORROW, time(11)), purpose="Second sketch"))
        s.add(Appointment(boutique_id=b, client_id=small.vic1, associate_id=small.sop,
                          starts_at=clock.at(TODAY, time(16)), purpose="Bracelet fitting"))
        s.add(Event(boutique_id=b, title="Private viewing", place="First-floor salon",
                    starts_at=clock.at(TOMORROW, time(18))))
        s.add(FollowUp(boutique_id=b, client_id=small.vic2, owner_id=small.ld, kind="after-sales",
                       action="Call about the strap", due=TOMORROW, created_at=clock.now_utc()))
        client = s.get(Client, small.vic1)
        assert client is not None
        client.birthday = date(1980, 11, 25)
        rituals.save_summary(s, b, TODAY, "A strong watch day.\n\nAK needs help on closings.",
                             clock.now_utc(), "SM")
        rituals.set_focus_story(s, b, TODAY, "The Panthère", "Tell the 1914 story")
    return small


def reports(store, clock, settings, day: date = TODAY) -> dict[str, exports.Report]:
    with store.read() as s:
        return {
            "recap": rituals.recap(s, store.boutique_id, clock, settings, day),
            "briefing": rituals.briefing(s, store.boutique_id, clock, settings, day),
            "week": rituals.week(s, store.boutique_id, clock, settings, day),
        }


# -- golden files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", exports.FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_golden(rich, store, clock, settings, kind, fmt):
    text = exports.render(reports(store, clock, settings)[kind], fmt, settings, clock)
    path = GOLDEN / f"{kind}.{fmt}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing: run with FLOORCON_UPDATE_GOLDEN=1 to write it"
    assert text == path.read_bytes().decode("utf-8"), (
        f"{kind}.{fmt} differs from {path}; if intended, rewrite with FLOORCON_UPDATE_GOLDEN=1")


def test_rendering_is_stable(rich, store, clock, settings):
    def html_of_all() -> dict[str, str]:
        return {k: exports.render(r, "html", settings, clock)
                for k, r in reports(store, clock, settings).items()}

    assert html_of_all() == html_of_all()


# -- CSV ---------------------------------------------------------------------------------------


def pick(row: dict, *keys: str) -> tuple:
    return tuple(row[k] for k in keys)


def _csv(text: str) -> list[dict[str, str]]:
    assert "\r" not in text and text.endswith("\n")
    return list(csv.DictReader(io.StringIO(text)))


def test_recap_csv_figures(rich, store, clock, settings):
    text = exports.render(reports(store, clock, settings)["recap"], "csv", settings, clock)
    assert text.splitlines()[0] == ("scope,initials,name,target,net_sales,achievement,transactions,units,"
                                    "atv,upt,capture_rate,conversion,new_clients")
    rows = _csv(text)
    assert [(r["scope"], r["initials"]) for r in rows] == [
        ("boutique", ""), ("associate", "AK"), ("associate", "LD"), ("associate", "SOP")]
    boutique = rows[0]
    # R1 4,850 + R2 1,200 + R3 12,000 + R4 -1,200 + R5 150; 3 transactions of 90 visitors
    assert boutique == {
        "scope": "boutique", "initials": "", "name": "Boutique", "target": "3000000",
        "net_sales": "1700000", "achievement": "0.5667", "transactions": "3", "units": "3",
        "atv": "566667", "upt": "1.0000", "capture_rate": "0.3333", "conversion": "0.0333",
        "new_clients": "2",
    }
    by = {r["initials"]: r for r in rows[1:]}
    # SOP: R1 + R2; 8.5 of the 19 scheduled hours of the 3,000,000 target
    assert pick(by["SOP"], "target", "net_sales", "achievement") == ("1342106", "605000", "0.4508")
    assert pick(by["SOP"], "transactions", "units", "atv") == ("2", "3", "302500")
    assert pick(by["SOP"], "upt", "capture_rate") == ("1.5000", "0.5000")
    # LD: R3 12,000 and the return-only R4: no transaction, so no ATV / UPT / capture (empty, not 0)
    assert pick(by["LD"], "net_sales", "transactions", "achievement") == ("1080000", "0", "1.5200")
    assert by["LD"]["atv"] == by["LD"]["upt"] == by["LD"]["capture_rate"] == ""
    assert pick(by["AK"], "net_sales", "atv", "achievement") == ("15000", "15000", "0.0158")
    assert all(r["conversion"] == "" and r["new_clients"] == "" for r in rows[1:])


def test_briefing_csv_is_todays_targets(rich, store, clock, settings):
    rows = _csv(exports.render(reports(store, clock, settings)["briefing"], "csv", settings, clock))
    assert "new_clients" not in rows[0]
    assert [(r["initials"], r["target"]) for r in rows] == [
        ("", "3000000"), ("AK", "947368"), ("LD", "710526"), ("SOP", "1342106")]
    assert sum(int(r["target"]) for r in rows[1:]) == 3_000_000


def test_week_csv(rich, store, clock, settings):
    text = exports.render(reports(store, clock, settings)["week"], "csv", settings, clock)
    assert text.splitlines()[0] == "initials,name,target,net_sales,achievement,w1,w2,w3,w4,w5,w6,w7,w8"
    rows = _csv(text)
    assert rows[0]["name"] == "Boutique" and rows[0]["initials"] == ""
    # this week: 2,000 on Tuesday + 17,000 today, against today's 30,000 (the only daily target)
    assert pick(rows[0], "target", "net_sales", "achievement") == ("3000000", "1900000", "0.6333")
    assert [rows[0][f"w{i}"] for i in range(1, 9)] == ["0", "0", "0", "0", "10000000", "0", "0", "1900000"]
    by = {r["initials"]: r for r in rows[1:]}
    assert pick(by["SOP"], "net_sales", "w8") == ("805000", "805000")
    assert pick(by["MB"], "target", "achievement", "w5") == ("", "", "10000000")


# -- JSON --------------------------------------------------------------------------------------


def test_recap_json(rich, store, clock, settings):
    data = json.loads(exports.render(reports(store, clock, settings)["recap"], "json", settings, clock))
    assert pick(data, "kind", "currency", "minor_digits", "day") == ("recap", "EUR", 2, "2026-11-25")
    table = data["table"]
    boutique = table["boutique"]
    assert boutique["target"] == 3_000_000 and boutique["figures"]["net_sales"] == 1_700_000
    assert boutique["figures"]["transactions"] == 3 and boutique["atv"] == 566_667
    assert boutique["achievement"] == pytest.approx(1_700_000 / 3_000_000)
    assert boutique["conversion"] == pytest.approx(3 / 90) and boutique["visitors"] == 90
    sop = next(a for a in table["associates"] if a["initials"] == "SOP")
    assert sop["figures"] == {"net_sales": 605_000, "transactions": 2, "units": 3,
                              "identified_transactions": 1}
    assert sop["atv"] == 302_500 and sop["upt"] == 1.5
    ld = next(a for a in table["associates"] if a["initials"] == "LD")
    assert ld["atv"] is None and ld["conversion"] is None
    assert (table["month_target"], table["month_to_date"], table["run_rate_needed"]) == (
        60_000_000, 11_900_000, 9_620_000)
    assert table["selling_days_left"] == 5
    assert data["new_clients"] == 2 and data["followups_created"] == 7
    cer = data["satisfaction"][0]
    assert (cer["measure"], cer["score"], cer["below"], cer["comment"]) == ("CER", 6.5, True, COMMENT)
    assert cer["received_at"] == "2026-11-25T11:00:00Z"  # 12:00 in Paris
    assert [h["receipt"] for h in data["highlights"]] == ["R3", "R1", "R2", "R5"]
    assert data["highlights"][0]["amount"] == 1_200_000
    assert data["tomorrow"] == "2026-11-26"
    assert [a["purpose"] for a in data["tomorrow_appointments"]] == ["Second sketch"]
    assert data["tomorrow_appointments"][0]["starts_at"] == "2026-11-26T10:00:00Z"
    assert data["summary"] == "A strong watch day.\n\nAK needs help on closings."
    assert data["sparks"][0]["initials"] == "Boutique" and len(data["sparks"][0]["days"]) == 30
    assert data["sparks"][0]["sales"][-1] == 1_700_000 and data["sparks"][0]["days"][-1] == "2026-11-25"
    assert {h["hour"]: h["net_sales"] for h in data["hourly"]}[13] == -120_000


def test_briefing_and_week_json(rich, store, clock, settings):
    r = reports(store, clock, settings)
    b = json.loads(exports.render(r["briefing"], "json", settings, clock))
    assert b["kind"] == "briefing"
    assert b["yesterday"]["day"] == "2026-11-24"
    assert b["yesterday"]["boutique"]["figures"]["net_sales"] == 200_000
    assert b["focus"] == {"week_start": "2026-11-23", "title": "The Panthère", "text": "Tell the 1914 story"}
    assert [k["client"] for k in b["key_dates"]] == ["Mme Hélène Dubois"]
    w = json.loads(exports.render(r["week"], "json", settings, clock))
    assert (w["kind"], w["first"], w["last"]) == ("week", "2026-11-23", "2026-11-29")
    assert w["boutique"]["net_sales"] == 1_900_000 and w["boutique"]["achievement"] == pytest.approx(19 / 30)
    assert w["coaching"] == [
        {"moment": "welcome", "kind": "recognition", "count": 1},
        {"moment": "storytelling", "kind": "development", "count": 1},
        {"moment": "closing", "kind": "observation", "count": 1},
    ]
    # due this week by now: Tanaka's HJ step and Garnier's thank-you (25th); the 26th and 27th are ahead
    assert (w["followups_due"], w["followups_on_time"], w["on_time_rate"]) == (2, 0, 0.0)
    assert [(m["measure"], m["responses"], m["average"], m["below"]) for m in w["satisfaction"]] == [
        ("CER", 1, 6.5, 1), ("FTR", 1, 9.5, 0)]


# -- Markdown ----------------------------------------------------------------------------------


def _order(text: str, *parts: str) -> None:
    at = [text.index(p) for p in parts]
    assert at == sorted(at), list(zip(parts, at, strict=True))


def test_recap_markdown(rich, store, clock, settings):
    md = exports.render(reports(store, clock, settings)["recap"], "md", settings, clock)
    assert md.startswith("# End-of-day recap\n\nMaison Test · Wednesday 25 November 2026\n")
    assert ("| **Boutique** | **€ 30,000** | **€ 17,000** | **57%** | **3** | **€ 5,667** | **1.0** "
            "| **33%** | **3.3%** | **2** |") in md
    assert "| SOP Sophie Martin | € 13,421 | € 6,050 | 45% | 2 | € 3,025 | 1.5 | 50% | — |  |" in md
    assert "| LD Louis Durand | € 7,105 | € 10,800 | 152% | 0 | — | — | — | — |  |" in md
    assert ("Month to date € 119,000 of € 600,000 (20%) · 5 selling days left · "
            "run-rate needed € 96,200 a day") in md
    _order(md, "## Sales against target", "### The last 30 days", "## Coaching given", "## Recognitions",
           "## Follow-ups", "## Satisfaction received", "## Highlights",
           "## Tomorrow, Thursday 26 November 2026", "## Manager's summary")
    assert "- LD Louis Durand: 1 development" in md and "**No coaching yet:** AK Aiko Kimura" in md
    assert "> “Warm welcome, offered champagne before the first question”" in md
    assert "**CER 6.5** **⚠ under 8.0**" in md and "FTR 9.5** ·" in md
    assert r"\<b\>" in md  # a client's words never become markup in a mail client
    assert "- R3 · 11:30 · LD · € 12,000 · watches · Mr James Whitfield" in md
    assert "- 11:00 Mme Yuki Tanaka (HJ) with MB — Second sketch" in md
    assert "- LD · Mr James Whitfield (VIC) · after-sales: Call about the strap" in md
    assert "- 18:00 Private viewing, First-floor salon" in md
    assert md.rstrip().endswith("A strong watch day.\n\nAK needs help on closings.")
    spark = next(line for line in md.splitlines() if line.startswith("| SOP Sophie Martin | ▁"))
    assert spark.endswith("▃█ | 45% |")  # 6,050 on the one day with a target (13,421)


def test_recap_markdown_of_a_high_jewelry_day(rich, store, clock, settings):
    md = exports.render(reports(store, clock, settings, date(2026, 11, 3))["recap"], "md", settings, clock)
    high_jewelry = md.split("### High Jewelry")[1].split("##")[0]
    assert "- R0003 · 16:00 · MB · € 100,000 · high jewelry · Mme Yuki Tanaka" in high_jewelry
    assert "No summary written for this day." in md


def test_briefing_markdown_most_important_first(rich, store, clock, settings):
    md = exports.render(reports(store, clock, settings)["briefing"], "md", settings, clock)
    _order(md, "## On the radar", "## Yesterday, Tuesday 24 November 2026", "## Today's targets",
           "## The month", "## Focus of the week", "## Appointments today", "## Client key dates",
           "## Follow-ups due", "## Events this week")
    assert "- **AK Aiko behind today's pace**: 2% of € 9,474 with 53% of the day gone" in md
    assert "The boutique made € 2,000, with no target set." in md
    assert "**Best performer:** SOP Sophie Martin, € 2,000." in md
    assert "- SOP Sophie Martin: € 13,421" in md
    assert "**The Panthère** — Tell the 1914 story" in md
    assert "- 16:00 Mme Hélène Dubois (VIC) with SOP — Bracelet fitting" in md
    assert "- Birthday: Mme Hélène Dubois (VIC), client of SOP" in md
    assert "2 VIC / High Jewelry follow-ups due, 1 of them overdue." in md
    assert "- Thu 26 Nov 18:00 Private viewing, First-floor salon" in md
    assert len(md.split()) < 300  # read aloud in two minutes


def test_week_markdown(rich, store, clock, settings):
    md = exports.render(reports(store, clock, settings)["week"], "md", settings, clock)
    assert "Maison Test · Monday 23 – Sunday 29 November 2026" in md
    assert "| **Boutique** | **€ 30,000** | **€ 19,000** | **63%** | ▁▁▁▁█▁▁▂ |" in md
    assert "| welcome | 1 | · | · | 1 |" in md
    assert "| **Total** | **1** | **1** | **1** | **3** |" in md
    assert "0 of 2 follow-ups due this week done on time (0%)." in md
    assert "| CER | 1 | 6.5 | **⚠ 1** | 8.0 |" in md


# -- HTML --------------------------------------------------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input"}


class StrictParser(HTMLParser):
    """Fails on an unclosed or mismatched tag: well-formed enough to print and to parse."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags[tag] += 1

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("kind", KINDS)
def test_html_is_standalone_and_well_formed(rich, store, clock, settings, kind):
    page = exports.render(reports(store, clock, settings)[kind], "html", settings, clock)
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert "@media print" in page and '<meta charset="utf-8">' in page
    assert parser.tags["script"] == 0 and parser.tags["link"] == 0 and parser.tags["img"] == 0
    assert "http" not in page and "url(" not in page  # no external assets


def test_html_charts_and_escaping(rich, store, clock, settings):
    r = reports(store, clock, settings)
    page = exports.render(r["recap"], "html", settings, clock)
    parser = StrictParser()
    parser.feed(page)
    assert parser.tags["svg"] == len(r["recap"].sparks) + 1  # a sparkline each, and the hours
    assert 'stroke-dasharray="3 2"' in page  # the target
    assert parser.tags["rect"] >= 4  # hourly sales bars
    assert "&lt;b&gt;&quot;sorry&quot;&lt;/b&gt; &amp; left" in page and "<b>" not in page
    assert COMMENT in "".join(parser.text)
    assert '<strong class="alert">⚠ under 8.0</strong>' in page
    week = exports.render(r["week"], "html", settings, clock)
    assert week.count("<svg") == 1 + len(r["week"].associates) + 1  # a row each, and the boutique's chart


@pytest.mark.parametrize("day", [TODAY, date(2026, 11, 29)])  # a working day and a closed Sunday
def test_an_empty_boutique_renders_in_every_format(store, clock, settings, day):
    for kind, report in reports(store, clock, settings, day).items():
        for fmt in exports.FORMATS:
            text = exports.render(report, fmt, settings, clock)
            assert text.endswith("\n"), (kind, fmt)
            if fmt == "html":
                parser = StrictParser()
                parser.feed(text)
                parser.close()
                assert parser.stack == []
            if fmt == "json":
                assert json.loads(text)["kind"] == kind
    md = exports.render(reports(store, clock, settings, day)["recap"], "md", settings, clock)
    assert "_No sales this day._" in md and "_No summary written for this day._" in md


# -- the pieces --------------------------------------------------------------------------------


def test_sparkline():
    assert exports.sparkline([]) == ""
    assert exports.sparkline([0, 0, 0]) == "▁▁▁"
    assert exports.sparkline([5, 5]) == "██"  # flat, above nothing
    assert exports.sparkline([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█"
    assert exports.sparkline([0, 1, 1000]) == "▁▂█"  # a small sale still shows
    assert exports.sparkline([-10, 0, 10]) == "▁▅█"
    assert exports.sparkline([None, 4]) == "▁█"
    squeezed = exports.sparkline(list(range(30)), width=10)  # bucket means 1, 4, … 28
    assert squeezed == "▂▂▃▄▄▅▆▇▇█"
    assert len(exports.sparkline(list(range(5)), width=10)) == 5
    with pytest.raises(ValueError):
        exports.sparkline([1], width=0)


def test_render_refuses_an_unknown_format(store, clock, settings, small):
    report = reports(store, clock, settings)["recap"]
    with pytest.raises(InputError, match="pdf"):
        exports.render(report, "pdf", settings, clock)


def test_titles_and_file_names(store, clock, settings, small):
    r = reports(store, clock, settings)
    assert exports.title(r["recap"]) == "Recap of Wednesday 25 November 2026"
    assert exports.title(r["briefing"]) == "Briefing of Wednesday 25 November 2026"
    assert exports.title(r["week"]) == "Week review of 23–29 November 2026"
    assert exports.filename(r["week"], "html") == "week-2026-11-23.html"
    assert exports.day_range(date(2026, 11, 30), date(2026, 12, 6)) == "30 November – 6 December 2026"
    assert exports.day_range(date(2026, 12, 28), date(2027, 1, 3)) == "28 December 2026 – 3 January 2027"


# -- the command line --------------------------------------------------------------------------


def test_cli_recap_json(rich, shop):
    result = run(shop, "recap", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["kind"] == "recap" and data["day"] == "2026-11-25"
    assert data["table"]["boutique"]["figures"]["net_sales"] == 1_700_000
    assert data["table"]["boutique"]["target"] == 3_000_000
    sop = next(a for a in data["table"]["associates"] if a["initials"] == "SOP")
    assert sop["figures"]["net_sales"] == 605_000


def test_cli_recap_md_is_the_default(rich, shop):
    result = run(shop, "recap")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "recap.md").read_text(encoding="utf-8")


def test_cli_out_writes_a_private_file(rich, shop):
    target = shop.root / "recap.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    result = run(shop, "recap", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Recap of Wednesday 25 November 2026 written to {target} (md)\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# End-of-day recap")
    fresh = shop.root / "week.html"
    result = run(shop, "week", "--format", "html", "--out", str(fresh))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Week review of 23–29 November 2026 written to {fresh} (html)\n"
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600 and "<svg" in fresh.read_text(encoding="utf-8")


def test_cli_briefing_tomorrow(rich, shop):
    result = run(shop, "briefing", "--day", "tomorrow")
    assert result.returncode == 0, result.stderr
    assert "Maison Test · Thursday 26 November 2026" in result.stdout
    assert "## Yesterday, Wednesday 25 November 2026" in result.stdout
    assert "The boutique made € 17,000 against a target of € 30,000 (57%)." in result.stdout
    assert "- 11:00 Mme Yuki Tanaka (HJ) with MB — Second sketch" in result.stdout


def test_cli_week_csv(rich, shop):
    result = run(shop, "week", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = _csv(result.stdout)
    assert (rows[0]["name"], rows[0]["net_sales"], rows[0]["w8"]) == ("Boutique", "1900000", "1900000")


@pytest.mark.parametrize(("day", "expected"), [
    ("yesterday", "Tuesday 24 November 2026"), ("-2", "Monday 23 November 2026"),
    ("24/11/2026", "Tuesday 24 November 2026"), ("2026-11-03", "Tuesday 3 November 2026"),
])
def test_cli_day_forms(shop, day, expected):
    result = run(shop, "recap", "--day", day)
    assert result.returncode == 0, result.stderr
    assert f"Maison Test · {expected}" in result.stdout


@pytest.mark.parametrize("args", [
    ("recap", "--day", "someday"), ("briefing", "--day", "31/02/2026"), ("week", "--day", "-"),
])
def test_cli_bad_day(shop, args):
    result = run(shop, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_error_line(result.stderr, "day:")


def test_cli_out_where_nothing_can_be_written(shop):
    result = run(shop, "recap", "--out", str(shop.root / "missing" / "recap.md"))
    assert result.returncode == 2
    assert_one_error_line(result.stderr, "--out:", "cannot write")
