from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from editorial.admin import (
    ContentHistoryAdmin,
    PublishableAdmin,
    ReadingLevelMixin,
    TranslatedContentAdmin,
    is_translator,
    localized_search_fields,
)
from editorial.fields import RichTextField

from .models import CertificationFigure, Guide, GuideStep


class GuideStepInline(ReadingLevelMixin, TranslationStackedInline):
    """
    Editors write the steps on the guide's own page. Translators read them here and translate each on its own
    page (linked), with the English beside their language, like any other item of the translation queue.
    """

    model = GuideStep
    fields = ["order", "title", "body", "what_to_bring", "how_long", "contact"]
    show_change_link = True
    classes = ["guide-steps"]
    reading_level_fields = ("body", "what_to_bring")
    # A few lines each: "what to bring" and "who to contact" are short lists, and a guide has several steps.
    # (Rich text is a TextField too: it keeps its editor.)
    formfield_overrides = {
        RichTextField: {},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }

    def get_extra(self, request, obj=None, **kwargs):
        return 3 if obj is None else 1

    def has_add_permission(self, request, obj=None):
        return not is_translator(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not is_translator(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not is_translator(request) and super().has_delete_permission(request, obj)


@admin.register(Guide)
class GuideAdmin(PublishableAdmin, ContentHistoryAdmin):
    list_display = ["title", "order", "status_badges"]
    list_filter = ["is_certification_guide", "translation_status"]
    ordering = ["order", "pk"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related_policies"]
    inlines = [GuideStepInline]
    reading_level_fields = ("summary",)
    fieldsets = [
        (_("Where it appears"), {"fields": ["slug", "order", "related_policies"]}),
        (_("U and T visa certification"), {"fields": ["is_certification_guide", "target_days"]}),
    ]
    search_fields = [*localized_search_fields("title", "summary"), "slug"]


@admin.register(GuideStep)
class GuideStepAdmin(TranslatedContentAdmin, ContentHistoryAdmin):
    """Each step on its own page: where the translation queue sends translators."""

    reading_level_fields = ("body", "what_to_bring")
    list_display = ["title", "guide", "order", "translation_status"]
    list_filter = ["translation_status", "guide"]
    list_select_related = ["guide"]
    ordering = ["guide__order", "guide", "order", "pk"]
    fieldsets = [(_("Where it appears"), {"fields": ["guide", "order"]})]
    search_fields = [*localized_search_fields("title"), "guide__slug"]


@admin.register(CertificationFigure)
class CertificationFigureAdmin(admin.ModelAdmin):
    list_display = ["__str__", "received", "certified", "denied", "median_days"]
    list_filter = ["year"]
    fields = ["year", "quarter", "received", "certified", "denied", "median_days"]
