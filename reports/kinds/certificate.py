"""志愿服务证明 (E9): one member, or every member of an organisation with approved service, as
one job and one PDF (a page each). Each certificate gets a number and a QR to /verify/."""

import re
from collections import Counter, defaultdict

from django.urls import reverse

from reports import services
from reports.kinds.common import fmt_hours, hours_by_member, in_period, member_records, members_of, year_range
from reports.render import absolute_url, qr_data_uri

TEMPLATE = "reports/pdf/certificate.html"
ISSUER_FIELDS = ("issuer", "person_in_charge", "handler", "contact", "notes")


SUMMARY_LIMIT = 300  # Certificate.content
# "上门探望独居老人（第3场）" is one session of 上门探望独居老人; a deed's content is named by its first phrase.
SESSION = re.compile(r"\s*[（(]第[^（）()]*[场次期批轮][）)]\s*$")
PHRASE_END = re.compile(r"[。；;，,！!？?]")


def service_name(activity_title, content):
    text = " ".join((activity_title or PHRASE_END.split(content, 1)[0]).split())
    return SESSION.sub("", text).strip() or "志愿服务"


def summary_text(counts, limit=SUMMARY_LIMIT):
    """"上门探望独居老人 3 次、政策宣讲 2 次": whole items, most frequent first; past the limit the
    list stops between items and says how many there are ("…等 7 项"), never mid-name."""
    items = [f"{name} {n} 次" for name, n in counts]
    text = "、".join(items)
    if len(text) <= limit:
        return text
    for shown in range(len(items) - 1, 0, -1):
        text = "、".join(items[:shown]) + f"等 {len(items)} 项"
        if len(text) <= limit:
            return text
    return f"{items[0]}等 {len(items)} 项"


def summaries(records):
    """Per member: the services by name with their counts, e.g. "上门探望独居老人 3 次、政策宣讲 2 次"."""
    names = defaultdict(Counter)
    rows = records.order_by("service_date", "pk").values_list("member", "activity__title", "content")
    for member_id, title, content in rows:
        names[member_id][service_name(title, content)] += 1
    return {member_id: summary_text(counts.most_common()) for member_id, counts in names.items()}


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
