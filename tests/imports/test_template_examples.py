"""Every import kind's downloadable template carries one example row, and that row imports on
the demo district: a district admin who tries the template first sees it pass the check."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from volunteer.resources import RESOURCES


@pytest.mark.django_db
def test_every_template_example_row_passes_the_dry_run_on_the_demo_data(client):
    call_command("seed_demo", stdout=io.StringIO())
    district_admin = get_user_model().objects.get(username="qu_admin")
    client.force_login(district_admin)
    failures = {}
    for kind, resource in RESOURCES.items():
        response = client.get(f"/admin/imports/{kind}/template.xlsx")
        assert response.status_code == 200, kind
        report = resource().run(response.content, f"{kind}.xlsx", user=district_admin, commit=False)
        if report.total != 1 or not report.ok:
            failures[kind] = report.messages() or [f"{report.total} 行"]
    assert failures == {}
