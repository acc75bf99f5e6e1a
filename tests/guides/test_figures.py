"""
Certification figures on the certification guide (issue 13, point 5): the last quarters as a table and as charts
drawn on the server (inline SVG with a text alternative), in both languages; entered by editors only.
"""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from editorial import pagecache
from editorial.pagecache import STATUS_HEADER
from guides.charts import Series, bar_chart
from guides.models import CertificationFigure
from tests.factories import CertificationFigureFactory, GuideFactory, staff_in_role
from tests.helpers import admin_path, html, queries_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_settings")]

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def guide():
    return GuideFactory(certification=True, slug="u-and-t-visas", target_days=60)


def quarters(count, start_year=2020):
    """`count` quarters from the first of `start_year`, with numbers that differ from quarter to quarter."""
    return [
        CertificationFigureFactory(
            year=start_year + index // 4,
            quarter=index % 4 + 1,
            received=10 + index * 3,
            certified=5 + index * 2,
            denied=index,
            median_days=30 + index,
        )
        for index in range(count)
    ]


def page_of(client, guide, language="en"):
    with translation.override(language):
        return client.get(guide.get_absolute_url())


def table_rows(response):
    table = html(response).select_one("table.certification-table")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]


def svg_charts(response):
    return [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", response.content.decode(), re.DOTALL)]


def bars(chart, css_class):
    return [element for element in chart.iter(f"{SVG}rect") if css_class in element.get("class", "").split()]


# --- Table ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "first_quarter", "headers", "caption"),
    [
        (
            "en",
            "2020 Q3",
            ["Quarter", "Received", "Certified", "Denied", "Median days to decide"],
            "the last 8 quarters",
        ),
        (
            "es",
            "T3 2020",
            ["Trimestre", "Recibidas", "Certificadas", "Negadas", "Mediana de días para decidir"],
            "los últimos 8 trimestres",
        ),
    ],
)
def test_the_table_shows_the_last_eight_quarters_oldest_first(client, guide, language, first_quarter, headers, caption):
    figures = quarters(10)  # the first two are older than the last eight
    response = page_of(client, guide, language)

    page = html(response)
    table = page.select_one("table.certification-table")
    assert caption in table.caption.get_text(" ", strip=True)
    assert table.find_parent(role="region")["tabindex"] == "0"  # scrolls sideways on phones, by keyboard too
    assert [th.get_text(strip=True) for th in table.select("thead th")] == headers
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert all(row.th["scope"] == "row" for row in table.select("tbody tr"))
    rows = table_rows(response)
    assert len(rows) == 8
    assert rows[0][0] == first_quarter
    shown = figures[2:]
    assert [row[1:] for row in rows] == [
        [str(figure.received), str(figure.certified), str(figure.denied), str(figure.median_days)] for figure in shown
    ]
    totals = [cell.get_text(strip=True) for cell in table.select("tfoot td")]
    assert totals[:3] == [
        str(sum(getattr(figure, name) for figure in shown)) for name in ("received", "certified", "denied")
    ]


def test_a_quarter_with_no_decision_shows_a_dash_that_screen_readers_hear_as_words(client, guide):
    CertificationFigureFactory(year=2025, quarter=1, median_days=None)
    cell = html(page_of(client, guide)).select("table.certification-table tbody td")[-1]
    assert cell.get_text(" ", strip=True) == "— none decided"


# --- Text alternative and target -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "summary", "median", "target"),
    [
        (
            "en",
            "In the last 8 quarters (2020 Q1 to 2021 Q4) we received 164 requests, certified 96 and denied 28.",
            "In 2021 Q4, the latest quarter with decisions, the median time to decide was 37 days.",
            "Our target is 60 days.",
        ),
        (
            "es",
            "En los últimos 8 trimestres (del T1 2020 al T4 2021) recibimos 164 solicitudes, certificamos 96 "
            "y negamos 28.",
            "En el T4 2021, el trimestre más reciente con decisiones, la mediana del tiempo para decidir fue "
            "de 37 días.",
            "Nuestra meta es 60 días.",
        ),
    ],
)
def test_a_sentence_says_what_the_figures_show_with_the_target_beside_the_median(
    client, guide, language, summary, median, target
):
    quarters(8)
    response = page_of(client, guide, language)

    page = html(response)
    sentence = page.select_one(".certification-figures__summary").get_text(" ", strip=True)
    assert sentence == f"{summary} {median} {target}"
    times = page.select_one(".certification-times").get_text(" ", strip=True)
    assert "37" in times and "60" in times
    counts_chart, median_chart = svg_charts(response)
    assert counts_chart.find(f"{SVG}desc").text == summary
    assert median_chart.find(f"{SVG}desc").text == f"{median} {target}"


@pytest.mark.parametrize(
    ("language", "title"),
    [("en", "Median days to decide, per quarter"), ("es", "Mediana de días para decidir, por trimestre")],
)
def test_without_a_target_the_median_chart_draws_none_and_promises_none(client, guide, language, title):
    guide.target_days = None
    guide.save()
    quarters(4)

    response = page_of(client, guide, language)

    median_chart = svg_charts(response)[1]
    assert median_chart.find(f"{SVG}title").text == title
    assert not [line for line in median_chart.iter(f"{SVG}line") if line.get("class") == "chart__reference"]
    assert "target" not in html(response).select_one(".certification-figures").get_text().lower()
    assert "meta" not in html(page_of(client, guide, "es")).select_one(".certification-figures").get_text()


def test_without_figures_the_guide_says_so(client, guide):
    response = page_of(client, guide)
    assert "No figures yet." in html(response).select_one(".certification-figures").get_text()
    assert not svg_charts(response)
    assert (
        "Todavía no hay cifras." in html(page_of(client, guide, "es")).select_one(".certification-figures").get_text()
    )


def test_a_guide_that_is_not_about_certification_shows_no_figures(client):
    quarters(2)
    other = GuideFactory()
    assert not html(client.get(other.get_absolute_url())).select(".certification-figures")


# --- The charts --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "legend"),
    [("en", ["Received", "Certified", "Denied"]), ("es", ["Recibidas", "Certificadas", "Negadas"])],
)
def test_the_chart_is_accessible_svg_with_the_tables_values(client, guide, language, legend):
    figures = quarters(8)
    response = page_of(client, guide, language)

    counts_chart = svg_charts(response)[0]  # parses as XML
    assert counts_chart.get("role") == "img"
    title_id, desc_id = counts_chart.get("aria-labelledby").split()
    assert counts_chart.find(f"{SVG}title").get("id") == title_id
    assert counts_chart.find(f"{SVG}desc").get("id") == desc_id
    assert [text.text for text in counts_chart.iter(f"{SVG}text") if text.get("class") == "chart__legend"] == legend
    assert [int(bar.get("data-value")) for bar in bars(counts_chart, "chart__bar--received")] == [
        figure.received for figure in figures
    ]
    assert [int(bar.get("data-value")) for bar in bars(counts_chart, "chart__bar--denied")] == [
        figure.denied for figure in figures
    ]
    quarter_names = [tspan.text for tspan in counts_chart.iter(f"{SVG}tspan")]
    assert quarter_names[:2] == (["Q1", "2020"] if language == "en" else ["T1", "2020"])
    assert "style=" not in response.content.decode().split("<svg", 1)[1]


def test_bar_heights_are_proportional_to_the_values_from_a_common_baseline(client, guide):
    quarters(8)
    counts_chart, median_chart = svg_charts(page_of(client, guide))

    for chart in (counts_chart, median_chart):
        drawn = [bar for bar in chart.iter(f"{SVG}rect") if "chart__bar" in bar.get("class", "")]
        ratios = {
            round(float(bar.get("height")) / int(bar.get("data-value")), 3)
            for bar in drawn
            if int(bar.get("data-value"))
        }
        assert len(ratios) == 1
        baselines = {round(float(bar.get("y")) + float(bar.get("height")), 2) for bar in drawn}
        assert len(baselines) == 1


def test_the_target_is_drawn_across_the_median_chart_at_its_height(client, guide):
    quarters(8)
    median_chart = svg_charts(page_of(client, guide))[1]

    line = next(line for line in median_chart.iter(f"{SVG}line") if line.get("class") == "chart__reference")
    assert line.get("data-value") == "60"
    bar = bars(median_chart, "chart__bar--median")[0]  # 30 days
    baseline = float(bar.get("y")) + float(bar.get("height"))
    assert baseline - float(line.get("y1")) == pytest.approx(float(bar.get("height")) * 60 / 30, abs=0.02)
    assert "Target: 60 days" in [text.text for text in median_chart.iter(f"{SVG}text")]


def test_chart_text_is_escaped_and_the_svg_stays_well_formed():
    chart = bar_chart(
        chart_id="test-chart",
        title='Requests <script>alert("x")</script> & more',
        description="A < B",
        groups=[("<b>Q1</b>", ("<i>", "&"))],
        series=[Series("<Received>", "chart__bar--received", "#000", [3])],
    )
    tree = ET.fromstring(chart)
    assert tree.find(f"{SVG}title").text == 'Requests <script>alert("x")</script> & more'
    assert "<script>" not in chart


# --- Queries and the page cache ------------------------------------------------------------------------------------


def test_the_figures_cost_the_same_queries_with_eight_or_forty_quarters(client, guide):
    quarters(8)
    with_eight = queries_for(client, guide.get_absolute_url())
    quarters(32, start_year=2010)
    with_forty = queries_for(client, guide.get_absolute_url())
    assert with_forty == with_eight
    assert len(table_rows(page_of(client, guide))) == 8


def test_the_figures_are_read_in_one_query_of_at_most_eight_rows(client, guide):
    quarters(12)
    client.get(guide.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(guide.get_absolute_url())

    table = CertificationFigure._meta.db_table
    reads = [query["sql"] for query in queries.captured_queries if table in query["sql"]]
    assert len(reads) == 1
    assert re.search(r"LIMIT 8\b", reads[0])


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "guides-figures-tests"},
    }
    pagecache.page_cache().clear()


def test_the_page_cache_shows_a_quarter_as_soon_as_it_is_added(guide, page_cache_on):
    quarters(2)
    reader = Client()
    reader.get(guide.get_absolute_url())
    assert reader.get(guide.get_absolute_url())[STATUS_HEADER] == "hit"

    CertificationFigureFactory(year=2024, quarter=3, received=77)

    response = reader.get(guide.get_absolute_url())
    assert response[STATUS_HEADER] == "miss"
    assert table_rows(response)[-1][:2] == ["2024 Q3", "77"]


def test_the_page_cache_shows_a_quarter_an_editor_adds_in_the_admin(guide, page_cache_on):
    reader = Client()
    reader.get(guide.get_absolute_url())
    assert reader.get(guide.get_absolute_url())[STATUS_HEADER] == "hit"
    editor = Client()
    editor.force_login(staff_in_role("editor"))

    saved = editor.post(
        admin_path("guides/certificationfigure/add/"),
        {"year": 2025, "quarter": 2, "received": 41, "certified": 30, "denied": 4, "median_days": 52},
    )

    assert saved.status_code == 302
    assert CertificationFigure.objects.get(year=2025, quarter=2).received == 41
    assert table_rows(reader.get(guide.get_absolute_url()))[-1] == ["2025 Q2", "41", "30", "4", "52"]


# --- Who enters them --------------------------------------------------------------------------------------------------


def test_translators_cannot_see_or_add_the_figures(client):
    CertificationFigureFactory()
    client.force_login(staff_in_role("translator"))

    assert client.get(admin_path("guides/certificationfigure/")).status_code == 403
    assert client.get(admin_path("guides/certificationfigure/add/")).status_code == 403
    assert "certificationfigure" not in client.get(admin_path()).content.decode()


def test_a_quarter_is_entered_once(client):
    CertificationFigureFactory(year=2025, quarter=1)
    client.force_login(staff_in_role("editor"))

    response = client.post(
        admin_path("guides/certificationfigure/add/"),
        {"year": 2025, "quarter": 1, "received": 1, "certified": 1, "denied": 0},
    )

    assert response.status_code == 200
    assert CertificationFigure.objects.count() == 1
