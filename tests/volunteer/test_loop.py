"""The whole 三单制 loop (M1–M3, G5, E1): a phoned-in demand → project → activity → three
volunteers sign up → check in/out → records approved → three-way evaluations → the demand is
resolved with feedback and the resident's evaluation closes it."""

import datetime
from decimal import Decimal

from volunteer import services
from volunteer.models import (
    DemandStatus,
    EvaluationRole,
    OrderStatus,
    RecordStatus,
    ServiceRecord,
)


def test_the_whole_loop(loop):
    admin = loop.d.community_admin
    demand = loop.demand()
    assert demand.status == DemandStatus.NEW and demand.tracking_number.startswith("XQ")
    services.accept_demand(demand, user=admin)

    project = loop.project(demands=[demand])
    demand.refresh_from_db()
    assert demand.status == DemandStatus.PLANNED and demand.project == project
    assert project.next_feedback_due is not None  # 效果定期反馈 starts at publication

    activity = loop.activity(project)
    signup_time = activity.signup_opens_at + datetime.timedelta(hours=1)
    orders = [services.sign_up(activity, v, user=v.user, now=signup_time) for v in loop.volunteers]
    activity.refresh_from_db()
    assert activity.signed_up_count == 3

    checkin_time = activity.starts_at + datetime.timedelta(minutes=5)
    for order in orders:
        services.check_in(order, user=order.member.user, code=loop.point.public_code.lower(), now=checkin_time)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.IN_SERVICE

    for order in orders:
        services.check_out(order, user=order.member.user, now=activity.ends_at - datetime.timedelta(minutes=5))
        order.refresh_from_db()
        assert order.status == OrderStatus.COMPLETED

    records = list(ServiceRecord.objects.filter(activity=activity).order_by("member__name"))
    assert len(records) == 3
    for record in records:
        assert record.status == RecordStatus.PENDING and record.flags == []
        assert record.hours == Decimal("1.83")  # 5 past start to 5 before end of a 2-hour activity
        assert record.demand == demand and record.beneficiary == "刘奶奶"
        services.approve_record(record, user=admin)
        record.refresh_from_db()
        assert record.status == RecordStatus.APPROVED and record.verifier == admin

    for record in records:
        services.evaluate(record, role=EvaluationRole.SELF, score=5, comment="尽力了", user=record.member.user)
        services.evaluate(record, role=EvaluationRole.ORGANIZATION, score=4, user=admin)
    for record in records[:2]:
        services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=5, token=record.evaluation_token)
    assert sum(r.evaluations.count() for r in records) == 8

    services.resolve_demand(demand, user=admin, feedback="水管已更换，老人表示满意")
    demand.refresh_from_db()
    assert demand.status == DemandStatus.RESOLVED and demand.feedback.startswith("水管已更换")
    # The resident hears back and evaluates the last visit: the demand is closed.
    services.evaluate(records[2], role=EvaluationRole.BENEFICIARY, score=5, token=records[2].evaluation_token)
    demand.refresh_from_db()
    assert demand.status == DemandStatus.EVALUATED

    log = list(demand.transitions.values_list("from_status", "to_status", "by"))
    assert [(f, t) for f, t, _ in log] == [
        ("", "new"), ("new", "accepted"), ("accepted", "planned"), ("planned", "in_service"),
        ("in_service", "resolved"), ("resolved", "evaluated"),
    ]
    assert log[1][2] == admin.pk and log[3][2] == loop.volunteers[0].user.pk

    assert services.mark_no_shows(activity, user=admin) == 0  # 结束活动: everyone came
    services.record_project_feedback(project, user=admin, content="本月完成上门服务3次")
    assert project.feedbacks.count() == 1
    services.close_project(project, user=admin)

    appraisal = services.compute_appraisal(loop.volunteers[0], period_start=activity.starts_at.date() - datetime.timedelta(days=1),
                                           period_end=activity.starts_at.date() + datetime.timedelta(days=1))
    # self 5 × 0.2 + beneficiary 5 × 0.4 + organisation 4 × 0.4 = 4.6
    assert appraisal.records == 1 and appraisal.score == Decimal("4.60")
