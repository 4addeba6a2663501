"""群众需求's status counts sit in the listing header beside its buttons: all of them are readable,
none cut off by the buttons (desktop width)."""

from tests.e2e.conftest import admin_login

CLIPPED = """(el) => {
  const clipped = [];
  for (let node = el.parentElement; node && node.tagName !== 'HEADER'; node = node.parentElement) {
    if (node.scrollWidth > node.clientWidth + 1) clipped.push(node.className);
  }
  const box = el.getBoundingClientRect();
  for (const button of document.querySelectorAll('#w-slim-header-buttons a, #w-slim-header-buttons button')) {
    const b = button.getBoundingClientRect();
    if (b.width && b.left < box.right && b.right > box.left && b.top < box.bottom && b.bottom > box.top) clipped.push('overlaps ' + button.textContent.trim());
  }
  return clipped;
}"""


def test_demand_status_counts_are_not_cut_off_by_the_header_buttons(loop, live_server, page):
    loop.demand()
    admin_login(page, live_server.url, "comm_a1", "pass-for-tests-1")
    page.goto(f"{live_server.url}/admin/demands/")
    counts = page.locator("header .w-breadcrumbs__sublabel")
    assert counts.inner_text().split() == ["待受理", "1", "已受理", "0", "已立项", "0", "服务中", "0"]
    assert counts.is_visible()
    assert counts.evaluate(CLIPPED) == []
    page.screenshot(path="/tmp/shots/wt-admin/demand-header.png")
