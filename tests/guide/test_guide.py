"""操作指南 (item 23): the admin's 帮助 menu and dashboard lead to the in-product guide, never to
Wagtail's online English guides; the guide renders for every role; every step's screenshot is
one the journey suite takes."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from guide.steps import CHAPTERS, ROLE_CHAPTER, shot_names
from tests.e2e.journeys.shots import GUIDE_SHOTS
from tests.factories import make_user
from volunteer import scope

OFFSITE = re.compile(r"(docs|guide)\.wagtail\.org")
JOURNEYS = Path(__file__).resolve().parents[1] / "e2e" / "journeys"


def test_every_step_names_a_shot_the_journeys_take():
    assert shot_names() <= GUIDE_SHOTS, f"steps without a declared shot: {sorted(shot_names() - GUIDE_SHOTS)}"
    sources = "\n".join(p.read_text() for p in JOURNEYS.glob("test_*.py"))
    taken = set(re.findall(r"[\"']guide/([a-z0-9-]+)[\"']", sources))
    assert shot_names() <= taken, f"no journey takes: {sorted(shot_names() - taken)}"


def test_one_chapter_per_role():
    slugs = {c["slug"] for c in CHAPTERS}
    assert {"community-admin", "town-admin", "market-operator", "editor", "member"} <= slugs
    assert set(ROLE_CHAPTER.values()) <= slugs and set(scope.ALL_ROLES) == set(ROLE_CHAPTER)


@pytest.mark.parametrize("role", [r for r in scope.ALL_ROLES if r != scope.ROLE_VOLUNTEER])
def test_help_menu_and_dashboard_lead_to_the_guide_for_every_staff_role(d, client, role):
    user = make_user("staff1", role, d.comm_a1 if role in scope.ADMIN_ROLES else None)
    client.force_login(user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert not OFFSITE.search(home), OFFSITE.search(home).group(0)
    assert f'href="{reverse("guide")}"' in home  # the dashboard's account summary
    assert "操作指南" in home and reverse("guide") in home
    assert "Shortcuts" not in home
    guide = client.get(reverse("guide"))
    assert guide.status_code == 200
    body = guide.content.decode()
    assert not OFFSITE.search(body)
    own = next(c for c in CHAPTERS if c["slug"] == ROLE_CHAPTER[role])
    assert f"<h2 class=\"w-h2\">{own['title']}</h2>" in body
    assert own["steps"][0][0] in body
    assert "<title>操作指南" in body


def test_every_chapter_renders_with_its_steps(d, client):
    client.force_login(d.superuser)
    for chapter in CHAPTERS:
        body = client.get(reverse("guide"), {"chapter": chapter["slug"]}).content.decode()
        for text, shot in chapter["steps"]:
            assert text in body and f'data-shot="{shot}"' in body


def test_the_step_shows_its_screenshot_when_the_suite_has_taken_it(d, client, tmp_path, monkeypatch):
    from guide import views

    monkeypatch.setattr(views, "IMAGES", tmp_path)
    (tmp_path / "community-admin-03-accept-demand.jpg").write_bytes(b"x")
    client.force_login(d.superuser)
    body = client.get(reverse("guide"), {"chapter": "community-admin"}).content.decode()
    assert body.count("<img ") - body.count('class="avatar') >= 1
    assert "guide/community-admin-03-accept-demand.jpg" in body
    assert "guide/community-admin-02-confirm-checkin.jpg" not in body


def test_the_page_editor_links_no_online_guide(d, client):
    from publicity.models import HomePage

    client.force_login(d.superuser)
    home = HomePage.objects.get()
    body = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert not OFFSITE.search(body)


def test_the_member_guide_on_the_portal(client):
    response = client.get(reverse("portal:guide"))
    assert response.status_code == 200
    body = response.content.decode()
    member = next(c for c in CHAPTERS if c["slug"] == "member")
    for text, _ in member["steps"]:
        assert text in body
    assert reverse("portal:guide") in client.get(reverse("portal:login")).content.decode()
