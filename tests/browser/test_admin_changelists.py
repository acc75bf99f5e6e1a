"""Staff on a 1366 × 768 laptop: every changelist fits beside the sidebar and filters, in English and Spanish."""

import io

import pytest
from django.core.management import call_command

from tests.factories import SuperuserFactory
from tests.helpers import admin_path

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
CHANGELISTS = [
    "events/event/",
    "events/venue/",
    "policies/policy/",
    "policies/policytopic/",
    "outreach/faqentry/",
    "outreach/faqcategory/",
    "outreach/resource/",
    "outreach/factcheck/",
    "outreach/alert/",
]


@pytest.fixture
def staff_page(browser, live_server, transactional_db, request):
    call_command("seed_demo", stdout=io.StringIO())
    SuperuserFactory(username="coordinator")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale=request.param)
    page = context.new_page()
    page.goto(live_server.url + admin_path("login/"))
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + admin_path())
    yield page
    context.close()


@pytest.mark.parametrize("staff_page", ["en-US", "es-MX"], indirect=True)
def test_every_changelist_fits_a_laptop_screen_without_cut_off_columns_or_towering_titles(staff_page, live_server):
    page = staff_page
    for changelist in CHANGELISTS:
        page.goto(live_server.url + admin_path(changelist))
        overflow = page.eval_on_selector("#result_list", "table => table.scrollWidth - table.parentElement.clientWidth")
        assert overflow <= 0, f"{changelist} is {overflow} px too wide"
        # The first column (the title) wraps over at most three lines.
        lines = page.eval_on_selector_all(
            "#result_list tbody tr th a", "links => links.map(link => link.getClientRects().length)"
        )
        assert lines and max(lines) <= 3, (changelist, lines)
