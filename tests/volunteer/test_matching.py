"""M3 matching: fitting activities for a member, ranked with a one-line reason; invitations."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from volunteer import matching, services
from volunteer.models import Skill


def make(loop, project, grid, hours_ahead, **fields):
    return loop.activity(project, starts=loop.now + datetime.timedelta(hours=hours_ahead), grid=grid,
                         signup_opens_at=loop.now - datetime.timedelta(days=1), by=loop.d.superuser, **fields)


def test_recommendations_fit_and_explain(loop):
    d = loop.d
    project = loop.project()
    near = make(loop, project, d.comm_a1, 48, title="家门口")
    same_town = make(loop, project, d.comm_a2, 24, title="同街道")
    make(loop, project, d.comm_b1, 24, title="别的镇")
    full = make(loop, project, d.comm_a1, 30, title="满员", capacity=1)
    services.sign_up(full, loop.volunteers[1], user=loop.volunteers[1].user, now=loop.now)
    skilled = make(loop, project, d.comm_a1, 60, title="要技能")
    skilled.required_skills.add(Skill.objects.create(name="医疗护理"))
    taken = make(loop, project, d.comm_a1, 72, title="已接")
    member = loop.volunteers[0]
    services.sign_up(taken, member, user=member.user, now=loop.now)
    clash = make(loop, project, d.comm_a1, 72, title="时间冲突")

    recs = matching.recommend_activities(member, now=loop.now)
    titles = [r.activity.title for r in recs]
    assert titles == ["家门口", "同街道"]
    assert "居住地所在村社区" in recs[0].reason and "名额" in recs[0].reason
    assert "居住地所在镇街" in recs[1].reason
    assert clash.pk not in [r.activity.pk for r in recs] and near.pk == recs[0].activity.pk
    assert same_town.pk == recs[1].activity.pk

    member.skills.add(Skill.objects.get(name="医疗护理"))
    recs = matching.recommend_activities(member, now=loop.now)
    assert recs[0].activity == skilled and "需要您的技能：医疗护理" in recs[0].reason


def test_recommendation_query_count_is_constant(loop):
    d = loop.d
    project = loop.project()
    skill = Skill.objects.create(name="理发")
    loop.volunteers[0].skills.add(skill)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            recs = matching.recommend_activities(loop.volunteers[0], now=loop.now)
        return len(ctx.captured_queries), len(recs)

    for i in range(3):
        make(loop, project, d.comm_a1, 24 + i, title=f"活动{i}").required_skills.add(skill)
    small, n_small = count()
    for i in range(3, 30):
        make(loop, project, d.comm_a1 if i % 2 else d.comm_a2, 24 + i, title=f"活动{i}").required_skills.add(skill)
    large, n_large = count()
    assert (n_small, n_large) == (3, 20)
    assert 0 < large == small


def test_invite_candidates_are_near_and_skilled(loop):
    d = loop.d
    activity = make(loop, loop.project(), d.comm_a1, 24)
    names = [r.member.name for r in matching.invite_candidates(activity, user=d.community_admin)]
    assert set(loop.volunteers[i].name for i in range(3)) <= set(names)
    assert "王五岳" not in names  # another town
    activity.required_skills.add(Skill.objects.create(name="心理疏导"))
    loop.volunteers[2].skills.add(Skill.objects.get(name="心理疏导"))
    names = [r.member.name for r in matching.invite_candidates(activity, user=d.community_admin)]
    assert names == [loop.volunteers[2].name]
