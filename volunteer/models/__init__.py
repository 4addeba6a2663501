"""The volunteer domain, one module per concept, re-exported here."""

from .access import AdminScope, PersonalDataAccessLog
from .catalog import ActivityLine, ServiceCategory
from .checkin import CheckinStatus, CommunityCheckin
from .demand import DEMAND_TRANSITIONS, Demand, DemandChannel, DemandStatus, DemandTransition, Urgency
from .grid import Grid, GridLevel
from .member import Gender, MemberStatus, PartyMember, Skill
from .order import ACTIVE_ORDER_STATUSES, Order, OrderStatus
from .organization import OrgKind, OrgLevel, PartyOrganization
from .post import Post, PostAssignment
from .project import Activity, ActivityStatus, Campaign, ProjectFeedback, ProjectStatus, ServiceProject
from .record import (
    Appraisal,
    AppraisalScheme,
    Evaluation,
    EvaluationRole,
    FraudFlag,
    RecordSource,
    RecordStatus,
    ServiceRecord,
)
from .team import FOUR_HAVES, PointKind, ServicePoint, Team, TeamKind

__all__ = [
    "ACTIVE_ORDER_STATUSES",
    "Activity",
    "ActivityLine",
    "ActivityStatus",
    "AdminScope",
    "Appraisal",
    "AppraisalScheme",
    "Campaign",
    "CheckinStatus",
    "CommunityCheckin",
    "DEMAND_TRANSITIONS",
    "Demand",
    "DemandChannel",
    "DemandStatus",
    "DemandTransition",
    "Evaluation",
    "EvaluationRole",
    "FOUR_HAVES",
    "FraudFlag",
    "Gender",
    "Grid",
    "GridLevel",
    "MemberStatus",
    "Order",
    "OrderStatus",
    "OrgKind",
    "OrgLevel",
    "PartyMember",
    "PartyOrganization",
    "PersonalDataAccessLog",
    "PointKind",
    "Post",
    "PostAssignment",
    "ProjectFeedback",
    "ProjectStatus",
    "RecordSource",
    "RecordStatus",
    "ServiceCategory",
    "ServicePoint",
    "ServiceProject",
    "ServiceRecord",
    "Skill",
    "Team",
    "TeamKind",
    "Urgency",
]
