"""无职党员设岗定责 (G4): village/community organisations define posts and assign members."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PostQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(organization__grid__path__startswith=node.path)

    def active(self):
        return self.filter(is_active=True)


class Post(models.Model):
    organization = models.ForeignKey(
        "volunteer.PartyOrganization", verbose_name="设岗组织", on_delete=models.PROTECT, related_name="posts"
    )
    title = models.CharField("岗位名称", max_length=80)
    duties = models.TextField("岗位职责")
    headcount = models.PositiveSmallIntegerField("岗位人数", default=1)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("设立时间", auto_now_add=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = "党员岗位"
        verbose_name_plural = "设岗定责"
        ordering = ["organization__code", "title"]

    def __str__(self):
        return f"{self.organization.name}·{self.title}"


class PostAssignmentQuerySet(models.QuerySet):
    def in_grid(self, node):
        return self.filter(post__organization__grid__path__startswith=node.path)

    def current(self):
        return self.filter(ended_on__isnull=True)


class PostAssignment(models.Model):
    post = models.ForeignKey(Post, verbose_name="岗位", on_delete=models.PROTECT, related_name="assignments")
    member = models.ForeignKey(
        "volunteer.PartyMember", verbose_name="党员", on_delete=models.PROTECT, related_name="post_assignments"
    )
    assigned_on = models.DateField("定岗日期")
    ended_on = models.DateField("离岗日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PostAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "岗位分配"
        verbose_name_plural = "岗位分配"
        ordering = ["-assigned_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"], condition=Q(ended_on__isnull=True), name="one_current_assignment_per_post_member"
            )
        ]

    def __str__(self):
        return f"{self.member} · {self.post.title}"
