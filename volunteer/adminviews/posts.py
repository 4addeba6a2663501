"""无职党员设岗定责 (G4) in the admin: posts with duties, and who holds them."""

from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn

from volunteer import services
from volunteer.adminviews.base import ScopedModelViewSet
from volunteer.adminviews.forms import AssignmentCreateForm, AssignmentEditForm, PostForm
from volunteer.models import Post, PostAssignment


class PostViewSet(ScopedModelViewSet):
    model = Post
    icon = "pick"
    menu_label = "设岗定责"
    name = "posts"
    list_select_related = ("organization",)
    search_fields = ["title", "organization__name"]
    list_filter = ["is_active"]
    list_export = ["organization", "title", "duties", "headcount", "is_active"]
    export_headings = {"organization": "设岗组织", "title": "岗位名称", "duties": "岗位职责", "headcount": "岗位人数",
                       "is_active": "启用"}
    export_filename = "党员岗位"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("title", label="岗位名称", url_name=self.get_url_name("edit")),
            Column("organization", label="设岗组织"),
            Column("headcount", label="岗位人数"),
            BooleanColumn("is_active", label="启用"),
        ]

    def get_form_class(self, for_update=False):
        return PostForm

    def save_service(self, instance, form, user):
        return services.save_post(instance, user=user)

    def delete_service(self, instance, user):
        services.delete_post(instance, user=user)


class PostAssignmentViewSet(ScopedModelViewSet):
    model = PostAssignment
    icon = "user"
    menu_label = "岗位分配"
    name = "post_assignments"
    list_select_related = ("post__organization", "member")
    search_fields = ["member__name", "post__title"]
    list_export = ["post", "member", "assigned_on", "ended_on", "note"]
    export_headings = {"post": "岗位", "member": "党员", "assigned_on": "定岗日期", "ended_on": "离岗日期", "note": "备注"}
    export_filename = "岗位分配"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("member", label="党员", url_name=self.get_url_name("edit")),
            Column("post", label="岗位"),
            DateColumn("assigned_on", label="定岗日期"),
            DateColumn("ended_on", label="离岗日期"),
        ]

    def get_form_class(self, for_update=False):
        return AssignmentEditForm if for_update else AssignmentCreateForm

    def save_service(self, instance, form, user):
        data = form.cleaned_data
        if instance.pk:
            return services.update_assignment(instance, user=user, ended_on=data.get("ended_on"), note=data.get("note", ""))
        return services.assign_post(data["post"], data["member"], user=user, assigned_on=data.get("assigned_on"),
                                    note=data.get("note", ""))

    def delete_service(self, instance, user):
        services.delete_assignment(instance, user=user)
