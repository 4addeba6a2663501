from wagtail import blocks

from .image import ImageBlock


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="组图标题", required=False, max_length=80)
    images = blocks.ListBlock(ImageBlock(), label="图片", min_num=2)

    class Meta:
        icon = "image"
        label = "组图"
        template = "publicity/blocks/gallery.html"
