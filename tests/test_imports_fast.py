"""The sales importer's fast reader and bulk insert against the plain row-by-row path.

A POS export's good rows go through caches of what `parse` made of each distinct cell and are
inserted as plain tuples; every row the fast reader refuses goes to `parse`. These tests import
the same awkward files both ways, into two fresh copies of the small boutique, and require the
same result to the letter: problems, unknown names, counts, rejects file, rows and change log.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import select

from floorcon.clock import Clock
from floorcon.db import open_store
from floorcon.models import ChangeLog, Sale
from floorcon.services.imports import ImportRefused, ImportResult, import_file
from floorcon.services.imports.kinds import SalesKind, _sqlite_values, insert_rows, utc_texts
from floorcon.services.imports.values import LocalTime, TextMoments, moment

from .conftest import NOW, build_small, make_settings

LONG = "Q" + "0" * 40  # 41 characters: one too many for a receipt
FRENCH = [
    "N° ticket;Ligne;Date heure;Vendeur;Montant TTC;Qté;Famille;N° client",
    "Q1;1;20/11/2026 10:45:00;SOP;1\u00a0250,00;1;Joaillerie;C100001",
    "Q1;2;20/11/2026 10:45:00;SOP;95,50;;Accessoires;C100001",  # no units: 1
    " Q2 ; 1 ; 20/11/2026 11:00:00 ; sop ;-350,00;-1;Montres;",  # spaces, case, a return
    "Q3;1;20/11/2026 11:00:00;Sophie Martin;12,34,5;1;Joaillerie;",  # not an amount
    "Q3;1;20/11/2026 11:05:00;SOP;100;1;Joaillerie;",  # the key of the bad row above
    "Q4;1;20/11/2026 12:00:00;Sofie;400;1;Joaillerie;C999",  # unknown seller and client
    "Q5;1;20/11/2026 12:00:00;Sofie;500;1;Joaillerie;c100002",  # unknown again; client's case
    "Q6;1;20/11/2026 12:30:00;LD;0;1;Joaillerie;",  # zero
    "Q7;1;20/11/2026 12:30:00;LD;100;0;Joaillerie;",  # no pieces
    "Q8;1;20/11/2026 12:30:00;LD;100;-1;Joaillerie;",  # signs disagree
    "Q8;2;20/11/2026 12:30:00;LD;-100;;Joaillerie;",  # a return without units: -1
    "Q9;x;20/11/2026 12:30:00;LD;100;1;Joaillerie;",
    "Q10;0;20/11/2026 12:30:00;LD;100;1;Joaillerie;",
    "Q 11;1;20/11/2026 12:30:00;LD;100;1;Joaillerie;",
    f"{LONG};1;20/11/2026 12:30:00;LD;100;1;Joaillerie;",
    "Q12;1;31/02/2026 10:00:00;MB;100;1;Joaillerie;",
    "Q13;1;29/03/2026 02:30:00;MB;100;1;Joaillerie;",  # in the hour the clocks skip
    "Q14;1;25/10/2026 02:30:00;MB;100;1;Joaillerie;",  # in the hour that comes twice
    "Q14;2;25/10/2026 02:30:00;MB;100;1;Joaillerie;",
    "Q15;1;2026-11-20T10:00:00+02:00;MB;100;1;Joaillerie;",
    "Q16;1;20/11/2026 10:00:00;MB;100;1;" + "Très Haute Joaillerie d'Exception, Pièce Unique" + ";",
    "Q17;1;20/11/2026 10:00:00",  # short
    "Q18;1;20/11/2026 10:00:00;AK;100;1;Joaillerie;;",  # a blank extra cell is no harm
    "Q19;1;20/11/2026 10:00:00;AK;100;1;Joaillerie;;x",  # a cell past the header's columns
    "Q1;1;20/11/2026 10:45:00;SOP;1\u00a0250,00;1;Joaillerie;C100001",  # the first line again
    "Q20;1;20/11/2026;AK;1.250,00;2;HJ;=\"C100003\"",  # no time: noon; Excel's wrapper
    "Q21;1;;AK;100;1;;",
    "Q22;1;20/11/2026 10:00:00;;100;1;;",
    "Q23;1;20/11/2026 10:00:00;AK;;1;;",
    "Q24;;20/11/2026 10:00:00;AK;100;1;;",
    ";1;20/11/2026 10:00:00;AK;100;1;;",
    "Q25;1;20/11/2026 10:00:00;AK;100;1,5;;",
    "Q26;1;20 nov;AK;100;1;;",
    "Q27;1;20/11/2026 10:00:00;Louis Durand;\u20ac 1 250,00;1;Bijoux;C100004",
    "Q28;1;20/11/2026 10:45:00;SOP;1\u00a0250,00;1;Joaillerie;C100001",  # the same cells as Q1
]
ENGLISH = [
    "receipt,date,time,associate,amount,category",
    "W1,2026-11-20,10:30,SOP,100.00,jewelry",
    "W1,2026-11-20,10:30,SOP,50,watches",  # line 2, counted
    "W1,2026-11-20,,SOP,25,watches",  # no time: noon
    "W2,2026-11-20,25:00,LD,10,",  # not a time
    "W2,2026-11-20,11h,LD,-10,",
    "W3,2026-11-20 09:00,12:00,LD,10,",  # the time column wins
    "W1,2026-11-20,10:30,SOP,0,jewelry",  # bad, yet counted as W1's fourth line
    "W1,2026-11-20,10:31,SOP,5,jewelry",
    "W4,2026-03-29,02:30,MB,5,",
    "W4,2026-03-29,02:30,MB,5,",  # the second line of W4, not a repeat
]


def _rows(store) -> list[tuple]:
    with store.read() as s:
        sales = [tuple(getattr(x, c.name) for c in Sale.__table__.c)
                 for x in s.exec(select(Sale).order_by(Sale.id))]
        log = [(x.id, x.changed_at, x.actor, x.table_name, x.row_id, x.action, x.fields)
               for x in s.exec(select(ChangeLog).where(ChangeLog.action == "import").order_by(ChangeLog.id))]
    return sales + log


def _seen(result: ImportResult) -> tuple:
    rejects = result.rejects_file.read_bytes() if result.rejects_file else None
    return (result.summary(), [str(p) for p in result.problems], result.unknown, result.notes,
            result.rows, result.added, result.updated, result.unchanged, result.skipped, result.written,
            rejects)


def _import_all(base: Path, files: list[list[str]], bom: bool) -> list[tuple]:
    """Each file into a fresh small boutique, first all or nothing, then a dry run, then with
    skip_bad; what each step said and what the store holds after each."""
    settings = make_settings(base / "data" / "floorcon.db")
    clock = Clock(settings, fixed=NOW)
    store = open_store(settings)
    seen: list[tuple] = []
    try:
        build_small(store, clock)
        for number, lines in enumerate(files):
            path = base / f"ventes{number}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")
            try:
                import_file(store, settings, clock, "sales", path)
            except ImportRefused as refused:
                seen.append(_seen(refused.result))
            else:
                seen.append(("no problem",))
            for dry_run in (True, False):
                seen.append(_seen(import_file(store, settings, clock, "sales", path, dry_run=dry_run,
                                              skip_bad=True)))
            seen.append(tuple(_rows(store)))
    finally:
        store.dispose()
    return seen


@pytest.mark.parametrize(("lines", "expected"), [
    # 12 good rows, 23 bad; the third file changes 5 amounts and adds Q9 line 1
    (FRENCH, ["35 rows — 12 added, 0 updated, 0 unchanged, 23 rejected",
              "35 rows — 0 added, 0 updated, 12 unchanged, 23 rejected",
              "36 rows — 1 added, 5 updated, 7 unchanged, 23 rejected"]),
    # W1 lines 1-3 and 5 (the fourth is the zero), W2 line 2, W3, W4 lines 1-2; W9 added third
    (ENGLISH, ["10 rows — 8 added, 0 updated, 0 unchanged, 2 rejected",
               "10 rows — 0 added, 0 updated, 8 unchanged, 2 rejected",
               "11 rows — 1 added, 3 updated, 5 unchanged, 2 rejected"]),
], ids=["french-pos", "english-no-line-column"])
def test_the_fast_reader_reads_and_writes_as_parse_does(tmp_path, monkeypatch, lines, expected):
    changed = [line.replace(";100;1;Joaillerie;", ";150;1;Joaillerie;").replace(",5,", ",7,")
               for line in lines] + [lines[1].replace("1", "9", 1)]
    files = [lines, lines, changed]  # new rows, the same again, then changed and one more
    parsed: list[int] = []
    parse = SalesKind.parse

    def counted(self, row):
        parsed.append(row.line)
        return parse(self, row)

    monkeypatch.setattr(SalesKind, "parse", counted)
    fast = _import_all(tmp_path / "fast", files, lines is FRENCH)
    through_parse = len(parsed)
    monkeypatch.setattr(SalesKind, "fast_reader", lambda self: None)
    plain = _import_all(tmp_path / "plain", files, lines is FRENCH)
    assert fast == plain
    assert [s[0] for s in plain[2::4]] == [f"sales: {text}" for text in expected]
    assert 0 < through_parse < len(parsed) - through_parse  # the good rows skipped parse


def test_text_moments_read_as_moment_then_local_time(clock):
    """Every minute-and-second shape around both clock changes of 2026 and an ordinary day,
    day first and ISO: the hour's start plus minutes and seconds, or None for the long way."""
    quick, local = TextMoments(LocalTime(clock)), LocalTime(clock)
    cells = [f"{day} {hour:02d}:{minute:02d}:{second:02d}"
             for day in ("29/03/2026", "2026-03-29", "25/10/2026", "2026-10-25T", "20/11/2026")
             for hour in range(0, 25) for minute in (0, 7, 59, 60) for second in (0, 30, 59, 61)]
    cells = [c.replace("T ", "T") for c in cells] + [
        "20/11/2026 10:00", " 20/11/2026 10:0:00", "31/02/2026 10:00:00", "20/11/2026 1a:00:00",
        "20/11/2026 10:0a:00", "20/11/2026 10:00:٣٣", "20-11-2026 10:00:00", "2026/11/20 10:00:00"]
    read = 0
    for cell in cells:
        found = quick(cell)
        if found is None:
            continue
        d, t, zone = moment(cell)
        assert zone is None and found == local.utc(d, t) and found.tzinfo is UTC, cell
        read += 1
    # 29 March in 2 shapes x 23 hours (02:00 is skipped: the long way), 25 October in 2 shapes x 24
    # (02:00 comes twice, read once as LocalTime reads it), 20 November x 24; 3 x 3 minutes-seconds
    assert read == (2 * 23 + 2 * 24 + 24) * 9
    assert quick("29/03/2026 02:30:00") is None and quick("20/11/2026 24:00:00") is None
    assert quick("20/11/2026 10:45:09") == datetime(2026, 11, 20, 9, 45, 9, tzinfo=UTC)


@pytest.mark.sqlite_only("the driver is given the moment's text on SQLite only")
def test_moments_inserted_as_text_are_stored_as_the_orm_stores_them(settings, clock, store):
    """insert_rows hands SQLite an aware UTC moment as the text SQLAlchemy's binding makes of it:
    the same bytes as the ORM stores (queries compare them as text), microseconds, an early year,
    a moment in another zone and pendulum's own DateTime included."""
    small = build_small(store, clock)
    utc = [datetime(2026, 11, 25, 9, 5, 7, tzinfo=UTC), datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC),
           datetime(987, 1, 2, 3, 4, 5, 6, tzinfo=UTC)]
    moments = [*utc, datetime(2026, 10, 25, 2, 30, tzinfo=timezone(timedelta(hours=2))), clock.now()]
    columns = ("receipt", "line", "sold_at", "associate_id", "amount", "units", "category", "source")
    with store.write() as s:
        for i, when in enumerate(moments):
            s.add(Sale(boutique_id=store.boutique_id, receipt=f"ORM{i}", sold_at=when, associate_id=small.sop,
                       amount=100, category="", source="pos"))
        insert_rows(s, Sale.__table__, [(f"RAW{i}", 1, when, small.sop, 100, 1, "", "pos")
                                        for i, when in enumerate(moments)], columns,
                    {"boutique_id": store.boutique_id})
    db = sqlite3.connect(settings.store_path)
    stored = dict(db.execute("SELECT receipt, sold_at FROM sale "
                             "WHERE receipt LIKE 'ORM%' OR receipt LIKE 'RAW%'"))
    db.close()
    assert len(stored) == 2 * len(moments)
    for i in range(len(moments)):
        assert stored[f"RAW{i}"] == stored[f"ORM{i}"]
    assert utc_texts(utc) == [stored[f"ORM{i}"] for i in range(len(utc))]
    with store.read() as s:  # and the moments go that way, not through SQLAlchemy's bind processors
        assert _sqlite_values(Sale.__table__.c.sold_at, s.connection().dialect).__name__ == "moments"
    assert stored["RAW1"] == "2026-03-29 00:59:59.123456" and stored["RAW3"] == "2026-10-25 00:30:00.000000"
