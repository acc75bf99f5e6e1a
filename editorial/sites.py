"""
The site's admin: Django's AdminSite with the translation queue and the documents to fix as pages of their own and,
on its index, a "To do" box of work queues. Those two are built in; other apps add theirs (residents' questions)
with `add_work_queue()`. It is installed as Django's default admin site (`editorial.apps.EditorialAdminConfig`),
so every app registers its models with `admin.site` as usual.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Value
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import helpful, readability
from .documents import HOW_TO_FIX, documents_to_fix, has_checked_documents, with_document_problems
from .i18n import language_codes, language_name, target_languages
from .login import LockingAuthenticationForm
from .models import TranslationStatus
from .paging import page_of
from .roles import SOURCE_PERMISSION, content_models

QUEUE_PAGE_SIZE = 50
# The longest text the live reading level reads: a long answer, not a book.
READING_LEVEL_MAX_TEXT = 20_000


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


def pending(model):
    return model.objects.exclude(translation_status=TranslationStatus.COMPLETE).order_by()


def queue_counts(user, models=None):
    """{"missing": n, "outdated": n} over `models` (by default every model the user may change): one query."""
    counts = {TranslationStatus.MISSING: 0, TranslationStatus.OUTDATED: 0}
    queries = [
        pending(model).values_list("translation_status").annotate(total=Count("pk"))
        for model in (translatable_models(user) if models is None else models)
    ]
    if queries:
        for status, total in queries[0].union(*queries[1:], all=True):
            counts[status] += total
    return counts


def pending_keys(models):
    """(last change, model label, pk) of every item awaiting translation in `models`, oldest change first."""
    queries = [
        pending(model)
        .annotate(kind=Value(model_label(model), output_field=CharField()))
        .values_list("updated_at", "kind", "pk")
        for model in models
    ]
    return queries[0].union(*queries[1:], all=True).order_by("updated_at", "kind", "pk")


def document_models(user):
    """The models whose documents are checked, for editors who may change them (translators only translate)."""
    if not user.has_perm(SOURCE_PERMISSION):
        return []
    return [model for model in content_models() if has_checked_documents(model) and may_change(user, model)]


def helpful_queue_models(user):
    """The models whose pages ask "Was this page helpful?", for editors (translators only translate)."""
    if not user.has_perm(SOURCE_PERMISSION):
        return []
    return [model for model in helpful.helpful_models() if may_change(user, model)]


def document_counts(models):
    """{model label: items with a document to fix}: one query."""
    queries = [
        with_document_problems(model.objects.order_by())
        .annotate(kind=Value(model_label(model), output_field=CharField()))
        .values_list("kind")
        .annotate(total=Count("pk"))
        for model in models
    ]
    if not queries:
        return {}
    return dict(queries[0].union(*queries[1:], all=True))


def document_keys(models):
    """(last change, model label, pk) of every item with a document to fix in `models`, oldest change first."""
    queries = [
        with_document_problems(model.objects.order_by())
        .annotate(kind=Value(model_label(model), output_field=CharField()))
        .values_list("updated_at", "kind", "pk")
        for model in models
    ]
    return queries[0].union(*queries[1:], all=True).order_by("updated_at", "kind", "pk")


class CountedKeys:
    """A query whose number of rows is already known, for the paginator (a union cannot be counted cheaply)."""

    def __init__(self, queryset, count):
        self.queryset = queryset
        self.total = count

    def __len__(self):
        return self.total

    def __getitem__(self, index):
        return self.queryset[index]


class EditorialAdminSite(admin.AdminSite):
    site_header = _("Outreach site administration")
    site_title = _("Outreach admin")
    index_template = "admin/editorial/index.html"
    login_form = LockingAuthenticationForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._work_queues = [self.documents_work_queue, self.helpful_work_queue]

    def add_work_queue(self, queue):
        """`queue(request)` returns a `WorkQueue` for the index, or None when the user may not see it."""
        self._work_queues.append(queue)

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "locked", False):
            response.status_code = 429  # Too Many Requests: the lockout, not a wrong password
        return response

    def get_urls(self):
        urls = [
            path("translations/", self.admin_view(self.translation_queue), name="translation-queue"),
            path("documents/", self.admin_view(self.document_queue), name="document-queue"),
            path("least-helpful/", self.admin_view(self.helpful_queue), name="helpful-queue"),
            path("reading-level/", self.admin_view(self.reading_level), name="reading-level"),
        ]
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

    def documents_work_queue(self, request):
        models = document_models(request.user)
        if not models:
            return None
        count = sum(document_counts(models).values())
        return WorkQueue(
            label=_("Documents to fix"),
            url=reverse("admin:document-queue", current_app=self.name),
            summary=ngettext("%(count)d item", "%(count)d items", count) % {"count": count},
        )

    def helpful_work_queue(self, request):
        if not helpful_queue_models(request.user):
            return None
        return WorkQueue(
            label=_("Least helpful pages"),
            url=reverse("admin:helpful-queue", current_app=self.name),
            summary=_("What readers said in the last %(days)d days") % {"days": helpful.RECENT_DAYS},
        )

    def helpful_queue(self, request):
        """
        The pages readers found least helpful over the last days ("Was this page helpful?"), a page at a time: one
        query counts the ranked pages, one adds up the page's votes, one per kind of item loads them.
        """
        models = helpful_queue_models(request.user)
        if not models:
            raise PermissionDenied
        language = request.GET.get("language", "")
        if language and language not in language_codes():
            raise Http404("No such language")
        totals = helpful.recent_totals(models=models, language=language)
        page = page_of(request, totals, QUEUE_PAGE_SIZE)
        rows = list(page.object_list)
        loaded = helpful.load_items(rows)
        items = []
        for row in rows:
            obj = loaded.get((row["content_type"], row["object_id"]))
            if obj is None:
                continue  # deleted since: its counts go with it
            opts = obj._meta
            items.append(
                {
                    "object": obj,
                    "model_name": capfirst(opts.verbose_name),
                    "change_url": reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk], current_app=self.name
                    ),
                    "public_url": obj.get_absolute_url(),
                    "is_published": getattr(obj, "is_published", True),
                    "yes": row["yes_total"],
                    "no": row["no_total"],
                    "votes": row["votes"],
                    "share": round(100 * row["share"]),
                }
            )
        context = {
            **self.each_context(request),
            "title": _("Least helpful pages"),
            "items": items,
            "page_obj": page,
            "days": helpful.RECENT_DAYS,
            "min_votes": helpful.MIN_VOTES,
            # Readers of one language finding a page less helpful than the others may point at its translation.
            "languages": [(code, language_name(code)) for code in language_codes()],
            "chosen": language,
            "keep": f"{urlencode({'language': language})}&" if language else "",
        }
        return TemplateResponse(request, "admin/editorial/helpful_queue.html", context)

    def reading_level(self, request):
        """
        The reading level of the text a writer is typing (static/js/reading-level.js), as the line the form shows
        under the field: nothing is stored. POST, so the text is not written in any address or log.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        language = request.POST.get("language", "")
        if language not in language_codes():
            return HttpResponseBadRequest("Unknown language")
        text = request.POST.get("text", "")[:READING_LEVEL_MAX_TEXT]
        level = readability.reading_level(text, language, rich=request.POST.get("rich") == "true")
        response = HttpResponse(readability.reading_level_html(level))
        patch_cache_control(response, private=True, no_store=True)
        return response

    def document_queue(self, request):
        """
        Every item with an uploaded document that failed its accessibility check, oldest change first, a page at a
        time, built like the translation queue: its cost does not grow with the number of items.
        """
        models = document_models(request.user)
        if not models:
            raise PermissionDenied
        by_label = {model_label(model): model for model in models}
        total = sum(document_counts(models).values())
        page = page_of(request, CountedKeys(document_keys(models), total), QUEUE_PAGE_SIZE)
        wanted = {}
        for _changed, label, pk in page.object_list:
            wanted.setdefault(label, []).append(pk)
        loaded = {label: by_label[label].objects.in_bulk(pks) for label, pks in wanted.items()}
        items = []
        for _changed, label, pk in page.object_list:
            if pk not in loaded[label]:
                continue  # deleted in between
            obj, opts = loaded[label][pk], by_label[label]._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk], current_app=self.name)
            items.append(
                {
                    "object": obj,
                    "model_name": capfirst(opts.verbose_name),
                    "url": url,
                    "documents": [
                        {**document, "language": capfirst(document["language"]), "url": f"{url}#id_{document['field']}"}
                        for document in documents_to_fix(obj)
                    ],
                }
            )
        context = {
            **self.each_context(request),
            "title": _("Documents to fix"),
            "items": items,
            "page_obj": page,
            "total": total,
            "how_to_fix": HOW_TO_FIX,
        }
        return TemplateResponse(request, "admin/editorial/document_queue.html", context)

    def translation_queue(self, request):
        """
        Every item whose translation is missing or outdated, across all content, oldest change first, a page at a
        time: one query counts, one finds the page's items across all kinds, then one per kind on the page loads
        them, so the queue costs the same with 10 or 10,000 items waiting.
        """
        models = translatable_models(request.user)
        if not models:
            raise PermissionDenied
        chosen = request.GET.get("model", "")
        by_label = {model_label(model): model for model in models}
        if chosen and chosen not in by_label:
            raise Http404("No such content type")
        shown = [by_label[chosen]] if chosen else models
        counts = queue_counts(request.user, shown)
        page = page_of(request, CountedKeys(pending_keys(shown), sum(counts.values())), QUEUE_PAGE_SIZE)
        wanted = {}
        for _changed, label, pk in page.object_list:
            wanted.setdefault(label, []).append(pk)
        loaded = {label: by_label[label].objects.in_bulk(pks) for label, pks in wanted.items()}
        items = [
            self.queue_item(by_label[label], loaded[label][pk])
            for _changed, label, pk in page.object_list
            if pk in loaded[label]  # unless deleted in between
        ]
        context = {
            **self.each_context(request),
            "title": _("Translation queue"),
            "items": items,
            "page_obj": page,
            "models": [(model_label(model), capfirst(model._meta.verbose_name_plural)) for model in models],
            "chosen": chosen,
            # Carried from page to page by the page links (admin/editorial/includes/queue_pages.html).
            "keep": f"{urlencode({'model': chosen})}&" if chosen else "",
            "counts": counts,
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
