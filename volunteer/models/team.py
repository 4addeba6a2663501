"""Teams (T1–T3) and service points (P1, P3)."""

import secrets

from django.db import models


class TeamKind(models.TextChoices):
    DEMAND = "demand", "按需求组建"
    SPECIALTY = "specialty", "按特长组建（专业团队/党员工作室）"
    UNIT = "unit", "按单位组建"


class TeamQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)

    def active(self):
        return self.filter(is_active=True)


class Team(models.Model):
    name = models.CharField("队伍名称", max_length=80)
    kind = models.CharField("组建方式", max_length=20, choices=TeamKind.choices)
    categories = models.ManyToManyField("volunteer.ServiceCategory", verbose_name="服务类别", blank=True, related_name="teams")
    grid = models.ForeignKey("volunteer.Grid", verbose_name="所在网格", on_delete=models.PROTECT, related_name="teams")
    organization = models.ForeignKey("volunteer.PartyOrganization", verbose_name="依托组织", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="teams")
    leader = models.ForeignKey("volunteer.PartyMember", verbose_name="队长", on_delete=models.PROTECT, related_name="led_teams")
    members = models.ManyToManyField("volunteer.PartyMember", verbose_name="队员", blank=True, related_name="teams")
    description = models.TextField("队伍简介", blank=True)
    brand_name = models.CharField("服务品牌", max_length=80, blank=True)
    target_hours_per_quarter = models.PositiveIntegerField("季度目标服务时长（小时）", default=0)
    target_people_per_quarter = models.PositiveIntegerField("季度目标服务人次", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "服务队伍"
        verbose_name_plural = "服务队伍"
        ordering = ["grid__path", "name"]

    def __str__(self):
        return self.name


class PointKind(models.TextChoices):
    PRACTICE_CENTER = "practice_center", "新时代文明实践中心（所、站）"
    EDUCATION_POINT = "education_point", "党员教育教学点"
    MEMBER_STUDIO = "member_studio", "党员工作室"
    REPRESENTATIVE_STUDIO = "representative_studio", "“两代表一委员”工作室"
    ACTIVITY_ROOM = "activity_room", "党员活动室"
    SERVICE_POINT = "service_point", "党员义工服务点"


FOUR_HAVES = [
    ("has_organization", "有机构"),
    ("has_rules", "有制度"),
    ("has_team", "有队伍"),
    ("has_activities", "有活动"),
]


def new_public_code():
    # Short, unambiguous (no 0/O/1/I) code printed on the QR sign and typed at check-in.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class ServicePointQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)

    def with_gaps(self):
        q = models.Q()
        for field, _ in FOUR_HAVES:
            q |= models.Q(**{field: False})
        return self.filter(q)


class ServicePoint(models.Model):
    name = models.CharField("阵地名称", max_length=100)
    kind = models.CharField("阵地类型", max_length=30, choices=PointKind.choices)
    grid = models.ForeignKey("volunteer.Grid", verbose_name="所在网格", on_delete=models.PROTECT, related_name="service_points")
    address = models.CharField("地址", max_length=200)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField("开放时间", max_length=100, blank=True)
    public_code = models.CharField("阵地编码", max_length=12, unique=True, default=new_public_code, editable=False,
                                   help_text="印在二维码标牌上，签到时扫码或输入")
    has_organization = models.BooleanField("有机构", default=False)
    organization_evidence = models.CharField("机构说明", max_length=200, blank=True)
    has_rules = models.BooleanField("有制度", default=False)
    rules_evidence = models.CharField("制度说明", max_length=200, blank=True)
    has_team = models.BooleanField("有队伍", default=False)
    team_evidence = models.CharField("队伍说明", max_length=200, blank=True)
    has_activities = models.BooleanField("有活动", default=False)
    activities_evidence = models.CharField("活动说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)

    objects = ServicePointQuerySet.as_manager()

    class Meta:
        verbose_name = "服务阵地"
        verbose_name_plural = "服务阵地"
        ordering = ["grid__path", "name"]

    def __str__(self):
        return self.name

    @property
    def gaps(self):
        """P3: which of 有机构、有制度、有队伍、有活动 are missing."""
        return [label for field, label in FOUR_HAVES if not getattr(self, field)]

    @property
    def compliance(self):
        return "四有达标" if not self.gaps else "缺" + "、".join(self.gaps)
