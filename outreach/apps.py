from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach program")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial import related
        from policies.models import Policy

        from . import checks, search  # noqa: F401 (checks registers the system checks)

        # The search index must follow every save and delete of searchable content, whoever makes it: the
        # admin's forms and actions, history reverts, services (duplicate, repeat weekly), commands, the shell,
        # deletes that cascade from a category or venue. Signals are the one place all of those pass through;
        # bulk writes (outreach/scale.py) rebuild the index themselves.
        for model in search.searchable_models():
            label = model._meta.label_lower
            post_save.connect(search.index_saved, sender=model, dispatch_uid=f"search-index-{label}")
            post_delete.connect(search.unindex_deleted, sender=model, dispatch_uid=f"search-unindex-{label}")
        for model in search.part_models():
            label = model._meta.label_lower
            post_save.connect(search.index_part_saved, sender=model, dispatch_uid=f"search-part-{label}")
            post_delete.connect(search.index_part_saved, sender=model, dispatch_uid=f"search-part-del-{label}")
        # A site with content but no index (upgraded to this version, or given a new language) is indexed then.
        post_migrate.connect(search.rebuild_after_migrate, sender=self, dispatch_uid="outreach-search-migrate")
        # The FAQ is this app's; the policy page lists the questions about it without knowing this app.
        related.register(
            Policy,
            "faq_entries",
            heading=_("Questions about this policy"),
            title_field="question",
            css_class="policy-faq",
            more_label=_("All questions and answers"),
            more_url=reverse_lazy("outreach:faq"),
        )
        # A policy's page lists the step-by-step guides that put it into practice.
        related.register(
            Policy,
            "guides",
            heading=_("Step by step"),
            title_field="title",
            css_class="policy-guides",
            more_label=_("All step-by-step guides"),
            more_url=reverse_lazy("guides:guide-list"),
        )
        # A guide ends with where to find free legal help: the resources are this app's.
        related.provide("guides:guide-detail", guide_legal_help)
        # A meeting's flyer carries the promises that make people come: the key commitments and the exception.
        related.provide("events:flyer", flyer_commitments)


# How many key commitments a flyer lists: it is one page, whatever the number of policies.
FLYER_COMMITMENTS = 4


def flyer_commitments():
    from policies.models import Policy

    published = Policy.objects.published()
    commitments = list(published.commitments()[:FLYER_COMMITMENTS])
    if not commitments:
        return None
    # Never a commitment without its exception beside it (README, "Policies and their history").
    return {
        "template": "policies/includes/flyer_commitments.html",
        "commitments": commitments,
        "exceptions": list(published.exceptions()[:1]),
    }


# How many free legal-help resources a guide lists before "all legal help".
GUIDE_LEGAL_HELP = 4


def guide_legal_help(guide):
    from .models import Resource

    resources = list(Resource.objects.published().free_legal_help()[: GUIDE_LEGAL_HELP + 1])
    if not resources:
        return None
    return {
        "template": "outreach/includes/guide_legal_help.html",
        "resources": resources[:GUIDE_LEGAL_HELP],
        "has_more": len(resources) > GUIDE_LEGAL_HELP,
    }
