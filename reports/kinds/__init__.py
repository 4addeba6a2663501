"""One module per report kind. Each has TEMPLATE and build(job, actor, name, target, progress) →
context. `build()` here re-applies the job's scope to the target before any kind runs."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from reports import params as report_params
from reports.kinds import (
    cards,
    certificate,
    compliance,
    coverage,
    ledger,
    market,
    monthly,
    ranking,
    signage,
    stars,
)
from reports.models import ReportKind
from volunteer import scope

MODULES = {
    ReportKind.CERTIFICATE: certificate,
    ReportKind.MONTHLY: monthly,
    ReportKind.COVERAGE: coverage,
    ReportKind.RANKING: ranking,
    ReportKind.STARS: stars,
    ReportKind.LEDGER: ledger,
    ReportKind.MARKET: market,
    ReportKind.COMPLIANCE: compliance,
    ReportKind.SIGNAGE: signage,
    ReportKind.CARDS: cards,
}

# Kinds that write while they build (certificates are numbered and recorded as they are issued):
# they read from the primary, never from a replica that may lag behind their own writes.
WRITING_KINDS = {ReportKind.CERTIFICATE}


def build(job, actor, progress):
    module = MODULES[job.kind]
    name, target = report_params.target(job.parameters)
    if name == "member":
        visible = scope.is_visible(actor, target)
    else:
        visible = scope.scope_for(actor).contains(report_params.target_grid(name, target))
    if not visible:
        raise ValidationError(f"{report_params.TARGET_LABELS[name]}“{target}”不在本任务的管辖范围内")
    context = {
        "title": job.title or ReportKind(job.kind).label,
        "kind_label": ReportKind(job.kind).label,
        "scope_label": scope.scope_for(actor).label,
        "generated_at": timezone.localtime(),
        "job": job,
    }
    context.update(module.build(job, actor, name, target, progress))
    return module.TEMPLATE, context
