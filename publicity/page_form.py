"""The page editor's form for public pages: slugs that do not trip over autosaved drafts."""

from django.conf import settings
from django.utils.text import slugify
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.models import Page


class PublicityPageForm(WagtailAdminPageForm):
    """Wagtail fills the slug from the title as one types, and its autosave creates the page as a
    draft at the first pause; a page left that way (or any page of the same title) then holds the
    slug, and the next page of that title could not be saved ("The slug … is already in use", on
    the 推荐 tab an editor seldom opens). A slug that is just the title's, on a page never
    published, becomes the first free "标题-2", "标题-3"; a slug typed by hand that is taken stays
    an error, in Chinese (cms/locale)."""

    def clean(self):
        slug, title = self.cleaned_data.get("slug"), self.cleaned_data.get("title")
        parent = self.parent_page
        allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        if (slug and title and parent is not None and not self.instance.first_published_at
                and slug == slugify(title, allow_unicode=allow_unicode)):
            page = self.instance if self.instance.pk else None
            candidate, suffix = slug, 1
            while not Page._slug_is_available(candidate, parent, page):
                suffix += 1
                candidate = f"{slug}-{suffix}"
            self.cleaned_data["slug"] = candidate
        return super().clean()
