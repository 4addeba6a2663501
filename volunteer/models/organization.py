"""Party organisations (党委/党总支/党支部), each at a grid node."""

from django.db import models


class OrgLevel(models.TextChoices):
    COMMITTEE = "committee", "党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"


class OrgKind(models.TextChoices):
    ORGAN = "organ", "机关"
    ENTERPRISE = "enterprise", "企业"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"
    SCHOOL = "school", "学校"
    INSTITUTION = "institution", "事业单位"
    SOCIAL = "social", "社会组织"
    OTHER = "other", "其他"


class PartyOrganizationQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(grid__path__startswith=node.path)


class PartyOrganization(models.Model):
    name = models.CharField("组织名称", max_length=120)
    code = models.CharField("组织编码", max_length=32, unique=True, error_messages={"unique": "组织编码已被使用，请换一个"})
    level = models.CharField("组织层级", max_length=20, choices=OrgLevel.choices)
    kind = models.CharField("组织类别", max_length=20, choices=OrgKind.choices)
    grid = models.ForeignKey("volunteer.Grid", verbose_name="所在网格", on_delete=models.PROTECT, related_name="organizations")
    parent = models.ForeignKey(
        "self", verbose_name="上级组织", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    secretary = models.CharField("书记", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)

    objects = PartyOrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["code"]

    def __str__(self):
        return self.name
