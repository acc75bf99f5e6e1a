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
