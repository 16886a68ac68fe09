"""The entry grid in a browser, with and without JavaScript: a performance manager types
a page of figures, one of them wrong, and saves once; nothing is saved, the error
summary links to the field and the error sits beside it, every other figure is still
there; corrected, the page saves and says so. axe-core finds no WCAG 2.2 A/AA violation
at any step."""

import re

import pytest

from localperf.observations.models import Observation
from tests.browser.accessibility import assert_accessible
from tests.observations.kent_returns import kent_world

pytestmark = pytest.mark.browser


@pytest.fixture
def kent(live_reference):
    return kent_world()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def grid_page(request, browser, live_server, live_reference):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=request.param
    )
    page = context.new_page()
    # axe-core is a script: without JavaScript it runs on a copy of the page's markup in
    # a page that has it (``checked``), so the page as served without it is what is judged.
    axe_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    axe_page = axe_context.new_page()
    page.checked = (
        (lambda: assert_accessible(page))
        if request.param
        else (lambda: _markup_accessible(page, axe_page))
    )
    # Generous: the machine may be busy; nothing here waits on a timer.
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    yield page
    context.close()
    axe_context.close()
    assert not problems, f"console errors in the browser: {problems}"


def _markup_accessible(page, axe_page) -> None:
    if axe_page.url == "about:blank":
        axe_page.goto("/account/sign-in/")  # the site's origin: its styles apply
    axe_page.set_content(page.content())
    assert_accessible(axe_page)


def focused_id(page) -> str:
    return page.locator(":focus").get_attribute("id") or ""


def figure_box(page, code: str):
    return page.get_by_label(re.compile(rf"^Figure for 2008/09: {code}, Kent"))


def test_a_page_of_figures_with_one_error(grid_page, kent):
    page = grid_page
    _, users, agreement, *_ = kent
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(users["pm"].username)
    page.get_by_label("Password").fill("test-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("button", name="Enter figures", exact=True).click()  # the hub's action
    page.goto(page.url.split("?")[0] + "?period=2008/09")
    assert page.get_by_role("heading", level=1).inner_text() == "Figures for 2008/09"
    page.checked()

    # Keyboard alone: the figure boxes follow one another with Tab.
    figure_box(page, "NI 112").focus()
    page.keyboard.type("41.5")
    page.keyboard.press("Tab")
    assert focused_id(page).startswith("value-")
    page.keyboard.type("12,5")
    page.get_by_role("button", name="Save figures for 2008/09").click()

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert not Observation.objects.exists()  # one bad row: nothing saved
    link = summary.get_by_role("link", name=re.compile("NI 195, Kent: '12,5' is not a number"))
    assert page.locator(".govuk-error-message").count() == 1
    assert "is not a number" in page.locator(".govuk-form-group--error").inner_text()
    assert figure_box(page, "NI 112").input_value() == "41.5"  # nothing else lost
    assert figure_box(page, "NI 195").input_value() == "12,5"
    page.checked()
    bad_box = page.locator(".govuk-input--error")
    assert link.get_attribute("href") == "#" + bad_box.get_attribute("id")

    figure_box(page, "NI 195").fill("12.5")
    page.get_by_role("button", name="Save figures for 2008/09").click()
    page.get_by_text("2 figures saved for 2008/09.").wait_for()
    assert sorted(Observation.objects.current().values_list("value", flat=True)) == [12.5, 41.5]
    assert figure_box(page, "NI 112").input_value() == "41.5"
    assert page.get_by_role("link", name="Back to").first.is_visible()
    page.checked()
