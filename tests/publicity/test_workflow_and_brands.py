"""Editors submit, reviewers approve and publish (Wagtail moderation); a story needs its cover's
alt text; brand figures come from the records."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page, Workflow
from wagtail_factories import ImageFactory

from publicity.models import ServiceBrandPage, StoryPage
from tests.factories import make_user
from volunteer import scope, services
from volunteer.models import ServiceRecord, Team


def draft_story(stories, **fields):
    values = dict(title="待审核的故事", date=datetime.date(2026, 10, 1), summary="摘要", cover=ImageFactory(),
                  cover_alt="封面", body=[("paragraph", "<p>正文</p>")], live=False)
    values.update(fields)
    story = StoryPage(**values)
    stories.add_child(instance=story)
    story.save_revision()
    return story


def test_editor_cannot_publish_and_reviewer_approval_publishes(site_pages):
    _, stories, _ = site_pages
    editor = make_user("ed", scope.ROLE_EDITOR)
    reviewer = make_user("rv", scope.ROLE_REVIEWER)
    story = draft_story(stories)
    assert not story.permissions_for_user(editor).can_publish()
    assert story.permissions_for_user(editor).can_edit()
    assert story.permissions_for_user(reviewer).can_publish()

    workflow = story.get_workflow()
    assert workflow.name == "宣传稿件审核"
    state = workflow.start(story, editor)
    assert not Page.objects.get(pk=story.pk).live
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(story, editor) == []  # an editor cannot approve
    task.on_action(task_state, reviewer, "approve")
    story.refresh_from_db()
    assert story.live and Workflow.objects.filter(name="宣传稿件审核").exists()


def test_a_story_needs_alt_text_for_its_cover(site_pages):
    _, stories, _ = site_pages
    story = StoryPage(title="无替代文字", date=datetime.date(2026, 10, 1), summary="摘要", cover=ImageFactory(),
                      cover_alt="", body=[("paragraph", "<p>正文</p>")])
    with pytest.raises(ValidationError) as err:
        stories.add_child(instance=story)
    assert "cover_alt" in err.value.message_dict


def test_brand_figures_match_the_records(site_pages, loop, client):
    _, _, brands = site_pages
    team = services.save_team(Team(name="甲一银龄服务队", kind="specialty", grid=loop.d.comm_a1, leader=loop.volunteers[0]),
                              user=loop.d.community_admin, members=loop.volunteers[:2])
    start = loop.now - datetime.timedelta(days=2)
    for i, member in enumerate(loop.volunteers):
        record = services.record_deed(ServiceRecord(member=member, started_at=start + datetime.timedelta(hours=3 * i),
                                                    ended_at=start + datetime.timedelta(hours=3 * i + 2), hours=2,
                                                    place="x", content=f"服务{i}", activity_line="deed"), user=member.user)
        services.approve_record(record, user=loop.d.community_admin)
    page = ServiceBrandPage(title="银龄关爱", team=team, offers="<p>上门探望</p>", where="甲一社区", how_to_ask="电话预约")
    brands.add_child(instance=page)
    page.save_revision().publish()
    # Two of the three volunteers are in the team: 2 records × 2 hours.
    assert page.figures == {"hours_served": 4.0, "people_helped": 2, "demands_resolved": 0}
    html = client.get(page.url).content.decode()
    assert "服务时长（小时）" in html and ">4<" in html


def test_scheduled_publishing_goes_live_when_due(site_pages):
    from django.utils import timezone
    from django_q.models import Schedule

    from publicity import tasks

    _, stories, _ = site_pages
    from wagtail.models import Revision

    story = draft_story(stories, title="定时发布的故事")
    story.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = story.save_revision()
    revision.publish()  # a future go-live time schedules instead of publishing
    story.refresh_from_db()
    assert not story.live
    tasks.publish_scheduled()
    story.refresh_from_db()
    assert not story.live  # not due yet
    # The hour passes (the scheduled time is moved, not the clock):
    story.go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    due = story.save_revision()
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
    Revision.objects.filter(pk=due.pk).update(approved_go_live_at=story.go_live_at)
    tasks.publish_scheduled()
    story.refresh_from_db()
    assert story.live
    assert Schedule.objects.filter(func="publicity.tasks.publish_scheduled", minutes=5).exists()


def test_editors_can_choose_images_and_submit_from_the_page_editor(site_pages, client):
    """Through the real admin views: an editor sees the image library and submitting starts the
    moderation workflow instead of publishing."""
    import json

    from wagtail.models import Collection, WorkflowState

    _, stories, _ = site_pages
    image = ImageFactory(title="送医现场", collection=Collection.get_first_root_node())
    editor = make_user("ed2", scope.ROLE_EDITOR)
    client.force_login(editor)
    chooser = client.get("/admin/images/chooser/").json()["html"]
    assert "送医现场" in chooser
    body = json.dumps({"blocks": [{"key": "a", "text": "翻山越岭送医上门", "type": "unstyled", "depth": 0,
                                   "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}})
    data = {"title": "送医上门", "date": "2026-11-20", "category": "exemplar", "summary": "摘要", "tags": "",
            "cover": image.pk, "cover_alt": "封面", "body-count": "1", "body-0-type": "paragraph", "body-0-deleted": "",
            "body-0-order": "0", "body-0-value": body, "slug": "songyi", "seo_title": "", "search_description": "",
            "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000", "action-submit": "1", "go_live_at": "", "expire_at": "",
            "member_links-TOTAL_FORMS": "0", "member_links-INITIAL_FORMS": "0", "member_links-MIN_NUM_FORMS": "0",
            "member_links-MAX_NUM_FORMS": "1000"}
    response = client.post(f"/admin/pages/add/publicity/storypage/{stories.pk}/", data)
    assert response.status_code == 302
    story = StoryPage.objects.get(slug="songyi")
    assert not story.live and WorkflowState.objects.filter(object_id=str(story.pk), status="in_progress").exists()
    data["action-publish"] = "1"
    data.pop("action-submit")
    client.post(f"/admin/pages/{story.pk}/edit/", data)
    assert not StoryPage.objects.get(pk=story.pk).live  # an editor's "publish" does not publish
