"""The public verification page for 志愿服务证明: confirms a printed number and shows only the
masked name, hours and issuer."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from reports import services
from reports.kinds.common import fmt_hours


@never_cache
def verify(request, number):
    certificate = services.verify(number)
    status = "unknown" if certificate is None else ("revoked" if certificate.is_revoked else "valid")
    context = {"number": number, "status": status}
    if status == "valid":
        context.update(masked_name=certificate.masked_name, hours=fmt_hours(certificate.hours),
                       issuer=certificate.issuer)
    # An unknown number answers 404, so a forged certificate's link is visibly not a page.
    return render(request, "reports/verify.html", context, status=404 if status == "unknown" else 200)


def verify_lookup(request):
    number = (request.GET.get("number") or "").strip()
    if number:
        return redirect("certificate_verify", number=number)
    return render(request, "reports/verify.html", {"status": "ask"})
