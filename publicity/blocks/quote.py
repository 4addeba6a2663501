from wagtail import blocks


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="引语")
    source = blocks.CharBlock(label="出处", required=False, max_length=80)

    class Meta:
        icon = "openquote"
        label = "引语"
        template = "publicity/blocks/quote.html"
