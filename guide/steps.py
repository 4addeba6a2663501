"""操作指南: one chapter per role, each step a short instruction and the journey suite's
screenshot of that screen (tests/e2e/journeys/shots.py declares the names; `make guide` retakes
them into guide/static/guide/). Edit the words here; the pictures follow the screens."""

CHAPTERS = [
    {
        "slug": "community-admin",
        "title": "村社区管理员",
        "intro": "在本社区受理群众需求、组织活动、确认报到和审核服务记录。",
        "steps": [
            ("登录后台后，首页显示本社区的报到、需求和服务时长概况，左侧菜单是您能打开的全部功能。",
             "community-admin-01-home"),
            ("打开「网格与党员 › 社区报到」，在待确认的报到申请一行点「处理」，核对党员信息后点「确认报到」。",
             "community-admin-02-confirm-checkin"),
            ("打开「三单制服务 › 群众需求」，点需求标题查看详情，核实后点「受理」；不能办理的点「不予受理」并写明原因。",
             "community-admin-03-accept-demand"),
            ("已受理的需求点「转为服务项目」，表单已带入需求的标题、类别、网格和描述，补全下单组织和负责人后保存。",
             "community-admin-04-project-from-demand"),
            ("在服务项目页面点「新建活动」，填写活动时间、地点、服务阵地和招募人数，保存后党员即可接单。",
             "community-admin-05-new-activity"),
            ("回到服务项目页面，确认信息无误后点「发布项目」，项目内的活动开始在党员门户上推荐。",
             "community-admin-06-publish-project"),
            ("打开「三单制服务 › 服务记录审核」，筛选「待审核」，逐条核对时长与内容后点「审核通过」，时长和积分随即计入党员名下。",
             "community-admin-07-approve-record"),
        ],
    },
    {
        "slug": "town-admin",
        "title": "镇街、区管理员",
        "intro": "查看辖区的覆盖情况，出具志愿服务证明和月度报表，导入名册。",
        "steps": [
            ("打开「报表中心」，选择报表种类，例如「志愿服务证明」或「月度报表」。", "town-admin-01-report-center"),
            ("出具一名党员的证明：点「选择党员」，输入姓名搜索并选中，选择时间范围后点「生成」。",
             "town-admin-02-certificate"),
            ("报表在后台生成，页面上的进度条走完后点「下载」即可打开 PDF 文件。", "town-admin-03-progress"),
            ("每份证明都有编号和二维码，扫码或打开核验页面输入编号，即可核对证明的真伪。", "town-admin-04-verify"),
            ("打开「数据看板 › 三级网格地图」，按区、镇街、村社区逐级查看覆盖率，点地图上的区域或上方的路径即可切换。",
             "town-admin-05-map"),
            ("不方便看地图时，切换到「表格」查看同样的数字。", "town-admin-06-map-table"),
            ("打开「网格与党员 › 数据导入」，先下载模板，按模板填写后上传，核对预览无误再确认导入。", "town-admin-07-import"),
        ],
    },
    {
        "slug": "market-operator",
        "title": "爱心超市管理员",
        "intro": "在收银台为党员兑换物品，打印小票，必要时撤销兑换。",
        "steps": [
            ("打开「积分与爱心超市 › 收银台」，输入党员姓名或手机号后4位，点「查找」，在结果中点「兑换」。",
             "market-operator-01-find-member"),
            ("核对积分余额，填写各物品的数量后点「确认兑换」。只点一次即可，重复点击或返回重试不会重复扣分。",
             "market-operator-02-basket"),
            ("兑换完成后显示小票，点「打印小票」交给党员。", "market-operator-03-receipt"),
            ("兑换有误时，在小票页面写明撤销原因后点「撤销兑换」，积分和库存自动退回。",
             "market-operator-04-cancel"),
        ],
    },
    {
        "slug": "editor",
        "title": "宣传编辑、宣传审核",
        "intro": "撰写典型故事，提交审核，审核通过后在网站上公开。",
        "steps": [
            ("在「页面」中打开「典型故事」，点「添加子页面」，填写标题、日期、摘要，选择封面图并填写图片说明。",
             "editor-01-new-story"),
            ("在「相关党员」中点选择，搜索姓名并选中故事里的党员。", "editor-02-linked-members"),
            ("写好正文后，点页面底部的箭头，选择「提交审核」。", "editor-03-submit"),
            ("审核人打开待审核的故事，核对无误后点底部箭头中的「审核通过并发布」。", "editor-04-review-publish"),
            ("发布后，群众在网站上搜索故事中的任意词语即可找到它。", "editor-05-public-search"),
        ],
    },
    {
        "slug": "member",
        "title": "党员义工（手机门户）",
        "intro": "在手机上接单、签到签退、查看时长与积分；群众也可以在网站上点单和评价。",
        "steps": [
            ("用手机打开党员门户，输入用户名和密码登录。", "member-01-login"),
            ("「推荐活动」列出离您近、时间合适、还有名额的活动，点「接单」。", "member-02-take-activity"),
            ("到达服务阵地后，用手机扫描阵地的二维码，选择活动并点「签到」。", "member-03-checkin-by-qr"),
            ("服务结束后，在「我的接单」中点「签退」，服务记录随即提交社区审核。", "member-04-checkout"),
            ("在「服务记录」中点「自评」，选择评分并写几句话后提交。", "member-05-self-evaluate"),
            ("社区审核通过后，「服务记录」页显示已认定的时长和积分，积分可到爱心超市兑换。", "member-06-hours-and-points"),
            ("请服务对象扫描「服务记录」中的评价二维码或打开评价链接，为本次服务打分。", "member-07-resident-evaluates"),
            ("群众可以在网站的「我要点单」表单中提出需求，提交后记下受理编号。", "member-08-public-demand"),
            ("凭受理编号和电话后4位，在「查询办理进度」中随时查看需求的办理情况。", "member-09-demand-status"),
        ],
    },
]

# Which chapter each role opens first (the rest stay one click away).
ROLE_CHAPTER = {
    "村社区管理员": "community-admin",
    "镇街管理员": "town-admin",
    "区管理员": "town-admin",
    "爱心超市管理员": "market-operator",
    "宣传编辑": "editor",
    "宣传审核": "editor",
    "党员义工": "member",
}


def chapter(slug):
    return next((c for c in CHAPTERS if c["slug"] == slug), None)


def shot_names():
    return {name for c in CHAPTERS for _, name in c["steps"]}
