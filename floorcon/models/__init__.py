"""SQLModel tables, one module per domain. Importing this package registers every table.

Every table carries `boutique_id`, so several boutiques can later share one server. Money is in
integer minor units of the boutique's currency; moments are aware UTC datetimes; business days
(a follow-up's due day, a target's period) are plain dates in the boutique's zone.
"""

from sqlmodel import SQLModel

# Stable constraint names, so Alembic's batch mode on SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from .audit import ChangeLog  # noqa: E402
from .clienteling import (  # noqa: E402
    ActionStatus,
    ClientelingAction,
    ClientelingPlan,
    CommunityAction,
    HJOpportunity,
    HJStage,
    Invitation,
    InvitationStatus,
)
from .clients import (  # noqa: E402
    Channel,
    Client,
    ClientConsent,
    ClientContact,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Segment,
)
from .coaching import CoachingNote, Moment, NoteKind  # noqa: E402
from .people import (  # noqa: E402
    Action,
    DevelopmentPlan,
    GoalStatus,
    Level,
    OneToOne,
    PlanCheckIn,
    PlanGoal,
    PlanKind,
    PlanOutcome,
    PlanStatus,
    Readiness,
    Review,
    SuccessionCandidate,
)
from .radar import RadarDismissal  # noqa: E402
from .rituals import (  # noqa: E402
    Appointment,
    AppointmentStatus,
    DaySummary,
    Event,
    FocusStory,
    SatisfactionScore,
)
from .sales import Sale, Target, Traffic  # noqa: E402
from .team import Associate, Boutique, Shift  # noqa: E402

__all__ = [
    "Action",
    "ActionStatus",
    "Appointment",
    "AppointmentStatus",
    "Associate",
    "Boutique",
    "ChangeLog",
    "Channel",
    "Client",
    "ClientConsent",
    "ClientContact",
    "ClientelingAction",
    "ClientelingPlan",
    "CoachingNote",
    "CommunityAction",
    "DaySummary",
    "DevelopmentPlan",
    "Event",
    "FocusStory",
    "FollowUp",
    "FollowUpKind",
    "FollowUpStatus",
    "GoalStatus",
    "HJOpportunity",
    "HJStage",
    "Invitation",
    "InvitationStatus",
    "Level",
    "Moment",
    "NoteKind",
    "OneToOne",
    "PlanCheckIn",
    "PlanGoal",
    "PlanKind",
    "PlanOutcome",
    "PlanStatus",
    "RadarDismissal",
    "Readiness",
    "Review",
    "SQLModel",
    "Sale",
    "SatisfactionScore",
    "Segment",
    "Shift",
    "SuccessionCandidate",
    "Target",
    "Traffic",
]
