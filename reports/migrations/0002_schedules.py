"""django-q2 schedules for reports, created idempotently: the monthly grid reports (on the 1st,
for last month) and the sweeper that re-queues jobs whose worker died."""

import datetime

from django.db import migrations

CST = datetime.timezone(datetime.timedelta(hours=8))
MONTHLY = "每月网格月度报表"
SWEEPER = "报表任务巡检"


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    today = datetime.date.today()
    first_of_next = datetime.date(today.year + today.month // 12, today.month % 12 + 1, 1)
    Schedule.objects.update_or_create(
        name=MONTHLY,
        defaults={"func": "reports.tasks.monthly_reports", "schedule_type": "M", "repeats": -1,
                  "next_run": datetime.datetime.combine(first_of_next, datetime.time(3, 0), tzinfo=CST)},
    )
    Schedule.objects.update_or_create(
        name=SWEEPER,
        defaults={"func": "reports.tasks.sweep_stuck_jobs", "schedule_type": "I", "minutes": 5, "repeats": -1,
                  "next_run": datetime.datetime.now(datetime.timezone.utc)},
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=[MONTHLY, SWEEPER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create, remove)]
