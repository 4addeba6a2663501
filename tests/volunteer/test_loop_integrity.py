"""Counts and states stay consistent on the less-travelled paths (found in review)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from volunteer import services
from volunteer.models import Activity, ActivityStatus, EvaluationRole, OrderStatus, ServiceRecord, Team


def test_editing_an_activity_keeps_its_live_sign_up_count(loop, login):
    activity = loop.activity(loop.project(), starts=loop.now + datetime.timedelta(days=2),
                             signup_opens_at=loop.now - datetime.timedelta(days=1))
    for v in loop.volunteers[:2]:
        services.sign_up(activity, v, user=v.user, now=loop.now)
    stale = Activity.objects.get(pk=activity.pk)
    stale.signed_up_count = 0  # a form built before the sign-ups
    stale.title = "改名后的活动"
    services.schedule_activity(stale, user=loop.d.community_admin)
    fresh = Activity.objects.get(pk=activity.pk)
    assert fresh.title == "改名后的活动" and fresh.signed_up_count == 2
    stale.capacity = 1
    with pytest.raises(ValidationError, match="不能少于 2"):
        services.schedule_activity(stale, user=loop.d.community_admin)


def test_no_shows_release_their_seats_and_finish_the_activity(loop):
    activity = loop.activity(loop.project())
    a, b = loop.volunteers[:2]
    orders = [services.sign_up(activity, v, user=v.user, now=activity.signup_opens_at) for v in (a, b)]
    services.check_in(orders[0], user=a.user, code=loop.point.public_code, now=activity.starts_at)
    services.complete_order(orders[0], user=loop.d.community_admin)
    assert services.mark_no_shows(activity, user=loop.d.community_admin) == 1
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.FINISHED and activity.signed_up_count == 1
    orders[1].refresh_from_db()
    assert orders[1].status == OrderStatus.NO_SHOW


def test_an_activity_with_check_ins_cannot_be_cancelled(loop):
    starts = loop.now + datetime.timedelta(minutes=20)
    activity = loop.activity(loop.project(), starts=starts, signup_opens_at=loop.now - datetime.timedelta(days=1),
                             signup_closes_at=starts)
    a = loop.volunteers[0]
    order = services.sign_up(activity, a, user=a.user, now=loop.now)
    services.check_in(order, user=a.user, code=loop.point.public_code, now=loop.now)
    with pytest.raises(ValidationError, match="已有 1 人签到"):
        services.cancel_activity(activity, user=loop.d.community_admin, reason="下雨")
    with pytest.raises(ValidationError, match="取消原因"):
        services.cancel_activity(activity, user=loop.d.community_admin, reason="")


def test_cancelled_activity_takes_no_sign_ups_or_check_ins(loop):
    activity = loop.activity(loop.project(), starts=loop.now + datetime.timedelta(days=1),
                             signup_opens_at=loop.now - datetime.timedelta(days=1))
    a, b = loop.volunteers[:2]
    order = services.sign_up(activity, a, user=a.user, now=loop.now)
    services.cancel_activity(activity, user=loop.d.community_admin, reason="场地检修")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED and "场地检修" in order.cancel_reason
    with pytest.raises(ValidationError, match="未在招募中"):
        services.sign_up(activity, b, user=b.user, now=loop.now)
    assert Activity.objects.get(pk=activity.pk).signed_up_count == 0


def test_a_volunteer_cannot_rate_themselves_as_the_resident(loop, client):
    member = loop.volunteers[0]
    start = loop.now - datetime.timedelta(hours=3)
    record = services.record_deed(ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=1),
                                                hours=1, place="小区", content="送药", activity_line="deed"),
                                  user=member.user)
    assert record.source == "self"
    client.force_login(member.user)
    response = client.post(reverse("resident_evaluate", args=[record.evaluation_token]), {"score": 5})
    assert "服务对象本人" in response.content.decode()
    assert not record.evaluations.filter(role=EvaluationRole.BENEFICIARY).exists()
    # Asking twice for a self-evaluation is a message, not a crash.
    client.post(reverse("portal:self_evaluate", args=[record.pk]), {"score": 5})
    response = client.post(reverse("portal:self_evaluate", args=[record.pk]), {"score": 4})
    assert response.status_code == 200 and "已有" in response.content.decode()


def test_a_team_that_took_projects_is_not_deleted(loop):
    team = services.save_team(Team(name="甲一队", kind="specialty", grid=loop.d.comm_a1, leader=loop.volunteers[0]),
                              user=loop.d.community_admin)
    project = loop.project(publish=False)
    project.team = team
    services.update_project(project, user=loop.d.community_admin)
    with pytest.raises(ValidationError, match="已承接项目"):
        services.delete_team(team, user=loop.d.community_admin)
    assert Team.objects.filter(pk=team.pk).exists()
