"""A hand-counted district for the dashboard tests (on top of tests/conftest.py's `d`).

All service is in the current year unless said otherwise; approved unless said otherwise.
- 张三丰 (member_a1, 甲一社区): a deed (2 h, this month) and a service (3 h, last month) → 全覆盖;
- 李四海 (member_a2, 甲二社区): a deed (1.5 h, this month) only → deed, not 全覆盖;
- 赵六合 (commuter, lives 乙一村, works 甲一社区): a service (4 h, this month) only → served;
- 王五岳 (member_b1, 乙一村): a service last year (5 h, not counted) and a pending one (2 h).

So, this year: district 4 members, 3 served, 2 deed, 1 全覆盖 (3 missing); 甲一社区 2 members
(张三丰 + 赵六合 by work), 2 served, 1 deed, 1 全覆盖; 甲二社区 1 member, 1 served, 1 deed, 0;
乙镇 2 members (王五岳 + 赵六合 by home), 1 served, 0 deed.
Hours by month (district): last month 3, this month 7.5. 甲一社区 this month: 6 h, 2 records, 2 people.
Demands: 甲一社区 three (new, accepted, and one new registered 10 days ago = overdue), 乙一村 one new.
Teams: 甲一 team (张三丰 leads, 赵六合 member) target 10 h/quarter has 9 h → below target; 甲二 team
target 1 h has 1.5 h → met; a team with no target is never "below".
Points: 甲一 point complete; 甲二 point has only 有机构 → gaps. Rewards at 甲一 point: 3 left (low),
50 left (fine), 0 left but off the shelf (not listed).
Evaluations (服务对象, by phone): 张三丰's deed 4, 李四海's deed 5.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from volunteer import services
from volunteer.models import (
    ActivityLine,
    Demand,
    DemandChannel,
    EvaluationRole,
    PointKind,
    RecordSource,
    Reward,
    ServiceCategory,
    ServicePoint,
    ServiceRecord,
    Team,
)


def month_start(today, back=0):
    month, year = today.month - back, today.year
    while month < 1:
        month, year = month + 12, year - 1
    return datetime.date(year, month, 1)


def at(day, hour):
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)


class World:
    def __init__(self, d):
        self.d = d
        admin = d.district_admin
        self.today = timezone.localdate()
        this_month = month_start(self.today)
        # The current month started at least a day ago in every test run that matters; if today is
        # the 1st, "this month" records sit on the 1st at 01:00-05:00, still in the past.
        # In January "last month" would be last year: then both records fall in this month.
        self.this_month = this_month
        self.last_month = month_start(self.today, 1) if self.today.month > 1 else this_month
        self.year = self.today.year
        self.deed_a1 = self.serve(d.member_a1, this_month, 1, 2, deed=True)
        self.service_a1 = self.serve(d.member_a1, self.last_month, 9, 3)
        self.deed_a2 = self.serve(d.member_a2, this_month, 1, 1.5, deed=True)
        self.service_commuter = self.serve(d.commuter, this_month, 1, 4)
        self.old_b1 = self.serve(d.member_b1, datetime.date(self.year - 1, 6, 1), 9, 5)
        self.pending_b1 = self.serve(d.member_b1, this_month, 1, 2, approve=False)
        services.evaluate(self.deed_a1, role=EvaluationRole.BENEFICIARY, score=4, user=admin, by_phone=True)
        services.evaluate(self.deed_a2, role=EvaluationRole.BENEFICIARY, score=5, user=admin, by_phone=True)

        self.point_a1 = ServicePoint.objects.create(
            name="甲一社区党员义工服务点", kind=PointKind.SERVICE_POINT, grid=d.comm_a1, address="甲一路1号",
            has_organization=True, has_rules=True, has_team=True, has_activities=True)
        self.point_a2 = ServicePoint.objects.create(
            name="甲二社区党员活动室", kind=PointKind.ACTIVITY_ROOM, grid=d.comm_a2, address="甲二路2号",
            has_organization=True)
        self.low = Reward.objects.create(name="洗衣液", points_price=10, store=self.point_a1, stock=3)
        Reward.objects.create(name="大米", points_price=20, store=self.point_a1, stock=50)
        Reward.objects.create(name="毛巾", points_price=5, store=self.point_a1, stock=0, is_active=False)

        category = ServiceCategory.objects.get(name="生活照料")
        self.demands = []
        for title, grid in [("修水管", d.cell_a1), ("换灯泡", d.cell_a1), ("送药", d.cell_a1), ("扫雪", d.cell_b1)]:
            self.demands.append(services.intake_demand(Demand(
                title=title, description="需要帮助", channel=DemandChannel.PHONE, category=category, grid=grid,
                collection_point=self.point_a1, resident_name="刘奶奶", resident_phone="13800001111"), user=admin))
        services.accept_demand(self.demands[1], user=admin)
        # Registered ten days ago and still new: overdue (or last month's, when today is early in the month).
        Demand.objects.filter(pk=self.demands[2].pk).update(
            created_at=timezone.now() - datetime.timedelta(days=10))

        self.team_a1 = services.save_team(
            Team(name="甲一银龄服务队", kind="specialty", grid=d.comm_a1, leader=d.member_a1,
                 target_hours_per_quarter=10), user=admin, members=[d.member_a1, d.commuter])
        self.team_a2 = services.save_team(
            Team(name="甲二志愿队", kind="specialty", grid=d.comm_a2, leader=d.member_a2, target_hours_per_quarter=1),
            user=admin, members=[])
        services.save_team(Team(name="乙镇应急队", kind="specialty", grid=d.comm_b1, leader=d.member_b1),
                           user=admin, members=[])

    def serve(self, member, day, hour, hours, deed=False, approve=True):
        started = at(day, hour)
        ended = started + datetime.timedelta(hours=float(hours))
        if ended > timezone.now():
            # Just after midnight on the 1st nothing of "this month" has happened yet: squeeze the
            # record into the minutes since midnight (its hours are given, not measured).
            started = at(day, 0) + datetime.timedelta(seconds=40 * hour)  # apart, so none overlap
            ended = started + datetime.timedelta(seconds=30)
        record = ServiceRecord(member=member, started_at=started, ended_at=ended, hours=Decimal(str(hours)),
                               place="社区", content=f"{member.name}{day}{'办实事' if deed else '服务'}",
                               activity_line=ActivityLine.DEED if deed else ActivityLine.PUBLIC_GOOD)
        admin = self.d.district_admin
        if deed:
            record = services.record_deed(record, user=admin)
        else:
            record.grid = member.home_grid
            record.service_date = day
            record = services.create_record(record, user=admin, source=RecordSource.ADMIN)
        if approve:
            record = services.approve_record(record, user=admin)
        return record
