import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from volunteer.demo import DEMO_PASSWORD, DemoBuilder, ensure_demo_accounts


class Command(BaseCommand):
    help = "建立演示用的青禾区（网格、党组织、党员、报到、岗位）和各角色演示账号；可重复运行，不会重复创建。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="党员人数倍数（每倍 3,000 人），供性能测试使用")
        parser.add_argument("--no-accounts", action="store_true", help="不创建演示账号")

    def handle(self, *args, scale, no_accounts, **options):
        if (settings.SETTINGS_MODULE or "").endswith("production"):
            raise CommandError("生产环境不能载入演示数据")
        if scale < 1:
            raise CommandError("--scale 须为正整数")
        started = time.monotonic()
        created = DemoBuilder(scale=scale, stdout=self.stdout).build()
        from publicity.demo import build_publicity_demo

        pages = build_publicity_demo()
        if pages:
            created["宣传页面、承诺与荣誉"] = pages
        # Fresh planner statistics: without them SQLite reads records through the status index
        # (nearly every row) instead of the member index (a brand page: 130 ms → 1 ms).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        summary = "，".join(f"{k} {v}" for k, v in created.items() if v) or "无（演示数据已齐全）"
        self.stdout.write(f"新建：{summary}（用时 {time.monotonic() - started:.1f} 秒）")
        if not no_accounts:
            self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}，仅供演示）：")
            for username, label, grid in ensure_demo_accounts():
                self.stdout.write(f"  {username:<16} {label:<12} 管辖：{grid}")
