"""相关党员 for stories: a searchable member chooser instead of a select listing every member of the
district (3,000 names with duplicates in the demo, 250,000 at design scale). It searches by name,
lists the editor's scope where the editor has one (an unscoped publicity editor sees the district),
shows only what a story names — a member's name with branch and community, never their mobile —
and is used by StoryPage's MultipleChooserPanel (publicity.models.story.StoryMemberPanel)."""

from django import forms
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from volunteer import scope
from volunteer.models import PartyMember


def choosable_members(user):
    """Members an editor may link to a story: the editor's grid subtree if they have one, else
    the district (stories are public and name members by name only)."""
    members = PartyMember.objects.select_related("branch", "home_grid")
    node = scope.scope_for(user).node
    return members.in_grid(node) if node is not None else members


def member_label(member):
    """A name told apart from namesakes: 张伟（城关社区第一党支部）."""
    return f"{member.name}（{member.branch.name}）"


class MemberNameSearchForm(BaseFilterForm):
    q = forms.CharField(label="姓名", required=False)

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(name__icontains=query)
            self.is_searching = True
            self.search_query = query
        return objects


class ChooseMixin:
    filter_form_class = MemberNameSearchForm
    per_page = 20

    def get_object_list(self):
        return choosable_members(self.request.user).filter(is_active=True).order_by("name", "id")

    @property
    def title_column(self):
        column = super().title_column
        column.label = "姓名"
        return column

    @property
    def columns(self):
        return [
            self.title_column,
            Column("branch", label="所在党支部"),
            Column("home_grid", label="居住地网格"),
        ]


class StoryMemberChooseView(ChooseMixin, chooser_views.ChooseView):
    pass


class StoryMemberChooseResultsView(ChooseMixin, chooser_views.ChooseResultsView):
    pass


class StoryMemberChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return choosable_members(self.request.user).get(pk=pk)

    def get_display_title(self, instance):
        return member_label(instance)


class StoryMemberChosenMultipleView(chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return choosable_members(self.request.user).filter(pk__in=pks)

    def get_display_title(self, instance):
        return member_label(instance)


class StoryMemberChooserViewSet(ChooserViewSet):
    model = PartyMember
    icon = "user"
    choose_one_text = "选择党员"
    choose_another_text = "重新选择"
    choose_view_class = StoryMemberChooseView
    choose_results_view_class = StoryMemberChooseResultsView
    chosen_view_class = StoryMemberChosenView
    chosen_multiple_view_class = StoryMemberChosenMultipleView
    creation_form_class = None
    create_action_label = None
    register_widget = False  # volunteer's member chooser stays the default for member fields


story_member_chooser = StoryMemberChooserViewSet("story_member_chooser")

