"""The volunteer domain, one module per concept, re-exported here."""

from .access import AdminScope, PersonalDataAccessLog
from .catalog import ActivityLine, ServiceCategory
from .checkin import CheckinStatus, CommunityCheckin
from .commitment import ServiceCommitment
from .demand import DEMAND_TRANSITIONS, Demand, DemandChannel, DemandStatus, DemandTransition, Urgency
from .grid import Grid, GridLevel
from .ledger import CREDIT_KINDS, Account, Entry, EntryKind, ExpiryMode, PointsRule, Unit
from .market import Redemption, RedemptionLine, RedemptionStatus, Reward, StockKind, StockMovement
from .member import Gender, MemberStatus, PartyMember, Skill
from .order import ACTIVE_ORDER_STATUSES, ActivityInvitation, Order, OrderStatus
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
from .stars import FraudFinding, StarChange, StarChangeStatus, StarLevel, StarPolicy
from .team import FOUR_HAVES, PointKind, ServicePoint, Team, TeamKind

__all__ = [
    "ACTIVE_ORDER_STATUSES",
    "Account",
    "Activity",
    "ActivityInvitation",
    "ActivityLine",
    "ActivityStatus",
    "AdminScope",
    "Appraisal",
    "AppraisalScheme",
    "CREDIT_KINDS",
    "Campaign",
    "CheckinStatus",
    "CommunityCheckin",
    "DEMAND_TRANSITIONS",
    "Demand",
    "DemandChannel",
    "DemandStatus",
    "DemandTransition",
    "Entry",
    "EntryKind",
    "Evaluation",
    "EvaluationRole",
    "ExpiryMode",
    "FOUR_HAVES",
    "FraudFinding",
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
    "PointsRule",
    "Post",
    "PostAssignment",
    "ProjectFeedback",
    "ProjectStatus",
    "RecordSource",
    "RecordStatus",
    "Redemption",
    "RedemptionLine",
    "RedemptionStatus",
    "Reward",
    "ServiceCategory",
    "ServiceCommitment",
    "ServicePoint",
    "ServiceProject",
    "ServiceRecord",
    "Skill",
    "StarChange",
    "StarChangeStatus",
    "StarLevel",
    "StarPolicy",
    "StockKind",
    "StockMovement",
    "Team",
    "TeamKind",
    "Unit",
    "Urgency",
]
