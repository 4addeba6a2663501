"""Reports in the Wagtail admin: the job list (live progress), a request form per kind, download,
retry, and the certificate register with revocation. Every view goes through scope and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from reports import services
from reports.forms import ReportRequestForm
from reports.models import Certificate, JobStatus, ReportJob, ReportKind
from volunteer import scope
from volunteer.adminviews.base import add_service_errors

VIEW_PERM = "reports.view_reportjob"
REQUEST_PERM = "reports.add_reportjob"
REVOKE_PERM = "reports.change_certificate"
LIST_LIMIT = 100


def require(user, perm):
    """Staff with the permission and a grid scope (or all grids)."""
    current = scope.scope_for(user)
    if not user.has_perm(perm) or not (current.everything or current.node):
        raise PermissionDenied


def scoped_jobs(user):
    return scope.restrict(ReportJob.objects.select_related("requester", "scope_grid"), user)


def job_state(job):
    return {"id": job.pk, "status": job.status, "status_label": job.get_status_display(), "progress": job.progress,
            "error": job.error, "pages": job.pages,
            "download": reverse("reports:download", args=[job.pk]) if job.status == JobStatus.DONE and job.file else ""}


class ReportsMixin(WagtailAdminTemplateMixin):
    header_icon = "doc-full"
    permission = VIEW_PERM

    def dispatch(self, request, *args, **kwargs):
        require(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("reports:index"), "label": "报表中心"},
                                         {"url": "", "label": self.get_page_title()}]


class JobListView(ReportsMixin, TemplateView):
    template_name = "reports/admin/index.html"
    page_title = "报表中心"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = scoped_jobs(self.request.user)
        kind = self.request.GET.get("kind", "")
        if kind in ReportKind.values:
            jobs = jobs.filter(kind=kind)
        context.update(jobs=[(job, job_state(job)) for job in jobs[:LIST_LIMIT]], kinds=ReportKind.choices,
                       current_kind=kind, can_request=self.request.user.has_perm(REQUEST_PERM),
                       status_url=reverse("reports:status"), scope_label=scope.scope_for(self.request.user).label)
        return context


class RequestView(ReportsMixin, TemplateView):
    template_name = "reports/admin/request.html"
    permission = REQUEST_PERM

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if kwargs["kind"] not in ReportKind.values:
            raise Http404("未知的报表类型")
        self.kind = ReportKind(kwargs["kind"])

    def get_page_title(self):
        return f"生成{self.kind.label}"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=form or ReportRequestForm(kind=self.kind, user=self.request.user), kind=self.kind,
                       scope_label=scope.scope_for(self.request.user).label)
        return context

    def post(self, request, *args, **kwargs):
        form = ReportRequestForm(request.POST, kind=self.kind, user=request.user)
        if form.is_valid():
            try:
                job = services.request_report(self.kind, form.raw_parameters(), user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"已提交：{job.title}，生成后可在列表中下载")
                return redirect("reports:index")
        return self.render_to_response(self.get_context_data(form=form))


def status(request):
    """The progress bar's data: states of the listed jobs the user may see."""
    require(request.user, VIEW_PERM)
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdigit()][:LIST_LIMIT]
    return JsonResponse({"jobs": [job_state(job) for job in scoped_jobs(request.user).filter(pk__in=ids)]})


def download(request, pk):
    require(request.user, VIEW_PERM)
    job = get_object_or_404(scoped_jobs(request.user), pk=pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404("文件尚未生成")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=f"{job.title or job.kind}.pdf",
                        content_type="application/pdf")


@require_POST
def retry(request, pk):
    require(request.user, REQUEST_PERM)
    job = get_object_or_404(scoped_jobs(request.user), pk=pk)
    try:
        services.retry_job(job, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已重新提交：{job}")
    return redirect("reports:index")


class CertificateListView(ReportsMixin, TemplateView):
    template_name = "reports/admin/certificates.html"
    page_title = "志愿服务证明登记"
    permission = "reports.view_certificate"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificates = scope.restrict(Certificate.objects.all(), self.request.user)
        query = self.request.GET.get("q", "").strip()
        if query:
            certificates = certificates.filter(number__icontains=query) | certificates.filter(name__icontains=query)
        context.update(certificates=certificates.order_by("-pk")[:LIST_LIMIT], query=query,
                       can_revoke=self.request.user.has_perm(REVOKE_PERM))
        return context


@require_POST
def revoke(request, pk):
    require(request.user, REVOKE_PERM)
    certificate = get_object_or_404(scope.restrict(Certificate.objects.all(), request.user), pk=pk)
    try:
        services.revoke_certificate(certificate, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已撤销证明 {certificate.number}")
    return redirect("reports:certificates")
