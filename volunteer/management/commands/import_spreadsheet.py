"""Import a large spreadsheet on the server (no request time limit), as a named admin so the same
scope applies: `manage.py import_spreadsheet members 名册.xlsx --user qu_admin` runs the dry run and
lists the errors; add `--commit` to import (all rows or none)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from volunteer.resources import RESOURCES


class Command(BaseCommand):
    help = "从 Excel/CSV 批量导入（默认只预检；加 --commit 才写入）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="以哪个管理员的身份和管辖范围导入")
        parser.add_argument("--commit", action="store_true", help="预检通过后写入")

    def handle(self, kind, path, user, commit, **options):
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"没有名为 {user} 的有效账号")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"找不到文件 {path}")
        report = RESOURCES[kind]().run(file.read_bytes(), file.name, user=account, commit=commit)
        for message in report.messages():
            self.stdout.write(message)
        summary = f"{report.kind}：共 {report.total} 行，新增 {report.new}，更新 {report.updated}，未变化 {report.skipped}"
        if report.errors:
            raise CommandError(f"{summary}；有 {len(report.errors)} 处错误，未导入任何数据")
        self.stdout.write(f"{summary}；{'已导入' if report.committed else '预检通过（加 --commit 导入）'}")
