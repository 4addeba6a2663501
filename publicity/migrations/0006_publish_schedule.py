import datetime

from django.db import migrations

NAME = "定时发布页面"


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": "publicity.tasks.publish_scheduled", "schedule_type": "I", "minutes": 5, "repeats": -1,
                  "next_run": datetime.datetime.now(datetime.timezone.utc)},
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0005_campaign_page"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create, remove)]
