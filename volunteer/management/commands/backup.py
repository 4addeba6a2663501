"""`manage.py backup --output /backups`: the database and media in one dated folder."""

from django.core.management.base import BaseCommand

from volunteer.backup import backup


class Command(BaseCommand):
    help = "备份数据库（Django 数据文件）和媒体文件到一个带日期的文件夹"

    def add_arguments(self, parser):
        parser.add_argument("--output", default="backups", help="备份存放目录（默认 backups/）")

    def handle(self, output, **options):
        target = backup(output)
        self.stdout.write(f"已备份到 {target}")
