from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext


def html(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def queries_for(client, url):
    """SQL queries one GET of `url` runs once the per-process caches are warm (site settings)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)
