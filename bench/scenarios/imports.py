"""Importing a 100,000-row member roster from xlsx (BENCH_IMPORT_ROWS to change it): the dry run
and the real import, each in a forked process with its peak memory, against reading the same file
with openpyxl alone (the floor). The imported members are removed afterwards."""

import datetime
import io
import os

from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from bench.measure import in_forked_process
from volunteer import privacy, scope
from volunteer.models import Grid, GridLevel, PartyMember, PartyOrganization
from volunteer.resources import MemberResource

REGION = "310101"  # not used by the demo or the other scenarios, so no clashes


def _id_number(i):
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=i // 500)
    body = f"{REGION}{born:%Y%m%d}{i % 500 + 100:03d}"
    return body + ric.calc_check_digit(body + "0")


def _roster(rows):
    cell = Grid.objects.filter(level=GridLevel.CELL).order_by("pk").first()
    branch = PartyOrganization.objects.filter(grid=cell.get_parent()).first() or PartyOrganization.objects.first()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("党员名册")
    sheet.append(["姓名", "身份证号", "手机号", "所在党支部", "居住地网格", "党员状态", "入党日期"])
    for i in range(rows):
        sheet.append([f"导入党员{i}", _id_number(i), f"150{i:08d}", branch.code, cell.label, "离退休", "2001/7/1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _read_only(content):
    def read():
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        return count
    return read


def _import(content, commit):
    def run():
        report = MemberResource().run(content, "名册.xlsx", user=scope.SYSTEM, commit=commit)
        return report.total, report.new, len(report.errors)
    return run


def run(ctx):
    rows = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    content = _roster(rows)
    floor_s, floor_mb, counted = in_forked_process(_read_only(content))
    dry_s, dry_mb, (total, new, errors) = in_forked_process(_import(content, commit=False))
    real_s, real_mb, (_, imported, real_errors) = in_forked_process(_import(content, commit=True))
    assert counted == rows + 1 and total == rows and errors == real_errors == 0, (counted, total, errors)
    hashes = [privacy.lookup_hash(_id_number(i)) for i in range(rows)]
    for start in range(0, rows, 5000):
        PartyMember.objects.filter(id_card_hash__in=hashes[start:start + 5000]).delete()
    label = f"导入党员名册 {rows:,} 行 xlsx"
    return [
        (f"{label}（预检，峰值 {dry_mb:.0f} MB）", f"{dry_s * 1000:.0f}", f"{floor_s * 1000:.0f}",
         f"{dry_s / floor_s:.1f}x", "—"),
        (f"{label}（导入 {imported:,} 条，峰值 {real_mb:.0f} MB）", f"{real_s * 1000:.0f}", f"{floor_s * 1000:.0f}",
         f"{real_s / floor_s:.1f}x", "—"),
        (f"仅用 openpyxl 读取同一文件（峰值 {floor_mb:.0f} MB）", f"{floor_s * 1000:.0f}", "—", "—", "—"),
    ]
