"""A new user finds NI 195 from the home page; every page visited is accessible."""

import re

from tests.browser.accessibility import assert_accessible


def test_new_user_searches_for_cleanliness_and_opens_ni_195(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_label("Search the National Indicator Set").fill("cleanliness")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url(re.compile(r"/indicators/\?q=cleanliness"))
    results = page.locator("#indicator-results")
    assert "2 indicators" in results.inner_text()
    assert_accessible(page)

    page.get_by_role(
        "link", name=re.compile("Improved street and environmental cleanliness \\(")
    ).click()
    page.wait_for_url(re.compile(r"/indicators/ni-195/$"))
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Improved street and environmental cleanliness")
    )
    assert "NI 195" in page.locator(".govuk-caption-l").inner_text()
    assert_accessible(page)


def test_filters_refresh_the_results_without_a_full_reload(page):
    """htmx swaps only the results; without JavaScript the button would submit the form."""
    page.goto("/indicators/")
    assert "198 indicators" in page.locator("#indicator-results").inner_text()
    page.get_by_label("First reported").select_option("deferred")
    page.wait_for_function(
        "() => document.querySelector('#indicator-results').innerText.includes('13 indicators')"
    )
    assert "first_year=deferred" in page.url
    assert_accessible(page)


def test_places_and_organisations_pages_are_accessible(page):
    for path in [
        "/places/",
        "/places/?q=bedford&include_ended=on",
        "/places/E10000016/",
        "/places/E12000001/",
        "/places/restructuring-2009/",
        "/places/population-groups/",
        "/organisations/",
        "/organisations/go-london/",
        "/account/sign-in/",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)


def test_the_accessibility_check_catches_a_violation(page):
    """The checker itself must be able to fail: an image without alt text is caught."""
    from tests.browser.accessibility import axe_violations

    page.goto("/")
    page.evaluate(
        "() => { const i = document.createElement('img'); i.src = 'x.png';"
        " document.querySelector('main').appendChild(i); }"
    )
    page.console_problems.clear()
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
    page.console_problems.clear()
