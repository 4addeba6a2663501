from django.apps import apps
from django.core.management.base import BaseCommand

from volunteer.reference_data import ensure_reference_data
from volunteer.roles import ensure_roles


class Command(BaseCommand):
    help = "创建或修复各角色（用户组）及其权限、服务类别和测评方案；可重复运行。"

    def handle(self, *args, **options):
        ensure_roles(apps)
        ensure_reference_data(apps)
        self.stdout.write("角色、权限和基础数据已就绪")
