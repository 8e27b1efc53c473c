"""The /bodies/ filter form in a real Chromium: htmx swaps the results and pushes the URL; no JS still works."""

import pytest

from whoswatching.registry import services

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def loaded():
    """Bodies are loaded before the browser starts: Playwright's event loop forbids the ORM after."""
    services.registry_import("police_forces", commit=True)
    services.registry_import("councils", commit=True)


@pytest.fixture
def browser(loaded):
    sync_api = pytest.importorskip("playwright.sync_api")
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def test_filters_update_results_in_place(live_server, browser):
    page = browser.new_page()
    page.goto(f"{live_server.url}/bodies/")
    page.wait_for_function("window.htmx !== undefined")
    page.evaluate("window.__marker = 'same page'")  # survives only if there is no full reload
    with page.expect_response(lambda r: "sector=police" in r.url):
        page.select_option("#id_sector", "police")
    page.wait_for_selector("text=49 bodies match")
    assert "sector=police" in page.url
    assert page.evaluate("window.__marker") == "same page"
    with page.expect_response(lambda r: "q=scotland" in r.url):
        page.fill("#id_q", "scotland")
    page.wait_for_selector("text=1 bodies match")
    assert page.locator("table.bodies tbody tr").count() == 1
    assert page.locator("table.bodies").inner_text().count("Police Scotland") == 1


def test_form_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/bodies/")
    page.select_option("#id_nation", "uk")
    page.click("button[type=submit]")
    page.wait_for_selector("text=4 bodies match")
    assert "nation=uk" in page.url
    context.close()
