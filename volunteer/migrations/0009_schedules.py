"""django-q2 schedules for the nightly jobs, created idempotently."""

import datetime

from django.db import migrations

SCHEDULES = [
    ("每夜星级评定", "volunteer.tasks.nightly_stars", 1),
    ("每夜积分过期处理", "volunteer.tasks.expire_points", 2),
]


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, hour in SCHEDULES:
        today = datetime.date.today()
        next_run = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(hour, 0),
                                             tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
        Schedule.objects.update_or_create(name=name, defaults={"func": func, "schedule_type": "D",
                                                               "next_run": next_run, "repeats": -1})


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[n for n, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteer", "0008_ledger_guards_and_defaults"), ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more")]

    operations = [migrations.RunPython(create, remove)]
