"""志愿服务记录 (M4, O6): from staff sheets or a partner platform's export."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export.fields import Field

from volunteer import scope, services
from volunteer.imports.cleaning import clean_id_number, clean_name, clean_text
from volunteer.imports.widgets import ChoiceWidget, DateTimeWidget, HoursWidget, ScopedLookupWidget, TextWidget
from volunteer.models import Activity, ActivityLine, Grid, RecordStatus, ServiceRecord
from volunteer.resources.base import EXAMPLE_MEMBER, ServiceResource, members_by_id_number
from volunteer.validators import normalize_id_card


class RecordResource(ServiceResource):
    """志愿服务记录, from staff sheets or a partner platform's export (M4). The natural key is the
    member, the start time and the activity (or the content when there is none): a record already
    on file is skipped, never entered twice (O6)."""

    kind = "志愿服务记录"
    extra_headings = {"member": "身份证号", "activity": "活动名称"}
    example = {"姓名": EXAMPLE_MEMBER["姓名"], "身份证号": EXAMPLE_MEMBER["身份证号"], "开始时间": "2026-10-01 09:00",
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
        super().before_import(dataset, user=user, **kwargs)
        self._members = members_by_id_number(dataset["身份证号"], user)
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
