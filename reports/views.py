"""The public verification page for 志愿服务证明: confirms a printed number and shows only the
masked name, hours and issuer."""

import re

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


# What a printed number can look like (ZYFW-2025-000001): anything else is a typing error.
NUMBER_SHAPE = re.compile(r"[A-Za-z0-9-]{1,32}")


def verify_lookup(request):
    number = (request.GET.get("number") or "").strip()
    if number and not NUMBER_SHAPE.fullmatch(number):
        return render(request, "reports/verify.html", {"status": "malformed", "number": number[:40]}, status=400)
    if number:
        return redirect("certificate_verify", number=number)
    return render(request, "reports/verify.html", {"status": "ask"})
