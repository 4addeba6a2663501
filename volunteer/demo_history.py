"""A plausible year of approved service for the demo district, so its figures look like a real one:
全覆盖率 between about 15% and 85%, different in each town and community, and hours and points per
member as a year of volunteering gives them.

Each community gets a participation level (its town's, give or take); each active member who lives
there then did, this year, either a deed (为群众办实事) and some services, or some services only, or
nothing. Records fall on days before today, in working hours (Asia/Shanghai), at most one a day per
member. They are approved, and their points and time-bank hours are in the ledgers exactly as the
approval service awards them: both take the entries from services.ledger.record_credits. Written in
bulk (the approval service, one record at a time, takes minutes for a district's year); running it
again adds nothing."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from volunteer import services
from volunteer.models import (
    Account,
    ActivityLine,
    Entry,
    Grid,
    PartyMember,
    RecordSource,
    RecordStatus,
    ServiceRecord,
    Unit,
)

HISTORY_NOTE = "演示：本年度服务台账"
DEMO_VOLUNTEER_GRID = "QH-01-001"  # 朝阳社区: where the demo's volunteer account lives
SERVICES = [
    ("上门探望独居老人，陪同聊天并检查家中水电安全", "独居老人"),
    ("小区环境整治，清理楼道堆物和绿化带垃圾", "小区居民"),
    ("垃圾分类桶边督导，指导居民正确投放", "小区居民"),
    ("反诈骗知识宣讲，发放宣传资料", "社区居民"),
    ("为留守儿童辅导作业", "留守儿童"),
    ("文明交通劝导，维护路口秩序", "过往群众"),
    ("政策宣讲：医保参保和养老待遇解读", "社区居民"),
    ("协助社区卫生服务站开展义诊", "社区居民"),
    ("防汛巡查，排查低洼地段隐患", "沿河住户"),
    ("为困难家庭义务维修家电", "困难家庭"),
]
DEEDS = [
    ("帮行动不便的邻居代购药品和生活用品", "行动不便的邻居"),
    ("为楼道更换损坏的声控灯", "本楼住户"),
    ("协助老人在手机上办理社保资格认证", "高龄老人"),
    ("调解邻里之间的漏水纠纷", "楼上楼下住户"),
    ("接送邻居孩子放学", "双职工家庭"),
    ("帮独居老人疏通下水管道", "独居老人"),
]
HOURS = [Decimal(h) for h in ("1", "1.5", "2", "2", "2.5", "3", "4")]


def community_level(community, town_level):
    """The share of members who both served and did a deed, for one community."""
    rng = random.Random(f"history-community-{community.code}")
    return min(0.85, max(0.15, town_level + rng.uniform(-0.12, 0.12)))


def town_level(town):
    return random.Random(f"history-town-{town.code}").uniform(0.22, 0.78)


class HistoryBuilder:
    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self.tz = timezone.get_current_timezone()

    def days(self, rng, n, taken):
        """n distinct days this year before today that the member has no record on yet."""
        start = datetime.date(self.today.year, 1, 1)
        span = (self.today - start).days
        chosen = set()
        for _ in range(n * 4):
            if len(chosen) == n or span <= 0:
                break
            day = start + datetime.timedelta(days=rng.randrange(span))
            if day not in taken and day not in chosen:
                chosen.add(day)
        return sorted(chosen)

    def record(self, rng, member, place, day, is_deed):
        content, beneficiary = rng.choice(DEEDS if is_deed else SERVICES)
        hours = rng.choice(HOURS[:4] if is_deed else HOURS)
        start_hour = rng.randrange(8, 16 - int(hours))  # ends by 16:30
        started = datetime.datetime.combine(day, datetime.time(start_hour, rng.choice((0, 30))), tzinfo=self.tz)
        ended = started + datetime.timedelta(hours=float(hours))
        verified = min(started + datetime.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 3)),
                       timezone.now() - datetime.timedelta(hours=1))
        return ServiceRecord(
            member=member, is_deed=is_deed, activity_line=ActivityLine.DEED if is_deed else ActivityLine.PUBLIC_GOOD,
            grid_id=member.home_grid_id, service_date=day, started_at=started, ended_at=ended, hours=hours,
            place=place, content=content,
            beneficiary=beneficiary, source=RecordSource.ADMIN, status=RecordStatus.APPROVED,
            decision_note=HISTORY_NOTE, verified_at=verified,
        )

    def plan(self, district):
        """The year's records for every active member living in the district (unsaved)."""
        taken = {}
        for member_id, day in ServiceRecord.objects.values_list("member_id", "service_date"):
            taken.setdefault(member_id, set()).add(day)
        communities, names = {}, {}
        district = Grid.objects.get(pk=district.pk)  # a node built in this run has a stale numchild
        for town in district.get_children():
            level = town_level(town)
            for community in town.get_children():
                communities[community.path] = community_level(community, level)
                names[community.path] = community.name
        records = []
        # The demo volunteer (the first member of 朝阳社区, as ensure_demo_accounts links them) has a
        # year of their own, so a newcomer on the portal sees hours, points and a record list.
        volunteer = (PartyMember.objects.living_in(Grid.objects.get(code=DEMO_VOLUNTEER_GRID))
                     .filter(user__isnull=True).order_by("pk").values_list("pk", flat=True).first())
        members = (PartyMember.objects.active().filter(home_grid__path__startswith=district.path)
                   .select_related("home_grid").order_by("pk"))
        for member in members:
            path = member.home_grid.path[: len(member.home_grid.path) - member.home_grid.steplen]
            level = communities.get(path)
            if level is None:
                continue
            place = f"{names[path]}{member.home_grid.name}"
            rng = random.Random(f"history-member-{member.pk}")
            roll = 0 if member.pk == volunteer else rng.random()
            if roll < level:  # a deed and services: counted in 全覆盖率
                n_deeds, n_services = rng.choice((1, 1, 1, 2)), rng.randint(1, 6)
            elif roll < level + (1 - level) * 0.35:  # served, no deed yet
                n_deeds, n_services = 0, rng.randint(1, 3)
            elif roll < level + (1 - level) * 0.45:  # a deed, no other service yet
                n_deeds, n_services = 1, 0
            else:
                continue
            days = self.days(rng, n_deeds + n_services, taken.get(member.pk, set()))
            kinds = [True] * n_deeds + [False] * n_services
            rng.shuffle(kinds)
            records += [self.record(rng, member, place, day, is_deed) for day, is_deed in zip(days, kinds)]
        return records

    @transaction.atomic
    def build(self, district):
        """Write the year; return how many records (0 when the history is already there)."""
        if ServiceRecord.objects.filter(decision_note=HISTORY_NOTE).exists():
            return 0
        rule = services.active_rule()
        records = self.plan(district)
        if not records or rule is None:
            return 0
        ServiceRecord.objects.bulk_create(records, batch_size=1000)
        self.post_credits(records, rule)
        return len(records)

    def post_credits(self, records, rule):
        """Each record's entries as record_credits gives them, with running balances continuing
        the members' accounts, in the order the records were approved."""
        member_ids = {r.member_id for r in records}
        accounts = {(a.member_id, a.unit): a for a in Account.objects.filter(member_id__in=member_ids)}
        missing = [Account(member_id=m, unit=u, balance=0) for m in member_ids for u in (Unit.POINTS, Unit.TIME)
                   if (m, u) not in accounts]
        Account.objects.bulk_create(missing, batch_size=1000)
        accounts = {(a.member_id, a.unit): a for a in Account.objects.filter(member_id__in=member_ids)}
        entries = []
        # No member has two records on one day (days() keeps them apart), so nothing else was awarded
        # on a record's day: already=0, as the approval service would read from the ledger.
        for record in sorted(records, key=lambda r: (r.verified_at, r.pk)):
            approved_on = timezone.localtime(record.verified_at).date()
            for credit in services.record_credits(record, rule, approved_on=approved_on, already=Decimal(0)):
                account = accounts[(record.member_id, credit.pop("unit"))]
                delta = credit.pop("delta")
                account.balance += delta
                entries.append(Entry(account=account, delta=delta, balance_after=account.balance,
                                     idempotency_key=credit.pop("key"), **credit))
        # Entries are never changed once written, so they carry the time of the seed (their notes
        # name the service day).
        Entry.objects.bulk_create(entries, batch_size=1000)
        Account.objects.bulk_update(list(accounts.values()), ["balance"], batch_size=1000)


def build_history(district):
    return HistoryBuilder().build(district)
