"""`make run` (DEBUG) serves /media/ as nginx does: image files only. A certificate PDF names a
person and has a guessable URL — it leaves only through the permission-checked download."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches


@pytest.fixture
def dev_urls(settings):
    import cms.urls

    settings.DEBUG = True
    importlib.reload(cms.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(cms.urls)
    clear_url_caches()


def test_report_file_is_not_served_from_media_but_the_admin_download_works(loop, serve, run_report, client,
                                                                             admin_client, dev_urls):
    serve(loop.d.member_a1, hours=2)
    job = run_report("certificate", {"member": loop.d.member_a1.pk}, user=loop.d.superuser)
    assert job.status == "done" and job.file.name.startswith("reports/")

    assert client.get(job.file.url).status_code == 404
    assert admin_client.get(job.file.url).status_code == 404
    download = admin_client.get(f"/admin/reports/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_pending_imports_are_not_served_but_images_are(db, client, dev_urls):
    private = default_storage.save("imports/pending/abc123", ContentFile(b"id,name\n"))
    image = default_storage.save("original_images/dot.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    try:
        assert client.get(default_storage.url(private)).status_code == 404
        assert client.get("/media/../media/" + private).status_code == 404
        response = client.get(default_storage.url(image))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    finally:
        default_storage.delete(private)
        default_storage.delete(image)
