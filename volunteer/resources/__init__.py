"""django-import-export resources, one module per kind: the columns staff keep in Excel, the
headers they use for them, and the service function that saves each row (same rules and scope as
the admin screens)."""

from .base import ImportReport, ServiceResource
from .members import MemberResource
from .records import RecordResource
from .reference import (
    DemandResource,
    GridResource,
    OrganizationResource,
    RewardResource,
    ServicePointResource,
    TeamResource,
)

# The order of the import page's tabs.
RESOURCES = {
    "members": MemberResource,
    "records": RecordResource,
    "grids": GridResource,
    "organizations": OrganizationResource,
    "teams": TeamResource,
    "points": ServicePointResource,
    "demands": DemandResource,
    "rewards": RewardResource,
}

__all__ = ["RESOURCES", "DemandResource", "GridResource", "ImportReport", "MemberResource", "OrganizationResource",
           "RecordResource", "RewardResource", "ServicePointResource", "ServiceResource", "TeamResource"]
