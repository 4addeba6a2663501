"""服务阵地二维码标牌 (P2): one A4 sign with the point's name, code, QR (to the portal's check-in
for this point) and the unified service standard."""

from django.urls import reverse

from reports.render import absolute_url, qr_data_uri

TEMPLATE = "reports/pdf/signage.html"

STANDARD = [
    "亮身份：党员义工佩戴党员徽章、义工标识上岗服务",
    "定时间：按公示的开放时间接待群众，服务不间断",
    "明内容：公开服务项目、服务队伍和联系方式",
    "扫码签到：参加服务须扫描本标牌二维码签到、签退",
    "记实绩：服务记录经审核后计入志愿服务时长和积分",
]


def build(job, actor, name, target, progress):
    url = absolute_url(reverse("portal:point", args=[target.public_code]))
    return {"point": target, "qr": qr_data_uri(url, scale=10), "url": url, "standard": STANDARD,
            "compliance": target.compliance}
