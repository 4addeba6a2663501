"""The page tree's fixed top: Wagtail's root, our HomePage under it, the default Site and the root
collection.

`ensure_site(apps)` is idempotent and works with historical models (no treebeard methods), so the
data migration and `manage.py ensure_site` share it."""

from django.conf import settings

HOME_TITLE = "党员义工365"
HOME_INTRO = "我为发展献一计 · 我为公益出一力 · 我为群众办一事"


def ensure_site(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("publicity", "HomePage")

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.objects.create(title="Root", draft_title="Root", slug="root", content_type=page_type,
                                   path="0001", depth=1, numchild=0, url_path="/", locale=locale)
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # Wagtail's placeholder "Welcome" page takes the first slot; ours replaces it.
        Page.objects.filter(depth=2, slug="home", content_type=page_type).delete()
        taken = set(Page.objects.filter(depth=2).values_list("path", flat=True))
        path = next(f"0001{n:04d}" for n in range(1, 10000) if f"0001{n:04d}" not in taken)
        home_type, _ = ContentType.objects.get_or_create(app_label="publicity", model="homepage")
        home = HomePage.objects.create(
            title=HOME_TITLE, draft_title=HOME_TITLE, slug="home", content_type=home_type, path=path, depth=2,
            numchild=0, url_path="/home/", locale=locale, intro=HOME_INTRO,
        )
        root.numchild = Page.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])
    # Images and documents live in collections; the root one is where everything starts.
    Collection = apps.get_model("wagtailcore", "Collection")
    if not Collection.objects.filter(depth=1).exists():
        Collection.objects.create(name="Root", path="0001", depth=1, numchild=0)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk,
                                        "site_name": HOME_TITLE}
    )
    return home
