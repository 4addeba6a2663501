"""The three-level service grid (G1): 区 → 镇/街道/开发区 → 村/社区 → 网格."""

from django.db import models
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class GridLevel(models.IntegerChoices):
    DISTRICT = 1, "区"
    TOWN = 2, "镇街（开发区）"
    COMMUNITY = 3, "村社区"
    CELL = 4, "网格"


class GridQuerySet(MP_NodeQuerySet):
    def in_grid(self, node):
        """The node and its whole subtree."""
        return self.filter(path__startswith=node.path)

    def communities(self):
        return self.filter(level=GridLevel.COMMUNITY)


class GridManager(MP_NodeManager.from_queryset(GridQuerySet)):
    def get_queryset(self):
        return GridQuerySet(self.model).order_by("path")


class Grid(MP_Node):
    name = models.CharField("名称", max_length=100)
    code = models.CharField(
        "网格编码", max_length=32, unique=True, help_text="全区唯一，例如 QH-01-003",
        error_messages={"unique": "网格编码已被使用，请换一个"},
    )
    level = models.PositiveSmallIntegerField("层级", choices=GridLevel.choices)
    centroid_lat = models.DecimalField("中心纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    centroid_lng = models.DecimalField("中心经度", max_digits=9, decimal_places=6, null=True, blank=True)
    boundary = models.JSONField("边界（GeoJSON）", null=True, blank=True)
    # "春江街道·朝阳社区·第一网格": the path below the district, kept by services on create/rename
    # so listings can name a cell without walking the tree.
    label = models.CharField("全称", max_length=255, editable=False, blank=True)

    node_order_by = ["code"]
    objects = GridManager()

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "服务网格"

    def __str__(self):
        return self.label or self.name

    def compute_label(self, parent):
        if parent is None or parent.level == GridLevel.DISTRICT:
            return self.name
        return f"{parent.label}·{self.name}"

    @property
    def full_name(self):
        names = [a.name for a in self.get_ancestors()] + [self.name]
        return " / ".join(names)

    def contains(self, other):
        return other is not None and other.path.startswith(self.path)
