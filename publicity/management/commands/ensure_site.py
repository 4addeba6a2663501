from django.apps import apps
from django.core.management.base import BaseCommand

from publicity.site_setup import ensure_site


class Command(BaseCommand):
    help = "确保页面树顶端（根页面、首页）和默认站点存在；可重复运行。"

    def handle(self, *args, **options):
        home = ensure_site(apps)
        self.stdout.write(f"首页已就绪：{home.title}")
