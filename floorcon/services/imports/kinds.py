"""The six kinds of file: their columns, how a row is read, and how it meets the store.

Each kind reads a row into a record (or problems), then `plan` compares the records with what
the store holds, by natural key, in one query, and `write` applies the plan with bulk Core
statements. Nothing here commits: the caller's `store.write()` holds the whole import.
"""

from __future__ import annotations

import difflib
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, NamedTuple

from sqlalchemy import Column, DateTime, Table, TypeDecorator, bindparam, insert, update
from sqlalchemy.engine import Dialect
from sqlmodel import Session, SQLModel, col, select

from ...clock import Clock
from ...config import IMPORT_FIELDS, Measure, Settings
from ...models import (
    Associate,
    Client,
    ClientConsent,
    FollowUp,
    FollowUpKind,
    Sale,
    SatisfactionScore,
    Segment,
    Shift,
    Target,
    Traffic,
)
from ..clients import PROFILE_TEXT_LIMIT, parse_language
from ..parsing import InputError, parse_email, parse_phone
from ..privacy import refresh_channels
from . import values
from .reading import Columns, norm
from .values import Bad, LocalTime, Money

_READ = object()  # "read the cell yourself"
_REFUSED = object()  # a cell the fast reader leaves to `parse`, to say what is wrong with it
SKIP = object()  # a row read fine that means "nothing to write" (a day off, an erased client)
NOON = time(12, 0)  # a moment written without a time is taken at noon, local time


@dataclass(frozen=True)
class Problem:
    """One bad cell or row: `file:line: column: reason`."""

    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


class Row:
    """One data row being read; problems collect here."""

    __slots__ = ("cells", "line", "problems")

    def __init__(self, line: int, cells: Sequence[Any]) -> None:
        self.line = line
        self.cells = cells
        self.problems: list[Problem] = []


@dataclass
class Plan:
    """What an import does to the store."""

    # Dicts naming their columns, or records whose columns the kind's `write` names (sales).
    inserts: list[Any] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)  # each with the row's "id"
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    followups: list[dict[str, Any]] = field(default_factory=list)
    consents: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# -- who and which client --------------------------------------------------------------------


def _who(a: Associate) -> str:
    return f"{a.initials} ({a.first_name} {a.last_name})"


class _Readings(dict[Any, Any]):
    """What `read` made of each distinct cell, read on first sight."""

    def __init__(self, read: Callable[[Any], Any]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, raw: Any) -> Any:
        value = self[raw] = self.read(raw)
        return value


class People:
    """Associates by initials or name (either order), accents and case ignored; never invented."""

    def __init__(self, associates: Iterable[Associate]) -> None:
        self.strong: dict[str, list[Associate]] = defaultdict(list)
        self.weak: dict[str, list[Associate]] = defaultdict(list)
        for a in associates:
            for key in {norm(a.initials), norm(f"{a.first_name} {a.last_name}"),
                        norm(f"{a.last_name} {a.first_name}")}:
                self.strong[key].append(a)
            for key in {norm(a.first_name), norm(a.last_name)}:
                self.weak[key].append(a)
        self.cache: dict[str, Associate | Bad] = {}

    def find(self, text: str) -> Associate:
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = self._find(text)
        if isinstance(found, Bad):
            raise found
        return found

    def _find(self, text: str) -> Associate | Bad:
        key = norm(text)
        for table in (self.strong, self.weak):
            hits = list({a.id: a for a in table.get(key, [])}.values())
            if len(hits) == 1:
                return hits[0]
            if hits:
                return Bad(f"{text!r} is ambiguous: {', '.join(_who(a) for a in hits[:4])}")
        everyone = {**self.weak, **self.strong}
        close = difflib.get_close_matches(key, list(everyone), n=4, cutoff=0.5)
        names = list(dict.fromkeys(_who(a) for k in close for a in everyone[k]))[:3]
        return Bad(f"unknown {text!r}" + (f" (closest: {', '.join(names)})" if names else ""))


class ClientRef(NamedTuple):
    """A client as rows resolve it (a tuple: a store holds tens of thousands of them)."""

    id: int
    owner_id: int | None
    erased: bool


class Clients:
    """Clients by the CRM's number (case ignored when the exact number is not found).

    The rows are kept as read, and one becomes a ClientRef when a cell names it: a store holds
    tens of thousands of clients, a file names a few thousand.
    """

    def __init__(self, rows: Iterable[tuple[str, int, int | None, datetime | None]]) -> None:
        self.rows = {row[0]: row for row in rows}  # number -> (number, id, owner, erased at)
        self.folded: dict[str, tuple[str, int, int | None, datetime | None]] | None = None

    def find(self, text: str) -> ClientRef:
        row = self.rows.get(text)
        if row is None:
            if self.folded is None:  # the first number not written as stored
                self.folded = {}
                for number, stored in self.rows.items():
                    self.folded.setdefault(number.upper(), stored)
            row = self.folded.get(text.upper())
            if row is None:
                raise Bad(f"unknown {text!r}")
        return ClientRef(row[1], row[2], row[3] is not None)

    def owners(self) -> dict[int, int | None]:
        """Each client's associate, by client id."""
        return {row[1]: row[2] for row in self.rows.values()}


# -- the common part of every kind -----------------------------------------------------------


def _aliases(table: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {name: tuple(dict.fromkeys(norm(a) for a in names)) for name, names in table.items()}


_ASSOCIATE = ("associate", "sales associate", "sa", "seller", "salesperson", "sales person", "staff",
              "employee", "advisor", "client advisor", "vendeur", "vendeuse", "vendeur euse", "vendeur se",
              "conseiller", "conseillere", "conseiller e", "conseiller de vente", "collaborateur")
_CLIENT = ("client number", "client no", "client id", "customer number", "customer no", "customer id",
           "n client", "no client", "num client", "numero client", "numero de client", "code client",
           "id client", "client", "customer")


class Kind(ABC):
    """One kind of file. Subclasses give the columns and the three steps."""

    name: ClassVar[str]
    model: ClassVar[type[SQLModel]]
    aliases: ClassVar[dict[str, tuple[str, ...]]]
    required: ClassVar[tuple[tuple[str, ...], ...]]

    def __init__(
        self, settings: Settings, clock: Clock, boutique_id: int, file: str, now: datetime, actor: str = "",
    ) -> None:
        self.settings = settings
        self.actor = actor
        self.clock = clock
        self.b = boutique_id
        self.file = file
        self.now = now
        self.money = Money(settings.minor_digits)
        self.local = LocalTime(clock)
        self.unknown: dict[str, list[str]] = {}
        self.seen: dict[Any, int] = {}  # natural key -> line, to catch a key twice in one file
        self.index: dict[str, int] = {}
        self.columns: Columns | None = None
        self.moments: dict[str, datetime | Bad] = {}

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[attr-defined,no-any-return]

    def bind(self, columns: Columns) -> None:
        self.columns = columns
        self.index = columns.index
        self.headers = {f: columns.name(f) for f in self.aliases}
        self.order = list(self.aliases)
        self.slots = [self.index.get(f) for f in self.order]
        self.all_text = columns.text

    def cells(self, row: Row) -> list[Any]:
        """Every field's cell at once, in `aliases` order (what `cell` gives, faster)."""
        if not self.all_text:
            return [self.cell(row, f) for f in self.order]
        cells = row.cells
        n = len(cells)
        return [None if i is None else cells[i].strip() if i < n else "" for i in self.slots]

    def prepare(self, session: Session) -> None:
        """Load what rows are resolved against (associates, clients), once."""
        return None  # a kind that resolves nothing has nothing to load

    def fast_reader(self) -> Callable[[int, Sequence[Any]], Any] | None:
        """A reader of good rows quicker than `parse` (line, cells -> record, or None to send the
        row to `parse`), for the kinds whose files run to hundreds of thousands of rows."""
        return None

    @abstractmethod
    def parse(self, row: Row) -> Any:
        """One row read into this kind's record, or Bad with the reason."""

    @abstractmethod
    def plan(self, session: Session, records: list[Any]) -> Plan:
        """What the checked records would add, update and leave alone."""

    def write(self, session: Session, plan: Plan) -> None:
        insert_rows(session, self.table, plan.inserts)
        bulk_update(session, self.table, plan.updates)

    # -- helpers for parse -----------------------------------------------------------------
    # Each helper takes the cell's value when the caller already has it (`value`), else reads it.
    def has(self, name: str) -> bool:
        return name in self.index

    def cell(self, row: Row, name: str) -> Any:
        """The cell of a field: stripped text or a workbook value; None when the column is absent,
        "" when empty."""
        i = self.index.get(name)
        if i is None:
            return None
        try:
            value = row.cells[i]
        except IndexError:
            return ""
        if value.__class__ is str:
            return value.strip()
        return "" if value is None else value

    def bad(self, row: Row, name: str, reason: str) -> None:
        row.problems.append(Problem(self.file, row.line, self.headers.get(name, name), reason))

    def needed(self, row: Row, name: str, what: str, value: Any = _READ) -> Any:
        if value is _READ:
            value = self.cell(row, name)
        if value == "" or value is None:
            self.bad(row, name, f"empty, expected {what}")
            return None
        return value

    def text(
        self, row: Row, name: str, limit: int, required: str | None = None, value: Any = _READ,
    ) -> str | None:
        if value is _READ:
            value = self.cell(row, name)
        if value is None:
            return None
        text = value if value.__class__ is str else values.as_text(value).strip()
        if not text and required:
            self.bad(row, name, f"empty, expected {required}")
            return None
        if len(text) > limit:
            self.bad(row, name, f"longer than {limit} characters")
            return None
        return text

    def remember(self, row: Row, name: str, key: Any, shown: str) -> bool:
        """False (and a problem) when the same natural key came earlier in the file."""
        first = self.seen.get(key)
        if first is not None:
            self.bad(row, name, f"{shown} is already on line {first}")
            return False
        self.seen[key] = row.line
        return True

    def associate(
        self, row: Row, name: str, people: People, active: bool = False, required: bool = False,
        value: Any = _READ,
    ) -> int | None:
        """The associate a cell names; None (and a problem) when unknown. Empty -> None (a problem
        when `required`)."""
        if value is _READ:
            value = self.cell(row, name)
        if value is None or value == "":
            if required:
                self.bad(row, name, "empty, expected initials or a name")
            return None
        text = value if value.__class__ is str else values.as_text(value)
        try:
            found = people.find(text)
        except Bad as exc:
            self.bad(row, name, exc.reason)
            if exc.reason.startswith("unknown"):
                names = self.unknown.setdefault("associate", [])
                if text not in names:
                    names.append(text)
            return None
        if active and not found.active:
            self.bad(row, name, f"{_who(found)} is no longer active")
            return None
        return found.id

    def client(self, row: Row, name: str, clients: Clients, value: Any = _READ) -> ClientRef | None:
        if value is _READ:
            value = self.cell(row, name)
        if value is None or value == "":
            return None
        text = value if value.__class__ is str else values.as_text(value)
        try:
            return clients.find(text)
        except Bad as exc:
            self.bad(row, name, exc.reason)
            numbers = self.unknown.setdefault("client", [])
            if text not in numbers:
                numbers.append(text)
            return None

    def moment(self, row: Row, name: str, time_field: str | None = None, value: Any = _READ,
               extra: Any = _READ) -> datetime | None:
        """An aware UTC moment from a date cell (with its time, or the time column's); a moment
        written without a time is taken at noon, local time."""
        if value is _READ:
            value = self.cell(row, name)
        if value is None or value == "":
            self.bad(row, name, f"empty, expected a date ({values.DATE_HINT})")
            return None
        if time_field is not None and extra is _READ:
            extra = self.cell(row, time_field)
        plain = extra is _READ or extra is None or extra == ""
        if plain and value.__class__ is str:
            found = self.moments.get(value)
            if found is not None:
                if found.__class__ is Bad:
                    self.bad(row, name, found.reason)  # type: ignore[union-attr]
                    return None
                return found  # type: ignore[return-value]
        try:
            d, t, zone = values.moment(value)
        except Bad as exc:
            self.bad(row, name, exc.reason)
            if plain and value.__class__ is str:
                self.moments[value] = exc
            return None
        if not plain:
            try:
                t, zone = values.clock_time(extra), None
            except Bad as exc:
                self.bad(row, time_field or name, exc.reason)
                return None
        utc = self.local.utc(d, t if t is not None else NOON, zone)
        if plain and value.__class__ is str:
            self.moments[value] = utc
        return utc

    def read(self, row: Row, name: str, reader: Any, *args: Any, value: Any = _READ) -> Any:
        """reader(cell, *args), or None with a problem; an empty cell is None, no problem."""
        if value is _READ:
            value = self.cell(row, name)
        if value is None or value == "":
            return None
        try:
            return reader(value, *args)
        except Bad as exc:
            self.bad(row, name, exc.reason)
            return None


def insert_rows(
    session: Session, table: Table, rows: Sequence[Any], columns: Sequence[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> None:
    """INSERT executemany: `rows` as dicts that all name the same columns, or as tuples of the
    `columns` named; `fixed` holds the columns whose value is the same on every row.

    On SQLite the rows go to the driver as tuples, each value bound as its column's type binds it
    (an aware UTC moment formatted straight into the text that binding gives): SQLAlchemy's
    handling of each row's parameters would cost about a second for 100,000 sale lines. Core's
    executemany elsewhere, and when a column left out has a default for SQLAlchemy to fill in.
    """
    if not rows:
        return
    fixed = dict(fixed or {})
    as_dicts = columns is None
    given_names = list(rows[0] if columns is None else columns)
    names = [*given_names, *fixed]
    given = set(names)
    conn = session.connection()
    dialect = conn.dialect
    defaulted = any(c.default is not None or c.server_default is not None
                    for c in table.c if c.name not in given)
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark" or defaulted:
        session.execute(insert(table), rows if as_dicts and not fixed else [
            {**(row if as_dicts else dict(zip(given_names, row, strict=True))), **fixed} for row in rows])
        return
    cells: list[Sequence[Any]] = ([[row[name] for row in rows] for name in given_names] if as_dicts
                                  else list(zip(*rows, strict=True)))
    for i, name in enumerate(given_names):
        bound = _sqlite_values(table.c[name], dialect)
        if bound is not None:
            cells[i] = bound(cells[i])
    for name, value in fixed.items():
        bound = _sqlite_values(table.c[name], dialect)
        cells.append([value if bound is None else bound([value])[0]] * len(rows))
    quote = dialect.identifier_preparer
    statement = (f"INSERT INTO {quote.format_table(table)} ({', '.join(quote.quote(n) for n in names)}) "
                 f"VALUES ({', '.join('?' * len(names))})")
    conn.exec_driver_sql(statement, list(zip(*cells, strict=True)))


# Moments whose text the SQLite fast path must write as SQLAlchemy's binding does, or not be used.
_PROBES = (datetime(2026, 11, 25, 9, 5, 7, tzinfo=UTC), datetime(2026, 3, 29, 0, 59, 59, 123456, tzinfo=UTC),
           datetime(987, 1, 2, 3, 4, 5, 6, tzinfo=UTC))
_UTC_TEXT = "%04d-%02d-%02d %02d:%02d:%02d.%06d"


def _sqlite_values(column: Column[Any], dialect: Dialect) -> Callable[[Sequence[Any]], list[Any]] | None:
    """How a column's values go to the SQLite driver: None when as they are.

    A moment column's aware UTC datetimes are written as the text SQLAlchemy's two bind layers
    make of them ('2026-11-25 09:05:07.000000', naive UTC, which queries compare as strings),
    formatted at once, when the probes show both give the same text; any other value goes
    through them.
    """
    bind = column.type.dialect_impl(dialect).bind_processor(dialect)
    if bind is None:
        return None
    stored = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
    if not isinstance(stored, DateTime) or utc_texts(_PROBES) != [bind(p) for p in _PROBES]:
        return lambda cells: [bind(value) for value in cells]

    def moments(cells: Sequence[Any]) -> list[Any]:
        if all(value.__class__ is datetime and value.tzinfo is UTC for value in cells):
            return utc_texts(cells)
        return [bind(value) for value in cells]

    return moments


def utc_texts(moments: Iterable[datetime]) -> list[str]:
    """Aware UTC moments as SQLAlchemy writes them in SQLite: '2026-11-25 09:05:07.000000'."""
    return [_UTC_TEXT % (m.year, m.month, m.day, m.hour, m.minute, m.second, m.microsecond) for m in moments]


def bulk_update(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """UPDATE … WHERE id = :id, executemany, one statement per set of changed columns."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[tuple(sorted(k for k in row if k != "id"))].append(row)
    for names, group in groups.items():
        if not names:
            continue
        statement = (update(table).where(table.c.id == bindparam("row_id"))
                     .values({n: bindparam(f"new_{n}") for n in names}))
        session.execute(statement, [{"row_id": r["id"], **{f"new_{n}": r[n] for n in names}} for r in group])


def _load_people(session: Session, boutique_id: int) -> People:
    return People(session.exec(select(Associate).where(Associate.boutique_id == boutique_id)))


def _load_clients(session: Session, boutique_id: int) -> Clients:
    """Every client of the boutique, as plain rows: a store holds tens of thousands."""
    t = Client.__table__  # type: ignore[attr-defined]
    query = select(t.c.number, t.c.id, t.c.owner_id, t.c.erased_at).where(t.c.boutique_id == boutique_id)
    return Clients(session.connection().execute(query).all())  # fetched at once, not row by row


# -- sales -----------------------------------------------------------------------------------

_CATEGORIES = {
    norm(k): v for k, v in {
        "jewelry": "jewelry", "jewellery": "jewelry", "joaillerie": "jewelry", "bijouterie": "jewelry",
        "bijoux": "jewelry", "fine jewelry": "jewelry", "watches": "watches", "watch": "watches",
        "horlogerie": "watches", "montres": "watches", "montre": "watches", "high jewelry": "high jewelry",
        "high jewellery": "high jewelry", "haute joaillerie": "high jewelry", "hj": "high jewelry",
        "bridal": "bridal", "mariage": "bridal", "alliances": "bridal", "fiancailles": "bridal",
        "leather goods": "leather goods", "leather": "leather goods", "maroquinerie": "leather goods",
        "accessories": "accessories", "accessoires": "accessories",
    }.items()
}
_RECEIPT = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}")
# A sales record's columns, in its order.
_SALE_RECORD = ("receipt", "line", "sold_at", "associate_id", "client_id", "amount", "units", "category")


class SalesKind(Kind):
    name = "sales"
    model = Sale
    aliases = _aliases({
        "receipt": ("receipt", "receipt no", "receipt number", "receipt id", "ticket", "n ticket",
                    "no ticket", "num ticket", "numero ticket", "numero de ticket", "ticket no",
                    "ticket number", "id ticket", "transaction", "transaction id", "transaction no",
                    "invoice", "invoice no", "facture", "n facture", "numero de facture"),
        "line": ("line", "line no", "line number", "ligne", "n ligne", "no ligne", "numero de ligne",
                 "num ligne"),
        "date": ("date", "date heure", "date et heure", "date time", "datetime", "sold at", "sale date",
                 "date de vente", "date vente", "timestamp", "horodatage", "date ticket"),
        "time": ("time", "heure", "hour", "heure de vente", "sale time", "heure ticket"),
        "associate": _ASSOCIATE,
        "amount": ("amount", "net amount", "total ttc", "montant", "montant ttc", "montant net", "net",
                   "net sales", "total", "ca", "ca ttc", "chiffre d affaires", "price", "prix", "prix ttc",
                   "value", "valeur"),
        "units": ("units", "unit", "qty", "quantity", "pieces", "pcs", "quantite", "qte", "qt",
                  "nb pieces", "nombre de pieces"),
        "category": ("category", "categorie", "famille", "family", "product family", "product category",
                     "univers", "department", "rayon"),
        "client": _CLIENT,
    })
    required = (("receipt",), ("date", "time"), ("associate",), ("amount",))

    def bind(self, columns: Columns) -> None:
        if "date" not in columns.index and "time" in columns.index:  # one "Time" column with the date
            columns.index["date"] = columns.index.pop("time")
        super().bind(columns)
        self.with_lines = self.has("line")
        self.lines: dict[str, int] = defaultdict(int)
        self.categories: dict[str, str] = {}

    def prepare(self, session: Session) -> None:
        self.people = _load_people(session, self.b)
        self.clients = _load_clients(session, self.b)

    def parse(self, row: Row) -> Any:
        (v_receipt, v_line, v_date, v_time, v_associate, v_amount, v_units, v_category,
         v_client) = self.cells(row)
        receipt = self.text(row, "receipt", 40, "a receipt number", value=v_receipt)
        if receipt is not None and not _RECEIPT.fullmatch(receipt):
            self.bad(row, "receipt", f"{receipt!r} is not a receipt number (letters, digits, - / . _)")
            receipt = None
        line: int | None = None
        if self.with_lines:
            raw = self.needed(row, "line", "a line number", value=v_line)
            if raw is not None:
                try:
                    line = values.whole(raw, 1, "a line number (1, 2, …)")
                except Bad as exc:
                    self.bad(row, "line", exc.reason)
        elif receipt is not None:
            self.lines[receipt] += 1
            line = self.lines[receipt]
        sold_at = self.moment(row, "date", "time", value=v_date, extra=v_time)
        associate_id = self.associate(row, "associate", self.people, required=True,
                                      value=v_associate)
        amount = None
        raw = self.needed(row, "amount", "an amount such as 1 250,00", value=v_amount)
        if raw is not None:
            try:
                amount = self.money(raw)
            except Bad as exc:
                self.bad(row, "amount", exc.reason)
            else:
                if amount == 0:
                    self.bad(row, "amount", "a sale line cannot be zero")
                    amount = None
        raw = v_units
        units = self.read(row, "units", values.whole, None, "a whole number of pieces", value=raw)
        if units == 0:
            self.bad(row, "units", "0 is not a number of pieces (1, or -1 for a return)")
        elif amount is not None:
            if units is None and (raw is None or raw == ""):
                units = 1 if amount > 0 else -1
            elif units is not None and (amount < 0) != (units < 0):
                self.bad(row, "units", "a return has both amount and units negative, a sale both positive")
        category = self.category(row, v_category)
        client = self.client(row, "client", self.clients, value=v_client)
        if receipt is not None and line is not None:
            self.remember(row, "line" if self.with_lines else "receipt", (receipt, line),
                          f"receipt {receipt} line {line}")
        if row.problems:
            return None
        return (receipt, line, sold_at, associate_id, client.id if client else None, amount, units, category)

    def fast_reader(self) -> Callable[[int, Sequence[Any]], Any] | None:
        """Good rows of a CSV file through caches of what `parse` made of each distinct cell.

        An export repeats its dates, sellers, amounts and clients: each distinct cell is read once,
        by the very checks `parse` runs, and a cell they refuse sends its rows to `parse`, as does
        anything else a good row cannot have (a short row, zero, signs that disagree, a key seen
        before), so that `parse` says what is wrong. A good row leaves what `parse` would leave:
        its key remembered, its receipt's line counted.
        """
        if not self.all_text:
            return None
        (s_receipt, s_line, s_date, s_time, s_associate, s_amount, s_units, s_category,
         s_client) = self.slots
        width = max(i for i in self.slots if i is not None) + 1
        lines, seen = self.lines, self.seen
        receipt_shape = _RECEIPT.fullmatch

        def checked(read: Callable[[Row, str], Any]) -> Callable[[str], Any]:
            def reading(raw: str) -> Any:
                scratch = Row(0, ())
                value = read(scratch, raw.strip())
                return _REFUSED if scratch.problems else value
            return reading

        def accepted(read: Callable[[Row, str], Any]) -> _Readings:
            return _Readings(checked(read))

        def line_number(row: Row, text: str) -> Any:
            raw = self.needed(row, "line", "a line number", value=text)
            if raw is None:
                return None
            try:
                return values.whole(raw, 1, "a line number (1, 2, …)")
            except Bad:
                return _REFUSED

        money_text = self.money.text  # each distinct cell read once here: no second cache

        def amount(raw: str) -> Any:  # `needed`, then `money`, as `parse` reads it, without a row
            value = money_text(raw)
            return _REFUSED if value.__class__ is Bad or not value else value  # zero: not a sale line

        def units(row: Row, text: str) -> Any:
            value = self.read(row, "units", values.whole, None, "a whole number of pieces", value=text)
            return _REFUSED if value == 0 else value

        def client(row: Row, text: str) -> Any:
            ref = self.client(row, "client", self.clients, value=text)
            return None if ref is None else ref.id

        stored_clients = self.clients.rows
        client_checked = checked(client)

        def client_id(raw: str) -> Any:  # a number written as stored is that client; else `client` says
            text = raw.strip()
            found = stored_clients.get(text) if text else None
            return client_checked(raw) if found is None else found[1]

        text_moment = values.TextMoments(self.local)

        def moment(when: str | tuple[str, str]) -> Any:
            if s_time is None:
                quick = text_moment(when)
                if quick is not None:
                    return quick
            raw, extra = (when, None) if s_time is None else (when[0], when[1].strip())
            scratch = Row(0, ())
            value = self.moment(scratch, "date", "time", value=raw.strip(), extra=extra)
            return _REFUSED if scratch.problems else value

        line_of = accepted(line_number)
        moment_of = _Readings(moment)
        associate_of = accepted(lambda row, text: self.associate(row, "associate", self.people, required=True,
                                                                  value=text))
        amount_of, units_of, client_of = _Readings(amount), accepted(units), _Readings(client_id)
        category_of = accepted(self.category)

        def fast(line_no: int, cells: Sequence[Any]) -> Any:
            if len(cells) < width:
                return None
            receipt = cells[s_receipt].strip()
            if not (receipt.isalnum() and receipt.isascii() and len(receipt) <= 40) \
                    and receipt_shape(receipt) is None:  # letters and digits need no pattern
                return None
            line = lines.get(receipt, 0) + 1 if s_line is None else line_of[cells[s_line]]
            sold_at = moment_of[cells[s_date] if s_time is None else (cells[s_date], cells[s_time])]
            associate_id = associate_of[cells[s_associate]]
            value = amount_of[cells[s_amount]]
            pieces = None if s_units is None else units_of[cells[s_units]]
            category = "" if s_category is None else category_of[cells[s_category]]
            client_id = None if s_client is None else client_of[cells[s_client]]
            if (line is _REFUSED or sold_at is _REFUSED or associate_id is _REFUSED or value is _REFUSED
                    or pieces is _REFUSED or category is _REFUSED or client_id is _REFUSED):
                return None
            if pieces is None:
                pieces = 1 if value > 0 else -1
            elif (value < 0) != (pieces < 0):
                return None
            key = (receipt, line)
            if key in seen:
                return None
            seen[key] = line_no
            if s_line is None:
                lines[receipt] = line
            return receipt, line, sold_at, associate_id, client_id, value, pieces, category

        return fast

    def category(self, row: Row, value: Any) -> str:
        if value is None or value == "":
            return ""
        text = values.as_text(value)
        found = self.categories.get(text)
        if found is None:
            found = _CATEGORIES.get(norm(text)) or " ".join(text.lower().split())
            self.categories[text] = found
        if len(found) > 40:
            self.bad(row, "category", "longer than 40 characters")
            return ""
        return found

    def plan(self, session: Session, records: list[Any]) -> Plan:
        t = self.table
        mine = t.c.boutique_id == self.b
        if records and session.connection().dialect.name == "sqlite":
            # Only the stored lines whose receipt sorts among the file's: a new export's receipts
            # lie past the stored ones, so a store of years reads none of its lines. SQLite
            # compares text as Python does (code points); a server's collation may not.
            receipts = [r[0] for r in records]
            mine = mine & t.c.receipt.between(min(receipts), max(receipts))
        keys = {(receipt, line) for receipt, line in session.execute(
            select(t.c.receipt, t.c.line).where(mine))}
        existing: dict[tuple[str, int], Any] = {}
        if keys and any((r[0], r[1]) in keys for r in records):  # a new export has none to compare
            existing = {
                (r[1], r[2]): r for r in session.execute(
                    select(t.c.id, t.c.receipt, t.c.line, t.c.sold_at, t.c.associate_id, t.c.client_id,
                           t.c.amount, t.c.units, t.c.category).where(mine))
            }
        plan = Plan()
        if not existing:
            plan.inserts = list(records)
        else:
            for record in records:
                old = existing.get((record[0], record[1]))
                if old is None:
                    plan.inserts.append(record)
                elif old[3:] == record[2:]:
                    plan.unchanged += 1
                else:
                    changed = dict(zip(_SALE_RECORD[2:], record[2:], strict=True))
                    plan.updates.append({"id": old[0], **changed})
        plan.added, plan.updated = len(plan.inserts), len(plan.updates)
        return plan

    def write(self, session: Session, plan: Plan) -> None:
        """The new lines inserted as the records they are, with the boutique and source."""
        insert_rows(session, self.table, plan.inserts, _SALE_RECORD, {"boutique_id": self.b, "source": "pos"})
        bulk_update(session, self.table, plan.updates)


# -- traffic ---------------------------------------------------------------------------------

_HOUR_RANGE = re.compile(r"(.+?)\s*(?:-|–|à|to|a)\s*.+")


class TrafficKind(Kind):
    name = "traffic"
    model = Traffic
    aliases = _aliases({
        "date": ("date", "day", "jour", "date heure", "date et heure", "datetime", "timestamp",
                 "horodatage", "hour start"),
        "hour": ("hour", "heure", "time", "tranche horaire", "creneau", "creneau horaire", "slot",
                 "hour slot", "plage horaire"),
        "visitors": ("visitors", "visiteurs", "entrees", "entries", "traffic", "trafic", "frequentation",
                     "count", "comptage", "in", "entrants", "footfall", "visits", "visites"),
    })
    required = (("date",), ("visitors",))

    def parse(self, row: Row) -> Any:
        hour_start = None
        if self.has("hour") and self.cell(row, "hour") != "":
            d = self.read(row, "date", values.day)
            if d is None and self.cell(row, "date") == "":
                self.bad(row, "date", f"empty, expected a date ({values.DATE_HINT})")
            raw = self.cell(row, "hour")
            text = values.as_text(raw) if isinstance(raw, str) else raw
            if isinstance(text, str) and (m := _HOUR_RANGE.fullmatch(text)):
                text = m[1]
            try:
                t = values.clock_time(text)
            except Bad as exc:
                self.bad(row, "hour", exc.reason)
                t = None
            if t is not None and (t.minute or t.second):
                self.bad(row, "hour", f"{values.shown(raw)!r} is not the start of an hour")
                t = None
            if d is not None and t is not None:
                hour_start = self.local.utc(d, t)
        else:
            value = self.needed(row, "date", f"a date and hour ({values.DATE_HINT} 10:00)")
            if value is not None:
                try:
                    d, t, zone = values.moment(value)
                except Bad as exc:
                    self.bad(row, "date", exc.reason)
                else:
                    if t is None:
                        what = "its hour is empty" if self.has("hour") else "there is no hour column"
                        self.bad(row, "date", f"{values.shown(value)!r} has no hour, and {what}")
                    elif t.minute or t.second:
                        self.bad(row, "date", f"{values.shown(value)!r} is not the start of an hour")
                    else:
                        hour_start = self.local.utc(d, t, zone)
        visitors = None
        raw_visitors = self.needed(row, "visitors", "a number of visitors")
        if raw_visitors is not None:
            try:
                visitors = values.whole(raw_visitors, 0, "a number of visitors")
            except Bad as exc:
                self.bad(row, "visitors", exc.reason)
        if hour_start is not None:
            local = self.clock.local(hour_start).format("DD/MM/YYYY HH:mm")
            self.remember(row, "date", hour_start, f"the hour {local}")
        if row.problems:
            return None
        return hour_start, visitors

    def plan(self, session: Session, records: list[Any]) -> Plan:
        plan = Plan()
        if not records:
            return plan
        first, last = min(r[0] for r in records), max(r[0] for r in records)
        existing = {
            hour: (rid, visitors) for rid, hour, visitors in session.execute(
                select(Traffic.id, Traffic.hour_start, Traffic.visitors).where(
                    Traffic.boutique_id == self.b, col(Traffic.hour_start) >= first,
                    col(Traffic.hour_start) <= last))
        }
        for hour, visitors in records:
            old = existing.get(hour)
            if old is None:
                plan.inserts.append({"boutique_id": self.b, "hour_start": hour, "visitors": visitors})
            elif old[1] == visitors:
                plan.unchanged += 1
            else:
                plan.updates.append({"id": old[0], "visitors": visitors})
        plan.added, plan.updated = len(plan.inserts), len(plan.updates)
        return plan


# -- satisfaction ----------------------------------------------------------------------------


class SatisfactionKind(Kind):
    name = "satisfaction"
    model = SatisfactionScore
    aliases = _aliases({
        "response_id": ("response id", "response", "response no", "id reponse", "reponse id",
                        "n reponse", "numero reponse", "numero de reponse", "id de reponse", "survey id",
                        "answer id", "id"),
        "date": ("date", "received", "received at", "response date", "date reponse", "date de reponse",
                 "date heure", "date et heure", "answered at", "submitted", "submitted at"),
        "measure": ("measure", "mesure", "indicateur", "indicator", "metric", "kpi", "question", "survey"),
        "score": ("score", "note", "rating", "valeur", "value", "answer", "reponse"),
        "associate": _ASSOCIATE,
        "client": _CLIENT,
        "comment": ("comment", "comments", "commentaire", "commentaires", "verbatim", "remarque",
                    "remarques", "feedback"),
    })
    required = (("response_id",), ("date",), ("measure",), ("score",))

    def prepare(self, session: Session) -> None:
        self.people = _load_people(session, self.b)
        self.clients = _load_clients(session, self.b)
        self.owners = self.clients.owners()
        measures = self.settings.satisfaction_measures
        self.measures: dict[str, Measure] = {}
        for m in measures.values():
            self.measures[norm(m.code)] = m
            self.measures.setdefault(norm(m.name), m)

    def measure(self, row: Row) -> tuple[str, Measure | None] | None:
        text = self.text(row, "measure", 80, "a measure such as CER")
        if not text:
            return None
        found = self.measures.get(norm(text))
        if found is not None:
            return found.code, found
        code = text.upper()
        if not re.fullmatch(r"[A-Z][A-Z0-9_-]{0,15}", code):
            known = ", ".join(self.settings.satisfaction_measures)
            self.bad(row, "measure", f"{text!r} is not a measure code (configured: {known}; "
                                     "or up to 16 letters and digits)")
            return None
        return code, None

    def parse(self, row: Row) -> Any:
        response = self.text(row, "response_id", 40, "the survey's response id")
        received = self.moment(row, "date")
        found = self.measure(row)
        score = None
        raw = self.needed(row, "score", "a score")
        if raw is not None:
            try:
                score = values.score(raw)
            except Bad as exc:
                self.bad(row, "score", exc.reason)
            else:
                scale = found[1].scale if found and found[1] else None
                if score < 0 or (scale is not None and score > scale):
                    limit = f"from 0 to {scale:g}" if scale is not None else "of 0 or more"
                    self.bad(row, "score", f"{values.shown(raw)} is not a score {limit}")
                    score = None
        associate_id = self.associate(row, "associate", self.people)
        client = self.client(row, "client", self.clients)
        comment = self.text(row, "comment", 4000) or ""
        if response:
            self.remember(row, "response_id", response, f"response {response}")
        if row.problems:
            return None
        assert found is not None and score is not None
        code, measure = found
        return (response, code, score, received, associate_id, client.id if client else None,
                " ".join(comment.split()), measure)

    def plan(self, session: Session, records: list[Any]) -> Plan:
        t = self.table
        existing = {
            r[1]: r for r in session.execute(
                select(t.c.id, t.c.response_id, t.c.measure, t.c.score, t.c.received_at, t.c.associate_id,
                       t.c.client_id, t.c.comment).where(t.c.boutique_id == self.b))
        }
        plan = Plan()
        today = self.clock.today()
        no_client = no_owner = 0
        for response, code, score, received, aid, cid, comment, measure in records:
            old = existing.get(response)
            values_ = {"measure": code, "score": score, "received_at": received, "associate_id": aid,
                       "client_id": cid, "comment": comment}
            if old is None:
                plan.inserts.append({"boutique_id": self.b, "response_id": response, **values_})
                was_alert = False
            elif old[2:] == (code, score, received, aid, cid, comment):
                plan.unchanged += 1
                continue
            else:
                plan.updates.append({"id": old[0], **values_})
                before = self.settings.measure(old[2])
                was_alert = before is not None and before.alert(old[3])
            if measure is None or not measure.alert(score) or was_alert:
                continue
            if cid is None:
                no_client += 1
                continue
            owner = aid if aid is not None else self.owners.get(cid)
            if owner is None:
                no_owner += 1
                continue
            due = max(self.clock.local_day(received) + timedelta(days=1), today)
            action = f"Recovery: {code} {score:g}" + (f" — {comment}" if comment else "")
            plan.followups.append({"client_id": cid, "owner_id": owner, "due": due, "action": action})
        plan.added, plan.updated = len(plan.inserts), len(plan.updates)
        if no_client:
            plan.notes.append(f"{no_client} answer{'s' if no_client != 1 else ''} under threshold without a "
                              "client: no recovery follow-up (flagged in the recap)")
        if no_owner:
            plan.notes.append(f"{no_owner} answer{'s' if no_owner != 1 else ''} under threshold whose client "
                              "has no associate: no recovery follow-up (flagged in the recap)")
        return plan

    def write(self, session: Session, plan: Plan) -> None:
        super().write(session, plan)
        for f in plan.followups:
            session.add(FollowUp(boutique_id=self.b, kind=FollowUpKind.RECOVERY.value, created_at=self.now,
                                 **f))
        session.flush()


# -- clients ---------------------------------------------------------------------------------

_SEGMENTS = {
    **dict.fromkeys(("vic", "very important client"), Segment.VIC.value),
    **dict.fromkeys(("hj", "hjc", "high jewelry", "high jewellery", "haute joaillerie"),
                    Segment.HIGH_JEWELRY.value),
    **dict.fromkeys(("regular", "regulier", "reguliere", "standard", "client"), Segment.REGULAR.value),
    **dict.fromkeys(("prospect", "prospects", "prospection"), Segment.PROSPECT.value),
}
_CLIENT_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.-]{0,31}")
CHANNELS = ("email", "phone", "sms", "mail")
# Fields a client row may set, and their value for a new client when the column is absent.
_CLIENT_DEFAULTS: dict[str, Any] = {
    "title": "", "first_name": "", "segment": Segment.REGULAR.value, "owner_id": None, "phone": "",
    "email": "", "language": "", "birthday": None, "anniversary": None, "preferences": "", "sizes": "",
    "second_owner_id": None,
}


def _private(reason: str, raw: Any) -> str:
    """A reason without the cell's value: client contacts never reach stderr or a log."""
    text = repr(values.as_text(raw).strip())
    return reason.replace(text, "the value")


class ClientsKind(Kind):
    name = "clients"
    model = Client
    aliases = _aliases({
        "number": ("client number", "client no", "client id", "customer number", "customer no",
                   "customer id", "n client", "no client", "num client", "numero client",
                   "numero de client", "code client", "id client", "number", "numero", "client"),
        "title": ("title", "civilite", "salutation", "titre"),
        "first_name": ("first name", "firstname", "given name", "prenom"),
        "last_name": ("last name", "lastname", "surname", "family name", "nom", "nom de famille", "name"),
        "segment": ("segment", "tier", "statut", "status", "classification", "categorie client",
                    "type client"),
        "owner": ("owner", "owner sa", "vendeur referent", "conseiller referent", "referent", *_ASSOCIATE),
        "phone": ("phone", "telephone", "tel", "mobile", "portable", "phone number", "numero de telephone",
                  "cell", "gsm"),
        "email": ("email", "e mail", "mail", "courriel", "adresse email", "adresse e mail", "email address"),
        "language": ("language", "langue", "lang", "preferred language", "langue preferee"),
        "birthday": ("birthday", "birth date", "birthdate", "date of birth", "dob", "date de naissance",
                     "naissance", "anniversaire"),
        "anniversary": ("anniversary", "wedding anniversary", "wedding date", "anniversaire de mariage",
                        "date de mariage", "date anniversaire mariage"),
        "preferences": ("preferences", "preference", "tastes", "gouts", "preferences client"),
        "sizes": ("sizes", "size", "tailles", "taille", "tour de doigt", "ring size"),
        "second_owner": ("second owner", "second sa", "second associate", "backup sa", "vendeur secondaire",
                         "conseiller secondaire", "second conseiller"),
        "consent_email": ("consent email", "consent e mail", "email consent", "e mail consent", "optin email",
                          "opt in email", "consentement email", "consentement e mail", "optin e mail"),
        "consent_phone": ("consent phone", "phone consent", "optin phone", "opt in phone",
                          "consentement telephone", "optin telephone", "consent telephone"),
        "consent_sms": ("consent sms", "sms consent", "optin sms", "opt in sms", "consentement sms"),
        "consent_mail": ("consent mail", "consent post", "consent postal", "postal consent", "mail consent",
                         "optin courrier", "opt in mail", "consentement courrier", "consentement postal"),
    })
    required = (("number",), ("last_name",))

    def prepare(self, session: Session) -> None:
        self.people = _load_people(session, self.b)

    def parse(self, row: Row) -> Any:
        number = self.text(row, "number", 32, "a client number")
        if number and not _CLIENT_NUMBER.fullmatch(number):
            self.bad(row, "number", f"{number!r} is not a client number (letters, digits, - / . _)")
        fields: dict[str, Any] = {}
        last = self.text(row, "last_name", 80, "a last name")
        if last:
            fields["last_name"] = " ".join(last.split())
        for name, limit in (("title", 16), ("first_name", 80)):
            text = self.text(row, name, limit)
            if text is not None:
                fields[name] = " ".join(text.split())
        if self.has("segment"):
            raw = values.as_text(self.cell(row, "segment")).strip()
            segment = _SEGMENTS.get(norm(raw)) if raw else Segment.REGULAR.value
            if segment is None:
                self.bad(row, "segment", f"{raw!r} is not a segment (VIC, HJ, regular, prospect)")
            fields["segment"] = segment
        if self.has("owner"):
            fields["owner_id"] = self.associate(row, "owner", self.people)
        for name, parser in (("phone", parse_phone), ("email", parse_email)):
            if self.has(name):
                raw = self.cell(row, name)
                text = values.as_text(raw).strip()
                try:
                    fields[name] = parser(text, "_") if text else ""
                except InputError as exc:
                    self.bad(row, name, _private(values.reason_of(exc), raw))
        if self.has("language"):
            raw = values.as_text(self.cell(row, "language")).strip()
            try:
                fields["language"] = parse_language(raw, "_")
            except InputError as exc:
                self.bad(row, "language", values.reason_of(exc))
        if self.has("birthday"):
            raw = self.cell(row, "birthday")
            born = None
            if raw != "":
                try:
                    born = values.day(raw)
                except Bad as exc:
                    self.bad(row, "birthday", _private(exc.reason, raw))
                else:
                    if born > self.clock.today() or born.year < 1900:
                        self.bad(row, "birthday", "not a plausible birthday")
            fields["birthday"] = born
        if self.has("anniversary"):
            raw = self.cell(row, "anniversary")
            day = None
            if raw != "":
                try:
                    day = values.day(raw)
                except Bad as exc:
                    self.bad(row, "anniversary", _private(exc.reason, raw))
                else:
                    if day > self.clock.today() or day.year < 1900:
                        self.bad(row, "anniversary", "not a plausible anniversary")
            fields["anniversary"] = day
        for name in ("preferences", "sizes"):
            text = self.text(row, name, PROFILE_TEXT_LIMIT)
            if text is not None:
                fields[name] = " ".join(text.split())
        if self.has("second_owner"):
            second = self.associate(row, "second_owner", self.people)
            if second is not None and second == fields.get("owner_id"):
                self.bad(row, "second_owner", "the same associate as the owner")
            fields["second_owner_id"] = second
        consents: dict[str, bool] = {}
        for channel in CHANNELS:
            name = f"consent_{channel}"
            if self.has(name):
                given = self.read(row, name, values.yes_no, norm)
                if given is not None:
                    consents[channel] = given
        if number:
            self.remember(row, "number", number.upper(), f"client {number}")
        if row.problems:
            return None
        return number, fields, consents

    def plan(self, session: Session, records: list[Any]) -> Plan:
        names = ["last_name", *_CLIENT_DEFAULTS]
        t = self.table
        current = {
            r.number: r for r in session.execute(
                select(t.c.id, t.c.number, t.c.erased_at, *(t.c[n] for n in names))
                .where(t.c.boutique_id == self.b))
        }
        newest: dict[tuple[int, str], bool] = {}
        c = ClientConsent.__table__  # type: ignore[attr-defined]
        for cid, channel, granted in session.execute(
            select(c.c.client_id, c.c.channel, c.c.granted).where(c.c.boutique_id == self.b)
            .order_by(c.c.recorded_at, c.c.id)
        ):
            newest[(cid, channel)] = granted
        plan = Plan()
        for number, fields, consents in records:
            old = current.get(number)
            shared = fields.get("preferences") or fields.get("sizes")
            profiled = {"profile_updated_at": self.now} if shared else {}
            if old is None:
                plan.inserts.append({**_CLIENT_DEFAULTS, **fields, "boutique_id": self.b, "number": number,
                                     "created_at": self.now, "profile_updated_at": None, **profiled})
                plan.consents.extend({"number": number, "channel": ch, "granted": g}
                                     for ch, g in consents.items())
                continue
            if old.erased_at is not None:
                plan.skipped += 1
                continue
            diff = {n: v for n, v in fields.items() if getattr(old, n) != v}
            changed = [(ch, g) for ch, g in consents.items() if newest.get((old.id, ch)) != g]
            if not diff and not changed:
                plan.unchanged += 1
                continue
            plan.updated += 1
            if diff:
                # Preferences or sizes written: their retention period counts from now.
                again = profiled if {"preferences", "sizes"} & diff.keys() else {}
                plan.updates.append({"id": old.id, **diff, **again})
            plan.consents.extend({"client_id": old.id, "channel": ch, "granted": g} for ch, g in changed)
        plan.added = len(plan.inserts)
        if plan.skipped:
            n = plan.skipped
            plan.notes.append(f"{n} client{'s' if n != 1 else ''} erased at their request left as they are "
                              "(remove them from the CRM export)")
        return plan

    def write(self, session: Session, plan: Plan) -> None:
        super().write(session, plan)
        if not plan.consents:
            return
        t = self.table
        ids = dict(session.execute(select(t.c.number, t.c.id).where(t.c.boutique_id == self.b)).all())
        rows = [{
            "boutique_id": self.b, "client_id": c.get("client_id") or ids[c["number"]],
            "channel": c["channel"], "granted": c["granted"], "recorded_at": self.now, "source": "CRM import",
            "recorded_by": self.actor,
        } for c in plan.consents]
        session.execute(insert(ClientConsent.__table__), rows)  # type: ignore[attr-defined]
        refresh_channels(session, (r["client_id"] for r in rows))


# -- targets ---------------------------------------------------------------------------------

_PERIODS = {norm(k): v for k, v in {
    "day": "day", "daily": "day", "d": "day", "jour": "day", "j": "day", "journalier": "day",
    "quotidien": "day", "week": "week", "weekly": "week", "w": "week", "semaine": "week", "s": "week",
    "hebdo": "week", "hebdomadaire": "week", "month": "month", "monthly": "month", "m": "month",
    "mois": "month", "mensuel": "month",
}.items()}
_BOUTIQUE_WORDS = {"boutique", "store", "shop", "magasin", "total", "all", "tous", "toutes", "team", "equipe"}


class TargetsKind(Kind):
    name = "targets"
    model = Target
    aliases = _aliases({
        "date": ("date", "day", "jour", "start", "debut", "date debut", "period start", "start date"),
        "month": ("month", "mois", "periode mois"),
        "associate": (*_ASSOCIATE, "scope", "perimetre"),
        "amount": ("amount", "target", "target amount", "objective", "objectif", "objectif ca", "montant",
                   "budget", "value", "valeur"),
        "period": ("period", "periode", "periodicity", "periodicite", "granularity"),
    })
    required = (("date", "month"), ("amount",))

    def prepare(self, session: Session) -> None:
        self.people = _load_people(session, self.b)
        self.boutique = _BOUTIQUE_WORDS | {norm(self.settings.boutique_name),
                                           norm(self.settings.boutique_code)}

    def parse(self, row: Row) -> Any:
        associate_id = None
        raw = self.cell(row, "associate")
        if raw not in (None, "") and norm(values.as_text(raw)) not in self.boutique:
            associate_id = self.associate(row, "associate", self.people)
        period = None
        if self.has("period") and self.cell(row, "period") != "":
            text = values.as_text(self.cell(row, "period"))
            period = _PERIODS.get(norm(text))
            if period is None:
                self.bad(row, "period", f"{text!r} is not a period (day, week or month)")
        start = None
        if self.has("month") and self.cell(row, "month") != "":
            start = self.read(row, "month", values.month, norm)
            if period is None and not row.problems:
                period = "month"
        elif self.has("date") and self.cell(row, "date") != "":
            start = self.read(row, "date", values.day)
        else:
            self.bad(row, "month" if self.has("month") else "date", "empty, expected a date or a month")
        period = period or "day"
        if start is not None:
            if period == "month":
                start = start.replace(day=1)
            elif period == "week":
                start = start - timedelta(days=start.weekday())
        value = None
        raw_amount = self.needed(row, "amount", "an amount such as 30 000")
        if raw_amount is not None:
            try:
                value = self.money(raw_amount)
            except Bad as exc:
                self.bad(row, "amount", exc.reason)
            else:
                if value < 0:
                    self.bad(row, "amount", "a target cannot be negative")
        if start is not None:
            who = "the boutique" if associate_id is None else values.as_text(raw)
            self.remember(row, "date" if self.has("date") else "month", (associate_id, period, start),
                          f"the {period} target of {who} from {start:%d/%m/%Y}")
        if row.problems:
            return None
        return associate_id, period, start, value

    def plan(self, session: Session, records: list[Any]) -> Plan:
        existing = {
            (aid, period, start): (tid, value) for tid, aid, period, start, value in session.execute(
                select(Target.id, Target.associate_id, Target.period, Target.start, Target.value).where(
                    Target.boutique_id == self.b, Target.metric == "net_sales"))
        }
        plan = Plan()
        for aid, period, start, value in records:
            old = existing.get((aid, period, start))
            if old is None:
                plan.inserts.append({"boutique_id": self.b, "associate_id": aid, "metric": "net_sales",
                                     "period": period, "start": start, "value": value})
            elif old[1] == value:
                plan.unchanged += 1
            else:
                plan.updates.append({"id": old[0], "value": value})
        plan.added, plan.updated = len(plan.inserts), len(plan.updates)
        return plan


# -- schedule --------------------------------------------------------------------------------

_OFF = {"off", "day off", "repos", "rh", "conge", "conges", "cp", "absent", "absence", "ferme", "closed",
        "rtt", "maladie", "sick", "leave", "holiday", "vacances", "x", "-"}
_HOURS = re.compile(r"(.+?)\s*(?:-|–|à|to|a)\s*(.+)")


class ScheduleKind(Kind):
    name = "schedule"
    model = Shift
    aliases = _aliases({
        "date": ("date", "day", "jour"),
        "associate": _ASSOCIATE,
        "start": ("start", "starts", "start time", "from", "debut", "heure debut", "heure de debut", "de",
                  "arrivee", "in"),
        "end": ("end", "ends", "end time", "to", "until", "fin", "heure fin", "heure de fin", "depart",
                "out"),
        "hours": ("hours", "shift", "horaires", "horaire", "creneau", "planning", "schedule"),
    })
    required = (("date",), ("associate",), ("start", "hours"))

    def prepare(self, session: Session) -> None:
        self.people = _load_people(session, self.b)
        self.shifts: dict[tuple[int, date], list[tuple[datetime, datetime, int]]] = defaultdict(list)

    def parse(self, row: Row) -> Any:
        d = self.read(row, "date", values.day)
        if d is None and self.cell(row, "date") == "":
            self.bad(row, "date", f"empty, expected a date ({values.DATE_HINT})")
        associate_id = self.associate(row, "associate", self.people, active=True, required=True)
        if self.has("hours") and self.cell(row, "hours") not in (None, ""):
            source = "hours"
            raw = values.as_text(self.cell(row, "hours"))
            if norm(raw) in _OFF:
                return None if row.problems else SKIP
            m = _HOURS.fullmatch(raw)
            if m is None:
                self.bad(row, "hours", f"{raw!r} is not hours (use 10:30-19:00, or off)")
                return None
            begin_raw, end_raw = m[1], m[2]
        else:
            source = "start"
            begin_raw, end_raw = self.cell(row, "start"), self.cell(row, "end")
            if begin_raw in (None, "") and end_raw in (None, ""):
                return None if row.problems else SKIP
            if isinstance(begin_raw, str) and norm(begin_raw) in _OFF:
                return None if row.problems else SKIP
        begin = end = None
        for which, raw_time in (("start", begin_raw), ("end", end_raw)):
            name = source if source == "hours" else which
            if raw_time in (None, ""):
                self.bad(row, name, f"empty, expected the {which} time such as 10:30")
                continue
            try:
                t = values.clock_time(raw_time)
            except Bad as exc:
                self.bad(row, name, exc.reason)
                continue
            if which == "start":
                begin = t
            else:
                end = t
        if begin is not None and end is not None and end <= begin:
            self.bad(row, "hours" if source == "hours" else "end",
                     f"{end:%H:%M} is not after the start {begin:%H:%M}")
        if row.problems or d is None or associate_id is None or begin is None or end is None:
            return None
        starts, ends = self.local.utc(d, begin), self.local.utc(d, end)
        for other_start, other_end, line in self.shifts[(associate_id, d)]:
            if starts < other_end and other_start < ends:
                self.bad(row, "associate", f"overlaps the shift on line {line}")
                return None
        self.shifts[(associate_id, d)].append((starts, ends, row.line))
        return associate_id, d, starts, ends

    def plan(self, session: Session, records: list[Any]) -> Plan:
        plan = Plan()
        if not records:
            return plan
        first, _ = self.clock.day_bounds(min(r[1] for r in records))
        _, last = self.clock.day_bounds(max(r[1] for r in records))
        people = {r[0] for r in records}
        by_day: dict[tuple[int, date], list[list[Any]]] = defaultdict(list)
        for sid, aid, starts, ends in session.execute(
            select(Shift.id, Shift.associate_id, Shift.starts_at, Shift.ends_at).where(
                Shift.boutique_id == self.b, col(Shift.associate_id).in_(people),
                col(Shift.starts_at) < last, col(Shift.ends_at) > first)
        ):
            by_day[(aid, self.clock.local_day(starts))].append([sid, starts, ends, False])
        for aid, d, starts, ends in records:
            existing = by_day.get((aid, d), [])
            same = next((s for s in existing if not s[3] and s[1] == starts), None)
            if same is None:  # the shift moved: the one it overlaps that day becomes it
                same = next((s for s in existing if not s[3] and s[1] < ends and starts < s[2]), None)
            if same is None:
                plan.inserts.append({"boutique_id": self.b, "associate_id": aid, "starts_at": starts,
                                     "ends_at": ends})
                continue
            same[3] = True
            if (same[1], same[2]) == (starts, ends):
                plan.unchanged += 1
            else:
                plan.updates.append({"id": same[0], "starts_at": starts, "ends_at": ends})
        plan.added, plan.updated = len(plan.inserts), len(plan.updates)
        return plan


KIND_CLASSES: dict[str, type[Kind]] = {
    k.name: k for k in (SalesKind, TrafficKind, SatisfactionKind, ClientsKind, TargetsKind, ScheduleKind)
}
assert all(set(k.aliases) == set(IMPORT_FIELDS[name]) for name, k in KIND_CLASSES.items())
