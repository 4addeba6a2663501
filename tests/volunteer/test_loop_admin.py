"""三单制 admin screens: scope on every new view, and the operations run from the screens."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteer import services
from volunteer.models import (
    Demand,
    DemandStatus,
    RecordStatus,
    ServiceProject,
    ServiceRecord,
    Team,
)


@pytest.fixture
def world(loop):
    """Records, demands, a project and an activity in 甲一社区 (community_admin's)."""
    demand = loop.demand()
    project = loop.project()
    activity = loop.activity(project)
    start = loop.now - datetime.timedelta(days=1)
    record = services.record_deed(ServiceRecord(member=loop.volunteers[0], started_at=start,
                                                ended_at=start + datetime.timedelta(hours=2), hours=2, place="小区",
                                                content="陪老人就医", activity_line="deed"), user=loop.volunteers[0].user)
    team = services.save_team(Team(name="甲一科普队", kind="specialty", grid=loop.d.comm_a1, leader=loop.volunteers[0]),
                              user=loop.d.community_admin, members=loop.volunteers)
    return dict(demand=demand, project=project, activity=activity, record=record, team=team, point=loop.point)


VIEWS = [
    ("demands", "demand", ["process", "edit"]),
    ("projects", "project", ["process", "edit"]),
    ("activities", "activity", ["roster", "edit"]),
    ("records", "record", ["decide"]),
    ("teams", "team", ["edit"]),
    ("points", "point", ["edit"]),
]


@pytest.mark.parametrize("viewset, key, views", VIEWS)
def test_other_community_cannot_reach_it(loop, world, login, viewset, key, views):
    obj = world[key]
    own = login(loop.d.community_admin)
    assert own.get(reverse(f"{viewset}:index")).status_code == 200
    for view in views:
        assert own.get(reverse(f"{viewset}:{view}", args=[obj.pk])).status_code == 200, view
    other = login(loop.d.other_community_admin)
    html = other.get(reverse(f"{viewset}:index")).content.decode()
    assert str(obj.pk) not in [a for a in []] and reverse(f"{viewset}:{views[0]}", args=[obj.pk]) not in html
    for view in views:
        assert other.get(reverse(f"{viewset}:{view}", args=[obj.pk])).status_code == 404, view
        assert other.post(reverse(f"{viewset}:{view}", args=[obj.pk]), {"action": "accept"}).status_code == 404


def test_demand_processed_from_its_page(loop, world, login):
    client = login(loop.d.community_admin)
    url = reverse("demands:process", args=[world["demand"].pk])
    client.post(url, {"action": "accept"})
    demand = Demand.objects.get(pk=world["demand"].pk)
    assert demand.status == DemandStatus.ACCEPTED
    response = client.post(url, {"action": "plan"})
    assert response.status_code == 302 and f"demands={demand.pk}" in response["Location"]
    form = client.get(response["Location"]).context["form"]
    assert form.initial["demands"] == [demand.pk]
    response = client.post(reverse("projects:add"), {
        "name": "修水管项目", "organization": loop.d.org_a1.pk, "category": loop.category.pk,
        "responsible": loop.d.member_a1.pk, "activity_line": "deed", "description": "上门", "feedback_interval_days": 30,
        "demands": [demand.pk]})
    assert response.status_code == 302, response.context["form"].errors
    demand.refresh_from_db()
    assert demand.status == DemandStatus.PLANNED and demand.project.name == "修水管项目"
    html = client.get(url).content.decode()
    assert "流转记录" in html and "已立项" in html


def test_batch_accept_is_all_in_scope(loop, world, login):
    second = loop.demand(title="第二条")
    client = login(loop.d.community_admin)
    client.post(reverse("demands:batch"), {"action": "accept", "ids": [world["demand"].pk, second.pk]})
    assert set(Demand.objects.values_list("status", flat=True)) == {DemandStatus.ACCEPTED}


def test_flagged_record_needs_a_note_on_the_decision_page(loop, world, login):
    dup = services.record_deed(ServiceRecord(member=world["record"].member, started_at=world["record"].started_at,
                                             ended_at=world["record"].ended_at, hours=2, place="小区", content="陪老人就医",
                                             activity_line="deed"), user=loop.volunteers[0].user)
    client = login(loop.d.community_admin)
    url = reverse("records:decide", args=[dup.pk])
    assert "疑似重复记录" in client.get(url).content.decode()
    response = client.post(url, {"action": "approve", "note": ""})
    assert "风险提示" in response.content.decode()
    dup.refresh_from_db()
    assert dup.status == RecordStatus.PENDING
    client.post(url, {"action": "approve", "note": "核实：两次陪诊，不同医院"})
    dup.refresh_from_db()
    assert dup.status == RecordStatus.APPROVED and dup.decision_note.startswith("核实")
    client.post(url, {"action": "evaluate_org", "choice": "4", "comment": "好"})
    client.post(url, {"action": "evaluate_phone", "choice": "5", "comment": "电话回访满意"})
    assert set(dup.evaluations.values_list("role", "score")) == {("organization", 4), ("beneficiary", 5)}


def test_record_queue_filters_flagged(loop, world, login):
    client = login(loop.d.community_admin)
    rows = client.get(reverse("records:index"), {"flagged": "true"}).context["object_list"]
    assert list(rows) == []
    rows = client.get(reverse("records:index"), {"status": "pending"}).context["object_list"]
    assert [r.pk for r in rows] == [world["record"].pk]


def test_overdue_feedback_list(loop, world, login):
    ServiceProject.objects.filter(pk=world["project"].pk).update(
        next_feedback_due=timezone.localdate() - datetime.timedelta(days=2))
    client = login(loop.d.community_admin)
    html = client.get(reverse("overdue_feedback:index")).content.decode()
    assert world["project"].name in html and "逾期 2 天" in html
    client.post(reverse("projects:process", args=[world["project"].pk]), {"action": "feedback", "content": "本月已服务"})
    assert world["project"].name not in client.get(reverse("overdue_feedback:index")).content.decode()
    assert "暂无" in client.get(reverse("overdue_feedback:index")).content.decode()


def test_points_show_their_four_haves_gaps(loop, world, login):
    client = login(loop.d.community_admin)
    html = client.get(reverse("points:index")).content.decode()
    assert "缺有机构、有制度、有队伍、有活动" in html
    rows = client.get(reverse("points:index"), {"gaps": "true"}).context["object_list"]
    assert [p.pk for p in rows] == [loop.point.pk]


def test_appraisals_are_computed_for_the_period_and_listed_in_scope(loop, world, login):
    from django.core.management import call_command

    record = world["record"]
    services.approve_record(record, user=loop.d.community_admin)
    services.evaluate(record, role="organization", score=4, user=loop.d.community_admin)
    day = record.service_date.isoformat()
    call_command("compute_appraisals", start=day, end=day, stdout=io.StringIO())
    client = login(loop.d.community_admin)
    rows = client.get(reverse("appraisals:index")).context["object_list"]
    assert [(a.member, a.score) for a in rows] == [(record.member, 4)]
    assert login(loop.d.other_community_admin).get(reverse("appraisals:index")).context["object_list"].count() == 0
    assert client.get(reverse("appraisals:add")).status_code in (302, 403)
