from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach program")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial import related
        from policies.models import Policy

        from . import checks  # noqa: F401 (registers the system checks)
        from .search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="outreach-sqlite-fold")
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
