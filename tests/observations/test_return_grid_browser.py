"""The entry grid in a browser: a performance manager types a figure and saves the row;
htmx swaps the row in place; axe-core finds no WCAG 2.2 A/AA violation."""

import re

import pytest

from localperf.observations.models import Observation
from tests.browser.accessibility import assert_accessible
from tests.observations.kent_returns import kent_world

pytestmark = pytest.mark.browser


@pytest.fixture
def kent(live_reference):
    return kent_world()


def test_a_row_is_saved_in_place(page, kent):
    _, users, agreement, *_ = kent
    page.goto("/account/sign-in/")
    page.get_by_label("Username").fill(users["pm"].username)
    page.get_by_label("Password").fill("test-password-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/agreements/{agreement.pk}/")
    page.get_by_role("link", name="Enter figures for this agreement").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Figures for 2008/09"
    assert_accessible(page)
    page.get_by_label("Value of NI 112 for Kent, 2008/09").fill("41.5")
    page.get_by_role("button", name="Save NI 112 for Kent").click()
    page.get_by_role("status").filter(has_text="Saved").wait_for()
    assert Observation.objects.current().get().value == 41.5
    assert page.get_by_label("Value of NI 112 for Kent, 2008/09").input_value() == "41.5"
    assert_accessible(page)
