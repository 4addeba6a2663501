"""Admin forms. Choice lists are cut to the user's scope; validation of business rules lives in
services.py and comes back as field errors."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from volunteer import privacy, scope
from volunteer.models import (
    AdminScope,
    CommunityCheckin,
    Grid,
    GridLevel,
    PartyMember,
    PartyOrganization,
    Post,
    PostAssignment,
)


class GridChoiceField(forms.ModelChoiceField):
    """Grid nodes indented by depth, so the tree reads in a plain select."""

    def label_from_instance(self, obj):
        return "\u3000" * (obj.depth - 1) + f"{obj.name}（{obj.get_level_display()}）"


def scoped_grids(user):
    return scope.restrict(Grid.objects.all(), user)


def scoped_orgs(user):
    return scope.restrict(PartyOrganization.objects.select_related("grid"), user)


class ScopedForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.user = for_user


class GridCreateForm(ScopedForm):
    parent = GridChoiceField(label="上级网格", queryset=Grid.objects.none(), required=False,
                             help_text="新节点的层级自动取上级的下一级")

    class Meta:
        model = Grid
        fields = ["name", "code", "centroid_lat", "centroid_lng"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = scoped_grids(self.user).exclude(level=GridLevel.CELL)
        self.order_fields(["parent", "name", "code"])


def may_edit_boundaries(user):
    """Boundaries are the district's survey: a district admin (or a superuser) keeps them."""
    found = scope.scope_for(user)
    return found.everything or bool(found.node and found.node.level == GridLevel.DISTRICT)


class GridEditForm(ScopedForm):
    """The boundary is pasted as GeoJSON text or uploaded as a .geojson/.json file (the file
    wins); either is checked by validate_boundary and stored as its geometry. An empty centre
    is filled with a point inside the new boundary, where the map puts the node's label."""

    MAX_UPLOAD = 5 * 1024 * 1024
    boundary = forms.CharField(
        label="边界（GeoJSON）", required=False, widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text="GeoJSON 的 Polygon、MultiPolygon 或 Feature，坐标为 [经度, 纬度]（WGS84）；留空表示不画边界")
    boundary_file = forms.FileField(
        label="上传边界文件", required=False, help_text="也可上传 .geojson 或 .json 文件（不超过 5 MB），将替换上面的边界")

    class Meta:
        model = Grid
        fields = ["name", "code", "centroid_lat", "centroid_lng", "boundary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_edit_boundaries(self.user):
            del self.fields["boundary"], self.fields["boundary_file"]
        elif not self.is_bound and self.instance.boundary:
            import json

            self.initial["boundary"] = json.dumps(self.instance.boundary, ensure_ascii=False)

    def clean_boundary(self):
        from volunteer.dashboard.boundaries import validate_boundary

        return validate_boundary(self.cleaned_data.get("boundary"), label="边界（GeoJSON）")

    def clean_boundary_file(self):
        from volunteer.dashboard.boundaries import validate_boundary

        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if upload.size > self.MAX_UPLOAD:
            raise forms.ValidationError("上传边界文件不能超过 5 MB")
        return validate_boundary(upload.read(), label="上传边界文件")

    def clean(self):
        from volunteer.dashboard.boundaries import label_point

        data = super().clean()
        if "boundary" not in self.fields:
            return data
        if data.get("boundary_file"):
            data["boundary"] = data["boundary_file"]
        shape = data.get("boundary")
        if shape and data.get("centroid_lng") is None and data.get("centroid_lat") is None:
            from decimal import Decimal

            lng, lat = label_point(shape)
            data["centroid_lng"], data["centroid_lat"] = Decimal(f"{lng:.6f}"), Decimal(f"{lat:.6f}")
        return data


class OrganizationForm(ScopedForm):
    class Meta:
        model = PartyOrganization
        fields = ["name", "code", "level", "kind", "grid", "parent", "secretary", "contact_phone"]
        field_classes = {"grid": GridChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = scoped_grids(self.user)
        self.fields["parent"].queryset = PartyOrganization.objects.all()


class MemberForm(ScopedForm):
    """ID-card number and mobile are entered in plain text but never shown back unmasked to a
    user without the unmask permission: for them the fields start empty ("留空则不修改")."""

    id_card = forms.CharField(label="身份证号码", max_length=30, required=False)
    mobile_number = forms.CharField(label="手机号码", max_length=20, required=False)
    service_field_aliases = {"mobile": "mobile_number"}

    class Meta:
        model = PartyMember
        fields = ["name", "gender", "branch", "status", "work_unit", "work_grid", "home_grid", "skills",
                  "joined_party_on", "is_active"]
        field_classes = {"work_grid": GridChoiceField, "home_grid": GridChoiceField}
        widgets = {"skills": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any grid may be a member's other grid (they may work in another town); service checks
        # that at least one of the two is inside the admin's scope.
        self.fields["home_grid"].queryset = Grid.objects.all()
        self.fields["work_grid"].queryset = Grid.objects.all()
        self.fields["branch"].queryset = PartyOrganization.objects.all()
        self.order_fields(["name", "gender", "id_card", "mobile_number"])
        member = self.instance
        if member.pk:
            if privacy.can_unmask(self.user):
                self.initial["id_card"] = member.id_card_number
                self.initial["mobile_number"] = member.mobile
                privacy.log_unmasked(self.user, "edit_form", [member])
            else:
                self.fields["id_card"].help_text = f"当前：{member.id_card_masked}，留空则不修改"
                self.fields["mobile_number"].help_text = f"当前：{member.mobile_masked}，留空则不修改"
        else:
            self.fields["id_card"].required = True
            self.fields["mobile_number"].required = True

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "id_card": data.get("id_card") or None,
            "mobile": data.get("mobile_number") or None,
            "skills": data.get("skills"),
        }


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.mobile_masked}）"


class CheckinCreateForm(ScopedForm):
    class Meta:
        model = CommunityCheckin
        fields = ["member", "community", "note"]
        field_classes = {"community": GridChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from volunteer.wagtail_hooks import member_chooser

        self.fields["member"].widget = member_chooser.widget_class()
        self.fields["member"].queryset = scope.restrict(PartyMember.objects.all(), self.user)
        self.fields["community"].queryset = scoped_grids(self.user).filter(level=GridLevel.COMMUNITY)


class DeclineForm(forms.Form):
    decline_reason = forms.CharField(label="退回原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class PostForm(ScopedForm):
    class Meta:
        model = Post
        fields = ["organization", "title", "duties", "headcount", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = scoped_orgs(self.user).filter(kind__in=["village", "community"])


class AssignmentCreateForm(ScopedForm):
    class Meta:
        model = PostAssignment
        fields = ["post", "member", "assigned_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from volunteer.wagtail_hooks import member_chooser

        self.fields["post"].queryset = scope.restrict(Post.objects.active().select_related("organization"), self.user)
        self.fields["member"].widget = member_chooser.widget_class()
        self.fields["member"].queryset = scope.restrict(PartyMember.objects.all(), self.user)


class AssignmentEditForm(ScopedForm):
    class Meta:
        model = PostAssignment
        fields = ["ended_on", "note"]


class AdminScopeForm(ScopedForm):
    class Meta:
        model = AdminScope
        fields = ["user", "grid"]
        field_classes = {"grid": GridChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["grid"].queryset = scoped_grids(self.user).exclude(level=GridLevel.CELL)
        self.fields["user"].queryset = get_user_model().objects.filter(is_superuser=False, is_active=True).order_by(
            "username")
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name() or u.username}（{u.username}）"


# --- 三单制 -------------------------------------------------------------------------------------


def chooser_widget():
    from volunteer.wagtail_hooks import member_chooser

    return member_chooser.widget_class()


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DemandForm(ScopedForm):
    class Meta:
        from volunteer.models import Demand

        model = Demand
        fields = ["title", "description", "channel", "category", "urgency", "grid", "collection_point",
                  "resident_name", "resident_phone", "resident_address"]
        field_classes = {"grid": GridChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from volunteer.models import ServicePoint

        self.fields["grid"].queryset = scoped_grids(self.user).filter(level__gte=GridLevel.COMMUNITY)
        self.fields["collection_point"].queryset = scope.restrict(ServicePoint.objects.filter(is_active=True), self.user)
        if self.instance.pk and not privacy.can_unmask(self.user):
            # The resident's phone is personal data: shown masked, kept unless retyped.
            self.fields["resident_phone"].required = False
            self.fields["resident_phone"].help_text = f"当前：{self.instance.resident_phone_masked}，留空则不修改"
            self.initial["resident_phone"] = ""

    def clean_resident_phone(self):
        value = self.cleaned_data.get("resident_phone")
        if not value and self.instance.pk:
            return self.instance.resident_phone
        return value


class ProjectForm(ScopedForm):
    demands = forms.ModelMultipleChoiceField(label="关联需求", required=False, queryset=None,
                                             widget=forms.CheckboxSelectMultiple,
                                             help_text="已受理、尚未立项的需求；立项后需求转为“已立项”")

    class Meta:
        from volunteer.models import ServiceProject

        model = ServiceProject
        fields = ["name", "organization", "category", "responsible", "activity_line", "campaign", "team",
                  "description", "feedback_interval_days"]

    def __init__(self, *args, initial_demands=(), **kwargs):
        super().__init__(*args, **kwargs)
        from volunteer.models import Demand, DemandStatus, Team

        self.fields["organization"].queryset = scoped_orgs(self.user)
        self.fields["team"].queryset = scope.restrict(Team.objects.active(), self.user)
        self.fields["responsible"].widget = chooser_widget()
        self.fields["responsible"].queryset = scope.restrict(PartyMember.objects.active(), self.user)
        if self.instance.pk:
            del self.fields["demands"]
        else:
            self.fields["demands"].queryset = scope.restrict(
                Demand.objects.filter(status=DemandStatus.ACCEPTED, project__isnull=True), self.user)
            self.initial.setdefault("demands", list(initial_demands))
        self.order_fields(["name", "demands"])


class ActivityForm(ScopedForm):
    class Meta:
        from volunteer.models import Activity

        model = Activity
        fields = ["project", "title", "grid", "service_point", "place", "starts_at", "ends_at", "capacity",
                  "signup_opens_at", "signup_closes_at", "required_skills"]
        field_classes = {"grid": GridChoiceField}
        widgets = {name: DateTimeInput() for name in ["starts_at", "ends_at", "signup_opens_at", "signup_closes_at"]}
        widgets["required_skills"] = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from volunteer.models import ProjectStatus, ServicePoint, ServiceProject

        self.fields["project"].queryset = scope.restrict(
            ServiceProject.objects.exclude(status=ProjectStatus.CLOSED), self.user)
        self.fields["grid"].queryset = scoped_grids(self.user)
        self.fields["service_point"].queryset = scope.restrict(ServicePoint.objects.filter(is_active=True), self.user)


class DeedForm(ScopedForm):
    class Meta:
        from volunteer.models import ServiceRecord

        model = ServiceRecord
        fields = ["member", "activity_line", "started_at", "ended_at", "place", "content", "beneficiary"]
        widgets = {"started_at": DateTimeInput(), "ended_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].widget = chooser_widget()
        self.fields["member"].queryset = scope.restrict(PartyMember.objects.active(), self.user)


class TeamForm(ScopedForm):
    class Meta:
        from volunteer.models import Team

        model = Team
        fields = ["name", "kind", "categories", "grid", "organization", "leader", "members", "brand_name",
                  "description", "target_hours_per_quarter", "target_people_per_quarter", "is_active"]
        field_classes = {"grid": GridChoiceField}
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = scope.restrict(PartyMember.objects.active(), self.user)
        self.fields["grid"].queryset = scoped_grids(self.user)
        self.fields["organization"].queryset = scoped_orgs(self.user)
        self.fields["leader"].widget = chooser_widget()
        self.fields["leader"].queryset = members
        self.fields["members"].queryset = members.select_related("home_grid")
        self.fields["members"].widget.attrs["size"] = 12


class ServicePointForm(ScopedForm):
    class Meta:
        from volunteer.models import ServicePoint

        model = ServicePoint
        fields = ["name", "kind", "grid", "address", "latitude", "longitude", "opening_hours",
                  "has_organization", "organization_evidence", "has_rules", "rules_evidence",
                  "has_team", "team_evidence", "has_activities", "activities_evidence", "is_active"]
        field_classes = {"grid": GridChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = scoped_grids(self.user)
