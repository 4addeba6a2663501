"""爱心超市 (E8): rewards with stock per store, stock movements as a ledger, redemptions."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from volunteer.formatting import points


class RewardQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(store__grid__path__startswith=node.path)

    def active(self):
        return self.filter(is_active=True)


class Reward(models.Model):
    name = models.CharField("商品名称", max_length=80)
    category = models.CharField("商品类别", max_length=30, blank=True)
    image = models.ForeignKey("wagtailimages.Image", verbose_name="图片", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    points_price = models.DecimalField("兑换积分", max_digits=8, decimal_places=2)
    store = models.ForeignKey("volunteer.ServicePoint", verbose_name="所在爱心超市", on_delete=models.PROTECT,
                              related_name="rewards")
    stock = models.IntegerField("库存", default=0, editable=False, help_text="由库存流水维护")
    is_active = models.BooleanField("上架", default=True)

    objects = RewardQuerySet.as_manager()

    class Meta:
        verbose_name = "兑换商品"
        verbose_name_plural = "爱心超市商品"
        ordering = ["store", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="reward_stock_not_negative"),
            models.CheckConstraint(condition=Q(points_price__gt=0), name="reward_price_positive"),
        ]

    def __str__(self):
        return f"{self.name}（{points(self.points_price)}积分）"


class StockKind(models.TextChoices):
    RESTOCK = "restock", "入库"
    REDEEM = "redeem", "兑换出库"
    REDEEM_CANCEL = "redeem_cancel", "撤销退回"
    ADJUST = "adjust", "盘点调整"


class StockMovement(models.Model):
    """Append-only, like ledger entries: reward.stock always equals the sum of its movements."""

    reward = models.ForeignKey(Reward, verbose_name="商品", on_delete=models.PROTECT, related_name="movements")
    delta = models.IntegerField("数量变动")
    stock_after = models.IntegerField("变动后库存")
    kind = models.CharField("类型", max_length=20, choices=StockKind.choices)
    source = models.CharField("来源", max_length=80)
    idempotency_key = models.CharField("幂等键", max_length=100, unique=True)
    note = models.CharField("说明", max_length=200, blank=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "库存流水"
        verbose_name_plural = "库存流水"
        ordering = ["reward", "pk"]
        constraints = [models.CheckConstraint(condition=Q(stock_after__gte=0), name="movement_stock_not_negative")]


class RedemptionStatus(models.TextChoices):
    COMPLETED = "completed", "已兑换"
    CANCELLED = "cancelled", "已撤销"


class RedemptionQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(store__grid__path__startswith=node.path)


class Redemption(models.Model):
    member = models.ForeignKey("volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT,
                               related_name="redemptions")
    store = models.ForeignKey("volunteer.ServicePoint", verbose_name="爱心超市", on_delete=models.PROTECT,
                              related_name="redemptions")
    points = models.DecimalField("积分合计", max_digits=12, decimal_places=2)
    status = models.CharField("状态", max_length=20, choices=RedemptionStatus.choices, default=RedemptionStatus.COMPLETED)
    idempotency_key = models.CharField("幂等键", max_length=100, unique=True)
    request_fingerprint = models.CharField("请求摘要", max_length=64)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("兑换时间", auto_now_add=True)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    cancel_reason = models.CharField("撤销原因", max_length=200, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = "兑换单"
        verbose_name_plural = "兑换记录"
        ordering = ["-created_at"]

    def __str__(self):
        return f"兑换单 {self.pk} · {self.member}"


class RedemptionLine(models.Model):
    redemption = models.ForeignKey(Redemption, verbose_name="兑换单", on_delete=models.PROTECT, related_name="lines")
    reward = models.ForeignKey(Reward, verbose_name="商品", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField("数量")
    points = models.DecimalField("积分小计", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "兑换明细"
        verbose_name_plural = "兑换明细"
