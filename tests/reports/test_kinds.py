"""Each report kind renders a PDF whose text (pypdf) holds the expected Chinese; an empty scope
renders a valid PDF that says 暂无数据."""

import pytest
from django.utils import timezone

from reports.kinds import monthly
from tests.factories import make_grid
from tests.reports.conftest import flat, pdf_text
from volunteer import services
from volunteer.models import Demand, EntryKind, EvaluationRole, PointKind, Reward, ServicePoint, Team, Unit


@pytest.fixture
def month_of(serve, loop):
    """Records for three people and their month (a record's date, so the test never straddles a month)."""
    records = [serve(loop.d.member_a1, hours=3, content="整治楼道杂物"), serve(loop.volunteers[0], hours=2),
               serve(loop.volunteers[1], hours=1.5)]
    return records, records[0].service_date.strftime("%Y-%m")


def test_monthly_grid_report_has_figures_charts_tables_and_roster(loop, month_of, run_report):
    d = loop.d
    records, month = month_of
    demand = loop.demand()
    Demand.objects.filter(pk=demand.pk).update(created_at=timezone.make_aware(
        timezone.datetime.combine(records[0].service_date, timezone.datetime.min.time())))
    services.save_team(Team(name="甲一银龄服务队", kind="specialty", grid=d.comm_a1, leader=loop.volunteers[0],
                            target_hours_per_quarter=100), user=d.superuser, members=loop.volunteers[:2])
    services.evaluate(records[0], role=EvaluationRole.ORGANIZATION, score=5, user=d.superuser)
    job = run_report("monthly", {"grid": d.comm_a1.pk, "month": month}, d.community_admin)
    text, pages = pdf_text(job)
    compact = flat(text)
    for expected in ["月度报表", "总体情况", "在册党员", "本月服务时长6.5小时", "群众需求", "待受理", "服务评价",
                     "党组织总评", "服务队伍目标完成情况", "甲一银龄服务队", "本月服务时长前3名", "张三丰", "陈一",
                     "党员服务明细", "赵六合", "第1页/共", "甲一社区"]:
        assert expected in compact, expected
    assert "王五岳" not in compact  # lives and works outside 甲一社区
    assert pages >= 2


def test_monthly_report_embeds_pygal_svg_charts(loop, month_of, run_report, monkeypatch):
    records, month = month_of
    captured = {}
    real = monthly.build

    def spy(*args):
        captured.update(real(*args))
        return captured

    monkeypatch.setattr(monthly, "build", spy)
    job = run_report("monthly", {"grid": loop.d.town_a.pk, "month": month}, loop.d.town_admin)
    pdf_text(job)
    assert captured["line_chart"].startswith("data:image/svg+xml;base64,")
    assert captured["child_chart"] and [r["name"] for r in captured["child_rows"]] == ["甲一社区", "甲二社区"]


def test_monthly_report_for_an_organisation(loop, month_of, run_report):
    _, month = month_of
    job = run_report("monthly", {"organization": loop.d.org_a1.pk, "month": month}, loop.d.community_admin)
    text, _ = pdf_text(job)
    assert "甲一社区党支部" in flat(text) and "陈一" in text and "赵六合" not in text


def test_coverage_roster_names_who_has_not_served_or_done_a_deed(loop, serve, run_report):
    d = loop.d
    serve(loop.volunteers[0])
    job = run_report("coverage", {"organization": d.org_a1.pk, "year": timezone.localdate().year}, d.community_admin)
    compact = flat(pdf_text(job)[0])
    for expected in ["全覆盖未参与名单", "尚未参加义工服务", "尚未为群众办实事", "陈二", "陈三", "张三丰", "25.0%"]:
        assert expected in compact, expected
    assert "陈一" not in compact


def test_unit_ranking_orders_organisations_by_results(loop, serve, run_report):
    d = loop.d
    serve(d.member_a2, hours=5)
    job = run_report("ranking", {"grid": d.town_a.pk, "year": timezone.localdate().year}, d.town_admin)
    compact = flat(pdf_text(job)[0])
    assert "单位排名" in compact and "综合得分" in compact
    # 甲二 (its one member served) ranks above 甲一 (one of four served nothing yet).
    assert compact.index("甲二社区党支部") < compact.index("甲一社区党支部")
    assert "乙一村党总支" not in compact


def test_star_roster(loop, run_report):
    d = loop.d
    type(d.member_a1).objects.filter(pk=d.member_a1.pk).update(star_level=3)
    type(d.member_a1).objects.filter(pk=loop.volunteers[0].pk).update(star_level=1)
    job = run_report("stars", {"grid": d.comm_a1.pk}, d.community_admin)
    compact = flat(pdf_text(job)[0])
    assert "星级党员义工名册" in compact and "3星级" in compact and "1星级" in compact
    assert compact.index("张三丰") < compact.index("陈一") and "陈二" not in compact


def test_points_ledger_statement(loop, run_report):
    d = loop.d
    services.post(d.member_a1, Unit.POINTS, 50, kind=EntryKind.ADJUST, source="test", key="t:1", note="春节慰问补录")
    services.post(d.member_a1, Unit.POINTS, -20, kind=EntryKind.ADJUST, source="test", key="t:2", note="更正")
    job = run_report("ledger", {"member": d.member_a1.pk, "month": timezone.localdate().strftime("%Y-%m")},
                     d.community_admin)
    compact = flat(pdf_text(job)[0])
    for expected in ["积分账户对账单", "张三丰", "期初余额0.00", "本期获得50.00", "本期使用20.00", "期末余额30.00", "人工调整",
                     "春节慰问补录"]:
        assert expected in compact, expected


def test_market_monthly_statement(loop, run_report):
    d = loop.d
    reward = services.save_reward(Reward(name="爱心大米", points_price=10, store=loop.point), user=d.superuser)
    services.restock(reward, 20, user=d.superuser, key="stock:1")
    services.post(d.member_a1, Unit.POINTS, 100, kind=EntryKind.ADJUST, source="test", key="t:1")
    services.redeem(d.member_a1, loop.point, [(reward, 3)], user=d.superuser, key="r:1")
    job = run_report("market", {"point": loop.point.pk, "month": timezone.localdate().strftime("%Y-%m")},
                     d.community_admin)
    compact = flat(pdf_text(job)[0])
    for expected in ["爱心超市月度报表", "完成兑换1单、30.00积分", "商品进销存", "爱心大米", "兑换明细", "张三丰", "已兑换"]:
        assert expected in compact, expected


def test_service_point_compliance_shows_the_gaps(loop, run_report):
    d = loop.d
    services.save_service_point(ServicePoint(name="甲一新时代文明实践站", kind=PointKind.PRACTICE_CENTER, grid=d.comm_a1,
                                             address="甲一路2号", has_organization=True, has_rules=True, has_team=True,
                                             has_activities=True), user=d.superuser)
    job = run_report("compliance", {"grid": d.comm_a1.pk}, d.community_admin)
    compact = flat(pdf_text(job)[0])
    for expected in ["四有", "共2个服务阵地", "达标1个", "50.0%", "甲一社区党员义工服务点", "缺有机构、有制度、有队伍、有活动",
                     "甲一新时代文明实践站", "四有达标"]:
        assert expected in compact, expected


def test_qr_signage_is_one_a4_page(loop, run_report):
    from pypdf import PdfReader

    job = run_report("signage", {"point": loop.point.pk}, loop.d.community_admin)
    text, pages = pdf_text(job)
    compact = flat(text)
    assert pages == 1 and "甲一社区党员义工服务点" in compact and loop.point.public_code in compact
    assert "扫码签到" in compact and "阵地编码" in compact
    box = PdfReader(job.file.path).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def test_member_cards_show_masked_data_only(loop, run_report):
    d = loop.d
    job = run_report("cards", {"organization": d.org_a1.pk}, d.community_admin)
    compact = flat(pdf_text(job)[0])
    assert compact.count("党员义工证") == 4 and "张三丰" in compact and d.member_a1.id_card_masked in compact
    assert d.member_a1.mobile_masked in compact and d.member_a1.mobile not in compact


EMPTY_CASES = [
    ("monthly", lambda e, d: {"grid": e.pk, "month": "2025-03"}),
    ("coverage", lambda e, d: {"grid": e.pk, "year": 2025}),
    ("ranking", lambda e, d: {"grid": e.pk, "year": 2025}),
    ("stars", lambda e, d: {"grid": e.pk}),
    ("compliance", lambda e, d: {"grid": e.pk}),
    ("cards", lambda e, d: {"grid": e.pk}),
    ("ledger", lambda e, d: {"member": d.member_a2.pk, "month": "2025-03"}),
    ("market", lambda e, d: {"point": ServicePoint.objects.create(name="空超市", kind=PointKind.SERVICE_POINT,
                                                                  grid=e, address="x").pk, "month": "2025-03"}),
    ("certificate", lambda e, d: {"member": d.member_a2.pk}),
]


@pytest.mark.parametrize("kind,params", EMPTY_CASES, ids=[k for k, _ in EMPTY_CASES])
def test_an_empty_scope_renders_a_valid_pdf_saying_no_data(d, run_report, kind, params):
    empty = make_grid("空白网格", "T-A-2-9", d.comm_a2)
    job = run_report(kind, params(empty, d), d.other_community_admin)
    text, pages = pdf_text(job)
    assert "暂无数据" in text and pages == 1
