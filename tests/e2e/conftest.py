"""Browser tests: Playwright (Python) driving Debian's /usr/bin/chromium — never a downloaded build."""

import os

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def admin_login(page, base_url, username, password):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")





@pytest.fixture(autouse=True)
def _migrated_data(live_server):
    """live_server's transactional tests flush every table afterwards, taking the rows that
    migrations created with them. (Serialized rollback cannot restore them here: Playwright's
    event loop gives Django a fresh connection object.) Recreate them with the same idempotent
    functions the migrations and `ensure_roles` / `ensure_site` use, before any data fixture."""
    from django.apps import apps

    from publicity.site_setup import ensure_site
    from volunteer.roles import ensure_roles

    ensure_roles(apps)
    ensure_site(apps)
