"""`manage.py restore /backups/dy365-backup-…`: load a backup into an empty database (migrated,
same encryption keys), put media back, and reconcile the ledgers."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from volunteer.backup import database_is_empty, restore


class Command(BaseCommand):
    help = "把备份恢复到空数据库（需已 migrate，且使用相同的加密密钥），并核对积分和库存流水"

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("--force", action="store_true", help="目标库已有数据时也覆盖（会先清空）")

    def handle(self, source, force, **options):
        if not database_is_empty() and not force:
            raise CommandError("目标数据库已有党员或积分数据；确认要清空并覆盖时加 --force")
        try:
            restore(source)
        except FileNotFoundError as error:
            raise CommandError(str(error))
        self.stdout.write("数据和媒体文件已恢复，正在核对积分和库存流水……")
        call_command("audit_ledgers", stdout=self.stdout, stderr=self.stderr)
