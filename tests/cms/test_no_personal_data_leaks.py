"""A crawl of the public site and the APIs as an anonymous visitor, over the full demo district:
no member's ID-card number or mobile, no resident's phone, anywhere (PIPL; issue 9)."""

import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.test import Client
from stdnum.cn import ric

from reports import services as report_services
from volunteer.models import Demand, PartyMember, ServiceRecord

ID_LIKE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
HREF = re.compile(r'(?:href|src)="([^"#]+)"')
SKIP = ("/admin/", "/documents/", "/static/", "/media/", "/portal/logout/")


def personal_values():
    values = set()
    for number, mobile in ((m.id_card_number, m.mobile) for m in PartyMember.objects.all()):
        values |= {number, mobile}
    values |= set(Demand.objects.values_list("resident_phone", flat=True))
    return values


def crawl(client, starts, limit=400):
    seen, queue, pages = set(), deque(starts), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        body = response.content.decode("utf-8", "replace") if response.get("Content-Type", "").startswith(
            ("text/", "application/json", "application/rss", "application/xml", "application/vnd.oai")) else ""
        pages[url] = (response.status_code, body)
        for link in HREF.findall(body):
            target = urlparse(urljoin("http://testserver" + url, link.replace("&amp;", "&")))
            if target.netloc in ("testserver", "localhost") and target.path:
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


@pytest.mark.django_db
def test_anonymous_visitors_see_no_id_numbers_or_phones():
    call_command("seed_demo", "--no-accounts", verbosity=0, stdout=open("/dev/null", "w"))
    record = ServiceRecord.objects.filter(status="approved").select_related("member", "grid").first()
    certificate = report_services.issue_certificate(
        record.member, {"hours": record.hours, "records": 1, "content": record.content[:300], "issuer": "青禾区委组织部",
                        "person_in_charge": "周明", "handler": "李华", "contact": "0519-88880000"}, grid=record.grid)
    client = Client()
    starts = ["/", "/search/?q=志愿", "/search/?q=社区", "/demand/", "/demand/status/", "/sitemap.xml",
              "/stories/feed/", f"/verify/{certificate.number}/", "/verify/",
              "/api/v2/pages/?fields=*&limit=100", "/api/v2/images/?limit=100", "/api/v2/documents/",
              "/api/v2/pages/?type=publicity.StoryPage&fields=*", "/api/v2/pages/?type=publicity.CommitmentWallPage&fields=*",
              "/api/v2/pages/?type=publicity.ServiceBrandPage&fields=*", "/api/v1/members/", "/api/v1/demands/",
              "/api/v1/records/", "/api/v1/schema/"]
    from wagtail.models import Page

    starts += [f"/api/v2/pages/{pk}/" for pk in Page.objects.live().values_list("pk", flat=True)]
    pages = crawl(client, starts)
    assert len(pages) > 60 and sum(1 for status, _ in pages.values() if status == 200) > 50
    assert pages[f"/verify/{certificate.number}/"][0] == 200
    # The crawl reached every kind of public page, not just the home page.
    assert {"/stories/", "/brands/", "/commitments/"} <= set(pages)
    assert any(u.startswith("/stories/") and len(u.strip("/").split("/")) == 2 for u in pages)  # a story
    secrets = personal_values()
    leaks = {}
    for url, (_, body) in pages.items():
        found = {value for value in secrets if value and value in body}
        found |= {m for m in ID_LIKE.findall(body) if ric.is_valid(m.upper())}
        if found:
            leaks[url] = sorted(found)[:3]
    assert leaks == {}
    # The API's personal endpoints ask for a login instead of answering.
    assert {pages[u][0] for u in ["/api/v1/members/", "/api/v1/demands/", "/api/v1/records/"]} == {401}
