"""Creating a page once, however its first save arrives. Wagtail's autosave posts the add form as
soon as it is valid; when the editor presses 保存草稿 / 提交审核 in the same moment, the press is
posted to the add URL too, and the page was created twice — a hidden draft (the autosaved one)
beside the saved one, or, before PublicityPageForm, the editor's save failing with "The slug … is
already in use". Saves to the add URL of one editor under one parent are taken one at a time, and
one that finds the page this editor's autosave created a moment ago saves that page instead."""

import contextlib
import datetime
import time

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.models import Page

TWIN_WINDOW = datetime.timedelta(minutes=2)
LOCK_SECONDS = 30


@contextlib.contextmanager
def _one_at_a_time(key):
    deadline = time.monotonic() + LOCK_SECONDS
    while not cache.add(key, 1, LOCK_SECONDS) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield
    finally:
        cache.delete(key)


def autosaved_twin(request, parent, content_type):
    """The page this editor's autosave just created under the parent from the same form: never
    published, theirs, of the same type and title, first saved within TWIN_WINDOW."""
    title = (request.POST.get("title") or "").strip()
    if not title:
        return None
    return (Page.objects.child_of(parent)
            .filter(content_type=content_type, owner=request.user, title=title, live=False,
                    first_published_at__isnull=True,
                    latest_revision_created_at__gte=timezone.now() - TWIN_WINDOW)
            .order_by("-pk").first())


def create_page(request, content_type_app_name, content_type_model_name, parent_page_id):
    create = CreateView.as_view()
    args = (content_type_app_name, content_type_model_name, parent_page_id)
    if request.method != "POST":
        return create(request, *args)
    with _one_at_a_time(f"dy365-page-create:{request.user.pk}:{parent_page_id}"):
        parent = Page.objects.filter(pk=parent_page_id).first()
        try:
            content_type = ContentType.objects.get_by_natural_key(content_type_app_name, content_type_model_name)
        except ContentType.DoesNotExist:
            content_type = None
        twin = autosaved_twin(request, parent, content_type) if parent and content_type else None
        if twin is not None:
            return EditView.as_view()(request, page_id=twin.pk)
        return create(request, *args)
