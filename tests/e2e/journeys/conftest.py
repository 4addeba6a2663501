"""The walk: shared checks for every journey (tests/e2e/journeys/).

Every page a journey looks at goes through `walk.look(page, shot)`: it asserts no console error
or uncaught page error so far, no English in the visible text, nothing wider than the viewport,
records the page's load time and saves a screenshot (JOURNEY_SHOTS_DIR, default /tmp/journeys/).
With GUIDE_SHOTS=1 the shots named in tests/e2e/journeys/shots.py are also written, small, into
the 操作指南's image folder (`make guide`). The slowest pages per journey are printed at the end
of the session (a page over 2 s is a defect to report, not an assertion)."""

import os
import re
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from tests.e2e.journeys.shots import GUIDE_DIR, GUIDE_SHOTS


# One request at a time on the live server: the test database is SQLite in memory (shared cache),
# where two requests writing at once (the page editor's autosave beside its editing-session ping)
# fail at once with "database table is locked" instead of waiting as a real database does.
class OneRequestAtATime(WSGIServer):
    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)  # the server thread already uses the overridden connections


LiveServerThread.server_class = OneRequestAtATime

SHOTS_DIR = Path(os.environ.get("JOURNEY_SHOTS_DIR", "/tmp/journeys"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PASSWORD = "pass-for-tests-1"

# Words that stay as they are: format, brand and tech names, key caps, our own codes.
ALLOWED_WORDS = re.compile(
    r"(?i:\b(?:xlsx|xls|csv|pdf|png|jpe?g|svg|gbk|utf-8|utf8)\b)|\b(?:PDF|QR|ID|Excel|CSV|XLSX|XLS|API|URL|iCal|GeoJSON|ECharts|Wagtail|JSON|PNG|JPEG|JPG|GIF|SVG|WebP|HTML|"
    r"Ctrl|Alt|Shift|Esc|Enter|Cmd|Tab|WCAG|OK)\b"
    r"|\b(?:T|ORG|DY|XQ|D)-[A-Z0-9-]+\b|\b[A-Z0-9]{2,}-[A-Z0-9-]+\b"
)
# Addresses and paths shown as they are (a link to copy, /e/<token>/).
URLS = re.compile(r"\S*/\S*|\S+@\S+")
# A run of Latin: a word of three letters or more, or two words in a row.
ENGLISH = re.compile(r"[A-Za-z]{3,}|[A-Za-z]+\s+[A-Za-z]+")

_slowest = {}  # journey -> [(seconds, url)]


class Walk:
    def __init__(self, browser, journey):
        self.browser, self.journey = browser, journey
        self.errors, self.missed, self.allowed_names, self.contexts = [], [], set(), []
        self.timings = _slowest.setdefault(journey, [])
        self.dir = SHOTS_DIR / journey
        self.dir.mkdir(parents=True, exist_ok=True)

    # Pages -----------------------------------------------------------------------------
    def new_page(self, phone=False):
        options = dict(viewport=PHONE if phone else DESKTOP, locale="zh-CN", accept_downloads=True)
        if phone:
            options.update(is_mobile=True, has_touch=True)
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        return page

    def expect(self, ok, message):
        """An expectation the journey goes on past (so its later screens are still walked and
        shot); `done()` fails the test with every one that did not hold."""
        if not ok:
            self.missed.append(message)

    def done(self):
        assert not self.missed, "expectations not met:\n" + "\n".join(self.missed)

    def allow(self, *names):
        """Login names and other Latin a person typed in (shown back to them)."""
        self.allowed_names.update(n for n in names if n)

    def close(self):
        for context in self.contexts:
            context.close()

    # The checks ------------------------------------------------------------------------
    def english(self, page):
        text = page.evaluate("document.body ? document.body.innerText : ''")
        for name in sorted(self.allowed_names, key=len, reverse=True):
            text = text.replace(name, " ")
        text = ALLOWED_WORDS.sub(" ", URLS.sub(" ", text))
        return sorted({m.group(0) for m in ENGLISH.finditer(text)})

    def look(self, page, shot=None, *, full_page=False):
        """The checks a person's eyes make, on the page as it is now."""
        page.wait_for_load_state("load")
        timing = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n ? Math.max(n.loadEventEnd, n.domContentLoadedEventEnd) - n.startTime : 0 })()")
        self.timings.append((timing / 1000, page.url.split("//", 1)[-1].split("/", 1)[-1]))
        if shot:
            self.shot(page, shot, full_page=full_page)
        assert not self.errors, f"console errors: {self.errors}"
        english = self.english(page)
        assert not english, f"English on {page.url}: {english}"
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in a {widths[1]} px viewport"
        return page

    def goto(self, page, url, shot=None, **kwargs):
        page.goto(url)
        return self.look(page, shot, **kwargs)

    def shot(self, page, name, *, full_page=False):
        page.screenshot(path=str(self.dir / f"{name.replace('/', '-')}.png"), full_page=full_page)
        if name.startswith("guide/"):
            assert name[len("guide/"):] in GUIDE_SHOTS, f"{name} is not declared in tests/e2e/journeys/shots.py"
            if os.environ.get("GUIDE_SHOTS") == "1":
                save_guide_shot(page, name[len("guide/"):])


def save_guide_shot(page, name):
    """Small enough to commit: the viewport only, at most 1280 px wide, as an optimised JPEG."""
    import io

    from PIL import Image

    GUIDE_DIR.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    if image.width > 1280:
        image = image.resize((1280, round(image.height * 1280 / image.width)))
    image.save(GUIDE_DIR / f"{name}.jpg", "JPEG", quality=62, optimize=True, progressive=True)


@pytest.fixture
def walk(request, browser):
    journey = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    w = Walk(browser, journey)
    yield w
    w.close()


def login_admin(walk, page, base_url, username, shot=None):
    walk.allow(username)
    page.goto(f"{base_url}/admin/login/")
    walk.look(page)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return walk.look(page, shot)


def login_portal(walk, page, base_url, username, shot=None):
    walk.allow(username)
    page.goto(f"{base_url}/portal/")
    walk.look(page, shot)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('登录')")
    page.wait_for_url(f"{base_url}/portal/")
    return walk.look(page)


def pytest_terminal_summary(terminalreporter):
    if not _slowest:
        return
    terminalreporter.section("journeys: slowest pages")
    for journey, timings in _slowest.items():
        if timings:
            slowest = {}
            for seconds, url in timings:
                slowest[url] = max(seconds, slowest.get(url, 0))
            top = sorted(((s, u) for u, s in slowest.items()), reverse=True)[:3]
            line = "; ".join(f"/{url} {seconds:.2f} s" for seconds, url in top)
            flag = "  ← over 2 s" if top[0][0] > 2 else ""
            terminalreporter.write_line(f"{journey}: {line}{flag}")


def choose_member(page, field, name):
    """Pick a member in a Wagtail chooser (the 选择党员 button of a form field): open the modal,
    search by name, click the result."""
    wrapper = page.locator(f"[data-field-wrapper]:has(input[name='{field}']), .w-field__wrapper:has(input[name='{field}'])").first
    wrapper.locator("button:has-text('选择'), [data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-dialog, .modal").first
    modal.wait_for(state="visible")
    search = modal.locator("input[name=q]")
    if search.count():
        search.fill(name)
        page.wait_for_timeout(600)  # the chooser searches as one types
    modal.locator("a", has_text=name).first.click()
    modal.wait_for(state="hidden")
    page.wait_for_selector(".modal-backdrop", state="detached")  # the grey veil fades after the modal


def local_input(dt):
    """A datetime as a datetime-local input takes it, in Asia/Shanghai."""
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")
