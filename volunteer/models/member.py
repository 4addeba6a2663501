"""Party members (党员) and their skills. A member sits in two grids (G2): where the work unit is
and where they live. ID-card numbers are encrypted; see volunteer/privacy.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from volunteer import privacy


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class MemberStatus(models.TextChoices):
    IN_SERVICE = "in_service", "在职"
    RETIRED = "retired", "离退休"
    WITHOUT_OFFICE = "without_office", "无职"
    MOBILE = "mobile", "流动"


class Skill(models.Model):
    name = models.CharField("技能特长", max_length=50, unique=True)

    class Meta:
        verbose_name = "技能特长"
        verbose_name_plural = "技能特长"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ByMemberQuerySet(models.QuerySet):
    """For records that belong to a member: in a grid's scope when their member is (G2 rules)."""

    member_path = "member"

    def in_grid(self, node):
        return self.filter(**{f"{self.member_path}__in": PartyMember.objects.in_grid(node)})


class PartyMemberQuerySet(models.QuerySet):
    def in_grid(self, node):
        """Members who live or work anywhere in the node's subtree (G2: both grids count)."""
        from volunteer.models import Grid

        subtree = Grid.objects.filter(path__startswith=node.path).values("pk")
        return self.filter(Q(home_grid__in=subtree) | Q(work_grid__in=subtree))

    def living_in(self, node):
        return self.filter(home_grid__path__startswith=node.path)

    def active(self):
        return self.filter(is_active=True)

    def in_service(self):
        return self.filter(status=MemberStatus.IN_SERVICE)

    def without_office(self):
        return self.filter(status=MemberStatus.WITHOUT_OFFICE)

    def with_id_card(self, number):
        return self.filter(id_card_hash=privacy.lookup_hash(number))

    def for_listing(self):
        return self.select_related("branch", "home_grid", "work_grid")


class PartyMember(models.Model):
    name = models.CharField("姓名", max_length=50, db_index=True)
    gender = models.CharField("性别", max_length=10, choices=Gender.choices)
    id_card_encrypted = models.TextField("身份证号（加密）", editable=False)
    id_card_hash = models.CharField("身份证号（检索摘要）", max_length=64, unique=True, editable=False)
    id_card_masked = models.CharField("身份证号", max_length=18, editable=False)
    birth_date = models.DateField("出生日期", editable=False)
    mobile = models.CharField("手机号码", max_length=11, db_index=True)
    branch = models.ForeignKey(
        "volunteer.PartyOrganization", verbose_name="所在党支部", on_delete=models.PROTECT, related_name="members"
    )
    work_grid = models.ForeignKey(
        "volunteer.Grid", verbose_name="单位所在网格", null=True, blank=True, on_delete=models.PROTECT,
        related_name="working_members", help_text="在职党员填写工作单位所在地",
    )
    home_grid = models.ForeignKey(
        "volunteer.Grid", verbose_name="居住地网格", on_delete=models.PROTECT, related_name="resident_members"
    )
    status = models.CharField("党员状态", max_length=20, choices=MemberStatus.choices, db_index=True)
    work_unit = models.CharField("工作单位", max_length=120, blank=True)
    skills = models.ManyToManyField(Skill, verbose_name="技能特长", blank=True, related_name="members")
    joined_party_on = models.DateField("入党日期", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="party_member",
    )
    star_level = models.PositiveSmallIntegerField("星级", default=0, editable=False)
    is_active = models.BooleanField("在册", default=True, db_index=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PartyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        # Index-backed: a page of a 250,000-member district is read in index order, not sorted.
        ordering = ["home_grid", "name", "id"]
        permissions = [("view_personal_data", "查看完整身份证号和手机号")]
        indexes = [
            models.Index(fields=["home_grid", "name", "id"], name="member_home_name_idx"),
            models.Index(fields=["work_grid", "status"], name="member_work_status_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def id_card_number(self):
        return privacy.decrypt(self.id_card_encrypted)

    def set_id_card(self, number):
        """Store an already-validated 18-digit number: ciphertext, lookup hash, masked form."""
        from stdnum.cn import ric

        self.id_card_encrypted = privacy.encrypt(number)
        self.id_card_hash = privacy.lookup_hash(number)
        self.id_card_masked = privacy.mask_id_card(number)
        self.birth_date = ric.get_birth_date(number)

    @property
    def mobile_masked(self):
        return privacy.mask_mobile(self.mobile)
