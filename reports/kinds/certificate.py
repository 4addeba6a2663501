"""志愿服务证明 (E9): one member, or every member of an organisation with approved service, as
one job and one PDF (a page each). Each certificate gets a number and a QR to /verify/."""

from collections import Counter, defaultdict

from django.urls import reverse

from reports import services
from reports.kinds.common import fmt_hours, hours_by_member, in_period, member_records, members_of, year_range
from reports.render import absolute_url, qr_data_uri
from volunteer.models import ActivityLine

TEMPLATE = "reports/pdf/certificate.html"
ISSUER_FIELDS = ("issuer", "person_in_charge", "handler", "contact", "notes")


def summaries(records):
    """Per member: "我为群众办一事3次、…；主要包括：修水管、探望老人" (≤300 characters)."""
    lines, contents = defaultdict(Counter), defaultdict(list)
    for member_id, line, content in records.order_by("service_date", "pk").values_list("member", "activity_line", "content"):
        lines[member_id][line] += 1
        text = " ".join(content.split())[:30]
        if text and text not in contents[member_id] and len(contents[member_id]) < 5:
            contents[member_id].append(text)
    result = {}
    for member_id, counts in lines.items():
        parts = "、".join(f"{ActivityLine(line).label}{n}次" for line, n in counts.most_common())
        main = "、".join(contents[member_id])
        result[member_id] = (f"{parts}；主要包括：{main}" if main else parts)[:300]
    return result


def build(job, actor, name, target, progress):
    params = job.parameters
    start, end = year_range(params["year"]) if params.get("year") else (None, None)
    members = members_of(actor, name, target).order_by("name", "pk")
    records = in_period(member_records(members), start, end)
    totals = hours_by_member(records)
    members = [m for m in members if m.pk in totals]  # no service, no certificate
    texts = summaries(records.filter(member__in=[m.pk for m in members]))
    grid = job.scope_grid if name == "member" and job.scope_grid_id else (
        target.home_grid if name == "member" else target.grid)
    issued = []
    for i, member in enumerate(members):
        facts = dict(hours=totals[member.pk]["h"], records=totals[member.pk]["n"], content=texts.get(member.pk, ""),
                     period_start=start, period_end=end, **{f: params.get(f, "") for f in ISSUER_FIELDS})
        certificate = services.issue_certificate(member, facts, job=job, grid=grid)
        issued.append({
            "c": certificate, "hours": fmt_hours(certificate.hours),
            "qr": qr_data_uri(absolute_url(reverse("certificate_verify", args=[certificate.number]))),
        })
        if i % 20 == 0:
            progress(10 + 70 * i // max(len(members), 1))
    return {"certificates": issued, "period": f"{params['year']}年度" if params.get("year") else "",
            "empty_reason": "所选范围内没有已审核的志愿服务记录，未出具证明。"}
