"""Each figure in volunteer/figures.py against the hand-counted world in fixtures.py."""

from decimal import Decimal

import pytest

from volunteer import figures, scope
from volunteer.figures import Period


def year(world):
    return Period.year(world.year)


def month(world):
    return Period.month(world.year, world.today.month)


def test_coverage_per_node(world):
    d, admin = world.d, world.d.district_admin
    expected = {  # node: (members, served, deed, full)
        d.district: (4, 3, 2, 1), d.town_a: (3, 3, 2, 1), d.comm_a1: (2, 2, 1, 1), d.comm_a2: (1, 1, 1, 0),
        d.town_b: (2, 1, 0, 0), d.comm_b1: (2, 1, 0, 0),
    }
    for node, (members, served, deed, full) in expected.items():
        c = figures.coverage(admin, node, year(world))
        assert (c["members"], c["served"], c["deed"], c["full"]) == (members, served, deed, full), node
        assert c["missing"] == members - full
    c = figures.coverage(admin, d.comm_a1, year(world))
    assert (c["full_rate"], c["served_rate"], c["deed_rate"]) == ("50.0%", "100.0%", "50.0%")
    district = figures.coverage(admin, d.district, year(world))
    assert (district["full_rate"], district["not_served"], district["no_deed"]) == ("25.0%", 1, 2)


def test_last_years_service_does_not_count_this_year(world):
    d = world.d
    assert figures.coverage(d.district_admin, d.comm_b1, Period.year(world.year - 1))["served"] == 1
    assert figures.coverage(d.district_admin, d.comm_b1, year(world))["served"] == 1  # the commuter, not 王五岳


def test_hours_and_totals(world):
    d, admin = world.d, world.d.district_admin
    months = dict(figures.hours_by_month(admin, d.district, world.year, until=world.today))
    expected = {}
    for day, hours in [(world.this_month, Decimal("7.5")), (world.last_month, Decimal(3))]:
        expected[day.month] = expected.get(day.month, 0) + hours
    assert {m: h for m, h in months.items() if h} == expected
    assert all(h is None for m, h in months.items() if m > world.today.month)
    totals = figures.period_totals(admin, d.comm_a1, month(world))
    assert totals == {"hours": Decimal(6) + (3 if world.last_month == world.this_month else 0),
                      "records": 2 + (world.last_month == world.this_month), "people": 2}
    assert figures.period_totals(admin, d.district, year(world))["hours"] == Decimal("10.5")


def test_demand_pipeline_and_overdue(world):
    d, admin = world.d, world.d.district_admin
    counts = {value: n for value, _, n in figures.demands_by_status(admin, d.district)}
    assert counts["new"] == 3 and counts["accepted"] == 1 and sum(counts.values()) == 4
    assert [x.title for x in figures.overdue_demands(admin, d.district, world.today)] == ["送药"]
    assert figures.overdue_demands(admin, d.comm_b1, world.today).count() == 0
    comm_b1 = {value: n for value, _, n in figures.demands_by_status(admin, d.comm_b1)}
    assert comm_b1["new"] == 1 and sum(comm_b1.values()) == 1


def test_overdue_feedback_projects(world, loop):
    import datetime

    from volunteer.models import ServiceProject

    project = loop.project()
    admin = world.d.district_admin
    assert figures.overdue_feedback(admin, world.d.comm_a1, world.today).count() == 0
    ServiceProject.objects.filter(pk=project.pk).update(next_feedback_due=world.today - datetime.timedelta(days=1))
    assert list(figures.overdue_feedback(admin, world.d.comm_a1, world.today)) == [project]
    assert figures.overdue_feedback(admin, world.d.comm_a2, world.today).count() == 0


def test_teams_below_quarterly_target(world):
    d, admin = world.d, world.d.district_admin
    rows = {r["name"]: r for r in figures.team_progress(admin, d.district, world.today)}
    same_quarter = figures.quarter_start(world.last_month) == figures.quarter_start(world.today)
    a1_hours = Decimal(2) + Decimal(4) + (3 if same_quarter else 0)
    assert rows["甲一银龄服务队"]["hours"] == a1_hours
    assert rows["甲二志愿队"]["hours"] == Decimal("1.5") and rows["甲二志愿队"]["met"]
    below = [r["name"] for r in figures.teams_below_target(admin, d.district, world.today)]
    assert below == ["甲一银龄服务队"]  # 9 h (or 6 h) of 10; the team without a target is not listed
    assert figures.teams_below_target(admin, d.comm_a2, world.today) == []


def test_points_with_gaps_and_low_stock(world):
    d, admin = world.d, world.d.district_admin
    assert [p.name for p in figures.points_with_gaps(admin, d.district)] == ["甲二社区党员活动室"]
    assert list(figures.points_with_gaps(admin, d.district))[0].gaps == ["有制度", "有队伍", "有活动"]
    assert [r.name for r in figures.low_stock_rewards(admin, d.district)] == ["洗衣液"]
    assert figures.low_stock_rewards(admin, d.comm_a2).count() == 0


def test_pending_records(world):
    d, admin = world.d, world.d.district_admin
    assert figures.pending_records(admin, d.district).count() == 1
    assert figures.pending_records(admin, d.comm_b1).count() == 1
    assert figures.pending_records(admin, d.town_a).count() == 0


def test_node_figures(world):
    d, admin = world.d, world.d.district_admin
    f = figures.node_figures(admin, d.comm_a1, year(world))
    assert (f["members"], f["teams"], f["points"], f["open_demands"], f["hours"]) == (2, 1, 1, 3, Decimal(9))
    f = figures.node_figures(admin, d.town_b, year(world))
    assert (f["members"], f["teams"], f["points"], f["open_demands"], f["hours"]) == (2, 1, 0, 1, Decimal(4))


@pytest.mark.parametrize("period_of", [year, month])
@pytest.mark.parametrize("viewer", ["district_admin", "town_admin", "community_admin"])
def test_the_one_pass_map_figures_equal_node_figures_for_the_node_and_every_child(world, period_of, viewer):
    d = world.d
    actor = getattr(d, viewer)
    node = scope.scope_for(actor).node
    mine, kids = figures.node_and_children_figures(actor, node, period_of(world))
    assert mine == figures.node_figures(actor, node, period_of(world))
    assert [child for child, _ in kids] == list(figures.children(node))
    for child, f in kids:
        assert f == figures.node_figures(actor, child, period_of(world)), child.name
    assert sum(f["members"] for _, f in kids) >= 1


def test_unit_ranking(world):
    d, admin = world.d, world.d.district_admin
    rows = figures.unit_ranking(admin, d.district, year(world), "coverage")
    assert rows[0]["name"] == "甲一社区党支部" and rows[0]["full_rate"] == "100.0%"
    by_name = {r["name"]: r for r in rows}
    assert by_name["甲一社区党支部"]["per_member"] == 5.0 and by_name["甲一社区党支部"]["score"] == 4.0
    assert by_name["甲二社区党支部"]["score"] == 5.0 and by_name["甲二社区党支部"]["deed_rate"] == "100.0%"
    assert by_name["乙镇精工公司党支部"]["per_member"] == 4.0 and by_name["乙一村党总支"]["per_member"] == 0.0
    by_hours = [r["name"] for r in figures.unit_ranking(admin, d.district, year(world), "hours")]
    assert by_hours == ["甲一社区党支部", "乙镇精工公司党支部", "甲二社区党支部", "乙一村党总支"]
    by_score = [r["name"] for r in figures.unit_ranking(admin, d.district, year(world), "evaluation")]
    assert by_score[:2] == ["甲二社区党支部", "甲一社区党支部"]


def test_scope_cuts_every_figure(world):
    """A community admin asking about the district gets only their own subtree's share."""
    d = world.d
    own = figures.coverage(d.community_admin, d.district, year(world))
    assert own["members"] == 2 and own["full"] == 1
    assert figures.points_with_gaps(d.community_admin, d.district).count() == 0
    assert figures.pending_records(d.community_admin, d.district).count() == 0
    assert [r.name for r in figures.low_stock_rewards(d.other_community_admin, d.district)] == []
