from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    """An image with required alt text (phones read it aloud; WeChat shows it when images fail)."""

    image = ImageChooserBlock(label="图片")
    alt = blocks.CharBlock(label="替代文字（必填）", max_length=120)
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=200)

    class Meta:
        icon = "image"
        label = "图片"
        template = "publicity/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt") or "").strip():
            raise ValidationError("请填写图片的替代文字")
        return value
