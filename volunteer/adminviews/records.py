"""志愿服务记录 in the admin: the approval queue with fraud flags, explicit decisions, admin-entered
deeds, and evaluation entry (党组织总评, 服务对象 by phone)."""

import django_filters
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from volunteer import formatting, services
from volunteer.adminviews.actions import Action, ObjectActionView, Section
from volunteer.adminviews.base import HoursColumn, ScopedModelViewSet
from volunteer.adminviews.forms import DeedForm
from volunteer.models import Appraisal, EvaluationRole, RecordSource, RecordStatus, ServiceRecord
from volunteer.people import person_name

SCORES = [(5, "5分 非常满意"), (4, "4分 满意"), (3, "3分 一般"), (2, "2分 不满意"), (1, "1分 很不满意")]


class RecordFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=RecordStatus.choices)
    flagged = django_filters.BooleanFilter(label="有风险提示", method="filter_flagged")
    is_deed = django_filters.BooleanFilter(label="为群众办实事")
    source = django_filters.ChoiceFilter(label="记录来源", choices=RecordSource.choices)

    class Meta:
        model = ServiceRecord
        fields = ["status", "flagged", "is_deed", "source"]

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.flagged() if value else queryset.filter(flags=[])


def flags_text(record):
    return "⚠ " + "、".join(record.flag_labels) if record.flags else "—"


class RecordDecisionView(ObjectActionView):
    model = ServiceRecord
    index_url_name = "records:index"
    index_label = "志愿服务记录"

    def get_details(self):
        r = self.object
        return [
            ("党员", r.member), ("状态", r.get_status_display()), ("风险提示", flags_text(r)),
            ("服务日期", formatting.local_date(r.service_date, with_year=True)),
            ("时间", f"{formatting.local_time(r.started_at)}–{formatting.local_time(r.ended_at)}"),
            ("服务时长", formatting.hours(r.hours)), ("活动", r.activity or "为群众办实事（不依托活动）"),
            ("活动类别", r.get_activity_line_display()), ("地点", r.place), ("服务内容", r.content),
            ("服务对象", r.beneficiary), ("来源", r.get_source_display()), ("记录人", person_name(r.recorder)),
            ("审核人", person_name(r.verifier)), ("审核意见", r.decision_note),
            ("服务对象评价链接", f"/e/{r.evaluation_token}/"),
        ]

    def get_actions(self):
        r = self.object
        done = set(r.evaluations.values_list("role", flat=True))
        actions = []
        if r.status == RecordStatus.PENDING:
            label = "审核意见（有风险提示，必填）" if r.flags else "审核意见（选填）"
            actions += [Action("approve", "审核通过", "note", label),
                        Action("reject", "驳回", "reason", "驳回原因", secondary=True)]
        if r.status == RecordStatus.APPROVED and EvaluationRole.ORGANIZATION not in done:
            actions.append(Action("evaluate_org", "党组织总评", "comment", "评语", choices=SCORES))
        if r.status != RecordStatus.REJECTED and EvaluationRole.BENEFICIARY not in done:
            actions.append(Action("evaluate_phone", "录入服务对象电话回访评价", "comment", "回访记录", choices=SCORES,
                                  secondary=True))
        return actions

    def get_sections(self):
        rows = [(e.get_role_display(), e.score, e.comment, "电话回访" if e.by_phone else (person_name(e.by) or "服务对象"), e.created_at)
                for e in self.object.evaluations.select_related("by")]
        return [Section("评价（一事一评）", ["评价方", "评分", "评语", "录入", "时间"], rows)]

    def perform(self, action, data):
        user, record = self.request.user, self.object
        if action == "approve":
            services.approve_record(record, user=user, note=data.get("note"))
            return "已审核通过"
        if action == "reject":
            services.reject_record(record, user=user, reason=data.get("reason"))
            return "已驳回"
        if action == "evaluate_org":
            services.evaluate(record, role=EvaluationRole.ORGANIZATION, score=data.get("choice"),
                              comment=data.get("comment", ""), user=user)
            return "已录入党组织总评"
        if action == "evaluate_phone":
            services.evaluate(record, role=EvaluationRole.BENEFICIARY, score=data.get("choice"),
                              comment=data.get("comment", ""), user=user, by_phone=True)
            return "已录入服务对象评价"
        raise ValidationError("未知的操作")


class RecordViewSet(ScopedModelViewSet):
    model = ServiceRecord
    icon = "doc-full"
    menu_label = "服务记录审核"
    name = "records"
    list_select_related = ("member", "activity")
    filterset_class = RecordFilterSet
    search_fields = ["member__name", "content", "beneficiary"]
    list_per_page = 50
    list_export = ["member", "service_date", "hours", "activity", "content", "beneficiary", "get_source_display",
                   "get_status_display", "decision_note"]
    export_headings = {"member": "党员", "service_date": "服务日期", "hours": "服务时长（小时）", "activity": "活动",
                       "content": "服务内容", "beneficiary": "服务对象", "get_source_display": "来源",
                       "get_status_display": "状态", "decision_note": "审核意见"}
    export_filename = "志愿服务记录"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("member", label="党员", url_name=self.get_url_name("decide")),
            DateColumn("service_date", label="服务日期"),
            HoursColumn("hours", label="时长（小时）"),
            Column("content", label="服务内容"),
            Column("flags", label="风险提示", accessor=flags_text),
            Column("get_status_display", label="状态"),
        ]

    def get_form_class(self, for_update=False):
        return DeedForm

    def save_service(self, instance, form, user):
        return services.record_deed(instance, user=user)

    def delete_service(self, instance, user):
        raise ValidationError("服务记录不能删除；有误请驳回")

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if getattr(p, "name", None) != "edit"]
        decide = RecordDecisionView.as_view()
        return patterns + [
            path("<str:pk>/decide/", decide, name="decide"),
            # Records are not edited: opening one means deciding on it.
            path("<str:pk>/edit/", decide, name="edit"),
        ]


class AppraisalViewSet(ScopedModelViewSet):
    """长期测评 results (read-only: computed by `compute_appraisals` from the records)."""

    model = Appraisal
    icon = "pick"
    menu_label = "长期测评"
    name = "appraisals"
    list_select_related = ("member",)
    search_fields = ["member__name"]
    list_filter = ["period_start"]
    list_export = ["member", "period_start", "period_end", "records", "hours", "self_score", "beneficiary_score",
                   "organization_score", "score"]
    export_headings = {"member": "党员", "period_start": "测评起", "period_end": "测评止", "records": "服务次数",
                       "hours": "服务时长（小时）", "self_score": "自评均分", "beneficiary_score": "服务对象均分",
                       "organization_score": "党组织均分", "score": "综合得分"}
    export_filename = "长期测评"
    list_display = [Column("member", label="党员"), DateColumn("period_start", label="测评起"),
                    DateColumn("period_end", label="测评止"), Column("records", label="服务次数"),
                    HoursColumn("hours", label="服务时长（小时）"), Column("score", label="综合得分")]
    form_fields = []

    def save_service(self, instance, form, user):
        raise ValidationError("长期测评由服务记录和评价自动计算，不能手工录入")

    def delete_service(self, instance, user):
        raise ValidationError("长期测评由系统计算，不能删除")
