"""党员服务承诺 (E3) in the admin: record, check and publish members' commitments."""

from django import forms
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn

from volunteer import scope, services
from volunteer.adminviews.base import ScopedModelViewSet
from volunteer.adminviews.forms import ScopedForm, chooser_widget
from volunteer.models import PartyMember, ServiceCommitment


class CommitmentForm(ScopedForm):
    class Meta:
        model = ServiceCommitment
        fields = ["member", "year", "content", "is_public"]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget = chooser_widget()
        self.fields["member"].queryset = scope.restrict(PartyMember.objects.all(), self.user)


class CommitmentViewSet(ScopedModelViewSet):
    model = ServiceCommitment
    icon = "doc-full"
    menu_label = "服务承诺"
    name = "commitments"
    list_select_related = ("member__branch",)
    search_fields = ["member__name", "content"]
    list_filter = ["year", "is_public"]
    list_export = ["member", "member.branch", "year", "content", "is_public"]
    export_headings = {"member": "党员", "member.branch": "所在党支部", "year": "承诺年度", "content": "承诺内容",
                       "is_public": "公开展示"}
    export_filename = "党员服务承诺"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("member", label="党员", url_name=self.get_url_name("edit")),
            Column("branch", label="所在党支部", accessor=lambda c: c.member.branch),
            Column("year", label="年度"),
            Column("content", label="承诺内容"),
            BooleanColumn("is_public", label="公开展示"),
        ]

    def get_form_class(self, for_update=False):
        return CommitmentForm

    def save_service(self, instance, form, user):
        return services.save_commitment(instance, user=user)

    def delete_service(self, instance, user):
        services.delete_commitment(instance, user=user)
