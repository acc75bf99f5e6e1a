from modeltranslation.translator import TranslationOptions, register

from .models import Alert, FactCheck, FaqCategory, FaqEntry, Resource, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("organization_name", "program_name", "tagline", "chief_message", "privacy_notice")


@register(FaqCategory)
class FaqCategoryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(FaqEntry)
class FaqEntryTranslationOptions(TranslationOptions):
    fields = ("question", "answer")


@register(Resource)
class ResourceTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Alert)
class AlertTranslationOptions(TranslationOptions):
    fields = ("message",)


@register(FactCheck)
class FactCheckTranslationOptions(TranslationOptions):
    fields = ("claim", "facts")
