"""导入 in the admin: upload → dry run listing every row's errors → confirm → all or nothing.
The pending file waits in default storage (not a temp folder: the confirm may reach another web
server), keyed by a one-time token tied to the user."""

import io
import uuid
from urllib.parse import quote

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from volunteer.adminviews.base import PermittedViewSet, escape_formula
from volunteer.imports import pending
from volunteer.imports.spreadsheet import MAX_UPLOAD_BYTES
from volunteer.resources import RESOURCES

PENDING_TTL = int(pending.TTL.total_seconds())
# Dry run and import each take about 1.7 ms a row: 20,000 rows stay well inside a request.
WEB_MAX_ROWS = 20_000


def may_import(user, kind):
    model = RESOURCES[kind]._meta.model._meta
    return user.has_perm(f"{model.app_label}.add_{model.model_name}")


def importable_kinds(user):
    return [kind for kind in RESOURCES if may_import(user, kind)]


class ImportMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = "批量导入"

    def dispatch(self, request, kind, *args, **kwargs):
        if kind not in RESOURCES:
            raise Http404("没有这种导入")
        self.resource_class = RESOURCES[kind]
        if not may_import(request.user, kind):
            raise PermissionDenied
        self.kind = kind
        return super().dispatch(request, kind, *args, **kwargs)

    def get_page_subtitle(self):
        return self.resource_class.kind

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": f"批量导入：{self.resource_class.kind}"}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [(kind, RESOURCES[kind].kind) for kind in importable_kinds(self.request.user)]
        return context


def start_view(request):
    """The menu entry: the first kind this person may import."""
    kinds = importable_kinds(request.user)
    if not kinds:
        raise PermissionDenied
    return redirect("imports:upload", kind=kinds[0])


class UploadView(ImportMixin, TemplateView):
    template_name = "volunteer/imports/upload.html"

    def post(self, request, kind):
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的文件")
            return self.get(request, kind)
        if upload.size > MAX_UPLOAD_BYTES:
            messages.error(request, f"文件过大（{upload.size / 1024 / 1024:.1f} MB），单次导入不超过 20 MB；请分批导入")
            return self.get(request, kind)
        content = upload.read()
        report = self.resource_class().run(content, upload.name, user=request.user, commit=False,
                                           max_rows=WEB_MAX_ROWS)
        token = ""
        if report.ok and report.total:
            token = uuid.uuid4().hex
            stored = default_storage.save(f"{pending.FOLDER}/{token}", ContentFile(content))
            handle = {"path": stored, "name": upload.name, "kind": kind, "user": request.user.pk}
            cache.set(f"import:{token}", handle, PENDING_TTL)
            if cache.get(f"import:{token}") != handle:
                # The cache (Redis) is away: the confirm could never find this upload. Say so now,
                # and do not leave the roster lying in media.
                default_storage.delete(stored)
                token = ""
                messages.error(request, "检查已完成，但暂时无法保存待确认的导入（缓存服务不可用），请稍后重新上传")
        return self.render_to_response(self.get_context_data(report=report, token=token, filename=upload.name))


class ConfirmView(ImportMixin, TemplateView):
    template_name = "volunteer/imports/upload.html"

    def post(self, request, kind):
        token = request.POST.get("token", "")
        pending = cache.get(f"import:{token}") if token.isalnum() else None
        if not pending or pending["user"] != request.user.pk or pending["kind"] != kind:
            messages.error(request, "导入已过期或已完成，请重新上传文件")
            return redirect("imports:upload", kind=kind)
        cache.delete(f"import:{token}")  # one confirm per upload, even on a double click
        with default_storage.open(pending["path"]) as f:
            content = f.read()
        report = self.resource_class().run(content, pending["name"], user=request.user, commit=True,
                                           max_rows=WEB_MAX_ROWS)
        default_storage.delete(pending["path"])
        if report.committed:
            messages.success(request, f"导入完成：新增 {report.new} 条，更新 {report.updated} 条，未变化 {report.skipped} 条")
            return redirect("imports:upload", kind=kind)
        return self.render_to_response(self.get_context_data(report=report, token="", filename=pending["name"]))


def xlsx_response(title, header, rows, filename):
    """A one-sheet workbook: bold text-formatted header, formula characters escaped."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([escape_formula(v) if isinstance(v, str) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def template_view(request, kind):
    """An xlsx with the header row and one example row."""
    if kind not in RESOURCES:
        raise Http404("没有这种导入")
    resource = RESOURCES[kind]
    return xlsx_response(resource.kind, list(resource.aliases), [[resource.example.get(c, "") for c in resource.aliases]],
                         f"{resource.kind}导入模板.xlsx")


class ImportViewSet(PermittedViewSet):
    name = "imports"
    icon = "upload"
    menu_label = "批量导入"
    url_prefix = "imports"

    @property
    def menu_url(self):
        return reverse("imports:start")

    def may_open(self, user):
        return bool(importable_kinds(user))

    def get_urlpatterns(self):
        return [
            path("", start_view, name="start"),
            path("<str:kind>/", UploadView.as_view(), name="upload"),
            path("<str:kind>/confirm/", ConfirmView.as_view(), name="confirm"),
            path("<str:kind>/template.xlsx", template_view, name="template"),
        ]
