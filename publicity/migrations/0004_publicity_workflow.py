from django.db import migrations

from publicity.site_setup_workflow import ensure_publicity_workflow


def forwards(apps, schema_editor):
    ensure_publicity_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0003_stories_and_brands"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
