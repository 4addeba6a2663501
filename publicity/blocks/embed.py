from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock as WagtailEmbedBlock


class EmbedBlock(blocks.StructBlock):
    embed = WagtailEmbedBlock(label="外部视频链接")
    caption = blocks.CharBlock(label="说明", required=False, max_length=120)

    class Meta:
        icon = "media"
        label = "外部嵌入"
        template = "publicity/blocks/embed.html"
