"""The media library takes pictures, documents and micro-films of the allowed types and sizes,
and refuses the rest with a Chinese message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from tests.factories import make_user
from volunteer import scope


@pytest.fixture
def editor(db, login):
    return login(make_user("ed", scope.ROLE_EDITOR))


def add_document(client, name, content):
    from wagtail.models import Collection

    return client.post("/admin/documents/add/", {"title": name, "collection": Collection.get_first_root_node().pk,
                                                 "file": SimpleUploadedFile(name, content)})


def test_a_micro_film_uploads_as_a_document(editor):
    response = add_document(editor, "微视频.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100)
    assert response.status_code == 302 and get_document_model().objects.filter(title="微视频.mp4").exists()


def test_a_program_is_refused(editor):
    response = add_document(editor, "setup.exe", b"MZ" + b"\x00" * 100)
    assert response.status_code == 200 and not get_document_model().objects.exists()
    assert "文件扩展“exe”是不被允许" in response.content.decode()


def test_an_oversized_document_is_refused(editor, settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1024
    response = add_document(editor, "报告.pdf", b"%PDF-1.4" + b"\x00" * 2048)
    assert "文件过大" in response.content.decode() and not get_document_model().objects.exists()


def test_an_svg_picture_is_refused(editor):
    from wagtail.models import Collection

    response = editor.post("/admin/images/add/", {
        "title": "图", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")})
    assert response.status_code == 200 and "svg" in response.content.decode()


def truncated_jpeg():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 30, 30)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


def test_a_truncated_jpeg_is_a_form_error_in_chinese(editor):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    response = editor.post("/admin/images/add/", {
        "title": "活动照片", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile("photo.jpg", truncated_jpeg(), "image/jpeg")})
    assert response.status_code == 200 and "图片文件已损坏或不完整" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_truncated_jpeg_in_the_multiple_uploader_is_refused_in_chinese(editor):
    from wagtail.images import get_image_model

    response = editor.post("/admin/images/multiple/add/",
                           {"files[]": SimpleUploadedFile("photo.jpg", truncated_jpeg(), "image/jpeg")},
                           HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert response.json()["success"] is False and "图片文件已损坏或不完整" in response.json()["error_message"]
    assert not get_image_model().objects.exists()


def test_a_truncated_jpeg_is_refused_after_a_report_made_pillow_tolerant(editor, monkeypatch):
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES process-wide when a report is rendered; a
    half picture must still be refused, not stored padded with grey."""
    from PIL import ImageFile
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    response = editor.post("/admin/images/add/", {
        "title": "活动照片", "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile("photo.jpg", truncated_jpeg(), "image/jpeg")})
    assert response.status_code == 200 and "图片文件已损坏或不完整" in response.content.decode()
    assert not get_image_model().objects.exists()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # the process's setting is left as it was
