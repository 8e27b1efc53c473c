"""Browser tests: Debian's Chromium, driven by playwright, against the live Django server on loopback."""

from __future__ import annotations

import os
import shutil

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run scripts/bootstrap.sh")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def staff_page(browser, live_server, django_user_model):
    django_user_model.objects.create_user("ann", password="a-long-password", is_staff=True)
    page = browser.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "ann")
    page.fill("input[name=password]", "a-long-password")
    page.click("button[type=submit]")
    yield page
    page.close()


def test_review_with_the_keyboard(staff_page, live_server, sent_requests, reply):
    from whoswatching.coding import services
    from whoswatching.coding.models import AcceptedCode

    campaign, requests = sent_requests
    first = reply(requests["northmoor"], "1. Yes, we use Hikvision cameras. 2. We do not use Dahua.")
    second = reply(requests["eastvale"], "The council does not use Hikvision or Dahua equipment.")
    for message in (first, second):
        services.reply_autocode(message)
    page = staff_page
    page.goto(f"{live_server.url}/staff/coding/?campaign={campaign.slug}")
    page.keyboard.press("n")
    page.wait_for_url(f"**/staff/coding/replies/{first.pk}/**")
    assert page.locator("mark.evidence").count() >= 1
    page.keyboard.press("a")  # accept the suggestion
    page.wait_for_url(f"**/staff/coding/replies/{second.pk}/**")
    assert AcceptedCode.objects.get(message=first).accepted_by == "ann"
    page.keyboard.press("c")  # edit: focus moves into the codes form
    assert page.evaluate("document.activeElement.closest('#codes-form') !== null")
    page.select_option("#f-uses_hikvision", "false")
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert AcceptedCode.objects.get(message=second).values["uses_hikvision"] is False
