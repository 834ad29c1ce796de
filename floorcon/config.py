"""Settings from config.toml, typed and validated before anything else starts.

A wrong value stops start-up with one line naming the key and the value, because a console
that silently guesses a time zone or a currency shows the manager wrong figures all day.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "floorcon"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# ISO 4217 codes floorcon formats, with their minor-unit exponent.
CURRENCIES: dict[str, tuple[str, int]] = {
    "EUR": ("€", 2), "USD": ("$", 2), "GBP": ("£", 2), "CHF": ("CHF", 2), "JPY": ("¥", 0),
    "CNY": ("¥", 2), "HKD": ("HK$", 2), "SGD": ("S$", 2), "AED": ("AED", 2), "KRW": ("₩", 0),
    "AUD": ("A$", 2), "CAD": ("C$", 2), "SEK": ("kr", 2), "DKK": ("kr", 2), "NOK": ("kr", 2),
    "MOP": ("MOP", 2), "TWD": ("NT$", 2), "THB": ("฿", 2), "SAR": ("SAR", 2), "QAR": ("QAR", 2),
    "MXN": ("MX$", 2), "BRL": ("R$", 2), "INR": ("₹", 2), "CZK": ("Kč", 2), "PLN": ("zł", 2),
}

_SERVER_URL = re.compile(r"^(postgresql|postgresql\+psycopg|postgres)://", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"^([a-z0-9+]+://[^:/?#@]*:)(.*)@", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_INITIALS = re.compile(r"^[A-Za-z]{2,4}$")


class ConfigError(Exception):
    """A config value floorcon cannot use; the message names the key and the value."""


# What each import kind reads, by field name: the keys `[import.<kind>]` may map to a column.
IMPORT_FIELDS: dict[str, tuple[str, ...]] = {
    "sales": ("receipt", "line", "date", "time", "associate", "amount", "units", "category", "client"),
    "traffic": ("date", "hour", "visitors"),
    "satisfaction": ("response_id", "date", "measure", "score", "associate", "client", "comment"),
    "clients": ("number", "title", "first_name", "last_name", "segment", "owner", "phone", "email",
                "language", "birthday", "anniversary", "preferences", "sizes", "second_owner",
                "consent_email", "consent_phone", "consent_sms", "consent_mail"),
    "targets": ("date", "month", "associate", "amount", "period"),
    "schedule": ("date", "associate", "start", "end", "hours"),
}
_MEASURE_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,15}$")
_MEASURE_KEYS = ("name", "scale", "threshold", "higher_is_better")
_CLIENT_KEYS = ("lapsing_after_months", "lapsed_after_months", "no_contact_days")
_FOLLOWUP_KEYS = ("thank_you_above", "thank_you_after_days", "key_date_days_ahead", "key_date_segments",
                  "contact_guard_days")


@dataclass(frozen=True)
class Measure:
    """A satisfaction measure of the survey programme: CER, FTR, CARE, NPS, …

    `threshold` None: scores are kept and shown, never flagged. With `higher_is_better`, a score
    under the threshold raises an alert; otherwise a score over it does (a complaint count, a
    waiting time).
    """

    code: str
    name: str = ""
    scale: float = 10.0
    threshold: float | None = None
    higher_is_better: bool = True

    @property
    def label(self) -> str:
        return self.name or self.code

    def alert(self, score: float) -> bool:
        """True when `score` is on the wrong side of the threshold."""
        if self.threshold is None:
            return False
        return score < self.threshold if self.higher_is_better else score > self.threshold


DEFAULT_COMPETENCIES = ("client experience", "storytelling", "clienteling", "product knowledge",
                        "teamwork", "standards of service")
DEFAULT_KEY_ROLES = ("Senior Sales Associate", "Floor Manager", "Sales Manager")


def default_measures() -> dict[str, Measure]:
    return {code: Measure(code, code, 10.0, 8.0) for code in ("CER", "FTR", "CARE")}


@dataclass(frozen=True)
class Settings:
    """Everything floorcon reads from config.toml, already validated."""

    boutique_name: str = "Maison Rivoli"
    boutique_code: str = "PAR-RIV"
    timezone: str = "Europe/Paris"
    currency: str = "EUR"
    manager_initials: str = ""  # empty: the OS user is named as the author of changes
    # weekday index (0 = Monday) -> (open, close); a missing weekday is closed.
    hours: dict[int, tuple[time, time]] = field(default_factory=lambda: default_hours())
    store_path: Path = field(default_factory=lambda: default_data_dir() / "floorcon.db")
    # A PostgreSQL URL (database.url or FLOORCON_DATABASE_URL); empty: the SQLite file above.
    database_url: str = ""
    behind_pace_margin: float = 0.15
    followup_days_ahead: int = 3
    keep_backups: int = 14
    discreet_after_minutes: int = 0  # 0: never switch to discreet mode by itself
    retention_months: int = 24
    # [clients]: portfolio states by months since the last purchase, and who needs attention
    lapsing_after_months: int = 12
    lapsed_after_months: int = 18
    no_contact_days: int = 90
    # [followups]: the rules that create follow-ups, and the over-solicitation guard
    thank_you_above: int = 500_000  # minor units; 0: no thank-you rule
    thank_you_after_days: int = 1
    key_date_days_ahead: int = 7
    key_date_segments: tuple[str, ...] = ("VIC", "HJ")
    contact_guard_days: int = 7
    # measure code (upper case) -> its scale, threshold and direction
    satisfaction_measures: dict[str, Measure] = field(default_factory=lambda: default_measures())
    # sales by a contacted client this many days after the contact count for a clienteling plan
    clienteling_attribution_days: int = 30
    # sales by an event's attendees this many days from the event count for the event
    event_attribution_days: int = 14
    # import kind -> field -> the column header that holds it ([import.<kind>] in config.toml)
    import_columns: dict[str, dict[str, str]] = field(default_factory=dict)
    one_to_one_cadence_days: int = 30  # an associate without a one-to-one for longer shows up
    people_days_ahead: int = 7  # plan goals and checkpoints due within this many days show up
    competencies: tuple[str, ...] = DEFAULT_COMPETENCIES  # what a review rates, 1 to 5
    key_roles: tuple[str, ...] = DEFAULT_KEY_ROLES  # the roles with a succession slate
    # [radar]: when each rule of the radar fires, and how many items the dashboard pane shows
    radar_pace_share: float = 0.20  # an associate this far behind today's pace (0.20 = 20 points)
    radar_minutes_left: int = 60  # ... with at least this many minutes still to sell
    radar_appointment_minutes: int = 60  # a VIC / HJ appointment starting within this many minutes
    radar_followup_days: int = 3  # VIC / HJ follow-ups at least this many days late
    radar_coaching_days: int = 7  # an associate on the floor with no coaching note for this long
    radar_satisfaction_days: int = 30  # low scores received in the last N days, not yet recovered
    radar_month_share: float = 0.05  # the boutique this far behind the month's pace
    radar_top: int = 5  # items on the dashboard pane (the briefing opens with the top three)
    source: Path | None = None

    @property
    def satisfaction_thresholds(self) -> dict[str, float]:
        """Measure -> threshold, for the measures that have one."""
        measures = self.satisfaction_measures
        return {code: m.threshold for code, m in measures.items() if m.threshold is not None}

    def measure(self, code: str) -> Measure | None:
        """The configured measure `code` names (case-insensitive), None when not configured."""
        return self.satisfaction_measures.get(code.strip().upper())

    @property
    def currency_symbol(self) -> str:
        return CURRENCIES[self.currency][0]

    @property
    def minor_digits(self) -> int:
        return CURRENCIES[self.currency][1]

    @property
    def data_dir(self) -> Path:
        return self.store_path.parent

    @property
    def on_server(self) -> bool:
        """True when the store is a PostgreSQL database rather than the SQLite file."""
        return bool(self.database_url)

    @property
    def store_label(self) -> str:
        """Where the store is, safe to print: the file, or the URL with its password masked."""
        return mask_url(self.database_url) if self.database_url else str(self.store_path)


def mask_url(url: str) -> str:
    """The URL with any password (user:password@ or ?password=) replaced by ***."""
    masked = _URL_PASSWORD.sub(lambda m: f"{m[1]}***@", url.strip())
    return _QUERY_PASSWORD.sub(lambda m: f"{m[1]}***", masked)


def parse_database_url(url: str, where: str) -> str:
    """A PostgreSQL URL as SQLAlchemy's psycopg 3 dialect wants it; `where` names its source."""
    text = url.strip()
    if not _SERVER_URL.match(text):
        raise ConfigError(f"{where}: {mask_url(text)!r} is not a PostgreSQL URL "
                          "(postgresql://user@host:5432/database)")
    return "postgresql+psycopg://" + text.split("://", 1)[1]


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_hours() -> dict[int, tuple[time, time]]:
    return {d: (time(10, 30), time(19, 0)) for d in range(6)}


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """--config, then FLOORCON_CONFIG, then ./config.toml, then the user config dir."""
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    env = os.environ.get("FLOORCON_CONFIG")
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise ConfigError(f"FLOORCON_CONFIG points to a missing file: {path}")
        return path
    for candidate in (
        Path.cwd() / "config.toml",
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml",
    ):
        if candidate.is_file():
            return candidate
    return None


def load_settings(
    config: str | os.PathLike[str] | None = None, db: str | os.PathLike[str] | None = None
) -> Settings:
    """Read and validate the config; `db` (from --db) overrides the store.

    Which store: the --db file, else FLOORCON_DATABASE_URL, else the FLOORCON_DB file, else
    database.url, else store.path.
    """
    path = find_config(config)
    raw: dict = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot be read ({exc})") from None
    settings = parse_settings(raw, source=path)
    env_url = os.environ.get("FLOORCON_DATABASE_URL", "").strip()
    if db:
        return replace(settings, store_path=Path(db).expanduser().absolute(), database_url="")
    if env_url:
        return replace(settings, database_url=parse_database_url(env_url, "FLOORCON_DATABASE_URL"))
    override = os.environ.get("FLOORCON_DB")
    if override:
        settings = replace(settings, store_path=Path(override).expanduser().absolute(), database_url="")
    return settings


def _table(raw: dict, name: str) -> dict:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table, got {value!r}")
    return value


def _str(table: dict, section: str, key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{section}.{key} must be text, got {value!r}")
    return value.strip()


def parse_settings(raw: dict, source: Path | None = None) -> Settings:
    """Turn the TOML tables into Settings, naming the first bad key and value."""
    from zoneinfo import ZoneInfo  # the zones pendulum reads, without loading pendulum

    boutique = _table(raw, "boutique")
    defaults = Settings()
    name = _str(boutique, "boutique", "name", defaults.boutique_name)
    if not name:
        raise ConfigError("boutique.name must not be empty")
    code = _str(boutique, "boutique", "code", defaults.boutique_code)
    if not code:
        raise ConfigError("boutique.code must not be empty")
    tz = _str(boutique, "boutique", "timezone", defaults.timezone)
    try:
        ZoneInfo(tz)
    except Exception:
        raise ConfigError(f"boutique.timezone: unknown time zone {tz!r}") from None
    currency = _str(boutique, "boutique", "currency", defaults.currency).upper()
    if currency not in CURRENCIES:
        raise ConfigError(f"boutique.currency: unknown currency {currency!r}")
    initials = _str(boutique, "boutique", "manager_initials", defaults.manager_initials)
    if initials and not _INITIALS.match(initials):
        raise ConfigError(
            f"boutique.manager_initials: {initials!r} is not 2 to 4 letters"
        )

    hours_table = _table(raw, "hours")
    hours = default_hours() if not hours_table else {}
    for key in hours_table:
        if key not in WEEKDAYS:
            raise ConfigError(f"hours.{key}: unknown weekday (use {', '.join(WEEKDAYS)})")
    for index, day in enumerate(WEEKDAYS):
        if day not in hours_table:
            continue
        spec = hours_table[day]
        parsed = parse_hours(spec) if isinstance(spec, str) else None
        if parsed is False or (parsed is None and not isinstance(spec, str)):
            raise ConfigError(f'hours.{day}: bad hours {spec!r} (use "10:00-19:00" or "closed")')
        if parsed is not None:
            hours[index] = parsed

    store = _table(raw, "store")
    store_raw = _str(store, "store", "path", "")
    store_path = Path(store_raw).expanduser() if store_raw else defaults.store_path
    if store_raw and not store_path.is_absolute():
        base = source.parent if source is not None else Path.cwd()
        store_path = base / store_path

    database = _table(raw, "database")
    for key in database:
        if key != "url":
            raise ConfigError(f"database.{key}: unknown key (use url)")
    url_raw = _str(database, "database", "url", "")
    database_url = parse_database_url(url_raw, "database.url") if url_raw else ""

    dashboard = _table(raw, "dashboard")
    margin = dashboard.get("behind_pace_margin", defaults.behind_pace_margin)
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not 0 <= margin < 1:
        raise ConfigError(f"dashboard.behind_pace_margin: {margin!r} is not between 0 and 1")
    ahead = _whole(dashboard, "dashboard", "followup_days_ahead", defaults.followup_days_ahead, 0, 31)

    keep = _whole(store, "store", "keep_backups", defaults.keep_backups, 1, 3650)
    privacy = _table(raw, "privacy")
    idle = _whole(privacy, "privacy", "discreet_after_minutes", defaults.discreet_after_minutes, 0, 1440)
    retention = _whole(privacy, "privacy", "retention_months", defaults.retention_months, 1, 600)

    clients = _table(raw, "clients")
    for key in clients:
        if key not in _CLIENT_KEYS:
            raise ConfigError(f"clients.{key}: unknown key (use {', '.join(_CLIENT_KEYS)})")
    lapsing = _whole(clients, "clients", "lapsing_after_months", defaults.lapsing_after_months, 1, 120)
    lapsed = _whole(clients, "clients", "lapsed_after_months", defaults.lapsed_after_months, 1, 240)
    if lapsed <= lapsing:
        raise ConfigError(f"clients.lapsed_after_months: {lapsed!r} must be more than "
                          f"clients.lapsing_after_months ({lapsing})")
    no_contact = _whole(clients, "clients", "no_contact_days", defaults.no_contact_days, 1, 3650)
    followups = _table(raw, "followups")
    for key in followups:
        if key not in _FOLLOWUP_KEYS:
            raise ConfigError(f"followups.{key}: unknown key (use {', '.join(_FOLLOWUP_KEYS)})")
    above = followups.get("thank_you_above", defaults.thank_you_above / 10 ** CURRENCIES[currency][1])
    if not _number(above) or above < 0:
        raise ConfigError(f"followups.thank_you_above: {above!r} is not an amount of 0 or more")
    thank_you_above = round(above * 10 ** CURRENCIES[currency][1])
    after = _whole(followups, "followups", "thank_you_after_days", defaults.thank_you_after_days, 0, 60)
    key_days = _whole(followups, "followups", "key_date_days_ahead", defaults.key_date_days_ahead, 0, 60)
    key_segments = followups.get("key_date_segments", list(defaults.key_date_segments))
    known_segments = ("VIC", "HJ", "regular", "prospect")
    if not isinstance(key_segments, list) or any(s not in known_segments for s in key_segments):
        raise ConfigError(f"followups.key_date_segments: {key_segments!r} is not a list of "
                          f"{', '.join(known_segments)}")
    guard = _whole(followups, "followups", "contact_guard_days", defaults.contact_guard_days, 0, 365)
    clienteling = _table(raw, "clienteling")
    plan_days = _whole(clienteling, "clienteling", "attribution_days",
                       defaults.clienteling_attribution_days, 1, 365)
    events = _table(raw, "events")
    event_days = _whole(events, "events", "attribution_days", defaults.event_attribution_days, 1, 365)

    measures = dict(defaults.satisfaction_measures)
    for key, value in _table(raw, "satisfaction").items():
        measure = parse_measure(str(key), value)
        measures[measure.code] = measure
    import_columns = parse_import_columns(_table(raw, "import"))
    people = _table(raw, "people")
    for key in people:
        if key not in _PEOPLE_KEYS:
            raise ConfigError(f"people.{key}: unknown key (use {', '.join(_PEOPLE_KEYS)})")
    cadence = _whole(people, "people", "one_to_one_cadence_days", defaults.one_to_one_cadence_days, 1, 365)
    people_ahead = _whole(people, "people", "days_ahead", defaults.people_days_ahead, 0, 60)
    competencies = _names(people, "competencies", defaults.competencies, 40)
    key_roles = _names(people, "key_roles", defaults.key_roles, 60)
    radar = parse_radar(_table(raw, "radar"), defaults)

    return Settings(
        boutique_name=name,
        boutique_code=code,
        timezone=tz,
        currency=currency,
        manager_initials=initials.upper(),
        hours=hours,
        store_path=store_path,
        database_url=database_url,
        behind_pace_margin=float(margin),
        followup_days_ahead=ahead,
        keep_backups=keep,
        discreet_after_minutes=idle,
        retention_months=retention,
        lapsing_after_months=lapsing,
        lapsed_after_months=lapsed,
        no_contact_days=no_contact,
        thank_you_above=thank_you_above,
        thank_you_after_days=after,
        key_date_days_ahead=key_days,
        key_date_segments=tuple(key_segments),
        contact_guard_days=guard,
        satisfaction_measures=measures,
        clienteling_attribution_days=plan_days,
        event_attribution_days=event_days,
        import_columns=import_columns,
        one_to_one_cadence_days=cadence,
        people_days_ahead=people_ahead,
        competencies=competencies,
        key_roles=key_roles,
        **radar,
        source=source,
    )


_RADAR_KEYS = ("pace_share", "minutes_left", "appointment_minutes", "followup_days", "coaching_days",
               "satisfaction_days", "month_share", "top")


def parse_radar(table: dict, defaults: Settings) -> dict[str, Any]:
    """`[radar]`: each rule's threshold, as the Settings fields `radar_<key>`."""
    for key in table:
        if key not in _RADAR_KEYS:
            raise ConfigError(f"radar.{key}: unknown key (use {', '.join(_RADAR_KEYS)})")
    values: dict[str, Any] = {}
    for key in ("pace_share", "month_share"):
        share = table.get(key, getattr(defaults, f"radar_{key}"))
        if not _number(share) or not 0 <= share < 1:
            raise ConfigError(f"radar.{key}: {share!r} is not a share between 0 and 1 (0.2 = 20 points)")
        values[f"radar_{key}"] = float(share)
    wholes = (("minutes_left", 0, 720), ("appointment_minutes", 1, 480), ("followup_days", 1, 60),
              ("coaching_days", 1, 90), ("satisfaction_days", 1, 365), ("top", 1, 20))
    for key, low, high in wholes:
        values[f"radar_{key}"] = _whole(table, "radar", key, getattr(defaults, f"radar_{key}"), low, high)
    return values


_PEOPLE_KEYS = ("one_to_one_cadence_days", "days_ahead", "competencies", "key_roles")


def _names(table: dict, key: str, default: tuple[str, ...], longest: int) -> tuple[str, ...]:
    """A list of names (competencies, key roles): 1 to 20, none empty, none twice."""
    value = table.get(key, list(default))
    where = f"people.{key}"
    if not isinstance(value, list) or not 1 <= len(value) <= 20:
        raise ConfigError(f"{where}: {value!r} is not a list of 1 to 20 names")
    names: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item.strip()) > longest:
            raise ConfigError(f"{where}: {item!r} is not a name of 1 to {longest} characters")
        if item.strip().casefold() in (n.casefold() for n in names):
            raise ConfigError(f"{where}: {item.strip()!r} is listed twice")
        names.append(item.strip())
    return tuple(names)


def _number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float)


def parse_measure(key: str, value: object) -> Measure:
    """`CER = 8.0` (a threshold on a 0-10 scale) or `[satisfaction.NPS]` with name, scale,
    threshold and higher_is_better."""
    where = f"satisfaction.{key}"
    if not _MEASURE_CODE.match(key):
        raise ConfigError(f"{where}: {key!r} is not a measure code (a letter, then up to 15 letters, "
                          "digits, - or _)")
    code = key.upper()
    if not isinstance(value, dict):
        if not _number(value) or not 0 <= value <= 10:  # type: ignore[operator]
            raise ConfigError(f"{where}: {value!r} is not a score from 0 to 10")
        return Measure(code, code, 10.0, float(value))  # type: ignore[arg-type]
    for name in value:
        if name not in _MEASURE_KEYS:
            raise ConfigError(f"{where}.{name}: unknown key (use {', '.join(_MEASURE_KEYS)})")
    label = value.get("name", code)
    if not isinstance(label, str) or not label.strip():
        raise ConfigError(f"{where}.name: {label!r} is not a name")
    scale = value.get("scale", 10)
    if not _number(scale) or not 0 < scale <= 1000:
        raise ConfigError(f"{where}.scale: {scale!r} is not a scale from 1 to 1000")
    threshold = value.get("threshold")
    if threshold is not None and (not _number(threshold) or not 0 <= threshold <= scale):
        raise ConfigError(f"{where}.threshold: {threshold!r} is not a score from 0 to {scale}")
    higher = value.get("higher_is_better", True)
    if not isinstance(higher, bool):
        raise ConfigError(f"{where}.higher_is_better: {higher!r} is not true or false")
    return Measure(code, label.strip(), float(scale), None if threshold is None else float(threshold), higher)


def parse_import_columns(table: dict) -> dict[str, dict[str, str]]:
    """`[import.sales] receipt = "Numéro de caisse"`: which column holds which field."""
    columns: dict[str, dict[str, str]] = {}
    for kind, mapping in table.items():
        if kind not in IMPORT_FIELDS:
            raise ConfigError(f"import.{kind}: unknown kind (use {', '.join(IMPORT_FIELDS)})")
        if not isinstance(mapping, dict):
            raise ConfigError(f"[import.{kind}] must be a table, got {mapping!r}")
        for name, header in mapping.items():
            if name not in IMPORT_FIELDS[kind]:
                known = ", ".join(IMPORT_FIELDS[kind])
                raise ConfigError(f"import.{kind}.{name}: unknown field (use {known})")
            if not isinstance(header, str) or not header.strip():
                raise ConfigError(f"import.{kind}.{name}: {header!r} is not a column name")
        columns[kind] = {name: header.strip() for name, header in mapping.items()}
    return columns


def _whole(table: dict, section: str, key: str, default: int, low: int, high: int) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{section}.{key}: {value!r} is not a whole number {low}-{high}")
    return value


def parse_hours(spec: str) -> tuple[time, time] | bool | None:
    """"10:00-19:00" -> (open, close); "closed" -> None; anything else -> False."""
    text = spec.strip().lower()
    if text in ("closed", "", "-"):
        return None
    match = _HOURS.match(text)
    if not match:
        return False
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if not (0 <= h1 <= 23 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60):
        return False
    if h2 == 24:
        if m2:
            return False
        h2, m2 = 23, 59
    opens, closes = time(h1, m1), time(h2, m2)
    if closes <= opens:
        return False
    return opens, closes
