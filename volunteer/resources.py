"""django-import-export resources: the columns staff keep in Excel for each kind of record, the
headers they use for them, and the service function that saves each row (same rules and scope
as the admin screens)."""

import datetime
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult

from volunteer import scope, services
from volunteer.imports.cleaning import clean_id_number, clean_name, clean_text
from volunteer.imports.spreadsheet import read_rows
from volunteer.imports.widgets import (
    ChoiceWidget,
    DateTimeWidget,
    DateWidget,
    HoursWidget,
    ScopedLookupWidget,
    TextWidget,
)
from volunteer.models import (
    Activity,
    ActivityLine,
    Gender,
    Grid,
    MemberStatus,
    PartyMember,
    PartyOrganization,
    RecordStatus,
    ServiceRecord,
)
from volunteer.validators import normalize_id_card, normalize_mobile, validate_id_card, validate_mobile


@dataclass
class ImportReport:
    kind: str
    total: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (sheet row, column heading or "", message)
    committed: bool = False

    @property
    def ok(self):
        return not self.errors

    def messages(self):
        return [f"第 {row} 行{f'“{column}”' if column else ''}：{message}" for row, column, message in self.errors]


class ServiceResource(resources.ModelResource):
    """Rows go through a service function; errors come back named by sheet row and column."""

    kind = ""
    example = {}
    # column heading → the other headers staff use for it
    aliases = {}

    class Meta:
        skip_diff = True  # each resource compares what it imports in skip_row, without a deep copy per row
        clean_model_instances = False  # the service validates

    def save_with_service(self, instance, row, user):
        raise NotImplementedError

    def save_instance(self, instance, is_create, row, **kwargs):
        self.save_with_service(instance, row, kwargs["user"])

    # Error keys from services that are not import fields, and the column they concern.
    extra_headings = {}

    def headings(self):
        return {f.attribute: f.column_name for f in self.get_import_fields()} | {"__all__": ""} | self.extra_headings

    def run(self, content, filename, *, user, commit):
        """Dry run (commit=False) or the real thing; either way all rows or none."""
        report = ImportReport(kind=self.kind)
        try:
            columns, rows = read_rows(content, filename, self.aliases)
        except ValidationError as error:
            report.errors.append((0, "", error.messages[0]))
            return report
        missing = [c for c in self.required_columns() if c not in columns]
        if missing:
            report.errors.append((0, "", f"缺少必填列：{'、'.join(missing)}"))
            return report
        dataset = tablib.Dataset(headers=list(self.aliases))
        numbers = []
        for number, values in rows:
            dataset.append([values.get(c) for c in self.aliases])
            numbers.append(number)
        report.total = len(numbers)
        with transaction.atomic():
            result = self.import_data(dataset, dry_run=not commit, use_transactions=True,
                                      rollback_on_validation_errors=True, user=user)
            headings = self.headings()
            for invalid in result.invalid_rows:
                for attribute, messages in invalid.error_dict.items():
                    for message in messages:
                        report.errors.append((numbers[invalid.number - 1], headings.get(attribute, attribute), message))
            for error in result.base_errors:
                report.errors.append((0, "", f"无法导入：{error.error}"))
            for number, errors in result.row_errors():
                for error in errors:
                    report.errors.append((numbers[number - 1], "", f"无法导入：{error.error}"))
            totals = result.totals
            report.new = totals[RowResult.IMPORT_TYPE_NEW]
            report.updated = totals[RowResult.IMPORT_TYPE_UPDATE]
            report.skipped = totals[RowResult.IMPORT_TYPE_SKIP]
            report.errors.sort(key=lambda e: e[0])
            if report.errors or not commit:
                transaction.set_rollback(True)
            else:
                report.committed = True
        return report

    def required_columns(self):
        return [f.column_name for f in self.get_import_fields() if getattr(f.widget, "required", False)]


class MemberResource(ServiceResource):
    """党员名册. The natural key is the ID-card number: importing the same roster twice changes nothing."""

    kind = "党员名册"
    example = {"姓名": "张三", "性别": "男", "身份证号": "320412197506150011", "手机号": "13800000000",
               "所在党支部": "朝阳社区党支部", "居住地网格": "春江街道·朝阳社区·第一网格", "单位所在网格": "",
               "党员状态": "离退休", "工作单位": "", "入党日期": "2001-07-01"}
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
        """One query per thousand rows finds the members already on file (not one per row)."""
        from volunteer import privacy

        hashes = {}
        for value in dataset["身份证号"]:
            try:
                number = normalize_id_card(clean_id_number(value))
            except ValidationError:
                continue
            if number:
                hashes[privacy.lookup_hash(number)] = number
        self._existing = {}
        keys = list(hashes)
        for start in range(0, len(keys), 1000):
            for member in PartyMember.objects.filter(id_card_hash__in=keys[start:start + 1000]).order_by():
                self._existing[hashes[member.id_card_hash]] = member

    def get_instance(self, instance_loader, row):
        member = self._existing.get(normalize_id_card(row.get("身份证号")))
        if member is not None:
            member._as_stored = {f: getattr(member, f) for f in self.COMPARED}
        return member

    COMPARED = ["name", "gender", "mobile", "branch_id", "home_grid_id", "work_grid_id", "status", "work_unit",
                "joined_party_on"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped, so importing the same roster twice writes nothing."""
        stored = getattr(instance, "_as_stored", None)
        if stored is None or import_validation_errors:
            return False
        return (normalize_mobile(row.get("手机号")) == stored["mobile"]
                and all(getattr(instance, f) == stored[f] for f in self.COMPARED if f != "mobile"))

    def save_with_service(self, instance, row, user):
        try:
            services.save_member(instance, user=user, id_card=row["身份证号"], mobile=row.get("手机号"))
        except ValidationError as error:
            raise ValidationError(_to_attributes(error, {"id_card": "id_card_masked"}))


def _to_attributes(error, renames):
    if not hasattr(error, "error_dict"):
        return error
    return {renames.get(k, k): v for k, v in error.message_dict.items()}


class RecordResource(ServiceResource):
    """志愿服务记录, from staff sheets or a partner platform's export (M4). The natural key is the
    member, the start time and the activity (or the content when there is none): a record already
    on file is skipped, never entered twice (O6)."""

    kind = "志愿服务记录"
    extra_headings = {"member": "身份证号", "activity": "活动名称"}
    example = {"姓名": "张三", "身份证号": "320412197506150011", "开始时间": "2026-10-01 09:00",
               "结束时间": "2026-10-01 11:30", "服务时长": 2.5, "服务地点": "朝阳社区党群服务中心",
               "服务内容": "为独居老人上门理发", "活动名称": "", "服务网格": "", "活动类别": "我为群众办一事", "服务对象": "独居老人"}
    aliases = {
        "姓名": ["志愿者姓名", "党员姓名", "名字"],
        "身份证号": ["证件号码", "身份证号码", "公民身份号码", "身份证"],
        "开始时间": ["服务开始时间", "开始"],
        "结束时间": ["服务结束时间", "结束"],
        "服务时长": ["服务时长（小时）", "服务时长(小时)", "时长", "志愿服务时长", "时长（小时）"],
        "服务地点": ["地点"],
        "服务内容": ["内容", "服务内容简述"],
        "活动名称": ["项目名称", "服务项目名称", "活动"],
        "服务网格": ["网格"],
        "活动类别": ["类别"],
        "服务对象": ["服务对象（群众）"],
    }

    started_at = Field(attribute="started_at", column_name="开始时间", widget=DateTimeWidget("开始时间", required=True))
    ended_at = Field(attribute="ended_at", column_name="结束时间", widget=DateTimeWidget("结束时间", required=True))
    hours = Field(attribute="hours", column_name="服务时长", widget=HoursWidget())
    place = Field(attribute="place", column_name="服务地点", widget=TextWidget(required=True, label="服务地点"))
    content = Field(attribute="content", column_name="服务内容", widget=TextWidget(required=True, label="服务内容"))
    grid = Field(attribute="grid", column_name="服务网格",
                 widget=ScopedLookupWidget(Grid.objects.all(), "服务网格", name_fields=("label", "name"), required=False))
    activity_line = Field(attribute="activity_line", column_name="活动类别",
                          widget=ChoiceWidget(ActivityLine.choices, "活动类别", required=False))
    beneficiary = Field(attribute="beneficiary", column_name="服务对象", widget=TextWidget())

    class Meta(ServiceResource.Meta):
        model = ServiceRecord
        fields = ["started_at", "ended_at", "hours", "place", "content", "grid", "activity_line", "beneficiary"]
        import_id_fields = []

    def required_columns(self):
        return ["身份证号", *super().required_columns()]

    def before_import(self, dataset, user=None, **kwargs):
        self._members = _members_by_id_number(dataset["身份证号"], user)
        self._activities = {}

    def import_instance(self, instance, row, user=None, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, user=user, **kwargs)
        except ValidationError as error:
            errors = error.message_dict
        try:
            instance.member = self._member(row)
        except ValidationError as error:
            errors.setdefault("member", []).extend(error.messages)
        title = clean_text(row.get("活动名称"))
        if title and instance.started_at:
            found = self._activity(title, instance.started_at, user)
            if isinstance(found, str):
                errors.setdefault("activity", []).append(found)
            else:
                instance.activity = found
        if errors:
            raise ValidationError(errors)

    def _member(self, row):
        try:
            number = normalize_id_card(clean_id_number(row.get("身份证号")))
        except ValidationError as error:
            raise ValidationError(error.messages)
        member = self._members.get(number)
        if member is None:
            raise ValidationError(f"身份证号 {number[:6]}…{number[-4:]} 不在党员名册中或不在您的管辖范围内")
        name = clean_name(row.get("姓名"))
        if name and name != member.name:
            raise ValidationError(f"姓名“{name}”与名册中该身份证号的党员“{member.name}”不符")
        return member

    def _activity(self, title, started_at, user):
        from django.utils import timezone

        day = timezone.localtime(started_at).date()
        if (title, day) not in self._activities:
            # Staff write the activity's title; partner exports carry the project's name.
            found = list(scope.restrict(Activity.objects.select_related("project", "grid"), user)
                         .filter(Q(title=title) | Q(project__name=title), starts_at__date=day)[:2])
            self._activities[(title, day)] = found[0] if len(found) == 1 else (
                f"当天有多个名为“{title}”的活动，请核对" if found else f"{day:%Y年%m月%d日}没有名为“{title}”的活动")
        return self._activities[(title, day)]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Already on file (O6): same member, same start, same activity — or same content."""
        if import_validation_errors or not instance.member_id or not instance.started_at:
            return False
        # Spreadsheets and partner exports keep minutes, not seconds: the same minute is the same start.
        minute = instance.started_at.replace(second=0, microsecond=0)
        same = ServiceRecord.objects.filter(member=instance.member, started_at__gte=minute,
                                            started_at__lt=minute + datetime.timedelta(minutes=1),
                                            status__in=[RecordStatus.PENDING, RecordStatus.APPROVED])
        same = same.filter(activity=instance.activity) if instance.activity_id else same.filter(
            activity__isnull=True, content=instance.content)
        return same.exists()

    def save_with_service(self, instance, row, user):
        services.import_record(instance, user=user)


def _members_by_id_number(values, user):
    """{ID number: member} for the members the importer can see, one query per thousand."""
    from volunteer import privacy

    hashes = {}
    for value in values:
        try:
            number = normalize_id_card(clean_id_number(value))
        except ValidationError:
            continue
        if number:
            hashes[privacy.lookup_hash(number)] = number
    found, keys = {}, list(hashes)
    visible = scope.restrict(PartyMember.objects.select_related("home_grid", "work_grid"), user).order_by()
    for start in range(0, len(keys), 1000):
        for member in visible.filter(id_card_hash__in=keys[start:start + 1000]):
            found[hashes[member.id_card_hash]] = member
    return found


RESOURCES = {"members": MemberResource, "records": RecordResource}
