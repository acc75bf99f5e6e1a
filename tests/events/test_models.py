import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tests.factories import EventFactory, in_days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_meeting_longer_than_a_week_is_refused_with_a_message_beside_its_end(language):
    event = EventFactory.build(venue=EventFactory().venue, starts_at=in_days(3), ends_at=in_days(11))

    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            event.full_clean()
        message = refused.value.message_dict["ends_at"][0]

    assert ("7 days" in message) if language == "en" else ("7 días" in message)


def test_a_meeting_of_exactly_a_week_is_accepted():
    event = EventFactory.build(venue=EventFactory().venue, starts_at=in_days(3))
    event.ends_at = event.starts_at + datetime.timedelta(days=7)

    event.full_clean()
