"""Settings: where config.toml is found, what a bad value says, hours, the store path."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

import pytest

import floorcon.config as config_module
from floorcon.config import ConfigError, default_hours, load_settings, parse_hours, parse_settings

from .conftest import to_toml


def write_config(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_toml(data), encoding="utf-8")
    return path


def named(name: str) -> dict[str, Any]:
    return {"boutique": {"name": name}}


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No FLOORCON_* variables, an empty working folder, user folders inside tmp_path."""
    for var in ("FLOORCON_CONFIG", "FLOORCON_DB", "FLOORCON_NOW", "FLOORCON_DATABASE_URL"):
        monkeypatch.delenv(var, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    user_config = tmp_path / "user-config"
    user_data = tmp_path / "user-data"
    monkeypatch.setattr(config_module.platformdirs, "user_config_dir", lambda *a, **k: str(user_config))
    monkeypatch.setattr(config_module.platformdirs, "user_data_dir", lambda *a, **k: str(user_data))
    return tmp_path


# -- where the config comes from ----------------------------------------------------------------


def test_find_order(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = write_config(clean_env / "explicit" / "config.toml", named("Explicit"))
    from_env = write_config(clean_env / "env" / "config.toml", named("Env"))
    write_config(clean_env / "work" / "config.toml", named("Cwd"))
    write_config(clean_env / "user-config" / "config.toml", named("User"))
    monkeypatch.setenv("FLOORCON_CONFIG", str(from_env))

    assert load_settings(explicit).boutique_name == "Explicit"  # --config beats everything
    assert load_settings().boutique_name == "Env"  # then FLOORCON_CONFIG
    monkeypatch.delenv("FLOORCON_CONFIG")
    assert load_settings().boutique_name == "Cwd"  # then ./config.toml
    assert load_settings().source == clean_env / "work" / "config.toml"
    (clean_env / "work" / "config.toml").unlink()
    assert load_settings().boutique_name == "User"  # then the user config folder
    (clean_env / "user-config" / "config.toml").unlink()
    settings = load_settings()  # nothing at all: the defaults
    assert settings.source is None
    assert settings.boutique_name == "Maison Rivoli"
    assert settings.hours == default_hours()
    assert settings.store_path == clean_env / "user-data" / "floorcon.db"


def test_missing_explicit_config(clean_env: Path) -> None:
    with pytest.raises(ConfigError, match=r"config file not found: .*nope\.toml"):
        load_settings(clean_env / "nope.toml")


def test_missing_env_config(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOORCON_CONFIG", str(clean_env / "gone.toml"))
    with pytest.raises(ConfigError, match=r"FLOORCON_CONFIG points to a missing file: .*gone\.toml"):
        load_settings()


def test_invalid_toml_names_the_file(clean_env: Path) -> None:
    path = clean_env / "broken.toml"
    path.write_text('[boutique]\nname = "unterminated\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(path) in str(err.value) and "not valid TOML" in str(err.value)


# -- every validation error names the key and the value --------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"boutique": "Rivoli"}, ["[boutique] must be a table", "'Rivoli'"]),
        ({"boutique": {"name": 12}}, ["boutique.name must be text", "12"]),
        ({"boutique": {"name": "  "}}, ["boutique.name must not be empty"]),
        ({"boutique": {"code": ""}}, ["boutique.code must not be empty"]),
        ({"boutique": {"timezone": "Europe/Pariss"}}, ["boutique.timezone", "'Europe/Pariss'"]),
        ({"boutique": {"currency": "EUR0"}}, ["boutique.currency", "'EUR0'"]),
        ({"boutique": {"manager_initials": "S"}}, ["boutique.manager_initials", "'S'"]),
        ({"boutique": {"manager_initials": "S.M."}}, ["boutique.manager_initials", "'S.M.'"]),
        ({"hours": "10:00-19:00"}, ["[hours] must be a table", "'10:00-19:00'"]),
        ({"hours": {"mon": "10:00-19:00"}}, ["hours.mon", "unknown weekday"]),
        ({"hours": {"monday": "25:00-19:00"}}, ["hours.monday", "'25:00-19:00'"]),
        ({"hours": {"tuesday": "19:00-10:00"}}, ["hours.tuesday", "'19:00-10:00'"]),
        ({"hours": {"friday": 10}}, ["hours.friday", "10"]),
        ({"hours": {"sunday": "all day"}}, ["hours.sunday", "'all day'"]),
        ({"store": {"path": 3}}, ["store.path must be text", "3"]),
        ({"dashboard": {"behind_pace_margin": 1.5}}, ["dashboard.behind_pace_margin", "1.5"]),
        ({"dashboard": {"behind_pace_margin": True}}, ["dashboard.behind_pace_margin", "True"]),
        ({"dashboard": {"followup_days_ahead": 40}}, ["dashboard.followup_days_ahead", "40"]),
        ({"dashboard": {"followup_days_ahead": "3"}}, ["dashboard.followup_days_ahead", "'3'"]),
        ({"store": {"keep_backups": 0}}, ["store.keep_backups", "0"]),
        ({"privacy": {"discreet_after_minutes": -5}}, ["privacy.discreet_after_minutes", "-5"]),
        ({"privacy": {"retention_months": 0}}, ["privacy.retention_months", "0"]),
        ({"privacy": []}, ["[privacy] must be a table", "[]"]),
    ],
)
def test_validation_errors(raw: dict[str, Any], expected: list[str]) -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings(raw)
    message = str(err.value)
    assert "\n" not in message
    for part in expected:
        assert part in message


def test_validation_error_through_a_file(clean_env: Path) -> None:
    path = write_config(clean_env / "config.toml", {"boutique": {"timezone": "Mars/Olympus"}})
    with pytest.raises(ConfigError, match=r"boutique.timezone: unknown time zone 'Mars/Olympus'"):
        load_settings(path)


def test_good_values_are_normalised() -> None:
    s = parse_settings({"boutique": {"currency": "jpy", "manager_initials": "sm", "name": " Ginza "},
                        "dashboard": {"behind_pace_margin": 0, "followup_days_ahead": 7}})
    assert (s.currency, s.currency_symbol, s.minor_digits) == ("JPY", "¥", 0)
    assert s.manager_initials == "SM"
    assert s.boutique_name == "Ginza"
    assert s.behind_pace_margin == 0.0 and isinstance(s.behind_pace_margin, float)
    assert s.followup_days_ahead == 7


# -- opening hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("closed", None),
        ("Closed", None),
        ("", None),
        ("-", None),
        ("10:00-19:00", (time(10, 0), time(19, 0))),
        (" 9:30 - 18:45 ", (time(9, 30), time(18, 45))),
        ("10:00-24:00", (time(10, 0), time(23, 59))),
        ("25:00-19:00", False),
        ("10:00-24:30", False),
        ("10:60-19:00", False),
        ("19:00-10:00", False),
        ("10:00-10:00", False),
        ("10-19", False),
        ("10:00 to 19:00", False),
    ],
)
def test_parse_hours(spec: str, expected: object) -> None:
    assert parse_hours(spec) == expected


def test_hours_table() -> None:
    s = parse_settings({"hours": {"monday": "closed", "tuesday": "10:00-19:00", "saturday": "10:00-20:00"}})
    # a table lists the open days: a weekday it leaves out is closed
    assert s.hours == {1: (time(10), time(19)), 5: (time(10), time(20))}


def test_no_hours_table_means_default_hours() -> None:
    s = parse_settings({})
    assert s.hours == default_hours()
    assert set(s.hours) == {0, 1, 2, 3, 4, 5}  # Sunday closed


# -- the store path --------------------------------------------------------------------------------


def test_relative_store_path_is_resolved_against_the_config_folder(clean_env: Path) -> None:
    path = write_config(clean_env / "etc" / "floorcon" / "config.toml", {"store": {"path": "data/shop.db"}})
    settings = load_settings(path)  # the working folder is clean_env/work: it must not matter
    assert settings.store_path == clean_env / "etc" / "floorcon" / "data" / "shop.db"
    assert settings.data_dir == clean_env / "etc" / "floorcon" / "data"


def test_absolute_and_home_store_paths(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    absolute = write_config(clean_env / "a.toml", {"store": {"path": str(clean_env / "x" / "abs.db")}})
    assert load_settings(absolute).store_path == clean_env / "x" / "abs.db"
    monkeypatch.setenv("HOME", str(clean_env / "home"))
    home = write_config(clean_env / "h.toml", {"store": {"path": "~/shop.db"}})
    assert load_settings(home).store_path == clean_env / "home" / "shop.db"


def test_relative_store_path_without_a_file_uses_the_working_folder(clean_env: Path) -> None:
    settings = parse_settings({"store": {"path": "rel.db"}})
    assert settings.store_path == clean_env / "work" / "rel.db"


def test_db_override(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(clean_env / "config.toml", {"store": {"path": "data/shop.db"}})
    # --db beats the config; a relative --db is taken from the working folder
    assert load_settings(path, "other.db").store_path == clean_env / "work" / "other.db"
    assert load_settings(path, clean_env / "z.db").store_path == clean_env / "z.db"
    monkeypatch.setenv("FLOORCON_DB", str(clean_env / "env.db"))
    assert load_settings(path).store_path == clean_env / "env.db"  # FLOORCON_DB beats the config
    assert load_settings(path, "cli.db").store_path == clean_env / "work" / "cli.db"  # --db beats it
    assert load_settings(path, "cli.db").boutique_name == "Maison Rivoli"  # the rest still read
