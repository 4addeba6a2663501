"""The dashboard's numbers are the monthly report's numbers, for the same grid and period."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from reports.kinds import monthly
from reports.kinds.common import fmt_hours
from volunteer import formatting


@pytest.mark.parametrize("node_name", ["district", "town_a", "comm_a1", "comm_b1"])
def test_map_figures_equal_the_monthly_report(world, login, node_name):
    d = world.d
    node = getattr(d, node_name)
    key = f"{world.year}-{world.today.month:02d}"
    report = monthly.build(SimpleNamespace(parameters={"month": key}), d.district_admin, "grid", node, lambda n: None)
    shown = dict(report["figures"])
    response = login(d.district_admin).get(reverse("dashboard_map:node", args=[node.pk]) + f"?period={key}")
    f = response.context["node_figures"]
    assert f["members"] == shown["在册党员"]
    assert f["people"] == shown["本月服务人数"]
    assert f["records"] == shown["本月服务次数"]
    assert formatting.hours(f["hours"]) == shown["本月服务时长"]
    assert f["served_rate"] == shown["年内参与率"]
    assert f["deed_rate"] == shown["年内办实事覆盖率"]
    # Each child node: members and the month's hours, as the report's 下级网格 table has them.
    rows = {r["name"]: r["figures"] for r in response.context["rows"]}
    assert {r["name"]: (r["members"], r["hours"]) for r in report["child_rows"]} == {
        name: (x["members"], float(x["hours"])) for name, x in rows.items()}
    # Demands registered this month, by status.
    from volunteer import figures

    period = figures.Period.month(world.year, world.today.month)
    assert [(label, n) for _, label, n in figures.demands_by_status(d.district_admin, node, period)] == \
        report["demand_rows"]
    # Teams against their quarterly target.
    mine = {r["name"]: (fmt_hours(r["hours"]), r["target"], r["rate"], r["met"])
            for r in figures.team_progress(d.district_admin, node, period.end)}
    assert mine == {r["name"]: (r["hours"], r["target"], r["rate"], r["met"]) for r in report["teams"]}
    # The figures the panels show for the year are the report's for the year so far.
    assert f["members"] == figures.coverage(d.district_admin, node, period)["members"]


def test_a_community_admin_gets_the_same_numbers_as_the_district_for_their_community(world, login):
    d = world.d
    key = f"{world.year}-{world.today.month:02d}"
    url = reverse("dashboard_map:node", args=[d.comm_a1.pk]) + f"?period={key}"
    theirs = login(d.community_admin).get(url).context["node_figures"]
    report = monthly.build(SimpleNamespace(parameters={"month": key}), d.community_admin, "grid", d.comm_a1,
                           lambda n: None)
    assert theirs["served_rate"] == dict(report["figures"])["年内参与率"] == "100.0%"
    assert theirs["deed_rate"] == dict(report["figures"])["年内办实事覆盖率"] == "50.0%"
