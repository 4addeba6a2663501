"""A roster as community staff really keep it: a title row over merged cells, headers under other
names, full-width digits, stray spaces, ID numbers ending in x (or stored as numbers, which Excel
has already truncated), dates typed
five ways, phones with +86 and dashes, empty rows; csv in GBK or UTF-8 with a BOM."""

import datetime
import io

import pytest
from openpyxl import Workbook

from tests.factories import make_id_card
from volunteer.models import MemberStatus, PartyMember
from volunteer.resources import MemberResource
from volunteer.validators import validate_id_card

ID_X = next(n for n in (make_id_card(birth=datetime.date(1980, 3, 2), seq=s) for s in range(1000)) if n.endswith("X"))
ID_2 = make_id_card(birth=datetime.date(1990, 7, 9), seq=11)
ID_3 = make_id_card(birth=datetime.date(1966, 1, 20), seq=12)
ID_4 = make_id_card(birth=datetime.date(1958, 12, 31), seq=13)
ID_5 = make_id_card(birth=datetime.date(1971, 5, 5), seq=14)
FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def messy_roster(extra_rows=()):
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "甲一社区党员花名册（2026年）"
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["序号", "名字", "公民身份号码", "联系电话", "党支部", "网格", "类别", "入党时间", "备注"])
    sheet.append([1, " 张 小 明 ", ID_X.lower(), "+86 138-1234-0001", "甲一社区党支部", "T-A-1-1", "离退休", "2019/10/1"])
    sheet.append([])  # an empty row in the middle
    sheet.append([2, "李　红", ID_2.translate(FULLWIDTH_DIGITS), "139 1234 0002", " 甲一社区党支部", "甲街道·甲一社区·第一网格",
                  "离退休", "2019年10月1日"])
    sheet.append([3, "王建国", f" {ID_3[:6]} {ID_3[6:14]} {ID_3[14:]} ", "13712340003", "甲一社区党支部", "t-a-1-1", "无职", "2019.10.1"])
    sheet.append([4, "赵敏", ID_4, "１３６１２３４０００４", "甲一社区党支部", "T-A-1-1", "流动", 43739])
    sheet.append([5, "钱多多", ID_5, "0086-135-1234-0005", "甲一社区党支部", "T-A-1-1", "离退休",
                  datetime.datetime(2019, 10, 1)])
    for row in extra_rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content, user, commit=True, filename="roster.xlsx"):
    return MemberResource().run(content, filename, user=user, commit=commit)


def test_a_messy_roster_imports_exactly(d):
    report = run(messy_roster(), d.community_admin)
    assert report.messages() == []
    assert (report.total, report.new, report.updated) == (5, 5, 0)
    members = {m.name: m for m in PartyMember.objects.filter(branch=d.org_a1)}
    assert {"张小明", "李红", "王建国", "赵敏", "钱多多"} <= set(members)
    zhang = members["张小明"]
    assert zhang.id_card_number == ID_X and zhang.mobile == "13812340001"
    assert zhang.joined_party_on == datetime.date(2019, 10, 1) and zhang.home_grid == d.cell_a1
    assert zhang.status == MemberStatus.RETIRED
    assert zhang.gender == ("male" if int(ID_X[16]) % 2 else "female")  # from the ID number
    assert members["李红"].id_card_number == ID_2 and members["李红"].mobile == "13912340002"
    assert members["王建国"].id_card_number == ID_3 and members["王建国"].status == MemberStatus.WITHOUT_OFFICE
    assert members["赵敏"].mobile == "13612340004"
    assert all(m.joined_party_on == datetime.date(2019, 10, 1) for m in members.values() if m.name in
               {"张小明", "李红", "王建国", "赵敏", "钱多多"})
    assert members["钱多多"].mobile == "13512340005"


def test_the_same_file_twice_creates_no_duplicates(d):
    content = messy_roster()
    assert run(content, d.community_admin).new == 5
    again = run(content, d.community_admin)
    assert again.messages() == [] and (again.new, again.updated, again.skipped) == (0, 0, 5)
    assert PartyMember.objects.filter(branch=d.org_a1).count() == 6  # 5 imported + 张三丰 from the fixture


def test_one_bad_row_imports_nothing_and_names_the_row(d):
    bad = [6, "孙悟空", "320412197506150012", "1381234", "甲一社区党支部", "T-A-1-1", "神仙", "2019/13/45"]
    report = run(messy_roster([bad]), d.community_admin)
    assert not report.committed
    assert PartyMember.objects.filter(branch=d.org_a1).count() == 1
    messages = report.messages()
    assert any(m.startswith("第 10 行“身份证号”：身份证号码校验位错误") for m in messages), messages
    assert "第 10 行“手机号”：手机号码格式不正确：应为以1开头的11位大陆手机号" in messages
    assert any(m.startswith("第 10 行“党员状态”：党员状态“神仙”不是可选值") for m in messages)
    assert any(m.startswith("第 10 行“入党日期”：入党日期“2019/13/45”无法识别") for m in messages)
    assert all(m.startswith("第 10 行") for m in messages)


def test_the_dry_run_writes_nothing_and_counts_what_would_happen(d):
    report = run(messy_roster(), d.community_admin, commit=False)
    assert report.ok and report.new == 5 and not report.committed
    assert PartyMember.objects.filter(branch=d.org_a1).count() == 1


def test_rows_outside_the_importers_scope_are_refused(d):
    report = run(messy_roster(), d.other_community_admin)
    assert not report.committed and PartyMember.objects.count() == 4
    assert "第 4 行“所在党支部”：所在党支部“甲一社区党支部”不存在或不在您的管辖范围内" in report.messages()


def test_an_id_number_excel_stored_as_a_number_is_refused_not_guessed(d):
    # Excel keeps 15 significant digits: an 18-digit number typed into a number cell has lost its tail.
    lost = [6, "周某", int(ID_2[:17] + "0"), "13812340009", "甲一社区党支部", "T-A-1-1", "离退休", ""]
    report = run(messy_roster([lost]), d.community_admin)
    assert any("末几位已丢失" in m and m.startswith("第 10 行“身份证号”") for m in report.messages())


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_in_gbk_or_utf8_with_bom(d, encoding):
    text = ("党员花名册\n姓名,身份证号码,手机,所在支部,居住网格,状态\n"
            f"陈 静,{ID_2},138-1234-0011,甲一社区党支部,T-A-1-1,离退休\n,,,,,\n")
    report = run(text.encode(encoding), d.community_admin, filename="名册.csv")
    assert report.messages() == [] and report.new == 1
    assert PartyMember.objects.get(name="陈静").id_card_number == validate_id_card(ID_2)


@pytest.mark.parametrize("content,filename,message", [
    (b"%PDF-1.4 not a sheet", "roster.pdf", "只能导入 Excel（.xlsx）或 CSV 文件"),
    (b"PK\x03\x04 broken zip", "roster.xlsx", "文件已损坏或不是 Excel（.xlsx）文件"),
    (b"a,b,c\n1,2,3\n", "roster.csv", "没有找到表头"),
    (b"x" * (20 * 1024 * 1024 + 1), "big.csv", "文件过大"),
])
def test_files_that_are_not_rosters_get_a_clear_message(d, content, filename, message):
    report = run(content, filename=filename, user=d.community_admin)
    assert not report.committed and report.errors[0][0] == 0
    assert report.messages()[0].startswith(f"第 0 行：{message}") or message in report.messages()[0]


def test_ten_thousand_rows_with_three_bad_ones_import_nothing_and_name_exactly_those_three(d):
    lines = ["姓名,身份证号,手机号,所在党支部,居住地网格,党员状态"]
    bad_rows = {2500: "phone", 7000: "id", 9999: "grid"}
    for i in range(10_000):
        number = make_id_card(region="110101", birth=datetime.date(1950, 1, 1) + datetime.timedelta(days=i // 900),
                              seq=i % 900 + 100)
        phone, grid = f"150{i:08d}", "T-A-1-1"
        if bad_rows.get(i) == "phone":
            phone = "12345"
        elif bad_rows.get(i) == "id":
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        elif bad_rows.get(i) == "grid":
            grid = "T-B-1-1"
        lines.append(f"党员{i},{number},{phone},甲一社区党支部,{grid},离退休")
    report = run(("\n".join(lines)).encode("utf-8"), d.community_admin, filename="万人名册.csv")
    assert report.total == 10_000 and not report.committed
    assert [row for row, _, _ in report.errors] == [2502, 7002, 10001]  # header is row 1
    assert PartyMember.objects.count() == 4
