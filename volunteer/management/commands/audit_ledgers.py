import sys

from django.core.management.base import BaseCommand

from volunteer.models import Account, Reward
from volunteer.services.audit import audit_ledgers


class Command(BaseCommand):
    help = "核对每个积分/时间银行账户（余额=流水合计，变动后余额连续）和每件商品的库存流水；有不符时以非零状态退出。"

    def handle(self, *args, **options):
        problems = audit_ledgers()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            self.stderr.write(f"核对发现 {len(problems)} 处不符")
            sys.exit(1)
        self.stdout.write(f"核对无误：{Account.objects.count()} 个账户，{Reward.objects.count()} 件商品")
