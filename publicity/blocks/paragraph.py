from wagtail import blocks


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=["bold", "italic", "link", "ol", "ul", "h3"], label="正文段落", icon="pilcrow", **kwargs)
