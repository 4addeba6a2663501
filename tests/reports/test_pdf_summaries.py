"""What the PDFs say and draw: a certificate's 服务内容 names whole services with their counts
(never cut mid-phrase), and a bar chart's scale runs from 0 to a round top above its largest bar."""

import re

from reports.kinds.certificate import summary_text
from reports.models import Certificate
from reports.render import bar_chart, nice_scale
from tests.reports.conftest import flat, pdf_text


def test_certificate_content_counts_whole_services_by_name(loop, serve, run_report):
    member = loop.d.member_a1
    for n in range(1, 4):
        serve(member, hours=1, content=f"上门探望独居老人（第{n}次），陪老人聊天并检查燃气")
    for _ in range(2):
        serve(member, hours=1, content="政策宣讲。讲解城乡居民医保缴费")
    job = run_report("certificate", {"member": member.pk}, loop.d.community_admin)
    text, _ = pdf_text(job)
    assert "上门探望独居老人3次、政策宣讲2次" in flat(text)
    assert "（第" not in text


def test_a_long_service_list_stops_between_whole_items_and_says_how_many(loop, serve, run_report):
    member = loop.d.member_a1
    names = [f"社区第{n:02d}号楼道环境整治与垃圾分类督导宣传服务" for n in range(1, 16)]
    for name in names:
        serve(member, hours=1, days_ago=3, content=name)
    job = run_report("certificate", {"member": member.pk}, loop.d.community_admin)
    text, _ = pdf_text(job)
    assert "等15项" in flat(text)
    content = Certificate.objects.get(job=job).content
    assert len(content) <= 300 and content.endswith("等 15 项")
    shown = content.removesuffix("等 15 项").split("、")
    assert all(item.removesuffix(" 1 次") in names for item in shown), shown


def test_summary_text_never_cuts_an_item():
    counts = [(f"服务项目{n:03d}", 30 - n) for n in range(30)]
    text = summary_text(counts, limit=60)
    assert len(text) <= 60 and text.endswith("等 30 项")
    assert all(re.fullmatch(r"服务项目\d{3} \d+ 次", item) for item in text.removesuffix("等 30 项").split("、"))
    assert summary_text([("政策宣讲", 2)]) == "政策宣讲 2 次"


def test_bar_scale_starts_at_zero_and_tops_the_largest_value():
    for largest in [0.01, 0.3, 1, 3, 7.5, 10, 12.5, 99, 101, 1234]:
        ticks = nice_scale(largest)
        assert ticks[0] == 0 and ticks[-1] >= largest and len(ticks) <= 7, (largest, ticks)
        assert ticks[-1] < largest * 2 or largest < 1
    assert nice_scale(0) == [0, 1]


def test_the_bar_chart_axis_labels_reach_above_the_tallest_bar():
    import base64

    uri = bar_chart("服务时长", ["生活照料", "文明实践", "办实事"], [("服务时长", [7.5, 3.25, 0.5])])
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    axis = re.search(r'<g class="axis y[^"]*">(.*?)</g>\s*</g>', svg, re.S) or re.search(r'class="axis y.*', svg, re.S)
    labels = [float(v) for v in re.findall(r'<text[^>]*>([\d.]+)</text>', axis.group(0))]
    assert labels and min(labels) == 0 and max(labels) >= 7.5


def test_the_status_chart_has_no_zero_radius_arcs_that_the_pdf_draws_as_wedges():
    import base64

    from reports.render import pie_chart

    uri = pie_chart("本月群众需求办理状态", [("待受理", 6), ("已受理", 6), ("服务中", 4), ("已办结", 0)])
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    slices = re.findall(r'<path d="([^"]+)"[^>]*class="slice', svg)
    assert len(slices) == 3
    radii = [float(r) for path in slices for r in re.findall(r"A([\d.]+) ", path)]
    assert radii and min(radii) > 0
