"""Admin registration for publicity data that is not a page: 优秀党员义工 (E6)."""

from django import forms
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets import AdminPageChooser

from publicity import services
from publicity.choosers import story_member_chooser
from publicity.models import Recognition, StoryPage
from volunteer import scope
from volunteer.adminviews.base import ScopedModelViewSet
from volunteer.adminviews.forms import ScopedForm, chooser_widget
from volunteer.models import PartyMember


class RecognitionForm(ScopedForm):
    class Meta:
        model = Recognition
        fields = ["member", "title", "year", "awarded_by", "awarded_on", "citation", "story"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 4}),
                   "story": AdminPageChooser(target_models=[StoryPage])}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget = chooser_widget()
        self.fields["member"].queryset = scope.restrict(PartyMember.objects.all(), self.user)


class RecognitionViewSet(ScopedModelViewSet):
    model = Recognition
    icon = "pick"
    menu_label = "优秀党员义工"
    menu_order = 130
    add_to_admin_menu = True
    name = "recognitions"
    list_select_related = ("member", "story")
    search_fields = ["member__name", "title", "awarded_by"]
    list_filter = ["year", "title"]
    list_export = ["member", "title", "year", "awarded_by", "awarded_on", "citation", "story"]
    export_headings = {"member": "党员", "title": "荣誉称号", "year": "年度", "awarded_by": "授予单位",
                       "awarded_on": "授予日期", "citation": "推荐事迹", "story": "典型故事"}
    export_filename = "优秀党员义工"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("member", label="党员", url_name=self.get_url_name("edit")),
            Column("title", label="荣誉称号"),
            Column("year", label="年度"),
            Column("awarded_by", label="授予单位"),
            DateColumn("awarded_on", label="授予日期"),
            Column("story", label="典型故事"),
        ]

    def get_form_class(self, for_update=False):
        return RecognitionForm

    def save_service(self, instance, form, user):
        return services.save_recognition(instance, user=user)

    def delete_service(self, instance, user):
        services.delete_recognition(instance, user=user)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [RecognitionViewSet(), story_member_chooser]
