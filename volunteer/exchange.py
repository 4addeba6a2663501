"""Partner-platform exchange (M4): projects and service records in the column layout of the
national volunteer information system (全国志愿服务信息系统), which 常州志愿者心网 and the “益起来”
app also read. Records come back in through RecordResource, which reads these same columns."""

from django.utils import timezone

from volunteer import privacy, scope
from volunteer.models import RecordStatus, ServiceProject, ServiceRecord

RECORD_COLUMNS = ["序号", "志愿者姓名", "证件类型", "证件号码", "项目名称", "服务开始时间", "服务结束时间",
                  "服务时长（小时）", "服务内容", "服务地点", "记录单位"]
PROJECT_COLUMNS = ["项目名称", "服务类别", "项目发起组织", "项目负责人", "活动类别", "项目简介", "项目状态", "发布时间"]


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def record_rows(user, start=None, end=None):
    """Approved records in the user's scope. Full ID numbers only for those allowed to see them
    (and logged); others get masked numbers, which a partner cannot match."""
    records = scope.restrict(ServiceRecord.objects.filter(status=RecordStatus.APPROVED), user).select_related(
        "member", "activity__project", "grid").order_by("service_date", "pk")
    if start:
        records = records.filter(service_date__gte=start)
    if end:
        records = records.filter(service_date__lte=end)
    unmask = privacy.can_unmask(user)
    rows, shown = [], []
    for number, record in enumerate(records.iterator(chunk_size=2000), 1):
        member = record.member
        rows.append([number, member.name, "居民身份证", member.id_card_number if unmask else member.id_card_masked,
                     record.activity.project.name if record.activity_id else "", _local(record.started_at),
                     _local(record.ended_at), float(record.hours), record.content, record.place, record.grid.label])
        shown.append(member.pk)
    if unmask:
        privacy.log_unmasked(user, "partner_export", [], ids=sorted(set(shown)), detail="对接平台导出志愿服务记录")
    return RECORD_COLUMNS, rows


def project_rows(user):
    projects = scope.restrict(ServiceProject.objects.all(), user).select_related(
        "category", "organization", "responsible").order_by("pk")
    rows = [[p.name, p.category.name, p.organization.name, p.responsible.name, p.get_activity_line_display(),
             p.description, p.get_status_display(), _local(p.published_at)] for p in projects.iterator(chunk_size=2000)]
    return PROJECT_COLUMNS, rows
