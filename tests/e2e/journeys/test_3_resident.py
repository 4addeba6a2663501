"""(3) A resident on a phone evaluates the service by the link the volunteer showed (/e/<token>/),
then asks for help on the public form and follows its status by number and phone digits."""

from tests.e2e.journeys.seed import served_record
from volunteer.models import Demand, DemandChannel, DemandStatus, EvaluationRole, ServiceRecord


def test_resident_evaluates_by_link_submits_a_demand_and_follows_it(loop, live_server, walk):
    served_record(loop, title="上门理发")
    record = ServiceRecord.objects.get()
    url = live_server.url
    page = walk.new_page(phone=True)

    walk.goto(page, f"{url}/e/{record.evaluation_token}/")
    assert "上门理发" in page.inner_text("main")
    assert record.member.name not in page.inner_text("main")  # only the surname and **
    page.locator("label.choice", has_text="非常满意").click()
    page.fill("textarea[name=comment]", "师傅手艺好，还陪我聊天")
    walk.look(page, "guide/member-07-resident-evaluates")
    page.click("button:has-text('提交评价')")
    page.wait_for_selector("text=感谢您的评价")
    walk.look(page, "01-evaluated")
    assert record.evaluations.get(role=EvaluationRole.BENEFICIARY).score == 5

    # The public form (群众点单 online).
    walk.goto(page, f"{url}/demand/")
    page.select_option("select[name=community]", value=str(loop.d.comm_a1.pk))
    page.select_option("select[name=category]", label="生活照料")
    page.fill("input[name=title]", "楼道灯坏了")
    page.fill("textarea[name=description]", "三号楼二单元楼道灯坏了一个月，老人晚上下楼不方便")
    page.fill("input[name=name]", "孙阿姨")
    page.fill("input[name=phone]", "13900002222")
    walk.look(page, "guide/member-08-public-demand", full_page=True)
    page.click("form button[type=submit]")
    page.wait_for_selector("#tracking-number")
    walk.look(page, "02-received")
    number = page.inner_text("#tracking-number").strip()
    demand = Demand.objects.get(tracking_number=number)
    assert demand.channel == DemandChannel.ONLINE and demand.status == DemandStatus.NEW

    page.click("a:has-text('查询办理进度')")
    walk.look(page)
    page.fill("input[name=number]", number)
    page.fill("input[name=phone_tail]", "2222")
    page.click("form button:has-text('查询')")
    page.wait_for_selector("text=当前状态")
    walk.look(page, "guide/member-09-demand-status", full_page=True)
    assert "楼道灯坏了" in page.inner_text("main") and "待受理" in page.inner_text("main")
    walk.done()
