"""Replace Wagtail's placeholder root page with our HomePage so `/` serves a real page."""

from django.db import migrations

from publicity.site_setup import ensure_site


def create_homepage(apps, schema_editor):
    ensure_site(apps)


def remove_homepage(apps, schema_editor):
    apps.get_model("publicity", "HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("publicity", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
