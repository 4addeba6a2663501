"""星级评定 (E5): levels from approved hours and evaluations, 公示 before effect, history, fraud bar."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import MemberFactory
from volunteer import services
from volunteer.models import (
    EvaluationRole,
    PartyMember,
    RecordSource,
    RecordStatus,
    ServiceRecord,
    StarChange,
    StarChangeStatus,
    StarPolicy,
)

TODAY = datetime.date(2026, 11, 30)


def approved_hours(loop, member, hours, score=None):
    """Approved records adding up to `hours` (one per day, up to 20 h each)."""
    start = loop.now - datetime.timedelta(days=400)
    left, day = Decimal(hours), 0
    while left > 0:
        chunk = min(left, Decimal(20))
        begin = start + datetime.timedelta(days=day)
        record = services.create_record(
            ServiceRecord(member=member, grid=member.home_grid, activity_line="deed", service_date=begin.date(),
                          started_at=begin, ended_at=begin + datetime.timedelta(hours=float(chunk)), hours=chunk,
                          place="x", content=f"服务{day}"), user=loop.d.community_admin, source=RecordSource.IMPORT)
        services.approve_record(record, user=loop.d.community_admin)
        if score:
            services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=score, token=record.evaluation_token)
        left -= chunk
        day += 1


def test_a_promotion_is_announced_then_takes_effect(loop):
    member = loop.volunteers[0]
    approved_hours(loop, member, 120, score=5)
    opened = services.recompute_stars(today=TODAY)
    assert [(c.member, c.from_level, c.to_level, c.status) for c in opened] == [(member, 0, 1, StarChangeStatus.PUBLICITY)]
    member.refresh_from_db()
    assert member.star_level == 0  # still in 公示
    assert services.recompute_stars(today=TODAY) == []  # nothing new to announce
    assert services.apply_due_star_changes(today=TODAY + datetime.timedelta(days=6)) == 0
    assert services.apply_due_star_changes(today=TODAY + datetime.timedelta(days=7)) == 1
    member.refresh_from_db()
    assert member.star_level == 1
    assert StarChange.objects.get().status == StarChangeStatus.EFFECTIVE


def test_the_evaluation_floor_holds_back_a_level(loop):
    member = loop.volunteers[0]
    approved_hours(loop, member, 320, score=3)  # hours for ★★ but the average 3 is below 3.5
    change = services.recompute_stars(today=TODAY)[0]
    assert change.to_level == 1 and change.evaluation == Decimal("3.00")


def test_a_fraud_finding_bars_promotion(loop):
    member = loop.volunteers[0]
    approved_hours(loop, member, 120)
    services.recompute_stars(today=TODAY)
    services.record_fraud_finding(member, user=loop.d.community_admin, note="虚报服务时长", found_on=TODAY)
    assert StarChange.objects.get().status == StarChangeStatus.WITHDRAWN
    assert services.recompute_stars(today=TODAY) == []
    # After the bar (12 months by default) promotion is possible again.
    later = TODAY + datetime.timedelta(days=30 * StarPolicy.objects.get().fraud_bar_months + 1)
    assert [c.to_level for c in services.recompute_stars(today=later)] == [1]
    with pytest.raises(ValidationError, match="情况说明"):
        services.record_fraud_finding(member, user=loop.d.community_admin, note=" ")


def test_nightly_task_recomputes_and_applies(loop):
    from volunteer import tasks

    member = loop.volunteers[0]
    approved_hours(loop, member, 100)
    result = tasks.nightly_stars()
    assert (result["opened"], result["applied"]) == (1, 0)  # (it also purges abandoned import uploads)
    assert PartyMember.objects.get(pk=member.pk).star_level == 0


def test_history_is_kept(loop):
    member = MemberFactory(home_grid=loop.d.cell_a1, branch=loop.d.org_a1)
    approved_hours(loop, member, 100)
    services.recompute_stars(today=TODAY)
    services.apply_due_star_changes(today=TODAY + datetime.timedelta(days=7))
    ServiceRecord.objects.filter(member=member).update(status=RecordStatus.REJECTED)  # e.g. records overturned
    services.recompute_stars(today=TODAY + datetime.timedelta(days=8))
    history = list(StarChange.objects.filter(member=member).order_by("pk").values_list("from_level", "to_level", "status"))
    assert history == [(0, 1, "effective"), (1, 0, "publicity")]


def test_hours_are_not_multiplied_by_the_number_of_evaluations(loop):
    member = loop.volunteers[0]
    approved_hours(loop, member, 60, score=5)
    for record in ServiceRecord.objects.filter(member=member):
        services.evaluate(record, role=EvaluationRole.ORGANIZATION, score=5, user=loop.d.community_admin)
        services.evaluate(record, role=EvaluationRole.SELF, score=5, user=member.user)
    assert services.recompute_stars(today=TODAY) == []  # 60 h is below ★ (100 h), however many evaluations
