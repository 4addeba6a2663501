import datetime

from django.core.management.base import BaseCommand, CommandError

from volunteer import services


class Command(BaseCommand):
    help = "计算某一期间的党员长期测评（按当前测评权重方案）。默认为上一季度。"

    def add_arguments(self, parser):
        parser.add_argument("--start", help="开始日期 YYYY-MM-DD")
        parser.add_argument("--end", help="结束日期 YYYY-MM-DD")

    def handle(self, *args, start=None, end=None, **options):
        if start and end:
            try:
                start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD")
        else:
            today = datetime.date.today()
            quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
            end = quarter_start - datetime.timedelta(days=1)
            start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        if end < start:
            raise CommandError("结束日期不能早于开始日期")
        done = services.compute_appraisals(period_start=start, period_end=end)
        self.stdout.write(f"{start} 至 {end}：已计算 {len(done)} 名党员的长期测评")
