"""Reading a file as spreadsheets and exports really write it, and finding its header.

CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else Windows-1252;
comma, semicolon, tab or pipe, chosen by which one turns a line into a recognisable header
(Excel's `sep=;` first line is honoured). .xlsx through openpyxl, read-only, values not formulas.
Line numbers are the file's own: the header is line 1 when it is the first line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from ..parsing import InputError

DELIMITERS = (";", ",", "\t", "|")
HEADER_SCAN = 10  # a header is looked for in the first non-empty lines (exports put a title above)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def norm(text: Any) -> str:
    """A header as compared: lower case, no accents, punctuation as single spaces.

    'N° Ticket' -> 'n ticket', 'Quantité' -> 'quantite', 'E-mail' -> 'e mail'.
    """
    decomposed = unicodedata.normalize("NFKD", str(text) if text is not None else "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return _NOT_ALNUM.sub(" ", bare).strip()


@dataclass
class Table:
    """A file's non-empty rows with their line numbers, before the header is known."""

    rows: list[tuple[int, Sequence[Any]]]
    delimiter: str  # what the rejects file uses
    encoding: str
    text: bool = True  # every cell is text (CSV), stripped or not


def read_table(path: Path, score: Callable[[Sequence[Any]], int]) -> Table:
    """All non-empty rows of a CSV or .xlsx file; `score` rates a row as a header."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods", ".numbers", ".xlsb"):
        raise InputError(f"{path}: {suffix} files cannot be read; save it as .xlsx or CSV")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, score)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, score)
    return _read_csv(path, data, score)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{path}: cannot be read as UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: is not a text file (CSV) or an .xlsx workbook")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise InputError(f"{path}: cannot be read as text (neither UTF-8 nor Windows-1252)") from None


def _records(text: str, delimiter: str, first_line: int) -> list[tuple[int, list[str]]]:
    """Non-empty CSV records with the file line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    last = 0
    for cells in reader:
        start = last + 1
        last = reader.line_num
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue
        out.append((start + first_line - 1, cells))
    return out


def _read_csv(path: Path, data: bytes, score: Callable[[Sequence[Any]], int]) -> Table:
    text, encoding = _decode(path, data)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    first_line = 1
    hint = re.match(r"sep=(.)\r?\n", text[:8], re.IGNORECASE)
    if hint:  # Excel's own hint line
        candidates: tuple[str, ...] = (hint[1],)
        text = text[hint.end():]
        first_line = 2
    else:
        candidates = DELIMITERS
    head = text[:200_000]
    best: tuple[int, int, str] | None = None
    for delimiter in candidates:
        try:
            sample = list(islice(csv.reader(io.StringIO(head, newline=None), delimiter=delimiter), 50))
        except csv.Error:
            continue
        rows = [cells for cells in sample if any(c.strip() for c in cells)][:HEADER_SCAN]
        if not rows:
            continue
        rated = max((score(cells), len(cells)) for cells in rows)
        if best is None or rated > best[:2]:
            best = (rated[0], rated[1], delimiter)
    delimiter = best[2] if best else candidates[0]
    try:
        rows = _records(text, delimiter, first_line)
    except csv.Error as exc:
        raise InputError(f"{path}: is not a readable CSV file ({exc})") from None
    if '="' in text:  # Excel's ="00123" keeps a leading zero: the value is what is inside
        rows = [(line, [_unwrap(c) for c in cells]) for line, cells in rows]
    return Table(rows, delimiter, encoding)


def _unwrap(cell: str) -> str:
    bare = cell.strip()
    return bare[2:-1] if bare[:2] == '="' and bare[-1:] == '"' and len(bare) >= 3 else cell


def _read_xlsx(path: Path, score: Callable[[Sequence[Any]], int]) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError:  # pragma: no cover - a dependency of floorcon
        raise InputError(f"{path}: reading .xlsx needs openpyxl (pip install openpyxl)") from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors alike
        raise InputError(f"{path}: is not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        chosen: tuple[int, list[tuple[int, Sequence[Any]]]] | None = None
        for sheet in book.worksheets:
            rows: list[tuple[int, Sequence[Any]]] = []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                if any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
                    rows.append((number, cells))
            rated = max((score(cells) for _, cells in rows[:HEADER_SCAN]), default=-1)
            if chosen is None or rated > chosen[0]:
                chosen = (rated, rows)
    finally:
        book.close()
    if chosen is None or not chosen[1]:
        raise InputError(f"{path}: the workbook is empty")
    return Table(chosen[1], ",", "xlsx", text=False)


@dataclass
class Columns:
    """Which column holds which field, found in the header row."""

    header_line: int
    header: list[str]  # the header cells as written
    index: dict[str, int]  # field -> column
    data: list[tuple[int, Sequence[Any]]]  # the rows below the header
    text: bool = True  # every cell is text (CSV)

    def name(self, field: str) -> str:
        """The column's header as written in the file (what a problem line names)."""
        i = self.index.get(field)
        return self.header[i] if i is not None and self.header[i] else field


def match_header(cells: Sequence[Any], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """field -> column index, for the header cells that name a field.

    When several columns name one field, the one written most like it wins (its alias comes
    first in the list), then the leftmost.
    """
    lookup: dict[str, tuple[str, int]] = {}
    for field, names in aliases.items():
        for rank, alias in enumerate(names):
            lookup.setdefault(alias, (field, rank))
    found: dict[str, tuple[int, int]] = {}
    for i, cell in enumerate(cells):
        hit = lookup.get(norm(cell))
        if hit is None:
            continue
        field, rank = hit
        if field not in found or rank < found[field][0]:
            found[field] = (rank, i)
    return {field: i for field, (_, i) in found.items()}


def find_columns(
    table: Table, path: Path, kind: str, aliases: dict[str, tuple[str, ...]],
    required: Sequence[tuple[str, ...]], overrides: dict[str, str],
) -> Columns:
    """The header row (the best of the first non-empty rows) and its columns.

    `required`: groups of fields, one of each group must be there. `overrides` (from
    `[import.<kind>]`) name the column of a field; a named column missing from the file is an
    error naming both.
    """
    names = {field: (norm(overrides[field]),) if field in overrides else tuple(alias)
             for field, alias in aliases.items()}
    best: tuple[int, int] | None = None
    for position, (_, cells) in enumerate(table.rows[:HEADER_SCAN]):
        rated = len(match_header(cells, names))
        if best is None or rated > best[0]:
            best = (rated, position)
    if best is None or best[0] == 0:
        expected = ", ".join(aliases[g[0]][0] for g in required)
        first = table.rows[0][1] if table.rows else []
        raise InputError(f"{path}: no {kind} header found (expected columns such as {expected}; "
                         f"line {table.rows[0][0] if table.rows else 1} has: {_listing(first)})")
    line, cells = table.rows[best[1]]
    header = [_header_text(c) for c in cells]
    index = match_header(cells, names)
    for field, column in overrides.items():
        if field not in index:
            raise InputError(f"{path}: import.{kind}.{field} names the column {column!r}, which is not "
                             f"in the file (its header on line {line} has: {_listing(cells)})")
    for group in required:
        if not any(field in index for field in group):
            looked = " / ".join(dict.fromkeys(a for field in group for a in aliases[field][:3]))
            raise InputError(f"{path}: no {' or '.join(group)} column (looked for {looked}; "
                             f"the header on line {line} has: {_listing(cells)})")
    return Columns(line, header, index, table.rows[best[1] + 1:], table.text)


def _header_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _listing(cells: Sequence[Any]) -> str:
    shown = [_header_text(c) for c in cells if _header_text(c)]
    text = ", ".join(shown[:12]) + (", …" if len(shown) > 12 else "")
    return text or "nothing"
