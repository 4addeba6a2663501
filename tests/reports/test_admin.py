"""报表中心 in the Wagtail admin: request form, list with live status, download, retry, revoke."""

import pytest
from django.contrib.auth.models import Permission

from reports.models import Certificate, JobStatus, ReportJob


def grant(user, *codenames):
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="reports", codename=codename))
    return type(user).objects.get(pk=user.pk)  # drop the permission cache


@pytest.fixture
def admin_client(d, client):
    user = grant(d.community_admin, "view_reportjob", "add_reportjob", "change_certificate")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def test_request_form_queues_a_job_and_the_list_shows_it(d, admin_client, django_capture_on_commit_callbacks):
    page = admin_client.get("/admin/reports/new/stars/")
    html = page.content.decode()
    assert page.status_code == 200 and "生成星级党员义工名册" in html
    assert "甲一社区" in html and "乙一村" not in html  # choices cut to scope
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/reports/new/stars/", {"grid": d.comm_a1.pk})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.status == JobStatus.DONE
    listing = admin_client.get("/admin/reports/").content.decode()
    assert job.title in listing and "已完成" in listing and f"/admin/reports/{job.pk}/download/" in listing
    assert "reports/progress.js" in listing
    download = admin_client.get(f"/admin/reports/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_out_of_scope_parameter_is_refused_with_a_chinese_message(d, admin_client):
    response = admin_client.post("/admin/reports/new/monthly/", {"grid": d.comm_b1.pk, "month": "2025-03"})
    html = response.content.decode()
    assert response.status_code == 200 and "不在您的管辖范围（甲一社区）内" in html
    assert not ReportJob.objects.exists()


def test_status_endpoint_feeds_the_progress_bar_and_is_scoped(d, admin_client):
    mine = ReportJob.objects.create(kind="stars", parameters={"grid": d.comm_a1.pk}, scope_grid=d.comm_a1,
                                    status=JobStatus.RUNNING, progress=40)
    theirs = ReportJob.objects.create(kind="stars", parameters={"grid": d.comm_a2.pk}, scope_grid=d.comm_a2)
    data = admin_client.get(f"/admin/reports/status/?ids={mine.pk},{theirs.pk}").json()
    assert data == {"jobs": [{"id": mine.pk, "status": "running", "status_label": "生成中", "progress": 40,
                              "error": "", "pages": 0, "download": ""}]}
    assert admin_client.get(f"/admin/reports/{theirs.pk}/download/").status_code == 404


def test_retry_button_requeues_a_failed_job(d, admin_client, django_capture_on_commit_callbacks):
    job = ReportJob.objects.create(kind="stars", parameters={"grid": d.comm_a1.pk}, scope_grid=d.comm_a1,
                                   status=JobStatus.FAILED, error="RuntimeError: 模拟故障", attempts=1)
    listing = admin_client.get("/admin/reports/").content.decode()
    assert "模拟故障" in listing and f"/admin/reports/{job.pk}/retry/" in listing
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/reports/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.error == ""


def test_certificates_can_be_revoked_from_the_admin(loop, serve, run_report, admin_client, client):
    serve(loop.d.member_a1)
    job = run_report("certificate", {"member": loop.d.member_a1.pk}, loop.d.community_admin)
    certificate = Certificate.objects.get(job=job)
    listing = admin_client.get("/admin/reports/certificates/").content.decode()
    assert certificate.number in listing and "有效" in listing
    admin_client.post(f"/admin/reports/certificates/{certificate.pk}/revoke/", {"reason": ""})
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    admin_client.post(f"/admin/reports/certificates/{certificate.pk}/revoke/", {"reason": "重复出具"})
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoke_reason == "重复出具"


def test_users_without_the_permission_or_a_scope_are_turned_away(d, client):
    from tests.factories import make_user

    access = Permission.objects.get(codename="access_admin")
    view = Permission.objects.get(content_type__app_label="reports", codename="view_reportjob")
    scoped_without_permission = make_user("plain", grid=d.comm_a1)
    scoped_without_permission.user_permissions.add(access)
    permission_without_scope = make_user("nobody")
    permission_without_scope.user_permissions.add(access, view)
    for user in (scoped_without_permission, permission_without_scope):
        client.force_login(user)
        assert client.get("/admin/reports/").status_code in (302, 403)
        assert client.get("/admin/reports/status/?ids=1").status_code in (302, 403)


def test_the_certificate_form_knows_who_is_handling_it(d, admin_client):
    """经办人 is the person asking, filled in, not retyped for every certificate."""
    user = d.community_admin
    user.last_name, user.first_name = "王", "秀兰"
    user.save()
    form = admin_client.get("/admin/reports/new/certificate/").context["form"]
    assert form["handler"].value() == "王秀兰"
