"""Public pages, one module per page family, re-exported here."""

from .brand import BrandIndexPage, ServiceBrandPage
from .campaign import CampaignPage
from .commitment import CommitmentWallPage
from .home import HomePage
from .recognition import Recognition
from .story import StoryCategory, StoryIndexPage, StoryPage, StoryPageMember, StoryPageTag

__all__ = ["BrandIndexPage", "CampaignPage", "CommitmentWallPage", "HomePage", "Recognition", "ServiceBrandPage",
           "StoryCategory", "StoryIndexPage", "StoryPage", "StoryPageMember", "StoryPageTag"]
