"""Service categories (T2): the four professional ones plus any an admin adds."""

from django.db import models


class ServiceCategory(models.Model):
    name = models.CharField("类别名称", max_length=30, unique=True, error_messages={"unique": "该类别已存在"})
    is_professional = models.BooleanField("专业服务类别", default=False, help_text="科普、应急救援、教育卫生、政策咨询等专业团队类别")
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "服务类别"
        verbose_name_plural = "服务类别"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ActivityLine(models.TextChoices):
    """O5: the campaign's three activity lines."""

    SUGGESTION = "suggestion", "我为发展献一计"
    PUBLIC_GOOD = "public_good", "我为公益出一力"
    DEED = "deed", "我为群众办一事"
