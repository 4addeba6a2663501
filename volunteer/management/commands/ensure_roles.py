from django.apps import apps
from django.core.management.base import BaseCommand

from volunteer.roles import ensure_roles


class Command(BaseCommand):
    help = "创建或修复各角色（用户组）及其权限；可重复运行。"

    def handle(self, *args, **options):
        ensure_roles(apps)
        self.stdout.write("角色与权限已就绪")
