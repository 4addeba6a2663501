"""The container's health check: the same checks as /healthz/, run in-process (no host or TLS
settings in the way). Exit status 0 when healthy, 1 otherwise."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from cms.health import healthz


class Command(BaseCommand):
    help = "检查数据库、缓存和任务队列是否可用"

    def handle(self, **options):
        response = healthz(RequestFactory().get("/healthz/"))
        self.stdout.write(response.content.decode())
        if response.status_code != 200:
            raise CommandError("不健康：" + json.dumps(json.loads(response.content)["checks"], ensure_ascii=False))
