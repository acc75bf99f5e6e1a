import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Guide, GuideStep


@register(Guide)
class GuideTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(GuideStep)
class GuideStepTranslationOptions(TranslationOptions):
    fields = ("title", "body", "what_to_bring", "how_long", "contact")


# After the translation registration, so the history table gets every language's columns (see DESIGN.md).
simple_history.register(Guide)
simple_history.register(GuideStep)
