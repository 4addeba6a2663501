"""Public pages, one module per page family, re-exported here."""

from .brand import BrandIndexPage, ServiceBrandPage
from .campaign import CampaignPage
from .home import HomePage
from .story import StoryCategory, StoryIndexPage, StoryPage, StoryPageTag

__all__ = ["BrandIndexPage", "CampaignPage", "HomePage", "ServiceBrandPage", "StoryCategory", "StoryIndexPage", "StoryPage",
           "StoryPageTag"]
