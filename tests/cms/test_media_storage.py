"""Media in an S3-compatible bucket (MEDIA_S3_BUCKET): reports are written there by the worker and
downloaded through the admin by any web replica, objects are private with signed links, and backup
and restore carry the bucket's files. The bucket is moto's in-memory S3."""

import io
import os
import subprocess
import sys

import boto3
import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto import mock_aws

from reports.models import JobStatus, ReportJob
from volunteer.backup import archive_media, media_names, restore_media

BUCKET = "dy365-media"


@pytest.fixture
def bucket(settings, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "location": "media", "default_acl": None, "querystring_auth": True,
                        "querystring_expire": 3600, "signature_version": "s3v4", "file_overwrite": False}}}
        yield client


def keys(client):
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_the_settings_choose_the_bucket_when_it_is_configured():
    code = ("from django.conf import settings; s = settings.STORAGES['default']; "
            "print(s['BACKEND'], s['OPTIONS']['bucket_name'], s['OPTIONS']['endpoint_url'], s['OPTIONS']['default_acl'])")
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cms.settings.dev", MEDIA_S3_BUCKET="district-media",
               MEDIA_S3_ENDPOINT_URL="http://minio:9000")
    out = subprocess.run([sys.executable, "-c", f"import django; django.setup(); {code}"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["storages.backends.s3.S3Storage", "district-media", "http://minio:9000", "None"]
    env.pop("MEDIA_S3_BUCKET")
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                          "print(settings.STORAGES['default']['BACKEND'])"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "django.core.files.storage.FileSystemStorage"


def test_a_report_is_stored_in_the_bucket_and_downloaded_through_the_admin(d, client, bucket,
                                                                          django_capture_on_commit_callbacks):
    user = d.community_admin
    for codename in ("view_reportjob", "add_reportjob", "access_admin"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/admin/reports/new/stars/", {"grid": d.comm_a1.pk}).status_code == 302
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE, job.error
    assert keys(bucket) == [f"media/{job.file.name}"]
    # Private object: a plain link is refused, the storage hands out signed, expiring ones.
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=f"media/{job.file.name}")["Grants"]
    assert all(g["Grantee"].get("URI", "").endswith("AllUsers") is False for g in grants)
    link = default_storage.url(job.file.name)
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=3600" in link
    download = client.get(f"/admin/reports/{job.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_backup_and_restore_carry_the_buckets_files(bucket, tmp_path):
    files = {"original_images/合影.jpg": b"\xff\xd8 jpeg bytes", "reports/7/星级名册.pdf": b"%PDF-1.7 report",
             "documents/视频.mp4": b"\x00\x00 video"}
    for name, content in files.items():
        assert default_storage.save(name, ContentFile(content)) == name
    archive = tmp_path / "media.tar.gz"
    archive_media(archive)
    for name in files:
        default_storage.delete(name)
    assert keys(bucket) == []

    restore_media(archive)
    assert sorted(media_names()) == sorted(files)
    for name, content in files.items():
        with default_storage.open(name, "rb") as handle:
            assert handle.read() == content
    restore_media(archive)  # a second restore replaces, it does not add "_abc123" copies
    assert len(keys(bucket)) == len(files)


def test_restore_refuses_a_name_that_climbs_out_of_the_media_folder(bucket, tmp_path):
    import tarfile

    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("media/../settings.py")
        payload = b"x"
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    with pytest.raises(ValueError, match="备份中的媒体文件名不安全：../settings.py"):
        restore_media(archive)
    assert keys(bucket) == []
