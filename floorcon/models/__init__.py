"""SQLModel tables, one module per domain, each loaded when first used.

`from floorcon.models import Client` works as for any package, but importing the package loads
no table: a name is looked up in its domain's module on first use (PEP 562), and that module
imports the modules its foreign keys point to. So `floorcon note` pays for the few tables it
writes, not for the thirty of the whole schema. What needs the whole schema (the migrations,
copying a store, checking one) calls `load_all()`.

Every table carries `boutique_id`, so several boutiques can later share one server. Money is in
integer minor units of the boutique's currency; moments are aware UTC datetimes; business days
(a follow-up's due day, a target's period) are plain dates in the boutique's zone.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlmodel import SQLModel

if TYPE_CHECKING:
    from sqlalchemy import Index, MetaData

# Stable constraint names, so Alembic's batch mode on SQLite can find and alter them. Set here,
# before any domain module (each imports this package first) defines a table.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A table's pydantic validator and serializer are built when first used, not when the class is
# defined: SQLModel constructs table rows without validating them, and only exports dump them,
# so most runs never build them. Defining the thirty tables costs about 40 % less; the console's
# dashboard and `floorcon note` load theirs on the way to their first figures.
SQLModel.model_config["defer_build"] = True

# The public names, by the domain module that defines them.
_DOMAINS: dict[str, tuple[str, ...]] = {
    "audit": ("ChangeLog",),
    "clienteling": ("ActionStatus", "ClientelingAction", "ClientelingPlan", "CommunityAction",
                    "HJOpportunity", "HJStage", "Invitation", "InvitationStatus"),
    "clients": ("Client", "Segment"),
    "coaching": ("CoachingNote", "Moment", "NoteKind"),
    "contacts": ("Channel", "ClientConsent", "ClientContact"),
    "followups": ("FollowUp", "FollowUpKind", "FollowUpStatus"),
    "people": ("Action", "DevelopmentPlan", "GoalStatus", "Level", "OneToOne", "PlanCheckIn",
               "PlanGoal", "PlanKind", "PlanOutcome", "PlanStatus", "Readiness", "Review",
               "SuccessionCandidate"),
    "radar": ("RadarDismissal",),
    "rituals": ("Appointment", "AppointmentStatus", "DaySummary", "Event", "FocusStory",
                "SatisfactionScore"),
    "sales": ("Sale", "Target", "Traffic"),
    "shifts": ("Shift",),
    "team": ("Associate", "Boutique"),
}
_HOME = {name: domain for domain, names in _DOMAINS.items() for name in names}

__all__ = ["SQLModel", "for_dialect", "load_all", "only_on", *sorted(_HOME)]


def load_all() -> MetaData:
    """Import every domain module; returns the metadata, now holding every table."""
    for domain in _DOMAINS:
        importlib.import_module(f"{__name__}.{domain}")
    return SQLModel.metadata


def only_on(dialect: str, index: Index) -> Index:
    """An index built on one kind of database only (`Index.ddl_if`); marked, so that comparing
    the models with a store (`for_dialect`) expects it there and nowhere else."""
    index.info["dialect"] = dialect
    return index.ddl_if(dialect=dialect)


def for_dialect(dialect: str) -> Callable[..., bool]:
    """Alembic's `include_object` for a store on `dialect`: it leaves out the models' indexes
    built only on another kind of database (Alembic's comparison ignores `ddl_if`)."""
    def include(obj: Any, _name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
        return reflected or type_ != "index" or obj.info.get("dialect", dialect) == dialect
    return include


def __getattr__(name: str) -> Any:
    domain = _HOME.get(name)
    if domain is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{domain}"), name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
