"""Demo content for the 三单制 loop: service points (incl. the district's 41 党员教育教学点), teams,
demands across channels and states, projects, activities past and future, orders and records.
Built through the service functions so every row is one a user could have made. Runs once: if the
demo projects exist already, nothing is added."""

import datetime
import random

from django.utils import timezone

from volunteer import scope, services
from volunteer.models import (
    Activity,
    ActivityLine,
    Campaign,
    Demand,
    DemandChannel,
    DemandStatus,
    EntryKind,
    EvaluationRole,
    PartyMember,
    PointKind,
    Reward,
    ServiceCategory,
    ServicePoint,
    ServiceProject,
    ServiceRecord,
    Skill,
    Team,
    TeamKind,
    Unit,
)

SYSTEM = scope.SYSTEM
DEMAND_TITLES = {
    "生活照料": ["独居老人需要定期上门探望", "帮忙代购生活用品", "楼道灯坏了需要更换"],
    "助老助残": ["残疾人家庭需要陪同就医", "高龄老人需要理发服务"],
    "法律援助": ["邻里宅基地纠纷咨询", "劳动合同纠纷需要法律咨询"],
    "政策咨询": ["咨询医保报销政策", "咨询养老保险补缴"],
    "环境卫生": ["小区垃圾分类点需要志愿引导", "河道边杂物需要清理"],
    "教育卫生": ["留守儿童暑期课业辅导", "老年人慢病健康讲座"],
    "科普": ["防电信诈骗宣传进小区", "科学种植技术讲解"],
    "应急救援": ["汛期巡查独居老人住房安全", "社区急救知识培训"],
    "心理关爱": ["失独老人心理疏导"],
    "文化文艺": ["重阳节文艺演出需要志愿者"],
}
# Demo activities run in working hours, Asia/Shanghai (not at the clock's UTC hour): two hours from
# 09:00 or 14:30, and each project also has one a newcomer can take and check in to today (running
# now, or later today) and one tomorrow morning.
WORK_SLOTS = (datetime.time(9, 0), datetime.time(14, 30))
WORKDAY_START, WORKDAY_END = datetime.time(8, 0), datetime.time(18, 0)
DURATION = datetime.timedelta(hours=2)
DROP_IN_CLOSES = datetime.timedelta(minutes=30)  # a newcomer can still sign up until 30 min before the end


def at_local(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def today_slot(now):
    """Today's drop-in activity: running now (from the hour) within working hours, or at 09:00 when
    the day has not begun; None once an activity could no longer end by 18:00."""
    local = timezone.localtime(now)
    if local.time() < WORKDAY_START:
        return at_local(local.date(), WORK_SLOTS[0])
    starts = local.replace(minute=0, second=0, microsecond=0)
    return starts if starts + DURATION <= at_local(local.date(), WORKDAY_END) else None


def activity_plan(now, past):
    """[(starts, drop_in)] for one demo project: a service six days ago and one in three days (or,
    for a project that has not started, in two and nine days), all in working hours; then the
    drop-in activities, today (when still possible) and tomorrow at 09:00, open for sign-up."""
    today = timezone.localdate(now)
    offsets = [-6, 3] if past else [2, 9]
    plan = [(at_local(today + datetime.timedelta(days=days), WORK_SLOTS[n % 2]), False) for n, days in enumerate(offsets)]
    if (starts := today_slot(now)) is not None:
        plan.append((starts, True))
    plan.append((at_local(today + datetime.timedelta(days=1), WORK_SLOTS[0]), True))
    return plan


TEAM_TEMPLATES = [("科普宣讲队", "科普"), ("应急救援队", "应急救援"), ("健康卫生服务队", "教育卫生"), ("政策咨询服务队", "政策咨询")]


class LoopDemoBuilder:
    def __init__(self, base, now=None):
        self.base = base  # the DemoBuilder with towns, communities, orgs
        self.rng = random.Random("loop-demo")
        self.now = now or timezone.now()

    def build(self):
        if ServiceProject.objects.filter(name__startswith="【示范】").exists():
            return
        self.points()
        self.teams()
        self.demands_and_projects()
        self.market()

    def points(self):
        base = self.base
        kinds_cycle = [PointKind.EDUCATION_POINT] * 41
        for i, kind in enumerate(kinds_cycle):
            community = base.communities[i % len(base.communities)]
            services.save_service_point(ServicePoint(
                name=f"{community.name}党员教育教学点", kind=kind, grid=community, address=f"{community.label}党群服务中心",
                opening_hours="周一至周五 9:00–17:00", has_organization=True, has_rules=True,
                has_team=i % 3 != 0, has_activities=i % 4 != 0,
                organization_evidence="社区党组织书记任站长", rules_evidence="教学点管理制度上墙"), user=SYSTEM)
        for town in base.towns:
            services.save_service_point(ServicePoint(
                name=f"{town.name}新时代文明实践所", kind=PointKind.PRACTICE_CENTER, grid=town, address=f"{town.name}便民服务中心",
                opening_hours="每天 8:30–17:30", has_organization=True, has_rules=True, has_team=True, has_activities=True),
                user=SYSTEM)
        for community in base.communities:
            services.save_service_point(ServicePoint(
                name=f"{community.name}党员义工服务点", kind=PointKind.SERVICE_POINT, grid=community,
                address=f"{community.label}党群服务站", opening_hours="周一至周六 8:30–17:00",
                has_organization=True, has_rules=self.rng.random() > 0.2, has_team=True,
                has_activities=self.rng.random() > 0.3), user=SYSTEM)
        self.point_of = {p.grid_id: p for p in ServicePoint.objects.filter(kind=PointKind.SERVICE_POINT)}

    def members_near(self, community, n):
        return list(PartyMember.objects.active().living_in(community).order_by("pk")[:n])

    def teams(self):
        categories = {c.name: c for c in ServiceCategory.objects.all()}
        for town in self.base.towns:
            members = list(PartyMember.objects.active().living_in(town).order_by("pk")[:60])
            for i, (suffix, category) in enumerate(TEAM_TEMPLATES):
                crew = members[i * 12:(i + 1) * 12]
                if not crew:
                    continue
                services.save_team(Team(name=f"{town.name}{suffix}", kind=TeamKind.SPECIALTY, grid=town, leader=crew[0],
                                        brand_name=f"{town.name.removesuffix('街道').removesuffix('镇')}{category}先锋",
                                        target_hours_per_quarter=200, target_people_per_quarter=300,
                                        description=f"以{category}为特长的党员义工专业队伍"),
                                   user=SYSTEM, members=crew, categories=[categories[category]])

    def demands_and_projects(self):
        categories = {c.name: c for c in ServiceCategory.objects.all()}
        campaign, _ = Campaign.objects.get_or_create(
            name="庆祝新中国成立70周年·党员义工在行动",
            defaults={"starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2026, 12, 31),
                      "description": "围绕国庆主题，开展为民服务系列活动"})
        channels = [c for c in DemandChannel if c != DemandChannel.ONLINE]
        skills = list(Skill.objects.all())
        for c_index, community in enumerate(self.base.communities[:30]):
            point = self.point_of[community.pk]
            cells = [g for g in self.base.cells if g.path.startswith(community.path)]
            org = self.base.community_orgs[community.pk]
            residents = self.members_near(community, 12)
            if len(residents) < 4:
                continue
            demands = []
            for k in range(5):
                category = list(DEMAND_TITLES)[(c_index + k) % len(DEMAND_TITLES)]
                title = DEMAND_TITLES[category][k % len(DEMAND_TITLES[category])]
                demand = services.intake_demand(Demand(
                    title=title, description=f"{title}，请社区协调党员义工帮助。", channel=channels[(c_index + k) % len(channels)],
                    category=categories[category], grid=cells[k % len(cells)], collection_point=point,
                    resident_name=self.rng.choice("王李张刘陈杨赵黄周吴") + self.rng.choice(["奶奶", "大爷", "阿姨", "师傅", "女士"]),
                    resident_phone=f"13{self.rng.randrange(10**9):09d}", urgency="urgent" if k == 0 else "normal"),
                    user=SYSTEM)
                demands.append(demand)
            # states: one stays new, one rejected, the rest go into a project
            services.reject_demand(demands[1], user=SYSTEM, reason="已由街道民政部门受理，转交办理")
            for demand in demands[2:]:
                services.accept_demand(demand, user=SYSTEM)
            project = services.plan_project(ServiceProject(
                name=f"【示范】{community.name}“{demands[2].title[:8]}”服务项目", organization=org,
                category=demands[2].category, responsible=residents[0],
                activity_line=[ActivityLine.DEED, ActivityLine.PUBLIC_GOOD, ActivityLine.SUGGESTION][c_index % 3],
                campaign=campaign if c_index % 2 == 0 else None, description="针对群众点单需求，组织党员义工上门服务",
                feedback_interval_days=30), user=SYSTEM, demands=demands[2:4])
            services.publish_project(project, user=SYSTEM)
            if c_index % 5 == 0:  # some projects are overdue for their periodic feedback
                ServiceProject.objects.filter(pk=project.pk).update(
                    next_feedback_due=timezone.localdate() - datetime.timedelta(days=3 + c_index))
            self.activities(project, community, point, residents, skills, past=c_index % 3 != 2)

    def activities(self, project, community, point, residents, skills, past):
        for n, (starts, drop_in) in enumerate(activity_plan(self.now, past)):
            ends = starts + DURATION
            activity = services.schedule_activity(Activity(
                project=project, title=f"{project.category.name}志愿服务（第{n + 1}场）", grid=community, service_point=point,
                place=point.address, starts_at=starts, ends_at=ends,
                capacity=6, signup_opens_at=starts - datetime.timedelta(days=10),
                signup_closes_at=ends - DROP_IN_CLOSES if drop_in else starts - datetime.timedelta(hours=2)), user=SYSTEM,
                required_skills=[skills[n % len(skills)]] if n == 1 and skills else [])
            if drop_in or activity.required_skills.exists():
                continue  # the drop-in seats are left for whoever opens the demo
            takers = residents[1:5]
            signup_at = activity.signup_opens_at + datetime.timedelta(hours=1)
            orders = [services.sign_up(activity, m, user=SYSTEM, now=signup_at) for m in takers]
            if ends < self.now:
                for order in orders[:3]:
                    services.check_in(order, user=SYSTEM, code=point.public_code, now=starts + datetime.timedelta(minutes=5))
                    services.check_out(order, user=SYSTEM, now=starts + datetime.timedelta(hours=1, minutes=50))
                services.mark_no_shows(activity, user=SYSTEM, now=self.now)
                for i, record in enumerate(ServiceRecord.objects.filter(activity=activity)):
                    if i < 2:
                        services.approve_record(record, user=SYSTEM, note="现场核实")
                        services.evaluate(record, role=EvaluationRole.ORGANIZATION, score=5 - i, user=SYSTEM)
                        services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=5, token=record.evaluation_token)
                for demand in project.demands.filter(status=DemandStatus.IN_SERVICE)[:1]:
                    services.resolve_demand(demand, user=SYSTEM, feedback="党员义工已上门服务，问题已解决")

    def market(self):
        """爱心超市: each town's 文明实践所 stocks a few everyday goods; some members redeem."""
        goods = [("大米（5斤）", "粮油", 60), ("食用油（1.8升）", "粮油", 80), ("洗衣液", "日用品", 40),
                 ("毛巾两条装", "日用品", 25), ("保温杯", "日用品", 90), ("理发服务券", "服务券", 30)]
        for town in self.base.towns:
            store = ServicePoint.objects.get(grid=town, kind=PointKind.PRACTICE_CENTER)
            for name, category, price in goods:
                reward = services.save_reward(Reward(name=name, category=category, points_price=price, store=store),
                                              user=SYSTEM)
                services.restock(reward, 30, user=SYSTEM, key=f"demo-stock:{reward.pk}", note="首批入库")
        # Everyone with approved service gets a starting balance from the 2025 campaign, then a few redeem.
        for i, member in enumerate(PartyMember.objects.filter(service_records__status="approved").distinct()[:40]):
            services.post(member, Unit.POINTS, 150, kind=EntryKind.ADJUST, source="demo", key=f"demo-opening:{member.pk}",
                          note="2025年度积分结转")
            if i % 3 == 0:
                town = [t for t in self.base.towns if member.home_grid.path.startswith(t.path)][0]
                store = ServicePoint.objects.get(grid=town, kind=PointKind.PRACTICE_CENTER)
                services.redeem(member, store, [(store.rewards.get(name="毛巾两条装"), 1)], user=SYSTEM,
                                key=f"demo-redeem:{member.pk}")
