import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Event, Venue


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "directions", "accessibility_notes")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "description", "host", "status_note", "image_alt", "heard_notes")


# After the translation registration, so the history table gets every language's columns (see DESIGN.md).
simple_history.register(Event)
