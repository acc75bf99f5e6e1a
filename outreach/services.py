"""Site-core operations with side effects: residents' questions, their rate limit, and their retention."""

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from editorial import counters
from editorial.i18n import language_codes, localized_field
from editorial.publication import PublishStatus

from .models import Alert, AlertLevel, FaqCategory, FaqEntry, Question, QuestionState


def over_question_limit(request):
    """
    Count this submission against the sender's limit; True when they are over it. The count is in the database
    (editorial.counters), shared by every worker and server, under a keyed hash of the address, never the address.
    """
    return counters.over_address_limit(request, "ask", settings.ASK_RATE_LIMIT, settings.ASK_RATE_WINDOW_SECONDS)


def record_question(text, language, topic=None):
    return Question.objects.create(text=text, language=language, topic=topic)


@transaction.atomic
def convert_to_faq_draft(question):
    """An unpublished FAQ entry with the question in its language, for staff to answer and translate."""
    category = question.topic or FaqCategory.objects.order_by("order", "pk").first()
    if category is None:
        names = {}
        for code in language_codes():
            with translation.override(code):
                names[localized_field("name", code)] = gettext("Your questions")
        category = FaqCategory.objects.create(slug="residents-questions", **names)
    entry = FaqEntry(category=category, status=PublishStatus.DRAFT)
    setattr(entry, localized_field("question", question.language), question.text[:300])
    entry.save()
    question.state = QuestionState.CONVERTED
    question.faq_entry = entry
    question.save(update_fields=["state", "faq_entry"])
    return entry


def purge_expired_questions():
    """Delete what retention says must go. Returns how many questions were deleted."""
    deleted, _details = Question.objects.expired().delete()
    return deleted


def alert_for_called_off(events):
    """
    A published site alert, in every language, that these meetings are cancelled or postponed, linking the
    first one's page (which gives the reason and where to go instead). It goes when the last of them would have
    ended, so it never outlives the news.
    """
    events = sorted(events, key=lambda event: event.starts_at)
    first = events[0]
    alert = Alert(
        level=AlertLevel.URGENT,
        status=PublishStatus.PUBLISHED,
        ends_at=max(event.ends_at for event in events),
        link=first.get_absolute_url(),
    )
    for code in language_codes():
        with translation.override(code):
            values = {
                "title": getattr(first, localized_field("title", code)) or first.title,
                "when": formats.date_format(timezone.localtime(first.starts_at), "DATETIME_FORMAT"),
                "city": first.venue.city,
            }
            if first.is_cancelled:
                message = gettext("Cancelled: %(title)s, %(when)s, %(city)s.") % values
            else:
                message = gettext("Postponed: %(title)s, %(when)s, %(city)s.") % values
            if len(events) > 1:
                others = len(events) - 1
                message += " " + translation.ngettext(
                    "And %(count)d more meeting.", "And %(count)d more meetings.", others
                ) % {"count": others}
        setattr(alert, localized_field("message", code), message[: Alert._meta.get_field("message").max_length])
    alert.save()
    return alert
