"""The container's health check: the same checks as /healthz/, run in-process (no host or TLS
settings in the way), with the same verdict:

- exit 0 when healthy, and also when only the cache or the broker is down (degraded: the web
  replica still serves from the database, so an orchestrator must not restart or pull every
  replica because Redis is down; the output names what failed);
- exit 1 when the database is down, and with --strict on any failure (monitoring)."""

import json

from django.core.management.base import BaseCommand, CommandError

from cms import health


class Command(BaseCommand):
    help = "检查数据库、缓存和任务队列是否可用（缓存或任务队列不可用时为降级，仍返回 0；--strict 时任何故障都返回 1）"

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="缓存或任务队列不可用时也视为不健康")

    def handle(self, **options):
        body, http_status = health.verdict(strict=options["strict"])
        self.stdout.write(json.dumps(body, ensure_ascii=False))
        if http_status != 200:
            raise CommandError("不健康：" + json.dumps(body["checks"], ensure_ascii=False))
        if body.get("failed"):
            self.stderr.write("降级运行（仍可提供服务）：" + "、".join(body["failed"]) + " 不可用")
