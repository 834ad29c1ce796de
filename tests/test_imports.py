"""Data in: every format and locale variant from small files in tests/data/imports/, against the
small boutique of conftest.py (Wednesday 25 November 2026, 15:00 in Paris).

Associates SOP Sophie Martin, LD Louis Durand, AK Aiko Kimura, MB Marc Bernard; clients C100001
(VIC, SOP), C100002 (VIC, LD), C100003 (HJ, MB), C100004 (regular, AK). No sales on 17-23 Nov.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from floorcon.config import ConfigError, Measure, parse_settings
from floorcon.models import (
    Associate,
    ChangeLog,
    Client,
    ClientConsent,
    FollowUp,
    Sale,
    SatisfactionScore,
    Shift,
    Target,
    Traffic,
)
from floorcon.services import kpi, rituals
from floorcon.services.imports import KINDS, ImportRefused, ImportResult, Problem, import_file, rejects_path
from floorcon.services.imports.values import LocalTime, Money, moment
from floorcon.services.parsing import InputError
from floorcon.services.team import on_floor

from .conftest import CONFIG, TODAY, assert_one_error_line, run

DATA = Path(__file__).parent / "data" / "imports"
TABLES = (Sale, Traffic, SatisfactionScore, Client, ClientConsent, Target, Shift, FollowUp, ChangeLog)


def imp(store, settings, clock, kind: str, file: str | Path, **kw) -> ImportResult:
    path = file if isinstance(file, Path) else DATA / file
    return import_file(store, settings, clock, kind, path, **kw)


def figures(store, clock, day: date) -> tuple[int, int, int, int]:
    with store.read() as s:
        f = kpi.sales_figures(s, store.boutique_id, *clock.day_bounds(day))
    return f.net_sales, f.transactions, f.units, f.identified_transactions


def counts(store) -> dict[str, int]:
    with store.read() as s:
        return {t.__tablename__: s.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def sales(store, receipt: str) -> list[Sale]:
    with store.read() as s:
        return list(s.exec(select(Sale).where(Sale.receipt == receipt).order_by(Sale.line)))


def local(clock, moment_utc: datetime) -> str:
    return clock.local(moment_utc).format("YYYY-MM-DD HH:mm:ss")


# -- sales, one file per format and locale ------------------------------------------------------


def test_sales_comma_utf8_iso_dates(store, clock, settings, small):
    result = imp(store, settings, clock, "sales", "sales_comma.csv")
    assert result.summary() == "sales: 4 rows — 4 added, 0 updated, 0 unchanged, 0 rejected"
    assert result.written and not result.dry_run and result.problems == [] and result.unknown == {}
    # P100 125,000 + 9,550 (client), P101 890,000, P102 a return of 35,000
    assert figures(store, clock, date(2026, 11, 20)) == (989_550, 1, 2, 1)
    p100 = sales(store, "P100")
    assert [(x.line, x.amount, x.units, x.category, x.client_id, x.source) for x in p100] == [
        (1, 125_000, 1, "jewelry", small.vic1, "pos"), (2, 9_550, 1, "accessories", small.vic1, "pos")]
    assert p100[0].associate_id == small.sop
    assert p100[0].sold_at == datetime(2026, 11, 20, 9, 45, tzinfo=UTC)  # 10:45 in Paris
    assert local(clock, sales(store, "P101")[0].sold_at) == "2026-11-20 14:05:00"  # ISO with T
    assert [(x.amount, x.units) for x in sales(store, "P102")] == [(-35_000, -1)]


def test_sales_semicolon_bom_decimal_comma_nbsp_day_first(store, clock, settings, small):
    raw = (DATA / "sales_semicolon_bom.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "12\u00a0500,00".encode() in raw and "\u202f".encode() in raw
    result = imp(store, settings, clock, "sales", "sales_semicolon_bom.csv")
    assert (result.added, result.rows) == (3, 3)
    # 12 500,00 (NBSP) + 1 250,50 (narrow NBSP) on T2001 for the HJ client, 3 400,00 on T2002
    assert figures(store, clock, date(2026, 11, 21)) == (1_715_050, 2, 4, 1)
    t2001 = sales(store, "T2001")
    assert [(x.amount, x.units, x.category, x.associate_id) for x in t2001] == [
        (1_250_000, 1, "high jewelry", small.sop),  # "Sophie Martin"
        (125_050, 2, "jewelry", small.sop)]  # "SOP"
    t2002 = sales(store, "T2002")[0]
    assert t2002.associate_id == small.ld  # "ld": case ignored
    assert local(clock, t2002.sold_at) == "2026-11-21 15:40:30"


def test_sales_windows_1252_french_headers_separate_time_no_line_column(store, clock, settings, small):
    raw = (DATA / "sales_cp1252.csv").read_bytes()
    assert "Quantité".encode("cp1252") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    result = imp(store, settings, clock, "sales", "sales_cp1252.csv")
    assert result.added == 3
    assert figures(store, clock, date(2026, 11, 23)) == (338_456, 2, 3, 1)  # 1.234,56 + 150 + 2.000
    w1 = sales(store, "W1")
    assert [(x.line, x.amount, x.category) for x in w1] == [(1, 123_456, "jewelry"),
                                                            (2, 15_000, "accessories")]
    assert local(clock, w1[0].sold_at) == "2026-11-23 10:30:00"  # Date + Heure
    assert [(x.amount, x.category, x.associate_id) for x in sales(store, "W2")] == [
        (200_000, "leather goods", small.mb)]
    # no line column: a receipt's lines are numbered in file order, so a second import matches them
    again = imp(store, settings, clock, "sales", "sales_cp1252.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)


def test_sales_tab_separated(store, clock, settings, small):
    result = imp(store, settings, clock, "sales", "sales_tab.tsv")
    assert result.added == 2
    assert figures(store, clock, date(2026, 11, 19)) == (152_500, 1, 2, 0)  # "1,500.00" + 25
    assert {x.associate_id for x in sales(store, "X1")} == {small.mb}  # the "SA" column


def test_sales_xlsx_with_title_rows_and_typed_cells(store, clock, settings, small, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Export caisse du 25/11/2026"])
    sheet.append([])
    sheet.append(["N° Ticket", "Ligne", "Date", "Vendeur", "Montant TTC", "Qté", "Famille", "N° client"])
    sheet.append([5001, 1, datetime(2026, 11, 22, 11, 5), "SOP", 1250.5, 1, "Joaillerie", "C100001"])
    sheet.append([5001, 2, datetime(2026, 11, 22, 11, 5), "SOP", 99, 1, "Accessoires", "C100001"])
    sheet.append(["5002", 1, "22/11/2026 16:20", "Louis Durand", "2 000,00", 2, "Horlogerie", None])
    path = tmp_path / "ventes.xlsx"
    book.save(path)
    result = imp(store, settings, clock, "sales", path)
    assert (result.rows, result.added, result.problems) == (3, 3, [])
    assert figures(store, clock, date(2026, 11, 22)) == (334_950, 2, 4, 1)
    assert [(x.line, x.amount) for x in sales(store, "5001")] == [(1, 125_050), (2, 9_900)]
    assert local(clock, sales(store, "5001")[0].sold_at) == "2026-11-22 11:05:00"
    assert imp(store, settings, clock, "sales", path).unchanged == 3

    sheet.append([5003, 1, datetime(2026, 11, 22, 17), "SOP", "abc", 1, None, None])  # row 7
    book.save(path)
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "sales", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "ventes.xlsx:7: Montant TTC: 'abc' is not an amount"]


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-16", "\t"), ("utf-8", "|"), ("cp1252", "\t")])
def test_excel_unicode_text_and_pipes(store, clock, settings, small, tmp_path, encoding, delimiter):
    path = tmp_path / "export.txt"
    rows = [["Ticket", "Date", "Vendeuse", "Montant", "Catégorie"],
            ["U1", "22/11/2026 10:00", "Aiko Kimura", "1 250,00", "Bijouterie"]]
    path.write_bytes("\r\n".join(delimiter.join(r) for r in rows).encode(encoding))
    assert imp(store, settings, clock, "sales", path).added == 1
    [line] = sales(store, "U1")
    assert (line.amount, line.category, line.associate_id) == (125_000, "jewelry", small.ak)


def test_sales_mapping_from_config(store, clock, settings, small):
    mapped = replace(settings, import_columns={"sales": {"receipt": "Numéro de caisse",
                                                         "associate": "Code vendeur"}})
    result = imp(store, mapped, clock, "sales", "sales_mapped.csv")
    assert result.added == 2
    assert figures(store, clock, date(2026, 11, 18)) == (120_000, 2, 2, 0)
    with pytest.raises(InputError, match="no receipt column"):  # without the mapping
        imp(store, settings, clock, "sales", "sales_mapped.csv")
    wrong = replace(settings, import_columns={"sales": {"receipt": "Caisse", "associate": "Code vendeur"}})
    with pytest.raises(InputError) as error:
        imp(store, wrong, clock, "sales", "sales_mapped.csv")
    assert "import.sales.receipt names the column 'Caisse', which is not in the file" in str(error.value)
    assert "Numéro de caisse, Code vendeur, Horodatage, Montant" in str(error.value)


def test_mapping_keys_in_config_toml():
    settings = parse_settings({"import": {"sales": {"receipt": " Numéro de caisse "},
                                          "traffic": {"visitors": "Passages"}}})
    assert settings.import_columns == {"sales": {"receipt": "Numéro de caisse"},
                                       "traffic": {"visitors": "Passages"}}
    with pytest.raises(ConfigError, match=r"import\.stock: unknown kind"):
        parse_settings({"import": {"stock": {"sku": "SKU"}}})
    with pytest.raises(ConfigError, match=r"import\.sales\.ticket: unknown field \(use receipt, line"):
        parse_settings({"import": {"sales": {"ticket": "N°"}}})
    with pytest.raises(ConfigError, match=r"import\.sales\.receipt: '' is not a column name"):
        parse_settings({"import": {"sales": {"receipt": ""}}})


# -- idempotency, updates ------------------------------------------------------------------------

ALL_FILES = [
    ("sales", "sales_comma.csv"), ("sales", "sales_semicolon_bom.csv"), ("sales", "sales_cp1252.csv"),
    ("sales", "sales_tab.tsv"), ("traffic", "traffic.csv"), ("traffic", "traffic_fr.csv"),
    ("satisfaction", "satisfaction.csv"), ("clients", "clients_fr.csv"), ("targets", "targets_month.csv"),
    ("targets", "targets_day.csv"), ("schedule", "schedule.csv"),
]


@pytest.mark.parametrize(("kind", "file"), ALL_FILES)
def test_the_same_file_twice_adds_nothing(store, clock, settings, small, kind, file):
    first = imp(store, settings, clock, kind, file)
    assert first.added > 0 and first.problems == []
    after_first = counts(store)
    second = imp(store, settings, clock, kind, file)
    assert (second.added, second.updated, second.rejected) == (0, 0, 0)
    assert second.unchanged == first.added + first.updated
    assert counts(store) == after_first  # not even a ChangeLog row: nothing changed


def test_changed_values_update_the_record(store, clock, settings, small, tmp_path):
    imp(store, settings, clock, "sales", "sales_comma.csv")
    changed = tmp_path / "sales_comma.csv"
    text = (DATA / "sales_comma.csv").read_text().replace("P101,1,2026-11-20T14:05:00,LD,8900",
                                                          "P101,1,2026-11-20T14:05:00,AK,8800")
    changed.write_text(text)
    result = imp(store, settings, clock, "sales", changed)
    assert result.summary() == "sales: 4 rows — 0 added, 1 updated, 3 unchanged, 0 rejected"
    p101 = sales(store, "P101")
    assert [(x.amount, x.associate_id) for x in p101] == [(880_000, small.ak)]
    assert figures(store, clock, date(2026, 11, 20))[0] == 989_550 - 10_000


def test_one_changelog_row_per_import(store, clock, settings, small):
    imp(store, settings, clock, "sales", "sales_comma.csv")
    with store.read() as s:
        rows = list(s.exec(select(ChangeLog).where(ChangeLog.action == "import")))
    assert [(r.table_name, r.row_id, r.fields, r.actor) for r in rows] == [
        ("sale", 0, "4 added, 0 updated from sales_comma.csv", "SM")]
    assert rows[0].changed_at == clock.now_utc()


# -- all or nothing, --skip-bad, dry run ---------------------------------------------------------

BAD_LINES = [
    "sales_bad.csv:4: amount: '12,34,5' is not an amount",
    "sales_bad.csv:6: associate: unknown 'Sofie' (closest: SOP (Sophie Martin))",
    "sales_bad.csv:6: client: unknown 'C999'",
]


def test_a_file_with_bad_rows_writes_nothing(store, clock, settings, small):
    before = counts(store)
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "sales", "sales_bad.csv")
    result = refused.value.result
    assert [str(p) for p in result.problems] == BAD_LINES
    assert result.problems[0] == Problem("sales_bad.csv", 4, "amount", "'12,34,5' is not an amount")
    assert (result.rows, result.rejected, result.added, result.written) == (5, 2, 3, False)
    assert result.unknown == {"associate": ["Sofie"], "client": ["C999"]}
    assert str(refused.value) == (f"{DATA / 'sales_bad.csv'}: 2 bad rows; nothing imported "
                                  "(use --skip-bad to import the good rows)")
    assert isinstance(refused.value, InputError)
    assert counts(store) == before
    assert not rejects_path(DATA / "sales_bad.csv").exists()


def test_skip_bad_writes_the_good_rows_and_the_rejects(store, clock, settings, small, tmp_path):
    path = tmp_path / "sales_bad.csv"
    shutil.copyfile(DATA / "sales_bad.csv", path)
    result = imp(store, settings, clock, "sales", path, skip_bad=True)
    assert result.summary() == "sales: 5 rows — 3 added, 0 updated, 0 unchanged, 2 rejected"
    assert result.written and [str(p) for p in result.problems] == BAD_LINES
    assert figures(store, clock, date(2026, 11, 17)) == (60_000, 3, 3, 0)  # B1, B2, B4
    assert result.rejects_file == tmp_path / "sales_bad.rejects.csv"
    raw = result.rejects_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert result.rejects_file.stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows == [
        ["receipt", "line", "date", "associate", "amount", "units", "category", "client", "file line",
         "problem"],
        ["B3", "1", "2026-11-17 12:00", "AK", "12,34,5", "1", "jewelry", "", "4",
         "amount: '12,34,5' is not an amount"],
        ["B5", "1", "2026-11-17 14:00", "Sofie", "400", "1", "jewelry", "C999", "6",
         "associate: unknown 'Sofie' (closest: SOP (Sophie Martin)); client: unknown 'C999'"],
    ]


def test_rejects_of_a_semicolon_file_keep_its_delimiter(store, clock, settings, small, tmp_path):
    path = tmp_path / "traffic.csv"
    path.write_text("Date;Heure;Entrées\n21/11/2026;10h;18\n21/11/2026;11h30;4\n", encoding="utf-8")
    result = imp(store, settings, clock, "traffic", path, skip_bad=True)
    assert [str(p) for p in result.problems] == ["traffic.csv:3: Heure: '11h30' is not the start of an hour"]
    assert result.rejects_file is not None
    assert result.rejects_file.read_text(encoding="utf-8-sig").splitlines() == [
        "Date;Heure;Entrées;line;problem", "21/11/2026;11h30;4;3;Heure: '11h30' is not the start of an hour"]


def test_dry_run_writes_nothing(store, clock, settings, small, tmp_path):
    before = counts(store)
    result = imp(store, settings, clock, "sales", "sales_comma.csv", dry_run=True)
    assert (result.added, result.updated, result.unchanged) == (4, 0, 0)
    assert result.dry_run and not result.written
    assert counts(store) == before
    imp(store, settings, clock, "sales", "sales_comma.csv")
    assert imp(store, settings, clock, "sales", "sales_comma.csv", dry_run=True).unchanged == 4

    path = tmp_path / "sales_bad.csv"
    shutil.copyfile(DATA / "sales_bad.csv", path)
    before = counts(store)
    with pytest.raises(ImportRefused) as refused:  # a dry run says the import would be refused
        imp(store, settings, clock, "sales", path, dry_run=True)
    assert refused.value.result.dry_run and refused.value.result.added == 3
    skipped = imp(store, settings, clock, "sales", path, dry_run=True, skip_bad=True)
    assert (skipped.added, skipped.rejected, skipped.rejects_file, skipped.written) == (3, 2, None, False)
    assert not rejects_path(path).exists()
    assert counts(store) == before


def test_satisfaction_dry_run_counts_the_followups_it_would_create(store, clock, settings, small):
    result = imp(store, settings, clock, "satisfaction", "satisfaction.csv", dry_run=True)
    assert result.followups == 1 and result.notes == ["1 satisfaction-recovery follow-up would be created"]
    assert counts(store)["followup"] == 6


# -- problems, one line each -------------------------------------------------------------------


def test_problems_name_file_line_column_and_reason(store, clock, settings, small, tmp_path):
    path = tmp_path / "pos.csv"
    path.write_text(
        "Ticket;Ligne;Date;Vendeur;Montant;Qté\n"
        "A0;1;31/02/2026 10:00;SOP;100;1\n"      # 2: not a real date
        "A1;1;20/11/2026 10:00;SOP;100;1\n"      # 3: fine
        "A1;1;20/11/2026 11:00;SOP;50;1\n"       # 4: the same receipt and line again
        "A2;1;20/11/2026 12:00;;0;1\n"           # 5: no associate, zero amount
        "A3;1;20/11/2026;Sophie;-100;2\n"        # 6: a return with positive units
        "A4;x;2026-11-20 12:00;ZZ;€ 1 250,00;1\n"  # 7: bad line number, unknown associate
        "\n"
        "A5;1;20 nov;MB;12.345,678;1\n",         # 9: not a date, too many decimals
        encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "sales", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "pos.csv:2: Date: '31/02/2026 10:00' is not a real date",
        "pos.csv:4: Ligne: receipt A1 line 1 is already on line 3",
        "pos.csv:5: Vendeur: empty, expected initials or a name",
        "pos.csv:5: Montant: a sale line cannot be zero",
        "pos.csv:6: Qté: a return has both amount and units negative, a sale both positive",
        "pos.csv:7: Ligne: 'x' is not a line number (1, 2, …)",
        "pos.csv:7: Vendeur: unknown 'ZZ'",
        "pos.csv:9: Date: '20 nov' is not a date (use 28/11/2026 or 2026-11-28)",
        "pos.csv:9: Montant: '12.345,678' has more than 2 decimals",
    ]
    assert refused.value.result.rejected == 6


def test_a_decimal_comma_in_a_comma_separated_file_is_caught(store, clock, settings, small, tmp_path):
    path = tmp_path / "pos.csv"
    path.write_text("receipt,date,associate,amount\nA1,2026-11-20 10:00,SOP,12,50\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "sales", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "pos.csv:2: row: 5 cells, but the header has 4 columns (a decimal comma in a comma-separated file?)"]


def test_associates_by_initials_or_name_never_invented(store, clock, settings, small, tmp_path):
    path = tmp_path / "pos.csv"
    path.write_text("receipt;date;associate;amount\n"
                    "N1;20/11/2026 10:00;sop;10\nN2;20/11/2026 10:00;Martin Sophie;10\n"
                    "N3;20/11/2026 10:00;Aiko;10\nN4;20/11/2026 10:00;KIMURA, Aiko;10\n"
                    "N5;20/11/2026 10:00;Loui Durant;10\nN6;20/11/2026 10:00;Zoe;10\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "sales", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "pos.csv:6: associate: unknown 'Loui Durant' (closest: LD (Louis Durand))",
        "pos.csv:7: associate: unknown 'Zoe'",
    ]
    assert refused.value.result.unknown == {"associate": ["Loui Durant", "Zoe"]}
    result = imp(store, settings, clock, "sales", path, skip_bad=True)
    assert result.added == 4
    with store.read() as s:
        who = dict(s.exec(select(Sale.receipt, Sale.associate_id).where(Sale.receipt.startswith("N"))).all())
    assert who == {"N1": small.sop, "N2": small.sop, "N3": small.ak, "N4": small.ak}
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(Client)).one() == 4  # and no client invented


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"foo;bar\n1;2\n", "no sales header found (expected columns such as receipt, date, associate, amount; "
                        "line 1 has: foo, bar)"),
    (b"ticket;montant\nA;1\n", "no date or time column (looked for date / date heure / date et heure / "
                               "time / heure / hour; the header on line 1 has: ticket, montant)"),
    (b"\x00\x01\x02binary", "is not a text file (CSV) or an .xlsx workbook"),
    (b"PK\x03\x04not really a zip", "is not a readable .xlsx workbook"),
])
def test_a_file_that_cannot_be_read_is_one_error(store, clock, settings, small, tmp_path, content, message):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        imp(store, settings, clock, "sales", path)
    assert not isinstance(error.value, ImportRefused)
    assert str(error.value).startswith(f"{path}: ") and message in str(error.value)


def test_missing_file_old_excel_and_unknown_kind(store, clock, settings, small, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        imp(store, settings, clock, "sales", tmp_path / "missing.csv")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"\.xls files cannot be read; save it as \.xlsx or CSV"):
        imp(store, settings, clock, "sales", tmp_path / "old.xls")
    with pytest.raises(InputError, match="kind: 'stock' is not one of sales, traffic"):
        imp(store, settings, clock, "stock", "sales_comma.csv")
    assert KINDS == ("sales", "traffic", "satisfaction", "clients", "targets", "schedule")


def test_a_title_above_the_header_and_excel_sep_line(store, clock, settings, small, tmp_path):
    path = tmp_path / "pos.csv"
    path.write_text("sep=;\nExport caisse\n\nTicket;Date;Vendeur;Montant\nE1;20/11/2026 10:00;SOP;1,5\n"
                    "E2;20/11/2026 10:00;SOP;x\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "sales", path)
    assert [str(p) for p in refused.value.result.problems] == ["pos.csv:6: Montant: 'x' is not an amount"]
    assert refused.value.result.rows == 2


def test_progress_every_thousand_rows_and_at_the_end(store, clock, settings, small, tmp_path):
    path = tmp_path / "big.csv"
    lines = ["receipt;date;associate;amount"] + [f"G{i};20/11/2026 12:00;LD;10" for i in range(2500)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calls: list[tuple[int, int]] = []
    result = imp(store, settings, clock, "sales", path,
                 progress=lambda done, total: calls.append((done, total)))
    assert result.added == 2500
    assert calls == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


# -- values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "minor"), [
    ("1250", 125_000), ("1250.5", 125_050), ("1250,5", 125_050), ("1 250,50", 125_050),
    ("1\u00a0250,50", 125_050), ("1\u202f250,50", 125_050), ("1.250,50", 125_050), ("1,250.50", 125_050),
    ("12 345 678,90", 1_234_567_890), ("-95", -9_500), ("€ 1 250", 125_000), ("1.250", 125_000),
    ("1,250", 125_000), ("0,99", 99),
])
def test_amounts_as_spreadsheets_write_them(text, minor):
    assert Money(2)(text) == minor


@pytest.mark.parametrize(("text", "expected"), [
    ("25/11/2026", (date(2026, 11, 25), None)),
    ("2026-11-25", (date(2026, 11, 25), None)),
    ("25/11/2026 14:05", (date(2026, 11, 25), time(14, 5))),
    ("25/11/2026 14:05:09", (date(2026, 11, 25), time(14, 5, 9))),
    ("25.11.2026 9h30", (date(2026, 11, 25), time(9, 30))),
    ("2026-11-25T14:05:09", (date(2026, 11, 25), time(14, 5, 9))),
    ("2026-11-25 14:05", (date(2026, 11, 25), time(14, 5))),
    ("2026/11/25 14:05:09.123", (date(2026, 11, 25), time(14, 5, 9))),
])
def test_dates_with_or_without_time(text, expected):
    d, t, zone = moment(text)
    assert (d, t) == expected and zone is None


def test_an_explicit_zone_is_kept(store, clock, settings):
    d, t, zone = moment("2026-11-25T14:05:00Z")
    assert LocalTime(clock).utc(d, t, zone) == datetime(2026, 11, 25, 14, 5, tzinfo=UTC)


@pytest.mark.parametrize("when", ["2026-03-29 01:30", "2026-03-29 02:30", "2026-03-29 03:30",
                                  "2026-10-25 01:59", "2026-10-25 02:30", "2026-10-25 03:00",
                                  "2026-06-01 12:00", "2026-12-31 23:59"])
def test_local_times_turn_to_utc_as_the_clock_does(clock, when):
    d, t, _ = moment(when)
    assert LocalTime(clock).utc(d, t) == clock.at(d, t)


# -- traffic -----------------------------------------------------------------------------------


def test_traffic_by_hour(store, clock, settings, small):
    imp(store, settings, clock, "traffic", "traffic.csv")
    imp(store, settings, clock, "traffic", "traffic_fr.csv")  # Windows-1252, "10h-11h", "1 020"
    with store.read() as s:
        assert kpi.visitors(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 20))) == 67
        assert kpi.visitors(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 21))) == 1_038
        hours = s.exec(select(Traffic.hour_start).where(Traffic.visitors == 14)).all()
    assert hours == [datetime(2026, 11, 20, 9, tzinfo=UTC)]


def test_traffic_in_one_date_time_column(store, clock, settings, small, tmp_path):
    path = tmp_path / "counter.csv"
    path.write_text("Timestamp,Entries\n2026-11-25 16:00,30\n2026-11-25 17:00,12\n2026-11-25,3\n")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "traffic", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "counter.csv:4: Timestamp: '2026-11-25' has no hour, and there is no hour column"]
    imp(store, settings, clock, "traffic", path, skip_bad=True)
    with store.read() as s:
        assert kpi.visitors(s, store.boutique_id, *clock.day_bounds(TODAY)) == 90 + 42


# -- satisfaction and recovery follow-ups ------------------------------------------------------


def recoveries(store) -> list[FollowUp]:
    with store.read() as s:
        return list(s.exec(select(FollowUp).where(FollowUp.kind == "satisfaction-recovery")))


def test_a_score_under_threshold_creates_one_recovery_followup(store, clock, settings, small):
    result = imp(store, settings, clock, "satisfaction", "satisfaction.csv")
    assert result.summary() == "satisfaction: 4 rows — 4 added, 0 updated, 0 unchanged, 0 rejected"
    assert result.followups == 1 and result.notes == ["1 satisfaction-recovery follow-up created"]
    [f] = recoveries(store)
    assert (f.client_id, f.owner_id, f.due, f.status, f.action) == (
        small.vic2, small.ld, date(2026, 11, 25), "open",
        "Recovery: CER 6.5 — Waited too long at the counter")
    with store.read() as s:
        scores = {x.response_id: x for x in s.exec(select(SatisfactionScore))}
    s103 = scores["S103"]
    assert (s103.measure, s103.score, s103.associate_id) == ("CARE", 9.5, small.ak)
    assert local(clock, scores["S103"].received_at) == "2026-11-24 12:00:00"  # no time: noon
    assert (scores["S102"].measure, scores["S102"].associate_id, scores["S102"].client_id) == ("NPS", None,
                                                                                               small.regular)
    again = imp(store, settings, clock, "satisfaction", "satisfaction.csv")
    assert (again.unchanged, again.followups) == (4, 0)
    assert len(recoveries(store)) == 1
    with store.read() as s:  # the recap flags it, NPS (not configured) has no threshold
        lines = rituals.scores(s, store.boutique_id, *clock.day_bounds(date(2026, 11, 24)), settings)
    assert [(x.measure, x.below, x.threshold) for x in lines] == [
        ("NPS", False, None), ("CER", True, 8.0), ("FTR", False, 8.0), ("CARE", False, 8.0)]


def test_a_score_that_drops_under_threshold_later_creates_its_followup_once(store, clock, settings, small,
                                                                            tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("id,date,measure,score,client\nQ1,2026-11-20 10:00,FTR,9,C100001\n")
    imp(store, settings, clock, "satisfaction", path)
    assert recoveries(store) == []
    path.write_text("id,date,measure,score,client\nQ1,2026-11-20 10:00,FTR,\"7,5\",C100001\n")
    result = imp(store, settings, clock, "satisfaction", path)
    assert (result.updated, result.followups) == (1, 1)
    [f] = recoveries(store)
    assert (f.owner_id, f.due, f.action) == (small.sop, TODAY, "Recovery: FTR 7.5")  # the client's owner
    path.write_text("id,date,measure,score,client\nQ1,2026-11-20 10:00,FTR,7,C100001\n")
    assert imp(store, settings, clock, "satisfaction", path).followups == 0  # already under: no second one
    assert len(recoveries(store)) == 1


def test_measures_from_config_simple_and_table_forms(store, clock, small, tmp_path):
    raw = {**CONFIG, "satisfaction": {
        "CER": 7.0, "NPS": {"name": "Net Promoter", "scale": 10, "threshold": 7},
        "WAIT": {"name": "Waiting minutes", "scale": 60, "threshold": 15, "higher_is_better": False},
    }}
    settings = replace(parse_settings(raw), store_path=store.path)
    assert settings.satisfaction_measures["CER"] == Measure("CER", "CER", 10.0, 7.0, True)
    assert settings.satisfaction_measures["NPS"] == Measure("NPS", "Net Promoter", 10.0, 7.0, True)
    assert settings.satisfaction_measures["FTR"].threshold == 8.0  # the defaults stay
    assert settings.satisfaction_thresholds == {"CER": 7.0, "FTR": 8.0, "CARE": 8.0, "NPS": 7.0, "WAIT": 15.0}
    result = imp(store, settings, clock, "satisfaction", "satisfaction.csv")
    # CER 6.5 < 7 (LD), NPS 3 < 7: owned by the client's associate (AK), the answer naming nobody
    assert sorted((f.owner_id, f.action) for f in recoveries(store)) == sorted([
        (small.ld, "Recovery: CER 6.5 — Waited too long at the counter"),
        (small.ak, "Recovery: NPS 3 — Box damaged")])
    assert result.followups == 2

    path = tmp_path / "wait.csv"
    path.write_text("response;date;indicateur;note;client\nW1;24/11/2026 12:00;Waiting minutes;20;C100003\n"
                    "W2;24/11/2026 13:00;wait;10;C100003\nW3;24/11/2026 14:00;WAIT;61;C100003\n")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "satisfaction", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "wait.csv:4: note: 61 is not a score from 0 to 60"]
    imp(store, settings, clock, "satisfaction", path, skip_bad=True)
    waits = [f for f in recoveries(store) if "WAIT" in f.action]
    assert [(f.owner_id, f.action) for f in waits] == [(small.mb, "Recovery: WAIT 20")]  # over is bad here
    with store.read() as s:
        day = clock.day_bounds(date(2026, 11, 24))
        lines = [x for x in rituals.scores(s, store.boutique_id, *day, settings) if x.measure == "WAIT"]
        review = rituals.week(s, store.boutique_id, clock, settings, date(2026, 11, 24))
    assert sorted((x.score, x.below) for x in lines) == [(10.0, False), (20.0, True)]
    waits_week = [(m.measure, m.responses, m.below, m.threshold) for m in review.satisfaction
                  if m.measure == "WAIT"]
    assert waits_week == [("WAIT", 2, 1, 15.0)]


@pytest.mark.parametrize(("table", "message"), [
    ({"CER": 11}, "satisfaction.CER: 11 is not a score from 0 to 10"),
    ({"NPS": {"threshold": 12}}, "satisfaction.NPS.threshold: 12 is not a score from 0 to 10"),
    ({"NPS": {"scale": 0}}, "satisfaction.NPS.scale: 0 is not a scale from 1 to 1000"),
    ({"NPS": {"higher_is_better": "no"}}, "satisfaction.NPS.higher_is_better: 'no' is not true or false"),
    ({"NPS": {"treshold": 7}}, "satisfaction.NPS.treshold: unknown key"),
    ({"NPS": {"name": ""}}, "satisfaction.NPS.name: '' is not a name"),
    ({"A VERY LONG MEASURE NAME": 5}, "is not a measure code"),
])
def test_bad_measure_config_names_the_key(table, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_settings({"satisfaction": table})


def test_measure_without_threshold_and_lower_is_better():
    settings = parse_settings({"satisfaction": {"VOC": {"scale": 5}, "WAIT": {"threshold": 15, "scale": 60,
                                                                             "higher_is_better": False}}})
    voc, wait = settings.measure("voc"), settings.measure("WAIT")
    assert voc is not None and wait is not None
    assert voc.threshold is None and not voc.alert(0)
    assert wait.alert(16) and not wait.alert(15) and not wait.alert(3)
    assert settings.measure("CER").alert(7.9) and not settings.measure("CER").alert(8)
    assert settings.measure("XYZ") is None


def test_an_unknown_client_in_a_survey_is_reported(store, clock, settings, small, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("Response ID,Date,Measure,Score,Client\nZ1,2026-11-24,CER,4,C777\nZ2,2026-11-24,CER,x,\n")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "satisfaction", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "survey.csv:2: Client: unknown 'C777'",
        "survey.csv:3: Score: 'x' is not a score (a number such as 8 or 8,5)"]


# -- clients -------------------------------------------------------------------------------------


def test_clients_from_a_french_crm_export(store, clock, settings, small):
    result = imp(store, settings, clock, "clients", "clients_fr.csv")
    assert result.summary() == "clients: 3 rows — 2 added, 1 updated, 0 unchanged, 0 rejected"
    with store.read() as s:
        got = {c.number: c for c in s.exec(select(Client))}
        consents = sorted((c.client_id, c.channel, c.granted, c.source, c.recorded_by)
                          for c in s.exec(select(ClientConsent)))
    elodie = got["C200001"]
    assert (elodie.title, elodie.first_name, elodie.last_name, elodie.segment, elodie.owner_id, elodie.phone,
            elodie.email, elodie.language, elodie.birthday) == (
        "Mme", "Élodie", "Fèvre", "VIC", small.sop, "0611223344", "elodie@example.fr", "fr",
        date(1985, 2, 14))
    kenji = got["C200002"]
    assert (kenji.segment, kenji.owner_id, kenji.phone, kenji.email, kenji.birthday) == (
        "HJ", small.mb, "+819012345678", "kenji@example.jp", date(1979, 7, 30))
    paul = got["C100004"]
    assert (paul.email, paul.language, paul.owner_id, paul.id) == ("paul.garnier@example.com", "fr", small.ak,
                                                                   small.regular)
    assert consents == sorted([(elodie.id, "email", True, "CRM import", "SM"),
                               (elodie.id, "sms", False, "CRM import", "SM"),
                               (kenji.id, "email", True, "CRM import", "SM")])
    assert (elodie.channels, kenji.channels, paul.channels) == ("email", "email", "")
    assert imp(store, settings, clock, "clients", "clients_fr.csv").unchanged == 3
    assert counts(store)["clientconsent"] == 3


def test_a_consent_imported_again_changes_the_channels_in_force(store, clock, settings, small, tmp_path):
    """The queue reads Client.channels: an import that grants or withdraws writes it again."""
    path = tmp_path / "crm.csv"
    path.write_text("Client number,Last name,Consent email,Consent phone\nC100001,Dubois,yes,yes\n")
    imp(store, settings, clock, "clients", path)
    with store.read() as s:
        assert s.get(Client, small.vic1).channels == "email,phone"
    path.write_text("Client number,Last name,Consent email,Consent phone\nC100001,Dubois,no,yes\n")
    assert imp(store, settings, clock, "clients", path).updated == 1
    with store.read() as s:
        assert s.get(Client, small.vic1).channels == "phone"


def test_client_contacts_never_reach_a_problem_line(store, clock, settings, small, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Client number,Last name,Email,Phone,Birthday,Segment,Consent SMS\n"
                    "C300001,Roy,jeanne.roy@,+33 6 12,12/13/1980,Platinum,maybe\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "clients", path)
    lines = [str(p) for p in refused.value.result.problems]
    assert lines == [
        "crm.csv:2: Segment: 'Platinum' is not a segment (VIC, HJ, regular, prospect)",
        "crm.csv:2: Phone: the value is too short (at least 6 digits)",
        "crm.csv:2: Email: the value is not an e-mail address (the domain needs a dot, as in example.com)",
        "crm.csv:2: Birthday: the value is not a real date",
        "crm.csv:2: Consent SMS: 'maybe' is not yes or no",
    ]
    assert "jeanne" not in " ".join(lines) and "+33" not in " ".join(lines) and "1980" not in " ".join(lines)


def test_clients_with_their_profile_columns(store, clock, settings, small, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Client number,Last name,Owner,Second owner,Anniversary,Preferences,Sizes\n"
                    "C300001,Roy,SOP,AK,14/06/2008,Yellow gold,ring 52\n"
                    "C100004,Garnier,AK,,,,\n", encoding="utf-8")
    result = imp(store, settings, clock, "clients", path)
    assert (result.added, result.updated) == (1, 0)  # Garnier: the same as on file
    with store.read() as s:
        roy = s.exec(select(Client).where(Client.number == "C300001")).one()
    assert (roy.second_owner_id, roy.anniversary, roy.preferences, roy.sizes) == (
        small.ak, date(2008, 6, 14), "Yellow gold", "ring 52")
    assert roy.profile_updated_at is not None
    path.write_text("Client number,Last name,Owner,Second owner,Anniversary\n"
                    "C300001,Roy,SOP,SOP,14/06/2099\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "clients", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "crm.csv:2: Anniversary: not a plausible anniversary",
        "crm.csv:2: Second owner: the same associate as the owner",
    ]


def test_an_erased_client_is_left_as_it_is(store, clock, settings, small, tmp_path):
    with store.write() as s:
        client = s.get(Client, small.regular)
        client.first_name, client.erased_at = "", clock.now_utc()
        s.add(client)
    result = imp(store, settings, clock, "clients", "clients_fr.csv")
    assert (result.added, result.updated, result.skipped) == (2, 0, 1)
    assert result.notes == [
        "1 client erased at their request left as they are (remove them from the CRM export)"]
    with store.read() as s:
        assert s.get(Client, small.regular).first_name == ""


# -- targets and schedule ----------------------------------------------------------------------


def test_targets_by_month_day_and_week(store, clock, settings, small):
    imp(store, settings, clock, "targets", "targets_month.csv")
    imp(store, settings, clock, "targets", "targets_day.csv")
    with store.read() as s:
        got = sorted((t.associate_id or 0, t.period, t.start, t.value, t.metric)
                     for t in s.exec(select(Target).where(Target.start >= date(2026, 12, 1))))
    assert got == sorted([
        (0, "month", date(2026, 12, 1), 65_000_000, "net_sales"),
        (small.sop, "month", date(2026, 12, 1), 18_000_000, "net_sales"),
        (small.ld, "month", date(2026, 12, 1), 12_000_000, "net_sales"),  # "décembre 2026", "Louis Durand"
        (0, "day", date(2026, 12, 1), 2_500_000, "net_sales"),
        (small.ak, "day", date(2026, 12, 1), 600_000, "net_sales"),
        (0, "week", date(2026, 12, 7), 15_000_000, "net_sales"),
    ])


def test_a_changed_target_is_updated_not_doubled(store, clock, settings, small, tmp_path):
    path = tmp_path / "objectifs.csv"
    path.write_text("Date;Vendeur;Objectif\n25/11/2026;Boutique;32 000\n25/11/2026;SOP;9 000\n",
                    encoding="utf-8")
    result = imp(store, settings, clock, "targets", path)
    assert (result.added, result.updated) == (1, 1)  # the boutique's day target of conftest: 30,000 -> 32,000
    with store.read() as s:
        day = s.exec(select(Target.associate_id, Target.value).where(Target.start == TODAY,
                                                                     Target.period == "day")).all()
    assert sorted(day, key=lambda r: r[0] or 0) == [(None, 3_200_000), (small.sop, 900_000)]


def test_schedule_writes_shifts_and_moves_them(store, clock, settings, small, tmp_path):
    result = imp(store, settings, clock, "schedule", "schedule.csv")
    assert result.summary() == "schedule: 4 rows — 3 added, 0 updated, 0 unchanged, 0 rejected, 1 skipped"
    with store.read() as s:
        floor = on_floor(s, store.boutique_id, clock, date(2026, 11, 26))
    hours = {f.associate.initials: f.hours for f in floor}
    assert hours == {"SOP": 8.5, "LD": 4.5}
    path = tmp_path / "planning.csv"
    path.write_text("Date;Vendeur;Horaires\n26/11/2026;LD;12:00-19:00\n26/11/2026;AK;10:30-14:00\n",
                    encoding="utf-8")
    moved = imp(store, settings, clock, "schedule", path)
    assert (moved.added, moved.updated) == (1, 1)  # LD's shift moved, not doubled
    with store.read() as s:
        floor = on_floor(s, store.boutique_id, clock, date(2026, 11, 26))
    hours = {f.associate.initials: f.hours for f in floor}
    assert hours == {"SOP": 8.5, "LD": 7.0, "AK": 3.5}


def test_schedule_problems(store, clock, settings, small, tmp_path):
    with store.write() as s:
        mb = s.get(Associate, small.mb)
        mb.active = False
        s.add(mb)
    path = tmp_path / "planning.csv"
    path.write_text("date,associate,start,end\n2026-11-26,SOP,19:00,10:30\n2026-11-26,MB,10:30,19:00\n"
                    "2026-11-26,LD,10:30,15:00\n2026-11-26,LD,14:00,19:00\n2026-11-26,AK,10h,\n")
    with pytest.raises(ImportRefused) as refused:
        imp(store, settings, clock, "schedule", path)
    assert [str(p) for p in refused.value.result.problems] == [
        "planning.csv:2: end: 10:30 is not after the start 19:00",
        "planning.csv:3: associate: MB (Marc Bernard) is no longer active",
        "planning.csv:5: associate: overlaps the shift on line 4",
        "planning.csv:6: end: empty, expected the end time such as 10:30",
    ]


# -- the command line ----------------------------------------------------------------------------


def test_cli_import_then_again(shop):
    path = str(DATA / "sales_comma.csv")
    done = run(shop, "import", "sales", path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["sales: 4 rows — 4 added, 0 updated, 0 unchanged, 0 rejected"]
    assert done.stderr == ""
    again = run(shop, "import", "sales", path)
    assert (again.returncode, again.stdout.splitlines()) == (
        0, ["sales: 4 rows — 0 added, 0 updated, 4 unchanged, 0 rejected"])


def test_cli_refuses_a_file_with_bad_rows(shop):
    path = str(DATA / "sales_bad.csv")
    done = run(shop, "import", "sales", path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [*BAD_LINES, f"floorcon: {path}: 2 bad rows; nothing imported "
                                                    "(use --skip-bad to import the good rows)"]
    dry = run(shop, "import", "sales", path, "--dry-run")
    assert dry.returncode == 2
    assert dry.stdout.splitlines() == ["sales: 5 rows — 3 added, 0 updated, 0 unchanged, 2 rejected",
                                       "dry run: nothing written"]


def test_cli_dry_run_and_skip_bad(shop, tmp_path):
    dry = run(shop, "import", "sales", str(DATA / "sales_comma.csv"), "--dry-run")
    assert (dry.returncode, dry.stderr) == (0, "")
    assert dry.stdout.splitlines() == ["sales: 4 rows — 4 added, 0 updated, 0 unchanged, 0 rejected",
                                       "dry run: nothing written"]
    done = run(shop, "import", "sales", str(DATA / "sales_comma.csv"))
    assert done.stdout.startswith("sales: 4 rows — 4 added")
    path = tmp_path / "sales_bad.csv"
    shutil.copyfile(DATA / "sales_bad.csv", path)
    done = run(shop, "import", "sales", str(path), "--skip-bad")
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["sales: 5 rows — 3 added, 0 updated, 0 unchanged, 2 rejected",
                                        f"2 bad rows written to {tmp_path / 'sales_bad.rejects.csv'}"]
    assert done.stderr.splitlines() == BAD_LINES


def test_cli_satisfaction_prints_the_followups(shop):
    done = run(shop, "import", "satisfaction", str(DATA / "satisfaction.csv"))
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["satisfaction: 4 rows — 4 added, 0 updated, 0 unchanged, 0 rejected",
                                        "1 satisfaction-recovery follow-up created"]


def test_cli_unreadable_file_is_one_line(shop, tmp_path):
    missing = run(shop, "import", "traffic", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2
    assert_one_error_line(missing.stderr, "nope.csv: no such file")
    headerless = tmp_path / "numbers.csv"
    headerless.write_text("1;2;3\n4;5;6\n")
    done = run(shop, "import", "traffic", str(headerless))
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "numbers.csv: no traffic header found")
    bad_kind = run(shop, "import", "stock", str(headerless))
    assert bad_kind.returncode == 2 and "invalid choice: 'stock'" in bad_kind.stderr


def test_cli_mapping_from_config_toml(shop):
    shop.configure(**{"import.sales": {"receipt": "Numéro de caisse", "associate": "Code vendeur"}})
    done = run(shop, "import", "sales", str(DATA / "sales_mapped.csv"))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("sales: 2 rows — 2 added")
