"""Upload checks for the media library: documents (and micro-films, which are documents) have a
size limit; the allowed types are in settings (WAGTAILDOCS_EXTENSIONS, WAGTAILIMAGES_EXTENSIONS)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        limit = settings.DOCUMENT_MAX_UPLOAD_SIZE
        if file is not None and getattr(file, "size", 0) > limit:
            raise ValidationError(f"文件过大（{file.size / 1024 / 1024:.1f} MB），文档和视频不超过 {limit // 1024 // 1024} MB")
        return file
