"""
The site's admin: Django's AdminSite with the translation queue as one of its pages and, on its index, a "To do"
box of work queues. The queue of translations is built in; other apps add theirs (residents' questions) with
`add_work_queue()`. It is installed as Django's default admin site (`editorial.apps.EditorialAdminConfig`), so
every app registers its models with `admin.site` as usual.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .i18n import language_name, target_languages
from .models import TranslationStatus
from .roles import content_models

QUEUE_LIMIT = 500


@dataclass
class WorkQueue:
    """One line of the admin index's "To do" box: "Residents' questions: 3 new"."""

    label: str
    url: str
    summary: str


def model_label(model):
    return model._meta.label_lower


def may_change(user, model):
    return user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")


def translatable_models(user):
    return [model for model in content_models() if model.translated_field_names() and may_change(user, model)]


def queue_counts(user):
    """{"missing": n, "outdated": n} over every model the user may change (one query a model)."""
    counts = {TranslationStatus.MISSING: 0, TranslationStatus.OUTDATED: 0}
    for model in translatable_models(user):
        rows = model.objects.exclude(translation_status=TranslationStatus.COMPLETE).values("translation_status")
        for row in rows.annotate(total=Count("pk")).order_by():
            counts[row["translation_status"]] += row["total"]
    return counts


class EditorialAdminSite(admin.AdminSite):
    site_header = _("Outreach site administration")
    site_title = _("Outreach admin")
    index_template = "admin/editorial/index.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._work_queues = []

    def add_work_queue(self, queue):
        """`queue(request)` returns a `WorkQueue` for the index, or None when the user may not see it."""
        self._work_queues.append(queue)

    def get_urls(self):
        urls = [path("translations/", self.admin_view(self.translation_queue), name="translation-queue")]
        return urls + super().get_urls()

    def index(self, request, extra_context=None):
        counts = queue_counts(request.user)
        translations = WorkQueue(
            label=_("Translation queue"),
            url=reverse("admin:translation-queue", current_app=self.name),
            summary=_("%(missing)s missing, %(outdated)s outdated") % counts,
        )
        queues = [translations, *(queue(request) for queue in self._work_queues)]
        context = {"work_queues": [queue for queue in queues if queue is not None], **(extra_context or {})}
        return super().index(request, context)

    def translation_queue(self, request):
        """Every item whose translation is missing or outdated, across all content, oldest change first."""
        models = translatable_models(request.user)
        if not models:
            raise PermissionDenied
        chosen = request.GET.get("model", "")
        if chosen and chosen not in {model_label(model) for model in models}:
            raise Http404("No such content type")
        items = []
        for model in models:
            if chosen and model_label(model) != chosen:
                continue
            pending = model.objects.exclude(translation_status=TranslationStatus.COMPLETE)
            items += [self.queue_item(model, obj) for obj in pending.order_by("updated_at", "pk")[:QUEUE_LIMIT]]
        items.sort(key=lambda item: item["object"].updated_at)
        context = {
            **self.each_context(request),
            "title": _("Translation queue"),
            "items": items[:QUEUE_LIMIT],
            "models": [(model_label(model), capfirst(model._meta.verbose_name_plural)) for model in models],
            "chosen": chosen,
            "counts": queue_counts(request.user),
        }
        return TemplateResponse(request, "admin/editorial/translation_queue.html", context)

    def queue_item(self, model, obj):
        opts = model._meta
        return {
            "object": obj,
            "model_name": capfirst(opts.verbose_name),
            "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk], current_app=self.name),
            "languages": [
                {
                    "name": language_name(code),
                    "status": TranslationStatus(obj.translation_status_for(code)).label,
                    "changed": [
                        capfirst(opts.get_field(field).verbose_name) for field, _old, _new in obj.source_changes(code)
                    ],
                }
                for code in target_languages()
            ],
        }
