"""The whole admin reads in Chinese: crawl every screen of the volunteer admin and find no
visible English (Wagtail's own catalogue gaps are filled in cms/locale)."""

import json
import re
from html.parser import HTMLParser

from django.urls import reverse

from volunteer import services

# Names that stay as they are: product and format names, key caps, our own codes.
ALLOWED = re.compile(r"Wagtail|CSV|XLSX|GeoJSON|Ctrl|Alt|Shift|Esc|Enter|Cmd|T-[A-Z0-9-]+|ORG-[A-Z0-9-]+")
ATTRS = ("placeholder", "aria-label", "title", "alt")


INVISIBLE_TAGS = {"script", "style", "svg", "template", "noscript"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """Text a person can see: skips scripts, styles, icons and anything under a `hidden` element."""

    def __init__(self):
        super().__init__()
        self.found, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = tag in INVISIBLE_TAGS or "hidden" in attrs or (self.stack and self.stack[-1][1])
        if not hidden:
            self.found += [v for k, v in attrs.items() if k in ATTRS and v]
        if tag not in VOID_TAGS:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.found.append(data.strip())


def english_in(html):
    parser = VisibleText()
    parser.feed(html)
    return sorted({t for t in parser.found if re.search(r"[A-Za-z]{3,}", ALLOWED.sub("", t))})


def test_volunteer_admin_screens_have_no_english(d, loop, login):
    checkin = services.request_checkin(d.commuter, d.comm_b1, user=d.superuser)
    demand = loop.demand()
    project = loop.project()
    activity = loop.activity(project)
    client = login(d.superuser)
    urls = [reverse("wagtailadmin_home")]
    for name in ["grid", "organizations", "members", "checkins", "posts", "post_assignments", "skills", "admin_scopes",
                 "demands", "projects", "activities", "records", "teams", "points", "campaigns", "categories",
                 "appraisal_schemes", "appraisals", "rewards", "redemptions", "accounts", "points_rules",
                 "star_changes", "fraud_findings", "star_levels", "star_policy", "commitments", "recognitions"]:
        urls += [reverse(f"{name}:index"), reverse(f"{name}:add")]
    urls.append(reverse("access_log:index"))
    urls += [
        reverse("demands:process", args=[demand.pk]), reverse("demands:edit", args=[demand.pk]),
        reverse("demands:batch"), reverse("projects:process", args=[project.pk]),
        reverse("activities:roster", args=[activity.pk]), reverse("activities:edit", args=[activity.pk]),
        reverse("points:edit", args=[loop.point.pk]), reverse("overdue_feedback:index"),
        reverse("counter:find") + "?q=张", reverse("counter:basket", args=[d.member_a1.pk]) + "?key=" + "0" * 32,
        reverse("counter:card", args=[d.member_a1.pk]),
    ]
    urls += [
        reverse("grid:edit", args=[d.comm_a1.pk]), reverse("grid:delete", args=[d.cell_a1.pk]),
        reverse("members:edit", args=[d.member_a1.pk]), reverse("members:delete", args=[d.member_a1.pk]),
        reverse("members:index") + "?q=不存在的名字", reverse("organizations:edit", args=[d.org_a1.pk]),
        reverse("checkins:decide", args=[checkin.pk]), reverse("checkin_register:index"),
        reverse("members:history", args=[d.member_a1.pk]), reverse("imports:upload", kwargs={"kind": "members"}),
        reverse("reports:index"), reverse("reports:certificates"),
    ]
    from reports.kinds import MODULES

    urls += [reverse("reports:request", args=[kind]) for kind in MODULES]
    from volunteer.resources import RESOURCES

    urls += [reverse("imports:upload", kwargs={"kind": kind}) for kind in RESOURCES] + [reverse("exchange:index")]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_in(response.content.decode())
        if english:
            problems[url] = english
    chooser = client.get(reverse("member_chooser:choose")).json()["html"]
    if english_in(chooser):
        problems["member_chooser"] = english_in(chooser)
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_story_editor_and_the_reviewers_dashboard_have_no_english(db, login):
    import datetime

    from wagtail.models import Collection
    from wagtail_factories import ImageFactory

    from publicity.models import HomePage, StoryIndexPage, StoryPage
    from tests.factories import make_user
    from volunteer import scope

    stories = StoryIndexPage(title="典型故事", slug="stories")
    HomePage.objects.get().add_child(instance=stories)
    editor, reviewer = make_user("ed", scope.ROLE_EDITOR), make_user("rv", scope.ROLE_REVIEWER)
    story = StoryPage(title="待审核的故事", date=datetime.date(2026, 10, 1), summary="摘要", cover_alt="封面",
                      cover=ImageFactory(collection=Collection.get_first_root_node()),
                      body=[("paragraph", "<p>正文</p>")], live=False)
    stories.add_child(instance=story)
    story.save_revision(user=editor)
    story.get_workflow().start(story, editor)
    problems = {}
    for user, url in [(editor, f"/admin/pages/add/publicity/storypage/{stories.pk}/"),
                      (editor, f"/admin/pages/{story.pk}/edit/"), (reviewer, "/admin/"),
                      (reviewer, f"/admin/pages/{story.pk}/edit/")]:
        response = login(user).get(url)
        assert response.status_code == 200, url
        # The add page is for a new story under 典型故事; the others show the story under review.
        expected = ['name="title"', "典型故事"] if "/add/" in url else ["待审核的故事"]
        assert all(text in response.content.decode() for text in expected), url
        if english_in(response.content.decode()):
            problems[url] = english_in(response.content.decode())
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
