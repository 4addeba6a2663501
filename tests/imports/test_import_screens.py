"""The import screens: upload runs a dry run that writes nothing, confirm imports once, a stale
or reused confirm imports nothing, and the template downloads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tests.imports.test_member_roster import messy_roster
from volunteer.models import PartyMember
from volunteer.resources import MemberResource

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content, name="roster.xlsx"):
    return client.post("/admin/imports/members/", {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def test_upload_previews_then_confirm_imports_once(d, login):
    client = login(d.community_admin)
    response = upload(client, messy_roster())
    html = response.content.decode()
    assert "预检通过：将新增 5 条" in html and PartyMember.objects.count() == 4
    token = response.context["token"]
    done = client.post("/admin/imports/members/confirm/", {"token": token}, follow=True)
    assert "导入完成：新增 5 条" in done.content.decode()
    assert PartyMember.objects.count() == 9
    again = client.post("/admin/imports/members/confirm/", {"token": token}, follow=True)  # a double click
    assert "导入已过期或已完成" in again.content.decode() and PartyMember.objects.count() == 9


def test_a_bad_file_lists_every_error_and_offers_no_confirm(d, login):
    client = login(d.community_admin)
    bad = [6, "孙悟空", "320412197506150012", "1381234", "甲一社区党支部", "T-A-1-1", "离退休", ""]
    html = upload(client, messy_roster([bad])).content.decode()
    assert "全部行均未导入" in html and "第 10 行“手机号”" in html and "确认导入" not in html
    assert "只能导入 Excel" in upload(client, b"hello", "x.txt").content.decode()


def test_someone_elses_token_imports_nothing(d, login):
    token = upload(login(d.community_admin), messy_roster()).context["token"]
    other = login(d.district_admin)
    assert "导入已过期或已完成" in other.post("/admin/imports/members/confirm/", {"token": token},
                                             follow=True).content.decode()
    assert PartyMember.objects.count() == 4


def test_the_template_has_the_header_and_an_example(d, login):
    response = login(d.community_admin).get("/admin/imports/members/template.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(MemberResource.aliases) and rows[1][0] == "张三"


def test_volunteers_cannot_reach_the_import(loop, login):
    assert login(loop.volunteers[0].user).get("/admin/imports/members/").status_code in (302, 403)


def test_the_web_page_refuses_more_rows_than_a_request_can_hold_and_points_to_the_command(d, login, monkeypatch):
    from volunteer.adminviews import imports

    monkeypatch.setattr(imports, "WEB_MAX_ROWS", 3)
    html = upload(login(d.community_admin), messy_roster()).content.decode()
    assert "网页上单次导入不超过 3 行" in html and "import_spreadsheet" in html
    assert PartyMember.objects.count() == 4


def test_the_command_dry_runs_then_imports_as_the_named_admin(d, tmp_path):
    roster = tmp_path / "名册.xlsx"
    roster.write_bytes(messy_roster())
    out = io.StringIO()
    call_command("import_spreadsheet", "members", str(roster), "--user", "comm_a1", stdout=out)
    assert "预检通过" in out.getvalue() and PartyMember.objects.count() == 4
    call_command("import_spreadsheet", "members", str(roster), "--user", "comm_a1", "--commit", stdout=out)
    assert "已导入" in out.getvalue() and PartyMember.objects.count() == 9
    with pytest.raises(CommandError, match="有 .* 处错误"):
        call_command("import_spreadsheet", "members", str(roster), "--user", "comm_a2", stdout=io.StringIO())


def pending_files():
    from django.core.files.storage import default_storage

    from volunteer.imports import pending

    try:
        return set(default_storage.listdir(pending.FOLDER)[1])
    except FileNotFoundError:
        return set()


def test_with_the_cache_away_the_upload_says_so_and_leaves_no_roster_behind(d, login, monkeypatch):
    """The confirm finds the upload through the cache: if Redis is down it could never be confirmed,
    and the roster (full ID numbers) must not stay in media."""
    from django.core.cache import cache

    before = pending_files()
    monkeypatch.setattr(cache, "set", lambda *args, **kwargs: False)  # what ResilientRedisCache does then
    response = upload(login(d.community_admin), messy_roster())
    html = response.content.decode()
    assert "暂时无法保存待确认的导入" in html and response.context["token"] == ""
    assert pending_files() == before


def test_abandoned_uploads_are_purged_after_their_hour_and_left_out_of_backups(d, login, tmp_path):
    import datetime
    import tarfile

    from django.utils import timezone

    from volunteer.backup import archive_media
    from volunteer.imports import pending

    token = upload(login(d.community_admin), messy_roster()).context["token"]
    assert token in pending_files()
    archive_media(tmp_path / "media.tar.gz")
    with tarfile.open(tmp_path / "media.tar.gz") as archive:
        assert not any(pending.FOLDER in name for name in archive.getnames())
    pending.purge_stale()
    assert token in pending_files()  # still within its hour
    pending.purge_stale(now=timezone.now() + pending.TTL + datetime.timedelta(minutes=1))
    assert pending_files() == set()
