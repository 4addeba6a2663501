"""Records: fraud guards flag (never silently accept), approvals, evaluations and scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from volunteer import services
from volunteer.models import ActivityLine, EvaluationRole, FraudFlag, RecordSource, RecordStatus, ServiceRecord


def deed(loop, member, start, hours, content="帮邻居搬家"):
    return services.record_deed(
        ServiceRecord(member=member, started_at=start, ended_at=start + datetime.timedelta(hours=hours),
                      hours=Decimal(str(hours)), place="甲一小区", content=content, beneficiary="邻居王阿姨",
                      activity_line=ActivityLine.DEED),
        user=member.user)


def test_a_clean_deed_is_pending_without_flags(loop):
    member = loop.volunteers[0]
    record = deed(loop, member, loop.now - datetime.timedelta(days=1), 2)
    assert record.status == RecordStatus.PENDING and record.flags == [] and record.is_deed
    assert record.grid == member.home_grid


def test_overlap_duplicate_and_over_24h_are_flagged(loop):
    member = loop.volunteers[0]
    start = timezone.localtime(loop.now - datetime.timedelta(days=2)).replace(hour=1, minute=0)
    deed(loop, member, start, 20)
    overlap = deed(loop, member, start + datetime.timedelta(hours=2), 2, content="另一件事")
    assert FraudFlag.OVERLAP in overlap.flags
    dup = deed(loop, member, start, 1)
    assert FraudFlag.DUPLICATE in dup.flags
    late = deed(loop, member, start + datetime.timedelta(hours=21), 2.5, content="晚上的事")
    assert FraudFlag.OVER_24H in late.flags and FraudFlag.OVERLAP not in late.flags


def test_hours_beyond_the_activity_are_flagged(loop):
    """A record tied to an activity but longer than it (typed in or imported) is flagged."""
    activity = loop.activity(loop.project())
    member = loop.volunteers[0]
    record = services.create_record(
        ServiceRecord(member=member, activity=activity, grid=activity.grid, activity_line=ActivityLine.DEED,
                      service_date=timezone.localtime(activity.starts_at).date(),
                      started_at=activity.starts_at - datetime.timedelta(hours=1), ended_at=activity.ends_at,
                      hours=Decimal("3"), place="甲一路1号", content="上门维修"),
        user=loop.d.community_admin, source=RecordSource.IMPORT)
    assert record.flags == [FraudFlag.BEYOND_ACTIVITY]


def test_check_in_early_and_out_late_counts_only_the_activity_time(loop):
    project = loop.project()
    activity = loop.activity(project)
    a = loop.volunteers[0]
    order = services.sign_up(activity, a, user=a.user, now=activity.signup_opens_at)
    services.check_in(order, user=a.user, code=loop.point.public_code, now=activity.starts_at - datetime.timedelta(minutes=25))
    services.check_out(order, user=a.user, now=activity.ends_at + datetime.timedelta(minutes=1))
    record = ServiceRecord.objects.get(order=order)
    assert record.hours == Decimal("2.00") and record.flags == []
    assert (record.started_at, record.ended_at) == (activity.starts_at, activity.ends_at)


def test_a_flagged_record_needs_an_explicit_decision(loop):
    member = loop.volunteers[0]
    start = loop.now - datetime.timedelta(days=3)
    deed(loop, member, start, 2)
    dup = deed(loop, member, start, 2)
    with pytest.raises(ValidationError, match="风险提示"):
        services.approve_record(dup, user=loop.d.community_admin)
    dup.refresh_from_db()
    assert dup.status == RecordStatus.PENDING
    services.reject_record(dup, user=loop.d.community_admin, reason="重复登记")
    dup.refresh_from_db()
    assert dup.status == RecordStatus.REJECTED


def test_out_of_scope_admin_cannot_approve(loop):
    record = deed(loop, loop.volunteers[0], loop.now - datetime.timedelta(days=1), 1)
    with pytest.raises(ValidationError, match="管辖范围"):
        services.approve_record(record, user=loop.d.other_community_admin)
    record.refresh_from_db()
    assert record.status == RecordStatus.PENDING


def test_impossible_records_are_refused(loop):
    member = loop.volunteers[0]
    start = loop.now - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="24小时"):
        deed(loop, member, start, 25)
    with pytest.raises(ValidationError, match="尚未发生"):
        deed(loop, member, loop.now + datetime.timedelta(days=1), 1)
    assert not ServiceRecord.objects.exists()


def test_evaluation_bad_input(loop):
    record = deed(loop, loop.volunteers[0], loop.now - datetime.timedelta(days=1), 1)
    with pytest.raises(ValidationError, match="1到5"):
        services.evaluate(record, role=EvaluationRole.SELF, score=6, user=record.member.user)
    with pytest.raises(ValidationError, match="本人"):
        services.evaluate(record, role=EvaluationRole.SELF, score=5, user=loop.volunteers[1].user)
    with pytest.raises(ValidationError, match="评价链接无效"):
        services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=5, token="forged")
    with pytest.raises(ValidationError, match="审核通过后"):
        services.evaluate(record, role=EvaluationRole.ORGANIZATION, score=5, user=loop.d.community_admin)
    services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=4, user=loop.d.community_admin, by_phone=True)
    with pytest.raises(ValidationError, match="已有"):
        services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=5, token=record.evaluation_token)
    assert record.evaluations.count() == 1
