"""WCAG 2.1 AA on every public and portal page: axe-core (npm, pinned in tests/e2e/axe/package.json,
installed by scripts/install-axe.sh, served from node_modules — nothing from a CDN) runs on each
page of the demo at phone width and any violation fails, with the rule and the elements named."""

import subprocess
from pathlib import Path

import pytest

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
    .map(v => ({rule: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary)}))"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE_JS.exists():
        script = Path(__file__).resolve().parents[2] / "scripts" / "install-axe.sh"
        subprocess.run(["bash", str(script)], check=True, timeout=300)
    return AXE_JS.read_text()


def audit(page, url, axe_source):
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate(axe_source)  # evaluated by the browser's devtools: the site's CSP stays as it is
    return page.evaluate(RUN_AXE, WCAG_AA)


def test_every_public_and_portal_page_meets_wcag_21_aa(live_server, browser, axe_source):
    from publicity.demo import build_publicity_demo
    from publicity.models import CampaignPage, CommitmentWallPage, ServiceBrandPage, StoryPage
    from volunteer.demo import DEMO_PASSWORD, DemoBuilder, ensure_demo_accounts
    from volunteer.models import PartyMember, ServicePoint, ServiceRecord

    DemoBuilder().build()
    build_publicity_demo()
    ensure_demo_accounts()
    volunteer = PartyMember.objects.get(user__username="volunteer")
    record = ServiceRecord.objects.order_by("pk").first()
    ServiceRecord.objects.filter(pk=record.pk).update(member=volunteer)  # a record of their own to open
    point = ServicePoint.objects.order_by("pk").first()
    story = StoryPage.objects.live().first()
    public = [
        "/", "/stories/", story.url, f"/stories/?category={story.category}", "/brands/",
        ServiceBrandPage.objects.live().first().url, CampaignPage.objects.live().first().url,
        CommitmentWallPage.objects.live().first().url, "/search/", "/search/?q=党员义工", "/search/?q=没有这样的词",
        "/demand/", "/demand/status/", f"/e/{record.evaluation_token}/", "/verify/", "/portal/login/",
    ]
    portal = [
        "/portal/", "/portal/orders/", "/portal/checkin/", f"/portal/p/{point.public_code}/", "/portal/records/",
        f"/portal/records/{record.pk}/evaluate/", "/portal/deed/", "/portal/commitment/",
    ]

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    failures = []
    try:
        for path in public:
            failures += [(path, v) for v in audit(page, live_server.url + path, axe_source)]
        page.goto(f"{live_server.url}/portal/")  # to the login, and back here after it
        page.fill("input[name=username]", "volunteer")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button:has-text('登录')")
        page.wait_for_url(f"{live_server.url}/portal/")
        for path in portal:
            failures += [(path, v) for v in audit(page, live_server.url + path, axe_source)]
            assert "/portal/login/" not in page.url, path
    finally:
        context.close()
    report = "\n".join(f"{path}: {v['rule']} ({v['help']}), {len(v['nodes'])} 处\n    " + "\n    ".join(v["nodes"][:5])
                       for path, v in failures)
    assert not failures, f"WCAG 2.1 AA violations:\n{report}"
