"""
System checks for the content-model contract: what the translation queue, the edit-conflict check, the admin
and the publication rule rely on. `manage.py check` (and every test run) reports a model that breaks it.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import checks
from django.db import models
from modeltranslation.translator import translator

from .links import site_url_problem
from .models import PublishableContent, PublishableQuerySet, TranslatedContent


def _project_models():
    return [model for model in apps.get_models() if not model._meta.abstract]


@checks.register(checks.Tags.models)
def check_content_models(app_configs=None, **kwargs):
    errors = []
    registered = set(translator.get_registered_models(abstract=False))
    for model in _project_models():
        if app_configs is not None and model._meta.app_config not in app_configs:
            continue
        label = model._meta.label
        is_content = issubclass(model, TranslatedContent)
        if model in registered and not is_content:
            errors.append(
                checks.Error(
                    f"{label} has translated fields but does not subclass editorial.models.TranslatedContent.",
                    hint="The translation queue, fallback notices and edit-conflict check need its fields.",
                    obj=model,
                    id="editorial.E001",
                )
            )
        if is_content and model not in registered:
            errors.append(
                checks.Error(
                    f"{label} is translated content but registers no fields with modeltranslation.",
                    hint="Register it in the app's translation.py.",
                    obj=model,
                    id="editorial.E002",
                )
            )
        if issubclass(model, PublishableContent):
            errors += _publishable_errors(model)
    return errors


def _publishable_errors(model):
    errors = []
    label = model._meta.label
    if not isinstance(model._default_manager.get_queryset(), PublishableQuerySet):
        errors.append(
            checks.Error(
                f"{label}'s default manager does not return a PublishableQuerySet.",
                hint="Subclass PublishableQuerySet for the model's own queryset methods.",
                obj=model,
                id="editorial.E003",
            )
        )
    for name in model.visibility_boundaries:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 (FieldDoesNotExist, reported below)
            field = None
        if not isinstance(field, models.DateTimeField):
            errors.append(
                checks.Error(
                    f"{label}.visibility_boundaries names {name!r}, which is not a date-time field of the model.",
                    obj=model,
                    id="editorial.E004",
                )
            )
    return errors


@checks.register(checks.Tags.admin)
def check_content_admins(app_configs=None, **kwargs):
    from .admin import PublishableAdmin, TranslatedContentAdmin

    errors = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if issubclass(model, TranslatedContent) and not isinstance(model_admin, TranslatedContentAdmin):
            errors.append(
                checks.Error(
                    f"The admin of {label} is not a TranslatedContentAdmin.",
                    hint="Without it translators could change the source text and edits could overwrite each other.",
                    obj=type(model_admin),
                    id="editorial.E005",
                )
            )
        if issubclass(model, PublishableContent) and not isinstance(model_admin, PublishableAdmin):
            errors.append(
                checks.Error(
                    f"The admin of {label} is not a PublishableAdmin.",
                    hint="Publishing fields need the publish-state filter, column and the publishing permission.",
                    obj=type(model_admin),
                    id="editorial.E006",
                )
            )
    return errors


@checks.register()
def check_site_settings_model(app_configs=None, **kwargs):
    try:
        model = apps.get_model(settings.SITE_SETTINGS_MODEL)
    except (AttributeError, LookupError, ValueError):
        model = None
    if model is None or not callable(getattr(model, "load", None)):
        return [
            checks.Error(
                "SITE_SETTINGS_MODEL must name an installed model with a load() class method.",
                id="editorial.E007",
            )
        ]
    return []


# A deployment check, like Django's own security checks: `check --deploy` reports it, while commands that never
# write a link (makemigrations, migrate) run without a site address. The web server itself refuses to start
# without one (outreach/wsgi.py).
@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """In production every absolute link is built from SITE_URL (editorial.links): it must be there, and HTTPS."""
    if settings.DEBUG:
        return []
    if problem := site_url_problem():
        return [checks.Error(problem, id="editorial.E020")]
    if settings.SITE_URL.startswith("http://"):
        return [
            checks.Warning(
                "SITE_URL starts with http://: links, feeds and calendars will send residents to an unencrypted "
                "address. Use https:// in production.",
                id="editorial.W020",
            )
        ]
    return []


# Not tagged `database`: those run only when `check --database` is asked for.
@checks.register()
def check_replica(app_configs=None, **kwargs):
    """A standby is only read with PostgreSQL on both sides and a shared page cache, which notes the primary's log
    position for every content stamp (editorial.replicas): say so rather than ignore DATABASE_REPLICA_URL."""
    from . import pagecache, replicas

    if replicas.REPLICA not in settings.DATABASES:
        return []
    if not replicas.configured():
        return [
            checks.Warning(
                "DATABASE_REPLICA_URL is set, but the primary and the standby are not both PostgreSQL: every read "
                "goes to the primary.",
                id="editorial.W010",
            )
        ]
    if not isinstance(pagecache.stamps(), pagecache.CacheStamps):
        return [
            checks.Warning(
                "DATABASE_REPLICA_URL is set without a shared page cache (REDIS_URL): every read goes to the primary.",
                hint="Set REDIS_URL; the page cache notes the primary's log position there for the standby.",
                id="editorial.W011",
            )
        ]
    return []
