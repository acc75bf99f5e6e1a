"""Gunicorn's logs keep no client address (gunicorn.conf.py, outreach/gunicorn_logging.py)."""

import pytest

from outreach.gunicorn_logging import without_addresses


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        (
            "Invalid request from ip=203.0.113.7: Invalid HTTP method",
            "Invalid request from ip=[address]: Invalid HTTP method",
        ),
        ("Invalid request from ip=2001:db8::7: bad", "Invalid request from ip=[address]: bad"),
        ("from ::1", "from [address]"),
        ("Listening at: http://127.0.0.1:8000 (12)", "Listening at: http://[address]:8000 (12)"),
        ("203.0.113.7:54321 closed", "[address]:54321 closed"),
        ("10.0.0.1, 10.0.0.2", "[address], [address]"),
    ],
)
def test_addresses_in_gunicorn_messages_are_replaced(line, logged):
    assert without_addresses(line) == logged


@pytest.mark.parametrize("line", ["Booting worker with pid: 1234", "at 12:30:05", "version 23.0.0", "cafe: beef"])
def test_other_numbers_are_left_alone(line):
    assert without_addresses(line) == line
