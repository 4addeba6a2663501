"""服务承诺 export: both formats carry the rows (the branch through a path Wagtail's exporter can
follow), and no admin export names a field in a form the exporter cannot follow."""

import csv
import io

import pytest
from django.urls import reverse

from volunteer import services
from volunteer.models import ServiceCommitment


@pytest.fixture
def commitments(d):
    for member, text in [(d.member_a1, "每月为独居老人理发一次"), (d.member_a2, "每周陪伴留守儿童读书")]:
        services.save_commitment(ServiceCommitment(member=member, year=2026, content=text, is_public=True),
                                 user=d.district_admin)


def test_csv_export_has_the_rows(d, login, commitments):
    response = login(d.district_admin).get(reverse("commitments:index") + "?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["党员", "所在党支部", "承诺年度"]
    body = {tuple(r[:4]) for r in rows[1:]}
    assert body == {("张三丰", "甲一社区党支部", "2026", "每月为独居老人理发一次"),
                    ("李四海", "甲二社区党支部", "2026", "每周陪伴留守儿童读书")}


def test_xlsx_export_has_the_rows(d, login, commitments):
    from openpyxl import load_workbook

    response = login(d.district_admin).get(reverse("commitments:index") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0][:2] == ("党员", "所在党支部")
    assert {r[:4] for r in rows[1:]} == {("张三丰", "甲一社区党支部", 2026, "每月为独居老人理发一次"),
                                         ("李四海", "甲二社区党支部", 2026, "每周陪伴留守儿童读书")}


def test_no_admin_export_uses_a_lookup_the_exporter_cannot_follow():
    """Wagtail's exporter follows "a.b" (multigetattr), not Django's "a__b"."""
    from wagtail.admin.viewsets import viewsets

    exports = {vs.name: vs.list_export for vs in viewsets.viewsets
               if isinstance(getattr(vs, "list_export", None), (list, tuple))}
    assert "commitments" in exports
    assert [(name, f) for name, fields in exports.items() for f in fields if "__" in f] == []
