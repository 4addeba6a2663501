"""StreamField blocks for stories, one per module, combined here."""

from wagtail import blocks

from .embed import EmbedBlock
from .gallery import GalleryBlock
from .image import ImageBlock
from .paragraph import ParagraphBlock
from .quote import QuoteBlock
from .video import VideoBlock


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    embed = EmbedBlock()

    class Meta:
        block_counts = {}


__all__ = ["EmbedBlock", "GalleryBlock", "ImageBlock", "ParagraphBlock", "QuoteBlock", "StoryBodyBlock", "VideoBlock"]
