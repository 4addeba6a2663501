"""django-q2 entry points. Each is idempotent: ReportJob, not the broker, says what is done."""

from reports import services


def run_report_job(job_id):
    return services.run_job(job_id)


def sweep_stuck_jobs():
    return services.sweep_stuck_jobs()


def monthly_reports():
    return {"requested": [job.pk for job in services.request_monthly_reports()]}
