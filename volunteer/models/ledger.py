"""Points (积分) and time-bank hours (时间银行): spendable balances kept as append-only ledgers
(E4, E7, E8). Official service hours are not here: they are the sum of approved records and are
never spent (DESIGN.md "Hours and points are two stores")."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from volunteer.formatting import points
from volunteer.models.member import ByMemberQuerySet


class Unit(models.TextChoices):
    POINTS = "points", "积分"
    TIME = "time", "时间银行（小时）"


class EntryKind(models.TextChoices):
    AWARD = "award", "积分奖励"
    BONUS = "bonus", "评价加分"
    REDEEM = "redeem", "爱心超市兑换"
    REDEEM_CANCEL = "redeem_cancel", "兑换撤销退回"
    EXPIRE = "expire", "积分过期"
    DEPOSIT = "deposit", "服务时长存入"
    WITHDRAW = "withdraw", "时间兑换服务"
    ADJUST = "adjust", "人工调整"


CREDIT_KINDS = [EntryKind.AWARD, EntryKind.BONUS, EntryKind.REDEEM_CANCEL, EntryKind.DEPOSIT]


class Account(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="accounts")
    unit = models.CharField("账户类型", max_length=10, choices=Unit.choices)
    balance = models.DecimalField("余额", max_digits=12, decimal_places=2, default=0)

    objects = ByMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "账户"
        verbose_name_plural = "积分与时间银行账户"
        constraints = [
            models.UniqueConstraint(fields=["member", "unit"], name="one_account_per_member_unit"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="account_balance_not_negative"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_unit_display()}"


class EntryQuerySet(ByMemberQuerySet):
    member_path = "account__member"

    def update(self, **kwargs):
        raise ValidationError("账目不可修改")

    def delete(self):
        raise ValidationError("账目不可删除")


class Entry(models.Model):
    """One immutable line of a ledger. Never updated or deleted (model, admin and database)."""

    account = models.ForeignKey(Account, verbose_name="账户", on_delete=models.PROTECT, related_name="entries")
    delta = models.DecimalField("变动", max_digits=12, decimal_places=2)
    balance_after = models.DecimalField("变动后余额", max_digits=12, decimal_places=2)
    kind = models.CharField("类型", max_length=20, choices=EntryKind.choices)
    source = models.CharField("来源", max_length=80, help_text="例如 record:12、redemption:5")
    rule = models.ForeignKey("volunteer.PointsRule", verbose_name="积分规则版本", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="entries")
    expires_on = models.DateField("到期日", null=True, blank=True, help_text="积分奖励的到期日，先到期先用")
    idempotency_key = models.CharField("幂等键", max_length=100, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "账目"
        verbose_name_plural = "账目明细"
        ordering = ["account", "pk"]
        constraints = [models.CheckConstraint(condition=Q(balance_after__gte=0), name="entry_balance_not_negative")]

    def __str__(self):
        return f"{self.get_kind_display()} {'+' if self.delta > 0 else ''}{points(self.delta)}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("账目不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("账目不可删除")


class ExpiryMode(models.TextChoices):
    NONE = "none", "永不过期"
    END_OF_YEAR = "end_of_year", "当年年底过期"
    MONTHS = "months", "获得后N个月过期"


class PointsRule(models.Model):
    """E4: how approved service turns into points. Versions are never edited: a change is a new
    version, and every entry names the version that produced it."""

    version = models.PositiveIntegerField("版本号", unique=True, editable=False)
    name = models.CharField("规则名称", max_length=60)
    per_record = models.DecimalField("每条记录积分", max_digits=8, decimal_places=2, default=5)
    per_hour = models.DecimalField("每小时积分", max_digits=8, decimal_places=2, default=10)
    category_multipliers = models.JSONField("服务类别倍数", default=dict, blank=True,
                                            help_text='按服务类别名称，例如 {"应急救援": 1.5}')
    deed_bonus = models.DecimalField("为群众办实事加分", max_digits=8, decimal_places=2, default=5)
    excellent_evaluation_bonus = models.DecimalField("服务对象评5分加分", max_digits=8, decimal_places=2, default=3)
    daily_cap = models.DecimalField("每日积分上限", max_digits=8, decimal_places=2, default=100,
                                    help_text="0 表示不设上限")
    expiry_mode = models.CharField("积分有效期", max_length=20, choices=ExpiryMode.choices, default=ExpiryMode.NONE)
    expiry_months = models.PositiveSmallIntegerField("有效月数", default=12)
    time_bank_ratio = models.DecimalField("时间银行存入比例", max_digits=4, decimal_places=2, default=1,
                                          help_text="每认定1小时服务存入的时间银行小时数")
    is_active = models.BooleanField("当前生效", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="one_active_points_rule")]

    def __str__(self):
        return f"v{self.version} {self.name}"
