"""
Light pages for phones with little data (README, "Size budgets"): the home page's HTML stays under its budget
with the demo content and on a busy day, in every language. The stylesheet's budget is in test_css.py.
"""

import io

import pytest
from django.core.management import call_command

from tests.factories import AlertFactory, EventFactory, VenueFactory, in_days

HOME_HTML_BUDGET = 25_000  # bytes, raw (uncompressed)
LONGEST_SUMMARY = 400  # events.Event.summary's max_length


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def busy_day(demo):
    """The demo, plus the alerts of a day when news broke and a long calendar of long-winded meetings."""
    for number, level in enumerate(["urgent", "urgent", "info", "info"]):
        AlertFactory(
            level=level,
            message_en=f"Alert {number}: " + "the meeting moved because of the storm; " * 7,
            message_es=f"Aviso {number}: " + "la reunión cambió de lugar por la tormenta; " * 6,
            link="/en/events/",
        )
    venue = VenueFactory(name_en="Our Lady of Guadalupe parish hall, side entrance", city="Grand Prairie")
    for day in range(1, 61):
        EventFactory(
            slug=f"busy-day-meeting-{day}",
            starts_at=in_days(day),
            venue=venue,
            title_en="Community meeting with the interim chief and the outreach team, questions welcome " + str(day),
            title_es="Reunión comunitaria con el jefe interino y el equipo de acercamiento, preguntas " + str(day),
            summary_en=("Ask anything. " * 40)[:LONGEST_SUMMARY],
            summary_es=("Pregunte lo que quiera. " * 20)[:LONGEST_SUMMARY],
            cancelled=day % 5 == 0,
        )


@pytest.mark.parametrize("path", ["/en/", "/es/"])
def test_home_page_html_is_within_budget_with_the_demo_content(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.content) <= HOME_HTML_BUDGET, len(response.content)


@pytest.mark.parametrize("path", ["/en/", "/es/"])
def test_home_page_html_is_within_budget_on_a_busy_day(client, busy_day, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode().count('class="alert-banner ') == 5  # the demo's alert and these four
    assert len(response.content) <= HOME_HTML_BUDGET, len(response.content)
