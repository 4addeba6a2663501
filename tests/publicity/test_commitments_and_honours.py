"""亮承诺 (E3) and 选树优秀党员义工 (E6): commitments are checked before they go on the wall, the
wall's achievements are the year's approved records, honours link to their story; all scoped."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from publicity import services as publicity_services
from publicity.models import CommitmentWallPage, Recognition
from tests.publicity.conftest import add_story
from volunteer import scope, services
from volunteer.models import ServiceCommitment, ServiceRecord

THIS_YEAR = timezone.localdate().year


def commit(member, content, user, public=True, year=THIS_YEAR):
    return services.save_commitment(ServiceCommitment(member=member, year=year, content=content, is_public=public),
                                    user=user)


def served(loop, member, hours, days_ago):
    start = loop.now - datetime.timedelta(days=days_ago, hours=hours + 1)
    record = services.record_deed(ServiceRecord(member=member, started_at=start,
                                                ended_at=start + datetime.timedelta(hours=hours), hours=hours,
                                                place="甲一路", content="上门探望", activity_line="deed"),
                                  user=member.user)
    services.approve_record(record, user=loop.d.community_admin)
    return record


@pytest.fixture
def wall(site_pages):
    home = site_pages[0]
    page = CommitmentWallPage(title="党员服务承诺墙", slug="commitments")
    home.add_child(instance=page)
    page.save_revision().publish()
    cache.clear()
    return page


def test_the_wall_shows_checked_commitments_with_the_years_achievements(wall, loop, client):
    d = loop.d
    chen1, chen2, chen3 = loop.volunteers
    commit(chen1, "每月两次上门探望独居老人", d.community_admin)
    commit(chen2, "带头参与垃圾分类引导", d.community_admin)
    commit(chen3, "尚未审核的承诺", d.community_admin, public=False)
    commit(d.member_b1, "乙一村的承诺", d.district_admin)
    served(loop, chen1, 2, days_ago=1)
    served(loop, chen1, 1.5, days_ago=2)
    served(loop, chen2, 3, days_ago=1)
    pending = services.record_deed(ServiceRecord(member=chen2, started_at=loop.now - datetime.timedelta(hours=5),
                                                 ended_at=loop.now - datetime.timedelta(hours=4), hours=1, place="x",
                                                 content="未审核", activity_line="deed"), user=chen2.user)
    assert pending.status == "pending"

    groups = {g["organization"]: g["entries"] for g in wall.wall}
    assert set(groups) == {"甲一社区党支部", "乙一村党总支"}
    by_name = {e["name"]: e for e in groups["甲一社区党支部"]}
    assert set(by_name) == {"陈一", "陈二"}  # 陈三's commitment is not checked yet
    assert (by_name["陈一"]["services"], by_name["陈一"]["hours"]) == (2, 3.5)
    assert (by_name["陈二"]["services"], by_name["陈二"]["hours"]) == (1, 3.0)  # the pending record does not count
    assert by_name["陈一"]["deeds"] == 2  # records made on the phone are 办实事

    html = client.get(wall.url).content.decode()
    assert "每月两次上门探望独居老人" in html and "尚未审核的承诺" not in html
    assert "已服务 2 次 · 3.5 小时" in html
    for member in loop.volunteers:
        assert member.mobile not in html and member.id_card_masked not in html


def test_a_wall_for_one_grid_shows_only_its_members(wall, loop):
    d = loop.d
    commit(loop.volunteers[0], "甲一社区的承诺", d.community_admin)
    commit(d.member_b1, "乙一村的承诺", d.district_admin)
    wall.grid = d.town_b
    wall.save_revision().publish()
    cache.clear()
    names = [e["name"] for g in CommitmentWallPage.objects.get(pk=wall.pk).wall for e in g["entries"]]
    assert names == ["王五岳"]


def test_commitments_are_scoped_and_one_per_member_and_year(d):
    with pytest.raises(ValidationError) as err:
        commit(d.member_b1, "越权登记", d.community_admin)
    assert "不在您的管辖范围" in str(err.value.message_dict["member"])
    commit(d.member_a1, "第一条", d.community_admin)
    with pytest.raises(ValidationError) as err:
        commit(d.member_a1, "第二条", d.community_admin)
    assert "已有" in str(err.value.message_dict["year"])
    with pytest.raises(ValidationError) as err:
        commit(d.member_a2, "   ", d.other_community_admin)
    assert err.value.message_dict["content"] == ["请填写承诺内容"]
    assert ServiceCommitment.objects.count() == 1


def test_the_admin_lists_only_commitments_in_scope(d, login):
    commit(d.member_a1, "甲一的承诺", d.community_admin)
    commit(d.member_b1, "乙一的承诺", d.district_admin)
    html = login(d.community_admin).get("/admin/commitments/").content.decode()
    assert "甲一的承诺" in html and "乙一的承诺" not in html
    other = ServiceCommitment.objects.get(member=d.member_b1)
    assert login(d.community_admin).get(f"/admin/commitments/edit/{other.pk}/").status_code == 404


def test_a_member_writes_their_own_commitment_on_the_phone(loop, login):
    member = loop.volunteers[0]
    client = login(member.user)
    assert client.post("/portal/commitment/", {"content": "  "}).status_code == 200
    assert not ServiceCommitment.objects.exists()
    client.post("/portal/commitment/", {"content": "每周一次上门探望"})
    client.post("/portal/commitment/", {"content": "每周一次上门探望"})  # a double tap
    assert ServiceCommitment.objects.filter(member=member).count() == 1
    commitment = ServiceCommitment.objects.get(member=member)
    assert commitment.year == THIS_YEAR and not commitment.is_public
    commitment.is_public = True
    services.save_commitment(commitment, user=loop.d.community_admin)
    client.post("/portal/commitment/", {"content": "每周两次上门探望"})
    commitment.refresh_from_db()
    assert commitment.content == "每周两次上门探望" and not commitment.is_public  # changed → checked again


def test_an_honour_links_to_its_story_and_is_scoped(site_pages, d, client):
    _, stories, _ = site_pages
    story = add_story(stories, "张三丰十年如一日服务邻里", "他每周上门照顾老人")
    honour = Recognition(member=d.member_a1, year=THIS_YEAR - 1, awarded_by="区委组织部",
                         awarded_on=datetime.date(THIS_YEAR, 1, 10), citation="事迹突出", story=story)
    with pytest.raises(ValidationError):
        publicity_services.save_recognition(honour, user=d.other_community_admin)
    publicity_services.save_recognition(honour, user=d.community_admin)
    twice = Recognition(member=d.member_a1, year=THIS_YEAR - 1, awarded_by="区委组织部",
                        awarded_on=datetime.date(THIS_YEAR, 1, 11), citation="重复", story=story)
    with pytest.raises(ValidationError) as err:
        publicity_services.save_recognition(twice, user=d.community_admin)
    assert "已获" in str(err.value.message_dict["title"])

    home = client.get("/").content.decode()
    assert "优秀党员义工" in home and story.url in home and "张三丰" in home
    assert f"{THIS_YEAR - 1}年度优秀党员义工 · 张三丰" in client.get(story.url).content.decode()
    api = client.get(f"/api/v2/pages/{story.pk}/").json()
    assert api["honours"] == [f"{THIS_YEAR - 1}年度优秀党员义工 张三丰"]
    assert d.member_a1.mobile not in str(api)


def test_admin_roles_can_manage_commitments_and_honours(db):
    for role in scope.ADMIN_ROLES:
        perms = set(Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename"))
        assert {("volunteer", "add_servicecommitment"), ("publicity", "add_recognition")} <= perms


def test_a_story_page_costs_the_same_queries_however_many_honours_it_tells(site_pages, d, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import MemberFactory

    _, stories, _ = site_pages
    story = add_story(stories, "群像", "三位党员的故事")

    def honour(member, year):
        publicity_services.save_recognition(Recognition(member=member, year=year, awarded_by="区委组织部",
                                                        awarded_on=datetime.date(year, 12, 1), citation="事迹",
                                                        story=story), user=d.district_admin)

    def queries():
        client.get(story.url)  # warm the renditions and menus
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.url).status_code == 200
        return len(captured)

    honour(d.member_a1, 2024)
    one = queries()
    for i in range(3):
        honour(MemberFactory(home_grid=d.cell_a1, branch=d.org_a1), 2025)
    assert queries() == one
