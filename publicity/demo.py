"""Demo content for the public site: story and brand pages with images drawn locally (no
downloads), built once (a second run adds nothing)."""

import datetime
import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from publicity import services as publicity_services
from publicity.models import (
    BrandIndexPage,
    CampaignPage,
    CommitmentWallPage,
    HomePage,
    Recognition,
    ServiceBrandPage,
    StoryIndexPage,
    StoryPage,
    StoryPageMember,
)

STORIES = [
    ("{c}：党员义工十年如一日照顾独居老人", "exemplar", "他每周三次上门，为老人买菜、量血压、陪着说话。"),
    ("{c}“红色代办员”让群众少跑腿", "practice", "社区党员轮流值守，帮助群众代办社保、医保等事项。"),
    ("{c}党员义工夜间巡河守平安", "exemplar", "汛期每晚巡查河道，发现隐患及时报告。"),
    ("{c}推行“点单—派单—接单”三单制", "experience", "群众点单、党组织下单、党员义工接单，需求办结率显著提升。"),
    ("{c}退休教师义务辅导留守儿童", "exemplar", "每个周末为留守儿童辅导功课，已坚持五年。"),
    ("{c}党员志愿服务队开展义诊进社区", "practice", "医护党员为老人量血压、测血糖，讲解慢病防治知识。"),
    ("{c}爱心超市让积分“活”起来", "experience", "党员义工用志愿服务积分兑换生活用品，服务热情更高了。"),
    ("{c}垃圾分类志愿引导员上岗", "practice", "党员义工在投放点轮岗，手把手教居民分类投放。"),
    ("{c}党员义工帮独居老人修水管", "exemplar", "接到电话后党员义工当天上门，更换了漏水的水管。"),
    ("{c}“两代表一委员”工作室接待群众来访", "experience", "代表委员定期坐班，倾听群众诉求，推动解决实际问题。"),
    ("{c}防电信诈骗宣传进小区", "practice", "党员义工用身边案例讲解防骗知识，发放宣传资料。"),
    ("{c}党员义工服务点“四有”建设见成效", "experience", "有机构、有制度、有队伍、有活动，服务点成为群众的贴心站。"),
]


def demo_image(title, seed):
    rng = random.Random(seed)
    colors = [(200, 22, 29), (230, 120, 40), (30, 110, 160), (40, 140, 90), (120, 60, 150)]
    base = colors[seed % len(colors)]
    picture = PILImage.new("RGB", (1200, 675), base)
    draw = ImageDraw.Draw(picture)
    for _ in range(12):
        x, y, r = rng.randrange(1200), rng.randrange(675), rng.randrange(40, 220)
        shade = tuple(min(255, c + rng.randrange(20, 90)) for c in base)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=80)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"demo-{seed}.jpg"))


COMMITMENTS = [
    "每月至少参加两次社区志愿服务，帮助一户困难家庭解决实际问题。",
    "结对帮扶一位独居老人，每周上门探望一次。",
    "发挥法律专长，每季度为居民提供一次免费法律咨询。",
    "积极参与垃圾分类宣传引导，做文明新风的带头人。",
    "带头参与网格巡查，及时发现并报告安全隐患。",
    "每年为群众办实事好事不少于十件。",
]


def build_publicity_demo():
    """Returns how many pages and records it added (0 on a second run)."""
    return build_story_and_brand_pages() + build_commitments_and_honours()


def build_story_and_brand_pages():
    from volunteer.models import Campaign, Team

    home = HomePage.objects.first()
    if home is None or StoryIndexPage.objects.exists():
        return 0
    stories = StoryIndexPage(title="典型故事", slug="stories", intro="先进典型、特色做法和新鲜经验", show_in_menus=True)
    home.add_child(instance=stories)
    stories.save_revision().publish()
    brands = BrandIndexPage(title="服务品牌", slug="brands", intro="党员义工队伍的服务品牌", show_in_menus=True)
    home.add_child(instance=brands)
    brands.save_revision().publish()
    added = 2
    teams = list(Team.objects.select_related("grid").order_by("pk"))
    for i, (title, category, summary) in enumerate(STORIES):
        team = teams[i % len(teams)] if teams else None
        place = team.grid.name if team else "青禾区"
        story = StoryPage(
            title=title.format(c=place), date=datetime.date(2026, 11, 1) - datetime.timedelta(days=6 * i),
            category=category, summary=summary, cover=demo_image(title.format(c=place), i), cover_alt="党员义工在服务现场",
            body=[("paragraph", f"<p>{summary}</p><p>在{place}，党员义工把服务送到群众身边，用实际行动践行“我为群众办一事”。</p>"),
                  ("quote", {"text": "群众的事再小也是大事。", "source": "党员义工"})])
        stories.add_child(instance=story)
        if team:
            story.teams.add(team)
        story.save_revision().publish()
        added += 1
    for i, team in enumerate(teams[:8]):
        page = ServiceBrandPage(title=team.brand_name or team.name, team=team,
                                offers=f"<p>{team.description or '提供专业志愿服务'}</p>", where=f"{team.grid.name}各村（社区）",
                                how_to_ask="通过“我要点单”或拨打所在社区电话预约")
        brands.add_child(instance=page)
        page.save_revision().publish()
        added += 1
    campaign = Campaign.objects.first()
    if campaign:
        page = CampaignPage(title=campaign.name, campaign=campaign, intro=f"<p>{campaign.description}</p>")
        home.add_child(instance=page)
        page.save_revision().publish()
        added += 1
    return added


def build_commitments_and_honours():
    """This year's commitments for a sample of members in every town, a commitment wall, and
    outstanding volunteers linked to the exemplar stories. Runs once."""
    from volunteer import scope, services
    from volunteer.models import PartyMember, ServiceCommitment

    home = HomePage.objects.first()
    if home is None or CommitmentWallPage.objects.exists():
        return 0
    today = datetime.date.today()
    added = 0
    # Members who have served this year first, so the wall shows achievements, then a sample.
    served = list(PartyMember.objects.active().filter(service_records__service_date__year=today.year).distinct()
                  .order_by("pk")[:60])
    members = served + [m for m in PartyMember.objects.active().order_by("pk")[::40][:120] if m not in served]
    existing = set(ServiceCommitment.objects.filter(year=today.year).values_list("member", flat=True))
    for i, member in enumerate(members):
        if member.pk in existing:
            continue
        commitment = ServiceCommitment(member=member, year=today.year, content=COMMITMENTS[i % len(COMMITMENTS)],
                                       is_public=i % 7 != 0)  # some still await checking
        services.save_commitment(commitment, user=scope.SYSTEM)
        added += 1
    wall = CommitmentWallPage(title="承诺墙", slug="commitments", show_in_menus=True,
                              intro="<p>亮身份、亮承诺、亮业绩：全区党员义工的年度服务承诺和完成情况。</p>")
    home.add_child(instance=wall)
    wall.save_revision().publish()
    added += 1
    exemplars = StoryPage.objects.filter(category="exemplar").order_by("pk")
    for i, (story, member) in enumerate(zip(exemplars, members[::9])):
        if Recognition.objects.filter(member=member, year=today.year - 1).exists():
            continue
        story.member_links.add(StoryPageMember(member=member))
        story.save_revision().publish()
        recognition = Recognition(member=member, year=today.year - 1, awarded_by="中共青禾区委组织部",
                                  awarded_on=datetime.date(today.year, 1, 10 + i),
                                  citation=f"{member.name}长期坚持志愿服务，事迹突出。", story=story)
        publicity_services.save_recognition(recognition, user=scope.SYSTEM)
        added += 1
    return added
