import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Policy, PolicyTopic


@register(PolicyTopic)
class PolicyTopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Policy)
class PolicyTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "document", "source_title", "scope", "note")


# After the translation registration, so the history table gets every language's columns (see DESIGN.md).
simple_history.register(Policy)
