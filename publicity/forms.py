"""Upload checks for the media library: documents (and micro-films, which are documents) have a
size limit; the allowed types are in settings (WAGTAILDOCS_EXTENSIONS, WAGTAILIMAGES_EXTENSIONS)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED_IMAGE = "图片文件已损坏或不完整，请重新导出或拍摄后上传"


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
        if file is not None and getattr(file, "size", 0) > limit:
            raise ValidationError(f"文件过大（{file.size / 1024 / 1024:.1f} MB），文档和视频不超过 {limit // 1024 // 1024} MB")
        return file


class CheckedImageField(WagtailImageField):
    """Wagtail reads the picture's size from its header, then Pillow decodes it all: a truncated
    or damaged file fails there (OSError) — a form error in Chinese, not a 500."""

    def to_python(self, data):
        try:
            checked = super().to_python(data)
            if checked is not None:
                decode_fully(checked)
            return checked
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from error


def decode_fully(upload):
    """Decode every pixel, refusing a truncated file. WeasyPrint sets Pillow's process-wide
    LOAD_TRUNCATED_IMAGES on import, after which Pillow pads a half file with grey instead of
    failing; once any report has been rendered in the process, such a file would be stored."""
    from PIL import Image, ImageFile

    position = upload.tell()
    upload.seek(0)
    tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(upload) as image:
            image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        upload.seek(position)


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: the add, edit and multiple-upload forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, CheckedImageField):
            field.__class__ = CheckedImageField  # same field (label, limits, help text), checked decoding
