"""The volunteer domain, one module per concept, re-exported here."""

from .access import AdminScope, PersonalDataAccessLog
from .checkin import CheckinStatus, CommunityCheckin
from .grid import Grid, GridLevel
from .member import Gender, MemberStatus, PartyMember, Skill
from .organization import OrgKind, OrgLevel, PartyOrganization
from .post import Post, PostAssignment

__all__ = [
    "AdminScope",
    "CheckinStatus",
    "CommunityCheckin",
    "Gender",
    "Grid",
    "GridLevel",
    "MemberStatus",
    "OrgKind",
    "OrgLevel",
    "PartyMember",
    "PartyOrganization",
    "PersonalDataAccessLog",
    "Post",
    "PostAssignment",
    "Skill",
]
