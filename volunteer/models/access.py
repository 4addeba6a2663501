"""Who administers which part of the grid, and who saw unmasked personal data."""

from django.conf import settings
from django.db import models


class AdminScopeQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)


class AdminScope(models.Model):
    """One grid node per admin user: they see and change only that subtree (scope.py)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="admin_scope",
        error_messages={"unique": "该账号已有管理范围，请编辑原记录"},
    )
    grid = models.ForeignKey("volunteer.Grid", verbose_name="管辖网格", on_delete=models.PROTECT, related_name="admin_scopes")

    objects = AdminScopeQuerySet.as_manager()

    class Meta:
        verbose_name = "管理范围"
        verbose_name_plural = "管理范围"

    def __str__(self):
        return f"{self.user} · {self.grid}"


class PersonalDataAccessLog(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT, related_name="+")
    action = models.CharField("操作", max_length=50)
    member_ids = models.JSONField("涉及党员")
    count = models.PositiveIntegerField("人数")
    detail = models.CharField("说明", max_length=200, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "个人信息查看记录"
        verbose_name_plural = "个人信息查看记录"
        ordering = ["-at"]
