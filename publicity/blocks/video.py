from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class VideoBlock(blocks.StructBlock):
    """A micro-film uploaded as a document (mp4), played by the browser's own HTML5 player."""

    video = DocumentChooserBlock(label="视频文件（mp4）")
    poster = ImageChooserBlock(label="封面图")
    alt = blocks.CharBlock(label="视频简介（替代文字）", max_length=120)

    class Meta:
        icon = "media"
        label = "微视频"
        template = "publicity/blocks/video.html"
