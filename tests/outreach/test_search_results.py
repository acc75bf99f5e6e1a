"""What a resident sees on the search page: readable snippets, results grouped by kind, meetings with their date and
place (upcoming first, cancelled ones marked, a repeated meeting folded), and the query kept in the box."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation

from events.services import repeat_weekly
from outreach.search import MEETINGS_PER_SERIES, RESULTS_PER_KIND
from tests.factories import (
    EventFactory,
    FactCheckFactory,
    FaqEntryFactory,
    PolicyFactory,
    ResourceFactory,
    VenueFactory,
    in_days,
)
from tests.helpers import html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

SEARCH = {"en": "/en/search/", "es": "/es/buscar/"}
HEADINGS = {
    "en": ["Commitments and policies", "Questions", "Legal help", "Rumor control", "Meetings"],
    "es": ["Compromisos y políticas", "Preguntas", "Ayuda legal", "Verificación de rumores", "Reuniones"],
}


def page_for(client, language, query):
    return html(client.get(SEARCH[language], {"q": query}))


def groups(page):
    """[(heading, [result titles])] in the order shown."""
    return [
        (
            section.select_one("h2").contents[0].strip(),
            [a.get_text(strip=True) for a in section.select(".search-result h3 a")],
        )
        for section in page.select("main section")
        if section.select(".search-result")
    ]


def meetings(page):
    return page.select("main section:last-of-type .search-result")


def snippets(page):
    return [snippet.get_text() for snippet in page.select(".search-result__snippet")]


def url_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, **kwargs)


# --- Snippets ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_paragraphs_of_rich_text_stay_apart_in_the_snippet(client, language):
    FaqEntryFactory(
        **{
            f"question_{language}": "Un número",
            f"answer_{language}": "<p>Puede hablar</p><p>Llamar al 911</p><ul><li>uno</li><li>dos</li></ul>",
        }
    )
    [text] = snippets(page_for(client, language, "llamar"))
    assert "hablar Llamar" in text
    assert "hablarLlamar" not in text


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\n\n"])
def test_line_breaks_of_plain_text_stay_apart_in_the_snippet(client, language, newline):
    PolicyFactory(
        **{f"title_{language}": "Estatus migratorio", f"summary_{language}": f"No preguntamos su estatus.{newline}No"}
    )
    [text] = snippets(page_for(client, language, "preguntamos"))
    assert "estatus. No" in text
    assert "estatus.No" not in text


def test_the_index_holds_the_text_with_breaks_as_spaces():
    from outreach.models import SearchText

    PolicyFactory(title_en="Status", summary_en="Your status.\nNo papers.", body_en="<p>hablar</p><p>Llamar</p>")
    assert set(SearchText.objects.filter(entry__language="en").values_list("body", flat=True)) == {
        "Your status. No papers. hablar Llamar"
    }


# --- Grouped by kind -----------------------------------------------------------------------------------------


def one_of_each(word_en, word_es):
    EventFactory(title_en=f"{word_en} meeting", title_es=f"Reunión: {word_es}")
    FactCheckFactory(claim_en=f"{word_en} rumor", claim_es=f"Rumor: {word_es}")
    ResourceFactory(name_en=f"{word_en} lawyers", name_es=f"Abogados: {word_es}")
    FaqEntryFactory(question_en=f"{word_en} question", question_es=f"Pregunta: {word_es}")
    PolicyFactory(title_en=f"{word_en} policy", title_es=f"Política: {word_es}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_results_are_grouped_by_kind_policies_first_meetings_last(client, language):
    one_of_each("Immigration", "inmigración")
    FaqEntryFactory(question_en="Immigration again", question_es="Otra vez: inmigración")
    query = {"en": "immigration", "es": "inmigración"}[language]

    page = page_for(client, language, query)

    found = groups(page)
    assert [heading for heading, _titles in found] == HEADINGS[language]
    assert [len(titles) for _heading, titles in found] == [1, 2, 1, 1, 1]
    counts = [section.select_one("h2 span").get_text() for section in page.select("main section")]
    assert counts == ["(1)", "(2)", "(1)", "(1)", "(1)"]
    assert page.select_one("[role=status]").get_text(strip=True).startswith("6 ")


def test_a_kind_with_no_result_has_no_heading(client):
    FaqEntryFactory(question_en="Warrant question")
    assert groups(page_for(client, "en", "warrant")) == [("Questions", ["Warrant question"])]


def test_within_a_kind_the_best_match_comes_first(client):
    FaqEntryFactory(question_en="Other question", answer_en="<p>It mentions warrants, warrants and warrants.</p>")
    FaqEntryFactory(question_en="About warrants", answer_en="<p>Explained below.</p>")
    assert groups(page_for(client, "en", "warrants")) == [("Questions", ["About warrants", "Other question"])]


@pytest.mark.parametrize("language", ["en", "es"])
def test_key_commitments_and_their_exception_come_before_better_matching_policies(client, language):
    PolicyFactory(title_en="Warrants, warrants", title_es="Órdenes, órdenes", order=1)
    PolicyFactory(
        key_commitment=True, title_en="We do not ask", title_es="No preguntamos", body_en="<p>No warrant.</p>",
        body_es="<p>Sin orden.</p>",
    )  # fmt: skip
    PolicyFactory(exception=True, title_en="Except with a warrant", title_es="Salvo con una orden judicial")
    query = {"en": "warrant", "es": "orden"}[language]

    page = page_for(client, language, query)

    [(_heading, titles)] = groups(page)
    assert titles[-1] == {"en": "Warrants, warrants", "es": "Órdenes, órdenes"}[language]
    badges = [badge.get_text(strip=True) for badge in page.select(".search-result .policy-badge")]
    expected = {
        "en": ["Key commitment", "Exception to our commitments"],
        "es": ["Compromiso principal", "Excepción a nuestros compromisos"],
    }
    assert sorted(badges) == sorted(expected[language])


def test_many_matching_meetings_never_crowd_out_the_policies(client):
    for number in range(15):
        EventFactory(title_en=f"Immigration immigration meeting {number}", starts_at=in_days(number + 1))
    PolicyFactory(title_en="Policy", body_en="<p>About immigration, once.</p>")

    found = groups(page_for(client, "en", "immigration"))

    assert found[0] == ("Commitments and policies", ["Policy"])
    assert found[1][0] == "Meetings" and len(found[1][1]) == RESULTS_PER_KIND


# --- Meetings ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meeting_result_shows_its_date_time_and_place(client, language):
    venue = VenueFactory(city="Garland", name_en="Library", name_es="Biblioteca")
    event = EventFactory(title_en="Coffee with an officer", title_es="Café con un agente", venue=venue)
    query = {"en": "coffee", "es": "café"}[language]

    [result] = meetings(page_for(client, language, query))

    when = result.select_one(".search-result__meeting time")
    assert datetime.datetime.fromisoformat(when["datetime"]) == event.starts_at
    assert "7" in when.get_text()  # 7 p.m., in either language's format
    assert {"en": "Library", "es": "Biblioteca"}[language] in result.get_text()
    assert "Garland" in result.select_one(".search-result__meeting").get_text()


@pytest.mark.parametrize("language", ["en", "es"])
def test_upcoming_meetings_come_before_past_ones_which_are_labelled(client, language):
    EventFactory(title_en="Old safety meeting", title_es="Reunión de seguridad antigua", starts_at=in_days(-3))
    EventFactory(title_en="Next safety meeting", title_es="Próxima reunión de seguridad", starts_at=in_days(30))
    query = {"en": "safety", "es": "seguridad"}[language]

    results = meetings(page_for(client, language, query))

    assert [result.select_one("h3 a").get_text(strip=True)[:4] for result in results] == (
        ["Next", "Old "] if language == "en" else ["Próx", "Reun"]
    )
    past = {"en": "Past meeting", "es": "Reunión pasada"}[language]
    assert [past in result.get_text() for result in results] == [False, True]


@pytest.mark.parametrize("language", ["en", "es"])
def test_cancelled_and_postponed_meetings_are_marked(client, language):
    EventFactory(title_en="Coffee one", title_es="Café uno", cancelled=True, starts_at=in_days(1))
    EventFactory(title_en="Coffee two", title_es="Café dos", event_status="postponed", starts_at=in_days(2))
    EventFactory(title_en="Coffee three", title_es="Café tres", starts_at=in_days(3))
    query = {"en": "coffee", "es": "café"}[language]

    results = meetings(page_for(client, language, query))

    badges = [[badge.get_text(strip=True) for badge in result.select(".event-status")] for result in results]
    assert badges == ([["Cancelled"], ["Postponed"], []] if language == "en" else [["Cancelada"], ["Pospuesta"], []])


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_weekly_meeting_shows_its_next_three_copies_and_a_link_to_more(client, language):
    venue = VenueFactory(city="Mesquite")
    first = EventFactory(title_en="Coffee with an officer", title_es="Café con un agente", venue=venue)
    repeat_weekly(first, (first.starts_at + datetime.timedelta(weeks=9)).date())
    other = EventFactory(title_en="Coffee at the library", title_es="Café en la biblioteca", venue=venue)
    query = {"en": "coffee", "es": "café"}[language]

    page = page_for(client, language, query)

    results = meetings(page)
    titles = [result.select_one("h3 a").get_text(strip=True) for result in results]
    series = {"en": "Coffee with an officer", "es": "Café con un agente"}[language]
    assert titles.count(series) == MEETINGS_PER_SERIES
    assert {"en": other.title_en, "es": other.title_es}[language] in titles
    dates = [result.select_one("time")["datetime"] for result in results if series in result.get_text()]
    assert dates == sorted(dates)
    assert dates[0] == first.starts_at.isoformat()

    [more] = page.select(".search-result__more")
    assert more["href"] == url_in(language, "events:event-list") + "?" + urlencode({"city": "Mesquite"})
    label = {"en": "More meetings like this", "es": "Más reuniones como esta"}[language]
    assert more.get_text(strip=True) == f"{label}: {series}"  # the series named for screen readers
    listed = html(client.get(more["href"]))
    assert len([a for a in listed.select("main a") if a.get_text(strip=True) == series]) == 10


def test_a_series_that_is_over_links_to_the_past_meetings(client):
    venue = VenueFactory()
    first = EventFactory(title_en="Coffee with an officer", venue=venue, starts_at=in_days(-60))
    repeat_weekly(first, (first.starts_at + datetime.timedelta(weeks=4)).date())

    page = page_for(client, "en", "coffee")

    assert len(meetings(page)) == MEETINGS_PER_SERIES
    # The latest first: the most recent is the one a resident remembers.
    dates = [result.select_one("time")["datetime"] for result in meetings(page)]
    assert dates == sorted(dates, reverse=True)
    assert page.select_one(".search-result__more")["href"] == url_in("en", "events:event-archive")


def test_meetings_with_the_same_title_at_different_places_are_not_folded(client):
    for number in range(5):
        EventFactory(title_en="Coffee with an officer", starts_at=in_days(number + 1))
    page = page_for(client, "en", "coffee")
    assert len(meetings(page)) == 5
    assert not page.select(".search-result__more")


def test_a_series_with_no_more_copies_than_are_shown_has_no_link(client):
    first = EventFactory(title_en="Coffee with an officer")
    repeat_weekly(first, (first.starts_at + datetime.timedelta(weeks=2)).date())
    page = page_for(client, "en", "coffee")
    assert len(meetings(page)) == 3
    assert not page.select(".search-result__more")


def test_the_page_costs_the_same_queries_for_one_meeting_and_a_long_series(client):
    PolicyFactory(key_commitment=True, title_en="Coffee policy")
    FaqEntryFactory(question_en="Coffee question")
    first = EventFactory(title_en="Coffee with an officer")
    client.get("/en/search/?q=coffee")  # the site settings are cached from here on, as in production
    few = queries_for(client, "/en/search/?q=coffee")
    repeat_weekly(first, (first.starts_at + datetime.timedelta(weeks=30)).date())
    for number in range(20):
        EventFactory(title_en=f"Coffee {number}")
    # The page cache stamp and the alert banner, the index, and one query per kind found (three).
    assert queries_for(client, "/en/search/?q=coffee") == few <= 6


# --- The query box -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "query", ["inmigración", 'say "hello" & <b>bold</b>', "it's <script>alert(1)</script>", "nothingmatches"]
)
def test_the_query_box_keeps_the_query_escaped(client, language, query):
    FaqEntryFactory(question_en="Immigration", question_es="Inmigración")
    response = client.get(SEARCH[language], {"q": query})
    assert html(response).select_one("main input[name=q]")["value"] == query
    assert b"<b>bold" not in response.content
    assert b"<script>alert" not in response.content
