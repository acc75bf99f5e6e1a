"""The load benchmark's own parts: the floor it compares with, and how it judges the goals."""

import sys
from pathlib import Path

import pytest
from django.conf import settings

sys.path.insert(0, str(Path(settings.BASE_DIR)))

from bench import load  # noqa: E402
from bench.urls import FLOOR_BODY  # noqa: E402


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.PAGE_CACHE_SKIP_PATHS = [*settings.PAGE_CACHE_SKIP_PATHS, load.FLOOR_PATH]


def test_floor_is_a_constant_view_that_the_page_cache_never_handles(client, bench_urls, db):
    response = client.get(load.FLOOR_PATH)

    assert response.status_code == 200
    assert response.content == FLOOR_BODY
    assert "X-Page-Cache" not in response


def test_site_pages_answer_through_the_benchmark_urls(client, bench_urls, site_settings):
    assert client.get("/es/").status_code == 200


def test_bench_settings_skip_the_floor_in_the_page_cache():
    from bench import settings as bench_settings

    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert load.FLOOR_PATH in bench_settings.PAGE_CACHE_SKIP_PATHS


def run(rate, errors=0):
    return load.Run(requests=int(rate * 5), seconds=5, p50_ms=1, p90_ms=2, p99_ms=3, max_ms=4,
                    non_2xx_3xx=errors, socket_errors=0)  # fmt: skip


def page(name, rate, floor, errors=0):
    result = load.PageResult(name, "es", f"/es/{name}/", 200, 1000, run(rate, errors))
    result.ratio = rate / floor
    return result


def test_goals_name_the_pages_that_miss_them_and_count_errors_as_a_miss():
    cached = {"pages": [page("home", 900, 1000), page("faq", 600, 1000), page("search", 950, 1000, errors=1)]}
    uncached = {"pages": [page("home", 200, 1000), page("faq", 100, 1000), page("search", 160, 1000)]}

    hot, cold = load.goal_lines(cached, uncached)

    assert "met by 1 of 3 pages; not met: faq (0.60), search (0.95)" in hot
    assert "met by 2 of 3 pages; not met: faq (0.10)" in cold


def test_load_test_fails_on_any_error_timeout_failed_save_or_stale_page():
    passing = {"non_2xx": 0, "worker_timeouts": 0, "stale_pages": [], "save_failures": []}
    assert load.load_passed(passing)
    for key, bad in [("non_2xx", 1), ("worker_timeouts", 1), ("stale_pages", ["/es/"]), ("save_failures", ["x"])]:
        assert not load.load_passed({**passing, key: bad})


def test_quick_mode_is_small_and_short():
    args = load.parse_args(["--quick"])
    assert (args.size, args.duration, args.load_seconds) == ("small", 1, 10)
