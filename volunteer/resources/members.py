"""党员名册 (G2): the roster staff keep in Excel."""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from volunteer import services
from volunteer.imports.cleaning import clean_id_number, clean_text
from volunteer.imports.widgets import ChoiceWidget, DateWidget, ScopedLookupWidget, TextWidget
from volunteer.models import Gender, Grid, MemberStatus, PartyMember, PartyOrganization
from volunteer.resources.base import EXAMPLE_MEMBER, ServiceResource, members_by_id_number, to_attributes
from volunteer.validators import normalize_id_card, normalize_mobile, validate_id_card, validate_mobile


class MemberResource(ServiceResource):
    """党员名册. The natural key is the ID-card number: importing the same roster twice changes nothing."""

    kind = "党员名册"
    example = {**EXAMPLE_MEMBER, "单位所在网格": "", "工作单位": ""}
    aliases = {
        "姓名": ["名字", "党员姓名"],
        "性别": [],
        "身份证号": ["身份证号码", "公民身份号码", "身份证"],
        "手机号": ["手机", "手机号码", "联系电话", "电话", "联系方式"],
        "所在党支部": ["党支部", "所在支部", "党组织", "所在党组织"],
        "居住地网格": ["居住网格", "网格", "居住地"],
        "单位所在网格": ["工作网格", "单位网格"],
        "党员状态": ["状态", "类别", "党员类别"],
        "工作单位": ["单位"],
        "入党日期": ["入党时间"],
    }

    name = Field(attribute="name", column_name="姓名", widget=TextWidget(required=True, label="姓名", name=True))
    gender = Field(attribute="gender", column_name="性别", widget=ChoiceWidget(Gender.choices, "性别", required=False))
    id_card = Field(attribute="id_card_masked", column_name="身份证号", readonly=True,
                    widget=TextWidget(required=True, label="身份证号"))
    mobile = Field(attribute="mobile", column_name="手机号", readonly=True, widget=TextWidget(required=True, label="手机号"))
    branch = Field(attribute="branch", column_name="所在党支部",
                   widget=ScopedLookupWidget(PartyOrganization.objects.all(), "所在党支部"))
    home_grid = Field(attribute="home_grid", column_name="居住地网格",
                      widget=ScopedLookupWidget(Grid.objects.all(), "居住地网格", name_fields=("label", "name")))
    work_grid = Field(attribute="work_grid", column_name="单位所在网格",
                      widget=ScopedLookupWidget(Grid.objects.all(), "单位所在网格", name_fields=("label", "name"),
                                                required=False))
    status = Field(attribute="status", column_name="党员状态", widget=ChoiceWidget(MemberStatus.choices, "党员状态"))
    work_unit = Field(attribute="work_unit", column_name="工作单位", widget=TextWidget())
    joined_party_on = Field(attribute="joined_party_on", column_name="入党日期", widget=DateWidget("入党日期"))

    class Meta(ServiceResource.Meta):
        model = PartyMember
        fields = ["name", "gender", "id_card", "mobile", "branch", "home_grid", "work_grid", "status", "work_unit",
                  "joined_party_on"]
        import_id_fields = []

    def before_import_row(self, row, **kwargs):
        try:
            row["身份证号"] = clean_id_number(row.get("身份证号"))
        except ValidationError as error:
            raise ValidationError({"id_card_masked": error.messages})
        if not clean_text(row.get("性别")) and len(row["身份证号"]) == 18 and row["身份证号"][16].isdigit():
            row["性别"] = "男" if int(row["身份证号"][16]) % 2 else "女"  # GB 11643: odd is male

    def import_instance(self, instance, row, **kwargs):
        """Report every bad cell of the row at once, the identifiers included (the service checks
        them again when saving)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.message_dict
        for attribute, column, validate in [("id_card_masked", "身份证号", validate_id_card),
                                            ("mobile", "手机号", validate_mobile)]:
            try:
                validate(row.get(column))
            except ValidationError as error:
                errors.setdefault(attribute, []).extend(error.messages)
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        """The members already on file, wherever they are: the row updates them (if in scope)."""
        super().before_import(dataset, **kwargs)
        self._existing = members_by_id_number(dataset["身份证号"])

    def get_instance(self, instance_loader, row):
        return self.remember(self._existing.get(normalize_id_card(row.get("身份证号"))))

    compared = ["name", "gender", "branch_id", "home_grid_id", "work_grid_id", "status", "work_unit", "joined_party_on"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """The phone is not a model field here (the service normalises it), so compare it too."""
        stored = getattr(instance, "_as_stored", None)
        return (stored is not None and normalize_mobile(row.get("手机号")) == instance.mobile
                and super().skip_row(instance, original, row, import_validation_errors))

    def save_with_service(self, instance, row, user):
        try:
            services.save_member(instance, user=user, id_card=row["身份证号"], mobile=row.get("手机号"))
        except ValidationError as error:
            raise ValidationError(to_attributes(error, {"id_card": "id_card_masked"}))
