"""The demo's year of service: coverage that varies by town and community, ledgers that reconcile
with what the approval service awards, and a second seed that adds nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from volunteer import figures, scope, services
from volunteer.demo_history import HISTORY_NOTE
from volunteer.models import Account, Entry, EntryKind, Grid, GridLevel, ServiceRecord, Unit


@pytest.mark.django_db
def test_the_demo_has_a_year_of_service_that_varies_and_reconciles():
    call_command("seed_demo", stdout=io.StringIO())
    period = figures.Period.year(timezone.localdate().year)
    district = Grid.objects.get(code="QH")
    towns = [figures.coverage(scope.SYSTEM, t, period)["full_value"]
             for t in Grid.objects.filter(level=GridLevel.TOWN)]
    assert all(0 < rate < 100 for rate in towns), towns
    assert max(towns) - min(towns) >= 20, towns  # a map with colours, not one
    communities = {figures.coverage(scope.SYSTEM, c, period)["full_value"]
                   for c in Grid.objects.filter(level=GridLevel.COMMUNITY)[:20]}
    assert len(communities) >= 10
    whole = figures.coverage(scope.SYSTEM, district, period)
    assert 15 < whole["full_value"] < 85
    hours = figures.period_totals(scope.SYSTEM, district, period)["hours"]
    assert 2 <= hours / whole["members"] <= 20  # hours per member as a year gives them

    history = ServiceRecord.objects.filter(decision_note=HISTORY_NOTE)
    today = timezone.localdate()
    for record in history.order_by("?")[:200]:
        start, end = timezone.localtime(record.started_at), timezone.localtime(record.ended_at)
        assert record.service_date == start.date() < today
        assert 8 <= start.hour and end.hour * 60 + end.minute <= 17 * 60
    # Points as the approval service awards them: the same credits, read back from the ledger.
    rule = services.active_rule()
    for record in history.order_by("pk")[:50]:
        approved_on = timezone.localtime(record.verified_at).date()
        expected = {(c["kind"], c["delta"], c.get("expires_on"))
                    for c in services.record_credits(record, rule, approved_on=approved_on)}
        got = set(Entry.objects.filter(source=f"record:{record.pk}").values_list("kind", "delta", "expires_on"))
        assert got == expected and EntryKind.AWARD in {k for k, *_ in got}
    out = io.StringIO()
    call_command("audit_ledgers", stdout=out)  # exits non-zero on any difference
    assert "核对无误" in out.getvalue()

    # The demo volunteer, who a newcomer signs in as, has a year of their own to look at.
    volunteer = get_user_model().objects.get(username="volunteer").party_member
    mine = history.filter(member=volunteer)
    assert mine.filter(is_deed=True).exists() and mine.filter(is_deed=False).exists()
    assert Account.objects.get(member=volunteer, unit=Unit.POINTS).balance > 0

    before = (ServiceRecord.objects.count(), Entry.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (ServiceRecord.objects.count(), Entry.objects.count()) == before
